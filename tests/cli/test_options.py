"""options.py: an option shared by several commands reads and behaves the same in each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke


@pytest.mark.parametrize("command", ["export", "report"])
def test_output_and_force_read_alike(cli: Invoke, tiny: Path, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "-o, --output FILE Write to FILE instead of stdout." in lines
    assert "--force Overwrite FILE if it exists." in lines


@pytest.mark.parametrize("command", ["export", "report"])
def test_output_refuses_a_directory_before_any_work(
    cli: Invoke, tiny: Path, tmp_path: Path, command: str
) -> None:
    result = cli(command, "-o", str(tmp_path))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"Usage: tpmpath {command} [OPTIONS]\nTry 'tpmpath {command} -h' for help.\n\n"
        f"Error: Invalid value for '--output' / '-o': file '{tmp_path}' is a directory.\n",
    )

"""A progress file that is missing while its backup is there: every command says so, changes
are refused until `recover` restores it, and no save replaces the larger backup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.store.test_files import progress_file, tree


@pytest.fixture
def lost(cli: Invoke, tiny: Path, isolated: Path) -> Path:
    """Progress with a and b done, whose file was then deleted (its .bak has a done)."""
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0
    path = progress_file(isolated)
    path.unlink()
    return path


def warning(path: Path) -> str:
    return (
        f"Warning: {path} is missing, but its backup {path}.bak is there. "
        "Run `tpmpath recover` to restore it.\n"
    )


@pytest.mark.parametrize("args", [("status",), ("list",), ("next",), ("history",), ("report",)])
def test_every_read_says_so(cli: Invoke, lost: Path, isolated: Path, args: tuple[str, ...]) -> None:
    before = tree(isolated)
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(warning(lost))
    assert result.stderr.count("Warning:") == 1  # once, however often the state is read
    assert tree(isolated) == before


@pytest.mark.parametrize(
    "args", [("done", "c"), ("start", "c"), ("log", "talk", "--no-prompt"), ("undo",)]
)
def test_changes_are_refused_and_nothing_is_written(
    cli: Invoke, lost: Path, isolated: Path, args: tuple[str, ...]
) -> None:
    before = tree(isolated)
    result = cli(*args)
    assert result.exit_code == 1
    assert f"{lost} is missing, but its backup {lost}.bak is there; nothing was changed." in (
        result.stderr
    )
    assert "Run `tpmpath recover` to restore it" in result.stderr
    assert tree(isolated) == before


def test_import_is_refused_too(cli: Invoke, lost: Path, isolated: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_bytes(lost.with_name("tiny.json.bak").read_bytes())
    before = tree(isolated)
    result = cli("import", str(export))
    assert result.exit_code == 1
    assert "is missing, but its backup" in result.stderr
    assert tree(isolated) == before


def test_recover_restores_it_and_work_goes_on(cli: Invoke, lost: Path) -> None:
    result = cli("recover")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{lost} was missing; restored the last good backup {lost}.bak.\n"
    listed = json.loads(cli("list", "--json").stdout)
    assert [t["status"] for t in listed][:2] == ["done", "todo"]
    assert cli("done", "c").exit_code == 0
    assert "Warning" not in cli("status").stderr


def test_deleting_the_backup_too_starts_afresh(cli: Invoke, lost: Path) -> None:
    lost.with_name("tiny.json.bak").unlink()
    result = cli("done", "c")
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr


def test_recover_falls_back_to_a_kept_larger_backup(cli: Invoke, lost: Path) -> None:
    backup = lost.with_name("tiny.json.bak")
    kept = lost.with_name("tiny.json.bak.1")
    backup.rename(kept)
    backup.write_bytes(b"damaged")
    result = cli("recover")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{lost} was missing; restored the last good backup {kept}.\n"
        f"Earlier, larger backups are kept too: {kept}. `tpmpath import {kept}` merges in "
        "whatever events it holds that this file lacks.\n"
    )
    assert lost.read_bytes() == kept.read_bytes()

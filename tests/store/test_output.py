"""Files written with `-o FILE` (reports, exports, the starter curriculum): temporaries a killed
writer leaves, and the paths that must never be written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tpmpath.store import atomic

HOUR = 3600

KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from tpmpath.store import atomic

os.umask(0o022)
atomic.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # killed before the rename
atomic.write_output(Path(sys.argv[1]), "secret notes\\n", force=False, protected=[])
"""


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def age(path: Path, seconds: float) -> Path:
    """Set the file's times `seconds` into the past."""
    when = time.time() - seconds
    os.utime(path, (when, when))
    return path


def test_a_killed_writer_leaves_a_private_temporary_that_the_next_write_removes(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.md"
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], check=False)
    assert killed.returncode == -signal.SIGKILL
    [left] = leftovers(tmp_path)
    temporary = tmp_path / left
    assert (oct(temporary.stat().st_mode & 0o777), temporary.read_text()) == (
        "0o600",
        "secret notes\n",
    )
    assert not target.exists()

    age(temporary, 2 * HOUR)
    atomic.write_output(target, "# Report\n", force=False, protected=[])
    assert target.read_text() == "# Report\n"
    assert leftovers(tmp_path) == []


def test_only_old_temporaries_of_tpmpath_and_of_this_target_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "r[1].csv"  # glob characters in the name must not widen the match
    names = {
        "stale": ".r[1].csv.a1b2_c3d.tmp",
        "fresh": ".r[1].csv.e4f5g6h7.tmp",  # a writer may be at work on it
        "other target": ".r1.csv.a1b2c3d4.tmp",
        "not our name": ".r[1].csv.tmp",
        "longer name": ".r[1].csv.a1b2c3d4e.tmp",
        "a folder": ".r[1].csv.folder00.tmp",
    }
    for label, name in names.items():
        path = tmp_path / name
        if label == "a folder":
            path.mkdir()
        else:
            path.write_text(label)
        if label != "fresh":
            age(path, 2 * HOUR)
    link = tmp_path / ".r[1].csv.symlink0.tmp"
    link.symlink_to(tmp_path / "elsewhere")
    atomic.write_output(target, "a,b\r\n", force=False, protected=[])
    assert target.read_bytes() == b"a,b\r\n"
    assert leftovers(tmp_path) == sorted(
        [*(n for k, n in names.items() if k != "stale"), link.name]
    )


@pytest.mark.parametrize("command", [["export"], ["report"], ["report", "--format", "html"]])
def test_export_and_report_clean_up_after_a_killed_run(
    cli: Invoke, tiny: Path, tmp_path: Path, command: list[str]
) -> None:
    assert cli("done", "a", "--note", "private").exit_code == 0
    target = tmp_path / "out" / "file.json"
    target.parent.mkdir()
    stale = target.parent / ".file.json.abcd1234.tmp"
    stale.write_text("private")
    age(stale, 2 * HOUR)
    result = cli(*command, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert leftovers(target.parent) == []

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
from tpmpath.errors import OutputExistsError, StorageError
from tpmpath.store import atomic

HOUR = 3600

KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from tpmpath.store import atomic

os.umask(0o022)
atomic.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # killed before the rename
target = Path(sys.argv[1])
atomic.write_output(target, "secret notes\\n", force=False, protected=[], private_dirs=[])
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
    atomic.write_output(target, "# Report\n", force=False, protected=[], private_dirs=[])
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
    atomic.write_output(target, "a,b\r\n", force=False, protected=[], private_dirs=[])
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


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder holding a progress file, its backups and another profile's; a cache."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    for name in ("me/tiny.json", "me/tiny.json.v0.bak", "bob/tiny.json"):
        (data / "profiles" / name).parent.mkdir(parents=True, exist_ok=True)
        (data / "profiles" / name).write_text("precious")
    cache.mkdir()
    (cache / "entry.json").write_text("cached")
    return data, cache


def write_over(target: Path, folders: tuple[Path, Path]) -> None:
    atomic.write_output(target, "report", force=True, protected=[], private_dirs=list(folders))


@pytest.mark.parametrize(
    "name",
    [
        "data/profiles/me/tiny.json.v0.bak",
        "data/profiles/bob/tiny.json",
        "data/profiles/me/new-report.md",
        "data/report.md",
        "cache/entry.json",
        "cache/x/../report.md",
        "elsewhere/../data/profiles/bob/tiny.json",
    ],
)
def test_nothing_is_written_inside_the_data_or_cache_folder_even_with_force(
    tmp_path: Path, folders: tuple[Path, Path], name: str
) -> None:
    (tmp_path / "elsewhere").mkdir()
    before = sorted((p, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file())
    with pytest.raises(OutputExistsError) as caught:
        write_over(tmp_path / name, folders)
    folder = folders[0] if name.startswith(("data", "elsewhere")) else folders[1]
    assert caught.value.message == (
        f"Refusing to write {tmp_path / name}: it is inside {folder}, which tpmpath keeps for "
        "itself (progress, backups, caches)."
    )
    assert sorted((p, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()) == before


def test_symlinks_into_or_inside_the_data_folder_are_refused(
    tmp_path: Path, folders: tuple[Path, Path]
) -> None:
    data = folders[0]
    into = tmp_path / "into.json"
    into.symlink_to(data / "profiles" / "bob" / "tiny.json")
    out = data / "profiles" / "me" / "out.json"
    out.symlink_to(tmp_path / "outside.json")
    via_link = tmp_path / "data-link"
    via_link.symlink_to(data)
    for target in (into, out, via_link / "profiles" / "me" / "new.md"):
        with pytest.raises(OutputExistsError, match="Refusing to write"):
            write_over(target, folders)
    assert (data / "profiles" / "bob" / "tiny.json").read_text() == "precious"
    assert out.is_symlink() and not (tmp_path / "outside.json").exists()
    assert not (data / "profiles" / "me" / "new.md").exists()


def test_a_data_folder_given_through_a_symlink_is_still_protected(
    tmp_path: Path, folders: tuple[Path, Path]
) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(folders[0])
    with pytest.raises(OutputExistsError, match="Refusing to write"):
        atomic.write_output(
            folders[0] / "x.md", "r", force=True, protected=[], private_dirs=[alias]
        )


def test_a_file_beside_the_data_folder_is_fine(tmp_path: Path, folders: tuple[Path, Path]) -> None:
    for name in ("data.md", "data-report/r.md", "cache.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        write_over(tmp_path / name, folders)
        assert (tmp_path / name).read_text() == "report"


def test_a_loop_of_symlinks_is_a_clean_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(StorageError, match="Could not write .*loop: Too many levels of symbolic"):
        atomic.write_output(loop, "r", force=True, protected=[], private_dirs=[])

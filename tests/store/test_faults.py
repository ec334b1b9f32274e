"""Every path that writes progress, under a failing disk: a full disk, a failed fsync or rename
ends in one clear error, exit 1, and leaves every file byte-identical with no temporary behind.

tests/store/test_files.py runs `done` under the same faults; these are the other writers: recover
(of a damaged file and of a missing one), import (and its dry run, which must not even try to
write), backdated changes, and a profile folder that is a symlink.
"""

from __future__ import annotations

import errno
import os
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Invoke
from tests.store.test_files import progress_file, temporaries, tree
from tpmpath.store import atomic, backups

FAULTS = ["write", "fsync", "replace"]
Tree = dict[str, tuple[Any, ...]]


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make tpmpath's write path (and only it) fail at one call with ENOSPC."""

    def inject(where: str) -> None:
        def fail(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        broken = types.SimpleNamespace(**{**vars(os), where: fail})
        monkeypatch.setattr(atomic, "os", broken)
        monkeypatch.setattr(backups, "os", broken)

    return inject


def progress(cli: Invoke) -> Path:
    """Progress with a and b done (so a .bak exists too): its file."""
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0
    return Path(cli("where").stdout.strip())


def assert_failed_cleanly(result: Result, before: Tree, isolated: Path, folder: Path) -> None:
    assert result.exit_code == 1
    assert "No space left on device. Nothing was changed." in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert tree(isolated, dir_times=False) == before
    assert temporaries(folder) == []


@pytest.mark.parametrize("where", FAULTS)
def test_recover_of_a_damaged_file(
    cli: Invoke, tiny: Path, isolated: Path, full_disk: Callable[[str], None], where: str
) -> None:
    path = progress(cli)
    path.write_bytes(b'{"schema_version": 3, "curr')
    before = tree(isolated, dir_times=False)
    full_disk(where)
    assert_failed_cleanly(cli("recover"), before, isolated, path.parent)


@pytest.mark.parametrize("where", FAULTS)
def test_recover_of_a_missing_file(
    cli: Invoke, tiny: Path, isolated: Path, full_disk: Callable[[str], None], where: str
) -> None:
    path = progress(cli)
    path.unlink()
    before = tree(isolated, dir_times=False)
    full_disk(where)
    assert_failed_cleanly(cli("recover"), before, isolated, path.parent)


@pytest.mark.parametrize("where", FAULTS)
def test_import(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    tmp_path: Path,
    full_disk: Callable[[str], None],
    where: str,
) -> None:
    export = tmp_path / "other.json"
    assert cli("--profile", "other", "done", "c").exit_code == 0
    assert cli("--profile", "other", "export", "-o", str(export)).exit_code == 0
    path = progress(cli)
    before = tree(isolated, dir_times=False)
    full_disk(where)
    preview = cli("import", str(export), "--dry-run", "--force")
    assert preview.exit_code == 0, preview.output  # a dry run never tries to write
    assert "1 event" in preview.stderr + preview.stdout
    assert tree(isolated, dir_times=False) == before
    imported = cli("import", str(export), "--force")
    assert_failed_cleanly(imported, before, isolated, path.parent)


@pytest.mark.parametrize("where", FAULTS)
@pytest.mark.parametrize(
    "args",
    [
        ("done", "c", "--date", "2025-12-30"),
        ("log", "talk", "--no-prompt", "--date", "2025-12-30", "--at", "18:30"),
        ("note", "a", "read it again", "--date", "2025-12-30"),
    ],
    ids=["done", "log", "note"],
)
def test_backdated_changes(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    full_disk: Callable[[str], None],
    where: str,
    args: tuple[str, ...],
) -> None:
    monkeypatch.setenv("TPMPATH_NOW", "2026-01-05T09:00:00+00:00")
    path = progress(cli)
    before = tree(isolated, dir_times=False)
    full_disk(where)
    assert_failed_cleanly(cli(*args), before, isolated, path.parent)


@pytest.mark.parametrize("where", FAULTS)
def test_a_symlinked_profile_folder(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    tmp_path: Path,
    full_disk: Callable[[str], None],
    where: str,
) -> None:
    real = tmp_path / "elsewhere" / "default"
    real.mkdir(parents=True, mode=0o700)
    folder = progress_file(isolated).parent
    folder.parent.mkdir(parents=True, mode=0o700)
    folder.symlink_to(real, target_is_directory=True)
    progress(cli)
    before = tree(tmp_path / "elsewhere", dir_times=False)
    full_disk(where)
    assert_failed_cleanly(cli("done", "c"), before, tmp_path / "elsewhere", real)
    assert folder.is_symlink()

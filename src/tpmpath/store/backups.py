"""`<file>.bak`, the version before the last save, and `<file>.bak.N`, a backup kept because it
held more than the version that would have replaced it.

A save makes the file it replaces the new `.bak`. When that file is smaller than the `.bak`
already there, the replacement would lose history: the file was lost or cut short since (a
restore from an old copy, a sync engine putting back an early version, a deleted file started
afresh), and the old `.bak` may be the only copy of months of progress. That `.bak` is kept as
`.bak.1` (or the first free number) instead of being replaced. An undo of an import also shrinks
the file: its `.bak.N` is a spare copy, never a loss.
"""

from __future__ import annotations

import os
from pathlib import Path

from tpmpath.errors import ProgressFileError
from tpmpath.store.atomic import real_file, remove_quietly, write_temporary


def backup_path(path: Path) -> Path:
    """`<file>.bak`: the version before the last save."""
    return path.with_name(path.name + ".bak")


def kept_backups(path: Path) -> list[Path]:
    """The `<file>.bak.N` kept beside a progress file, lowest N first."""
    found = []
    for candidate in path.parent.glob(f"{path.name}.bak.*"):
        number = candidate.name.rpartition(".")[2]
        if number.isdigit() and not number.startswith("0"):
            found.append((int(number), candidate))
    return [candidate for _, candidate in sorted(found)]


def lost_backup(path: Path) -> Path | None:
    """The backup of a progress file that is missing (deleted, or lost to an interrupted copy):
    None when the file is there, or when nothing backs it up."""
    try:
        if os.path.lexists(path):
            return None
        where = real_file(path)
        for backup in [backup_path(where), *kept_backups(where)]:
            if os.path.lexists(backup):
                return backup
    except OSError:
        pass  # cannot be told: whatever reads or writes the file reports why
    return None


def refuse_if_lost(path: Path) -> None:
    """A change to a missing file whose backup is there would start afresh beside the learner's
    real progress (and two saves later replace the backup): refused until `recover`."""
    backup = lost_backup(path)
    if backup is not None:
        raise ProgressFileError(
            f"{path} is missing, but its backup {backup} is there; nothing was changed.",
            hint="Run `tpmpath recover` to restore it (or delete the backup to start afresh).",
        )


def stage_backup(path: Path) -> Path | None:
    """A hard link to the current version, to become `.bak` once the new one is in place."""
    staging = path.with_name(f".{path.name}.bak.tmp")
    remove_quietly(staging)
    try:
        os.link(path, staging)  # no copy: the old inode simply keeps a second name
    except FileNotFoundError:
        return None
    except OSError:  # a filesystem without hard links: copy instead
        try:
            return Path(write_temporary(path.parent, f"{path.name}.bak", path.read_bytes()))
        except OSError:
            return None  # the backup is a convenience; never fail a save for it
    return staging


def publish_backup(staged: Path, path: Path) -> None:
    """Rename the staged previous version to `<file>.bak`, first keeping a larger `.bak` as
    `.bak.N`; best effort (a save never fails for its backup)."""
    backup = backup_path(path)
    try:
        if os.stat(backup).st_size > os.stat(staged).st_size:
            _keep(backup, path)
    except OSError:
        pass  # no .bak yet (or it cannot be told): nothing to keep
    try:
        os.replace(staged, backup)
    except OSError:
        remove_quietly(staged)


def _keep(backup: Path, path: Path) -> None:
    """Rename `backup` to the first free `<file>.bak.N` (a hard link, so that no name is ever
    replaced: two savers cannot pick the same N)."""
    number = 1
    while True:
        kept = path.with_name(f"{path.name}.bak.{number}")
        try:
            os.link(backup, kept)
        except FileExistsError:
            number += 1
            continue
        return  # `.bak` itself is replaced by the caller: the old content lives on as `.bak.N`

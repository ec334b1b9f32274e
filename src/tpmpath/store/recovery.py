"""`tpmpath recover`: restore the last good backup of a damaged progress file.

The order keeps a good copy on disk at every moment: the backup is validated first, the damaged
file is copied aside, the backup is written over it, and only then is anything removed. An
interrupted recover leaves the damaged file (and perhaps its copy aside), never nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tpmpath.errors import ProgressFileError, StorageError, TpmpathError
from tpmpath.store.atomic import (
    Content,
    real_file,
    remove_stray_temporaries,
    write_atomic,
)
from tpmpath.store.backups import backup_path, kept_backups
from tpmpath.store.files import TooNewError, load, parse_progress, read_bytes
from tpmpath.store.locks import locked

Save = Callable[..., None]


def recover(path: Path, curriculum_id: str, now: datetime, *, save: Save) -> str:
    """Restore the last good `.bak` over a damaged progress file (kept aside), or start fresh.

    `save(path, data, backup=False)` is the store's one write path.
    """
    if not os.path.lexists(path):
        found = _good_backup(real_file(path), curriculum_id)
        if found is None:  # nothing to do: do not even create the data directory
            return _nothing_to_recover(path, exists=False)
        with locked(path):
            if not os.path.lexists(path):
                backup, restored = found
                save(path, restored, backup=False)
                return f"{path} was missing; restored the last good backup {backup}." + _kept(path)
    with locked(path) as held:
        if held:
            remove_stray_temporaries(path)
        try:
            loaded = load(path, curriculum_id)
        except TooNewError as error:
            raise TooNewError(
                error.message,
                hint="It is not damaged: upgrade tpmpath (`pip install -U tpmpath`) instead. "
                "The file was left untouched.",
            ) from None
        except ProgressFileError:
            pass  # damaged: dealt with below
        else:
            return _nothing_to_recover(path, loaded.exists)
        target = real_file(path)  # a symlinked progress file: recover what it points to
        found = _good_backup(target, curriculum_id)
        aside = _copy_aside(target, now)
        if found is None:
            _remove(target)
            return f"Copied the damaged file to {aside}; starting with empty progress." + _kept(
                path
            )
        backup, restored = found
        save(target, restored, backup=False)
        return (
            f"Copied the damaged file to {aside} and restored the last good backup {backup}."
            + _kept(path)
        )


def _kept(path: Path) -> str:
    """A word on the larger backups kept beside the file (store.backups), if any: importing one
    brings back what it holds that the restored file lacks."""
    kept = kept_backups(real_file(path))
    if not kept:
        return ""
    return (
        f"\nEarlier, larger backups are kept too: {', '.join(str(k) for k in kept)}. "
        f"`tpmpath import {kept[-1]}` merges in whatever events it holds that this file lacks."
    )


def _nothing_to_recover(path: Path, exists: bool) -> str:
    if exists:
        return f"{path} is valid: nothing to recover."
    return f"{path} does not exist: nothing to recover."


def _copy_aside(path: Path, now: datetime) -> Path:
    """Copy a damaged file to `<file>.corrupt-<time>`, never over an earlier one."""
    stamp = f"{now:%Y%m%dT%H%M%S}"
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while os.path.lexists(aside):
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        data: Content = path.read_bytes()
    except OSError as error:
        raise StorageError(
            f"Cannot read {path}: {error.strerror or error}. Nothing was changed.",
            hint=f"Check the permissions of {path.parent}.",
        ) from None
    write_atomic(aside, data)
    return aside


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StorageError(
            f"Cannot remove {path}: {error.strerror or error}.",
            hint=f"Check the permissions of {path.parent}.",
        ) from None


def _good_backup(path: Path, curriculum_id: str) -> tuple[Path, bytes] | None:
    """The last good backup of `path`: `.bak`, else the latest valid `.bak.N`."""
    for backup in [backup_path(path), *reversed(kept_backups(path))]:
        data = _valid(backup, curriculum_id)
        if data is not None:
            return backup, data
    return None


def _valid(backup: Path, curriculum_id: str) -> bytes | None:
    """The backup's bytes if it is a valid progress file for this curriculum, else None."""
    try:
        data = read_bytes(backup)
        if data is None:
            return None
        progress, _ = parse_progress(data, backup)
    except TpmpathError:
        return None
    return data if progress.curriculum_id == curriculum_id else None

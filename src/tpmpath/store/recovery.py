"""`tpmpath recover`: move a damaged progress file aside and restore the last good backup."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from tpmpath.errors import ProgressFileError, StorageError, TpmpathError
from tpmpath.store.atomic import (
    backup_path,
    locked,
    real_file,
    remove_stray_temporaries,
    write_atomic,
)
from tpmpath.store.files import TooNewError, load, parse_progress, read_bytes


def recover(path: Path, curriculum_id: str, now: datetime) -> str:
    """Move a damaged progress file aside and restore the last good `.bak`, or start fresh."""
    if not os.path.lexists(path):  # nothing to do: do not even create the data directory
        return _nothing_to_recover(path, exists=False)
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
        aside = _move_aside(target, now)
        backup = backup_path(target)
        restored = _good_backup(backup, curriculum_id)
        if restored is None:
            return f"Moved the damaged file to {aside}; starting with empty progress."
        write_atomic(target, restored)
        return f"Moved the damaged file to {aside} and restored the last good backup {backup}."


def _nothing_to_recover(path: Path, exists: bool) -> str:
    if exists:
        return f"{path} is valid: nothing to recover."
    backup = backup_path(path)
    extra = f" (an earlier version is kept in {backup})" if backup.exists() else ""
    return f"{path} does not exist: nothing to recover{extra}."


def _move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged file to `<file>.corrupt-<time>`, never over an earlier one."""
    stamp = f"{now:%Y%m%dT%H%M%S}"
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while os.path.lexists(aside):
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        os.rename(path, aside)
    except OSError as error:
        raise StorageError(
            f"Cannot move {path} aside: {error.strerror or error}. Nothing was changed.",
            hint=f"Check the permissions of {path.parent}.",
        ) from None
    return aside


def _good_backup(backup: Path, curriculum_id: str) -> bytes | None:
    """The backup's bytes if it is a valid progress file for this curriculum, else None."""
    try:
        data = read_bytes(backup)
        if data is None:
            return None
        progress, _ = parse_progress(data, backup)
    except TpmpathError:
        return None
    return data if progress.curriculum_id == curriculum_id else None

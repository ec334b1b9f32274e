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
    backup_path,
    real_file,
    remove_stray_temporaries,
    write_atomic,
)
from tpmpath.store.files import TooNewError, load, parse_progress, read_bytes
from tpmpath.store.locks import locked

Save = Callable[..., None]


def recover(path: Path, curriculum_id: str, now: datetime, *, save: Save) -> str:
    """Restore the last good `.bak` over a damaged progress file (kept aside), or start fresh.

    `save(path, data, backup=False)` is the store's one write path.
    """
    backup = backup_path(real_file(path))
    if not os.path.lexists(path):
        restored = _good_backup(backup, curriculum_id)
        if restored is None:  # nothing to do: do not even create the data directory
            return _nothing_to_recover(path, exists=False)
        with locked(path):
            if not os.path.lexists(path):
                save(path, restored, backup=False)
                return f"{path} was missing; restored the last good backup {backup}."
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
        restored = _good_backup(backup, curriculum_id)
        aside = _copy_aside(target, now)
        if restored is None:
            _remove(target)
            return f"Copied the damaged file to {aside}; starting with empty progress."
        save(target, restored, backup=False)
        return f"Copied the damaged file to {aside} and restored the last good backup {backup}."


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

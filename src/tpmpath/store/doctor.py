"""`tpmpath doctor`: what is wrong with the files of one profile's progress on one curriculum,
and `--fix` for what can be fixed without losing anything.

It looks for the copies a sync engine made when two devices wrote one file (a log, or a profile
file of settings: store.profile_files), logs and profile files that cannot be read, a log two
devices claim, this device's log gone while its backup is there, and temporaries a killed command
left. `--fix` folds the copies of logs into this device's own log (one batch `undo` reverts, like
an import) and the newest settings of the profile files' copies into this device's profile file,
then renames each copy `<name>.folded`; it never deletes data.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tpmpath.core.changes import merge_logs
from tpmpath.core.health import Checkup, Finding, LogInfo, Role
from tpmpath.core.models import Progress
from tpmpath.errors import StorageError, TpmpathError
from tpmpath.store import files, logs, profile_files
from tpmpath.store.atomic import STALE_OUTPUT_SECONDS, remove_quietly
from tpmpath.store.backups import lost_backup

if TYPE_CHECKING:
    from tpmpath.store.progress_store import ProgressStore


@dataclass(repr=False, eq=False)
class _Found:
    checkup: Checkup
    copies: dict[Path, Progress] = field(default_factory=dict)
    temporaries: list[Path] = field(default_factory=list)
    profile_copies: list[Path] = field(default_factory=list)


def check(store: ProgressStore) -> Checkup:
    """Every log and copy of the store's progress, and what needs attention."""
    return _examine(store).checkup


def _examine(store: ProgressStore) -> _Found:
    own, curriculum_id = store.path, store.curriculum.id
    found = _Found(Checkup(store.device, str(own)))
    read: dict[Path, Progress] = {}
    for log in _files(store.base, own):
        progress = _read(found, log, own, curriculum_id)
        if progress is not None:
            read[log.path] = progress
    logged = {
        e.id for p, progress in read.items() if p not in found.copies for e in progress.events
    }
    for path, copy in found.copies.items():
        new = sum(e.id not in logged for e in copy.events)
        found.checkup.findings.append(
            Finding(
                "conflicted-copy",
                str(path),
                f"{path.name} is a copy a sync engine made when two devices wrote one file"
                f"{_by(copy)}; {_new(new)}. `tpmpath doctor --fix` folds it in.",
                new,
            )
        )
    _claimed_twice(found.checkup, read, found.copies)
    found.profile_copies = _profile_files(found.checkup, store)
    _missing(found.checkup, own)
    found.temporaries = _temporaries(found.checkup, own)
    return found


def _files(base: Path, own: Path) -> list[logs.Log]:
    found = logs.candidates(base)
    if all(log.path != own for log in found) and (own.exists() or own.is_symlink()):
        found.insert(0, logs.Log(own, "log"))
    return found


def _read(found: _Found, log: logs.Log, own: Path, curriculum_id: str) -> Progress | None:
    """One file validated and listed; a damaged one is a finding (another curriculum's file
    that only looks like a copy by its name is left out)."""
    role: Role = "own" if log.path == own else "device"
    checkup = found.checkup
    try:
        progress = files.load(log.path, curriculum_id).progress
    except TpmpathError as error:
        if log.path != own and log.kind == "copy" and not logs.looks_like(log.path, curriculum_id):
            return None
        checkup.logs.append(LogInfo(str(log.path), "copy" if log.kind == "copy" else role))
        why = str(error).splitlines()[0].removeprefix(f"{log.path} ").rstrip(".")
        if log.path == own:
            message = f"{log.path.name} (this device's log) {why}: run `tpmpath recover`."
        else:
            whose = "a sync engine's copy" if log.kind == "copy" else "another device's log"
            message = (
                f"{log.path.name} ({whose}) {why}; it is skipped: repair it on the device that "
                "writes it, or move it away."
            )
        checkup.findings.append(Finding("damaged", str(log.path), message))
        return None
    misnamed = log.named is not None and progress.device not in (None, log.named)
    if log.path != own and (log.kind == "copy" or misnamed):
        role = "copy"
        found.copies[log.path] = progress
    checkup.logs.append(LogInfo(str(log.path), role, progress.device, len(progress.events)))
    return progress


def _by(copy: Progress) -> str:
    return f" (written by {copy.device})" if copy.device else ""


def _new(n: int) -> str:
    if n == 0:
        return "every event in it is in a log already"
    return f"{_count(n)} in it {'is' if n == 1 else 'are'} in no log"


def _count(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'}"


def _claimed_twice(
    checkup: Checkup, read: dict[Path, Progress], copies: dict[Path, Progress]
) -> None:
    """Two device logs whose heads name the same device: two machines share one device id."""
    claims: dict[str, list[Path]] = {}
    for path, progress in read.items():
        if path not in copies and progress.device:
            claims.setdefault(progress.device, []).append(path)
    for device, paths in claims.items():
        if len(paths) > 1:
            names = " and ".join(p.name for p in paths)
            checkup.findings.append(
                Finding(
                    "claimed-twice",
                    str(paths[-1]),
                    f"{names} both say they are the log of device {device}: two devices share "
                    "that id (a copied config folder, or the same TPMPATH_DEVICE). Give one of "
                    "them another id (TPMPATH_DEVICE, or delete its device.json); both files "
                    "are read meanwhile.",
                )
            )


def _profile_files(checkup: Checkup, store: ProgressStore) -> list[Path]:
    """The profile files' copies (each a finding; returned for --fix) and damaged files."""
    base = store.settings_file
    own = profile_files.own_file(base, store.device)
    try:
        found = profile_files.read_files(base, own)
    except TpmpathError as error:
        why = str(error).splitlines()[0].removeprefix(f"{own} ").rstrip(".")
        message = f"{own.name} (this device's profile file) {why}: set your settings again."
        checkup.findings.append(Finding("damaged", str(own), message))
        found = profile_files.read_files(base, own, frozenset([own]))
    for log, why in found.damaged:
        whose = "a sync engine's copy" if log.kind == "copy" else "another device's profile file"
        why = why.removeprefix(f"{log.path} ").rstrip(".")
        checkup.findings.append(
            Finding(
                "damaged",
                str(log.path),
                f"{log.path.name} ({whose}) {why}; it is skipped: repair it on the device that "
                "writes it, or move it away.",
            )
        )
    copies = [log.path for log, _ in found.read if log.kind == "copy"]
    for path in copies:
        newest = profile_files.newest_in(found, {path})
        holds = f"it holds the newest {_keys(newest)}" if newest else "nothing in it is newer"
        checkup.findings.append(
            Finding(
                "conflicted-copy",
                str(path),
                f"{path.name} is a copy a sync engine made when two devices wrote one profile "
                f"file (settings); {holds}. `tpmpath doctor --fix` folds it in.",
            )
        )
    return copies


def _keys(keys: list[str]) -> str:
    """Settings as `config` names them (hours-per-week)."""
    return ", ".join(key.replace("_", "-") for key in keys)


def _missing(checkup: Checkup, own: Path) -> None:
    """This device's log is gone but its backup is there (an interrupted recover, a sync)."""
    backup = lost_backup(own)
    if backup is not None:
        checkup.findings.append(
            Finding(
                "missing",
                str(own),
                f"{own.name} (this device's log) is missing but its backup "
                f"{backup.name} is there: run `tpmpath recover` to restore it.",
            )
        )


def _temporaries(checkup: Checkup, own: Path) -> list[Path]:
    """Temporaries of this device's log that a killed command left (an hour untouched)."""
    cutoff = time.time() - STALE_OUTPUT_SECONDS
    stale = []
    for path in sorted(own.parent.glob(f".{own.name}.*.tmp")) if own.parent.is_dir() else []:
        try:
            if path.stat().st_mtime < cutoff:
                stale.append(path)
        except OSError:
            continue
    for path in stale:
        checkup.findings.append(
            Finding(
                "stale-temporary",
                str(path),
                f"{path.name} is a temporary file a killed tpmpath left (its log is intact); "
                "`tpmpath doctor --fix` removes it.",
            )
        )
    return stale


def fix(store: ProgressStore, now: datetime) -> Checkup:
    """Fold the conflicted copies into this device's log, then move each aside as `.folded`;
    remove stale temporaries; what is left to do is in the returned checkup."""
    found = _examine(store)
    done: list[str] = []
    if found.copies:
        paths = sorted(found.copies)
        events = merge_logs([found.copies[p].events for p in paths])
        incoming = Progress(curriculum_id=store.curriculum.id, events=events)
        source = "doctor --fix: " + ", ".join(p.name for p in paths)
        store.skip = set(paths)  # what no device's log has is what the copies bring
        try:
            merge = store.import_(
                incoming, source, now, dry_run=False, force=True, keep_imports=True
            )
        finally:
            store.skip = set()
        if merge.count:
            added = _count(merge.count)
            done.append(f"Folded {added} into {store.path.name} (`tpmpath undo` reverts it).")
        else:
            done.append("Every event of the copies was in a log already.")
        for path in paths:
            done.append(f"Moved {path.name} aside as {_aside(path).name}.")
    if found.profile_copies:
        keys = profile_files.fold(store.settings_file, store.device, found.profile_copies)
        own = profile_files.own_file(store.settings_file, store.device)
        if keys:
            done.append(f"Folded the setting(s) {_keys(keys)} into {own.name}.")
        for path in found.profile_copies:
            done.append(f"Moved {path.name} aside as {_aside(path).name}.")
    for path in found.temporaries:
        remove_quietly(path)
        done.append(f"Removed {path.name}.")
    checkup = check(store)
    checkup.fixed = done
    return checkup


def _aside(path: Path) -> Path:
    """Rename a folded copy to `<name>.folded` (`.folded.2`, ... if taken); never over a file."""
    target = path.with_name(path.name + ".folded")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.folded.{n}")
    try:
        os.rename(path, target)
    except OSError as error:
        raise StorageError(
            f"Folded {path.name} in, but could not rename it: {error.strerror or error}.",
            hint="Its events are in this device's log now; move the file away by hand.",
        ) from None
    return target

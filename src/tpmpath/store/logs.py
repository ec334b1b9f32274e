"""The event logs of one profile's progress on one curriculum, one per device.

In a data dir that several devices sync, each device writes only a log of its own:

    <profile>/<curriculum>.json            the first device's (today's single-device layout)
    <profile>/<curriculum>@<device>.json   every other device's

Reading merges every log, and the copies a sync engine made when two devices wrote one file
anyway (Dropbox `C (conflicted copy ...).json`, Syncthing `C.sync-conflict-....json`, Google
Drive `C (1).json`, iCloud `C 2.json`, OneDrive `C-HOSTNAME.json`). A name only makes a file a
candidate: its head must name the curriculum too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal, NamedTuple

from tpmpath.core.models import Progress
from tpmpath.errors import ProgressFileError, TpmpathError
from tpmpath.store import files

Kind = Literal["log", "copy"]

_ID = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_COPY = (
    r" \([^()]*conflicted copy[^()]*\)"  # Dropbox
    r"|\.sync-conflict-[A-Za-z0-9-]+"  # Syncthing
    r"| \(\d+\)"  # Google Drive
    r"| \d+"  # iCloud
    r"|-[A-Za-z0-9._-]+"  # OneDrive: the host name
)


class Log(NamedTuple):  # not a frozen dataclass: that costs ~1 ms of every command's start
    """A file that holds events of this progress: a device's log, or a sync engine's copy."""

    path: Path
    kind: Kind
    named: str | None = None
    """The device the name says (`C@<device>.json`); None for `C.json` and copies."""


def log_path(base: Path, device: str) -> Path:
    """`C@<device>.json` beside `C.json`: the log of a device that does not write `C.json`."""
    return base.with_name(f"{base.stem}@{device}.json")


def classify(base: Path, name: str) -> Log | None:
    """What a file name beside `base` (`C.json`) is to its progress, from the name alone."""
    stem = base.stem
    if name == base.name:
        return Log(base, "log")
    if not name.startswith(stem) or not name.endswith(".json") or name.startswith("."):
        return None
    rest = name[len(stem) : -len(".json")]
    path = base.with_name(name)
    named = re.fullmatch(rf"@({_ID})", rest)
    if named and len(named[1]) <= 64 and ".sync-conflict-" not in named[1]:
        return Log(path, "log", named[1])
    if re.fullmatch(rf"(?:@{_ID})?(?:{_COPY})", rest):
        return Log(path, "copy")
    return None


def candidates(base: Path) -> list[Log]:
    """Every file in the folder whose name makes it a log or copy of `base`, by name."""
    try:
        names = sorted(os.listdir(base.parent))
    except OSError:  # no folder yet (nothing recorded), or unreadable: the own log says why
        return []
    found = [classify(base, name) for name in names]
    return [log for log in found if log is not None]


def head(path: Path) -> Progress:
    """What a log says about itself (everything but its events); TpmpathError if it is damaged
    or not a progress file."""
    found = files.read_head(path) if path.is_file() else None  # a FIFO would block a read
    if found is not None:
        return found
    data = files.read_bytes(path)
    if data is None:
        raise ProgressFileError(f"{path} is gone.")
    return files.parse_progress(data, path)[0].model_copy(update={"events": []})


def own_log(base: Path, device: str) -> Path:
    """The log this device writes: `C.json` when it is absent, unclaimed (written before devices
    were told apart: the first save claims it) or this device's; else `C@<device>.json`."""
    mine = log_path(base, device)
    try:
        if not (base.exists() or base.is_symlink()):
            return base
    except OSError:
        return base  # whoever reads it says why
    try:
        claimed = head(base).device
    except TpmpathError:
        # Damaged: this device's, unless it has a log of its own already or the damaged file's
        # first line names another device (another device's damage must not stop this one).
        named = re.search(rb'"device":"([^"]{1,64})"', _start(base).split(b"\n", 1)[0])
        elsewhere = named is not None and named[1] != device.encode()
        return mine if mine.exists() or elsewhere else base
    return base if claimed in (None, device) else mine


def claimed_by_another(data: bytes | None, path: Path, base: Path, device: str) -> bool:
    """Whether `C.json`, read under its lock, was claimed by another device meanwhile."""
    if data is None or path != base:
        return False
    end = data.find(b"\n")
    line = data[: end + 1] if end > 0 else b""
    if not line.endswith(b',"events":[\n'):
        return False  # not tpmpath's layout: read as this device's, as before
    try:
        claimed = Progress.model_validate_json(line[:-1] + b"]}").device
    except ValueError:
        return False
    return claimed not in (None, device)


def others(base: Path, own: Path, curriculum_id: str) -> tuple[list[Log], list[tuple[Log, str]]]:
    """The other logs and copies of this progress, confirmed by their heads; and those that
    cannot be read, each with why."""
    good: list[Log] = []
    bad: list[tuple[Log, str]] = []
    for log in candidates(base):
        if log.path == own:
            continue
        try:
            found = head(log.path)
        except TpmpathError as error:
            if log.kind == "log" or looks_like(log.path, curriculum_id):
                bad.append((log, str(error)))
            continue
        if found.curriculum_id == curriculum_id:
            good.append(log)
    return good, bad


def looks_like(path: Path, curriculum_id: str) -> bool:
    """Whether a damaged copy seems to be of this curriculum (its first bytes name it): a
    damaged file of another curriculum whose name looks like a copy is none of ours."""
    return f'"curriculum_id":"{curriculum_id}"'.encode() in _start(path).replace(b" ", b"")


def _start(path: Path) -> bytes:
    """A file's first 4 KiB (b"" if it cannot be read, or is no regular file)."""
    try:
        if not path.is_file():
            return b""
        with path.open("rb") as file:
            return file.read(4096)
    except OSError:
        return b""

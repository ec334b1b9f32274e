"""What the profiles hold: the curricula each has progress in, and its settings.

Settings belong to the profile, whatever the curriculum: `<profile>/_profile.json` and, in a
synced data dir, `_profile@<device>.json` (store.profile_files): names no curriculum id can take,
since ids start with a letter or a digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tpmpath.core import changes
from tpmpath.core.models import ID_PATTERN, Settings
from tpmpath.errors import ProgressFileError, StorageError
from tpmpath.store import files, logs

PROFILE_FILE = "_profile.json"
"""The first device's profile file; the others write `_profile@<device>.json` (see
store.profile_files, which reads and writes them)."""


def profile_file(progress_file: Path) -> Path:
    """The profile file beside a progress file of that profile."""
    return progress_file.parent / PROFILE_FILE


def learner_id(progress_file: Path) -> str:
    """The profile's learner id: the one its other progress files have (other curricula, other
    devices' logs), or a new one."""
    for sibling in sorted(progress_file.parent.glob("*.json")):
        if sibling != progress_file:
            found = files.read_head(sibling)
            if found is not None and found.learner_id:
                return found.learner_id
    return changes.new_id()  # through the module: tests make ids predictable


def read_settings(path: Path) -> Settings | None:
    """The profile's settings, every device's profile file read (None: it has none yet)."""
    from tpmpath.store import devices, profile_files

    return profile_files.read(path, devices.current())[0]


@dataclass(repr=False, eq=False)
class Holding:
    """One progress file of a profile, in a line (a damaged one says why in `error`)."""

    curriculum_id: str
    path: Path
    version: str | None = None
    events: int = 0
    last_activity: datetime | None = None
    error: str | None = None


def profile_names() -> list[str]:
    """The profiles that exist: the folders under `<data dir>/profiles/`, sorted by name."""
    folder = files.data_dir() / "profiles"
    if not folder.is_dir():
        return []
    return sorted(entry.name for entry in folder.iterdir() if entry.is_dir())


def curricula(profile: str) -> list[Holding]:
    """Every curriculum `profile` has progress in, by curriculum id: one line for all its
    devices' logs (store.logs), their events counted once."""
    folder = files.progress_path(profile, "x").parent
    if not folder.is_dir():
        return []
    held: dict[str, Holding] = {}
    ids: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.json")):
        if logs.classify(folder / PROFILE_FILE, path.name) is not None:
            continue  # a profile file (any device's, or a copy of one)
        holding, events = _describe(path)
        key = holding.curriculum_id
        if key not in held or held[key].error is not None:
            held[key], ids[key] = holding, set()
        elif holding.error is None:  # another device's log of the same curriculum
            known = held[key]
            latest = [t for t in (known.last_activity, holding.last_activity) if t]
            known.last_activity = max(latest, default=None)
            known.path = min(known.path, path, key=lambda p: (len(p.name), p.name))
        ids[key].update(events)
        held[key].events = len(ids[key]) or held[key].events
    return list(held.values())


def _describe(path: Path) -> tuple[Holding, set[str]]:
    try:
        data = files.read_bytes(path) or b""
        progress, _ = files.parse_progress(data, path)
    except (ProgressFileError, StorageError) as error:
        return Holding(path.stem, path, error=error.message), set()
    holding = Holding(
        progress.curriculum_id,
        path,
        version=progress.curriculum_version,
        events=len(progress.events),
        last_activity=progress.events[-1].at if progress.events else None,
    )
    return holding, {e.id for e in progress.events}


@dataclass(repr=False, eq=False)
class Profile:
    """A profile and its progress files."""

    name: str
    held: list[Holding]

    @property
    def events(self) -> int:
        """Changes recorded, over all its curricula."""
        return sum(h.events for h in self.held)

    @property
    def last_activity(self) -> datetime | None:
        """When its latest change happened, whatever the curriculum."""
        return max((h.last_activity for h in self.held if h.last_activity), default=None)


def profiles() -> list[Profile]:
    """Every profile in the data dir, by name (folders that are no profile name are left out)."""
    folder = files.profiles_dir()
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.iterdir() if p.is_dir() and _is_profile(p.name))
    return [Profile(name, curricula(name)) for name in names]


def _is_profile(name: str) -> bool:
    return len(name) <= 100 and re.fullmatch(ID_PATTERN, name) is not None

"""What the profiles hold: the curricula each has progress in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tpmpath.core.models import ID_PATTERN
from tpmpath.errors import ProgressFileError, StorageError
from tpmpath.store import files


@dataclass(frozen=True)
class Holding:
    """One progress file of a profile, in a line (a damaged one says why in `error`)."""

    curriculum_id: str
    path: Path
    version: str | None = None
    events: int = 0
    last_activity: datetime | None = None
    error: str | None = None


def curricula(profile: str) -> list[Holding]:
    """Every progress file of `profile`, by curriculum id."""
    folder = files.progress_path(profile, "x").parent
    if not folder.is_dir():
        return []
    return [_describe(path) for path in sorted(folder.glob("*.json"))]


def _describe(path: Path) -> Holding:
    try:
        data = files.read_bytes(path) or b""
        progress, _ = files.parse_progress(data, path)
    except (ProgressFileError, StorageError) as error:
        return Holding(path.stem, path, error=error.message)
    return Holding(
        progress.curriculum_id,
        path,
        version=progress.curriculum_version,
        events=len(progress.events),
        last_activity=progress.events[-1].at if progress.events else None,
    )


@dataclass(frozen=True)
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

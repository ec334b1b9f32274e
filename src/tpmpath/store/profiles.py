"""What a profile holds: the curricula it has progress in; which profiles exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


def profile_names() -> list[str]:
    """The profiles that exist: the folders under `<data dir>/profiles/`, sorted by name."""
    folder = files.data_dir() / "profiles"
    if not folder.is_dir():
        return []
    return sorted(entry.name for entry in folder.iterdir() if entry.is_dir())


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

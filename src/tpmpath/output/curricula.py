"""Results of the curriculum commands: `curriculum validate`, `curriculum init`, `curricula`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from tpmpath.output.emit import Notice


@dataclass(repr=False, eq=False)
class CurriculumValid(Notice):
    """`curriculum validate FILE` found no problem (problems are an error, not a result)."""

    file: Path

    def data(self) -> object:
        return {"file": str(self.file), "valid": True}

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [f"{self.file} is a valid curriculum."]


@dataclass(repr=False, eq=False)
class StarterWritten(Notice):
    """`curriculum init FILE` wrote the starter curriculum: what to do with it next."""

    file: Path

    def data(self) -> object:
        return {"file": str(self.file)}

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [
            f"Wrote {self.file}. Edit it, check it with `tpmpath curriculum validate {self.file}`,",
            f"and use it with `tpmpath --curriculum {self.file} status`.",
        ]


class Holding(Protocol):
    """One progress file of a profile, as the store describes it (store.profiles.Holding)."""

    @property
    def curriculum_id(self) -> str: ...
    @property
    def path(self) -> Path: ...
    @property
    def version(self) -> str | None: ...
    @property
    def events(self) -> int: ...
    @property
    def last_activity(self) -> datetime | None: ...
    @property
    def error(self) -> str | None:
        """Why the file could not be read (None when it could)."""


@dataclass(repr=False, eq=False)
class Curricula:
    """`curricula`: a line per progress file of the profile; a damaged one says why."""

    profile: str
    held: Sequence[Holding]

    def data(self) -> object:
        return [
            {
                "curriculum_id": h.curriculum_id,
                "path": str(h.path),
                "version": h.version,
                "events": h.events,
                "last_activity": h.last_activity.isoformat() if h.last_activity else None,
                "error": h.error,
            }
            for h in self.held
        ]

    def text(self) -> str:
        return "\n".join(_line(h) for h in self.held)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json or self.held:
            return []
        return [f"Profile '{self.profile}' has no progress yet."]


def _line(held: Holding) -> str:
    if held.error:
        return f"{held.curriculum_id:<24} damaged: {held.error}"
    last = held.last_activity.date().isoformat() if held.last_activity else "never"
    return (
        f"{held.curriculum_id:<24} v{held.version or '?':<10} {held.events:>6} changes, last {last}"
    )

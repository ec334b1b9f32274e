"""The result of `profiles`: every profile, its progress on the curriculum in use, its last
activity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tpmpath.core.progress import Summary
from tpmpath.output import render
from tpmpath.output.curricula import Holding


class Profile(Protocol):
    """A profile and its progress files, as the store describes it (store.profiles.Profile)."""

    @property
    def name(self) -> str: ...
    @property
    def held(self) -> Sequence[Holding]: ...
    @property
    def events(self) -> int: ...
    @property
    def last_activity(self) -> datetime | None: ...


@dataclass(repr=False, eq=False)
class ProfileRow:
    """A profile, and its overall summary on the curriculum in use (None: no progress on it)."""

    profile: Profile
    overall: Summary | None


@dataclass(repr=False, eq=False)
class Profiles:
    """`profiles`: a row per profile; the one in use is marked."""

    rows: Sequence[ProfileRow]
    active: str
    curriculum_id: str

    HEADERS = ("PROFILE", "DONE", "%", "CHANGES", "LAST ACTIVITY", "CURRICULA")

    def data(self) -> object:
        return [
            {
                "name": row.profile.name,
                "active": row.profile.name == self.active,
                "curricula": [h.curriculum_id for h in row.profile.held],
                "events": row.profile.events,
                "last_activity": row.profile.last_activity,
                "progress": _progress(self.curriculum_id, row.overall),
            }
            for row in self.rows
        ]

    def _cells(self, row: ProfileRow) -> list[str]:
        profile, overall = row.profile, row.overall
        mark = "* " if profile.name == self.active else "  "
        last = profile.last_activity
        return [
            mark + profile.name,
            render.finished_text(overall) if overall else "-",
            f"{overall.percent:.1f}%" if overall else "-",
            str(profile.events),
            last.date().isoformat() if last else "never",
            ", ".join(h.curriculum_id for h in profile.held) or "-",
        ]

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        if not self.rows:
            return ""
        rows = [self._cells(row) for row in self.rows]
        return render.table_plain(self.HEADERS, rows, width, right=(1, 2, 3), shrink=5)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json:
            return []
        if not self.rows:
            return ["No profiles yet: the first change you record creates one."]
        said = f"DONE and %: on curriculum '{self.curriculum_id}'."
        in_use = any(row.profile.name == self.active for row in self.rows)
        return [f"* in use. {said}" if in_use else said]


def _progress(curriculum_id: str, overall: Summary | None) -> dict[str, object] | None:
    if overall is None:
        return None
    return {
        "curriculum_id": curriculum_id,
        "total": overall.total,
        "done": overall.done,
        "skipped": overall.skipped,
        "in_progress": overall.in_progress,
        "percent": overall.percent,
    }

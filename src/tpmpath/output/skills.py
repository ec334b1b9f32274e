"""Results of `assess` and `show skill:ID`: skills with their ratings, and a skill's evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tpmpath.core.models import Event
from tpmpath.core.progress import Rating
from tpmpath.core.skills import Evidence, SkillView, since_last_rating
from tpmpath.output import render
from tpmpath.output.emit import Notice

KIND_WORD = {"done": "done", "log": "logged", "note": "note", "gap": "gap closed"}
"""How each kind of evidence reads in text."""


def moment(at: datetime) -> object:
    """A moment as the other JSON views write it (Pydantic's form: UTC as `Z`)."""
    from pydantic_core import to_jsonable_python

    return to_jsonable_python(at)


def rating_view(rating: Rating) -> dict[str, Any]:
    return {"at": moment(rating.at), "level": rating.level}


def evidence_view(item: Evidence) -> dict[str, Any]:
    view: dict[str, Any] = {"at": moment(item.at), "kind": item.kind, "topic": item.topic}
    for key in ("text", "link", "question"):
        if getattr(item, key) is not None:
            view[key] = getattr(item, key)
    return view


def skill_view(view: SkillView, *, with_evidence: bool) -> dict[str, Any]:
    """A skill as JSON: its curriculum entry, every dated rating, first and latest level, and
    its evidence (a count, or the items)."""
    skill = view.skill
    data = skill.model_dump(mode="json", exclude_none=True)
    data["ratings"] = [rating_view(r) for r in view.ratings]
    data["first"] = view.first.level if view.first else None
    data["latest"] = view.latest.level if view.latest else None
    if with_evidence:
        data["evidence"] = [evidence_view(e) for e in view.evidence]
    else:
        data["evidence_count"] = view.count
    return data


def rated_text(rating: Rating | None) -> str:
    """`3/5 on 2026-03-02`, or `not rated`."""
    return f"{rating.level}/5 on {rating.at:%Y-%m-%d}" if rating else "not rated"


def evidence_line(item: Evidence, width: int) -> str:
    """One line of evidence: date, kind, topic, and its text clipped to the width."""
    head = f"{item.at:%Y-%m-%d}  {KIND_WORD[item.kind]} {item.topic}"
    text = " ".join((item.text or item.link or "").split())
    room = width - len(head) - 4
    return f"{head}: {render.clip(text, room)}" if text and room >= 10 else head


@dataclass(repr=False, eq=False)
class SkillsList:
    """`assess` with nothing to record off a terminal, or `assess --json`: each skill with its
    ratings (JSON: every dated rating)."""

    views: list[SkillView]

    def data(self) -> object:
        return [skill_view(v, with_evidence=False) for v in self.views]

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        if not self.views:
            return ""
        ids = max(len(v.skill.id) for v in self.views)
        lines = []
        for view in self.views:
            head = f"{view.skill.id:<{ids}}  {rated_text(view.latest):<18}"
            room = width - len(head) - 2
            lines.append(f"{head}  {render.clip(view.skill.title, room)}".rstrip())
        return "\n".join(lines)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json:
            return []
        if not self.views:
            return ["This curriculum declares no skills to rate."]
        if any(v.ratings for v in self.views):
            return []
        return ["No ratings yet: `tpmpath assess SKILL=N ...`, or `tpmpath assess` on a terminal."]


@dataclass(repr=False, eq=False)
class SkillDetail:
    """`show skill:ID` and `assess --show ID`: the levels, every rating and the evidence."""

    view: SkillView

    def data(self) -> object:
        return skill_view(self.view, with_evidence=True)

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        view, skill = self.view, self.view.skill
        lines = [f"{skill.title} (skill {skill.id})"]
        if skill.description:
            lines.append(" ".join(skill.description.split()))
        lines += ["", "Levels:"]
        lines += [f"  {n}. {text}" for n, text in enumerate(skill.levels, 1)]
        lines += ["", "Ratings:" if view.ratings else "Ratings: none yet"]
        lines += [f"  {r.at:%Y-%m-%d}  {r.level}/5" for r in view.ratings]
        lines += ["", "Evidence:" if view.evidence else "Evidence: none yet"]
        lines += ["  " + evidence_line(e, width - 2) for e in view.evidence]
        return "\n".join(render.wrap(lines, width, "    "))

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return []


def prompt_text(view: SkillView, width: int, shown: int = 5) -> str:
    """What `assess` shows before asking for one skill's rating (on stderr)."""
    skill = view.skill
    lines = ["", f"{skill.title} ({skill.id})"]
    lines += [f"  {n}. {text}" for n, text in enumerate(skill.levels, 1)]
    latest = view.latest
    lines.append(f"Last rating: {rated_text(latest)}")
    recent = since_last_rating(view)
    if recent:
        since = f"since {latest.at:%Y-%m-%d}" if latest else "so far"
        lines.append(f"Evidence {since}: {len(recent)}")
        lines += ["  " + evidence_line(e, width - 2) for e in recent[-shown:]]
        if len(recent) > shown:
            lines.append(f"  ... and {len(recent) - shown} older (tpmpath show skill:{skill.id})")
    return "\n".join(render.wrap(lines, width, "    "))


@dataclass(repr=False, eq=False)
class Assessed(Notice):
    """What `assess` recorded: each skill's new rating, and the one before it."""

    events: list[Event]
    before: dict[str, Rating | None]
    today: date

    def data(self) -> object:
        return {
            "rated": [
                {
                    "skill": e.skill,
                    "level": e.level,
                    "at": moment(e.at),
                    "previous": _previous(self.before.get(e.skill or "")),
                }
                for e in self.events
            ]
        }

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if not self.events:
            return [] if as_json else ["No rating recorded."]
        parts = []
        for event in self.events:
            earlier = self.before.get(event.skill or "")
            was = f" (was {earlier.level} on {earlier.at:%Y-%m-%d})" if earlier else ""
            parts.append(f"{event.skill} {event.level}/5{was}")
        when = "" if self.events[0].at.date() == self.today else f" on {self.events[0].at:%Y-%m-%d}"
        return [f"Rated{when}: {', '.join(parts)}."]


def _previous(rating: Rating | None) -> dict[str, Any] | None:
    return rating_view(rating) if rating else None

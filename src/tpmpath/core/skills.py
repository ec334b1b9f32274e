"""Pure: skills and self-assessment (`assess`): ratings, the evidence behind a skill, SKILL=N.

A skill's ratings are folded into `Derived.ratings` (core.progress); its evidence is what the
topics that build it recorded: completions, logs, notes and links, and closed gaps.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Literal, NamedTuple

from tpmpath.core import changes
from tpmpath.core.gaps import GapState
from tpmpath.core.models import LEVELS, Curriculum, Event, Skill
from tpmpath.core.progress import Derived, Rating
from tpmpath.errors import InvalidInputError

EvidenceKind = Literal["done", "log", "note", "gap"]


class ClosedGap(NamedTuple):
    """A gap closed with the learner's explanation: evidence for its topic's skills.

    `skill_views` makes them from the gap inbox (core.gaps, `Derived.gaps`).
    """

    topic: str | None
    closed_at: datetime
    text: str
    """The learner's explanation."""
    link: str | None = None
    question: str | None = None
    """What was not understood."""


class Evidence(NamedTuple):
    """One dated piece of evidence for a skill, recorded on a topic that builds it."""

    at: datetime
    kind: EvidenceKind
    topic: str
    text: str | None = None
    link: str | None = None
    question: str | None = None
    """For a log: the reflection question answered in `text`; for a gap: the question."""


@dataclass(repr=False, eq=False)
class SkillView:
    """A skill, its ratings in date order and its evidence (oldest first), as shown."""

    skill: Skill
    ratings: list[Rating]
    evidence: list[Evidence]
    count: int = 0
    """How much evidence there is in all (`evidence` may hold only the newest: see `limit`)."""
    rated_before: Rating | None = None
    """The last rating before the period shown (`report --since`), if any."""

    @property
    def first(self) -> Rating | None:
        return self.ratings[0] if self.ratings else None

    @property
    def latest(self) -> Rating | None:
        return self.ratings[-1] if self.ratings else None

    @property
    def baseline(self) -> Rating | None:
        """What growth is measured from: the rating in force when the period began, else the
        first rating (the first of all without a period)."""
        return self.rated_before or self.first

    @property
    def older(self) -> int:
        """How many pieces of evidence `evidence` leaves out."""
        return self.count - len(self.evidence)


def in_date_order(ratings: Iterable[Rating]) -> list[Rating]:
    """Ratings by when they happened; ratings at the same moment keep the order recorded."""
    return sorted(ratings, key=lambda rating: rating.at)


def _local_day(moment: datetime, zone: tzinfo | None) -> date:
    return moment.astimezone(zone).date()


def evidence(
    curriculum: Curriculum,
    derived: Derived,
    events: Sequence[Event],
    skill_id: str,
    gaps: Sequence[ClosedGap] = (),
    *,
    since: date | None = None,
    zone: tzinfo | None = None,
    limit: int | None = None,
    made: dict[int, Evidence] | None = None,
) -> tuple[list[Evidence], int]:
    """What was recorded on the topics that build a skill, oldest first, and how much in all:
    their completions, logs, notes and links, and the gaps closed on them.

    `since`: only what happened on or after that local date. `limit`: only the newest that
    many; without `since`, only the most recently recorded are read (a long history's events
    are read lazily: a count needs none of them). `made` keeps the pieces made from events
    between calls (a topic builds several skills)."""
    topics = curriculum.builders.get(skill_id, [])
    ids = {topic.id for topic in topics}
    pieces = [
        Evidence(state.completed_at, "done", topic.id)
        for topic in topics
        if (state := derived.states[topic.id]).status == "done" and state.completed_at
    ]
    pieces += [
        Evidence(g.closed_at, "gap", g.topic, g.text, g.link, g.question)
        for g in gaps
        if g.topic in ids
    ]
    owned = sorted(
        (position, topic.id)
        for topic in topics
        for position in {*derived.states[topic.id].notes, *derived.states[topic.id].logs}
    )
    count = len(pieces) + len(owned)
    if since is None and limit is not None:
        owned = owned[max(0, len(owned) - limit) :]
    cache = {} if made is None else made
    for position, topic_id in owned:
        if position not in cache:
            cache[position] = _piece(events[position], topic_id)
        pieces.append(cache[position])
    if since is not None:
        pieces = [piece for piece in pieces if _local_day(piece.at, zone) >= since]
        count = len(pieces)
    pieces.sort(key=lambda piece: piece.at)
    if limit is not None:
        pieces = pieces[max(0, len(pieces) - limit) :] if limit else []
    return pieces, count


def _piece(event: Event, topic_id: str) -> Evidence:
    """A note, link or log as evidence (a log's reflection answer with its question)."""
    answered = event.prompt if event.answer else None
    text = event.text if not answered else _joined(event.text, event.answer)
    kind: EvidenceKind = "log" if event.action == "log" else "note"
    return Evidence(event.at, kind, topic_id, text, event.link, answered)


def _joined(text: str | None, answer: str | None) -> str | None:
    return "\n".join(part for part in (text, answer) if part) or None


def since_last_rating(view: SkillView) -> list[Evidence]:
    """The evidence recorded after the skill's latest rating (all of it when never rated)."""
    latest = view.latest
    return [e for e in view.evidence if latest is None or e.at > latest.at]


def skill_views(
    curriculum: Curriculum,
    derived: Derived,
    events: Sequence[Event],
    *,
    since: date | None = None,
    zone: tzinfo | None = None,
    limit: int | None = None,
) -> list[SkillView]:
    """Every skill of the curriculum, in its order; with `since`, only ratings and evidence on
    or after that local date (the rating before it is kept as `rated_before`); with `limit`,
    only the newest `limit` pieces of evidence of each (0: only how many)."""
    views = []
    made: dict[int, Evidence] = {}
    gaps = closed_gaps(derived.gaps)
    for skill in curriculum.skills:
        ratings = in_date_order(derived.ratings.get(skill.id, []))
        found, count = evidence(
            curriculum, derived, events, skill.id, gaps,
            since=since, zone=zone, limit=limit, made=made,
        )  # fmt: skip
        before = None
        if since is not None:
            earlier = [r for r in ratings if _local_day(r.at, zone) < since]
            before = earlier[-1] if earlier else None
            ratings = [r for r in ratings if _local_day(r.at, zone) >= since]
        views.append(SkillView(skill, ratings, found, count, before))
    return views


def closed_gaps(gaps: Mapping[str, GapState]) -> list[ClosedGap]:
    """The closed gaps of the inbox, as evidence for the skills of their topics."""
    return [
        ClosedGap(gap.topic, gap.closed_at, gap.explanation or "", gap.link, gap.text)
        for gap in gaps.values()
        if gap.closed_at is not None
    ]


def resolve_skill(curriculum: Curriculum, text: str) -> str:
    """A SKILL argument (an id or an unambiguous prefix of one) to a skill id."""
    ids = [skill.id for skill in curriculum.skills]
    if not ids:
        raise InvalidInputError(
            f"Curriculum '{curriculum.id}' declares no skills to rate.",
            hint="Add a top-level `skills:` list to it (see docs/curriculum.md).",
        )
    if text in ids:
        return text
    prefixed = [i for i in ids if i.startswith(text)] if text else []
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise InvalidInputError(
            f"'{text}' matches {len(prefixed)} skills: {', '.join(prefixed)}.",
            hint="Type more of the id to pick one.",
        )
    close = difflib.get_close_matches(text, ids, n=3, cutoff=0.5)
    hint = f"Did you mean: {', '.join(close)}?" if close else f"The skills: {', '.join(ids)}."
    raise InvalidInputError(
        f"No skill '{_shown(text)}' in curriculum '{curriculum.id}'.", hint=hint
    )


def _shown(text: str, limit: int = 60) -> str:
    """An argument as an error quotes it: a runaway one is cut short."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_ratings(curriculum: Curriculum, pairs: Sequence[str]) -> dict[str, int]:
    """`SKILL=N` arguments as {skill id: level}, in the order given; each skill once."""
    ratings: dict[str, int] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise InvalidInputError(
                f"'{_shown(pair)}' is not a rating: write SKILL=N, e.g. apis=3.",
                hint="Run `tpmpath assess` to see the skills.",
            )
        skill_id = resolve_skill(curriculum, name.strip())
        ratings_word = value.strip()
        if ratings_word not in {str(level) for level in range(1, LEVELS + 1)}:
            raise InvalidInputError(
                f"'{_shown(pair)}': a rating is a whole number from 1 to {LEVELS}, "
                f"not '{_shown(value)}'."
            )
        if skill_id in ratings:
            raise InvalidInputError(f"'{skill_id}' is rated twice: give each skill once.")
        ratings[skill_id] = int(ratings_word)
    return ratings


def assess_events(
    ratings: Mapping[str, int], now: datetime, happened: datetime | None = None
) -> list[Event]:
    """One `assess` event per rating, all in one batch (one undo reverts them)."""
    batch = changes.new_id()  # looked up on the module: tests fix the ids there
    return [
        Event(
            id=changes.new_id(),
            at=happened or now,
            recorded_at=now if happened else None,
            batch=batch,
            action="assess",
            skill=skill_id,
            level=level,
        )
        for skill_id, level in ratings.items()
    ]

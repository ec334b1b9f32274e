"""Pure: the gap inbox, the things a learner did not understand, as the events record them.

A gap is opened by a `gap` event (its id is the gap's id, `text` the question, `topic` and
`context` where it came up) and closed by a `close` event (`gap` = that id, `text` the learner's
own explanation, `link` evidence). A closed gap comes back for review like a done topic (see
tpmpath.core.review): `review` events with `gap` = its id. `fold` keeps `Derived.gaps` one event
at a time; the rest are queries and the events `gap add`, `gap close` and `review gap:ID` add.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from tpmpath.core.models import Event
from tpmpath.core.review import Reviews, Schedule, schedule
from tpmpath.errors import InvalidInputError, TpmpathError

GAP_ACTIONS = frozenset({"gap", "close"})
"""The actions that belong to the gap inbox (a `review` does when it names a `gap`)."""
SHORT = 4
"""The fewest characters of a gap id shown (git-style short ids: more when needed)."""
PREFIX = "gap:"
"""How `review` and `gap close` may name a gap: `gap:3f2a`."""
EXPLAIN = "explain it in your own words, two or three sentences"


@dataclass
class GapState:
    """One gap: the question, where it came up, and once closed the explanation and reviews."""

    id: str
    text: str
    opened_at: datetime
    topic: str | None = None
    context: str | None = None
    closed_at: datetime | None = None
    explanation: str | None = None
    link: str | None = None
    reviews: Reviews = Reviews()
    """The reviews since it was closed (what the review schedule needs of them)."""

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def is_gap_event(event: Event) -> bool:
    """Whether an event belongs to the gap inbox rather than to a topic."""
    return event.action in GAP_ACTIONS or event.gap is not None


def fold(gaps: dict[str, GapState], event: Event) -> None:
    """Apply one gap event (not undone) to the gaps, in place; events on unknown gaps (an
    import that brought a close without its gap) are ignored."""
    if event.action == "gap":
        gaps[event.id] = GapState(event.id, event.text or "", event.at, event.topic, event.context)
        return
    gap = gaps.get(event.gap or "")
    if gap is None:
        return
    # A new state rather than a change to the old one: a command may hold a copy of the inbox
    # from before its own events (`dict(derived.gaps)`) while the store folds them in.
    if event.action == "close":
        gaps[gap.id] = replace(
            gap, closed_at=event.at, explanation=event.text, link=event.link, reviews=Reviews()
        )
    elif event.action == "review" and gap.closed_at is not None and event.at >= gap.closed_at:
        gaps[gap.id] = replace(gap, reviews=gap.reviews.add(event.at, event.confidence))


def open_gaps(gaps: Mapping[str, GapState]) -> list[GapState]:
    """The open gaps, oldest first (by when they came up; recording order on a tie)."""
    return sorted((g for g in gaps.values() if g.is_open), key=lambda g: g.opened_at)


def closed_gaps(
    gaps: Mapping[str, GapState], since: date | None = None, zone: tzinfo | None = None
) -> list[GapState]:
    """The closed gaps (closed on or after `since`, by the local date in `zone`), newest closed
    first."""
    found = [
        g
        for g in gaps.values()
        if g.closed_at is not None
        and (since is None or g.closed_at.astimezone(zone).date() >= since)
    ]
    return sorted(found, key=lambda g: g.closed_at or g.opened_at, reverse=True)


def short_ids(ids: Iterable[str]) -> dict[str, str]:
    """Each id's shortest prefix, of at least `SHORT` characters, that no other id starts with."""
    ordered = sorted(set(ids))
    result = {}
    for index, gap_id in enumerate(ordered):
        before = ordered[index - 1] if index else ""
        after = ordered[index + 1] if index + 1 < len(ordered) else ""
        shared = max(_common(gap_id, before), _common(gap_id, after))
        result[gap_id] = gap_id[: max(SHORT, shared + 1)]
    return result


def _common(a: str, b: str) -> int:
    """The length of the common prefix of two strings."""
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def resolve_gap(gaps: Mapping[str, GapState], text: str) -> str:
    """A gap id from an ID argument: the full id or a prefix of it, `gap:` optional."""
    wanted = text.strip()
    if wanted.lower().startswith(PREFIX):
        wanted = wanted[len(PREFIX) :]
    if wanted in gaps:
        return wanted
    found = [i for i in gaps if wanted and i.lower().startswith(wanted.lower())]
    if len(found) == 1:
        return found[0]
    short = short_ids(gaps)
    if found:
        shown = "; ".join(f"{short[i]} ({_clip(gaps[i].text)})" for i in found[:8])
        raise TpmpathError(
            f"'{text}' matches {len(found)} gaps: {shown}.",
            hint="Type more of the id to pick one.",
        )
    candidates = open_gaps(gaps)[:8]
    hint = (
        "Open gaps: " + "; ".join(f"{short[g.id]} ({_clip(g.text)})" for g in candidates) + "."
        if candidates
        else "The inbox has no open gap: `tpmpath gap list --all` shows every gap."
    )
    raise TpmpathError(f"No gap '{text}'.", hint=hint)


def _clip(text: str, size: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 3] + "..."


def gap_event(
    new_id: str,
    batch: str,
    now: datetime,
    text: str,
    *,
    topic: str | None = None,
    context: str | None = None,
    happened: datetime | None = None,
) -> Event:
    """The event that opens a gap (`gap add`, or `log --gap` in the log's batch)."""
    return Event(
        id=new_id,
        at=happened or now,
        recorded_at=now if happened else None,
        batch=batch,
        action="gap",
        topic=topic,
        text=text,
        context=context,
    )


def close_event(
    gaps: Mapping[str, GapState],
    gap_id: str,
    new_id: str,
    batch: str,
    now: datetime,
    explanation: str,
    link: str | None = None,
) -> Event:
    """The event that closes an open gap with the learner's explanation."""
    gap = gaps[gap_id]
    if not explanation.strip():
        raise InvalidInputError(f"A gap is closed with an explanation: {EXPLAIN}.")
    if not gap.is_open:
        assert gap.closed_at is not None
        raise InvalidInputError(
            f"Gap {short_ids(gaps)[gap_id]} was closed on {gap.closed_at:%Y-%m-%d}.",
            hint="`tpmpath gap list --all` shows it with its explanation.",
        )
    return Event(
        id=new_id, at=now, batch=batch, action="close", gap=gap_id, text=explanation, link=link
    )


def review_event(
    gaps: Mapping[str, GapState],
    gap_id: str,
    new_id: str,
    batch: str,
    now: datetime,
    confidence: int | None,
    happened: datetime | None = None,
) -> tuple[Event, Schedule]:
    """A review of a closed gap, and its schedule once the review is counted."""
    gap = gaps[gap_id]
    if gap.closed_at is None:
        short = short_ids(gaps)[gap_id]
        raise InvalidInputError(
            f"Gap {short} is open: only closed gaps are reviewed.",
            hint=f'Close it first, in your own words: tpmpath gap close {short} "..."',
        )
    at = happened or now
    event = Event(
        id=new_id,
        at=at,
        recorded_at=now if happened else None,
        batch=batch,
        action="review",
        gap=gap_id,
        confidence=confidence,
    )
    reviews = gap.reviews.add(at, confidence) if at >= gap.closed_at else gap.reviews
    return event, schedule(gap.closed_at, None, reviews)


def gap_schedule(gap: GapState) -> Schedule | None:
    """A closed gap's review schedule (closing counts as confidence 3); None while open."""
    if gap.closed_at is None:
        return None
    return schedule(gap.closed_at, None, gap.reviews)


@dataclass(repr=False, eq=False)
class DueGap:
    """A closed gap, its schedule, and how late its review is on a given day (< 0: not yet)."""

    gap: GapState
    schedule: Schedule
    days_overdue: int


def gaps_by_date(gaps: Mapping[str, GapState], today: date) -> list[DueGap]:
    """Every closed gap with its schedule, soonest due first (then when it came up)."""
    found = []
    for gap in sorted(gaps.values(), key=lambda g: g.opened_at):
        planned = gap_schedule(gap)
        if planned is not None:
            found.append(DueGap(gap, planned, planned.days_overdue(today)))
    return sorted(found, key=lambda item: item.schedule.due)


def due_gaps(gaps: Mapping[str, GapState], today: date) -> list[DueGap]:
    """The closed gaps due for review on `today`, most overdue first."""
    return [item for item in gaps_by_date(gaps, today) if item.days_overdue >= 0]


def age_days(gap: GapState, now: datetime) -> int:
    """Whole days since the gap came up, by local dates in the time zone of `now` (0 that day)."""
    return max(0, (now.date() - gap.opened_at.astimezone(now.tzinfo).date()).days)


def counts(gaps: Mapping[str, GapState]) -> tuple[int, int]:
    """How many gaps are open and how many closed."""
    closed = sum(1 for g in gaps.values() if g.closed_at is not None)
    return len(gaps) - closed, closed


def in_batch(events: Sequence[Event]) -> list[Event]:
    """The gap-opening events among a batch's events."""
    return [e for e in events if e.action == "gap"]

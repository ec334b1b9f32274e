"""Spaced repetition: when a done topic comes back for review. Pure: callers pass `today`.

The rule. A done topic has checkpoints: its completion, then each `review` recorded since.
The next review is due `interval_days(successful, confidence)` days after the latest checkpoint
(by the local date it was recorded on), where:

- `confidence` is the one given at the latest checkpoint; none given counts as 3.
- `successful` is the number of reviews since completion with confidence 3 or more (or none
  given) that came after the last review with confidence 1 or 2: a weak review restarts the count.
- The interval is rung `successful + skip` of the ladder 1, 3, 7, 21, 60, 120, 240, 365 days
  (doubling after 60, at most 365), where skip is 0 for confidence 3, 1 for 4 and 2 for 5;
  confidence 1 or 2 always gives the first rung, 1 day.

So a topic done with confidence 2 on 2026-01-01 is due on 2026-01-02; done with confidence 5
it is due 7 days later; each good review climbs one rung (more when confident).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from tpmpath.core.models import Curriculum, Topic

if TYPE_CHECKING:  # core.progress keeps `Reviews` in each topic's state: it imports this module
    from tpmpath.core.progress import TopicState

LADDER = (1, 3, 7, 21, 60)
"""Days between reviews, rung by rung; after the last rung the interval doubles."""
MAX_INTERVAL = 365
"""A topic comes back at least once a year, however well it is known."""
DEFAULT_CONFIDENCE = 3
WEAK = 2
"""Confidence at or below this restarts the ladder."""


def rung_days(rung: int) -> int:
    """The interval of one rung of the ladder: 1, 3, 7, 21, 60, 120, 240, 365, 365, ..."""
    if rung < len(LADDER):
        return LADDER[rung]
    # Capping the exponent keeps an absurd rung number from building a huge integer.
    doublings = min(rung - len(LADDER) + 1, 16)
    return min(MAX_INTERVAL, LADDER[-1] << doublings)


def interval_days(successful: int, confidence: int | None) -> int:
    """Days until the next review after `successful` good reviews, at this confidence."""
    level = DEFAULT_CONFIDENCE if confidence is None else confidence
    if level <= WEAK:
        return LADDER[0]
    return rung_days(successful + level - DEFAULT_CONFIDENCE)


class Schedule(NamedTuple):
    """Where a done topic stands on the review ladder."""

    last: date
    """The local date of the completion or of the latest review."""
    due: date
    interval_days: int
    reviews: int
    """Reviews recorded since completion."""
    successful: int
    confidence: int | None
    """The confidence given at the latest checkpoint (None: not given, counts as 3)."""

    def days_overdue(self, today: date) -> int:
        """How many days past due (0 on the due date, negative before it)."""
        return (today - self.due).days


class Reviews(NamedTuple):
    """What the schedule needs of the reviews since a completion, kept one review at a time by
    each topic's state: how many, the latest one, and the good ones since the last weak one."""

    total: int = 0
    last_at: datetime | None = None
    last_confidence: int | None = None
    successful: int = 0
    """Good reviews (confidence >= 3 or none given) since the last weak one (1 or 2)."""

    def add(self, at: datetime, confidence: int | None) -> Reviews:
        """These reviews and one more, recorded after them."""
        weak = confidence is not None and confidence <= WEAK
        return Reviews(self.total + 1, at, confidence, 0 if weak else self.successful + 1)


def schedule(completed_at: datetime, confidence: int | None, reviews: Reviews) -> Schedule:
    """The schedule of a topic completed at `completed_at` (with that confidence) and reviewed."""
    last_at, last_confidence = completed_at, confidence
    if reviews.last_at is not None:
        last_at, last_confidence = reviews.last_at, reviews.last_confidence
        days = interval_days(reviews.successful, last_confidence)
    elif confidence is None or confidence == DEFAULT_CONFIDENCE:
        days = LADDER[0]  # done, never reviewed: the first rung (thousands of topics)
    else:
        days = interval_days(0, confidence)
    last = last_at.date()
    return Schedule(
        last=last,
        due=last + timedelta(days=days),
        interval_days=days,
        reviews=reviews.total,
        successful=reviews.successful,
        confidence=last_confidence,
    )


def topic_schedule(state: TopicState) -> Schedule | None:
    """The review schedule of a topic, or None when it is not done (todo, started, skipped)."""
    if state.status != "done" or state.completed_at is None:
        return None
    # With no review since completion, state.confidence is the one given at completion.
    return schedule(state.completed_at, state.confidence, state.reviewed)


@dataclass(repr=False, eq=False)
class DueReview:
    """A done topic, its schedule, and how late its review is on a given day (< 0: not yet)."""

    topic: Topic
    schedule: Schedule
    days_overdue: int


def reviews_by_date(
    curriculum: Curriculum, states: dict[str, TopicState], today: date
) -> list[DueReview]:
    """Every done topic that is reviewed (`Topic.reviewed`) with its schedule, soonest due first,
    then curriculum order."""
    found = []
    for topic in curriculum.topics:
        planned = topic_schedule(states[topic.id]) if topic.reviewed else None
        if planned is not None:
            found.append(DueReview(topic, planned, planned.days_overdue(today)))
    # sorted() is stable: topics due on the same day keep curriculum order.
    return sorted(found, key=lambda item: item.schedule.due)


def due_reviews(
    curriculum: Curriculum, states: dict[str, TopicState], today: date
) -> list[DueReview]:
    """The done topics due for review on `today`, most overdue first, then curriculum order."""
    return [item for item in reviews_by_date(curriculum, states, today) if item.days_overdue >= 0]


def due_reminder(count: int) -> str | None:
    """The line `next` adds when reviews are due, or None."""
    if count == 0:
        return None
    if count == 1:
        return "1 topic is due for review: tpmpath review"
    return f"{count} topics are due for review: tpmpath review"

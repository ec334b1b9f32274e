"""Pure: the plan of the remaining work: what is left and in which order, the hours a week to plan
with, and how those hours spread over days and weeks into finish dates.

Weeks start on Monday. Nothing here reads the clock: callers pass the start date.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import deque
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal, NamedTuple

from tpmpath.core.activity import WEEK, monday
from tpmpath.core.models import Curriculum, Status, Topic
from tpmpath.core.pace import Pace
from tpmpath.core.progress import TopicState, blocked_topics, credit, next_topics
from tpmpath.errors import InvalidInputError

MIN_HOURS_PER_WEEK = 0.25
"""A quarter of an hour a week: any less and a plan reaches past the calendar (or divides by 0)."""
MAX_HOURS_PER_WEEK = 168.0
_EPS = 1e-6
"""Tolerance in days: float sums must not push a topic that ends on a day boundary a day later."""
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Basis = Literal["option", "setting", "pace", "by"]


def parse_hours_per_week(text: str) -> float:
    """A number of hours a week: at least 0.25, at most 168."""
    try:
        value = float(text)
    except ValueError:
        raise InvalidInputError(
            f"'{text}' is not a number of hours: give one like 5 or 2.5."
        ) from None
    if not (math.isfinite(value) and MIN_HOURS_PER_WEEK <= value <= MAX_HOURS_PER_WEEK):
        raise InvalidInputError(
            f"Hours per week must be at least 0.25 and at most 168 (a whole week), not {text}."
        )
    return value


def parse_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD."""
    try:
        if not _DATE.fullmatch(text.strip()):
            raise ValueError("expected YYYY-MM-DD")
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InvalidInputError(
            f"'{text}' is not a date ({error}): write it as YYYY-MM-DD, e.g. 2027-03-31."
        ) from None


class Remaining(NamedTuple):
    """A topic still to do, in plan order, with the hours left (None: it has no estimate)."""

    topic: Topic
    status: Status
    hours: float | None
    blocked: bool


def hours_left(topic: Topic, state: TopicState) -> float | None:
    """A topic's estimate times the share still to do (practices get credit for their logs)."""
    if topic.estimate_hours is None:
        return None
    return topic.estimate_hours * (1 - credit(topic, state))


def remaining(curriculum: Curriculum, states: dict[str, TopicState]) -> list[Remaining]:
    """Unfinished topics in `next` order, then the blocked ones in an order meeting `requires`."""
    ready = next_topics(curriculum, states)
    blocked = requires_order(curriculum, blocked_topics(curriculum, states))
    return [
        Remaining(t, states[t.id].status, hours_left(t, states[t.id]), waits)
        for topics, waits in ((ready, False), (blocked, True))
        for t in topics
    ]


def requires_order(curriculum: Curriculum, topics: Sequence[Topic]) -> list[Topic]:
    """`topics` with each one after those of them it requires, otherwise in curriculum order."""
    pending = {t.id for t in topics}
    waiting: dict[str, int] = {}
    dependents: dict[str, list[str]] = {}
    for topic in topics:
        needs = {r for r in topic.requires if r in pending and r != topic.id}
        waiting[topic.id] = len(needs)
        for required in needs:
            dependents.setdefault(required, []).append(topic.id)
    order = curriculum.order
    # Kahn's algorithm with a heap on curriculum position: linear-ish, stable.
    heap = [(order[t.id], t.id) for t in topics if not waiting[t.id]]
    heapq.heapify(heap)
    result: list[Topic] = []
    while heap:
        _, topic_id = heapq.heappop(heap)
        result.append(curriculum.topic_by_id[topic_id])
        for dependent in dependents.get(topic_id, []):
            waiting[dependent] -= 1
            if not waiting[dependent]:
                heapq.heappush(heap, (order[dependent], dependent))
    if len(result) < len(topics):  # a cycle (validation rejects them): keep curriculum order
        placed = {t.id for t in result}
        result += [t for t in topics if t.id not in placed]
    return result


class Week(NamedTuple):
    """One week of a schedule: the days planned in it and each topic's hours in it."""

    number: int
    start: date
    end: date
    topics: list[tuple[str, float]]

    @property
    def hours(self) -> float:
        return sum((hours for _, hours in self.topics), 0.0)


class Planned(NamedTuple):
    """A scheduled topic: its hours and the days it starts and finishes."""

    item: Remaining
    hours: float
    start: date
    finish: date


class Schedule(NamedTuple):
    """Remaining estimated work spread over weeks; unestimated topics are listed, not placed."""

    hours_per_week: float
    start: date
    topics: list[Planned]
    weeks: list[Week]
    unestimated: list[Remaining]

    @property
    def hours(self) -> float:
        return sum((p.hours for p in self.topics), 0.0)

    @property
    def finish(self) -> date | None:
        """The day the last piece of work is done."""
        return max((p.finish for p in self.topics), default=None)


def _start_day(hours: float, daily: float) -> int:
    """The 0-based day on which work that begins after `hours` of work starts."""
    return math.floor(hours / daily + _EPS)


def _finish_day(hours: float, daily: float) -> int:
    """The 0-based day by the end of which `hours` of work are done."""
    return max(0, math.ceil(hours / daily - _EPS) - 1)


def _finish_offset(hours: float, daily: float, start: date) -> int | None:
    """`_finish_day`, or None when that day is after the last date Python knows (9999-12-31)."""
    room = (date.max - start).days
    if daily <= 0 or not hours / daily <= room + 2:  # a float test first: no huge or infinite day
        return None
    day = _finish_day(hours, daily)
    return day if day <= room else None


def finish_date(hours: float, hours_per_week: float, start: date) -> date | None:
    """The day `hours` of work are done at `hours_per_week`; None: nothing left, or after 9999."""
    day = _finish_offset(hours, hours_per_week / 7, start) if hours > 0 else None
    return None if day is None else start + timedelta(days=day)


def _check_fits(estimated: Sequence[Remaining], daily: float, start: date) -> None:
    """Refuse a schedule whose last week would end after 9999-12-31 (weeks end on a Sunday)."""
    total = sum(i.hours or 0.0 for i in estimated)
    last = _finish_offset(total, daily, start)
    if last is not None and estimated[-1].hours == 0:  # zero-hour topics start after the rest
        last = max(last, _start_day(total, daily))
    sunday = None if last is None else last + 6 - (start.weekday() + last) % 7
    if sunday is None or sunday > (date.max - start).days:
        # No hours in the message: formatting numbers for people is output's job, and the rate
        # and the start are what the learner just chose.
        raise InvalidInputError(
            f"This plan would end after the year 9999 (it starts {start.isoformat()}): "
            "plan more hours a week, or start earlier."
        )


def schedule(items: Sequence[Remaining], hours_per_week: float, start: date) -> Schedule:
    """Place the estimated items, `hours_per_week` a week spread evenly over the days: the
    reading in order, and each practice that can start (see `spread`) a session a week beside
    it from week 1, since a discussion or a meetup recurs rather than comes in one block."""
    daily = hours_per_week / 7
    estimated = [i for i in items if i.hours is not None]
    if estimated:  # nothing to place needs no day at all, however late the start
        _check_fits(estimated, daily, start)
    result = Schedule(hours_per_week, start, [], [], [i for i in items if i.hours is None])
    spans: dict[str, tuple[float, float]] = {}
    for item, begin, end in _timeline(estimated, daily, start):
        first, _ = spans.get(item.topic.id, (begin, end))
        spans[item.topic.id] = (first, end)
        _split(result.weeks, start, daily, item.topic.id, begin, end)
    day = timedelta(days=1)
    for item in estimated:
        begin, end = spans[item.topic.id]
        first, last = _start_day(begin, daily), _finish_day(end, daily)
        result.topics.append(
            Planned(item, item.hours or 0.0, start + first * day, start + max(first, last) * day)
        )
    for week in result.weeks:  # a practice's sessions and the reading around them: one row each
        merged: dict[str, float] = {}
        for topic_id, hours in week.topics:
            merged[topic_id] = merged.get(topic_id, 0.0) + hours
        week.topics[:] = list(merged.items())
    return result


def spread(items: Sequence[Remaining]) -> list[Remaining]:
    """The practices a plan spreads over the weeks: those with work left that can start now."""
    return [i for i in items if i.topic.target and not i.blocked and (i.hours or 0) > 0]


PRACTICE_SHARE = 0.5
"""The most of a week's hours that practice sessions take while there is reading left."""


def _timeline(
    items: Sequence[Remaining], daily: float, start: date
) -> list[tuple[Remaining, float, float]]:
    """Each piece of work as (item, begin, end) in hours of work from the start: each week, the
    spread practices in turn get a session each, up to `PRACTICE_SHARE` of the week, then the
    reading fills the rest."""
    practices = deque(spread(items))
    # A session: the practice's estimate over its target (one discussion, one meetup).
    session = {
        i.topic.id: (i.topic.estimate_hours or 0.0) / (i.topic.target or 1) for i in practices
    }
    left = {i.topic.id: i.hours or 0.0 for i in practices}
    reading = deque((i, i.hours or 0.0) for i in items if i.topic.id not in left)
    first_days = 7 - start.weekday()  # week 1 runs from the start date to Sunday
    pieces: list[tuple[Remaining, float, float]] = []
    position, week = 0.0, 0
    while reading:
        limit = (first_days + 7 * week) * daily  # hours of work by the end of this week
        budget = (limit - position) * PRACTICE_SHARE
        for _ in range(len(practices)):
            if budget <= _EPS * daily:
                break
            item = practices.popleft()
            hours = min(session[item.topic.id], left[item.topic.id], budget)
            pieces.append((item, position, position + hours))
            position, budget = position + hours, budget - hours
            left[item.topic.id] -= hours
            if left[item.topic.id] > _EPS * daily:
                practices.append(item)  # the next week's turn starts after the others
        while reading and position < limit - _EPS * daily:
            item, hours = reading[0]
            take = min(hours, limit - position)
            pieces.append((item, position, position + take))
            position += take
            if hours - take <= _EPS * daily:
                reading.popleft()
            else:
                reading[0] = (item, hours - take)
        week += 1
    for item in practices:  # no reading left: the sessions that remain, one after the other
        pieces.append((item, position, position + left[item.topic.id]))
        position += left[item.topic.id]
    return pieces


def _split(
    weeks: list[Week], start: date, daily: float, topic_id: str, begin: float, end: float
) -> None:
    """Add a topic's hours between `begin` and `end` to the weeks they fall in."""
    first_days = 7 - start.weekday()  # week 1 runs from the start date to Sunday

    def edge(number: int) -> float:
        """Hours of work done by the end of week `number` (0-based)."""
        return (first_days + 7 * number) * daily

    number = max(0, math.floor((begin / daily - first_days) / 7 + _EPS) + 1)
    position = begin
    while True:
        while len(weeks) <= number:
            weeks.append(_new_week(len(weeks), start))
        limit = edge(number)
        take = max(0.0, min(end, limit) - position)
        weeks[number].topics.append((topic_id, take))
        if end <= limit + _EPS * daily:
            return
        position, number = limit, number + 1


def _new_week(number: int, start: date) -> Week:
    """Week `number` (0-based) of a schedule that starts on `start`."""
    first = monday(start) + number * WEEK
    return Week(number + 1, max(first, start), first + timedelta(days=6), [])


def required_hours_per_week(hours: float, start: date, by: date) -> float:
    """The hours a week that finish `hours` of work from `start` through `by`, both included."""
    days = (by - start).days + 1
    if days <= 0:
        raise InvalidInputError(f"{by} is before {start}: pick a later date.")
    return hours * 7 / days


def choose_rate(
    option: float | None, setting: float | None, pace: Pace | None, required: float | None
) -> tuple[float, Basis] | None:
    """The hours a week to plan with: the option, the setting, the pace, else what --by needs."""
    if option is not None:
        return option, "option"
    if setting is not None:
        return setting, "setting"
    if pace is not None:
        return pace.hours_per_week, "pace"
    if required is not None and required > 0:
        return required, "by"
    return None

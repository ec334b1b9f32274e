"""Pure planning arithmetic: pace, schedules, finish dates, target dates, streaks, weekly activity.

Dates are the learner's local dates: a moment counts on its date in the time zone of `now` (as in
report.py), and today is `now.date()`. Weeks start on Monday. Nothing here reads the clock.

The pace, exactly: the estimated hours of work completed from the Monday four weeks before this
week's Monday (or from the Monday of the week of the learner's first completed work, if later)
through today, divided by the days of that window over 7 (and by at least one week). Work counts
on the local date it was completed: a topic's whole estimate when it is marked done, and
estimate / target for each occurrence logged on a practice (the rest when it is marked done
early). Skipped and unestimated topics, and work that a reset or an undo took back, add nothing.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal, NamedTuple

from tpmpath.core.activity import (
    WEEK,
    WeekActivity,
    Work,
    active_weeks,
    local_date,
    monday,
    streak,
    weekly_activity,
)
from tpmpath.core.models import Curriculum, Progress, Status, Topic
from tpmpath.core.progress import Derived, TopicState, blocked_topics, credit, next_topics
from tpmpath.errors import InvalidInputError

PACE_FULL_WEEKS = 4
"""How many full weeks before this one the measured pace looks back over."""
MAX_HOURS_PER_WEEK = 168.0
_EPS = 1e-6
"""Tolerance in days: float sums must not push a topic that ends on a day boundary a day later."""
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Basis = Literal["option", "setting", "pace", "by"]


def parse_hours_per_week(text: str) -> float:
    """A number of hours a week: more than 0, at most 168."""
    try:
        value = float(text)
    except ValueError:
        raise InvalidInputError(
            f"'{text}' is not a number of hours: give one like 5 or 2.5."
        ) from None
    if not (math.isfinite(value) and 0 < value <= MAX_HOURS_PER_WEEK):
        raise InvalidInputError(
            f"Hours per week must be more than 0 and at most 168 (a whole week), not {text}."
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


def completed_work(
    curriculum: Curriculum, states: Mapping[str, TopicState], zone: tzinfo | None
) -> list[Work]:
    """The estimated work the progress counts as completed, each part on its local date."""
    result: list[Work] = []
    for topic in curriculum.topics:
        if topic.estimate_hours is not None:
            result += _topic_work(topic, topic.estimate_hours, states[topic.id], zone)
    return result


def _topic_work(topic: Topic, hours: float, state: TopicState, zone: tzinfo | None) -> list[Work]:
    """One topic's dated work: practice logs since the last reset, then what `done` completed."""
    work: list[Work] = []
    share = 0.0
    if topic.target is not None and state.count:
        counted = state.counted[: topic.target]  # the logs since the last reset
        work = [(local_date(at, zone), hours / topic.target) for at in counted]
        share = len(counted) / topic.target
    if state.status == "done" and state.completed_at is not None and share < 1:
        work.append((local_date(state.completed_at, zone), hours * (1 - share)))
    return work


class Pace(NamedTuple):
    """Estimated hours completed per week over a recent window (see the module docstring)."""

    hours_per_week: float
    hours: float
    since: date
    weeks: float


def pace_window_start(today: date, full_weeks: int = PACE_FULL_WEEKS) -> date:
    """The earliest day the measured pace looks at."""
    return monday(today) - full_weeks * WEEK


def measure_pace(
    work: Iterable[Work], today: date, full_weeks: int = PACE_FULL_WEEKS
) -> Pace | None:
    """The learner's pace; None when the window holds no completed estimated work."""
    past = [(day, hours) for day, hours in work if day <= today]
    if not past:
        return None
    first = min(day for day, _ in past)
    since = max(pace_window_start(today, full_weeks), monday(first))
    hours = sum(h for day, h in past if day >= since)
    if hours <= 0:
        return None
    weeks = max(1.0, ((today - since).days + 1) / 7)
    return Pace(hours / weeks, hours, since, weeks)


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
        """The day the last topic is done (topics finish in order)."""
        return self.topics[-1].finish if self.topics else None


def _start_day(hours: float, daily: float) -> int:
    """The 0-based day on which work that begins after `hours` of work starts."""
    return math.floor(hours / daily + _EPS)


def _finish_day(hours: float, daily: float) -> int:
    """The 0-based day by the end of which `hours` of work are done."""
    return max(0, math.ceil(hours / daily - _EPS) - 1)


def finish_date(hours: float, hours_per_week: float, start: date) -> date | None:
    """The day `hours` of work are done at `hours_per_week`; None: nothing left, or after 9999."""
    daily = hours_per_week / 7
    if hours <= 0 or not _fits(hours, daily, start):
        return None
    return start + timedelta(days=_finish_day(hours, daily))


def _fits(hours: float, daily: float, start: date) -> bool:
    """Whether `hours` of work end before the last date Python knows (year 9999)."""
    return hours / daily < (date.max - start).days


def _check_fits(hours: float, daily: float, start: date) -> None:
    """Refuse a schedule that would end after year 9999."""
    # No hours in the message: formatting numbers for people is output's job (render.hours_text),
    # and the rate and the start are what the learner just chose.
    if not _fits(hours, daily, start):
        raise InvalidInputError(
            f"This plan would end after the year 9999 (it starts {start.isoformat()}): "
            "plan more hours a week, or start earlier."
        )


def schedule(items: Sequence[Remaining], hours_per_week: float, start: date) -> Schedule:
    """Place the estimated items in order, `hours_per_week` a week spread evenly over the days."""
    daily = hours_per_week / 7
    estimated = [i for i in items if i.hours is not None]
    _check_fits(sum(i.hours or 0.0 for i in estimated), daily, start)
    result = Schedule(hours_per_week, start, [], [], [i for i in items if i.hours is None])
    done = 0.0
    for item in estimated:
        begin, end = done, done + (item.hours or 0.0)
        done = end
        first, last = _start_day(begin, daily), _finish_day(end, daily)
        day = timedelta(days=1)
        result.topics.append(
            Planned(item, end - begin, start + first * day, start + max(first, last) * day)
        )
        _split(result.weeks, start, daily, item.topic.id, begin, end)
    return result


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


class Target(NamedTuple):
    """How a target date looks from today."""

    date: date
    days: int
    """Days left, today and the target day included; 0 once it has passed."""
    required: float | None
    """Hours a week needed; None once the date has passed."""
    on_track: bool | None
    """Measured pace >= required; None without a measured pace or once passed."""


def judge_target(target: date, hours: float, today: date, pace: Pace | None) -> Target:
    """Whether the measured pace finishes `hours` of work by the target date."""
    if target < today:
        return Target(target, 0, None, None)
    required = required_hours_per_week(hours, today, target)
    on_track = None if pace is None else pace.hours_per_week >= required - 1e-9
    return Target(target, (target - today).days + 1, required, on_track)


class Insights(NamedTuple):
    """What `status` says about hours, pace, a target date and recent activity."""

    today: date
    hours_total: float
    hours_done: float
    hours_remaining: float
    unestimated: int
    unestimated_left: int
    pace: Pace | None
    setting: float | None
    finish: date | None
    """At the measured pace, else at the hours-per-week setting."""
    finish_basis: Basis | None
    target: Target | None
    streak: int
    weeks: list[WeekActivity]


def insights(
    curriculum: Curriculum, progress: Progress, derived: Derived, now: datetime
) -> Insights:
    """Hours, pace, target and activity for `status` (`progress`: its settings; events unused)."""
    today, zone, states = now.date(), now.tzinfo, derived.states
    total = left = 0.0
    unestimated = unestimated_left = 0
    for topic in curriculum.topics:
        state = states[topic.id]
        rest = hours_left(topic, state)
        if rest is None:
            unestimated += 1
            unestimated_left += state.status in ("todo", "in_progress")
        else:
            total, left = total + (topic.estimate_hours or 0.0), left + rest
    work = completed_work(curriculum, states, zone)
    pace = measure_pace(work, today)
    setting = progress.settings.hours_per_week
    # The finish date follows what the learner does, and what they plan only without history.
    rate = pace.hours_per_week if pace else setting
    finish = finish_date(left, rate, today) if rate else None
    target_date = progress.settings.target_date
    active = active_weeks(derived.learning, zone)
    completions = [
        local_date(s.completed_at, zone)
        for s in states.values()
        if s.status == "done" and s.completed_at is not None
    ]
    return Insights(
        today=today,
        hours_total=total,
        hours_done=total - left,
        hours_remaining=left,
        unestimated=unestimated,
        unestimated_left=unestimated_left,
        pace=pace,
        setting=setting,
        finish=finish,
        finish_basis=None if finish is None else "pace" if pace else "setting",
        target=judge_target(target_date, left, today, pace) if target_date else None,
        streak=streak(active, today),
        weeks=weekly_activity(active, work, completions, today),
    )

"""The deadline rule of `plan`: the date to finish by, the hours a week it needs, the pace to use.

The date is --by when given, else the target-date setting unless that is before the plan starts
(then it is left out, and the plan says so). The plan uses the first of: --hours-per-week, the
hours-per-week setting, the measured pace, and the hours a week --by needs. Only --by may set the
pace: a target-date setting alone does not say how much time the learner has.
Pure: `now` is passed in; the arithmetic is in core.planning and core.pace.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, NamedTuple

from tpmpath.core import planning
from tpmpath.core.models import Curriculum, Settings
from tpmpath.core.pace import Pace, completed_work, measure_pace
from tpmpath.core.planning import Basis, Schedule
from tpmpath.core.progress import TopicState
from tpmpath.errors import InvalidInputError

_Day = date  # Deadline's field `date` hides the type inside the class


class Deadline(NamedTuple):
    """A date to finish by (from --by or the target-date setting) and the hours a week it needs."""

    date: date
    source: Literal["option", "setting"]
    required: float

    def days_late(self, finish: _Day) -> int:
        """How many days after the deadline `finish` is (0 or less: in time)."""
        return (finish - self.date).days

    def in_time(self, finish: _Day | None) -> bool:
        """Whether a plan finishing on `finish` (None: nothing to finish) makes the deadline."""
        return finish is None or self.days_late(finish) <= 0

    @property
    def possible(self) -> bool:
        """Whether the hours a week it needs fit in a week."""
        return self.required <= planning.MAX_HOURS_PER_WEEK


class Plan(NamedTuple):
    """What `plan` shows: the schedule, the pace it uses and why, and the date to finish by."""

    schedule: Schedule
    basis: Basis | None
    """Where the pace comes from; None when no estimated work is left (no pace was needed)."""
    pace: Pace | None
    """The measured pace, whether or not the plan uses it."""
    deadline: Deadline | None
    passed_target: date | None
    """The target-date setting, when it is before the start and so left out (without --by)."""


def check_by(by: date, today: date, begin: date) -> None:
    """Refuse a --by date in the past or before the plan starts."""
    if by < today:
        raise InvalidInputError(f"--by {by} is in the past (today is {today}): give a later date.")
    if by < begin:
        raise InvalidInputError(f"--by {by} is before --start {begin}: give a later date.")


def deadline(by: date | None, target: date | None, hours: float, begin: date) -> Deadline | None:
    """--by, else the target-date setting unless it is before the start; None: no date."""
    if by is not None:
        return Deadline(by, "option", planning.required_hours_per_week(hours, begin, by))
    if target is not None and target >= begin:
        return Deadline(target, "setting", planning.required_hours_per_week(hours, begin, target))
    return None


def passed_target(target: date | None, begin: date) -> date | None:
    """The target-date setting if it is before the plan starts (so the plan leaves it out)."""
    return target if target is not None and target < begin else None


def no_pace(has_history: bool) -> InvalidInputError:
    """The error when nothing says how many hours a week to plan with."""
    why = (
        "you completed no estimated work in the last 4 full weeks or this one"
        if has_history
        else "you have not completed any estimated work yet"
    )
    return InvalidInputError(
        f"No pace to plan with: {why}, and hours-per-week is not set.",
        hint="Pass --hours-per-week H, or set it once with `tpmpath config set hours-per-week H`.",
    )


def plan_for(
    curriculum: Curriculum,
    states: dict[str, TopicState],
    settings: Settings,
    now: datetime,
    *,
    hours_per_week: float | None = None,
    start: date | None = None,
    by: date | None = None,
) -> Plan:
    """The plan of the remaining topics from `start` (default: today), with its pace and date."""
    today = now.date()
    begin = start or today
    if by is not None:
        check_by(by, today, begin)
    items = planning.remaining(curriculum, states)
    left = sum(i.hours or 0.0 for i in items)
    work = completed_work(curriculum, states, now.tzinfo)
    pace = measure_pace(work, today)
    found = deadline(by, settings.target_date, left, begin)
    needed = found.required if found and by is not None else None
    chosen = planning.choose_rate(hours_per_week, settings.hours_per_week, pace, needed)
    if chosen is None and left > 0:
        raise no_pace(bool(work))
    # With nothing left to do the rate does not matter: zero-hour topics all land on day one.
    rate, basis = chosen if chosen else (planning.MAX_HOURS_PER_WEEK, None)
    return Plan(
        schedule=planning.schedule(items, rate, begin),
        basis=basis,
        pace=pace,
        deadline=found,
        passed_target=None if by is not None else passed_target(settings.target_date, begin),
    )

"""Pure: what `status` says beyond the counts: hours, pace, finish date, target date, activity.

Dates are the learner's local dates (a moment counts on its date in the time zone of `now`).
Nothing here reads the clock: callers pass `now`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from tpmpath.core.activity import WeekActivity, active_weeks, local_date, streak, weekly_activity
from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.pace import Pace, completed_work, measure_pace
from tpmpath.core.planning import Basis, finish_date, hours_left, required_hours_per_week
from tpmpath.core.progress import Derived


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

"""Pure: the estimated work a learner completed, each part on its date, and their measured pace.

Dates are the learner's local dates: a moment counts on its date in the time zone of `now`, and
today is `now.date()`. Weeks start on Monday. Nothing here reads the clock.

The pace, exactly: the estimated hours of work completed from the Monday four weeks before this
week's Monday (or from the Monday of the week of the learner's first completed work, if later)
through today, divided by the days of that window over 7 (and by at least one week). Work counts
on the local date it was completed: a topic's whole estimate when it is marked done, and
estimate / target for each occurrence logged on a practice (the rest when it is marked done
early). Skipped and unestimated topics, and work that a reset or an undo took back, add nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, tzinfo
from typing import NamedTuple

from tpmpath.core.activity import WEEK, Work, local_date, monday
from tpmpath.core.models import Curriculum, Topic
from tpmpath.core.progress import TopicState

PACE_FULL_WEEKS = 4
"""How many full weeks before this one the measured pace looks back over."""


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

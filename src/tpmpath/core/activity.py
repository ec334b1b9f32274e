"""Pure activity arithmetic: local dates, weeks, the learning streak and the weekly activity chart.

Dates are the learner's local dates (a moment counts on its date in the time zone of `now`);
weeks start on Monday. Nothing here reads the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

ACTIVITY_WEEKS = 12
DAY_SECONDS = 86_400
EPOCH = date(1970, 1, 1)
WEEK = timedelta(weeks=1)

Work = tuple[date, float]
"""Hours of estimated work completed on a local date."""


def monday(day: date) -> date:
    """The Monday that starts `day`'s week."""
    return day - timedelta(days=day.weekday())


def local_date(moment: datetime, zone: tzinfo | None) -> date:
    """The date of a moment in the learner's time zone (the zone of `now`)."""
    return moment.astimezone(zone).date()


def active_weeks(moments: Iterable[int], zone: tzinfo | None) -> Counter[date]:
    """How many learning events each week holds, by the Monday of their local date.

    `moments` are when the learning happened, in seconds since the epoch (`Derived.learning`:
    done, log and review events that were not undone).
    """
    offset = zone.utcoffset(None) if zone is not None else None
    if offset is None:  # a zone whose offset changes with the date: ask it for every moment
        days = Counter(datetime.fromtimestamp(moment, zone).date() for moment in moments)
    else:
        # A fixed offset (what the clock gives): whole-day arithmetic on integers, 10x quicker
        # than a datetime per event, which matters at 100,000 events.
        shift = int(offset.total_seconds())
        numbers = Counter((moment + shift) // DAY_SECONDS for moment in moments)
        days = Counter({EPOCH + timedelta(days=n): count for n, count in numbers.items()})
    # Monday once per day rather than once per event: 100,000 events fall on a few hundred days.
    weeks: Counter[date] = Counter()
    for day, count in days.items():
        weeks[monday(day)] += count
    return weeks


def streak(active: Mapping[date, int], today: date) -> int:
    """Weeks in a row with learning, ending this week, or last week while this one has none yet."""
    week = monday(today)
    if not active.get(week):
        week -= WEEK
    count = 0
    while active.get(week):
        count += 1
        week -= WEEK
    return count


class WeekActivity(NamedTuple):
    """One week of the activity chart."""

    week: date
    events: int
    hours: float
    completed: int


def weekly_activity(
    active: Mapping[date, int],
    work: Iterable[Work],
    completions: Iterable[date],
    today: date,
    weeks: int = ACTIVITY_WEEKS,
) -> list[WeekActivity]:
    """The last `weeks` weeks, oldest first: learning events, hours completed, topics completed."""
    this_week = monday(today)
    mondays = [this_week - n * WEEK for n in range(weeks - 1, -1, -1)]
    first = mondays[0]  # what came before is not shown: years of history are skipped cheaply
    hours: dict[date, float] = {}
    for day, amount in work:
        if day >= first:
            week = monday(day)
            hours[week] = hours.get(week, 0.0) + amount
    completed = Counter(monday(day) for day in completions if day >= first)
    return [WeekActivity(m, active.get(m, 0), hours.get(m, 0.0), completed[m]) for m in mondays]

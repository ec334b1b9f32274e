"""activity.py without the CLI: local dates, weeks, the learning streak, the activity chart."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.core.test_planning import TODAY, D, event, tiny
from tpmpath.core import activity
from tpmpath.core.activity import WeekActivity
from tpmpath.core.progress import derive


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-01-12", "2026-01-12"),
        ("2026-01-14", "2026-01-12"),
        ("2026-01-18", "2026-01-12"),
        ("2026-01-19", "2026-01-19"),
        ("2026-01-01", "2025-12-29"),
    ],
)
def test_monday(day: str, expected: str) -> None:
    assert activity.monday(D(day)) == D(expected)


def test_local_date_uses_the_learners_zone() -> None:
    late = datetime(2026, 1, 11, 23, 30, tzinfo=UTC)
    assert activity.local_date(late, timezone(timedelta(hours=2))) == D("2026-01-12")
    assert activity.local_date(late, UTC) == D("2026-01-11")


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [
        pytest.param([], 0, id="no-activity"),
        pytest.param(["2026-01-05"], 1, id="only-last-week"),
        pytest.param(["2026-01-12"], 1, id="only-this-week"),
        pytest.param(["2026-01-12", "2026-01-05", "2025-12-29"], 3, id="three-in-a-row"),
        pytest.param(["2026-01-12", "2025-12-29"], 1, id="a-gap-last-week"),
        pytest.param(["2026-01-05", "2025-12-29", "2025-12-15"], 2, id="open-week-then-a-gap"),
        pytest.param(["2025-12-29"], 0, id="two-weeks-ago-is-broken"),
    ],
)
def test_streak(weeks: list[str], expected: int) -> None:
    assert activity.streak(Counter(D(w) for w in weeks), TODAY) == expected


def test_active_weeks_count_learning_only() -> None:
    events = [
        event("done", "a", "2026-01-12T09:00"),
        event("log", "talk", "2026-01-13T09:00"),
        event("review", "a", "2026-01-06T09:00", confidence=4),
        event("start", "b", "2026-01-13T09:00"),
        event("skip", "c", "2026-01-13T09:00"),
        event("note", "c", "2026-01-13T09:00", text="hm"),
        event("done", "b", "2026-01-13T09:00", batch="gone"),
        event("undo", None, "2026-01-13T10:00", undoes="gone"),
        event("done", "c", "2026-01-04T23:30"),  # Monday 00:30 at +01:00
    ]
    learning = derive(tiny(), events).learning
    found = activity.active_weeks(learning, timezone(timedelta(hours=1)))
    assert found == Counter({D("2026-01-12"): 2, D("2026-01-05"): 2})


def test_weekly_activity_oldest_first() -> None:
    found = activity.weekly_activity(
        Counter({D("2026-01-12"): 2, D("2025-12-29"): 1}),
        [(D("2026-01-13"), 2.0), (D("2025-12-30"), 1.5), (D("2026-01-14"), 1.0)],
        [D("2026-01-13")],
        TODAY,
        weeks=3,
    )
    assert found == [
        WeekActivity(D("2025-12-29"), 1, 1.5, 0),
        WeekActivity(D("2026-01-05"), 0, 0.0, 0),
        WeekActivity(D("2026-01-12"), 2, 3.0, 1),
    ]

"""insights.py without the CLI: what `status` says about hours, pace, target and activity."""

from __future__ import annotations

import pytest

from tests.core.test_planning import NOW, TODAY, D, event, tiny
from tpmpath.core import activity, insights
from tpmpath.core.activity import WeekActivity
from tpmpath.core.insights import Target
from tpmpath.core.models import Progress, Settings
from tpmpath.core.pace import Pace
from tpmpath.core.progress import derive


@pytest.mark.parametrize(
    ("target", "pace", "expected"),
    [
        ("2026-01-13", 9.0, Target(D("2026-01-13"), 0, None, None)),
        ("2026-01-27", 3.0, Target(D("2026-01-27"), 14, 2.5, True)),
        ("2026-01-27", 2.5, Target(D("2026-01-27"), 14, 2.5, True)),
        ("2026-01-27", 2.0, Target(D("2026-01-27"), 14, 2.5, False)),
        ("2026-01-27", None, Target(D("2026-01-27"), 14, 2.5, None)),
    ],
)
def test_judge_target(target: str, pace: float | None, expected: Target) -> None:
    measured = None if pace is None else Pace(pace, pace, TODAY, 1.0)
    assert insights.judge_target(D(target), 5.0, TODAY, measured) == expected


def test_insights_for_status() -> None:
    curriculum = tiny()
    events = [
        event("done", "a", "2026-01-05T10:00"),
        event("log", "talk", "2026-01-08T10:00"),
        event("done", "c", "2026-01-13T10:00"),
    ]
    progress = Progress(
        curriculum_id="tiny",
        settings=Settings(hours_per_week=5, target_date=D("2026-03-01")),
        events=events,
    )
    found = insights.insights(curriculum, progress, derive(curriculum, events), NOW)
    assert (found.hours_total, found.hours_done, found.hours_remaining) == (8.0, 3.0, 5.0)
    assert (found.unestimated, found.unestimated_left) == (2, 1)
    assert found.pace == Pace(3 / (10 / 7), 3.0, D("2026-01-05"), 10 / 7)
    assert (found.setting, found.finish, found.finish_basis) == (5, D("2026-01-30"), "pace")
    assert found.target == Target(D("2026-03-01"), 47, 5 * 7 / 47, True)
    assert (found.streak, found.weeks[-1], found.weeks[-2].events) == (
        2,
        WeekActivity(D("2026-01-12"), 1, 0.0, 1),
        2,
    )
    assert len(found.weeks) == activity.ACTIVITY_WEEKS


def test_insights_finish_falls_back_to_the_setting() -> None:
    curriculum = tiny()
    progress = Progress(curriculum_id="tiny", settings=Settings(hours_per_week=7))
    found = insights.insights(curriculum, progress, derive(curriculum, []), NOW)
    assert (found.pace, found.finish, found.finish_basis) == (None, D("2026-01-21"), "setting")
    assert (found.target, found.streak) == (None, 0)

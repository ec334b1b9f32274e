"""pace.py without the CLI: the completed work, each part on its date, and the measured pace."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from tests.core.test_planning import TODAY, D, event, tiny
from tpmpath.core import pace
from tpmpath.core.models import Curriculum, Event
from tpmpath.core.pace import Pace
from tpmpath.core.progress import derive


def work_of(curriculum: Curriculum, *events: Event) -> list[tuple[date, float]]:
    return pace.completed_work(curriculum, derive(curriculum, events).states, UTC)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param([], [], id="nothing"),
        pytest.param(
            [event("done", "a", "2026-01-05T10:00"), event("done", "c", "2026-01-06T10:00")],
            [("2026-01-05", 2.0)],
            id="done-counts-its-estimate-unestimated-counts-nothing",
        ),
        pytest.param(
            [event("skip", "a", "2026-01-05T10:00"), event("start", "b", "2026-01-05T10:00")],
            [],
            id="skipped-and-started-count-nothing",
        ),
        pytest.param(
            [event("log", "talk", "2026-01-06T10:00"), event("log", "talk", "2026-01-08T10:00")],
            [("2026-01-06", 1.0), ("2026-01-08", 1.0)],
            id="each-log-is-a-share-of-a-practice",
        ),
        pytest.param(
            [event("log", "talk", "2026-01-06T10:00"), event("done", "talk", "2026-01-09T10:00")],
            [("2026-01-06", 1.0), ("2026-01-09", 2.0)],
            id="done-early-completes-the-rest",
        ),
        pytest.param(
            [event("log", "talk", f"2026-01-0{day}T10:00") for day in range(5, 9)],
            [("2026-01-05", 1.0), ("2026-01-06", 1.0), ("2026-01-07", 1.0)],
            id="logs-beyond-the-target-add-nothing",
        ),
        pytest.param(
            [
                event("log", "talk", "2026-01-05T10:00"),
                event("log", "talk", "2026-01-06T10:00"),
                event("reset", "talk", "2026-01-07T10:00"),
                event("log", "talk", "2026-01-08T10:00"),
            ],
            [("2026-01-08", 1.0)],
            id="a-reset-takes-work-back",
        ),
        pytest.param(
            [
                event("done", "a", "2026-01-05T10:00", batch="x"),
                event("undo", None, "2026-01-05T11:00", undoes="x"),
            ],
            [],
            id="an-undo-takes-work-back",
        ),
        pytest.param(
            [
                event(
                    "done",
                    "a",
                    "2025-10-01T12:00",
                    recorded_at=D("2026-01-12").isoformat() + "T10:00:00+00:00",
                ),
                event("skip", "b", "2026-01-12T10:00"),
            ],
            [("2025-10-01", 2.0)],
            id="backdated-done-counts-when-it-happened-skipped-counts-nothing",
        ),
    ],
)
def test_completed_work(events: list[Event], expected: list[tuple[str, float]]) -> None:
    assert work_of(tiny(), *events) == [(D(day), hours) for day, hours in expected]


@pytest.mark.parametrize(
    ("work", "expected"),
    [
        pytest.param([], None, id="no-history"),
        pytest.param([("2025-12-01", 5.0)], None, id="only-before-the-window"),
        pytest.param([("2026-01-12", 2.0)], Pace(2.0, 2.0, D("2026-01-12"), 1.0), id="this-week"),
        pytest.param(
            [("2026-01-05", 3.0)],
            Pace(2.1, 3.0, D("2026-01-05"), 10 / 7),
            id="since-last-week-10-days",
        ),
        pytest.param(
            [("2025-11-03", 10.0), ("2025-12-16", 4.0), ("2026-01-13", 5.0)],
            Pace(9 * 7 / 31, 9.0, D("2025-12-15"), 31 / 7),
            id="gaps-4-full-weeks-and-this-one",
        ),
        pytest.param(
            [("2025-12-15", 1.0), ("2025-12-14", 7.0)],
            Pace(7 / 31, 1.0, D("2025-12-15"), 31 / 7),
            id="window-starts-on-a-monday",
        ),
        pytest.param(
            [("2026-01-20", 5.0), ("2026-01-12", 1.0)],
            Pace(1.0, 1.0, D("2026-01-12"), 1.0),
            id="future-dated-work-is-ignored",
        ),
    ],
)
def test_measure_pace(work: list[tuple[str, float]], expected: Pace | None) -> None:
    found = pace.measure_pace([(D(day), hours) for day, hours in work], TODAY)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found.since == expected.since
    assert found.hours == pytest.approx(expected.hours)
    assert found.weeks == pytest.approx(expected.weeks)
    assert found.hours_per_week == pytest.approx(expected.hours_per_week)


def test_work_marked_done_late_does_not_inflate_this_weeks_pace() -> None:
    recorded = "2026-01-14T09:00:00+00:00"
    backdated = event("done", "a", "2025-10-01T12:00", recorded_at=recorded)
    work = work_of(tiny(), backdated, event("skip", "b", "2026-01-14T09:00"))
    assert pace.measure_pace(work, date(2026, 1, 14)) is None

"""core.deadline without the CLI: the date to finish by, what it needs, and the pace `plan` uses."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
import yaml

from tests.conftest import TINY
from tpmpath.core import deadline
from tpmpath.core.deadline import Deadline, Plan, check_by, passed_target, plan_for
from tpmpath.core.models import Curriculum, Event, Settings
from tpmpath.core.progress import TopicState, derive
from tpmpath.errors import InvalidInputError

D = date.fromisoformat
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)  # a Wednesday
CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))  # 8 h estimated: a 2, b 3, talk 3


def states(*done: tuple[str, str]) -> dict[str, TopicState]:
    """The tiny curriculum with these (topic, ISO day) marked done."""
    events = [
        Event(
            id=uuid.uuid4().hex,
            at=datetime.fromisoformat(f"{day}T10:00:00+00:00"),
            batch=uuid.uuid4().hex,
            action="done",
            topic=topic,
        )
        for topic, day in done
    ]
    return derive(CURRICULUM, events).states


@pytest.mark.parametrize(
    ("by", "target", "expected"),
    [
        (None, None, None),
        (D("2026-01-27"), None, Deadline(D("2026-01-27"), "option", 4.0)),
        (D("2026-01-27"), D("2026-03-01"), Deadline(D("2026-01-27"), "option", 4.0)),
        (None, D("2026-01-27"), Deadline(D("2026-01-27"), "setting", 4.0)),
        (None, D("2026-01-14"), Deadline(D("2026-01-14"), "setting", 56.0)),
        (None, D("2026-01-13"), None),
    ],
)
def test_the_date_to_finish_by(by: date | None, target: date | None, expected: object) -> None:
    assert deadline.deadline(by, target, 8.0, D("2026-01-14")) == expected


@pytest.mark.parametrize(
    ("finish", "late", "in_time"),
    [("2026-01-20", -7, True), ("2026-01-27", 0, True), ("2026-02-10", 14, False)],
)
def test_days_late(finish: str, late: int, in_time: bool) -> None:
    due = Deadline(D("2026-01-27"), "option", 4.0)
    assert (due.days_late(D(finish)), due.in_time(D(finish))) == (late, in_time)


def test_nothing_to_finish_is_in_time() -> None:
    assert Deadline(D("2026-01-27"), "option", 0.0).in_time(None)


@pytest.mark.parametrize(("required", "possible"), [(168.0, True), (168.5, False)])
def test_a_deadline_needing_more_than_a_week_is_impossible(required: float, possible: bool) -> None:
    assert Deadline(D("2026-01-14"), "option", required).possible is possible


@pytest.mark.parametrize(
    ("by", "start", "error"),
    [
        ("2026-01-13", "2026-01-14", "--by 2026-01-13 is in the past (today is 2026-01-14)"),
        ("2026-01-20", "2026-02-01", "--by 2026-01-20 is before --start 2026-02-01"),
    ],
)
def test_check_by_refuses(by: str, start: str, error: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        check_by(D(by), D("2026-01-14"), D(start))
    assert raised.value.message == error + ": give a later date."


def test_check_by_accepts_today_and_the_start() -> None:
    check_by(D("2026-01-14"), D("2026-01-14"), D("2026-01-14"))
    check_by(D("2026-02-01"), D("2026-01-14"), D("2026-02-01"))


@pytest.mark.parametrize(
    ("target", "begin", "passed"),
    [
        (None, "2026-01-14", None),
        ("2026-01-14", "2026-01-14", None),
        ("2026-01-13", "2026-01-14", "2026-01-13"),
    ],
)
def test_passed_target(target: str | None, begin: str, passed: str | None) -> None:
    found = passed_target(D(target) if target else None, D(begin))
    assert found == (D(passed) if passed else None)


def plan(
    settings: Settings | None = None,
    done: tuple[tuple[str, str], ...] = (),
    *,
    hours_per_week: float | None = None,
    start: date | None = None,
    by: date | None = None,
) -> Plan:
    """`plan_for` on the tiny curriculum at NOW."""
    return plan_for(
        CURRICULUM,
        states(*done),
        settings or Settings(),
        NOW,
        hours_per_week=hours_per_week,
        start=start,
        by=by,
    )


HISTORY = (("a", "2026-01-05"), ("talk", "2026-01-13"))
"""5 h since Monday 2026-01-05: a pace of 5 / (10 / 7) = 3.5 h/week on 2026-01-14."""


@pytest.mark.parametrize(
    ("settings", "done", "options", "basis", "rate"),
    [
        (None, (), {"hours_per_week": 7.0}, "option", 7.0),
        (Settings(hours_per_week=3), HISTORY, {"hours_per_week": 7.0}, "option", 7.0),
        (Settings(hours_per_week=3), HISTORY, {}, "setting", 3.0),
        (None, HISTORY, {}, "pace", 3.5),
        (None, HISTORY, {"by": D("2026-01-27")}, "pace", 3.5),
        (None, (), {"by": D("2026-01-27")}, "by", 4.0),
    ],
)
def test_the_pace_the_plan_uses(
    settings: Settings | None,
    done: tuple[tuple[str, str], ...],
    options: dict[str, Any],
    basis: str,
    rate: float,
) -> None:
    found = plan(settings, done, **options)
    assert (found.basis, found.schedule.hours_per_week) == (basis, pytest.approx(rate))


def test_the_plan_keeps_pace_and_deadline() -> None:
    found = plan(Settings(target_date=D("2026-01-27")), HISTORY, hours_per_week=7.0)
    assert found.pace is not None and found.pace.hours == 5.0
    assert found.deadline == Deadline(D("2026-01-27"), "setting", 1.5)  # 3 h left in 14 days
    assert (found.schedule.start, found.passed_target) == (D("2026-01-14"), None)


@pytest.mark.parametrize(
    ("done", "why"),
    [
        ((), "you have not completed any estimated work yet"),
        (
            (("a", "2025-11-03"),),
            "you completed no estimated work in the last 4 full weeks or this one",
        ),
    ],
)
def test_no_pace_to_plan_with(done: tuple[tuple[str, str], ...], why: str) -> None:
    # A target date from the settings alone never sets the pace.
    with pytest.raises(InvalidInputError) as raised:
        plan(Settings(target_date=D("2026-01-27")), done)
    assert raised.value.message == f"No pace to plan with: {why}, and hours-per-week is not set."
    assert raised.value.hint == (
        "Pass --hours-per-week H, or set it once with `tpmpath config set hours-per-week H`."
    )


def test_a_target_date_before_the_start_is_left_out() -> None:
    settings = Settings(target_date=D("2026-01-20"))
    found = plan(settings, hours_per_week=7.0, start=D("2026-02-02"))
    assert (found.deadline, found.passed_target) == (None, D("2026-01-20"))
    assert found.schedule.start == D("2026-02-02")
    with_by = plan(settings, hours_per_week=7.0, start=D("2026-02-02"), by=D("2026-03-02"))
    assert with_by.passed_target is None
    assert with_by.deadline is not None and with_by.deadline.source == "option"


def test_a_wrong_by_is_refused_before_planning() -> None:
    with pytest.raises(InvalidInputError, match="is in the past"):
        plan(by=D("2026-01-13"))


def test_nothing_left_needs_no_pace() -> None:
    done = (("a", "2025-01-01"), ("b", "2025-01-01"), ("talk", "2025-01-01"))
    found = plan(done=done)
    assert (found.basis, found.schedule.topics, found.schedule.finish) == (None, [], None)
    assert [item.topic.id for item in found.schedule.unestimated] == ["c", "d"]

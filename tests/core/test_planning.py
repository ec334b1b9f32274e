"""planning.py without the CLI: parsing, requires order, remaining hours, schedules, the rate."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from tests.conftest import TINY
from tpmpath.core import insights, planning
from tpmpath.core.models import Curriculum, Event, Progress, Settings, Topic
from tpmpath.core.pace import Pace
from tpmpath.core.planning import Remaining
from tpmpath.core.progress import derive
from tpmpath.errors import InvalidInputError

D = date.fromisoformat
TODAY = D("2026-01-14")  # a Wednesday; its week starts Monday 2026-01-12
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)


def tiny() -> Curriculum:
    return Curriculum.model_validate(yaml.safe_load(TINY))


def flat(*topics: dict[str, Any]) -> Curriculum:
    """A one-step curriculum of these topics."""
    step = {"id": "s", "title": "S", "topics": list(topics)}
    return Curriculum.model_validate({"id": "c", "title": "C", "version": "1", "steps": [step]})


def event(action: str, topic: str | None, when: str, **fields: Any) -> Event:
    """An event at an ISO time (UTC unless it says otherwise), in a batch of its own."""
    at = datetime.fromisoformat(when if "+" in when else when + "+00:00")
    batch = fields.pop("batch", uuid.uuid4().hex)
    return Event(id=uuid.uuid4().hex, at=at, batch=batch, action=action, topic=topic, **fields)


@pytest.mark.parametrize(
    ("text", "value"), [("5", 5.0), ("2.5", 2.5), ("168", 168.0), ("0.25", 0.25)]
)
def test_parse_hours_per_week(text: str, value: float) -> None:
    assert planning.parse_hours_per_week(text) == value


@pytest.mark.parametrize(
    "text",
    # 5e-324 and 0.1 were taken once: a plan then divided by zero or ran past the year 9999.
    ["0", "-1", "5e-324", "0.1", "0.2499", "168.01", "169", "nan", "inf"],
)
def test_parse_hours_per_week_out_of_bounds(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        planning.parse_hours_per_week(text)
    assert str(caught.value) == (
        f"Hours per week must be at least 0.25 and at most 168 (a whole week), not {text}."
    )


def test_parse_hours_per_week_not_a_number() -> None:
    with pytest.raises(InvalidInputError) as caught:
        planning.parse_hours_per_week("five")
    assert str(caught.value) == "'five' is not a number of hours: give one like 5 or 2.5."


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(0.25, 0.25), (168, 168.0), (None, None), (0.1, 0.25), (5e-324, 0.25)],
)
def test_settings_keep_hours_per_week_in_bounds(stored: float | None, expected: float) -> None:
    # A rate below the floor that an older tpmpath stored plans at the floor: the file stays
    # readable (data-safety promise 7) and a plan can no longer divide by zero.
    assert Settings(hours_per_week=stored).hours_per_week == expected


def test_settings_and_parsing_share_the_bounds() -> None:
    low, high = planning.MIN_HOURS_PER_WEEK, planning.MAX_HOURS_PER_WEEK
    for bound in (low, high):
        assert Settings(hours_per_week=bound).hours_per_week == bound
        assert planning.parse_hours_per_week(repr(bound)) == bound
    with pytest.raises(InvalidInputError):
        planning.parse_hours_per_week(repr(math.nextafter(low, 0)))
    with pytest.raises(ValidationError):
        Settings(hours_per_week=math.nextafter(high, 200))


@pytest.mark.parametrize("stored", [0, -1, 168.01, float("nan"), float("inf"), "0.1"])
def test_settings_refuse_hours_per_week_out_of_bounds(stored: object) -> None:
    with pytest.raises(ValidationError):
        Settings.model_validate({"hours_per_week": stored})


def test_parse_date() -> None:
    assert planning.parse_date("2027-03-31") == D("2027-03-31")
    for bad, why in [
        ("2027-02-30", "day is out of range for month"),
        ("20270331", "expected YYYY-MM-DD"),
        ("31/03/2027", "expected YYYY-MM-DD"),
        ("2027-W13-3", "expected YYYY-MM-DD"),
    ]:
        with pytest.raises(InvalidInputError) as caught:
            planning.parse_date(bad)
        assert str(caught.value) == (
            f"'{bad}' is not a date ({why}): write it as YYYY-MM-DD, e.g. 2027-03-31."
        )


# order and remaining hours


@pytest.mark.parametrize(
    ("topics", "given", "expected"),
    [
        pytest.param(
            [
                {"id": "p", "title": "P", "requires": ["r"]},
                {"id": "q", "title": "Q"},
                {"id": "r", "title": "R"},
                {"id": "s", "title": "S", "requires": ["p"]},
                {"id": "t", "title": "T", "requires": ["s", "q"]},
            ],
            "pqrst",
            "qrpst",
            id="requires-first-else-curriculum-order",
        ),
        pytest.param(
            [{"id": "p", "title": "P"}, {"id": "s", "title": "S", "requires": ["p"]}],
            "s",
            "s",
            id="requirements-outside-the-set-are-met",
        ),
        pytest.param(
            [
                {"id": "x", "title": "X", "requires": ["y"]},
                {"id": "y", "title": "Y", "requires": ["x"]},
                {"id": "z", "title": "Z"},
            ],
            "xyz",
            "zxy",
            id="a-cycle-keeps-curriculum-order",
        ),
    ],
)
def test_requires_order(topics: list[dict[str, Any]], given: str, expected: str) -> None:
    curriculum = flat(*topics)
    ordered = planning.requires_order(curriculum, [curriculum.topic_by_id[i] for i in given])
    assert "".join(t.id for t in ordered) == expected


def test_remaining_in_next_order_then_blocked() -> None:
    curriculum = tiny()
    items = planning.remaining(curriculum, derive(curriculum, []).states)
    assert [(i.topic.id, i.status, i.hours, i.blocked) for i in items] == [
        ("a", "todo", 2.0, False),
        ("c", "todo", None, False),
        ("talk", "todo", 3.0, False),
        ("b", "todo", 3.0, True),
        ("d", "todo", None, True),
    ]


def test_remaining_in_progress_first_and_practice_credit() -> None:
    curriculum = tiny()
    events = [event("log", "talk", "2026-01-05T10:00"), event("done", "a", "2026-01-05T10:00")]
    events.append(event("start", "c", "2026-01-06T10:00"))
    items = planning.remaining(curriculum, derive(curriculum, events).states)
    assert [(i.topic.id, i.status, i.hours, i.blocked) for i in items] == [
        ("c", "in_progress", None, False),
        ("talk", "in_progress", 2.0, False),
        ("b", "todo", 3.0, False),
        ("d", "todo", None, True),
    ]


# schedules


def items(*specs: tuple[str, float | None]) -> list[Remaining]:
    return [Remaining(Topic(id=i, title=i.upper()), "todo", h, False) for i, h in specs]


def weeks_of(
    found: planning.Schedule,
) -> list[tuple[int, str, str, float, list[tuple[str, float]]]]:
    return [
        (
            w.number,
            w.start.isoformat(),
            w.end.isoformat(),
            round(w.hours, 6),
            [(i, round(h, 6)) for i, h in w.topics],
        )
        for w in found.weeks
    ]


def days_of(found: planning.Schedule) -> list[tuple[str, str, str]]:
    return [(p.item.topic.id, p.start.isoformat(), p.finish.isoformat()) for p in found.topics]


@pytest.mark.parametrize(
    ("specs", "rate", "start", "weeks", "days"),
    [
        pytest.param(
            [("a", 2), ("b", 3), ("c", 3)],
            7,
            "2026-01-14",
            [
                (1, "2026-01-14", "2026-01-18", 5, [("a", 2), ("b", 3)]),
                (2, "2026-01-19", "2026-01-25", 3, [("c", 3)]),
            ],
            [
                ("a", "2026-01-14", "2026-01-15"),
                ("b", "2026-01-16", "2026-01-18"),
                ("c", "2026-01-19", "2026-01-21"),
            ],
            id="first-week-from-the-start-day-to-sunday",
        ),
        pytest.param(
            [("x", 16)],
            7,
            "2026-01-12",
            [
                (1, "2026-01-12", "2026-01-18", 7, [("x", 7)]),
                (2, "2026-01-19", "2026-01-25", 7, [("x", 7)]),
                (3, "2026-01-26", "2026-02-01", 2, [("x", 2)]),
            ],
            [("x", "2026-01-12", "2026-01-27")],
            id="a-topic-spans-weeks",
        ),
        pytest.param(
            [("a", 1), ("b", 3)],
            14,
            "2026-01-18",
            [
                (1, "2026-01-18", "2026-01-18", 2, [("a", 1), ("b", 1)]),
                (2, "2026-01-19", "2026-01-25", 2, [("b", 2)]),
            ],
            [("a", "2026-01-18", "2026-01-18"), ("b", "2026-01-18", "2026-01-19")],
            id="a-sunday-start-gets-one-day",
        ),
        pytest.param(
            [("a", 2.5), ("b", 2.5), ("c", 1)],
            5,
            "2026-01-12",
            [
                (1, "2026-01-12", "2026-01-18", 5, [("a", 2.5), ("b", 2.5)]),
                (2, "2026-01-19", "2026-01-25", 1, [("c", 1)]),
            ],
            [
                ("a", "2026-01-12", "2026-01-15"),
                ("b", "2026-01-15", "2026-01-18"),
                ("c", "2026-01-19", "2026-01-20"),
            ],
            id="fractional-days-fill-a-week-exactly",
        ),
        pytest.param(
            [("a", 2), ("u", None), ("z", 0), ("b", 1)],
            7,
            "2026-01-12",
            [(1, "2026-01-12", "2026-01-18", 3, [("a", 2), ("z", 0), ("b", 1)])],
            [
                ("a", "2026-01-12", "2026-01-13"),
                ("z", "2026-01-14", "2026-01-14"),
                ("b", "2026-01-14", "2026-01-14"),
            ],
            id="unestimated-left-out-zero-hours-kept",
        ),
    ],
)
def test_schedule(
    specs: list[tuple[str, float | None]],
    rate: float,
    start: str,
    weeks: list[Any],
    days: list[tuple[str, str, str]],
) -> None:
    found = planning.schedule(items(*specs), rate, D(start))
    assert weeks_of(found) == weeks
    assert days_of(found) == days
    assert found.finish == D(days[-1][2])
    assert [i.topic.id for i in found.unestimated] == [i for i, h in specs if h is None]


def test_schedule_with_nothing_to_place() -> None:
    found = planning.schedule(items(("u", None)), 5, TODAY)
    assert (found.topics, found.weeks, found.finish, found.hours) == ([], [], None, 0.0)


@pytest.mark.parametrize(
    ("specs", "rate", "start"),
    [
        pytest.param([("a", 1000)], 0.001, "2026-01-14", id="too-slow"),
        pytest.param([("a", 1000)], 0, "2026-01-14", id="no-hours-at-all"),
        # These raised OverflowError: the last week would end in the year 10000.
        pytest.param([("a", 8)], 14, "9999-12-25", id="ends-in-the-last-part-week"),
        pytest.param([("a", 8)], 168, "9999-12-27", id="starts-in-the-last-part-week"),
        # a ends with Sunday 9999-12-26: z, of zero hours, starts on the Monday after.
        pytest.param([("a", 24), ("z", 0)], 168, "9999-12-26", id="a-zero-hour-topic-after-it"),
        pytest.param([("z", 0)], 168, "9999-12-31", id="only-zero-hours"),
    ],
)
def test_schedule_past_year_9999_is_an_error(
    specs: list[tuple[str, float | None]], rate: float, start: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        planning.schedule(items(*specs), rate, D(start))
    assert str(caught.value) == (
        f"This plan would end after the year 9999 (it starts {start}): "
        "plan more hours a week, or start earlier."
    )


@pytest.mark.parametrize(
    ("specs", "start", "weeks"),
    [
        pytest.param(
            [("a", 8)], "9999-12-25", [(1, "9999-12-25", "9999-12-26", 8, [("a", 8)])], id="sat"
        ),
        pytest.param(
            [("a", 24)],
            "9999-12-26",
            [(1, "9999-12-26", "9999-12-26", 24, [("a", 24)])],
            id="the-last-whole-week-ends-on-sunday-9999-12-26",
        ),
        pytest.param([("u", None)], "9999-12-31", [], id="nothing-to-place-on-the-last-day"),
    ],
)
def test_schedule_up_to_the_last_sunday(
    specs: list[tuple[str, float | None]], start: str, weeks: list[Any]
) -> None:
    found = planning.schedule(items(*specs), 168, D(start))
    assert weeks_of(found) == weeks


@pytest.mark.parametrize(
    ("hours", "rate", "start", "finish"),
    [
        (0, 5, "2026-01-12", None),
        (7, 7, "2026-01-12", "2026-01-18"),
        (7.5, 7, "2026-01-12", "2026-01-19"),
        (1, 168, "2026-01-12", "2026-01-12"),
        (5, 2.1, "2026-01-14", "2026-01-30"),
        (1000, 0.001, "2026-01-14", None),
        (1, 0, "2026-01-14", None),
        (24, 168, "9999-12-31", "9999-12-31"),
        (25, 168, "9999-12-31", None),
    ],
)
def test_finish_date(hours: float, rate: float, start: str, finish: str | None) -> None:
    expected = None if finish is None else D(finish)
    assert planning.finish_date(hours, rate, D(start)) == expected


@pytest.mark.parametrize(
    ("hours", "start", "by", "required"),
    [
        (10, "2026-01-14", "2026-01-14", 70.0),
        (10, "2026-01-14", "2026-01-27", 5.0),
        (6, "2026-01-14", "2027-03-31", 6 * 7 / 442),
        (0, "2026-01-14", "2026-02-01", 0.0),
    ],
)
def test_required_hours_per_week(hours: float, start: str, by: str, required: float) -> None:
    found = planning.required_hours_per_week(hours, D(start), D(by))
    assert found == pytest.approx(required)
    if hours:  # planning at that rate finishes on the day itself
        assert planning.finish_date(hours, found, D(start)) == D(by)


def test_required_hours_before_the_start_is_an_error() -> None:
    with pytest.raises(InvalidInputError) as caught:
        planning.required_hours_per_week(5, TODAY, D("2026-01-13"))
    assert str(caught.value) == "2026-01-13 is before 2026-01-14: pick a later date."


@pytest.mark.parametrize(
    ("option", "setting", "pace", "required", "expected"),
    [
        (6.0, 5.0, 4.0, 3.0, (6.0, "option")),
        (None, 5.0, 4.0, 3.0, (5.0, "setting")),
        (None, None, 4.0, 3.0, (4.0, "pace")),
        (None, None, None, 3.0, (3.0, "by")),
        (None, None, None, 0.0, None),
        (None, None, None, None, None),
    ],
)
def test_choose_rate(
    option: float | None,
    setting: float | None,
    pace: float | None,
    required: float | None,
    expected: tuple[float, str] | None,
) -> None:
    measured = None if pace is None else Pace(pace, pace, TODAY, 1.0)
    assert planning.choose_rate(option, setting, measured, required) == expected


def test_ten_thousand_topics_with_a_long_chain_plan_in_order() -> None:
    # Speed is measured in benchmarks/, never asserted here (machines are noisy).
    count = 10_000
    # Every topic requires the next one: the topological order has to reverse the curriculum.
    topics = [
        {"id": f"t{i}", "title": f"T{i}", "estimate_hours": 1.5}
        | ({"requires": [f"t{i + 1}"]} if i + 1 < count else {})
        for i in range(count)
    ]
    curriculum = flat(*topics)
    # The even topics of the second half are started, so the first half waits on a long chain.
    events = [event("log", f"t{i}", "2026-01-12T10:00") for i in range(count // 2, count, 2)]
    states = derive(curriculum, events).states
    remaining = planning.remaining(curriculum, states)
    found = planning.schedule(remaining, 5, TODAY)
    progress = Progress(curriculum_id="c", events=events)
    insights.insights(curriculum, progress, derive(curriculum, events), NOW)
    ids = [r.topic.id for r in remaining]
    assert ids[:2] == ["t5000", "t5002"] and ids[2500] == "t9999"  # in progress, then ready
    assert ids[2501:2503] == ["t4999", "t4998"] and ids[7500:7502] == ["t0", "t5001"]
    assert ids[-1] == "t9997" and len(ids) == count
    assert found.hours == pytest.approx(count * 1.5)
    assert len(found.weeks) == 3001


# Practices recur: a session a week from week 1, beside the reading


def _practice_plan(hours_per_week: float, *practices: dict[str, Any]) -> planning.Schedule:
    reading = [{"id": f"r{n}", "title": f"R{n}", "estimate_hours": 10} for n in range(3)]
    curriculum = flat(*reading, *practices)
    states = derive(curriculum, []).states
    return planning.schedule(
        planning.remaining(curriculum, states), hours_per_week, D("2026-01-12")
    )


def test_a_practice_gets_a_session_every_week_from_week_1() -> None:
    talk = {"id": "talk", "title": "Talk", "estimate_hours": 5, "target": 5}
    found = _practice_plan(7, talk)
    weekly = [dict(week.topics).get("talk") for week in found.weeks]
    assert weekly[:5] == [1.0, 1.0, 1.0, 1.0, 1.0]  # one 1 h session a week, not a 5 h block
    assert [week.topics[0][0] for week in found.weeks[:5]] == ["talk"] * 5
    planned = {p.item.topic.id: p for p in found.topics}
    assert (planned["talk"].start, planned["talk"].finish) == (D("2026-01-12"), D("2026-02-09"))
    assert found.hours == 35 and found.finish == planned["r2"].finish


def test_practices_take_at_most_half_of_a_week_while_there_is_reading() -> None:
    many = [{"id": f"p{n}", "title": f"P{n}", "estimate_hours": 6, "target": 2} for n in range(3)]
    found = _practice_plan(4, *many)
    first = dict(found.weeks[0].topics)
    assert sum(first.get(f"p{n}", 0.0) for n in range(3)) == pytest.approx(2.0)
    assert first["r0"] == pytest.approx(2.0)  # the reading goes on in week 1
    assert dict(found.weeks[1].topics).get("p1") is not None  # the next practice's turn


def test_a_blocked_practice_is_placed_in_order_not_spread() -> None:
    needs = {"id": "talk", "title": "T", "estimate_hours": 3, "target": 3, "requires": ["r0"]}
    found = _practice_plan(7, needs)
    assert planning.spread([p.item for p in found.topics]) == []
    assert [topic for topic, _ in found.weeks[0].topics] == ["r0"]

"""Deriving practices from events: counting logs towards a target, partial credit, notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml

from tests.conftest import TINY
from tpmpath.core.changes import undo_event
from tpmpath.core.models import Curriculum, Event
from tpmpath.core.progress import TopicState, after, derive, summarize, undone_batches

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))


def ev(n: int, action: str, topic: str = "talk", **kw: object) -> Event:
    """An event n minutes after T0, in its own batch."""
    at = T0 + timedelta(minutes=n)
    return Event.model_validate(
        {"id": f"e{n}", "at": at, "batch": f"b{n}", "action": action, "topic": topic} | kw
    )


def state(events: list[Event], topic: str = "talk") -> TopicState:
    return derive(CURRICULUM, events).states[topic]


def logs(first: int, count: int, topic: str = "talk") -> list[Event]:
    return [ev(first + i, "log", topic) for i in range(count)]


@pytest.mark.parametrize(
    ("count", "status", "completed_minute"),
    [(0, "todo", None), (1, "in_progress", None), (2, "in_progress", None), (3, "done", 2)],
)
def test_logs_count_to_the_target(count: int, status: str, completed_minute: int | None) -> None:
    talk = state(logs(0, count))
    assert (talk.status, talk.count, len(talk.logs)) == (status, count, count)
    expected = None if completed_minute is None else T0 + timedelta(minutes=completed_minute)
    assert talk.completed_at == expected
    assert talk.started_at == (T0 if count else None)


def test_logging_past_the_target_keeps_counting_and_stays_done() -> None:
    talk = state(logs(0, 5))
    assert (talk.status, talk.count, talk.completed_at) == ("done", 5, T0 + timedelta(minutes=2))


@pytest.mark.parametrize(
    ("before", "status"),
    [
        ([], "in_progress"),
        ([ev(0, "start", "a")], "in_progress"),
        ([ev(0, "done", "a")], "done"),
        ([ev(0, "skip", "a")], "skipped"),
    ],
)
def test_log_without_target_is_evidence(before: list[Event], status: str) -> None:
    a = state([*before, *logs(1, 2, "a")], "a")
    assert (a.status, a.count) == (status, 2)


@pytest.mark.parametrize(
    ("before", "status"),
    [([ev(0, "done")], "done"), ([ev(0, "skip")], "skipped")],
)
def test_a_finished_practice_is_not_moved_by_logs(before: list[Event], status: str) -> None:
    talk = state([*before, *logs(1, 4)])
    assert (talk.status, talk.count, talk.completed_at) == (
        status,
        4,
        T0 if status == "done" else None,
    )


def test_reset_clears_the_count_and_keeps_the_history() -> None:
    talk = state([*logs(0, 3), ev(10, "reset"), ev(11, "log")])
    assert (talk.status, talk.count, len(talk.logs)) == ("in_progress", 1, 4)


def test_undo_of_a_log() -> None:
    events = logs(0, 3)
    undo, reverted = undo_event(events, undone_batches(events), T0 + timedelta(hours=1))
    assert [e.id for e in reverted] == ["e2"]
    talk = state([*events, undo])
    assert (talk.status, talk.count, talk.completed_at) == ("in_progress", 2, None)


@pytest.mark.parametrize(
    ("count", "step_percent", "overall_percent"),
    [
        (0, 0.0, 0.0),
        (1, 16.7, 6.7),  # round(100 * (1/3) / 2, 1), round(100 * (1/3) / 5, 1)
        (2, 33.3, 13.3),
        (3, 50.0, 20.0),
        (7, 50.0, 20.0),  # past the target: still one topic's worth
    ],
)
def test_partial_credit_for_practices(
    count: int, step_percent: float, overall_percent: float
) -> None:
    *_, practice, overall = summarize(CURRICULUM, derive(CURRICULUM, logs(0, count)).states)
    assert (practice.percent, overall.percent) == (step_percent, overall_percent)


def test_partial_credit_counts_hours() -> None:
    *_, overall = summarize(CURRICULUM, derive(CURRICULUM, logs(0, 1)).states)
    assert (overall.hours_done, overall.in_progress, overall.done) == (1.0, 1, 0)


def test_notes_hold_logs_with_text_and_notes_but_not_bare_logs() -> None:
    events = [
        ev(0, "log"),
        ev(1, "log", text="Talked to Ana"),
        ev(2, "note", text="メモ 🚀"),
        ev(3, "note", link="https://example.com"),
    ]
    talk = state(events)
    assert [events[i].id for i in talk.notes] == ["e1", "e2", "e3"]
    assert [events[i].id for i in talk.logs] == ["e0", "e1"]
    assert talk.status == "in_progress"


def test_a_note_changes_no_status() -> None:
    assert state([ev(0, "note", "a", text="x")], "a").status == "todo"


def test_done_again_with_a_note_is_evidence_not_a_new_completion() -> None:
    events = [
        ev(0, "done", "a", confidence=2),
        ev(5, "review", "a", confidence=4),
        ev(9, "done", "a", text="the design doc", confidence=None),
    ]
    a = state(events, "a")
    assert (a.completed_at, a.confidence, len(a.reviews)) == (T0, 4, 1)
    a = state([*events, ev(10, "done", "a", link="https://x", confidence=5)], "a")
    assert (a.completed_at, a.confidence) == (T0, 5)


def test_completing_a_practice_by_logs_starts_a_fresh_schedule() -> None:
    events = [
        ev(0, "done", confidence=5),
        ev(1, "review", confidence=5),
        ev(2, "start"),
        *logs(3, 3),
    ]
    talk = state(events)
    assert (talk.status, talk.completed_at, talk.confidence, talk.reviews) == (
        "done",
        T0 + timedelta(minutes=5),
        None,
        [],
    )


@pytest.mark.parametrize("before", [0, 1, 2, 5])
def test_the_state_after_one_more_log_is_what_a_replay_gives(before: int) -> None:
    events = [*logs(0, before), ev(10, "reset"), *logs(11, 1)] if before == 5 else logs(0, before)
    derived = derive(CURRICULUM, events)
    kept = derive(CURRICULUM, events)
    one_more = ev(99, "log", text="and one more")
    assert after(CURRICULUM, derived, "talk", one_more) == state([*events, one_more])
    assert derived == kept  # the state it started from is left as it was

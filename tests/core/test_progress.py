"""The pure core: deriving statuses from events, summaries, next steps, undo, topic lookup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tpmpath.core.changes import Before, last_batch, merge_events, status_change, undo_event
from tpmpath.core.lookup import resolve_topic
from tpmpath.core.models import Curriculum, Event
from tpmpath.core.progress import blocked_topics, derive, next_topics, summarize, undone_batches
from tpmpath.errors import TpmpathError, UnknownTopicError

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CURRICULUM = Curriculum.model_validate(
    {
        "id": "t",
        "title": "T",
        "version": "1",
        "steps": [
            {
                "id": "one",
                "title": "One",
                "topics": [
                    {"id": "a", "title": "A", "estimate_hours": 2},
                    {"id": "b", "title": "B", "estimate_hours": 3, "requires": ["a"]},
                    {"id": "c", "title": "C", "renamed_from": ["old-c"]},
                ],
            },
            {
                "id": "two",
                "title": "Two",
                "topics": [
                    {"id": "talk", "title": "Talk", "target": 4, "estimate_hours": 4},
                    {"id": "d", "title": "D", "requires": ["b", "c"]},
                ],
            },
        ],
    }
)


def ev(
    n: int, action: str, topic: str | None = "a", batch: str | None = None, **kw: object
) -> Event:
    """An event n minutes after T0, in its own batch unless one is given."""
    return Event.model_validate(
        {
            "id": f"e{n}",
            "at": T0 + timedelta(minutes=n),
            "batch": batch or f"b{n}",
            "action": action,
            "topic": topic,
        }
        | kw
    )


def statuses(events: list[Event]) -> dict[str, str]:
    return {k: v.status for k, v in derive(CURRICULUM, events).states.items()}


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], {"a": "todo", "b": "todo", "c": "todo", "talk": "todo", "d": "todo"}),
        ([ev(1, "start")], {"a": "in_progress"}),
        ([ev(1, "done")], {"a": "done"}),
        ([ev(1, "start"), ev(2, "done")], {"a": "done"}),
        ([ev(1, "done"), ev(2, "reset")], {"a": "todo"}),
        ([ev(1, "skip")], {"a": "skipped"}),
        ([ev(1, "done"), ev(2, "start")], {"a": "in_progress"}),
        ([ev(1, "done", "old-c")], {"c": "done"}),
        ([ev(1, "log", "talk")], {"talk": "in_progress"}),
        ([ev(i, "log", "talk") for i in range(4)], {"talk": "done"}),
        ([ev(1, "note", text="hello")], {"a": "todo"}),
    ],
)
def test_derive_statuses(events: list[Event], expected: dict[str, str]) -> None:
    result = statuses(events)
    assert {k: result[k] for k in expected} == expected


def test_derive_dates_and_orphans() -> None:
    derived = derive(CURRICULUM, [ev(1, "start"), ev(5, "done"), ev(6, "done", "gone")])
    a = derived.states["a"]
    assert (a.started_at, a.completed_at) == (T0 + timedelta(minutes=1), T0 + timedelta(minutes=5))
    assert list(derived.orphans) == ["gone"]
    assert derived.orphans["gone"].status == "done"


def test_undo_reverts_a_whole_batch_and_walks_back() -> None:
    events = [ev(1, "done", "a"), ev(2, "done", "b", batch="x"), ev(3, "done", "c", batch="x")]
    undo, reverted = undo_event(events, undone_batches(events), T0 + timedelta(hours=1))
    assert [e.id for e in reverted] == ["e2", "e3"]
    events.append(undo)
    assert statuses(events) == {"a": "done", "b": "todo", "c": "todo", "talk": "todo", "d": "todo"}
    assert [e.id for e in last_batch(events, undone_batches(events))] == ["e1"]
    second, _ = undo_event(events, undone_batches(events), T0 + timedelta(hours=2))
    events.append(second)
    assert statuses(events)["a"] == "todo"
    with pytest.raises(TpmpathError, match="Nothing to undo"):
        undo_event(events, undone_batches(events), T0)


def test_summary_counts_percent_hours_and_partial_practice() -> None:
    events = [ev(1, "done", "a"), ev(2, "skip", "c"), ev(3, "log", "talk"), ev(4, "start", "b")]
    one, two, overall = summarize(CURRICULUM, derive(CURRICULUM, events).states)
    assert (one.total, one.done, one.skipped, one.in_progress, one.todo) == (3, 1, 1, 1, 0)
    assert (one.finished, two.finished, overall.finished) == (2, 0, 2)
    assert one.percent == 66.7
    assert two.percent == round(100 * 0.25 / 2, 1)
    assert overall.percent == round(100 * 2.25 / 5, 1)
    assert (overall.hours_total, overall.hours_done, overall.unestimated) == (9, 3, 2)


def test_next_in_progress_first_then_available_in_curriculum_order() -> None:
    states = derive(CURRICULUM, [ev(1, "start", "talk")]).states
    assert [t.id for t in next_topics(CURRICULUM, states)] == ["talk", "a", "c"]
    assert [t.id for t in blocked_topics(CURRICULUM, states)] == ["b", "d"]
    states = derive(CURRICULUM, [ev(1, "done", "a"), ev(2, "skip", "b"), ev(3, "done", "c")]).states
    assert [t.id for t in next_topics(CURRICULUM, states)] == ["talk", "d"]


@pytest.mark.parametrize(
    ("text", "expected"), [("a", "a"), ("ta", "talk"), ("old-c", "c"), ("d", "d")]
)
def test_resolve_topic(text: str, expected: str) -> None:
    assert resolve_topic(CURRICULUM, text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", "No topic 'x' in curriculum 't'."),
        ("", "No topic '' in curriculum 't'."),
    ],
)
def test_resolve_topic_errors(text: str, message: str) -> None:
    with pytest.raises(UnknownTopicError) as caught:
        resolve_topic(CURRICULUM, text)
    assert caught.value.message == message


def test_resolve_suggests_close_ids() -> None:
    with pytest.raises(UnknownTopicError) as caught:
        resolve_topic(CURRICULUM, "tlak")
    assert caught.value.hint == "Did you mean: talk?"


def test_status_change_reports_no_ops() -> None:
    derived = derive(CURRICULUM, [ev(1, "done", "a")])
    change = status_change(derived, "done", ["a", "b"], T0)
    assert [e.topic for e in change.events] == ["b"]
    assert change.unchanged == [("a", "already done")]
    assert change.events[0].batch and change.events[0].at == T0
    assert change.before == [Before("b", "todo", None)]


def test_status_change_says_what_each_topic_was_before() -> None:
    derived = derive(CURRICULUM, [ev(1, "done", "a"), ev(2, "skip", "b")])
    change = status_change(derived, "start", ["a", "b", "c"], T0)
    assert change.before == [
        Before("a", "done", T0 + timedelta(minutes=1)),
        Before("b", "skipped", T0 + timedelta(minutes=2)),
        Before("c", "todo", None),
    ]


def test_merge_events_by_id_in_time_order() -> None:
    mine = [ev(1, "done"), ev(3, "done", "b")]
    theirs = [ev(2, "done", "c"), ev(1, "done"), ev(2, "done", "c")]
    merged = merge_events(mine, theirs)
    assert [e.id for e in merged] == ["e1", "e2", "e3"]
    assert merge_events(merged, theirs) == merged

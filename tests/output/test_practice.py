"""output.practice: what log, note and review print, as text, JSON, Rich and stderr notes."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import yaml
from rich.console import Console

from tests.conftest import TINY
from tpmpath.core.models import Curriculum, Event, Status
from tpmpath.core.practice import Logged
from tpmpath.core.progress import TopicState, derive
from tpmpath.core.review import Schedule
from tpmpath.output.emit import emit
from tpmpath.output.practice import (
    DueReviews,
    LogResult,
    NoteAdded,
    ReviewRecorded,
    log_message,
)

CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def states(*done: tuple[str, int | None]) -> dict[str, TopicState]:
    """The tiny curriculum with these (topic, confidence) done on 2026-01-01."""
    events = [
        Event.model_validate(
            {
                "id": f"e{n}",
                "at": T0 + timedelta(minutes=n),
                "batch": f"b{n}",
                "action": "done",
                "topic": topic,
                "confidence": confidence,
            }
        )
        for n, (topic, confidence) in enumerate(done)
    ]
    return derive(CURRICULUM, events).states


def written(result: object, *, as_json: bool = False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    emit(result, as_json=as_json, out=out, err=err)  # type: ignore[arg-type]
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("topic", "before", "status", "count", "said"),
    [
        ("talk", "todo", "in_progress", 1, "Logged talk (1/3)."),
        ("talk", "in_progress", "done", 3, "Logged talk (3/3): done!"),
        ("talk", "done", "done", 4, "Logged talk (4/3): already done."),
        ("talk", "skipped", "skipped", 1, "Logged talk (1/3): already skipped."),
        ("a", "todo", "in_progress", 1, "Logged a (1 logged): now in progress."),
        ("a", "in_progress", "in_progress", 2, "Logged a (2 logged)."),
        ("a", "done", "done", 3, "Logged a (3 logged)."),
    ],
)
def test_log_message(topic: str, before: Status, status: Status, count: int, said: str) -> None:
    after = TopicState(topic, status=status, count=count)
    logged = Logged(CURRICULUM.topic_by_id[topic], before, after)
    assert log_message(logged) == said
    assert written(LogResult(logged)) == ("", said + "\n")


@pytest.mark.parametrize(
    ("has_text", "said"), [(True, "Added a note to a.\n"), (False, "Added a link to a.\n")]
)
def test_note_added(has_text: bool, said: str) -> None:
    assert written(NoteAdded("a", has_text)) == ("", said)


DUE_TABLE = """\
ID  DUE         LATE   CONFIDENCE  REVIEWS  TITLE
a   2026-01-02  today         2/5        0  Topic A
c   2026-01-02  today           -        0  Topic C
"""
HINT = "When you have reviewed one: tpmpath review TOPIC --confidence 1-5\n"


def test_due_reviews_as_text_and_json() -> None:
    due = DueReviews(CURRICULUM, states(("a", 2), ("c", None), ("b", 5)), date(2026, 1, 2))
    assert written(due) == (DUE_TABLE, HINT)
    out, err = written(due, as_json=True)
    assert err == ""
    assert json.loads(out) == [
        {
            "id": "a",
            "title": "Topic A",
            "step": "basics",
            "due": "2026-01-02",
            "days_overdue": 0,
            "confidence": 2,
            "reviews": 0,
            "interval_days": 1,
        },
        {
            "id": "c",
            "title": "Topic C",
            "step": "basics",
            "due": "2026-01-02",
            "days_overdue": 0,
            "confidence": None,
            "reviews": 0,
            "interval_days": 1,
        },
    ]


def test_late_days() -> None:
    text = DueReviews(CURRICULUM, states(("a", 2), ("c", 4)), date(2026, 1, 5)).text()
    assert [line.split()[2:4] for line in text.splitlines()[1:]] == [["3", "days"], ["1", "day"]]


def test_due_reviews_drawn_with_rich() -> None:
    out = io.StringIO()
    console = Console(file=out, width=100, highlight=False, color_system=None)
    DueReviews(CURRICULUM, states(("a", 2)), date(2026, 1, 2)).draw(console)
    assert out.getvalue() == (
        "ID ┃ DUE        ┃ LATE  ┃ CONFIDENCE ┃ REVIEWS ┃ TITLE  \n"
        "━━━╇━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━\n"
        "a  │ 2026-01-02 │ today │        2/5 │       0 │ Topic A\n"
    )


def test_nothing_due_draws_nothing() -> None:
    out = io.StringIO()
    DueReviews(CURRICULUM, states(("a", 2)), date(2026, 1, 1)).draw(Console(file=out))
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("done", "said"),
    [
        ((), "Nothing is due for review: topics come back here once they are done.\n"),
        (
            (("a", 4), ("c", 2)),
            "Nothing is due for review today. Next: c on 2026-01-02 (tomorrow).\n",
        ),
    ],
)
def test_nothing_due(done: tuple[tuple[str, int | None], ...], said: str) -> None:
    due = DueReviews(CURRICULUM, states(*done), date(2026, 1, 1))
    assert written(due) == ("", said)
    assert written(due, as_json=True) == ("[]\n", "")


SCHEDULE = Schedule(
    last=date(2026, 1, 8),
    due=date(2026, 1, 29),
    interval_days=21,
    reviews=1,
    successful=1,
    confidence=5,
)


@pytest.mark.parametrize(("as_json", "out"), [(False, ""), (True, None)])
def test_review_recorded(as_json: bool, out: str | None) -> None:
    recorded = ReviewRecorded("a", SCHEDULE, date(2026, 1, 8))
    text, err = written(recorded, as_json=as_json)
    assert err == "Reviewed a. Next review: 2026-01-29 (in 21 days).\n"
    if out is not None:
        assert text == out
    else:
        assert json.loads(text) == {
            "id": "a",
            "due": "2026-01-29",
            "last": "2026-01-08",
            "interval_days": 21,
            "reviews": 1,
            "successful_reviews": 1,
        }

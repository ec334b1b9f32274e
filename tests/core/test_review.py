"""The spaced-repetition schedule: the interval table, the streak of good reviews, due topics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpmpath.core.models import Curriculum, Event
from tpmpath.core.progress import TopicState, derive
from tpmpath.core.review import (
    Reviews,
    due_reminder,
    due_reviews,
    interval_days,
    rung_days,
    schedule,
    topic_schedule,
)

DONE_AT = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def reviews_since(completed_at: datetime, reviews: list[Event]) -> Reviews:
    """The reference: the reviews that count towards a completion, counted all at once."""
    found = Reviews()
    for review in reviews:
        if review.at >= completed_at:  # reviews from before a reopen do not count
            found = found.add(review.at, review.confidence)
    return found


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
                    {"id": "a", "title": "A"},
                    {"id": "b", "title": "B"},
                    {"id": "c", "title": "C"},
                    {"id": "d", "title": "D"},
                ],
            }
        ],
    }
)


def ev(day: int, action: str, topic: str = "a", **kw: object) -> Event:
    """An event on 2026-01-`day` at 09:00 UTC, in its own batch."""
    at = DONE_AT + timedelta(days=day - 1)
    return Event.model_validate(
        {"id": f"{topic}{action}{day}", "at": at, "batch": f"b-{topic}{action}{day}"}
        | {"action": action, "topic": topic}
        | kw
    )


@pytest.mark.parametrize(
    ("rung", "days"),
    [(0, 1), (1, 3), (2, 7), (3, 21), (4, 60), (5, 120), (6, 240), (7, 365), (50, 365)],
)
def test_the_ladder(rung: int, days: int) -> None:
    assert rung_days(rung) == days


@pytest.mark.parametrize(
    ("successful", "confidence", "days"),
    [
        # no confidence counts as 3: the plain ladder
        (0, None, 1),
        (1, None, 3),
        (4, None, 60),
        (0, 3, 1),
        (1, 3, 3),
        (2, 3, 7),
        (3, 3, 21),
        (4, 3, 60),
        (5, 3, 120),
        (6, 3, 240),
        (7, 3, 365),
        # 4 skips one rung, 5 skips two
        (0, 4, 3),
        (1, 4, 7),
        (3, 4, 60),
        (0, 5, 7),
        (1, 5, 21),
        (2, 5, 60),
        (3, 5, 120),
        (20, 5, 365),
        # 1 and 2 restart at the first rung, however many reviews went well before
        (0, 1, 1),
        (0, 2, 1),
        (4, 2, 1),
        (9, 1, 1),
    ],
)
def test_interval_by_confidence_and_reviews(
    successful: int, confidence: int | None, days: int
) -> None:
    assert interval_days(successful, confidence) == days


@pytest.mark.parametrize(
    ("confidences", "expected"),
    [
        ([], 0),
        ([3], 1),
        ([None, 4, 5], 3),
        ([5, 2], 0),
        ([5, 1, 3], 1),
        ([2, None, None], 2),
    ],
)
def test_successful_reviews_restart_after_a_weak_one(
    confidences: list[int | None], expected: int
) -> None:
    kept = Reviews()  # what each topic's state keeps, one review at a time
    for day, confidence in enumerate(confidences, 2):
        kept = kept.add(ev(day, "review").at, confidence)
    assert (kept.total, kept.successful) == (len(confidences), expected)


@pytest.mark.parametrize(
    ("confidence", "reviews", "due", "interval"),
    [
        (2, [], date(2026, 1, 2), 1),
        (None, [], date(2026, 1, 2), 1),
        (3, [], date(2026, 1, 2), 1),
        (4, [], date(2026, 1, 4), 3),
        (5, [], date(2026, 1, 8), 7),
        # reviewed on the 2nd with 3: one good review, 3 days from the 2nd
        (2, [(2, 3)], date(2026, 1, 5), 3),
        # then on the 5th with 5: two good reviews, two rungs skipped -> 60 days from the 5th
        (2, [(2, 3), (5, 5)], date(2026, 3, 6), 60),
        # a weak review brings it back the next day and restarts the count
        (5, [(8, 4), (15, 1)], date(2026, 1, 16), 1),
        (5, [(8, 4), (15, 1), (16, None)], date(2026, 1, 19), 3),
    ],
)
def test_schedule_from_completion_and_reviews(
    confidence: int | None, reviews: list[tuple[int, int | None]], due: date, interval: int
) -> None:
    events = [ev(day, "review", confidence=c) for day, c in reviews]
    planned = schedule(DONE_AT, confidence, reviews_since(DONE_AT, events))
    assert (planned.due, planned.interval_days, planned.reviews) == (due, interval, len(reviews))
    assert planned.last == (events[-1].at.date() if events else DONE_AT.date())


def test_reviews_before_the_completion_do_not_count() -> None:
    reopened = DONE_AT + timedelta(days=9)
    planned = schedule(reopened, 4, reviews_since(reopened, [ev(3, "review", confidence=5)]))
    assert (planned.due, planned.reviews, planned.successful) == (date(2026, 1, 13), 0, 0)


def test_the_due_date_is_the_local_date_of_the_checkpoint() -> None:
    # 23:30 in Tokyo on the 1st is 14:30 UTC: the learner's day is the 1st, due the 2nd.
    tokyo = datetime(2026, 1, 1, 23, 30, tzinfo=timezone(timedelta(hours=9)))
    assert schedule(tokyo, 2, Reviews()).due == date(2026, 1, 2)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], None),
        ([ev(1, "start")], None),
        ([ev(1, "skip")], None),
        ([ev(1, "done", confidence=2)], date(2026, 1, 2)),
        ([ev(1, "done", confidence=2), ev(2, "start")], None),
        ([ev(1, "done", confidence=2), ev(2, "reset")], None),
        # done again after a reopen: a new completion, earlier reviews forgotten
        (
            [ev(1, "done", confidence=5), ev(8, "review", confidence=5), ev(9, "start")]
            + [ev(10, "done", confidence=4)],
            date(2026, 1, 13),
        ),
    ],
)
def test_topic_schedule_only_for_done_topics(events: list[Event], expected: date | None) -> None:
    planned = topic_schedule(derive(CURRICULUM, events).states["a"])
    assert (planned.due if planned else None) == expected


def test_due_reviews_most_overdue_first_then_curriculum_order() -> None:
    events = [
        ev(1, "done", "d", confidence=2),  # due 2nd
        ev(1, "done", "c", confidence=4),  # due 4th
        ev(3, "done", "b"),  # due 4th
        ev(1, "done", "a", confidence=5),  # due 8th: not yet
    ]
    states = derive(CURRICULUM, events).states
    due = due_reviews(CURRICULUM, states, date(2026, 1, 6))
    assert [(d.topic.id, d.days_overdue, d.schedule.confidence) for d in due] == [
        ("d", 4, 2),
        ("b", 2, None),
        ("c", 2, 4),
    ]
    assert due_reviews(CURRICULUM, states, date(2026, 1, 1)) == []
    assert [d.topic.id for d in due_reviews(CURRICULUM, states, date(2026, 1, 2))] == ["d"]


def test_a_state_without_completion_date_has_no_schedule() -> None:
    assert topic_schedule(TopicState("a", status="done")) is None


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, None),
        (1, "1 topic is due for review: tpmpath review"),
        (2, "2 topics are due for review: tpmpath review"),
    ],
)
def test_due_reminder(count: int, text: str | None) -> None:
    assert due_reminder(count) == text


_ACTIONS = st.sampled_from(["start", "done", "review", "review", "review", "reset", "skip", "note"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(_ACTIONS, st.integers(0, 40), st.sampled_from([None, 1, 2, 3, 4, 5])),
        max_size=25,
    )
)
def test_the_kept_reviews_are_the_reviews_that_count(
    steps: list[tuple[str, int, int | None]],
) -> None:
    """A state keeps `reviewed` one review at a time; it must equal what the reviews it lists
    give when filtered and counted at once, whatever the order of their dates (imports)."""
    events = [
        Event.model_validate(
            {"id": f"e{n}", "at": DONE_AT + timedelta(days=day), "batch": f"b{n}",
             "action": action, "topic": "a"}
            | ({"confidence": confidence} if action in ("done", "review") and confidence else {})
            | ({"text": "n"} if action == "note" else {})
        )
        for n, (action, day, confidence) in enumerate(steps)
    ]  # fmt: skip
    state = derive(CURRICULUM, events).states["a"]
    if state.status != "done" or state.completed_at is None:
        return
    listed = [events[i] for i in state.reviews]
    assert state.reviewed == reviews_since(state.completed_at, listed)

"""core/gaps.py: the gap inbox as a fold of events, short ids, lookups and the events it adds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tests.conftest import TINY
from tpmpath.core.gaps import (
    GapState,
    age_days,
    close_event,
    closed_gaps,
    counts,
    due_gaps,
    gap_event,
    gap_schedule,
    gaps_by_date,
    open_gaps,
    resolve_gap,
    review_event,
    short_ids,
)
from tpmpath.core.models import Curriculum, Event
from tpmpath.core.progress import derive, extend
from tpmpath.errors import InvalidInputError, TpmpathError

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def curriculum() -> Curriculum:
    import yaml

    return Curriculum.model_validate(yaml.safe_load(TINY))


def at(days: int) -> datetime:
    return NOW - timedelta(days=days)


def opened(gap_id: str, text: str, days: int = 0, topic: str | None = None) -> Event:
    return gap_event(gap_id, f"b-{gap_id}", at(days), text, topic=topic, context="standup")


def closing(gap_id: str, days: int = 0, text: str = "Because.") -> Event:
    return Event(
        id=f"c-{gap_id}-{days}", at=at(days), batch=f"bc-{gap_id}-{days}", action="close",
        gap=gap_id, text=text, link="https://example.com",
    )  # fmt: skip


def reviewing(gap_id: str, days: int, confidence: int | None = None) -> Event:
    return Event(
        id=f"r-{gap_id}-{days}", at=at(days), batch=f"br-{gap_id}-{days}", action="review",
        gap=gap_id, confidence=confidence,
    )  # fmt: skip


EVENTS = [
    opened("aaaa1111", "what is idempotency?", 9, topic="a"),
    opened("aaab2222", "what is a p99?", 8),
    opened("cccc3333", "why a queue?", 7, topic="talk"),
    closing("aaaa1111", 5, "Twice has the effect of once."),
    reviewing("aaaa1111", 4, 4),
]


def test_the_fold_opens_closes_and_reviews() -> None:
    derived = derive(curriculum(), EVENTS)
    gaps = derived.gaps
    assert list(gaps) == ["aaaa1111", "aaab2222", "cccc3333"]
    first = gaps["aaaa1111"]
    assert (first.text, first.topic, first.context) == ("what is idempotency?", "a", "standup")
    assert (first.closed_at, first.explanation, first.link) == (
        at(5),
        "Twice has the effect of once.",
        "https://example.com",
    )
    assert (first.reviews.total, first.reviews.last_confidence) == (1, 4)
    assert counts(gaps) == (2, 1)
    # A gap's topic says where it came up: the topic's own state does not change.
    assert derived.states["a"].status == "todo" and derived.states["a"].notes == []
    assert derived.states["talk"].updated_at is None
    # Closing and reviewing are learning (the activity chart counts them); opening is not.
    assert derived.learning == [int(at(5).timestamp()), int(at(4).timestamp())]


def test_extend_one_event_at_a_time_equals_a_replay() -> None:
    whole = derive(curriculum(), EVENTS)
    step = derive(curriculum(), [])
    for event in EVENTS:
        extend(curriculum(), step, [event])
    assert step.gaps == whole.gaps and step.learning == whole.learning


def test_undo_removes_the_gap_and_its_close() -> None:
    undo = Event(id="u", at=NOW, batch="bu", action="undo", undoes="b-aaab2222")
    undo_close = Event(id="u2", at=NOW, batch="bu2", action="undo", undoes="bc-aaaa1111-5")
    gaps = derive(curriculum(), [*EVENTS, undo, undo_close]).gaps
    assert list(gaps) == ["aaaa1111", "cccc3333"]
    assert gaps["aaaa1111"].is_open and gaps["aaaa1111"].reviews.total == 0


def test_events_on_an_unknown_gap_and_reviews_before_closing_are_ignored() -> None:
    events = [closing("nope"), opened("dddd", "q", 3), reviewing("dddd", 2), closing("dddd", 1)]
    gaps = derive(curriculum(), events).gaps
    assert list(gaps) == ["dddd"]
    assert gaps["dddd"].reviews.total == 0


def test_open_gaps_oldest_first_and_closed_newest_first() -> None:
    events = [
        opened("n1", "new", 1),
        opened("o1", "old, recorded later", 20),
        opened("x1", "x", 30),
        opened("y1", "y", 30),
        closing("x1", 10),
        closing("y1", 2),
    ]
    gaps = derive(curriculum(), events).gaps
    assert [g.id for g in open_gaps(gaps)] == ["o1", "n1"]
    assert [g.id for g in closed_gaps(gaps)] == ["y1", "x1"]
    assert [g.id for g in closed_gaps(gaps, since=at(5).date())] == ["y1"]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([], {}),
        (["abcdef12"], {"abcdef12": "abcd"}),
        (["abcdef12", "abcde999", "ffff0000"], {"abcdef12": "abcdef", "abcde999": "abcde9",
                                                "ffff0000": "ffff"}),
        (["ab", "abc"], {"ab": "ab", "abc": "abc"}),
        (["1234567", "1234568"], {"1234567": "1234567", "1234568": "1234568"}),
    ],
)  # fmt: skip
def test_short_ids_are_the_shortest_unique_prefix_of_at_least_four(
    ids: list[str], expected: dict[str, str]
) -> None:
    assert short_ids(ids) == expected


def test_resolve_gap_by_id_prefix_and_gap_prefix() -> None:
    gaps = derive(curriculum(), EVENTS).gaps
    assert resolve_gap(gaps, "aaaa1111") == "aaaa1111"
    assert resolve_gap(gaps, "aaaa") == "aaaa1111"
    assert resolve_gap(gaps, "gap:cc") == "cccc3333"
    assert resolve_gap(gaps, "GAP:AAAB") == "aaab2222"


def test_an_ambiguous_gap_names_the_candidates() -> None:
    gaps = derive(curriculum(), EVENTS).gaps
    with pytest.raises(TpmpathError) as caught:
        resolve_gap(gaps, "aa")
    assert str(caught.value) == (
        "'aa' matches 2 gaps: aaaa (what is idempotency?); aaab (what is a p99?).\n"
        "Type more of the id to pick one."
    )


def test_an_unknown_gap_lists_the_open_ones() -> None:
    gaps = derive(curriculum(), EVENTS).gaps
    with pytest.raises(TpmpathError) as caught:
        resolve_gap(gaps, "zz")
    assert str(caught.value) == (
        "No gap 'zz'.\nOpen gaps: aaab (what is a p99?); cccc (why a queue?)."
    )
    with pytest.raises(TpmpathError, match="The inbox has no open gap"):
        resolve_gap({}, "")


def test_close_needs_an_explanation_and_an_open_gap() -> None:
    gaps = derive(curriculum(), EVENTS).gaps
    event = close_event(gaps, "cccc3333", "e1", "b1", NOW, "A buffer.", None)
    assert (event.action, event.gap, event.text, event.at) == (
        "close",
        "cccc3333",
        "A buffer.",
        NOW,
    )
    with pytest.raises(InvalidInputError, match="explain it in your own words"):
        close_event(gaps, "cccc3333", "e1", "b1", NOW, "  ")
    with pytest.raises(InvalidInputError, match="Gap aaaa was closed on 2026-03-05"):
        close_event(gaps, "aaaa1111", "e1", "b1", NOW, "again")


def test_review_of_a_closed_gap_climbs_the_ladder() -> None:
    gaps = derive(curriculum(), EVENTS).gaps
    event, planned = review_event(gaps, "aaaa1111", "e2", "b2", NOW, 3)
    assert (event.action, event.gap, event.topic, event.confidence) == (
        "review",
        "aaaa1111",
        None,
        3,
    )
    # Reviewed at 4 (one rung skipped: 7 days), then 3: the third rung, 7 days from today.
    assert (planned.reviews, planned.interval_days, planned.due) == (2, 7, date(2026, 3, 17))
    with pytest.raises(InvalidInputError, match="Gap aaab is open: only closed gaps"):
        review_event(gaps, "aaab2222", "e3", "b3", NOW, None)


def test_backdated_review() -> None:
    gaps = derive(curriculum(), EVENTS).gaps
    event, _ = review_event(gaps, "aaaa1111", "e2", "b2", NOW, None, happened=at(1))
    assert (event.at, event.recorded_at) == (at(1), NOW)


def test_due_gaps() -> None:
    gaps = derive(curriculum(), EVENTS).gaps
    planned = gap_schedule(gaps["aaaa1111"])
    assert planned is not None and planned.due == at(4).date() + timedelta(days=7)
    assert gap_schedule(gaps["aaab2222"]) is None
    assert due_gaps(gaps, at(0).date()) == []
    assert [d.gap.id for d in due_gaps(gaps, date(2026, 3, 13))] == ["aaaa1111"]
    assert [d.days_overdue for d in gaps_by_date(gaps, date(2026, 3, 15))] == [2]


def test_age_in_local_days() -> None:
    gap = GapState("g", "q", datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    assert age_days(gap, NOW) == 1
    east = timezone(timedelta(hours=2))  # 01:30 on the 10th there: the same day as NOW
    assert age_days(gap, NOW.astimezone(east)) == 0
    assert age_days(gap, datetime(2026, 3, 9, 23, 45, tzinfo=UTC)) == 0

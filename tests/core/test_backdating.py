"""Backdating: `--date`/`--at` give when an event happened; it keeps when it was recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from tpmpath.core.changes import backdated, happened_at, merge_events, single_event
from tpmpath.errors import InvalidInputError

ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 12, 2, 9, 30, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        (None, None, None),
        (date(2026, 10, 1), None, datetime(2026, 10, 1, 12, 0, tzinfo=ZONE)),  # noon that day
        (date(2026, 10, 1), time(18, 30), datetime(2026, 10, 1, 18, 30, tzinfo=ZONE)),
        (None, time(8, 0), datetime(2026, 12, 2, 8, 0, tzinfo=ZONE)),  # today at 8
        (date(2026, 12, 2), None, NOW),  # today, no time: now, never later
        (date(1900, 1, 1), None, datetime(1900, 1, 1, 12, 0, tzinfo=ZONE)),
    ],
)
def test_happened_at(day: date | None, clock: time | None, expected: datetime | None) -> None:
    assert happened_at(NOW, day, clock) == expected


@pytest.mark.parametrize(
    ("day", "clock", "message"),
    [
        (date(2026, 12, 3), None, "2026-12-03 is in the future"),
        (None, time(9, 31), "2026-12-02 09:31 is in the future"),
        (date(1899, 12, 31), None, "--date 1899-12-31 is before 1900."),
    ],
)
def test_happened_at_refuses_the_future_and_before_1900(
    day: date | None, clock: time | None, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        happened_at(NOW, day, clock)


@pytest.mark.parametrize(
    ("day", "clock", "message"),
    [
        ("2026-13-01", None, "'2026-13-01' is not a date"),
        ("1 Oct", None, "'1 Oct' is not a date"),
        (None, "24:00", "--at '24:00' is not a time"),
        (None, "6pm", "--at '6pm' is not a time"),
    ],
)
def test_backdated_parses_strictly(day: str | None, clock: str | None, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        backdated(NOW, day, clock)


def test_a_backdated_event_keeps_when_it_happened_and_when_it_was_recorded() -> None:
    when = backdated(NOW, "2026-10-01", "07:05")
    event = single_event("done", "a", NOW, happened=when)
    assert (event.at, event.recorded_at) == (datetime(2026, 10, 1, 7, 5, tzinfo=ZONE), NOW)
    assert single_event("done", "a", NOW).recorded_at is None


def test_merge_interleaves_by_when_events_were_recorded() -> None:
    early = datetime(2026, 11, 1, tzinfo=UTC)
    mine = [single_event("done", "a", NOW, happened=early)]  # recorded today, dated Nov 1
    theirs = [single_event("done", "b", datetime(2026, 11, 20, tzinfo=UTC))]
    merged = merge_events(mine, theirs)
    assert [e.topic for e in merged] == ["b", "a"]  # b was recorded first

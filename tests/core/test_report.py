"""The report's data (pure): sections, `--since` filtering and parsing, links."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import yaml

from tests.conftest import TINY
from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.progress import derive
from tpmpath.core.report import (
    Entry,
    Report,
    build_report,
    latest_note,
    parse_since,
)
from tpmpath.errors import InvalidInputError

CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 6, 9, 0, tzinfo=CET)
CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))


def ev(n: int, when: str, action: str, topic: str | None, **fields: object) -> Event:
    """Event number n at a local time `2026-03-DD HH:MM` (+01:00), in its own batch."""
    at = datetime.fromisoformat(when).replace(tzinfo=CET)
    data = {"id": f"e{n}", "at": at, "batch": f"b{n}", "action": action, "topic": topic}
    return Event.model_validate(data | fields)


def scenario() -> Progress:
    """A week of progress on the tiny curriculum (also used by the format tests)."""
    events = [
        ev(1, "2026-03-02 09:00", "done", "a", text="Read the RFC", link="https://example.com/rfc"),
        ev(2, "2026-03-03 10:00", "start", "b"),
        ev(3, "2026-03-04 11:00", "log", "talk", text="Met the SRE lead"),
        ev(4, "2026-03-05 12:00", "skip", "c"),
    ]
    return Progress(curriculum_id="tiny", events=events)


def build(progress: Progress | None = None, since: date | None = None) -> Report:
    progress = progress or scenario()
    derived = derive(CURRICULUM, progress.events)
    return build_report(
        CURRICULUM, progress.events, derived, NOW, progress=progress, profile="me", since=since
    )


def ids(entries: list[Entry]) -> list[str]:
    return [e.topic.id for e in entries]


def test_sections_of_the_scenario() -> None:
    report = build()
    assert [(s.id, s.percent) for s in report.summaries] == [
        ("basics", 66.7),
        ("practice", 16.7),
        ("tiny", 46.7),
    ]
    assert ids(report.finished) == ["c", "a"]  # newest first
    assert ids(report.in_progress) == ["b", "talk"]
    assert ids(report.next_up) == ["b", "talk"]  # d waits for b
    assert [(n.entry.topic.id, n.event.id) for n in report.notes] == [("talk", "e3"), ("a", "e1")]
    assert [report.events[p].id for p in report.history] == ["e4", "e3", "e2", "e1"]


def test_since_limits_activity_but_not_totals() -> None:
    report = build(since=date(2026, 3, 4))
    assert ids(report.finished) == ["c"]
    assert [n.event.id for n in report.notes] == ["e3"]
    assert [report.events[p].id for p in report.history] == ["e4", "e3"]
    assert report.overall.percent == 46.7
    assert ids(report.in_progress) == ["b", "talk"]


def test_since_uses_the_local_date_of_now() -> None:
    # 23:30 UTC on the 3rd is 00:30 on the 4th at +01:00: it belongs to the 4th.
    late = Event(
        id="x", at=datetime(2026, 3, 3, 23, 30, tzinfo=UTC), batch="x", action="done", topic="a"
    )
    report = build(Progress(curriculum_id="tiny", events=[late]), since=date(2026, 3, 4))
    assert ids(report.finished) == ["a"]
    assert report.day(late.at) == date(2026, 3, 4)


def test_next_up_is_capped_at_five() -> None:
    assert ids(build(Progress(curriculum_id="tiny")).next_up) == ["a", "c", "talk"]


def test_undone_events_are_flagged_in_history_and_gone_from_sections() -> None:
    events = [*scenario().events, ev(5, "2026-03-05 13:00", "undo", None, undoes="b4")]
    report = build(Progress(curriculum_id="tiny", events=events))
    assert ids(report.finished) == ["a"]
    assert report.undone == {"b4"}
    assert report.reverted == {3}


def test_latest_note_skips_link_only_notes() -> None:
    events = [
        ev(1, "2026-03-02 09:00", "note", "a", text="first"),
        ev(2, "2026-03-02 10:00", "note", "a", text="second"),
        ev(3, "2026-03-02 11:00", "note", "a", link="https://example.com"),
    ]
    assert latest_note(build(Progress(curriculum_id="tiny", events=events)).entries[0]) == "second"
    assert latest_note(build(Progress(curriculum_id="tiny")).entries[0]) is None


TODAY = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("2026-03-31", TODAY),
        ("0d", TODAY),
        ("7d", date(2026, 3, 24)),
        (" 7D ", date(2026, 3, 24)),
        ("2w", date(2026, 3, 17)),
        ("1m", date(2026, 2, 28)),  # no 31 February: the month's last day
        ("3m", date(2025, 12, 31)),
        ("13m", date(2025, 2, 28)),
        ("24m", date(2024, 3, 31)),
    ],
)
def test_parse_since(text: str, expected: date) -> None:
    assert parse_since(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a date"),
        ("yesterday", "is not a date"),
        ("7", "is not a date"),
        ("7x", "is not a date"),
        ("-7d", "is not a date"),
        ("1.5w", "is not a date"),
        ("2026-02-30", "is not a date"),
        ("2026-13-01", "is not a date"),
        ("20260302", "is not a date"),
        ("2026-03-02T10:00", "is not a date"),
        ("2026-04-01", "is in the future"),
        ("999999d", "before the year 1"),
        ("999999m", "before the year 1"),
    ],
)
def test_parse_since_rejects(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_since(text, TODAY)

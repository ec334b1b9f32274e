"""`report --format json`, and the weekly chart's data, from a built report."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.core.test_report import CURRICULUM, NOW, ev, scenario
from tpmpath.core.progress import derive
from tpmpath.core.report import build_report
from tpmpath.output.report_json import report_json
from tpmpath.output.views import status_view
from tpmpath.store.layout import EventLines, event_bodies, serialize


@pytest.mark.parametrize("stored", [False, True], ids=["models", "lines-as-stored"])
def test_json_history_is_the_events_newest_first_with_undone(stored: bool) -> None:
    progress = scenario()
    progress.events.append(ev(5, "2026-03-05 13:00", "undo", None, undoes="b4"))
    derived = derive(CURRICULUM, progress.events)
    # As a command reads a large file: the stored lines, none of them parsed.
    events = EventLines(event_bodies(serialize(progress))) if stored else progress.events
    report = build_report(CURRICULUM, events, derived, NOW, progress=progress, profile="me")
    history = json.loads(b"".join(report_json(report, progress, derived)))["history"]
    assert [(e["id"], e["undone"]) for e in history] == [
        ("e5", False),
        ("e4", True),
        ("e3", False),
        ("e2", False),
        ("e1", False),
    ]
    assert history[-1] == {
        "id": "e1",
        "at": "2026-03-02T09:00:00+01:00",
        "batch": "b1",
        "action": "done",
        "topic": "a",
        "text": "Read the RFC",
        "link": "https://example.com/rfc",
        "undone": False,
    }
    if stored:
        assert isinstance(events, EventLines) and not events._read  # nothing was validated


@pytest.mark.parametrize("stored", [False, True], ids=["models", "lines-as-stored"])
@pytest.mark.parametrize(
    ("undoes", "since", "expected"),
    [
        ("b1", None, [("e5", False), ("e4", False), ("e3", False), ("e2", False), ("e1", True)]),
        ("b4", date(2026, 3, 4), [("e5", False), ("e4", True), ("e3", False)]),
        ("b3", date(2026, 3, 5), [("e5", False), ("e4", False)]),
        ("b4", date(2026, 3, 7), []),
    ],
)
def test_json_history_since_and_undone_anywhere(
    stored: bool, undoes: str, since: date | None, expected: list[tuple[str, bool]]
) -> None:
    progress = scenario()
    progress.events.append(ev(5, "2026-03-05 13:00", "undo", None, undoes=undoes))
    derived = derive(CURRICULUM, progress.events)
    events = EventLines(event_bodies(serialize(progress))) if stored else progress.events
    report = build_report(
        CURRICULUM, events, derived, NOW, progress=progress, profile="me", since=since
    )
    history = json.loads(b"".join(report_json(report, progress, derived)))["history"]
    assert [(e["id"], e["undone"]) for e in history] == expected


def test_report_view_has_status_topics_history_and_more() -> None:
    progress = scenario()
    derived = derive(CURRICULUM, progress.events)
    report = build_report(
        CURRICULUM,
        progress.events,
        derived,
        NOW,
        progress=progress,
        profile="me",
        since=date(2026, 3, 4),
    )
    view = json.loads(b"".join(report_json(report, progress, derived)))
    status = status_view(CURRICULUM, progress, derived, now=NOW)
    assert {key: view[key] for key in status} == status
    assert list(view)[-8:] == [
        "topics",
        "completed",
        "generated_at",
        "profile",
        "since",
        "gap_inbox",
        "skills",
        "history",
    ]
    assert view["skills"] == []  # the tiny curriculum declares none
    assert "notes" not in view["topics"][0]  # every event is in the history, once
    assert [t["id"] for t in view["topics"]] == ["a", "b", "c", "talk", "d"]
    assert view["topics"][0]["completed_at"] == "2026-03-02T09:00:00+01:00"
    assert view["topics"][1]["completed_at"] is None
    assert view["history"] == [
        {"id": "e4", "at": "2026-03-05T12:00:00+01:00", "batch": "b4", "action": "skip",
         "topic": "c", "undone": False},
        {"id": "e3", "at": "2026-03-04T11:00:00+01:00", "batch": "b3", "action": "log",
         "topic": "talk", "text": "Met the SRE lead", "undone": False},
    ]  # fmt: skip
    assert view["completed"] == []  # c was skipped, a completed before the 4th
    assert (view["generated_at"], view["profile"], view["since"]) == (
        "2026-03-06T09:00:00+01:00",
        "me",
        "2026-03-04",
    )

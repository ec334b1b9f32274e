"""The progress file's layout: one event per line, and appending to it byte for byte."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tpmpath.core.models import Event, Progress, Settings
from tpmpath.errors import ProgressFileError
from tpmpath.store.layout import (
    EventLines,
    append,
    event_bodies,
    has_layout,
    is_canonical,
    serialize,
)

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def ev(n: int, **fields: object) -> Event:
    data = {"id": f"e{n}", "at": AT, "batch": f"b{n}", "action": "note", "topic": "a"}
    return Event.model_validate(data | fields)


def progress(*events: Event, **fields: object) -> Progress:
    return Progress.model_validate({"curriculum_id": "tiny", "events": list(events)} | fields)


def test_one_event_per_line() -> None:
    data = serialize(progress(ev(1), ev(2, text="a},{b\nc")))
    assert data.split(b"\n") == [
        b'{"schema_version":3,"curriculum_id":"tiny","curriculum_topics":[],"settings":{},'
        b'"events":[',
        b'{"id":"e1","at":"2026-03-02T09:00:00Z","batch":"b1","action":"note","topic":"a"},',
        b'{"id":"e2","at":"2026-03-02T09:00:00Z","batch":"b2","action":"note","topic":"a",'
        b'"text":"a},{b\\nc"}',
        b"]}",
        b"",
    ]


def test_no_events() -> None:
    data = serialize(progress())
    assert data.endswith(b'"events":[\n]}\n')
    assert json.loads(data)["events"] == []


@pytest.mark.parametrize("before", [0, 1, 3])
@pytest.mark.parametrize("added", [0, 1, 2])
def test_append_equals_serializing_everything(before: int, added: int) -> None:
    old = [ev(n, text=f"note {n}") for n in range(before)]
    new = [ev(100 + n, action="done") for n in range(added)]
    data = serialize(progress(*old))
    # The head changes too (settings, curriculum version): it is written again, not appended.
    changed = progress(*old, *new, settings=Settings(hours_per_week=4), curriculum_version="2")
    header = changed.model_copy(update={"events": []})
    assert b"".join(append(data, header, new)) == serialize(changed)


def test_is_canonical() -> None:
    model = progress(ev(1), ev(2))
    data = serialize(model)
    assert is_canonical(data, model)
    assert not is_canonical(model.model_dump_json(exclude_none=True).encode() + b"\n", model)
    assert not is_canonical(serialize(model, indent=2), model)
    assert not is_canonical(data.replace(b'"e2"', b'"e3"'), model)


@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_event_bodies_are_the_stored_events_without_their_brace(count: int) -> None:
    events = [ev(n, text="},\n" + str(n)) for n in range(count)]
    bodies = event_bodies(serialize(progress(*events)))
    dump = Event.__pydantic_serializer__.to_json
    assert [body + b"}" for body in bodies] == [dump(e, exclude_none=True) for e in events]


def test_event_lines_validate_each_event_when_read() -> None:
    events = [ev(n) for n in range(4)]
    lines = EventLines(event_bodies(serialize(progress(*events))))
    assert len(lines) == 4
    assert lines[1] == events[1]
    assert lines[-1] == events[3]
    assert lines[1:3] == events[1:3]
    assert list(lines) == events
    with pytest.raises(IndexError):
        lines[4]


def test_has_layout() -> None:
    model = progress(ev(1), ev(2))
    assert has_layout(serialize(model))
    assert has_layout(serialize(progress()))
    assert not has_layout(serialize(model, indent=2))
    assert not has_layout(model.model_dump_json().encode())
    assert not has_layout(serialize(model)[:-1])
    assert not has_layout(b"")


def test_an_event_that_does_not_validate_is_a_clean_error(tmp_path: Path) -> None:
    lines = EventLines([b'{"id":"e1","at":"yesterday"'], tmp_path / "p.json")
    with pytest.raises(ProgressFileError) as caught:
        lines[0]
    assert caught.value.args == (f"{tmp_path / 'p.json'} is damaged: event 1 is not valid.",)
    assert caught.value.hint == "Run `tpmpath recover`, or delete the cache folder and retry."

"""core.records: the plain-dict reading of a progress file keeps in step with models.Progress.

A record may refuse more than the model (the store then reads the file as a model), never less.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from tpmpath.core.models import Event, Progress
from tpmpath.core.records import EventRecord, ProgressRecord

RECORDS = TypeAdapter(ProgressRecord)
EVENT = {"id": "e1", "at": "2026-03-02T09:00:00+01:00", "batch": "b1", "action": "done"}


def test_the_same_keys_as_the_models() -> None:
    assert set(EventRecord.__annotations__) == set(Event.model_fields)
    assert set(ProgressRecord.__annotations__) == set(Progress.model_fields)


def _both(document: dict[str, Any]) -> tuple[bool, bool]:
    data = json.dumps(document).encode()
    results = []
    for validate in (RECORDS.validate_json, Progress.model_validate_json):
        try:
            validate(data)
            results.append(True)
        except ValidationError:
            results.append(False)
    return results[0], results[1]


EVENTS: list[dict[str, Any]] = [
    EVENT,
    EVENT | {"topic": "a", "text": "note", "link": "https://x", "confidence": 5},
    EVENT | {"recorded_at": "2026-03-03T09:00:00Z", "device": "laptop", "gap": "g1"},
    EVENT | {"action": "assess", "skill": "sql", "level": 3, "context": "standup"},
    EVENT | {"action": "import", "batches": ["b0"], "settings": ["hours_per_week"]},
    EVENT | {"action": "undo", "undoes": "b0", "prompt": "q", "answer": "a"},
    EVENT | {"action": "dance"},
    EVENT | {"at": "2026-03-02T09:00:00"},  # no time zone
    EVENT | {"at": "1899-12-31T23:00:00Z"},
    EVENT | {"at": "9000-01-01T00:00:00Z"},
    EVENT | {"at": "2026-02-30T09:00:00Z"},
    EVENT | {"at": "yesterday"},
    EVENT | {"id": ""},
    EVENT | {"batch": "x" * 65},
    EVENT | {"confidence": 0},
    EVENT | {"confidence": 6},
    EVENT | {"confidence": 3.0},
    EVENT | {"confidence": "3"},
    EVENT | {"level": 9},
    EVENT | {"device": ""},
    EVENT | {"topic": 5},
    EVENT | {"surprise": True},
    {k: v for k, v in EVENT.items() if k != "at"},
    {k: v for k, v in EVENT.items() if k != "batch"},
]
HEADS: list[dict[str, Any]] = [
    {},
    {"profile": "maya", "learner_id": "9f" * 16, "device": "phone", "curriculum_topics": ["a"]},
    {"settings": {"hours_per_week": 5}},
    {"settings": {"hours_per_week": 0.1}},
    {"settings": {"pace": 5}},
    {"schema_version": 2},
    {"schema_version": 4},
    {"created_at": "2026-03-02"},
    {"device": "x" * 65},
    {"extra": 1},
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: json.dumps(e)[-40:])
def test_a_record_never_accepts_an_event_the_model_refuses(event: dict[str, Any]) -> None:
    record, model = _both({"schema_version": 3, "curriculum_id": "tiny", "events": [event]})
    assert model or not record


@pytest.mark.parametrize("head", HEADS, ids=lambda h: json.dumps(h))
def test_a_record_never_accepts_a_head_the_model_refuses(head: dict[str, Any]) -> None:
    record, model = _both({"schema_version": 3, "curriculum_id": "tiny", "events": []} | head)
    assert model or not record


def test_what_a_valid_file_gives() -> None:
    record = RECORDS.validate_json(json.dumps({"curriculum_id": "tiny", "events": [EVENT]}))
    assert record["events"][0]["at"].isoformat() == "2026-03-02T09:00:00+01:00"
    assert record["events"][0]["action"] == "done"


@pytest.mark.parametrize("event", EVENTS[:6], ids=lambda e: e["action"])
def test_what_tpmpath_writes_is_read_as_records(event: dict[str, Any]) -> None:
    document = {"schema_version": 3, "curriculum_id": "tiny", "events": [event]} | HEADS[1]
    assert _both(document) == (True, True)

"""The bytes of a progress file: compact JSON with one event per line.

    {"schema_version":1,"curriculum_id":"tpm-path",...,"settings":{},"events":[
    {"id":"...","at":"2026-11-20T09:15:00+01:00","batch":"...","action":"done","topic":"api-basics"},
    {"id":"...","at":"...","batch":"...","action":"review","topic":"api-basics","confidence":4}
    ]}

It is one JSON document (any JSON reader, and every tpmpath, reads it), laid out so that a
command that adds events can append their lines to the bytes it read instead of encoding
100,000 events again, and so that a diff of two versions shows the events that changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from tpmpath.models import Event, Progress

_TAIL = b"]}\n"
_EVENTS_KEY = b',"events":['


def serialize(progress: Progress, *, indent: int | None = None) -> bytes:
    """The bytes of a progress file: compact JSON, one event per line (see `append`).

    With `indent`, pretty-printed instead (`export --pretty`): still a valid progress file.
    """
    if indent is not None:
        return progress.model_dump_json(exclude_none=True, indent=indent).encode() + b"\n"
    return _head(progress) + b"\n" + _event_lines(progress.events) + _TAIL


def _head(progress: Progress) -> bytes:
    """The first line of a progress file: everything but the events, then `"events":[`."""
    # `events` is the model's last field, so the rest dumps as a prefix of the whole document.
    rest = progress.model_dump_json(exclude_none=True, exclude={"events"}).encode()
    return rest[:-1] + _EVENTS_KEY


def _event_lines(events: Sequence[Event]) -> bytes:
    """One compact event per line, each but the last followed by a comma; '' for none."""
    if not events:
        return b""
    dump = Event.__pydantic_serializer__.to_json
    return b",\n".join([dump(event, exclude_none=True) for event in events]) + b"\n"


def append(data: bytes, progress: Progress, events: Sequence[Event]) -> bytes:
    """The bytes `serialize` gives for the progress file `data` with `events` added and the head
    (everything but the events) replaced by `progress`'s, without touching the other events.

    `data` must be exactly what `serialize` wrote (checkpoint.py knows when it is): compact JSON
    holds no raw newline, so the head is the first line and every event has a line of its own.
    """
    body = data[data.index(b"\n") + 1 : -len(_TAIL)]
    if body and events:
        body = body[:-1] + b",\n"  # the last event line gains its comma
    return _head(progress) + b"\n" + body + _event_lines(events) + _TAIL


def is_canonical(data: bytes, progress: Progress) -> bool:
    """Whether `data`, which validated as `progress`, is exactly what `serialize` writes for it."""
    return data.endswith(b"\n" + _TAIL) and serialize(progress) == data

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
from pathlib import Path
from typing import overload

from tpmpath.core.models import Event, Progress
from tpmpath.errors import ProgressFileError

_TAIL = b"]}\n"
_EVENTS_KEY = b',"events":['


def serialize(progress: Progress, *, indent: int | None = None) -> bytes:
    """The bytes of a progress file: compact JSON, one event per line (see `append`).

    With `indent`, pretty-printed instead (`export --pretty`): still a valid progress file.
    """
    if indent is not None:
        return progress.model_dump_json(exclude_none=True, indent=indent).encode() + b"\n"
    return head_line(progress) + b"\n" + _event_lines(progress.events) + _TAIL


def head_line(progress: Progress) -> bytes:
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


Parts = list[bytes | memoryview]
"""A file's content in pieces, written one after the other (no 17 MB copy to join them)."""


def append(data: bytes, progress: Progress, events: Sequence[Event]) -> Parts:
    """The bytes `serialize` gives for the progress file `data` with `events` added and the head
    (everything but the events) replaced by `progress`'s, without encoding the other events.

    `data` must be exactly what `serialize` wrote (store.checkpoint knows when it is): compact JSON
    holds no raw newline, so the head is the first line and every event has a line of its own.
    """
    start, end = data.index(b"\n") + 1, len(data) - len(_TAIL)
    parts: Parts = [head_line(progress), b"\n"]
    if start < end and events:
        # The last event line (up to its newline) gains a comma.
        parts += [memoryview(data)[start : end - 1], b",\n"]
    else:
        parts.append(memoryview(data)[start:end])
    return [*parts, _event_lines(events), _TAIL]


def has_layout(data: bytes) -> bool:
    """A cheap check that `data` is laid out as `serialize` writes (a guard; `is_canonical` is
    the proof): the head line ends with the events key, and the file with the end of the list."""
    head_end = data.find(b"\n")
    return head_end > 0 and data[:head_end].endswith(_EVENTS_KEY) and data.endswith(b"\n" + _TAIL)


def is_canonical(data: bytes, progress: Progress) -> bool:
    """Whether `data`, which validated as `progress`, is exactly what `serialize` writes for it."""
    return data.endswith(b"\n" + _TAIL) and serialize(progress) == data


def event_bodies(data: bytes) -> list[bytes]:
    """Each event's JSON in a file `serialize` wrote, as stored but for its closing brace.

    Without the brace, a writer can add keys to every event by joining them (see
    output.report_json.history_json); the split itself copies each event once, and nothing else.
    """
    head_end = data.index(b"\n") + 1
    if head_end >= len(data) - len(_TAIL):
        return []
    bodies = data.split(b"},\n")
    bodies[0] = bodies[0][head_end:]
    bodies[-1] = bodies[-1][: -len(b"}\n" + _TAIL)]
    return bodies


class EventLines(Sequence[Event]):
    """The events of a file `serialize` wrote, each validated when it is first read.

    A command that shows a few events of 100,000 (a report's notes, one topic) reads only those;
    `bodies` keeps their JSON as stored (see `event_bodies`), which the JSON report writes out.
    """

    def __init__(
        self, bodies: list[bytes] | None = None, source: Path | None = None, *, data: bytes = b""
    ) -> None:
        self._bodies = bodies
        self._data = data
        """The file's bytes, split into `bodies` only when an event is first asked for: `status`
        on 100,000 events never needs them."""
        self.source = source
        self._read: dict[int, Event] = {}

    @property
    def bodies(self) -> list[bytes]:
        if self._bodies is None:
            self._bodies = event_bodies(self._data)
        return self._bodies

    def __len__(self) -> int:
        return len(self.bodies)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = range(len(self.bodies))[index]  # negative indexes, and IndexError
        event = self._read.get(position)
        if event is None:
            try:
                event = Event.model_validate_json(self.bodies[position] + b"}")
            except ValueError:  # the bytes were validated when the checkpoint was made
                raise ProgressFileError(
                    f"{self.source or 'The progress file'} is damaged: event {position + 1} "
                    "is not valid.",
                    hint="Run `tpmpath recover`, or delete the cache folder and retry.",
                ) from None
            self._read[position] = event
        return event

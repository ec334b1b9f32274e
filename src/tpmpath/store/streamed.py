"""`import` (and `doctor --fix`, which imports a sync engine's copies), streamed: no log and no
export is held as models; each is read one event at a time (store.lines) and the new log is
written as it is merged.

The rules are core.changes': what is new (by event id, against every device's log), the order
(each side keeps its own; interleaved by when recorded, this device's first on a tie), the
settings taken and the import's own event. What it holds in memory is the ids of every log's
events, the bytes a log under the lock was read as (the store's transaction reads them), and a
chunk of the file being written (see docs/data-safety.md, "Size and memory").

The file is written as store.atomic writes any save: to a temporary file, fsynced, renamed over
the log, the previous version kept as `.bak`. Whatever refuses the import (a damaged export, a
result over the 512 MiB cap, a full disk) refuses it before the rename: nothing is changed.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tpmpath.core.changes import (
    check_learner,
    compare_settings,
    import_marker,
    interleave,
    recorded,
)
from tpmpath.core.imports import ImportCount, new_events
from tpmpath.core.models import Event, Progress, Settings
from tpmpath.core.progress import Derived, derive, extend
from tpmpath.errors import TpmpathError
from tpmpath.store import backups, devices, files, lines, merged, progress_store
from tpmpath.store.layout import head_line

if TYPE_CHECKING:
    from tpmpath.store.progress_store import ProgressStore

CHUNK_BYTES = 1 << 20
"""Written a chunk at a time: few system calls, and never more than this held to write."""


class Incoming(NamedTuple):
    """An export to import: its head (everything but the events), and its events, which may be
    read only once (store.exports.read_import reads them from the file as they are merged)."""

    head: Progress
    events: Iterable[Event]
    undone: frozenset[str] | None = None
    """The batches its `undo` events revert, told before they are read (store.lines scans the
    file for them), so that the import can replay as it writes and leave a checkpoint; None:
    not known (no checkpoint). Checked against what was read."""


@dataclass(eq=False)
class _Local:
    """What an import needs of this profile's logs, read without holding their events."""

    head: Progress
    """This device's log's head as stored (what the write keeps)."""
    own: lines.Lines | None
    known: set[str] = field(default_factory=set)
    """The id of every event of every log."""
    undone: set[str] = field(default_factory=set)
    """The batches an `undo` of this device's log reverted (for the checkpoint's replay)."""
    has_events: bool = False
    alone: bool = True
    """No other device's log: the log written is the whole history (it may get a checkpoint)."""


def import_(
    store: ProgressStore,
    incoming: Incoming,
    source: str,
    now: datetime,
    *,
    dry_run: bool,
    force: bool,
    keep_imports: bool,
) -> ImportCount:
    """Merge an export into this device's log (the rules: ProgressStore.import_); what it added
    or, with `dry_run`, would add."""
    if dry_run:
        local = _local(store, files.read_bytes(store.path))
        tally, _ = _begin(store, local, incoming, source, force)
        for _ in new_events(incoming.events, local.known, tally):
            pass
        return tally
    backups.refuse_if_lost(store.path)
    with store._transaction() as tx:
        local = _local(store, tx.data)
        tally, settings = _begin(store, local, incoming, source, force)
        added = new_events(incoming.events, local.known, tally, keep_imports=keep_imports)
        try:
            _write(store, tx, local, incoming, added, tally, now, source)
        except _Unchanged:
            return tally
        store._fill_settings(settings, tally.filled, now)
    return tally


def _begin(
    store: ProgressStore, local: _Local, incoming: Incoming, source: str, force: bool
) -> tuple[ImportCount, Settings]:
    """Refuse another learner's export (unless `force`); the settings it would take or differs
    on; the settings in force."""
    check_learner(
        local.head.learner_id, local.has_events, incoming.head, source, store.profile, force=force
    )
    settings = store._with_settings(local.head).settings
    filled, differing = compare_settings(settings, incoming.head.settings)
    return ImportCount(filled, differing), settings


def _local(store: ProgressStore, data: bytes | None) -> _Local:
    """Every log's event ids, this device's head; another device's log that cannot be read is
    skipped with a warning, as any read skips it (store.merged)."""
    curriculum_id = store.curriculum.id
    found, store.warnings = merged.collect(store.base, store.path, curriculum_id, store.skip)
    if data is None:
        local = _Local(Progress(curriculum_id=curriculum_id), None)
    else:
        own = lines.of_bytes(data, store.path)
        files.check_curriculum(own.head, store.path, curriculum_id)
        local = _Local(own.head, own)
        for event in own.events():
            local.known.add(event.id)
            if event.action == "undo" and event.undoes is not None:
                local.undone.add(event.undoes)
        local.has_events = bool(local.known)
    learner = None
    for log, raw in found:
        local.alone = False
        try:
            other = lines.of_bytes(raw, log.path)
            files.check_curriculum(other.head, log.path, curriculum_id)
            ids = {event.id for event in other.events()}
        except TpmpathError:
            store.warnings.append(merged.skipped(log))
            continue
        local.known |= ids
        local.has_events = local.has_events or bool(ids)
        learner = learner or other.head.learner_id
    if data is None and found:  # this device has not written yet: the profile is the others'
        local.head.learner_id = learner
    return local


class _Unchanged(Exception):
    """Nothing to import after all: the file being written is dropped."""


def _write(
    store: ProgressStore,
    tx: files.Transaction,
    local: _Local,
    incoming: Incoming,
    added: Iterator[Event],
    tally: ImportCount,
    now: datetime,
    source: str,
) -> None:
    """Write this device's log with the new events merged in and the import's own event last,
    as `layout.serialize` writes it; a checkpoint of it when it is the whole history."""
    ours = local.own.events() if local.own is not None else iter(())
    events = interleave(ours, added, recorded)
    first = next(events, None)
    head = local.head.model_copy()
    if head.created_at is None:
        head.created_at = incoming.head.created_at
    if not local.has_events and incoming.head.learner_id:
        head.learner_id = incoming.head.learner_id
    if head.created_at is None:  # as `_stamp` dates it: by the first event (the import's own)
        head.created_at = first.at if first is not None else now
    store._stamp(head, [], [])
    if first is not None:
        events = itertools.chain([first], events)

    def marker() -> Event:
        if not tally.changed:
            raise _Unchanged
        return devices.stamp([import_marker(now, source, tally.batches, tally.filled)])[0]

    # A checkpoint is of this one log, replayed as it is written: what `undo`s revert must be
    # known from the start (the log's own, and the export's, told before its events are read).
    replayed = local.alone and store.cache_dir is not None and incoming.undone is not None
    derived = derive(store.curriculum, []) if replayed else None
    if derived is not None:
        derived.undone |= local.undone | (incoming.undone or set())
    written = _Written(store.path)
    replay = None if derived is None else functools.partial(extend, store.curriculum, derived)
    content = written.count(_content(head_line(head), _then(events, marker), replay))
    # Made before the temporary file is: an import that brings nothing touches no file (nor the
    # folder's time). Until the first new event, these are this log's own events (at most a
    # copy of it: an export that brings nothing new, or only after the last of ours).
    made = []
    for chunk in content:
        made.append(chunk)
        if tally.changed:
            break
    if local.own is not None and local.own.upgraded_from is not None:
        tx.keep_original(local.own.upgraded_from)
    progress_store._save(store.path, itertools.chain(made, content), backup=tx.data is not None)
    store._wrote = True
    if derived is not None and derived.undone == local.undone | tally.undone:
        _checkpoint(store, head, derived, written)


def _then(events: Iterator[Event], last: Callable[[], Event]) -> Iterator[Event]:
    yield from events
    yield last()


def _content(
    head: bytes, events: Iterator[Event], replay: Callable[[list[Event]], None] | None
) -> Iterator[bytes]:
    """The bytes `layout.serialize` writes for `head` and `events` (at least one), a chunk at a
    time; `replay` is given the events as they go by."""
    dump = Event.__pydantic_serializer__.to_json
    parts = [head, b"\n"]
    pending: list[Event] = []
    size = 0
    separator = b""
    for event in events:
        line = dump(event, exclude_none=True)
        parts += (separator, line)
        separator = b",\n"
        size += len(line) + 2
        pending.append(event)
        if size >= CHUNK_BYTES:
            if replay is not None:
                replay(pending)
            yield b"".join(parts)
            parts, pending, size = [], [], 0
    if replay is not None:
        replay(pending)
    parts.append(b"\n]}\n")
    yield b"".join(parts)


class _Written:
    """The size and SHA-256 of what is written; a result over the cap is refused before the
    rename, with the size it would have had."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0
        self.sha256 = hashlib.sha256()

    def count(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.size += len(chunk)
            if self.size > files.MAX_PROGRESS_BYTES:
                self.size += sum(len(rest) for rest in chunks)
                raise files.too_large(self.path, self.size)
            self.sha256.update(chunk)
            yield chunk


def _checkpoint(store: ProgressStore, head: Progress, derived: Derived, written: _Written) -> None:
    """The checkpoint of the log just written, so that the next command does not replay it."""
    from tpmpath.store import checkpoint

    if store.cache_dir is None or written.size < progress_store.CHECKPOINT_MIN_BYTES:
        return
    checkpoint.save(
        store.cache_dir,
        store.path,
        b"",
        store.curriculum,
        head.model_copy(update={"events": []}),
        derived,
        canonical=True,
        digest=written.sha256.hexdigest(),
    )

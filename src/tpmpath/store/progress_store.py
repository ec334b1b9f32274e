"""The one API to a learner's progress on one curriculum: read, change, undo, import, settings,
export and recover.

Every write goes through `_save`: under the lock, atomically, the previous version kept as
`.bak`. In a synced data dir each device writes only its own log (store.logs) and reads merge
every device's (store.merged); a single log is read as it always was.

Checkpoints and appending (store.checkpoint, store.layout) keep a large file fast; no caller
chooses: `read()` and `change()` pick the quick way when it is valid, else the full one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tpmpath.core.changes import (
    Undone,
    last_batch,
    undo_event,
    without_import,
)
from tpmpath.core.models import Curriculum, Event, Progress, Settings
from tpmpath.core.progress import Derived, derive, extend, undone_batches
from tpmpath.core.state import State
from tpmpath.store import backups, devices, files, logs, merged, profile_files
from tpmpath.store.atomic import Content, Stream, size_of, write_atomic
from tpmpath.store.profiles import learner_id, profile_file

if TYPE_CHECKING:
    from tpmpath.core.imports import ImportCount
    from tpmpath.store.checkpoint import Checkpoint
    from tpmpath.store.streamed import Incoming

R = TypeVar("R")
Build = Callable[[State], tuple[list[Event], R]]
"""Given the current state, the events to add and what to report about them. It must not have
side effects: it runs again under the lock when the file changed since it was read."""

CHECKPOINT_MIN_BYTES = 256 * 1024
"""Progress files smaller than this (about 1,500 events) get no checkpoint: replaying them is as
quick, and they do not even import store.checkpoint (6 ms of Pydantic schema building)."""


@dataclass(repr=False, eq=False)
class _Read:
    """The state of the bytes read, and whether a change may append to them (they are laid out
    as `layout.serialize` writes, which their current checkpoint vouches for)."""

    state: State
    appendable: bool
    head: Progress
    """The head as stored: what a write keeps (the state's head has the profile's settings)."""
    own: Sequence[Event] | None = None
    """The own log's events when other devices' logs were merged into `state.events`; None:
    there are no others, and `state.events` are the own log's."""

    @property
    def stored(self) -> Sequence[Event]:
        """The events in the file a write replaces (this device's log)."""
        return self.state.events if self.own is None else self.own


class ProgressStore:
    """A profile's progress on one curriculum: `base` is `files.progress_path`; this device
    writes `path` (store.logs.own_log) and reads every device's log."""

    def __init__(
        self, path: Path, curriculum: Curriculum, cache_dir: Path | None, profile: str = "default"
    ) -> None:
        self.base = path
        self.curriculum = curriculum
        self.profile = profile
        self.settings_file = profile_file(path)
        self.cache_dir = cache_dir
        """Where checkpoints go; None when caches are off (TPMPATH_NO_CACHE=1)."""
        self._state: State | None = None
        self._new_profile = not _is_dir(path.parent)
        self._wrote = False
        self._path: Path | None = None
        self.warnings: list[str] = []
        """Other devices' logs that were skipped (damaged): said on stderr by the command."""
        self.skip: set[Path] = set()
        """Logs not to read (doctor --fix folds these copies in)."""

    @property
    def device(self) -> str:
        """This device's id (store.devices)."""
        return devices.current()

    @property
    def path(self) -> Path:
        """This device's own log: the file every write of this store replaces."""
        if self._path is None:
            self._path = logs.own_log(self.base, self.device)
        return self._path

    @property
    def created_profile(self) -> bool:
        """Whether this store's writes created the profile (its folder was not there before):
        a typo in --profile makes a new one, and the user should hear of it."""
        return self._new_profile and self._wrote

    # Reading

    def read(self) -> State:
        """The progress as stored (read once per command; reads never write the file)."""
        if self._state is None:
            self._state = self._read(files.read_bytes(self.path)).state
        return self._state

    def export(self) -> Progress:
        """Every event (of every device's log) and setting, validated: what `export` writes."""
        from tpmpath.store.transfer import export

        return export(self)

    def _read(self, data: bytes | None) -> _Read:
        """The state of a file's bytes: from its checkpoint when there is a current one (no event
        is read), else validated and replayed in full (and a checkpoint kept, if large). With
        other devices' logs beside it, all of them, merged."""
        found, self.warnings = merged.collect(self.base, self.path, self.curriculum.id, self.skip)
        if found:  # the own log (strictly) and the others' as one history
            read = merged.read_all(self.path, data, self.curriculum, found, self.cache_dir)
            self.warnings += read.warnings
            state = State(self._with_settings(read.head), read.events, read.derived, True)
            return _Read(state, appendable=False, head=read.head, own=read.own)
        checkpoint = self._checkpoint_of(data)
        if checkpoint is not None and data is not None:
            from tpmpath.store.layout import EventLines, has_layout

            appendable = checkpoint.canonical and has_layout(data)
            events: Sequence[Event] = (
                EventLines(None, self.path, data=data)
                if appendable
                else files.parse_loaded(data, self.path, self.curriculum.id).progress.events
            )
            head = self._with_settings(checkpoint.head)
            state = State(head, events, checkpoint.derived(), True)
            return _Read(state, appendable, checkpoint.head)
        loaded = files.parse_loaded(data, self.path, self.curriculum.id)
        progress = loaded.progress
        derived = derive(self.curriculum, progress.events)
        if data is not None and loaded.upgraded_from is None and _worth_a_checkpoint(data):
            from tpmpath.store import layout

            canonical = layout.is_canonical(data, progress)
            self._save_checkpoint(data, progress, derived, canonical=canonical)
        stored = progress.model_copy(update={"events": []})
        state = State(self._with_settings(stored), progress.events, derived, loaded.exists)
        return _Read(state, appendable=False, head=stored)

    # Changing: every write below ends in `_save`

    def change(self, build: Build[R]) -> tuple[list[Event], R]:
        """Under the lock: the events `build` returns are added to the file, as one batch."""
        if not _exists(self.path):
            # Nothing on disk yet: try the change on empty progress first, so that a command that
            # fails (an unknown topic, nothing to undo) creates no data folder or lock file.
            events, result = build(self._read(None).state)
            if not events:
                return events, result
            backups.refuse_if_lost(self.path)
        with self._transaction() as tx:
            read = self._read(tx.data)
            events, result = build(read.state)
            if events:
                self._add(tx, read, events)
        self._state = None
        return events, result

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[files.Transaction]:
        """The locked read-modify-write of this device's log; if `C.json`, once locked, turns
        out to be another device's (it claimed the free file first), of `C@<device>.json`."""
        with files.transaction(self.path, self.curriculum.id) as tx:
            if not logs.claimed_by_another(tx.data, self.path, self.base, self.device):
                yield tx
                return
        self._path = logs.log_path(self.base, self.device)
        with files.transaction(self._path, self.curriculum.id) as tx:
            yield tx

    def settings(self, apply: Callable[[Settings], Settings], now: datetime | None = None) -> bool:
        """Make the profile's settings what `apply` makes of them, in this device's profile file
        (store.profile_files, under its lock), changed at `now`; whether they changed."""
        fallback = self.read().settings  # an older tpmpath's, until the profile has a file
        return self._change_settings(apply, fallback, now or datetime.now(UTC))

    def _change_settings(
        self, apply: Callable[[Settings], Settings], fallback: Settings, now: datetime
    ) -> bool:
        if not profile_files.change(self.settings_file, self.device, apply, fallback, now):
            return False
        self._wrote, self._state = True, None
        return True

    def _with_settings(self, head: Progress) -> Progress:
        """The head with the settings in force: the profile's, whatever the curriculum; until
        the profile has its own, those an older tpmpath kept with this curriculum's progress."""
        stored, warnings = profile_files.read(self.settings_file, self.device)
        self.warnings += warnings
        return head if stored is None else head.model_copy(update={"settings": stored})

    def _fill_settings(self, current: Settings, update: dict[str, object], now: datetime) -> None:
        """Set (or, with None, unset) some profile settings, as an import or its undo does."""
        if update:
            self._change_settings(lambda s: s.model_copy(update=update), current, now)

    def undo(self, now: datetime) -> Undone:
        """Revert this device's last command: an undo event; for an import, the events it
        brought go too. Another device's changes are never reverted here."""
        if not _exists(self.path):
            backups.refuse_if_lost(self.path)
            state = self.read()  # other devices' changes only, if any: undo says whose
            mine = merged.mine(self.device, [])
            undo_event(state.events, state.derived.undone, now, mine)
        with self._transaction() as tx:
            read = self._read(tx.data)
            state = read.state
            mine = merged.mine(self.device, read.own)
            event, batch = undo_event(state.events, state.derived.undone, now, mine)
            latest = last_batch(state.events, state.derived.undone)
            elsewhere = [] if latest[0].batch == batch[0].batch else latest
            marker = batch[0]
            if marker.action != "import":
                self._add(tx, read, [event])
                self._state = None
                return Undone(batch, elsewhere=elsewhere)
            before = len(read.stored)
            kept = [*without_import(read.stored, marker), devices.stamp([event])[0]]
            self._fill_settings(state.settings, dict.fromkeys(marker.settings or ()), now)
            self._rewrite(tx, read, read.head.model_copy(update={"events": kept}), added=None)
        self._state = None
        return Undone(batch, brought=before - (len(kept) - 1), elsewhere=elsewhere)

    def import_(
        self,
        incoming: Progress | Incoming,
        source: str,
        now: datetime,
        *,
        dry_run: bool,
        force: bool = False,
        keep_imports: bool = False,
    ) -> ImportCount:
        """Merge an export in (by event id), as one batch that `undo` reverts. Another learner's
        export into a profile with progress is refused unless `force`; an empty profile takes the
        learner id of the export (the second laptop). `keep_imports`: keep the import events it
        holds too (a copy of a log, not an export). Streamed: see store.streamed."""
        from tpmpath.store.streamed import Incoming, import_

        if isinstance(incoming, Progress):
            head, events = incoming.model_copy(update={"events": []}), incoming.events
            incoming = Incoming(head, events, frozenset(undone_batches(events)))
        tally = import_(
            self, incoming, source, now, dry_run=dry_run, force=force, keep_imports=keep_imports
        )
        self._state = None
        return tally

    def recover(self, now: datetime) -> str:
        """Restore the last good backup of a damaged file; see store.recovery."""
        from tpmpath.store.recovery import recover

        self._state = None
        return recover(self.path, self.curriculum.id, now, save=_save)

    def _add(self, tx: files.Transaction, read: _Read, events: list[Event]) -> None:
        """Add events after the ones stored, with the curriculum stamp renewed."""
        devices.stamp(events)
        self._write(tx, read, self._stamp(read.head, read.stored, events), events)

    def _write(
        self, tx: files.Transaction, read: _Read, head: Progress, events: list[Event]
    ) -> None:
        """Save `head` and the stored events followed by `events`: appended to the bytes read
        when the file's layout allows (a large file: no event is encoded again), else the whole
        file is written."""
        state = read.state
        if not read.appendable:
            progress = head.model_copy(update={"events": [*read.stored, *events]})
            self._rewrite(tx, read, progress, added=events)
            return
        from tpmpath.store import layout

        assert tx.data is not None
        data = layout.append(tx.data, head, events)
        _save(self.path, data, backup=True)
        self._wrote = True
        self._after_save(data, head, state.derived, events)

    def _rewrite(
        self, tx: files.Transaction, read: _Read, progress: Progress, *, added: list[Event] | None
    ) -> None:
        """Write the whole file: `progress` with every event. `added`: the events that follow
        the stored ones (None: the past changed, as an import or an undo of one changes it)."""
        from tpmpath.store.layout import serialize

        state = read.state
        self._stamp(progress, progress.events, [])
        if tx.loaded.upgraded_from is not None:
            tx.keep_original(tx.loaded.upgraded_from)
        data = serialize(progress)
        _save(self.path, data, backup=tx.loaded.exists)
        self._wrote = True
        if added is not None and read.own is None:  # a checkpoint is of this one log alone
            head = progress.model_copy(update={"events": []})
            self._after_save(data, head, state.derived, added)

    def _after_save(
        self,
        data: Content,
        head: Progress,
        derived: Derived,
        events: list[Event],
    ) -> None:
        """Keep the checkpoint of what was just written, for the next command."""
        if any(e.action == "undo" for e in events):
            return  # the past changed: the next read replays it
        extend(self.curriculum, derived, events)
        self._save_checkpoint(data, head, derived, canonical=True)

    def _stamp(self, head: Progress, stored: Sequence[Event], events: Sequence[Event]) -> Progress:
        """Record the curriculum version the progress was last recorded against, and when it
        began (its first event)."""
        head.curriculum_version = self.curriculum.version
        head.curriculum_topics = [t.id for t in self.curriculum.topics]
        head.profile = self.profile
        head.device = devices.remember()  # a file from before devices: this save claims it
        if head.learner_id is None:
            head.learner_id = learner_id(self.path)
        if head.created_at is None:
            first = stored[0] if stored else (events[0] if events else None)
            head.created_at = first.at if first else None
        return head

    # Checkpoints (large files only)

    def _checkpoint_of(self, data: bytes | None) -> Checkpoint | None:
        if self.cache_dir is None or data is None or not _worth_a_checkpoint(data):
            return None
        from tpmpath.store import checkpoint

        return checkpoint.load(self.cache_dir, self.path, data, self.curriculum)

    def _save_checkpoint(
        self, data: Content, progress: Progress, derived: Derived, *, canonical: bool
    ) -> None:
        if self.cache_dir is not None and _worth_a_checkpoint(data):
            from tpmpath.store import checkpoint

            checkpoint.save(
                self.cache_dir,
                self.path,
                data,
                self.curriculum,
                progress,
                derived,
                canonical=canonical,
            )


def _save(path: Path, data: Content | Stream, *, backup: bool) -> None:
    """The one place the progress file is written: atomically, the old version kept as `.bak`.

    Never a file tpmpath would then refuse to read (an import can add that much; a streamed one
    counts its bytes as they are made, store.streamed)."""
    size = 0 if isinstance(data, Iterator) else size_of(data)
    if size > files.MAX_PROGRESS_BYTES:
        raise files.too_large(path, size)
    write_atomic(path, data, backup=backup)


def _worth_a_checkpoint(data: Content | None) -> bool:
    """Whether a progress file of this content is large enough for a checkpoint."""
    return data is not None and size_of(data) >= CHECKPOINT_MIN_BYTES


def _is_dir(path: Path) -> bool:
    """Whether a folder is there; True when that cannot be told (the write will say why)."""
    try:
        return path.is_dir()
    except OSError:
        return True


def _exists(path: Path) -> bool:
    """Whether a file is there; True when that cannot be told (the transaction says why)."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True

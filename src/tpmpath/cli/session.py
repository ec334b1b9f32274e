"""One command's context: which profile and curriculum, and the progress read or changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.progress import Derived, derive, extend
from tpmpath.store import files as store
from tpmpath.store.atomic import Content

if TYPE_CHECKING:
    from tpmpath.store.checkpoint import Checkpoint

CHECKPOINT_MIN_BYTES = 256 * 1024
"""Progress files smaller than this (about 1,500 events) get no checkpoint: replaying them is as
quick, and they do not even import checkpoint.py (6 ms of Pydantic schema building)."""


@dataclass
class Session:
    """Resolves the global options once, and loads what a command asks for, lazily."""

    profile: str = "default"
    curriculum_file: Path | None = None
    progress_override: Progress | None = field(default=None, repr=False)

    @cached_property
    def curriculum_path(self) -> Path:
        from tpmpath.curriculum.loader import default_curriculum_path

        return self.curriculum_file or default_curriculum_path()

    @cached_property
    def cache_dir(self) -> Path | None:
        """Where derived data is cached; None when TPMPATH_NO_CACHE=1."""
        return None if os.environ.get("TPMPATH_NO_CACHE") == "1" else store.cache_dir()

    @cached_property
    def curriculum(self) -> Curriculum:
        from tpmpath.curriculum.loader import load_curriculum

        if self.cache_dir is None:
            return load_curriculum(self.curriculum_path)
        from tpmpath.store.caches import DirCache

        return load_curriculum(self.curriculum_path, cache=DirCache(self.cache_dir))

    @cached_property
    def path(self) -> Path:
        """The active progress file."""
        return store.progress_path(self.profile, self.curriculum.id)

    @cached_property
    def data(self) -> bytes | None:
        """The progress file's bytes (None: there is none yet)."""
        return store.read_bytes(self.path)

    @cached_property
    def loaded(self) -> store.Loaded:
        return store.parse_loaded(self.data, self.path, self.curriculum.id)

    @property
    def progress(self) -> Progress:
        """The stored progress with every event, read-only (reads never write)."""
        return self.progress_override or self.loaded.progress

    @cached_property
    def events(self) -> Sequence[Event]:
        """Every event; with a checkpoint of a file in tpmpath's layout, each one is validated
        only when a command reads it (see layout.EventLines)."""
        checkpoint = self.checkpoint
        if checkpoint is None or not checkpoint.canonical or self.data is None:
            return self.progress.events
        from tpmpath.store.layout import EventLines, event_bodies, has_layout

        if not has_layout(self.data):
            return self.progress.events
        return EventLines(event_bodies(self.data), self.path)

    @property
    def head(self) -> Progress:
        """The stored progress, whose events may be left out: settings and curriculum version.

        For commands that need only `derived` of the events: with a checkpoint, the events
        are not read at all.
        """
        checkpoint = self.checkpoint
        return checkpoint.head if checkpoint else self.progress

    @cached_property
    def checkpoint(self) -> Checkpoint | None:
        """The checkpoint of the progress file as read, if there is a current one."""
        if self.progress_override is not None:
            return None
        return self._checkpoint_of(self.data)

    @cached_property
    def derived(self) -> Derived:
        checkpoint = self.checkpoint
        if checkpoint is not None:
            return checkpoint.derived()
        derived = derive(self.curriculum, self.progress.events)
        if self.progress_override is None:
            self._save_checkpoint(self.loaded, derived)
        return derived

    def change(
        self, build: Callable[[Progress, Derived], list[Event]], *, history: bool = False
    ) -> list[Event]:
        """Under the lock: derive the current state, add the events `build` returns, save.

        `build` may run twice, so it must set (not append to) whatever it reports back. It gets
        the progress without its events unless it asks for the `history`.
        """
        curriculum = self.curriculum
        if not _exists(self.path):
            # Nothing on disk yet: try the change on empty progress first, so that a command that
            # fails (an unknown topic, nothing to undo) creates no data directory or lock file.
            build(Progress(curriculum_id=curriculum.id), derive(curriculum, []))
        with store.transaction(self.path, curriculum.id) as tx:
            checkpoint = None if history else self._checkpoint_of(tx.data)
            if checkpoint is not None and _appendable(checkpoint, tx.data):
                return self._append(tx, checkpoint, build)
            derived = derive(curriculum, tx.progress.events)
            events = build(tx.progress, derived)
            if events:
                tx.progress.events.extend(events)
                self.stamp(tx.progress)
                data = tx.commit()
                if not any(e.action == "undo" for e in events):
                    extend(curriculum, derived, events)
                    self._save(data, tx.progress, derived, canonical=True)
        return events

    def _append(
        self,
        tx: store.Transaction,
        checkpoint: Checkpoint,
        build: Callable[[Progress, Derived], list[Event]],
    ) -> list[Event]:
        """`change` on a file with a checkpoint: no event is read, the new ones are appended."""
        head, derived = checkpoint.head, checkpoint.derived()
        events = build(head, derived)
        if not events:
            return events
        first = events[0]
        if head.created_at is None and derived.events and tx.data is not None:
            from tpmpath.store.layout import EventLines, event_bodies

            first = EventLines(event_bodies(tx.data), self.path)[0]  # written without the date
        self.stamp(head, first=first)
        data = tx.commit_append(head, events)
        if not any(e.action == "undo" for e in events):
            extend(self.curriculum, derived, events)
            self._save(data, head, derived, canonical=True)
        return events

    def edit(self, apply: Callable[[Progress], bool]) -> bool:
        """Under the lock: `apply` changes the progress in place (settings); saved if it says so.

        `apply` gets the progress without its events when a checkpoint allows: then only the
        head line is written again.
        """
        with store.transaction(self.path, self.curriculum.id) as tx:
            checkpoint = self._checkpoint_of(tx.data)
            if checkpoint is not None and _appendable(checkpoint, tx.data):
                head = checkpoint.head
                changed = apply(head)
                if changed:
                    data = tx.commit_append(head, [])
                    self._save(data, head, checkpoint.derived(), canonical=True)
                return changed
            changed = apply(tx.progress)
            if changed:
                tx.commit()
        return changed

    def stamp(self, progress: Progress, first: Event | None = None) -> None:
        """Record which curriculum version the progress was last recorded against, and when
        it was created (the first event's time, or `first`'s when the events are not loaded)."""
        curriculum = self.curriculum
        progress.curriculum_version = curriculum.version
        progress.curriculum_topics = [t.id for t in curriculum.topics]
        if progress.created_at is None:
            first = progress.events[0] if progress.events else first
            progress.created_at = first.at if first else None

    def _checkpoint_of(self, data: bytes | None) -> Checkpoint | None:
        if self.cache_dir is None or data is None or not _worth_a_checkpoint(data):
            return None
        from tpmpath.store import checkpoint

        return checkpoint.load(self.cache_dir, self.path, data, self.curriculum)

    def _save_checkpoint(self, loaded: store.Loaded, derived: Derived) -> None:
        """Keep what a full read derived, for the next command (large files only)."""
        if loaded.upgraded_from is None and _worth_a_checkpoint(loaded.raw):
            from tpmpath.store import layout

            canonical = layout.is_canonical(loaded.raw, loaded.progress)
            self._save(loaded.raw, loaded.progress, derived, canonical=canonical)

    def _save(
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


def _appendable(checkpoint: Checkpoint | None, data: bytes | None) -> bool:
    """Whether a change may append to `data`: its checkpoint says it is in tpmpath's layout."""
    if checkpoint is None or not checkpoint.canonical or data is None:
        return False
    from tpmpath.store.layout import has_layout

    return has_layout(data)


def _worth_a_checkpoint(data: Content | None) -> bool:
    """Whether a progress file of this content is large enough for a checkpoint."""
    if data is None:
        return False
    size = len(data) if isinstance(data, bytes) else sum(len(part) for part in data)
    return size >= CHECKPOINT_MIN_BYTES


def _exists(path: Path) -> bool:
    """Whether a file is there; True when that cannot be told (the transaction says why)."""
    try:
        return path.exists()
    except OSError:
        return True

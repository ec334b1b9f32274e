"""One command's context: which profile and curriculum, and the progress read or changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tpmpath import store
from tpmpath.models import Curriculum, Event, Progress
from tpmpath.progress import Derived, derive


@dataclass
class Session:
    """Resolves the global options once, and loads what a command asks for, lazily."""

    profile: str = "default"
    curriculum_file: Path | None = None
    progress_override: Progress | None = field(default=None, repr=False)

    @cached_property
    def curriculum_path(self) -> Path:
        from tpmpath.curriculum import default_curriculum_path

        return self.curriculum_file or default_curriculum_path()

    @cached_property
    def curriculum(self) -> Curriculum:
        from tpmpath.curriculum import load_curriculum

        cache = None if os.environ.get("TPMPATH_NO_CACHE") == "1" else store.cache_dir()
        return load_curriculum(self.curriculum_path, cache_dir=cache)

    @cached_property
    def path(self) -> Path:
        """The active progress file."""
        return store.progress_path(self.profile, self.curriculum.id)

    @cached_property
    def loaded(self) -> store.Loaded:
        return store.load(self.path, self.curriculum.id)

    @property
    def progress(self) -> Progress:
        """The stored progress, read-only (reads never write)."""
        return self.progress_override or self.loaded.progress

    @cached_property
    def derived(self) -> Derived:
        return derive(self.curriculum, self.progress.events)

    def change(self, build: Callable[[Progress, Derived], list[Event]]) -> list[Event]:
        """Under the lock: derive the current state, add the events `build` returns, save.

        `build` may run twice, so it must set (not append to) whatever it reports back.
        """
        curriculum = self.curriculum
        if not _exists(self.path):
            # Nothing on disk yet: try the change on empty progress first, so that a command that
            # fails (an unknown topic, nothing to undo) creates no data directory or lock file.
            build(Progress(curriculum_id=curriculum.id), derive(curriculum, []))
        with store.transaction(self.path, curriculum.id) as tx:
            derived = derive(curriculum, tx.progress.events)
            events = build(tx.progress, derived)
            if events:
                tx.progress.events.extend(events)
                self.stamp(tx.progress)
                tx.commit()
        return events

    def edit(self, apply: Callable[[Progress], bool]) -> bool:
        """Under the lock: `apply` changes the progress in place (settings); saved if it says so."""
        with store.transaction(self.path, self.curriculum.id) as tx:
            changed = apply(tx.progress)
            if changed:
                tx.commit()
        return changed

    def stamp(self, progress: Progress) -> None:
        """Record which curriculum version the progress was last recorded against."""
        curriculum = self.curriculum
        progress.curriculum_version = curriculum.version
        progress.curriculum_topics = [t.id for t in curriculum.topics]
        if progress.created_at is None and progress.events:
            progress.created_at = progress.events[0].at


def _exists(path: Path) -> bool:
    """Whether a file is there; True when that cannot be told (the transaction says why)."""
    try:
        return path.exists()
    except OSError:
        return True

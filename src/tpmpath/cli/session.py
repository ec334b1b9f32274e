"""One command's context: which profile and curriculum, resolved once, and their store."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tpmpath.core.models import Curriculum
from tpmpath.core.state import State
from tpmpath.store import files
from tpmpath.store.progress_store import ProgressStore


@dataclass
class Session:
    """The global options, and what a command loads from them, lazily."""

    profile: str = "default"
    curriculum_file: Path | None = None
    _warned: bool = field(default=False, init=False, repr=False)

    @cached_property
    def curriculum_path(self) -> Path:
        from tpmpath.curriculum.loader import default_curriculum_path

        return self.curriculum_file or default_curriculum_path()

    @cached_property
    def cache_dir(self) -> Path | None:
        """Where derived data is cached; None when TPMPATH_NO_CACHE=1."""
        return None if os.environ.get("TPMPATH_NO_CACHE") == "1" else files.cache_dir()

    @cached_property
    def curriculum(self) -> Curriculum:
        from tpmpath.curriculum.loader import load_curriculum

        if self.cache_dir is None:
            return load_curriculum(self.curriculum_path)
        from tpmpath.store.caches import DirCache

        return load_curriculum(self.curriculum_path, cache=DirCache(self.cache_dir))

    @cached_property
    def base_path(self) -> Path:
        """`<profile>/<curriculum>.json`: the progress file (the first device's log)."""
        return files.progress_path(self.profile, self.curriculum.id)

    @property
    def path(self) -> Path:
        """The active progress file: the log this device writes (store.logs)."""
        return self.store.path

    @cached_property
    def store(self) -> ProgressStore:
        return ProgressStore(self.base_path, self.curriculum, self.cache_dir, self.profile)

    @property
    def created_profile(self) -> bool:
        """Whether this command created a profile that was named (see
        ProgressStore.created_profile); the first use of 'default' is no surprise."""
        made = "store" in self.__dict__ and self.store.created_profile
        return made and self.profile != "default"

    @property
    def warnings(self) -> list[str]:
        """What the store skipped (another device's damaged log), to say on stderr."""
        return self.store.warnings if "store" in self.__dict__ else []

    @property
    def state(self) -> State:
        """The progress as stored now (read once; a change reads it again)."""
        state = self.store.read()
        if not state.exists and not self._warned:
            self._warned = self._warn_of_a_lost_file()
        return state

    def _warn_of_a_lost_file(self) -> bool:
        """Say that the progress file is missing but a backup is there (once per command: the
        caller remembers): "No progress yet" alone would hide months of it."""
        from tpmpath.store.backups import lost_backup

        backup = lost_backup(self.store.path)
        if backup is not None:
            from tpmpath.cli.app import message

            message(
                f"Warning: {self.path} is missing, but its backup {backup} is there. "
                "Run `tpmpath recover` to restore it."
            )
        return backup is not None

"""Any sequence of start/done/skip/reset/undo, saved and read back, equals a plain model of it.

The machine changes progress through the real path (ProgressStore.change and .undo: lock, load,
derive, append, atomic write) and checks the file on disk after every step against a dict of
statuses plus an undo stack. Now and then it reads everything back through the CLI, as a new
process would.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from typer.testing import CliRunner

from tpmpath.cli.main import app
from tpmpath.core.changes import status_change
from tpmpath.core.lookup import resolve_topics
from tpmpath.core.models import Action, Curriculum, Event
from tpmpath.core.progress import derive
from tpmpath.core.state import State
from tpmpath.curriculum.loader import load_curriculum
from tpmpath.errors import TpmpathError
from tpmpath.store import files as store
from tpmpath.store.progress_store import ProgressStore

TOPICS = ["a", "b", "c", "d"]  # the tiny curriculum's plain topics (`talk` is a practice)
TARGET = {"start": "in_progress", "done": "done", "skip": "skipped", "reset": "todo"}
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

topic_lists = st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3)


class ProgressMachine(RuleBasedStateMachine):
    """The store and a model of it: statuses, and a stack of what each command changed."""

    curriculum: Curriculum
    curriculum_file: Path
    base: Path

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(dir=self.base))
        # Where `tpmpath` finds it with TPMPATH_DATA_DIR=folder (see read_back_through_the_cli).
        path = self.folder / "profiles" / "default" / "tiny.json"
        self.store = ProgressStore(path, self.curriculum, cache_dir=None)
        self.status = dict.fromkeys(TOPICS, "todo")
        self.stack: list[dict[str, str]] = []
        self.steps = 0

    def now(self) -> datetime:
        """A clock that moves one minute per command, as a user's would."""
        self.steps += 1
        return START + timedelta(minutes=self.steps)

    def change(self, action: Action, topics: list[str], note: str | None = None) -> None:
        """What `tpmpath ACTION TOPICS` does: resolve, build events under the lock, save."""
        now = self.now()

        def build(state: State) -> tuple[list[Event], None]:
            ids = resolve_topics(self.curriculum, topics, state.derived.orphans)
            return status_change(state.derived, action, ids, now, text=note).events, None

        self.store.change(build)
        self.model_change(action, topics, note)

    def model_change(self, action: Action, topics: list[str], note: str | None) -> None:
        """The model: a topic moves if it is not there yet (`done --note` always records)."""
        target = TARGET[action]
        before = {}
        for topic in dict.fromkeys(topics):
            if self.status[topic] != target or (action == "done" and note):
                before[topic] = self.status[topic]
                self.status[topic] = target
        if before:
            self.stack.append(before)

    @rule(topics=topic_lists)
    def start(self, topics: list[str]) -> None:
        self.change("start", topics)

    @rule(topics=topic_lists, note=st.sampled_from([None, "with a note"]))
    def done(self, topics: list[str], note: str | None) -> None:
        self.change("done", topics, note)

    @rule(topics=topic_lists)
    def skip(self, topics: list[str]) -> None:
        self.change("skip", topics)

    @rule(topics=topic_lists)
    def reset(self, topics: list[str]) -> None:
        self.change("reset", topics)

    @rule()
    def undo(self) -> None:
        now = self.now()
        if not self.stack:
            with pytest.raises(TpmpathError, match="Nothing to undo"):
                self.store.undo(now)
            return
        self.store.undo(now)
        self.status.update(self.stack.pop())

    @precondition(lambda self: self.steps % 4 == 3)
    @rule()
    def read_back_through_the_cli(self) -> None:
        """A new process's view: `list --json` reads the file afresh."""
        env = {
            "TPMPATH_DATA_DIR": str(self.folder),
            "TPMPATH_CURRICULUM": str(self.curriculum_file),
        }
        result = CliRunner().invoke(app, ["list", "--json"], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        listed = {t["id"]: t["status"] for t in json.loads(result.stdout) if t["id"] in TOPICS}
        assert listed == self.status

    @invariant()
    def stored_state_equals_the_model(self) -> None:
        path = self.store.path
        loaded = store.load(path, self.curriculum.id)  # a fresh read from disk, fully validated
        states = derive(self.curriculum, loaded.progress.events).states
        assert {topic: states[topic].status for topic in TOPICS} == self.status
        if path.parent.exists():
            assert not [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_any_sequence_of_commands_matches_the_model(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ProgressMachine, "curriculum", load_curriculum(tiny), raising=False)
    monkeypatch.setattr(ProgressMachine, "curriculum_file", tiny, raising=False)
    monkeypatch.setattr(ProgressMachine, "base", tmp_path, raising=False)
    run_state_machine_as_test(
        ProgressMachine, settings=settings(max_examples=200, stateful_step_count=15, deadline=None)
    )

"""Checkpoints of derived progress (store.checkpoint): a cache that must never change an answer.

progress_store.CHECKPOINT_MIN_BYTES is 0 here, so the tiny curriculum's progress files get
checkpoints: reads take the derived state from one, and changes append to the file under one
(`ProgressStore.change`). Every outcome is compared with the same command run without any cache
(TPMPATH_NO_CACHE=1), which replays every event and rewrites the whole file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import itertools
import json
import os
import shutil
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

import tpmpath.store.checkpoint as checkpoint
from tests.conftest import TINY, Invoke
from tests.store.test_files import progress_file, temporaries
from tpmpath.core import changes, progress
from tpmpath.core.models import Curriculum, Event, Progress, Settings
from tpmpath.core.progress import derive, extend, undone_batches
from tpmpath.curriculum.loader import load_curriculum
from tpmpath.store import atomic, layout, progress_store
from tpmpath.store import files as store
from tpmpath.store.caches import seal, unseal

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=1)))

READS: list[tuple[str, ...]] = [
    ("status", "--json"),
    ("next", "--json"),
    ("list", "--json"),
    ("show", "a", "--json"),
    ("show", "talk", "--json"),
    ("review", "--json"),
    ("plan", "--json"),
    ("history", "--json"),
    ("report", "--format", "json"),
    ("status",),
    ("history",),
    ("history", "-n", "3", "--json"),
    ("gap", "list", "--all", "--json"),
    ("gap", "list"),
    ("show", "a"),
    ("config", "list"),
    ("report",),
    ("assess", "--json"),
    ("assess",),
]
"""Reads whose output depends on the derived state, on the head (settings) or on the events."""


@pytest.fixture(autouse=True)
def checkpoints_for_small_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_store, "CHECKPOINT_MIN_BYTES", 0)


@pytest.fixture
def ids(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Deterministic event and batch ids: call it with a number to restart the sequence there."""
    counter = itertools.count()

    def new_id() -> str:
        return f"{next(counter):032x}"

    def restart(base: int) -> None:
        nonlocal counter
        counter = itertools.count(base)

    monkeypatch.setattr(changes, "new_id", new_id)
    return restart


def at(step: int) -> str:
    """The moment of a scripted step: one day and one hour later each time."""
    return (START + timedelta(days=step, hours=step)).isoformat()


# --- spying on the paths taken: replays and appends ----------------------------------------------


class Spy:
    """Counts the replays the store does (`derive`) and the changes it appends (`layout.append`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.replays = self.appends = 0
        real_derive, real_append = progress_store.derive, layout.append

        def counted_derive(*args: Any, **kwargs: Any) -> progress.Derived:
            self.replays += 1
            return real_derive(*args, **kwargs)

        def counted_append(*args: Any) -> layout.Parts:
            self.appends += 1
            return real_append(*args)

        monkeypatch.setattr(progress_store, "derive", counted_derive)
        monkeypatch.setattr(layout, "append", counted_append)

    def take(self) -> tuple[int, int]:
        """(replays, appends) since the last call."""
        counts = (self.replays, self.appends)
        self.replays = self.appends = 0
        return counts


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    return Spy(monkeypatch)


# --- helpers on files ----------------------------------------------------------------------------


def checkpoint_file(cache: Path, data_dir: Path) -> Path:
    return checkpoint.location(cache, progress_file(data_dir))


def read_checkpoint(cache: Path, data_dir: Path) -> checkpoint.Checkpoint:
    blob = unseal(checkpoint_file(cache, data_dir).read_bytes())
    assert blob is not None, "the checkpoint's seal does not match"
    return checkpoint.Checkpoint.model_validate_json(blob)


def assert_canonical(path: Path) -> Progress:
    """The file is exactly what `layout.serialize` writes for it; its progress."""
    data = path.read_bytes()
    loaded = store.load(path, "tiny").progress
    assert store.serialize(loaded) == data
    assert layout.is_canonical(data, loaded)
    return loaded


def outcome(result: Result, root: Path | None = None) -> tuple[int, str, str]:
    """Exit code, stdout and stderr, with `root` (a world's own folder) written as <root>."""
    texts = (result.stdout, result.stderr)
    if root is not None:
        texts = tuple(text.replace(str(root), "<root>") for text in texts)
    return (result.exit_code, *texts)


def uncached(cli: Invoke, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """What the command prints without any cache: the answer a checkpoint must give."""
    with monkeypatch.context() as m:
        m.setenv("TPMPATH_NO_CACHE", "1")
        return outcome(cli(*args))


def assert_reads_match_a_replay(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, reads: list[tuple[str, ...]] = READS
) -> None:
    """Every read prints with the checkpoint what it prints without (and succeeds)."""
    for args in reads:
        expected = uncached(cli, monkeypatch, *args)
        assert outcome(cli(*args)) == expected, args
        assert expected[0] == 0, (args, expected)


# --- twins: one script in two data folders, with and without checkpoints ------------------------


@dataclass
class World:
    root: Path
    cache: Path
    cached: bool

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def progress(self) -> Path:
        return progress_file(self.data)


class Twins:
    """Runs each command in two worlds, same clock and ids; they must agree on everything.

    The first world uses checkpoints (in `cache`, wherever that points); the second runs with
    TPMPATH_NO_CACHE=1. After each change, every read in READS must print the same in both,
    and the two progress files must be the same bytes, in the canonical layout.
    """

    def __init__(
        self,
        cli: Invoke,
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
        ids: Callable[[int], None],
        spy: Spy,
        cache: Path | None = None,
    ) -> None:
        self.cli, self.monkeypatch, self.ids, self.spy = cli, monkeypatch, ids, spy
        self.checkpoints = cache is None
        """Whether the cached world can keep checkpoints (its cache is writable)."""
        cached, plain = tmp_path / "cached", tmp_path / "plain"
        self.worlds = [
            World(cached, cache or cached / "cache", cached=True),
            World(plain, plain / "cache", cached=False),
        ]
        self.step = 0
        monkeypatch.setenv("TPMPATH_NOW", at(0))
        self.last = (0, 0)
        """The cached world's (replays, appends) in the last command run, a read or a change."""
        self.paths: list[tuple[int, int]] = []
        """The same for each change `run` made, in order."""

    def _enter(self, world: World) -> None:
        self.monkeypatch.setenv("TPMPATH_DATA_DIR", str(world.data))
        self.monkeypatch.setenv("TPMPATH_CACHE_DIR", str(world.cache))
        if world.cached:
            self.monkeypatch.delenv("TPMPATH_NO_CACHE", raising=False)
        else:
            self.monkeypatch.setenv("TPMPATH_NO_CACHE", "1")

    def _both(self, args: tuple[str, ...]) -> list[tuple[int, str, str]]:
        """Run one command in each world; each world's folder is spelled {root} in `args`."""
        results = []
        for world in self.worlds:
            self._enter(world)
            self.ids(self.step * 1000)
            self.spy.take()
            result = self.cli(*(arg.replace("{root}", str(world.root)) for arg in args))
            if world.cached:
                self.last = self.spy.take()
            results.append(outcome(result, world.root))
        assert results[0] == results[1], args
        return results

    def run(self, *args: str) -> tuple[int, str, str]:
        """One change (or any command) in both worlds, then every read compared."""
        self.step += 1
        self.monkeypatch.setenv("TPMPATH_NOW", at(self.step))
        result = self._both(args)[0]
        self.paths.append(self.last)
        self.check()
        return result

    def check(self) -> None:
        replays = 0
        for args in READS:
            self._both(args)
            replays += self.last[0]
        # Each world's folder is spelled {root}, as in the commands (an import names its file).
        files = [
            w.progress.read_bytes().replace(str(w.root).encode(), b"{root}")
            if w.progress.exists()
            else None
            for w in self.worlds
        ]
        if self.checkpoints and files[0] is not None:
            # The first read replays a file no change left a checkpoint of; the others use its.
            assert replays <= 1, replays
        assert files[0] == files[1]
        if files[0] is not None:
            assert_canonical(self.worlds[0].progress)

    def read(self, *args: str) -> Any:
        """A read's JSON output (the same in both worlds)."""
        result = self._both(args)[0]
        assert result[0] == 0, result
        return json.loads(result[1])

    def statuses(self) -> dict[str, str]:
        return {t["id"]: t["status"] for t in self.read("list", "--json")}


@pytest.fixture
def twins(
    cli: Invoke,
    tiny: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    ids: Callable[[int], None],
    spy: Spy,
) -> Twins:
    return Twins(cli, monkeypatch, tmp_path, ids, spy)


APPEND, FULL, OTHER = "append", "full", "other"
"""The path the cached world must take for a change: appended under a checkpoint, a full
read and rewrite, or not checked (import, and the other profile's commands)."""

SCRIPT: list[tuple[tuple[str, ...], str]] = [
    # Another profile's progress, exported, to import later (its events are the oldest).
    (("-p", "other", "start", "b"), OTHER),
    (("-p", "other", "done", "c", "--note", "Known from the last job"), OTHER),
    (("-p", "other", "export", "-o", "{root}/other.json"), OTHER),
    (("start", "a"), FULL),  # no file yet, so no checkpoint
    (("done", "a", "--note", "Read the RFC", "--confidence", "4"), APPEND),
    (("skip", "c"), APPEND),
    (("log", "talk", "Design review with the API team", "--no-prompt"), APPEND),
    (("note", "a", "Follow-up: idempotency keys"), APPEND),
    (("review", "a", "--confidence", "5"), APPEND),
    (("start", "b"), APPEND),
    (("reset", "c"), APPEND),
    (("undo",), APPEND),  # its event is appended; the next read replays
    (("done", "b", "--confidence", "2"), APPEND),
    (("config", "set", "hours-per-week", "5"), OTHER),  # the profile file, not the progress
    (("log", "talk", "--no-prompt"), APPEND),
    (("import", "{root}/other.json", "--force"), OTHER),  # another learner: needs --force
    (("done", "talk", "--note", "Counts"), APPEND),
    (("config", "set", "target-date", "2026-09-30"), OTHER),
    (("undo",), APPEND),  # the done of talk
    (("undo",), OTHER),  # the import: the file is rewritten without what it brought
    (("done", "c", "d"), APPEND),
    (("review", "b"), APPEND),
    # The gap inbox (the gap added at step 23 has the id 23000: see `ids` and `Twins._both`).
    (("gap", "add", "what is idempotency?", "--topic", "a", "--note", "Standup"), APPEND),
    (("log", "a", "Pairing", "--gap", "why a queue?", "--no-prompt"), APPEND),
    (("gap", "close", f"{23000:032x}", "Twice has the effect of once."), APPEND),
    (("review", f"gap:{23000:032x}", "--confidence", "4"), APPEND),
    (("undo",), APPEND),  # the review of the gap
    (("gap", "add", "what is a p99?", "--date", "2026-03-01"), APPEND),
]


# --- 1. with or without checkpoints, every command gives the same answer -----------------------


def test_a_scripted_session_is_the_same_with_and_without_checkpoints(
    twins: Twins, tiny: Path
) -> None:
    twins.check()  # nothing recorded yet
    for args, path in SCRIPT:
        exit_code, _, stderr = twins.run(*args)
        assert exit_code == 0, (args, stderr)
        replays, appends = twins.paths[-1]
        if path == APPEND:  # a current canonical checkpoint: no event read, none re-encoded
            assert (replays, appends) == (0, 1), args
        elif path == FULL:
            assert replays >= 1 and appends == 0, args

    assert twins.statuses() == {
        "a": "done", "b": "done", "c": "done", "talk": "in_progress", "d": "done",
    }  # fmt: skip
    events = store.load(twins.worlds[0].progress, "tiny").progress.events
    assert len(events) == 25  # 24 made here (4 of them undos), the import's own; none imported
    assert [(e.action, e.topic) for e in events[:3]] == [
        ("start", "a"), ("done", "a"), ("skip", "c"),
    ]  # fmt: skip
    assert [e.action for e in events if e.action in ("import", "undo")] == [
        "undo", "import", "undo", "undo", "undo",
    ]  # fmt: skip
    gaps = twins.read("gap", "list", "--all", "--json")
    assert [(g["text"], g["status"], g["review"] and g["review"]["reviews"]) for g in gaps] == [
        ("what is a p99?", "open", None),  # backdated: the oldest
        ("why a queue?", "open", None),
        ("what is idempotency?", "closed", 0),
    ]
    # The checkpoint on disk is the one of the file as it is now.
    cached = twins.worlds[0]
    found = read_checkpoint(cached.cache, cached.data)
    assert found.canonical
    assert found.key == checkpoint.key(cached.progress.read_bytes(), load_curriculum(tiny))
    assert not twins.worlds[1].cache.exists()


# --- 2. extend continues derive; append continues serialize --------------------------------------


def _curriculum() -> Curriculum:
    """The tiny curriculum, with an old id for `b` (renames are part of the replay)."""
    document = yaml.safe_load(TINY)
    document["steps"][0]["topics"][1]["renamed_from"] = ["old-b"]
    return Curriculum.model_validate(document)


CURRICULUM = _curriculum()
BATCHES = [f"batch{n}" for n in range(6)]
ZONES = [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-9, minutes=-30))]

moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.sampled_from(ZONES)
)
texts = st.none() | st.text(max_size=12)


ACTIONS = ["start", "done", "skip", "reset", "log", "note", "review"]


@st.composite
def event_lists(draw: st.DrawFn) -> list[Event]:
    """Events of every action, on current, renamed and unknown topics, sharing a few batches;
    gaps, and closes and reviews of gaps that may or may not exist."""
    count = draw(st.integers(0, 14))
    events = []
    for n in range(count):
        action = draw(st.sampled_from([*ACTIONS, "undo", "gap", "close", "gap-review", "assess"]))
        fields: dict[str, Any] = {
            "id": f"e{n}",
            "at": draw(moments),
            "batch": draw(st.sampled_from(BATCHES)),
            "action": action,
        }
        if action == "undo":
            fields["undoes"] = draw(st.sampled_from(BATCHES))
        elif action in ("gap", "close", "gap-review"):  # the gap inbox: gaps, closes, reviews
            fields["text"] = draw(texts)
            if action == "gap":
                fields["topic"] = draw(st.none() | st.sampled_from(["a", "gone"]))
                fields["context"] = draw(texts)
            else:
                fields["action"] = "close" if action == "close" else "review"
                fields["gap"] = f"e{draw(st.integers(0, 13))}"
                fields["confidence"] = draw(st.none() | st.integers(1, 5))
        elif action == "assess":  # a skill rating: no topic (skills need not be declared)
            fields["skill"] = draw(st.sampled_from(["apis", "talking", "gone"]))
            fields["level"] = draw(st.integers(1, 5))
        else:
            fields["topic"] = draw(st.sampled_from(["a", "b", "old-b", "c", "talk", "d", "gone"]))
            fields["text"] = draw(texts)
            fields["link"] = draw(st.none() | st.just("https://example.com/x"))
            fields["confidence"] = draw(st.none() | st.integers(1, 5))
        events.append(Event.model_validate({k: v for k, v in fields.items() if v is not None}))
    return events


@settings(max_examples=60, deadline=None)
@given(events=event_lists(), data=st.data())
def test_extend_and_append_continue_derive_and_serialize(
    events: list[Event], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(events)), label="cut")
    first, rest = events[:cut], events[cut:]

    # The bytes: appending the rest to the first part's file is serializing everything.
    head = Progress(
        curriculum_id="tiny", curriculum_version="2", settings=Settings(hours_per_week=3)
    )
    appended = layout.append(
        layout.serialize(Progress(curriculum_id="tiny", events=first)), head, rest
    )
    assert b"".join(appended) == layout.serialize(head.model_copy(update={"events": events}))

    # The state: extending is replaying, for what `extend` accepts (no undo, nothing undone).
    undone = undone_batches(first)
    later = [e for e in rest if e.action != "undo" and e.batch not in undone]
    derived = derive(CURRICULUM, first)
    extend(CURRICULUM, derived, later)
    assert derived == derive(CURRICULUM, first + later)

    # And a checkpoint of it reads back as the same state, time zones included.
    fields = {f.name: getattr(derived, f.name) for f in dataclasses.fields(derived)}
    saved = checkpoint.Checkpoint(key="k", canonical=True, head=head, **fields)
    again = checkpoint.Checkpoint.model_validate_json(saved.model_dump_json())
    assert again.derived() == derived
    # == on datetimes compares instants: the dumps show the offsets are kept too. (`undone` is
    # a set, dumped in no particular order.)
    assert again.model_dump_json(exclude={"undone"}) == saved.model_dump_json(exclude={"undone"})


# --- 3. a changed file or curriculum is never read through an old checkpoint -------------------


def _add_done_c(data: bytes) -> bytes:
    loaded = store.parse_progress(data, Path("p.json"))[0]
    moment = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    loaded.events.append(Event(id="hand", at=moment, batch="hand", action="done", topic="c"))
    return store.serialize(loaded)


def _one_byte(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    assert len(old) == len(new)

    def edit(data: bytes) -> bytes:
        assert data.count(old) == 1, old
        return data.replace(old, new)

    return edit


EDITS: dict[str, Callable[[bytes], bytes]] = {
    "an event added": _add_done_c,
    "a topic changed": _one_byte(b'"action":"done","topic":"a"', b'"action":"done","topic":"c"'),
    "a confidence changed": _one_byte(b'"confidence":4', b'"confidence":1'),
    "an action changed": _one_byte(b'"action":"skip"', b'"action":"done"'),
    "a note's text changed": _one_byte(b"hello world", b"jello world"),
}


@pytest.fixture
def recorded(cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch, isolated: Path) -> Path:
    """A few changes (appended and rewritten), then a checkpoint of the file; the file."""
    monkeypatch.setenv("TPMPATH_NOW", at(1))
    for args in [
        ("done", "a", "--confidence", "4"),
        ("skip", "b"),
        ("note", "a", "hello world"),
        ("config", "set", "hours-per-week", "5"),
        ("start", "d"),
        ("status", "--json"),
    ]:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    path = progress_file(isolated)
    assert read_checkpoint(store.cache_dir(), isolated).key == checkpoint.key(
        path.read_bytes(), load_curriculum(tiny)
    )
    return path


@pytest.mark.parametrize("edit", list(EDITS.values()), ids=list(EDITS))
def test_a_file_edited_by_hand_is_replayed_not_read_from_its_old_checkpoint(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded: Path,
    spy: Spy,
    edit: Callable[[bytes], bytes],
) -> None:
    before = {args: outcome(cli(*args)) for args in READS}
    edited = edit(recorded.read_bytes())
    recorded.write_bytes(edited)
    spy.take()

    status = cli("status", "--json")
    assert status.exit_code == 0
    assert spy.take() == (1, 0)  # replayed: the old checkpoint was not used
    assert outcome(status) == uncached(cli, monkeypatch, "status", "--json")
    assert read_checkpoint(store.cache_dir(), isolated).key == checkpoint.key(
        edited, load_curriculum(tiny)
    )
    assert_reads_match_a_replay(cli, monkeypatch)
    changed = {args for args in READS if outcome(cli(*args)) != before[args]}
    assert changed  # the edit shows
    assert recorded.read_bytes() == edited  # reads never write

    # The next change builds on the edited file, head included (settings are the profile's).
    assert cli("done", "c", "--note", "after the edit").exit_code == 0
    after = assert_canonical(recorded)
    assert (
        after.model_copy(update={"events": after.events[:-1]})
        == store.parse_progress(edited, recorded)[0]
    )
    assert (after.events[-1].action, after.events[-1].topic) == ("done", "c")
    assert_reads_match_a_replay(cli, monkeypatch)


CURRICULUM_EDITS = {
    "a practice's target": (
        "target: 3",
        "target: 2",
        {"talk": ("in_progress", "done")},
    ),
    "an old id": (
        "{id: c, title: Topic C}",
        "{id: c, title: Topic C, renamed_from: [x]}",
        {"c": ("todo", "done")},
    ),
}


@pytest.mark.parametrize(
    ("old", "new", "moves"), list(CURRICULUM_EDITS.values()), ids=list(CURRICULUM_EDITS)
)
def test_a_changed_curriculum_is_replayed_not_read_from_the_old_checkpoint(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    spy: Spy,
    old: str,
    new: str,
    moves: dict[str, tuple[str, str]],
) -> None:
    monkeypatch.setenv("TPMPATH_NOW", at(1))
    path = progress_file(isolated)
    # Progress on `x`, a topic the curriculum does not have (yet: an old id of c).
    store.ensure_private_dir(path.parent)
    moment = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    path.write_bytes(
        store.serialize(
            Progress(
                curriculum_id="tiny",
                events=[Event(id="x1", at=moment, batch="x1", action="done", topic="x")],
            )
        )
    )
    for args in [("log", "talk", "--no-prompt"), ("log", "talk", "--no-prompt")]:
        assert cli(*args).exit_code == 0
    statuses = {t["id"]: t["status"] for t in json.loads(cli("list", "--json").stdout)}
    assert read_checkpoint(store.cache_dir(), isolated).canonical
    data = path.read_bytes()

    tiny.write_text(TINY.replace(old, new), encoding="utf-8")
    spy.take()
    listed = cli("list", "--json")
    assert spy.take() == (1, 0)
    assert {t["id"]: t["status"] for t in json.loads(listed.stdout)} == statuses | {
        topic: after for topic, (_, after) in moves.items()
    }
    assert {topic: statuses[topic] for topic in moves} == {t: b for t, (b, _) in moves.items()}
    assert outcome(listed) == uncached(cli, monkeypatch, "list", "--json")
    assert_reads_match_a_replay(cli, monkeypatch)
    assert path.read_bytes() == data


# --- 4. a damaged checkpoint is ignored ---------------------------------------------------------


def _rewrite(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    """Valid JSON, with the right key first, but content that must not be trusted."""

    def damage(blob: bytes) -> bytes:
        document = json.loads(blob)
        change(document)
        return json.dumps(document, separators=(",", ":")).encode()

    return damage


def _other_ids(document: dict[str, Any]) -> None:
    document["states"] = {
        f"other-{k}": v | {"id": f"other-{k}"} for k, v in document["states"].items()
    }


def _topic_missing(document: dict[str, Any]) -> None:
    del document["states"]["d"]


def _head_with_events(document: dict[str, Any]) -> None:
    event = {"id": "e", "at": "2026-03-01T09:00:00Z", "batch": "b", "action": "skip", "topic": "a"}
    document["head"]["events"] = [event]


def _bad_status(document: dict[str, Any]) -> None:
    document["states"]["a"]["status"] = "finished"


def _newer_format(document: dict[str, Any]) -> None:
    document["format"] = checkpoint.FORMAT + 1


def _unknown_field(document: dict[str, Any]) -> None:
    document["states_v2"] = {}


KEYED = len('{"key":"') + 64 + len('",')
"""How many bytes a checkpoint starts with: its key, which `load` checks before parsing."""

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda blob: blob[: len(blob) // 2],
    "empty": lambda blob: b"",
    "garbage": lambda blob: b"\x00\xff\xfe garbage " * 50,
    "the key, then nonsense": lambda blob: blob[:KEYED] + b"]",
    "states for other ids": _rewrite(_other_ids),
    "a topic missing": _rewrite(_topic_missing),
    "a head with events": _rewrite(_head_with_events),
    "a status that does not exist": _rewrite(_bad_status),
    "a newer format": _rewrite(_newer_format),
    "an unknown field": _rewrite(_unknown_field),
}


def _status_edited(document: dict[str, Any]) -> None:
    document["states"]["c"]["status"] = "done"


def _setting_edited(document: dict[str, Any]) -> None:
    document["head"]["settings"] = {"hours_per_week": 99.0}


HAND_EDITS: dict[str, Callable[[bytes], bytes]] = {
    "a status edited": _rewrite(_status_edited),
    "a setting edited": _rewrite(_setting_edited),
}
"""Edits that leave a valid checkpoint: only its seal tells them apart from tpmpath's own."""


@pytest.mark.parametrize(
    ("damage", "resealed"),
    [
        *((d, True) for d in DAMAGE.values()),  # as another tpmpath might have written it
        *((d, False) for d in [*DAMAGE.values(), *HAND_EDITS.values()]),  # edited by hand
    ],
    ids=[*(f"{n}, sealed" for n in DAMAGE), *(f"{n}, by hand" for n in [*DAMAGE, *HAND_EDITS])],
)
def test_a_damaged_checkpoint_is_ignored(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded: Path,
    spy: Spy,
    damage: Callable[[bytes], bytes],
    resealed: bool,
) -> None:
    stored = checkpoint_file(store.cache_dir(), isolated)
    sealed = stored.read_bytes()
    blob = unseal(sealed)
    assert blob is not None
    key = checkpoint.key(recorded.read_bytes(), load_curriculum(tiny))
    assert blob.startswith(b'{"key":"' + key.encode() + b'"')
    damaged = damage(blob)
    if damaged.startswith(b'{"key"'):  # these keep the right key, first: they get parsed
        assert damaged.startswith(blob[:KEYED]) and blob[KEYED - 2 : KEYED] == b'",'
    data = recorded.read_bytes()
    damaged = seal(damaged) if resealed else damaged + sealed[len(blob) :]

    stored.write_bytes(damaged)
    spy.take()
    assert_reads_match_a_replay(cli, monkeypatch)
    assert spy.take()[0] >= 1  # replayed
    assert recorded.read_bytes() == data
    assert read_checkpoint(store.cache_dir(), isolated).key == key  # and repaired

    # A change under a damaged checkpoint takes the full path and loses nothing.
    stored.write_bytes(damaged)
    result = cli("done", "c")
    assert result.exit_code == 0, result.output
    assert spy.take()[1] == 0
    after = assert_canonical(recorded)
    assert (
        after.events[:-1] == store.load(recorded.with_name("tiny.json.bak"), "tiny").progress.events
    )
    assert recorded.with_name("tiny.json.bak").read_bytes() == data
    assert_reads_match_a_replay(cli, monkeypatch)


def test_a_checkpoint_that_is_a_directory_is_ignored(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch, recorded: Path
) -> None:
    stored = checkpoint_file(store.cache_dir(), isolated)
    stored.unlink()
    stored.mkdir()
    data = recorded.read_bytes()
    assert_reads_match_a_replay(cli, monkeypatch)
    assert recorded.read_bytes() == data
    assert cli("done", "c").exit_code == 0
    assert_canonical(recorded)
    assert_reads_match_a_replay(cli, monkeypatch)
    assert stored.is_dir() and not list(stored.iterdir())
    assert temporaries(stored.parent) == []


# --- 5. a valid file in another layout: read, then rewritten in full ---------------------------


LAYOUTS: dict[str, Callable[[Progress], bytes]] = {
    "pretty (export)": lambda p: store.serialize(p, indent=2),
    "one line": lambda p: p.model_dump_json(exclude_none=True).encode() + b"\n",
    "a blank line after": lambda p: store.serialize(p) + b"\n",
    "no newline at the end": lambda p: store.serialize(p)[:-1],
}


@pytest.mark.parametrize("write", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_a_file_in_another_layout_is_rewritten_in_full_then_appended_to(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded: Path,
    spy: Spy,
    write: Callable[[Progress], bytes],
) -> None:
    old = store.load(recorded, "tiny").progress
    data = write(old)
    assert data != store.serialize(old)
    recorded.write_bytes(data)

    assert_reads_match_a_replay(cli, monkeypatch)
    assert recorded.read_bytes() == data
    found = read_checkpoint(store.cache_dir(), isolated)
    assert found.key == checkpoint.key(data, load_curriculum(tiny))
    assert found.canonical is False
    spy.take()

    assert cli("done", "c").exit_code == 0
    assert spy.take() == (0, 0)  # its checkpoint is current (no replay), but rewritten in full
    after = assert_canonical(recorded)
    assert after.events[:-1] == old.events
    assert (after.events[-1].action, after.events[-1].topic) == ("done", "c")
    assert read_checkpoint(store.cache_dir(), isolated).canonical is True

    assert cli("start", "b").exit_code == 0
    assert spy.take() == (0, 1)  # now canonical: appended
    assert assert_canonical(recorded).events[:-1] == after.events
    assert_reads_match_a_replay(cli, monkeypatch)


# --- 6. a cache that cannot be written -----------------------------------------------------------


@contextlib.contextmanager
def _read_only(cache: Path) -> Iterator[None]:
    if os.geteuid() == 0:
        pytest.skip("root writes to a read-only directory anyway")
    cache.mkdir()
    cache.chmod(0o500)
    try:
        yield
    finally:
        cache.chmod(0o700)
    assert list(cache.iterdir()) == []


@contextlib.contextmanager
def _a_file(cache: Path) -> Iterator[None]:
    cache.write_bytes(b"not a directory")
    yield
    assert cache.read_bytes() == b"not a directory"


@contextlib.contextmanager
def _progress_folder_a_file(cache: Path) -> Iterator[None]:
    cache.mkdir()
    (cache / "progress").write_bytes(b"not a directory")
    yield
    assert (cache / "progress").read_bytes() == b"not a directory"


@pytest.mark.parametrize(
    "unwritable",
    [_read_only, _a_file, _progress_folder_a_file],
    ids=["read-only", "a file", "its progress folder a file"],
)
def test_commands_work_when_the_cache_cannot_be_written(
    cli: Invoke,
    tiny: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    ids: Callable[[int], None],
    spy: Spy,
    unwritable: Callable[[Path], contextlib.AbstractContextManager[None]],
) -> None:
    cache = tmp_path / "unwritable-cache"
    with unwritable(cache):
        twins = Twins(cli, monkeypatch, tmp_path, ids, spy, cache=cache)
        for args in [
            ("done", "a", "--note", "n"),
            ("start", "b"),
            ("log", "talk", "--no-prompt"),
            ("undo",),
            ("skip", "c"),
        ]:
            assert twins.run(*args)[0] == 0, args
            assert twins.paths[-1][1] == 0  # never appended: no checkpoint to append under
        assert twins.statuses() == {
            "a": "done", "b": "in_progress", "c": "skipped", "talk": "todo", "d": "todo",
        }  # fmt: skip


# --- 7. a failed append changes nothing, the checkpoint included ---------------------------------


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_failed_append_changes_nothing(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded: Path,
    spy: Spy,
    where: str,
) -> None:
    cache = store.cache_dir()
    before_file, before_checkpoint = (
        recorded.read_bytes(),
        checkpoint_file(cache, isolated).read_bytes(),
    )
    listed = uncached(cli, monkeypatch, "list", "--json")
    spy.take()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as m:
        # Only tpmpath's write path sees the fault: pytest and the CLI runner keep the real `os`.
        m.setattr(atomic, "os", types.SimpleNamespace(**{**vars(os), where: fail}))
        result = cli("done", "b")
    assert spy.take() == (0, 1)  # it was the append that failed
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Could not save {recorded}: No space left on device. Nothing was changed.\n"
        "Free some disk space, then retry.\n"
    )
    assert recorded.read_bytes() == before_file
    assert checkpoint_file(cache, isolated).read_bytes() == before_checkpoint
    assert temporaries(recorded.parent) == []
    assert temporaries(checkpoint_file(cache, isolated).parent) == []

    after = cli("list", "--json")
    assert spy.take() == (0, 0)  # still the checkpoint of this very file
    assert outcome(after) == listed
    assert {t["id"]: t["status"] for t in json.loads(after.stdout)}["b"] == "skipped"
    assert_reads_match_a_replay(cli, monkeypatch)
    spy.take()  # the replays without a cache, above
    assert cli("done", "b").exit_code == 0
    assert spy.take() == (0, 1)
    assert_reads_match_a_replay(cli, monkeypatch)


def test_a_checkpoint_that_cannot_be_saved_after_an_append_is_not_used(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded: Path,
    spy: Spy,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as m:
        m.setattr(checkpoint, "os", types.SimpleNamespace(**{**vars(os), "replace": fail}))
        result = cli("done", "b")
    assert result.exit_code == 0, result.output
    assert spy.take() == (0, 1)
    assert store.load(recorded, "tiny").progress.events[-1].topic == "b"
    assert temporaries(checkpoint_file(store.cache_dir(), isolated).parent) == []
    # The checkpoint on disk is the one before the change: it does not match the file any more.
    assert_reads_match_a_replay(cli, monkeypatch)
    assert spy.take()[0] >= 1


# --- 8. undo after appended changes ------------------------------------------------------------


def test_undo_after_appended_changes(twins: Twins) -> None:
    for args in [
        ("done", "a", "c", "--note", "both"),
        ("start", "b"),
        ("log", "talk", "--no-prompt"),
    ]:
        twins.run(*args)
    twins.run("skip", "d")
    assert twins.paths == [(2, 0), (0, 1), (0, 1), (0, 1)]  # the first change: no file yet
    assert twins.statuses() == {
        "a": "done", "b": "in_progress", "c": "done", "talk": "in_progress", "d": "skipped",
    }  # fmt: skip

    assert twins.run("undo")[2] == f"Undid 'skip d' from {at(4)[:10]} {at(4)[11:16]}.\n"
    assert twins.paths[-1] == (0, 1)  # its event appended; the next read replays
    assert twins.statuses()["d"] == "todo"
    twins.run("undo")  # the log is undone too
    twins.run("undo")
    assert twins.statuses() == {
        "a": "done", "b": "todo", "c": "done", "talk": "todo", "d": "todo",
    }  # fmt: skip

    twins.run("done", "b")
    assert twins.paths[-1] == (0, 1)  # the reads after the undo left a checkpoint: appended
    twins.run("undo")
    twins.run("undo")
    assert twins.statuses() == dict.fromkeys(["a", "b", "c", "talk", "d"], "todo")
    history = twins.read("history", "--json")
    assert [entry["action"] for entry in history][:2] == ["undo", "undo"]
    twins.run("done", "a", "--confidence", "3")
    assert twins.statuses()["a"] == "done"


def test_ratings_are_appended_kept_in_checkpoints_and_undone(
    cli: Invoke,
    skilled: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    ids: Callable[[int], None],
    spy: Spy,
) -> None:
    twins = Twins(cli, monkeypatch, tmp_path, ids, spy)
    twins.run("done", "a", "--note", "Read the RFC")
    twins.run("assess", "apis=2", "talking=1")
    twins.run("log", "talk", "Standup", "--no-prompt")
    twins.run("assess", "apis=3", "--date", at(1)[:10])
    assert twins.paths[1:] == [(0, 1), (0, 1), (0, 1)]  # appended under a checkpoint
    expected = {"apis": [3, 2], "talking": [1]}  # in date order: the 3 is backdated earlier
    skills = twins.read("assess", "--json")
    assert {s["id"]: [r["level"] for r in s["ratings"]] for s in skills} == expected
    shown = twins.read("show", "skill:talking", "--json")
    assert [e["kind"] for e in shown["evidence"]] == ["log"]
    cached = twins.worlds[0]
    kept = read_checkpoint(cached.cache, cached.data).ratings["apis"]
    assert [r.level for r in kept] == [2, 3]  # in the order recorded
    twins.run("undo")
    twins.run("undo")  # the log
    twins.run("undo")  # both ratings of the first assess
    skills = twins.read("assess", "--json")
    assert [s["ratings"] for s in skills] == [[], []]


# --- a file written without created_at ------------------------------------------------------


def test_a_file_without_created_at_gets_the_same_bytes_on_both_paths(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch, spy: Spy
) -> None:
    """A canonical file with events but no created_at (written by another tool, or by hand)."""
    monkeypatch.setenv("TPMPATH_NOW", at(1))
    moment = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    event = Event(id="e1", at=moment, batch="b1", action="done", topic="a")
    path = progress_file(isolated)
    store.ensure_private_dir(path.parent)
    original = store.serialize(Progress(curriculum_id="tiny", events=[event]))
    saved = {}
    for cached in (False, True):
        path.write_bytes(original)
        with monkeypatch.context() as m:
            if not cached:
                m.setenv("TPMPATH_NO_CACHE", "1")
            assert cli("status", "--json").exit_code == 0
            spy.take()
            assert cli("done", "b").exit_code == 0
            assert spy.take()[1] == int(cached)
        saved[cached] = store.load(path, "tiny").progress
    assert saved[False].created_at == moment
    assert saved[True].created_at == saved[False].created_at


# --- keep the helpers honest ---------------------------------------------------------------------


def test_the_spy_sees_both_paths(cli: Invoke, tiny: Path, spy: Spy, isolated: Path) -> None:
    assert cli("done", "a").exit_code == 0
    assert spy.take() == (2, 0)  # the try on empty progress, then the replay under the lock
    assert cli("done", "b").exit_code == 0
    assert spy.take() == (0, 1)
    assert cli("status", "--json").exit_code == 0
    assert spy.take() == (0, 0)
    shutil.rmtree(store.cache_dir())
    assert cli("status", "--json").exit_code == 0
    assert spy.take() == (1, 0)

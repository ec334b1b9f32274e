"""The streamed import (store.streamed, store.lines) against the import it replaced, kept here as
it was: for many generated histories (this device's log, other devices' logs, an export that
overlaps them, other devices' `import` events, keep_imports as `doctor --fix` uses it), both
write byte-identical files and report the same; and the export is read lazily, not parsed whole.
"""

from __future__ import annotations

import functools
import io
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.store.test_files import progress_file, temporaries, tree
from tests.store.test_progress_store import CURRICULUM, T0
from tpmpath.core import changes
from tpmpath.core.changes import merge_events
from tpmpath.core.imports import subject
from tpmpath.core.models import Event, Progress, Settings
from tpmpath.core.progress import derive
from tpmpath.core.state import State
from tpmpath.errors import InvalidInputError, TpmpathError
from tpmpath.store import (
    backups,
    devices,
    exports,
    files,
    layout,
    lines,
    progress_store,
    streamed,
)
from tpmpath.store.progress_store import ProgressStore
from tpmpath.store.streamed import Incoming

DEVICE = "test-device"  # tests/conftest.py's TPMPATH_DEVICE
TOPICS = ["a", "b", "c", "d", "talk"]


# --- the import as it was (store/transfer.py and core/changes.py before streaming) -------------


def old_merge_by_id(mine: Sequence[Event], theirs: Sequence[Event]) -> list[Event]:
    known = {e.id for e in mine}
    added = []
    for event in theirs:
        if event.id not in known:
            known.add(event.id)
            added.append(event)
    if not added:
        return list(mine)
    merged: list[Event] = []
    i = 0
    for event in added:
        moment = changes.recorded(event)
        while i < len(mine) and changes.recorded(mine[i]) <= moment:
            merged.append(mine[i])
            i += 1
        merged.append(event)
    merged.extend(mine[i:])
    return merged


@dataclass
class Merge:
    events: list[Event]
    added: list[Event]
    filled: dict[str, object] = field(default_factory=dict)
    differing: dict[str, tuple[object, object]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.filled)

    @property
    def count(self) -> int:
        return len(self.added)

    def per_topic(self) -> Counter[str]:
        return Counter(subject(e) for e in self.added)


def check_learner(
    local: State, incoming: Progress, source: str, profile: str, *, force: bool
) -> None:
    ours, theirs = local.head.learner_id, incoming.learner_id
    if force or not local.events or not ours or not theirs or ours == theirs:
        return
    whose = f"profile '{incoming.profile}', " if incoming.profile else ""
    raise InvalidInputError(
        f"{source} holds another learner's progress ({whose}learner {theirs[:8]}), and profile "
        f"'{profile}' has progress of its own (learner {ours[:8]}): nothing was imported.",
        hint="Import it into its own profile (`tpmpath --profile NAME import FILE`), or add "
        "--force to merge the two learners' progress.",
    )


def old_merge_import(
    mine: Sequence[Event],
    settings: Settings,
    incoming: Progress,
    now: datetime,
    source: str,
    *,
    keep_imports: bool = False,
) -> Merge:
    wanted = [e for e in incoming.events if keep_imports or e.action != "import"]
    merged = old_merge_by_id(mine, wanted)
    known = {e.id for e in mine}
    added = [e for e in merged if e.id not in known]
    filled: dict[str, object] = {}
    differing: dict[str, tuple[object, object]] = {}
    for name in Settings.model_fields:
        ours, theirs = getattr(settings, name), getattr(incoming.settings, name)
        if ours is None and theirs is not None:
            filled[name] = theirs
        elif ours is not None and theirs is not None and ours != theirs:
            differing[name] = (ours, theirs)
    result = Merge(merged, added, filled, differing)
    if result.changed:
        marker = Event(
            id=changes.new_id(),
            at=now,
            batch=changes.new_id(),
            action="import",
            text=source,
            batches=list(dict.fromkeys(e.batch for e in added)),
            settings=list(filled) or None,
        )
        merged.append(marker)
    return result


def old_import(
    store: ProgressStore,
    incoming: Progress,
    source: str,
    now: datetime,
    *,
    dry_run: bool,
    force: bool,
    keep_imports: bool,
) -> Merge:
    if dry_run:
        state = store.read()
        check_learner(state, incoming, source, store.profile, force=force)
        return old_merge_import(state.events, state.settings, incoming, now, source)
    backups.refuse_if_lost(store.path)
    with store._transaction() as tx:
        read = store._read(tx.data)
        state = read.state
        check_learner(state, incoming, source, store.profile, force=force)
        merge = old_merge_import(
            state.events, state.settings, incoming, now, source, keep_imports=keep_imports
        )
        if merge.changed:
            store._fill_settings(state.settings, merge.filled, now)
            head = read.head.model_copy()
            if head.created_at is None:
                head.created_at = incoming.created_at
            if not state.events and incoming.learner_id:
                head.learner_id = incoming.learner_id
            devices.stamp(merge.events[-1:])
            events = merge.events
            if read.own is not None:
                events = [*merge_events(read.own, merge.added), merge.events[-1]]
            progress = head.model_copy(update={"events": events})
            store._rewrite(tx, read, progress, added=None)
    return merge


# --- generated histories -------------------------------------------------------------------


class History:
    """One generated case: the files of a profile, an export, and how it is imported."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.count = 0
        self.own = self.events(rng.choice([0, 0, 3, 12, 30]), DEVICE)
        self.others = {
            f"dev{n}": self.events(rng.randint(0, 15), f"dev{n}") for n in range(rng.randint(0, 2))
        }
        pool = self.own + [e for log in self.others.values() for e in log]
        shared = rng.sample(pool, min(len(pool), rng.randint(0, 10)))
        fresh = self.events(rng.randint(0, 20), rng.choice([None, "laptop"]))
        theirs = shared + fresh + rng.sample(fresh, min(len(fresh), 3))  # duplicates too
        rng.shuffle(theirs) if rng.random() < 0.3 else None
        self.learners = (rng.choice([None, "l1"]), rng.choice([None, "l1", "l2"]))
        self.incoming = Progress(
            curriculum_id="tiny",
            learner_id=self.learners[1],
            created_at=rng.choice([None, T0 - timedelta(days=9)]),
            settings=self.settings(),
            events=theirs,
        )
        self.own_settings = self.settings()
        self.pretty = rng.random() < 0.2
        self.keep_imports = rng.random() < 0.3
        self.force = rng.random() < 0.7
        self.damaged_other = bool(self.others) and rng.random() < 0.2
        self.own_file = bool(self.own) or rng.random() < 0.5

    def settings(self) -> Settings:
        rng = self.rng
        hours = rng.choice([None, 4.0, 6.0])
        target = rng.choice([None, (T0 + timedelta(days=60)).date()])
        return Settings(hours_per_week=hours, target_date=target)

    def events(self, n: int, device: str | None) -> list[Event]:
        rng = self.rng
        found: list[Event] = []
        moment = T0 + timedelta(minutes=30 * rng.randint(0, 20))
        for _ in range(n):
            self.count += 1
            moment += timedelta(minutes=30 * rng.randint(-3, 4))  # back, and ties, too
            action = rng.choice(["done", "start", "skip", "log", "note", "reset", "undo", "import"])
            fields: dict[str, Any] = {"topic": rng.choice(TOPICS)}
            if action == "undo" and found:
                fields = {"undoes": rng.choice(found).batch}
            elif action == "import":
                fields = {"batches": [f"x{self.count}"], "text": "elsewhere"}
            elif action in ("note", "log"):
                fields["text"] = rng.choice(["ok", "naïve ✓", 'a "quote"'])
            backdated = rng.random() < 0.2
            found.append(
                Event(
                    id=f"e{self.count:04d}",
                    at=moment - timedelta(days=3) if backdated else moment,
                    recorded_at=moment if backdated else None,
                    batch=f"b{self.count // 2:04d}",
                    action=action,  # type: ignore[arg-type]
                    device=device if rng.random() < 0.8 else None,
                    **fields,
                )
            )
        return found

    def place(self, base: Path) -> None:
        """The profile's files, as a store of this device and the others' would have left them."""
        base.parent.mkdir(parents=True, exist_ok=True)
        if self.own_file:
            head = Progress(
                curriculum_id="tiny",
                learner_id=self.learners[0],
                device=DEVICE,
                settings=self.own_settings,
                events=self.own,
            )
            base.write_bytes(layout.serialize(head))
        for device, events in self.others.items():
            other = Progress(curriculum_id="tiny", learner_id="l1", device=device, events=events)
            data = layout.serialize(other, indent=2 if self.pretty else None)
            if self.damaged_other and device == "dev0":
                data = data[: len(data) // 2]
            base.with_name(f"tiny@{device}.json").write_bytes(data)

    def export(self, folder: Path) -> Path:
        path = folder / "export.json"
        path.write_bytes(layout.serialize(self.incoming, indent=2 if self.pretty else None))
        return path


@pytest.fixture
def predictable(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Ids made in order, restarted for each run: both imports make the same ones."""
    counter = [0]

    def new_id() -> str:
        counter[0] += 1
        return f"n{counter[0]:04d}"

    monkeypatch.setattr(changes, "new_id", new_id)
    monkeypatch.setattr(progress_store, "learner_id", lambda path: "made-here")

    def restart() -> None:
        counter[0] = 0

    return restart


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json*"))}


def outcome(run: Callable[[], Merge | Any]) -> tuple[Any, ...]:
    try:
        merge = run()
    except TpmpathError as error:
        return ("error", type(error).__name__, error.message, error.hint)
    topics = dict(merge.per_topic())
    return (merge.count, topics, merge.filled, merge.differing, merge.changed)


@pytest.mark.parametrize("seed", range(80))
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_the_streamed_import_writes_what_the_import_before_it_wrote(
    tmp_path: Path, predictable: Callable[[], None], seed: int, dry_run: bool
) -> None:
    history = History(seed)
    export = history.export(tmp_path)
    now = T0 + timedelta(days=30)
    results = []
    for side in ("old", "new"):
        base = tmp_path / side / "p" / "tiny.json"
        history.place(base)
        before = files_of(base.parent)
        store = ProgressStore(base, CURRICULUM, cache_dir=None)
        predictable()
        keep = history.keep_imports and not dry_run
        if side == "old":
            incoming, _ = files.parse_progress(export.read_bytes(), export)
            run = functools.partial(old_import, store, incoming)
        else:
            run = functools.partial(
                store.import_, exports.read_import(export, "tiny", io.BytesIO())
            )
        result = outcome(
            functools.partial(
                run, "x.json", now, dry_run=dry_run, force=history.force, keep_imports=keep
            )
        )
        after = files_of(base.parent)
        if dry_run:
            assert after == before
        results.append((result, after, list(store.warnings)))
    assert results[0] == results[1]


@pytest.mark.parametrize("seed", range(30))
def test_the_checkpoint_an_import_leaves_is_the_replay_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    monkeypatch.setattr(progress_store, "CHECKPOINT_MIN_BYTES", 1)
    history = History(seed)
    history.others = {}
    base = tmp_path / "p" / "tiny.json"
    history.place(base)
    cache = tmp_path / "cache"
    store = ProgressStore(base, CURRICULUM, cache_dir=cache)
    incoming: Progress | Incoming = history.incoming
    if seed % 2:  # from the file, its undo events found by a scan of its bytes
        incoming = exports.read_import(history.export(tmp_path), "tiny", io.BytesIO())
    merge = store.import_(incoming, "x.json", T0 + timedelta(days=30), dry_run=False, force=True)
    from tpmpath.store import checkpoint

    data = base.read_bytes()
    found = checkpoint.load(cache, base, data, CURRICULUM)
    assert (found is not None) == merge.changed  # undo events or not: replayed as written
    if found is None:
        return
    progress, _ = files.parse_progress(data, base)
    assert found.derived() == derive(CURRICULUM, progress.events)
    assert found.head == progress.model_copy(update={"events": []})
    assert found.canonical and layout.is_canonical(data, progress)


def test_an_export_whose_undo_events_cannot_be_told_leaves_no_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan missed one (a batch id written with an escape): the replay would be wrong."""
    monkeypatch.setattr(progress_store, "CHECKPOINT_MIN_BYTES", 1)
    done = Event(id="d", at=T0, batch="b1", action="done", topic="a")
    undo = Event(id="u", at=T0, batch="b2", action="undo", undoes="b1")
    export = tmp_path / "x.json"
    data = layout.serialize(Progress(curriculum_id="tiny", events=[done, undo]))
    export.write_bytes(data.replace(b'"undoes":"b1"', b'"undoes":"\\u00621"'))
    store = ProgressStore(tmp_path / "p" / "tiny.json", CURRICULUM, cache_dir=tmp_path / "c")
    incoming = exports.read_import(export, "tiny", io.BytesIO())
    assert incoming.undone == frozenset()
    store.import_(incoming, "x.json", T0, dry_run=False)
    assert not list((tmp_path / "c").rglob("*.json"))
    assert store.read().derived.states["a"].status == "todo"  # replayed: the undo counts


# --- lazily: the export is read as the import goes -------------------------------------------


class Counting(io.BytesIO):
    """A file that tells how much of it was read."""

    def __init__(self, data: bytes, reads: list[int]) -> None:
        super().__init__(data)
        self.reads = reads

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.reads.append(len(line))
        return line

    def __next__(self) -> bytes:
        line = super().__next__()
        self.reads.append(len(line))
        return line

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.reads.append(len(data))
        return data


def export_bytes(events: int, *, indent: int | None = None) -> bytes:
    made = [
        Event(
            id=f"e{n}",
            at=T0 + timedelta(minutes=n),
            batch=f"b{n}",
            action="import" if n % 7 == 0 else "log",
            topic="talk",
            batches=["x", "y"] if n % 7 == 0 else None,
        )
        for n in range(events)
    ]
    progress = Progress(curriculum_id="tiny", curriculum_topics=["a", "b"], events=made)
    return layout.serialize(progress, indent=indent)


@pytest.mark.parametrize("indent", [None, 2], ids=["progress file", "export"])
def test_an_exports_events_are_read_one_line_at_a_time(indent: int | None) -> None:
    data = export_bytes(1000, indent=indent)
    reads: list[int] = []
    opened = lines.Lines(Path("x.json"), lambda: Counting(data, reads))
    events = opened.events()
    first = next(events)
    assert first.id == "e0" and first.batches == ["x", "y"]
    second = data.index(b'"e1"')
    assert sum(reads) < second + 300  # the head and the first event; hardly more
    assert sum(1 for _ in events) == 999
    assert sum(reads) == len(data) and max(reads) < 200  # line by line, never the whole file


def test_the_store_imports_without_parsing_a_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every log and the export in tpmpath's layout: no file is validated as a whole."""
    base = tmp_path / "p" / "tiny.json"
    store = ProgressStore(base, CURRICULUM, cache_dir=None)
    export = tmp_path / "export.json"
    export.write_bytes(export_bytes(300))
    store.import_(exports.read_import(export, "tiny", io.BytesIO()), "x", T0, dry_run=False)

    def whole(*args: object) -> None:
        raise AssertionError("a whole file was parsed")

    validate = Progress.model_validate_json

    def head_only(data: bytes, **kwargs: Any) -> Progress:
        assert data.endswith((b'"events":[]}', b'"events": []\n}')), "a whole file was validated"
        return validate(data, **kwargs)

    monkeypatch.setattr(files, "parse_progress", whole)
    monkeypatch.setattr(Progress, "model_validate_json", head_only)
    export.write_bytes(export_bytes(350, indent=2))  # as `tpmpath export` writes it
    merge = store.import_(exports.read_import(export, "tiny", io.BytesIO()), "x", T0, dry_run=False)
    brought = [n for n in range(400) if n % 7]  # not another device's import events
    assert merge.count == len([n for n in brought if 300 <= n < 350])
    handle = Counting(export_bytes(400), [])
    merge = store.import_(
        exports.read_import(Path("-"), "tiny", handle), "x", T0, dry_run=False
    )  # stdin is read whole first (it cannot be read twice), but not parsed whole
    assert merge.count == len([n for n in brought if n >= 350])
    assert len(json.loads(base.read_bytes())["events"]) == len(brought) + 3  # and 3 imports


@pytest.mark.parametrize(
    "data",
    [
        json.dumps(json.loads(export_bytes(3)), indent=4).encode(),
        json.dumps(json.loads(export_bytes(3))).encode(),
        export_bytes(3, indent=2).replace(b'    {\n      "id": "e1"', b'    {"id": "e1"'),
        export_bytes(3).replace(b"},\n{", b"},{"),
        export_bytes(3).replace(b'"schema_version":3', b'"schema_version":2'),
        export_bytes(0, indent=2),
        export_bytes(0),
    ],
    ids=["indent 4", "one line", "hand-edited", "two on a line", "older", "none", "none, lines"],
)
def test_a_file_in_another_layout_is_read_in_full(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(data)
    opened = lines.of_file(path)
    expected, upgraded = files.parse_progress(data, path)
    assert opened is not None and opened.head == expected.model_copy(update={"events": []})
    assert list(opened.events()) == expected.events
    assert opened.upgraded_from == upgraded


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.replace(b'"action":"log"', b'"action":"lob"', 1),
        lambda d: d.replace(b"},\n", b"}\n", 1),
        lambda d: d + b"{}",
        lambda d: d[:-10],
        lambda d: d.replace(b'"topic":"talk"', b'"topic":"\\ud800"', 1),
    ],
    ids=["invalid event", "missing comma", "cut short", "lone surrogate", "trailing"],
)
@pytest.mark.parametrize("indent", [None, 2], ids=["progress file", "export"])
def test_a_damaged_export_is_refused_as_a_full_read_refuses_it(
    tmp_path: Path, damage: Callable[[bytes], bytes], indent: int | None
) -> None:
    data = damage(export_bytes(50, indent=indent).replace(b'": "', b'":"'))
    path = tmp_path / "x.json"
    path.write_bytes(data)
    with pytest.raises(TpmpathError) as whole:
        files.parse_progress(data, path)
    with pytest.raises(TpmpathError) as by_lines:
        opened = lines.of_file(path)  # a damaged head: refused as it is opened
        assert opened is not None
        list(opened.events())
    assert by_lines.value.message == whole.value.message


@pytest.mark.parametrize("indent", [None, 2], ids=["progress file", "export"])
def test_an_export_damaged_after_its_new_events_changes_no_file(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    indent: int | None,
) -> None:
    """The damage is found while the new log is being written: the temporary file goes, and
    every file is as it was (only the folder's time tells a file was made and removed)."""
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0  # a .bak too
    monkeypatch.setattr(streamed, "CHUNK_BYTES", 4096)  # written before the damage is met
    data = export_bytes(3000, indent=indent)  # a few MiB: written before the damage is met
    damaged = data[: len(data) * 9 // 10] + data[len(data) * 9 // 10 :].replace(b"log", b"lob", 1)
    export = tmp_path / "x.json"
    export.write_bytes(damaged)
    before, timed = tree(isolated, dir_times=False), tree(isolated)
    result = cli("import", str(export))
    assert result.exit_code == 1, result.output
    assert tree(isolated) != timed  # a temporary file was made (and removed)
    assert result.stderr.startswith(f"Error: Nothing was imported: {export} is damaged: events.")
    assert "Traceback" not in result.output
    assert tree(isolated, dir_times=False) == before
    assert temporaries(progress_file(isolated).parent) == []

"""ProgressStore: one write path; import is one step `undo` reverts; recover never loses the
last good copy; order in time is the order each device recorded."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from tests.cli.test_data import statuses
from tests.conftest import TINY, Invoke
from tests.store.test_files import place, progress_file, tree
from tpmpath.core.changes import single_event, status_change
from tpmpath.core.models import Curriculum, Event, Progress, Settings
from tpmpath.core.state import State
from tpmpath.errors import LockTimeoutError, ProgressFileError, StorageError, TpmpathError
from tpmpath.store import atomic, files, locks, progress_store
from tpmpath.store.profiles import read_settings
from tpmpath.store.progress_store import ProgressStore

CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def make(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "p" / "tiny.json", CURRICULUM, cache_dir=None)


def mark(
    action: str, *topics: str, at: datetime = T0
) -> Callable[[State], tuple[list[Event], int]]:
    def build(state: State) -> tuple[list[Event], int]:
        change = status_change(state.derived, action, list(topics), at)  # type: ignore[arg-type]
        return change.events, len(change.unchanged)

    return build


def export_of(*events: Event, settings: Settings | None = None) -> Progress:
    return Progress(curriculum_id="tiny", events=list(events), settings=settings or Settings())


def status(store: ProgressStore, topic: str) -> str:
    return store.read().derived.states[topic].status


# --- change: build returns what it reports; runs without side effects -------------------------


def test_change_returns_the_events_and_the_result_of_the_run_that_was_saved(
    tmp_path: Path,
) -> None:
    store = make(tmp_path)
    events, unchanged = store.change(mark("done", "a"))
    assert [e.topic for e in events] == ["a"] and unchanged == 0
    events, unchanged = store.change(mark("done", "a", "b"))
    assert [e.topic for e in events] == ["b"] and unchanged == 1  # a: already done
    assert status(store, "a") == status(store, "b") == "done"


def test_a_change_that_adds_nothing_to_no_file_creates_nothing(tmp_path: Path) -> None:
    store = make(tmp_path)
    events, _ = store.change(lambda state: ([], None))
    assert events == [] and not (tmp_path / "p").exists()
    with pytest.raises(TpmpathError, match="Nothing to undo"):
        store.undo(T0)
    assert not (tmp_path / "p").exists()


def test_settings_are_saved_through_the_same_path(tmp_path: Path) -> None:
    store = make(tmp_path)
    store.change(mark("done", "a"))
    assert store.settings(lambda s: s.model_copy(update={"hours_per_week": 5.0})) is True
    assert store.settings(lambda s: s.model_copy(update={"hours_per_week": 5.0})) is False
    saved = files.load(store.path, "tiny").progress
    assert saved.settings.hours_per_week is None and len(saved.events) == 1  # not per curriculum
    assert read_settings(store.settings_file) == Settings(hours_per_week=5.0)
    assert store.read().settings.hours_per_week == 5.0


# --- import: one batch, previewable, undoable ---------------------------------------------------


def test_undo_right_after_import_reverts_exactly_the_import(tmp_path: Path) -> None:
    store = make(tmp_path)
    store.change(mark("done", "a", at=T0))
    store.change(mark("start", "b", at=T0 + timedelta(hours=1)))
    theirs = [
        single_event("done", "c", T0 - timedelta(days=3)),
        single_event("log", "talk", T0 + timedelta(minutes=30)),
    ]
    merge = store.import_(
        export_of(*theirs, settings=Settings(hours_per_week=4)),
        "laptop.json",
        T0 + timedelta(hours=2),
        dry_run=False,
    )
    assert merge.count == 2 and merge.batches == dict.fromkeys(e.batch for e in theirs)
    imported = {e.id for e in store.read().events}
    assert {e.id for e in theirs} <= imported
    assert merge.filled == {"hours_per_week": 4}
    assert (status(store, "c"), store.read().derived.states["talk"].count) == ("done", 1)

    undone = store.undo(T0 + timedelta(hours=3))
    assert (undone.events[0].action, undone.brought) == ("import", 2)
    state = store.read()
    assert (status(store, "c"), state.derived.states["talk"].count) == ("todo", 0)
    assert status(store, "b") == "in_progress"  # the learner's own last change is kept
    assert status(store, "a") == "done"
    assert state.settings.hours_per_week is None  # the setting it filled is unset again
    assert [e.action for e in state.events] == ["done", "start", "import", "undo"]

    # The next undo is the learner's own last change; the same export can be imported again.
    assert store.undo(T0 + timedelta(hours=4)).events[0].topic == "b"
    again = store.import_(export_of(*theirs), "laptop.json", T0 + timedelta(hours=5), dry_run=False)
    assert again.count == 2 and status(store, "c") == "done"


def test_import_dry_run_reports_and_changes_no_byte(tmp_path: Path) -> None:
    store = make(tmp_path)
    store.change(mark("done", "a"))
    store.settings(lambda s: s.model_copy(update={"hours_per_week": 5.0}))
    before = store.path.read_bytes()
    incoming = export_of(
        single_event("done", "c", T0),
        single_event("log", "talk", T0),
        single_event("log", "talk", T0 + timedelta(days=1)),
        settings=Settings(hours_per_week=8, target_date=T0.date()),
    )
    merge = store.import_(incoming, "x.json", T0, dry_run=True)
    assert merge.per_topic() == {"c": 1, "talk": 2}
    assert merge.filled == {"target_date": T0.date()}
    assert merge.differing == {"hours_per_week": (5.0, 8.0)}
    assert store.path.read_bytes() == before


def test_another_devices_import_events_are_not_brought_in(tmp_path: Path) -> None:
    store = make(tmp_path)
    foreign = Event(id="m", at=T0, batch="mb", action="import", batches=["x"])
    merge = store.import_(
        export_of(single_event("done", "a", T0), foreign), "x.json", T0, dry_run=False
    )
    assert (merge.count, merge.per_topic()) == (1, {"a": 1})
    assert [e.id for e in store.read().events if e.action == "import"] != ["m"]


def test_an_import_over_the_size_limit_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make(tmp_path)
    store.change(mark("done", "a"))
    before = store.path.read_bytes()
    monkeypatch.setattr(files, "MAX_PROGRESS_BYTES", len(before) + 100)
    incoming = export_of(*(single_event("note", "b", T0, text="x" * 50) for _ in range(5)))
    with pytest.raises(ProgressFileError, match="over tpmpath's 512 MiB limit; nothing was"):
        store.import_(incoming, "big.json", T0, dry_run=False)
    assert store.path.read_bytes() == before


# --- order in time: a device's own order is never changed -----------------------------------


def test_merge_never_reorders_a_devices_own_events(tmp_path: Path) -> None:
    store = make(tmp_path)
    # The clock went backwards: `done` dated Dec 1, then `reset` dated Nov 1.
    store.change(mark("done", "a", at=datetime(2026, 12, 1, tzinfo=UTC)))
    store.change(mark("reset", "a", at=datetime(2026, 11, 1, tzinfo=UTC)))
    assert status(store, "a") == "todo"
    unrelated = single_event("done", "b", datetime(2026, 11, 15, tzinfo=UTC))
    store.import_(export_of(unrelated), "x.json", T0, dry_run=False)
    assert status(store, "a") == "todo"  # not flipped back to done
    topics = [(e.action, e.topic) for e in store.read().events]
    assert topics[:3] == [("done", "b"), ("done", "a"), ("reset", "a")]


# --- recover: restore first, move aside last ----------------------------------------------------


def test_an_interrupted_recover_leaves_the_damaged_file_and_the_backup(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = progress_file(isolated)
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0
    good = files.backup_path(path).read_bytes()
    path.write_bytes(b'{"schema_version": 2, "curri')

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C in the middle of the restore

    with monkeypatch.context() as patched:
        patched.setattr(progress_store, "_save", killed)
        assert cli("recover").exit_code == 130  # click ends an interrupted command with 130
    assert path.read_bytes() == b'{"schema_version": 2, "curri'  # still there to recover
    assert files.backup_path(path).read_bytes() == good
    result = cli("recover")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == good
    assert statuses(cli)["a"] == "done"


def test_recover_restores_a_missing_file_from_its_backup(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    path = progress_file(isolated)
    for args in (("done", "a"), ("done", "b")):
        assert cli(*args).exit_code == 0
    good = files.backup_path(path).read_bytes()
    path.unlink()
    result = cli("recover")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{path} was missing; restored the last good backup {files.backup_path(path)}.\n"
    )
    assert path.read_bytes() == good
    assert statuses(cli)["a"] == "done"


def test_undo_after_import_through_the_cli(
    cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "mine.json"
    for args in (("done", "a"), ("skip", "c"), ("export", "-o", str(export))):
        assert cli(*args).exit_code == 0
    other = tmp_path / "other"
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(other))
    assert cli("start", "b").exit_code == 0
    before = tree(other, dir_times=False)
    preview = cli("import", str(export), "--dry-run", "--force")  # another learner's
    assert preview.exit_code == 0, preview.output
    assert preview.stderr == (
        f"Would import 2 new events from {export}.\n  a: 1 event\n  c: 1 event\n"
    )
    assert tree(other, dir_times=False) == before
    assert cli("import", str(export), "--force").exit_code == 0
    undone = cli("undo")
    assert undone.exit_code == 0, undone.output
    assert undone.stderr.startswith(f"Undid the import of 2 events from {export} (")
    listed = json.loads(cli("list", "--json").stdout)
    assert {t["id"]: t["status"] for t in listed}["b"] == "in_progress"
    assert {t["id"]: t["status"] for t in listed}["a"] == "todo"


# --- locks: one lock per file, whatever the link; never through a symlink ---------------------


def test_two_profiles_linked_to_one_file_share_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "alice" / "tiny.json"
    target.parent.mkdir()
    target.write_bytes(b"{}")
    link = tmp_path / "bob" / "tiny.json"
    link.parent.mkdir()
    link.symlink_to(target)
    monkeypatch.setenv("TPMPATH_LOCK_TIMEOUT", "0.05")
    with locks.locked(target), pytest.raises(LockTimeoutError):  # noqa: SIM117
        with locks.locked(link):
            pass
    assert not (link.parent / "tiny.json.lock").exists()


def test_a_writer_removes_only_the_temporaries_of_the_file_it_locked(tmp_path: Path) -> None:
    target = tmp_path / "a" / "tiny.json"
    target.parent.mkdir()
    target.write_bytes(b"{}")
    mine = target.parent / ".tiny.json.x1.tmp"
    other = target.parent / ".other.json.x2.tmp"
    mine.write_bytes(b"")
    other.write_bytes(b"")
    assert atomic.remove_stray_temporaries(target) == 1
    assert not mine.exists() and other.exists()


@pytest.mark.parametrize("dangling", [False, True])
def test_a_symlinked_lock_file_is_refused_and_its_target_left_alone(
    tmp_path: Path, dangling: bool
) -> None:
    path = tmp_path / "p" / "tiny.json"
    path.parent.mkdir()
    victim = tmp_path / "victim"
    if not dangling:
        victim.write_bytes(b"keep")
        victim.chmod(0o644)
    (path.parent / "tiny.json.lock").symlink_to(victim)
    with pytest.raises(StorageError, match="is a symbolic link, which tpmpath never follows"):
        with locks.locked(path):
            pass
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_bytes() == b"keep" and victim.stat().st_mode & 0o777 == 0o644


# --- whose progress: exports carry the learner id and profile ------------------------------------


def test_exports_carry_the_learner_id_and_the_profile(
    cli: Invoke, tiny: Path, tmp_path: Path
) -> None:
    assert cli("--profile", "maya", "done", "a").exit_code == 0
    exported = json.loads(cli("--profile", "maya", "export").stdout)
    assert exported["profile"] == "maya"
    assert len(exported["learner_id"]) == 32
    # The profile's other curricula share it.
    other = tmp_path / "other.yaml"
    other.write_text(TINY.replace("id: tiny", "id: other"), encoding="utf-8")
    assert cli("--profile", "maya", "--curriculum", str(other), "done", "a").exit_code == 0
    second = json.loads(cli("--profile", "maya", "--curriculum", str(other), "export").stdout)
    assert second["learner_id"] == exported["learner_id"]


def test_another_learners_export_is_refused_unless_forced(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path
) -> None:
    export = tmp_path / "bob.json"
    assert cli("--profile", "bob", "done", "c").exit_code == 0
    assert cli("--profile", "bob", "export", "-o", str(export)).exit_code == 0
    assert cli("done", "a").exit_code == 0
    before = tree(isolated, dir_times=False)
    for args in (("import", str(export)), ("import", str(export), "--dry-run")):
        refused = cli(*args)
        assert refused.exit_code == 1
        assert refused.stderr.startswith(
            f"Error: {export} holds another learner's progress (profile 'bob', learner "
        )
        assert "profile 'default' has progress of its own" in refused.stderr
        assert tree(isolated, dir_times=False) == before
    assert cli("import", str(export), "--force").exit_code == 0
    assert statuses(cli)["c"] == "done"


def test_an_empty_profile_adopts_the_learner_id_of_its_first_import(
    cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, home = tmp_path / "work.json", tmp_path / "home.json"
    assert cli("done", "a").exit_code == 0
    assert cli("export", "-o", str(work)).exit_code == 0
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(tmp_path / "laptop"))
    assert cli("import", str(work)).exit_code == 0  # the second laptop: nothing here yet
    assert cli("done", "b").exit_code == 0
    assert cli("export", "-o", str(home)).exit_code == 0
    assert json.loads(home.read_text())["learner_id"] == json.loads(work.read_text())["learner_id"]
    monkeypatch.undo()
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(tiny))
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(tmp_path / "data"))
    back = cli("import", str(home))  # the same learner: no --force needed
    assert back.exit_code == 0, back.output
    assert statuses(cli)["b"] == "done"


# --- settings belong to the profile, whatever the curriculum ----------------------------------


def test_settings_are_the_profiles_whatever_the_curriculum(
    cli: Invoke, tiny: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(TINY.replace("id: tiny", "id: other"), encoding="utf-8")
    assert cli("config", "set", "hours-per-week", "6").exit_code == 0
    got = cli("--curriculum", str(other), "config", "get", "hours-per-week")
    assert (got.exit_code, got.stdout) == (0, "6\n")
    assert cli("--profile", "someone", "config", "get", "hours-per-week").exit_code == 1


def test_settings_kept_with_a_curriculum_by_an_older_tpmpath_are_read_until_replaced(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    path = place(isolated, b"")
    path.write_bytes(
        files.serialize(Progress(curriculum_id="tiny", settings=Settings(hours_per_week=3)))
    )
    assert cli("config", "get", "hours-per-week").stdout == "3\n"
    assert cli("config", "set", "target-date", "2027-01-31").exit_code == 0
    profile = json.loads(path.with_name("_profile.json").read_text())
    assert profile["settings"] == {"hours_per_week": 3.0, "target_date": "2027-01-31"}
    assert cli("config", "list").stdout == "hours-per-week=3\ntarget-date=2027-01-31\n"


def test_the_store_tells_whether_its_write_created_the_profile(tmp_path: Path) -> None:
    store = make(tmp_path)
    store.read()
    assert not store.created_profile  # reading creates nothing
    store.change(mark("done", "a"))
    assert store.created_profile
    again = make(tmp_path)
    again.change(mark("done", "b"))
    assert not again.created_profile
    settings = ProgressStore(tmp_path / "q" / "tiny.json", CURRICULUM, cache_dir=None)
    assert settings.settings(lambda s: s.model_copy(update={"hours_per_week": 5.0}))
    assert settings.created_profile


def test_profiles_lists_profile_folders_with_their_curricula(isolated: Path) -> None:
    from tpmpath.store.profiles import profiles

    assert profiles() == []
    for name in ("bob", "alice"):
        path = files.progress_path(name, "tiny")
        ProgressStore(path, CURRICULUM, cache_dir=None, profile=name).change(mark("done", "a"))
    (files.profiles_dir() / ".hidden").mkdir()
    (files.profiles_dir() / "stray.txt").write_text("x")
    found = profiles()
    assert [(p.name, p.events, p.last_activity) for p in found] == [
        ("alice", 1, T0),
        ("bob", 1, T0),
    ]
    assert [h.curriculum_id for h in found[0].held] == ["tiny"]

"""The store: parsing, schema versions, atomic writes, failures, locks, privacy, hostile files."""

from __future__ import annotations

import errno
import json
import os
import random
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from typer.main import get_command
from typer.testing import CliRunner

from tests.conftest import FIXTURES, Invoke
from tpmpath.cli.main import app
from tpmpath.core.progress import derive
from tpmpath.curriculum.loader import load_curriculum
from tpmpath.errors import OutputExistsError, ProgressFileError
from tpmpath.store import atomic
from tpmpath.store import files as store

V1_FIXTURE = FIXTURES / "progress-v1.json"


def progress_file(data: Path) -> Path:
    """The tiny curriculum's progress file in the default profile."""
    return data / "profiles" / "default" / "tiny.json"


def tree(root: Path, *, dir_times: bool = True) -> dict[str, tuple[Any, ...]]:
    """Every name under root with its bytes (None for a directory), mode and mtime."""
    if not root.exists():
        return {}
    result: dict[str, tuple[Any, ...]] = {}
    for path in sorted(root.rglob("*")):
        status = path.lstat()
        is_dir = path.is_dir()
        when = status.st_mtime_ns if dir_times or not is_dir else None
        result[str(path.relative_to(root))] = (
            None if is_dir else path.read_bytes(),
            status.st_mode,
            when,
        )
    return result


def place(data_dir: Path, content: bytes) -> Path:
    """Put `content` where tpmpath keeps the tiny curriculum's progress; the file's path."""
    path = progress_file(data_dir)
    store.ensure_private_dir(path.parent)
    path.write_bytes(content)
    return path


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- the committed v1 file: the next format change must still read it -----------------------


def test_v1_fixture_loads_and_derives_exactly(tiny: Path) -> None:
    data = V1_FIXTURE.read_bytes()
    progress, upgraded_from = store.parse_progress(data, V1_FIXTURE)
    assert upgraded_from == 1  # read as schema 2, which only adds the import event
    derived = derive(load_curriculum(tiny), progress.events)
    statuses = {topic: state.status for topic, state in derived.states.items()}
    assert statuses == {
        "a": "done",
        "b": "in_progress",
        "c": "skipped",
        "talk": "in_progress",
        "d": "todo",
    }
    a = derived.states["a"]
    assert a.completed_at == datetime(2026, 1, 7, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    assert a.confidence == 5  # the review after `done --confidence 4`
    events = progress.events
    assert [events[i].action for i in a.notes] == ["done", "note"]
    assert [events[i].action for i in a.reviews] == ["review"]
    assert (a.reviewed.total, a.reviewed.last_confidence) == (1, 5)
    assert derived.states["talk"].count == 1
    assert events[derived.states["talk"].logs[0]].answer == "How they run design reviews."
    assert derived.undone == {progress.events[10].undoes}
    assert derived.orphans == {}
    assert progress.settings.hours_per_week == 6
    assert str(progress.settings.target_date) == "2026-06-30"
    assert {e.action for e in progress.events} == {
        "start", "done", "skip", "reset", "log", "note", "review", "undo",
    }  # fmt: skip


def test_v1_fixture_round_trips_byte_for_byte() -> None:
    data = V1_FIXTURE.read_bytes()
    progress, _ = store.parse_progress(data, V1_FIXTURE)
    # The same bytes but for the schema version, which is now 3.
    assert store.serialize(progress, indent=2) == data.replace(
        b'"schema_version": 1', b'"schema_version": 3', 1
    )
    compact = store.serialize(progress)
    assert compact.count(b"\n") == len(progress.events) + 2  # the head, one line each, the end
    assert store.parse_progress(compact, V1_FIXTURE)[0] == progress


# --- parsing: every kind of bad file is a clean ProgressFileError ------------------------------

EVENT = {
    "id": "e1",
    "at": "2026-01-05T09:00:00+01:00",
    "batch": "b1",
    "action": "done",
    "topic": "a",
}


def doc(**fields: Any) -> bytes:
    return json.dumps({"schema_version": 1, "curriculum_id": "tiny", **fields}).encode()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "is damaged: it is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        (b'{"schema_version": 1,', "is damaged: it is not valid JSON (Expecting property name"),
        (b"\xff\xfe\x00garbage", "is damaged: it is not valid JSON"),
        (b"[" * 100_000, "is damaged: it is not valid JSON"),
        (b"[]", "is not a tpmpath progress file (it has no schema_version)"),
        (b'{"events": []}', "is not a tpmpath progress file (it has no schema_version)"),
        (b'{"schema_version": "1"}', "is not a tpmpath progress file (it has no schema_version)"),
        (b'{"schema_version": true}', "is not a tpmpath progress file (it has no schema_version)"),
        (b'{"schema_version": 0}', "has schema version 0, which this tpmpath cannot upgrade"),
        (b'{"schema_version": -7}', "has schema version -7, which this tpmpath cannot upgrade"),
        (b'{"schema_version": 1}', "is damaged: curriculum_id: Field required"),
        (doc(events=[{"id": "e1"}]), "is damaged: events.0.at: Field required"),
        (doc(events=[{**EVENT, "action": "dance"}]), "is damaged: events.0.action: Input"),
        (doc(extra=1), "is damaged: extra: Extra inputs are not permitted"),
        (doc(events=[{**EVENT, "at": "2026-01-05T09:00:00"}]), "is damaged: events.0.at: Input"),
    ],
)
def test_bad_files_are_clean_errors(tmp_path: Path, data: bytes, says: str) -> None:
    path = tmp_path / "tiny.json"
    with pytest.raises(ProgressFileError) as caught:
        store.parse_progress(data, path)
    assert caught.value.message.startswith(f"{path} {says}")
    assert caught.value.hint is not None and "tpmpath recover" in caught.value.hint


def test_newer_schema_is_refused_with_upgrade_advice(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    with pytest.raises(store.TooNewError) as caught:
        store.parse_progress(b'{"schema_version": 4, "curriculum_id": "tiny"}', path)
    assert caught.value.message == (
        f"{path} was written by a newer tpmpath (schema version 4; this one reads up to 3)."
    )
    assert caught.value.hint == (
        "Upgrade tpmpath (`pip install -U tpmpath`); the file was left untouched."
    )


def test_load_of_a_missing_file_is_empty_and_writes_nothing(isolated: Path) -> None:
    loaded = store.load(progress_file(isolated), "tiny")
    assert (loaded.exists, loaded.progress.events, loaded.upgraded_from) == (False, [], None)
    assert not isolated.exists()


def test_load_refuses_another_curriculum(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_bytes(V1_FIXTURE.read_bytes())
    with pytest.raises(ProgressFileError, match="for curriculum 'tiny', not 'other'"):
        store.load(path, "other")


# --- schema versions: upgraded in order, original kept, newer refused --------------------------


def _recording(calls: list[int], version: int) -> store.Migration:
    def migrate(document: dict[str, Any]) -> dict[str, Any]:
        calls.append(version)
        document.setdefault("trail", []).append(version)
        return document

    return migrate


@pytest.mark.parametrize(("start", "expected"), [(0, [0, 1, 2]), (1, [1, 2]), (3, [])])
def test_migrations_run_in_order(
    monkeypatch: pytest.MonkeyPatch, start: int, expected: list[int]
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(store, "MIGRATIONS", {n: _recording(calls, n) for n in range(3)})
    upgraded = store.upgrade({"schema_version": start}, start, Path("p.json"), target=3)
    assert calls == expected
    assert upgraded["schema_version"] == 3
    assert upgraded.get("trail", []) == expected


@pytest.mark.parametrize(
    "broken",
    [lambda d: d["missing"], lambda d: ["not", "an", "object"], lambda d: int(d["x"])],
)
def test_a_migration_that_fails_is_a_clean_error(
    monkeypatch: pytest.MonkeyPatch, broken: store.Migration
) -> None:
    monkeypatch.setitem(store.MIGRATIONS, 0, broken)
    with pytest.raises(ProgressFileError, match="cannot be upgraded from schema version 0"):
        store.parse_progress(b'{"schema_version": 0, "x": "y"}', Path("p.json"))


def _v0_document() -> dict[str, Any]:
    """A pretend version 0 file: `history` instead of `events`."""
    return {"schema_version": 0, "curriculum_id": "tiny", "history": [EVENT]}


def _rename_history(document: dict[str, Any]) -> dict[str, Any]:
    document["events"] = document.pop("history")
    return document


def test_v0_file_is_read_upgraded_and_backed_up_before_the_first_save(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(store.MIGRATIONS, 0, _rename_history)
    original = json.dumps(_v0_document()).encode()
    path = place(isolated, original)
    before = tree(isolated)

    listed = cli("list", "--json")
    assert listed.exit_code == 0, listed.output
    assert [t["status"] for t in json.loads(listed.stdout)][:2] == ["done", "todo"]
    assert tree(isolated) == before  # reading an old file upgrades it in memory only

    assert cli("done", "b").exit_code == 0
    kept = path.with_name("tiny.json.v0.bak")
    assert kept.read_bytes() == original
    assert oct(kept.stat().st_mode & 0o777) == oct(0o600)
    saved = json.loads(path.read_bytes())
    assert saved["schema_version"] == 3
    assert [(e["action"], e["topic"]) for e in saved["events"]] == [("done", "a"), ("done", "b")]

    assert cli("done", "c").exit_code == 0
    assert kept.read_bytes() == original  # the first original is never replaced


def test_v0_file_without_a_migration_is_refused_untouched(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    place(isolated, json.dumps(_v0_document()).encode())
    before = tree(isolated, dir_times=False)
    for args in (("status",), ("done", "b")):
        result = cli(*args)
        assert result.exit_code == 1
        assert "has schema version 0, which this tpmpath cannot upgrade" in result.stderr
    assert tree(isolated, dir_times=False) == before | {"profiles/default/tiny.json.lock": ANY}


class _Any:
    def __eq__(self, other: object) -> bool:
        return True


ANY = _Any()


@pytest.mark.parametrize("args", [("status",), ("done", "a"), ("export",)])
def test_newer_file_is_refused_untouched(
    cli: Invoke, tiny: Path, isolated: Path, args: tuple[str, ...]
) -> None:
    newer = b'{"schema_version": 4, "curriculum_id": "tiny", "shiny": []}\n'
    path = place(isolated, newer)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path} was written by a newer tpmpath (schema version 4; this one reads up to 3)."
        "\nUpgrade tpmpath (`pip install -U tpmpath`); the file was left untouched.\n"
    )
    assert path.read_bytes() == newer
    assert sorted(p.name for p in path.parent.iterdir() if p.name != "tiny.json.lock") == [
        "tiny.json"
    ]


# --- atomic writes and backups ------------------------------------------------------------------


def test_write_atomic_keeps_the_previous_version_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "new" / "p.json"
    store.write_atomic(path, b"one", backup=True)
    assert path.read_bytes() == b"one"
    assert not path.with_name("p.json.bak").exists()
    store.write_atomic(path, b"two", backup=True)
    store.write_atomic(path, b"three", backup=True)
    assert path.read_bytes() == b"three"
    assert path.with_name("p.json.bak").read_bytes() == b"two"
    assert sorted(p.name for p in path.parent.iterdir()) == ["p.json", "p.json.bak"]


def test_every_save_keeps_the_previous_version(cli: Invoke, tiny: Path, isolated: Path) -> None:
    path = progress_file(isolated)
    assert cli("done", "a").exit_code == 0
    first = path.read_bytes()
    assert cli("done", "b").exit_code == 0
    assert path.with_name("tiny.json.bak").read_bytes() == first
    assert temporaries(path.parent) == []


ERRNO_HINTS = {
    errno.ENOSPC: "Free some disk space, then retry.",
    errno.EACCES: "(permissions, read-only disk); retry.",
    errno.EIO: "The disk reported an error: check it (and its free space), then retry.",
}


@pytest.mark.parametrize("code", sorted(ERRNO_HINTS), ids=errno.errorcode.get)
@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_failed_write_changes_nothing(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
) -> None:
    path = progress_file(isolated)
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0  # now a .bak exists too: it must not change either
    before = tree(isolated, dir_times=False)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    # Only tpmpath's write path sees the fault: pytest and the CLI runner keep the real `os`.
    monkeypatch.setattr(atomic, "os", types.SimpleNamespace(**{**vars(os), where: fail}))
    result = cli("done", "c")

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: Could not save {path}: {os.strerror(code)}. Nothing was changed."
    assert lines[1].endswith(ERRNO_HINTS[code])
    assert "Traceback" not in result.output
    assert tree(isolated, dir_times=False) == before
    assert temporaries(path.parent) == []


def test_a_symlinked_progress_file_stays_a_symlink(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path
) -> None:
    synced = tmp_path / "Dropbox" / "tiny.json"
    synced.parent.mkdir()
    path = place(isolated, b"")
    path.unlink()
    path.symlink_to(synced)
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0
    assert path.is_symlink()  # the save went to the file the user's link points to
    assert len(json.loads(synced.read_bytes())["events"]) == 2
    assert len(json.loads(synced.with_name("tiny.json.bak").read_bytes())["events"]) == 1
    assert temporaries(synced.parent) == []


def test_a_file_where_the_data_directory_should_be_is_a_clean_error(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    isolated.mkdir()
    (isolated / "profiles").write_bytes(b"not a directory")
    result = cli("done", "a")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Cannot create {isolated / 'profiles' / 'default'}: File exists.\n"
        "A file is where tpmpath needs a folder: move it away, then retry.\n"
    )
    assert (isolated / "profiles").read_bytes() == b"not a directory"
    assert oct((isolated / "profiles").stat().st_mode & 0o777) != "0o700"


def test_output_files_refuse_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    store.write_output(target, "one\n", force=False, protected=[], private_dirs=[])
    with pytest.raises(OutputExistsError, match="already exists"):
        store.write_output(target, "two\n", force=False, protected=[], private_dirs=[])
    store.write_output(target, "two\n", force=True, protected=[], private_dirs=[])
    assert target.read_text() == "two\n"
    with pytest.raises(OutputExistsError, match="Refusing to write over tpmpath's own"):
        store.write_output(target, "three\n", force=True, protected=[target], private_dirs=[])
    assert target.read_text() == "two\n"
    assert temporaries(tmp_path) == []


# --- the lock -----------------------------------------------------------------------------------


def test_a_lock_held_too_long_is_a_clear_error(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = progress_file(isolated)
    assert cli("done", "b").exit_code == 0
    before = tree(isolated)
    monkeypatch.setenv("TPMPATH_LOCK_TIMEOUT", "0.5")
    with FileLock(f"{path}.lock"):
        result = cli("done", "a")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Another tpmpath command is updating {path}; gave up waiting after 0.5 s.\n"
        "Retry when it has finished, or wait longer with TPMPATH_LOCK_TIMEOUT=SECONDS.\n"
    )
    assert tree(isolated) == before
    assert cli("done", "a").exit_code == 0  # released: the next command goes through


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_bad_lock_timeout_is_a_clean_error(
    cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("TPMPATH_LOCK_TIMEOUT", value)
    result = cli("done", "a")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: TPMPATH_LOCK_TIMEOUT={value!r} must be a number")


def test_stray_temporaries_are_ignored_by_reads_and_removed_by_the_next_write(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    path = progress_file(isolated)
    assert cli("done", "a").exit_code == 0
    strays = [".tiny.json.k1ll3d.tmp", ".tiny.json.bak.tmp", ".tiny.json.v0.bak.x9.tmp"]
    for name in strays:
        path.with_name(name).write_bytes(b'{"half a fi')
    unrelated = path.with_name(".other.json.abc.tmp")
    unrelated.write_bytes(b"not ours")
    status = cli("status", "--json")
    assert status.exit_code == 0
    assert json.loads(status.stdout)["overall"]["done"] == 1
    assert temporaries(path.parent) == sorted([*strays, unrelated.name])
    assert cli("done", "b").exit_code == 0
    assert temporaries(path.parent) == [unrelated.name]


# --- reads never write; nothing lands in the current directory; failures change nothing --------

READS = [
    ("status",),
    ("status", "--json"),
    ("list",),
    ("list", "--json"),
    ("next",),
    ("next", "--json"),
    ("show", "a"),
    ("show", "a", "--json"),
    ("history",),
    ("history", "--json"),
    ("where",),
    ("export",),
    ("report",),
    ("report", "--format", "json"),
    ("curricula",),
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_reads_never_write(cli: Invoke, tiny: Path, isolated: Path, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert not isolated.exists()  # not even the data directory
    for change in (("done", "a"), ("start", "b"), ("skip", "c")):
        assert cli(*change).exit_code == 0
    before = tree(isolated)
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert tree(isolated) == before


def test_nothing_is_written_in_the_current_directory(
    cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    for args in [
        ("done", "a"),
        ("start", "b"),
        ("undo",),
        ("export", "-o", str(elsewhere)),
        ("reset", "a"),
        ("import", str(elsewhere)),
        ("recover",),
        ("status",),
    ]:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize(
    "args", [("done", "zzz"), ("start", "a", "nope"), ("undo",), ("done", "a", "--confidence", "9")]
)
def test_a_command_that_fails_changes_nothing(
    cli: Invoke, tiny: Path, isolated: Path, args: tuple[str, ...]
) -> None:
    assert cli("done", "a").exit_code == 0
    assert cli("undo").exit_code == 0
    before = tree(isolated)
    result = cli(*args)
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
    assert tree(isolated) == before


# --- privacy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o077, 0o022], ids=oct)
def test_private_whatever_the_umask(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    umask: int,
) -> None:
    monkeypatch.setitem(store.MIGRATIONS, 0, _rename_history)
    exported = tmp_path / "export.json"
    report = tmp_path / "report.md"
    old = os.umask(umask)
    try:
        path = progress_file(isolated)
        assert cli("start", "d").exit_code == 0  # the CLI makes the directories
        path.write_bytes(json.dumps(_v0_document()).encode())  # a v0 file leaves a .v0.bak
        assert cli("done", "b").exit_code == 0
        assert cli("done", "c").exit_code == 0
        assert cli("export", "-o", str(exported)).exit_code == 0
        assert cli("report", "-o", str(report)).exit_code == 0
    finally:
        os.umask(old)
    modes = {p: oct(p.stat().st_mode & 0o777) for p in [*isolated.rglob("*"), exported, report]}
    assert modes == {
        isolated / "profiles": "0o700",
        path.parent: "0o700",
        path: "0o600",
        path.with_name("tiny.json.bak"): "0o600",
        path.with_name("tiny.json.v0.bak"): "0o600",
        path.with_name("tiny.json.lock"): "0o600",
        exported: "0o600",
        report: "0o600",
    }
    assert oct(isolated.stat().st_mode & 0o777) == "0o700"


# --- hostile files: a clean load or a clean error, never a traceback, never a change ------------


def corpus_dir() -> Path:
    """json-test-suite's parsing corpus ($TPMPATH_CORPORA overrides the shared corpora folder)."""
    default = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
    return Path(os.environ.get("TPMPATH_CORPORA") or default) / "json-test-suite" / "test_parsing"


@dataclass
class Outcome:
    """What a command did: like typer's Result, for the fast runner below."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def fast_cli() -> Callable[..., Outcome]:
    """Like the `cli` fixture, but Typer builds the app once: for loops over hundreds of files."""
    runner = CliRunner()
    command = get_command(app)

    def invoke(*args: str) -> Outcome:
        with runner.isolation() as (out, err, _):
            try:
                command.main(list(args), prog_name="tpmpath")
                code = 0
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
            sys.stdout.flush()
            sys.stderr.flush()
            return Outcome(code, out.getvalue().decode(), err.getvalue().decode())

    return invoke


def refused_cleanly(result: Outcome, path: Path) -> bool:
    """Exit 1 with a message that names the file and the way out."""
    return (
        result.exit_code == 1
        and "Traceback" not in result.output
        and str(path) in result.stderr
        and "tpmpath recover" in result.stderr
    )


def assert_never_overwritten(
    cli: Callable[..., Outcome], path: Path, samples: list[tuple[str, bytes]]
) -> None:
    """Each sample as the progress file: `status` and `done a` refuse it and leave it as it was."""
    store.ensure_private_dir(path.parent)
    failures = []
    for name, data in samples:
        path.write_bytes(data)
        for args in (("status",), ("done", "a")):
            result = cli(*args)
            if not refused_cleanly(result, path) or path.read_bytes() != data:
                failures.append((name, args, result.exit_code, result.output[-300:]))
    assert failures == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny.json", "tiny.json.lock"]


def test_json_test_suite_files_are_never_overwritten(
    fast_cli: Callable[..., Outcome], tiny: Path, isolated: Path
) -> None:
    folder = corpus_dir()
    if not folder.is_dir():
        pytest.skip(f"no JSON corpus at {folder} (set TPMPATH_CORPORA)")
    samples = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]
    assert len(samples) > 100
    assert_never_overwritten(fast_cli, progress_file(isolated), samples)


def test_truncated_files_are_never_overwritten(
    fast_cli: Callable[..., Outcome], tiny: Path, isolated: Path
) -> None:
    full = V1_FIXTURE.read_bytes()
    # Cutting only the final newline leaves a valid file: every shorter cut is damaged.
    cuts = sorted({0, 1, 2, len(full) // 2, len(full) - 2, *range(3, len(full) - 1, 61)})
    samples = [(f"cut at {cut}", full[:cut]) for cut in cuts]
    assert_never_overwritten(fast_cli, progress_file(isolated), samples)


def test_random_garbage_is_never_overwritten(
    fast_cli: Callable[..., Outcome], tiny: Path, isolated: Path
) -> None:
    rng = random.Random(20260105)
    samples = [
        (f"garbage {n}", rng.randbytes(rng.choice([1, 7, 64, 1000, 20_000]))) for n in range(40)
    ]
    assert_never_overwritten(fast_cli, progress_file(isolated), samples)


def test_mutated_files_load_cleanly_or_are_refused_untouched(
    fast_cli: Callable[..., Outcome], tiny: Path, isolated: Path
) -> None:
    rng = random.Random(7)
    full = bytearray(V1_FIXTURE.read_bytes())
    path = place(isolated, b"")
    outcomes = {0: 0, 1: 0}
    for _ in range(60):
        mutated = bytearray(full)
        for _ in range(rng.randint(1, 3)):
            mutated[rng.randrange(len(mutated))] = rng.choice(b'{}[]",:0 ax\\\x00\xff')
        data = bytes(mutated)
        path.write_bytes(data)
        status = fast_cli("status")
        assert status.exit_code in (0, 1) and "Traceback" not in status.output
        outcomes[status.exit_code] += 1
        if status.exit_code == 1:
            assert refused_cleanly(status, path)
            assert refused_cleanly(fast_cli("done", "a"), path)
            assert path.read_bytes() == data
    assert outcomes[1] > 0


def test_output_into_a_fifo_writes_into_it_and_keeps_it(
    cli: Invoke, tiny: Path, tmp_path: Path
) -> None:
    """`-o` onto a device or FIFO writes into it: a rename would replace it (as root: /dev/null)."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = cli("report", "--format", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["overall"]["total"] == 5


def test_a_fifo_in_place_of_the_progress_file_is_refused_not_waited_on(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    path = progress_file(isolated)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    for args in (["status"], ["done", "a"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert "is not a regular file" in result.stderr


def test_import_reads_a_pipe(cli: Invoke, tiny: Path, tmp_path: Path) -> None:
    """`tpmpath import <(ssh laptop tpmpath export)`: a pipe given on the command line is fine."""
    import threading

    cli("done", "a")
    exported = cli("export").stdout
    cli("reset", "a")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(exported, encoding="utf-8"))
    writer.start()
    result = cli("import", str(fifo))
    writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert "Nothing new" in result.stderr

"""store.mentees: the learners in a mentor's folder, one learner per subfolder or file, named by
profile and learner id; a learner's several logs are one learner; read one at a time."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.core.test_report import CURRICULUM, NOW, ev
from tpmpath.core.models import Event, Progress
from tpmpath.core.team import Learner, rollup
from tpmpath.errors import InvalidInputError, ProgressFileError
from tpmpath.store import exports, forked
from tpmpath.store import files as store
from tpmpath.store.mentees import Mentees


def write(
    path: Path,
    events: list[Event],
    *,
    curriculum_id: str = "tiny",
    profile: str | None = None,
    learner_id: str | None = None,
    device: str | None = None,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(
        curriculum_id=curriculum_id,
        events=events,
        profile=profile,
        learner_id=learner_id,
        device=device,
    )
    path.write_bytes(store.serialize(progress))
    return path


def learners(*paths: Path) -> list[Learner]:
    return list(Mentees(CURRICULUM, list(paths)).learners())


def rows(*paths: Path) -> list[tuple[str, str, int, int]]:
    """(name, source, done, in progress) per member, as the roll-up names them."""
    team = rollup(CURRICULUM, Mentees(CURRICULUM, list(paths)).learners(), NOW)
    return [(m.name, m.source, m.overall.done, m.overall.in_progress) for m in team.members]


def test_a_folder_of_data_dirs_exports_and_profile_folders(tmp_path: Path) -> None:
    shared = tmp_path / "mentees"
    alice = write(
        shared / "alice" / "profiles" / "default" / "tiny.json",
        [ev(1, "2026-03-02 09:00", "done", "a")],
        profile="alice",
        learner_id="a1" * 16,
    )
    write(shared / "alice" / "profiles" / "default" / "other.json", [], curriculum_id="other")
    (shared / "alice" / "profiles" / "default" / "_profile.json").write_text("{}")
    (shared / "alice" / "profiles" / "default" / "tiny.json.bak").write_text("old")
    bob = write(shared / "bob" / "tiny.json", [ev(2, "2026-03-03 09:00", "start", "b")])
    carol = write(shared / "carol-export.json", [], profile="carol", learner_id="c3" * 16)
    write(shared / ".git" / "tiny.json", [ev(3, "2026-03-03 09:00", "done", "a")])
    assert rows(shared) == [
        ("carol", str(carol), 0, 0),
        ("alice", str(alice), 1, 0),
        ("bob", str(bob), 0, 1),
    ]


def test_a_learners_logs_and_conflicted_copies_are_one_learner(tmp_path: Path) -> None:
    profile = tmp_path / "maya" / "profiles" / "maya"
    first, second = ev(1, "2026-03-02 09:00", "done", "a"), ev(2, "2026-03-03 09:00", "start", "b")
    third = ev(3, "2026-03-04 09:00", "skip", "c")
    ident = {"profile": "maya", "learner_id": "9f" * 16}
    write(profile / "tiny.json", [first, second], device="laptop", **ident)
    write(profile / "tiny@phone.json", [third], device="phone", **ident)
    write(profile / "tiny (conflicted copy 2026-03-03).json", [first], device="laptop", **ident)
    write(profile / "tiny.sync-conflict-20260303-101010-ABC.json", [second], **ident)
    (found,) = learners(tmp_path)
    assert (found.name, found.profile, found.learner_id) == ("maya", "maya", "9f" * 16)
    assert found.source == str(profile)
    assert found.events == ()  # tallied where it was read (store.forked may have read it)
    assert found.tallied is not None
    marks = {"a": ("done", 0), "b": ("in_progress", 0), "c": ("skipped", 0)}
    assert found.tallied.marks == marks  # every log's events, each once
    assert found.tallied.last == third.at
    assert rows(tmp_path) == [("maya", str(profile), 1, 1)]


def test_logs_without_learner_ids_are_grouped_by_their_names(tmp_path: Path) -> None:
    folder = tmp_path / "dana"
    write(folder / "tiny.json", [ev(1, "2026-03-02 09:00", "done", "a")])
    write(folder / "tiny@phone.json", [ev(2, "2026-03-03 09:00", "done", "b")])
    export = write(folder / "eli.json", [ev(3, "2026-03-03 09:00", "done", "c")])
    assert rows(tmp_path) == [("eli", str(export), 1, 0), ("dana", str(folder), 2, 0)]


def test_two_learners_in_one_folder_stay_two(tmp_path: Path) -> None:
    one = write(tmp_path / "exports" / "a.json", [], profile="dana", learner_id="11" * 16)
    two = write(tmp_path / "exports" / "b.json", [], profile="dana", learner_id="22" * 16)
    assert rows(tmp_path / "exports") == [
        ("dana (11111111)", str(one), 0, 0),
        ("dana (22222222)", str(two), 0, 0),
    ]


def test_a_file_or_folder_named_twice_is_read_once(tmp_path: Path) -> None:
    alice = write(tmp_path / "team" / "alice.json", [], profile="alice")
    os.symlink(tmp_path / "team", tmp_path / "team" / "loop")
    assert [r[0] for r in rows(tmp_path / "team", alice, tmp_path / "team")] == ["alice"]


def test_an_older_schema_is_read_as_the_store_reads_it(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "progress-v1.json", tmp_path / "tiny.json")
    (found,) = learners(tmp_path)
    assert found.name == tmp_path.name
    assert found.tallied is not None and found.tallied.marks


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "is damaged: it is not valid JSON"),
        (b"[]", "is not a tpmpath progress file"),
        (b'{"schema_version": 9, "curriculum_id": "tiny"}', "was written by a newer tpmpath"),
    ],
)
def test_a_damaged_file_in_a_folder_is_a_clear_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    write(tmp_path / "alice.json", [], profile="alice")
    (tmp_path / "zed.json").write_bytes(content)
    with pytest.raises(ProgressFileError, match=message) as caught:
        learners(tmp_path)
    assert str(tmp_path / "zed.json") in str(caught.value)
    assert "recover" not in str(caught.value)


def test_a_folder_without_progress_on_the_curriculum(tmp_path: Path) -> None:
    write(tmp_path / "x" / "other.json", [], curriculum_id="other")
    with pytest.raises(InvalidInputError) as caught:
        learners(tmp_path)
    assert str(caught.value).startswith(f"No progress on the curriculum 'tiny' in {tmp_path}.")


def test_a_file_named_for_another_curriculum_is_refused(tmp_path: Path) -> None:
    other = write(tmp_path / "eve.json", [], curriculum_id="tpm-path")
    with pytest.raises(InvalidInputError, match="holds progress for curriculum 'tpm-path'"):
        learners(other)


def test_learners_are_read_one_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b", "c"):
        write(tmp_path / name / "tiny.json", [ev(1, "2026-03-02 09:00", "done", "a")])
    read: list[str] = []
    real = exports.mentee_bytes

    def counted(path: Path, *, allow_pipe: bool = True) -> bytes:
        read.append(path.parent.name)
        return real(path, allow_pipe=allow_pipe)

    monkeypatch.setattr("tpmpath.store.mentees.mentee_bytes", counted)
    walk = Mentees(CURRICULUM, [tmp_path]).learners()
    assert next(walk).name == "a" and read == ["a"]
    assert next(walk).name == "b" and read == ["a", "b"]


def test_the_latest_event_is_the_last_activity(tmp_path: Path) -> None:
    late = ev(2, "2026-03-05 09:00", "note", "a", text="x")
    backdated = ev(1, "2026-03-01 09:00", "done", "a", recorded_at=NOW - timedelta(hours=1))
    write(tmp_path / "tiny.json", [late, backdated], profile="p")
    team = rollup(CURRICULUM, Mentees(CURRICULUM, [tmp_path]).learners(), NOW)
    assert str(team.members[0].last_activity) == "2026-03-05"


def test_a_roll_up_again_validates_only_the_files_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    shared = tmp_path / "shared"
    write(shared / "a" / "tiny.json", [ev(1, "2026-03-02 09:00", "done", "a")], profile="ann")
    bob = write(shared / "b" / "tiny.json", [ev(2, "2026-03-02 09:00", "start", "b")])
    write(shared / "c" / "other.json", [], curriculum_id="other")
    parsed: list[str] = []
    real = exports.parse_mentee

    def counted(data: bytes, path: Path) -> object:
        parsed.append(path.parent.name)
        return real(data, path)

    monkeypatch.setattr("tpmpath.store.mentees.parse_mentee", counted)

    def again() -> list[tuple[str, int, int]]:
        team = rollup(CURRICULUM, Mentees(CURRICULUM, [shared], cache).learners(), NOW)
        return [(m.name, m.overall.done, m.overall.in_progress) for m in team.members]

    first = again()
    assert first == [("ann", 1, 0), ("b", 0, 1)] and parsed == ["a", "b", "c"]
    assert again() == first and parsed == ["a", "b", "c"]
    write(bob, [ev(2, "2026-03-02 09:00", "done", "b")])
    assert again() == [("ann", 1, 0), ("b", 1, 0)] and parsed[3:] == ["b"]
    bob.write_bytes(b"{")
    with pytest.raises(ProgressFileError, match="is damaged"):
        again()


def test_a_cache_that_does_not_match_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    write(tmp_path / "shared" / "tiny.json", [ev(1, "2026-03-02 09:00", "done", "a")])
    list(Mentees(CURRICULUM, [tmp_path / "shared"], cache).learners())
    (entry,) = (cache / "team").iterdir()
    assert b'"a:2:0"' in entry.read_bytes()  # done, no logs
    entry.write_bytes(entry.read_bytes().replace(b'"a:2:0"', b'"a:3:0"'))
    (found,) = Mentees(CURRICULUM, [tmp_path / "shared"], cache).learners()
    assert found.tallied is not None and found.tallied.marks == {"a": ("done", 0)}


def test_no_cache_dir_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "shared" / "tiny.json", [])
    list(Mentees(CURRICULUM, [tmp_path / "shared"], None).learners())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared"]


def folder_of_every_kind(shared: Path) -> None:
    """Nine learners of every kind a walk finds, and a file for another curriculum."""
    for n in range(6):
        profile = {"profile": f"p{n}"} if n % 2 else {}
        events = [ev(n, "2026-03-02 09:00", "done" if n % 3 else "start", "abc"[n % 3])]
        write(shared / f"l{n}" / "profiles" / "default" / "tiny.json", events, **profile)
    ident = {"profile": "maya", "learner_id": "9f" * 16}
    maya = shared / "maya" / "profiles" / "maya"
    write(maya / "tiny.json", [ev(7, "2026-03-02 09:00", "done", "a")], **ident)
    write(maya / "tiny@phone.json", [ev(8, "2026-03-03 09:00", "skip", "b")], **ident)
    write(shared / "other" / "other.json", [], curriculum_id="other")
    write(shared / "zoe-export.json", [ev(9, "2026-03-04 09:00", "start", "c")], profile="zoe")


@pytest.mark.parametrize("jobs", [2, 3])
def test_several_processes_read_what_one_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(forked, "SHARE", 2)
    monkeypatch.setattr(forked, "MIN_SHARED", 2)
    shared = tmp_path / "shared"
    folder_of_every_kind(shared)

    def team(jobs: int, cache: Path) -> tuple[list[tuple[object, ...]], list[Path]]:
        mentees = Mentees(CURRICULUM, [shared, shared / "l0"], cache, jobs=jobs)
        members = rollup(CURRICULUM, mentees.learners(), NOW).members
        rows = [(m.name, m.source, m.overall.done, m.last_activity) for m in members]
        return rows, mentees.read  # the files `-o` must not write over

    alone = team(1, tmp_path / "one")
    assert len(alone[0]) == 8 and len(alone[1]) == 10
    assert team(jobs, tmp_path / "many") == alone
    (one,), (many,) = (list((tmp_path / c / "team").iterdir()) for c in ("one", "many"))
    assert one.read_bytes() == many.read_bytes()  # the same cache, whoever read each file
    assert team(jobs, tmp_path / "many") == alone  # and read back from it


def test_several_processes_raise_the_error_one_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forked, "SHARE", 2)
    monkeypatch.setattr(forked, "MIN_SHARED", 2)
    shared = tmp_path / "shared"
    folder_of_every_kind(shared)
    (shared / "l4" / "profiles" / "default" / "tiny.json").write_bytes(b'{"curriculum_id": 1}')
    errors = []
    for jobs in (1, 2, 3):
        with pytest.raises(ProgressFileError) as caught:
            list(Mentees(CURRICULUM, [shared], jobs=jobs).learners())
        errors.append((caught.value.message, caught.value.hint))
    assert errors[0] == errors[1] == errors[2]
    assert "l4" in errors[0][0]

"""Reliability beyond `done`: two profiles linked to one file, backdated changes beside
`import --dry-run`, and `recover` and `import` killed at any moment (real processes, real locks,
SIGKILL)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.store.test_files import progress_file
from tests.store.workers import run_workers
from tpmpath.core.models import Event, Progress
from tpmpath.store import files as store


@pytest.mark.slow
def test_two_profiles_linked_to_one_file_lose_no_note(
    tmp_path: Path, tiny: Path, isolated: Path
) -> None:
    alice = store.progress_path("alice", "tiny")
    store.ensure_private_dir(alice.parent)
    bob = store.progress_path("bob", "tiny")
    store.ensure_private_dir(bob.parent)
    bob.symlink_to(alice)  # one learner's file reached through two profiles
    per, workers = 25, 4
    commands = [
        [
            ["--profile", "alice" if n % 2 else "bob", "note", "a", f"note {n}-{i}"]
            for i in range(per)
        ]
        for n in range(workers)
    ]
    reports = run_workers(tmp_path, commands)
    assert sum(r["ok"] for r in reports) == per * workers
    assert bob.is_symlink()  # the link is kept
    texts = {e.text for e in store.load(alice, "tiny").progress.events}
    assert texts == {f"note {n}-{i}" for n in range(workers) for i in range(per)}
    assert not [p.name for p in alice.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_backdated_changes_beside_import_dry_runs_lose_nothing_and_previews_change_nothing(
    tmp_path: Path, tiny: Path, isolated: Path
) -> None:
    topics = ["a", "b", "c", "d"]
    subprocess.run(
        [sys.executable, "-m", "tpmpath", "log", "talk", "first", "--no-prompt"],
        check=True,
        capture_output=True,
    )
    export = tmp_path / "export.json"
    subprocess.run(
        [sys.executable, "-m", "tpmpath", "export", "-o", str(export)],
        check=True,
        capture_output=True,
    )
    writers = [
        [["done", topic, "--date", f"2026-01-0{n + 1}", "--note", f"{topic} {n}"] for n in range(8)]
        for topic in topics
    ]
    previews = [[["import", str(export), "--dry-run"] for _ in range(12)] for _ in range(2)]
    reports = run_workers(tmp_path, [*writers, *previews])
    assert [r["failed"] for r in reports] == [0] * len(reports)
    events = store.load(progress_file(isolated), "tiny").progress.events
    done = [e for e in events if e.action == "done"]
    assert len(done) == 8 * len(topics)  # done --note always records
    assert all(e.recorded_at is not None and e.at.year == 2026 for e in done)
    assert not [e for e in events if e.action == "import"]  # a preview changes nothing


RECOVER = "import sys; sys.argv = ['tpmpath', 'recover']; from tpmpath.cli.main import main; main()"


@pytest.mark.slow
def test_recover_killed_at_any_moment_never_loses_the_last_good_copy(
    tmp_path: Path, tiny: Path, isolated: Path
) -> None:
    for args in (["done", "a"], ["done", "b"]):
        subprocess.run([sys.executable, "-m", "tpmpath", *args], check=True, capture_output=True)
    path = progress_file(isolated)
    good = store.backup_path(path).read_bytes()  # the version with `a` done
    damaged = b'{"schema_version": 2, "curriculum_id": "ti'
    rng = random.Random(13)
    for _ in range(20):
        path.write_bytes(damaged)
        store.backup_path(path).write_bytes(good)
        process = subprocess.Popen([sys.executable, "-c", RECOVER], env=os.environ.copy())
        time.sleep(rng.uniform(0.05, 0.6))  # anywhere from start-up to the end of the restore
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = path.read_bytes()  # never missing: the damaged file or the good copy
        assert now in (damaged, good)
        assert store.backup_path(path).read_bytes() == good
        for stray in path.parent.glob(".*.tmp"):
            stray.unlink()  # what a killed restore may leave (the next save removes it too)
    finished = subprocess.run(
        [sys.executable, "-c", RECOVER], env=os.environ.copy(), capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr
    assert path.read_bytes() == good


IMPORT = (
    "import sys; sys.argv = ['tpmpath', *sys.argv[1:]]; from tpmpath.cli.main import main; main()"
)


def big_export(path: Path, events: int) -> None:
    """Another learner's export of `events` notes, as `export` writes it (indented)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    notes = [
        Event(
            id=f"n{n:06d}",
            at=start + timedelta(minutes=n),
            batch=f"b{n:06d}",
            action="note",
            topic="abc"[n % 3],
            text=f"note {n}",
        )
        for n in range(events)
    ]
    progress = Progress(curriculum_id="tiny", events=notes, learner_id="e" * 32, profile="eve")
    path.write_bytes(store.serialize(progress, indent=2))


@pytest.mark.slow
def test_an_import_killed_at_any_moment_leaves_the_log_before_or_after_it(
    tmp_path: Path, tiny: Path, isolated: Path
) -> None:
    """The streamed import writes the new log in chunks: killed while it reads, merges or writes,
    the log is the one before (or, once renamed, the whole import), never part of it."""
    for args in (["done", "a"], ["note", "b", "mine"]):
        subprocess.run([sys.executable, "-m", "tpmpath", *args], check=True, capture_output=True)
    path = progress_file(isolated)
    before, backup = path.read_bytes(), store.backup_path(path).read_bytes()
    mine = [e.id for e in store.load(path, "tiny").progress.events]
    export = tmp_path / "eve.json"
    big_export(export, 20_000)
    theirs = {f"n{n:06d}" for n in range(20_000)}
    argv = [sys.executable, "-c", IMPORT, "import", str(export), "--force"]
    rng = random.Random(2026)
    outcomes = set()
    for _ in range(12):
        process = subprocess.Popen(argv, env=os.environ.copy(), stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))  # from start-up to after the rename
        process.send_signal(signal.SIGKILL)
        process.wait()
        events = store.load(path, "tiny").progress.events
        ids = [e.id for e in events]
        imported = len(ids) == len(mine) + 20_001 and events[-1].action == "import"
        imported = imported and set(ids[:-1]) == set(mine) | theirs  # the export's dated earlier
        assert ids == mine or imported, f"{len(ids)} events"
        outcomes.add(imported)
        assert store.backup_path(path).read_bytes() in (backup, before)
        for stray in path.parent.glob(".*.tmp"):
            stray.unlink()  # what a killed write may leave (the next save removes it too)
        path.write_bytes(before)
        store.backup_path(path).write_bytes(backup)
    assert False in outcomes  # some kills came before the rename

"""Real processes: concurrent writers lose nothing, and a writer killed at any moment loses nothing.

Children run `sys.executable` with the test's TPMPATH_* variables. Each child runs many commands
through the CLI app in one interpreter (built once: Typer rebuilds it on every `app()` call), so the
tests pay Python's start-up once per child, not once per command.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import Invoke
from tests.store.test_files import progress_file, temporaries
from tests.store.workers import child_env, run_workers
from tpmpath.core.progress import derive
from tpmpath.curriculum.loader import load_curriculum
from tpmpath.store import checkpoint, progress_store
from tpmpath.store import files as store
from tpmpath.store.caches import DirCache

WORKERS = 8
PER_WORKER = 50


def big_curriculum(path: Path, topics: int) -> list[str]:
    """Write a curriculum of `topics` topics in four steps; returns the topic ids."""
    ids = [f"t{n:03d}" for n in range(topics)]
    lines = ["id: big", "title: Many topics", 'version: "1"', "steps:"]
    per_step = topics // 4
    for step in range(4):
        lines += [f"  - id: s{step}", f"    title: Step {step}", "    topics:"]
        chunk = ids[step * per_step : (step + 1) * per_step]
        lines += [f"      - {{id: {topic}, title: Topic {topic}}}" for topic in chunk]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def run_concurrently(
    tmp_path: Path, *, unsafe: bool, checkpoints: bool = False
) -> tuple[int, int, int]:
    """8 processes x 50 `done` commands at once; returns (reported ok, failed, topics done)."""
    curriculum_file = tmp_path / "big.yaml"
    ids = big_curriculum(curriculum_file, WORKERS * PER_WORKER)
    # Warm the curriculum cache once, so the workers race on progress, not on the cache.
    curriculum = load_curriculum(curriculum_file, cache=DirCache(store.cache_dir()))
    extra = {"TPMPATH_CURRICULUM": str(curriculum_file)}
    if unsafe:
        extra["TPMPATH_UNSAFE_NO_LOCK"] = "1"
    if checkpoints:
        extra["TEST_CHECKPOINT_MIN_BYTES"] = "0"
    chunks = [ids[n * PER_WORKER : (n + 1) * PER_WORKER] for n in range(WORKERS)]
    reports = run_workers(tmp_path, [[["done", t] for t in chunk] for chunk in chunks], **extra)
    path = store.progress_path("default", "big")
    loaded = store.load(path, "big")  # the file is valid whatever happened
    done = sum(
        s.status == "done" for s in derive(curriculum, loaded.progress.events).states.values()
    )
    if checkpoints:  # the last writer left a checkpoint of the file as it is, and it is right
        data = path.read_bytes()
        found = checkpoint.load(store.cache_dir(), path, data, curriculum)
        assert found is not None and found.canonical
        assert found.derived() == derive(curriculum, loaded.progress.events)
    ok = sum(r["ok"] for r in reports)
    failed = sum(r["failed"] for r in reports)
    print(f"\nlock {'off' if unsafe else 'on'}: {ok} saves reported, {failed} failed, {done} kept")
    return ok, failed, done


@pytest.mark.slow
@pytest.mark.parametrize("checkpoints", [False, True], ids=["replay", "append-under-checkpoint"])
def test_concurrent_commands_lose_nothing(tmp_path: Path, checkpoints: bool) -> None:
    ok, failed, done = run_concurrently(tmp_path, unsafe=False, checkpoints=checkpoints)
    assert (ok, failed, done) == (400, 0, 400)


@pytest.mark.slow
def test_without_the_lock_concurrent_commands_lose_updates(tmp_path: Path) -> None:
    """Shows the test above tests something: the same run without the lock loses saves."""
    ok, failed, done = run_concurrently(tmp_path, unsafe=True)
    assert done < ok  # commands that reported success whose change is not in the file
    assert done < 400


# A zygote imports tpmpath once, then forks one writer per round: the writer loops
# `done --note` / `reset` (each always adds one event) and prints `saved` after each save.
ZYGOTE = r"""
import os, sys
import filelock  # imported once here rather than in every writer
from typer.main import get_command
import tpmpath.store.progress_store
from tpmpath.cli.main import app

minimum = os.environ.get("TEST_CHECKPOINT_MIN_BYTES", 1 << 18)
tpmpath.store.progress_store.CHECKPOINT_MIN_BYTES = int(minimum)

cli = get_command(app)

def run(*args):
    try:
        cli.main(list(args), prog_name="tpmpath")
    except SystemExit as exit:
        return exit.code or 0
    return 0

def write_forever():
    n = 0
    while True:
        n += 1
        if run("done", "a", "--note", f"round {n}") == 0:
            os.write(1, b"saved\n")
        if run("reset", "a") == 0:
            os.write(1, b"saved\n")

while sys.stdin.readline():
    pid = os.fork()
    if pid == 0:
        try:
            write_forever()
        finally:
            os._exit(1)
    os.write(1, f"pid {pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    os.write(1, f"dead {status}\n".encode())
"""


def lines_until(stream: IO[bytes], prefix: bytes) -> Iterator[bytes]:
    """Lines from stream up to and including the first that starts with prefix."""
    while True:
        line = stream.readline()
        assert line, "the zygote exited"
        yield line
        if line.startswith(prefix):
            return


@pytest.mark.slow
@pytest.mark.parametrize("checkpoints", [False, True], ids=["replay", "append-under-checkpoint"])
def test_a_writer_killed_at_any_moment_loses_nothing_reported_saved(
    cli: Invoke, tiny: Path, isolated: Path, checkpoints: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds = 60
    rng = random.Random(20260105)
    path = progress_file(isolated)
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=child_env(**({"TEST_CHECKPOINT_MIN_BYTES": "0"} if checkpoints else {})),
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    kept = saved_total = mid_write = 0
    try:
        for _ in range(rounds):
            zygote.stdin.write(b"go\n")
            zygote.stdin.flush()
            started = list(lines_until(zygote.stdout, b"pid "))
            started += lines_until(zygote.stdout, b"saved")  # the writer is in its loop
            time.sleep(rng.uniform(0.0, 0.05))
            pid = next(int(line.split()[1]) for line in started if line.startswith(b"pid "))
            os.kill(pid, signal.SIGKILL)
            finished = list(lines_until(zygote.stdout, b"dead "))
            assert finished[-1] == f"dead {signal.SIGKILL}\n".encode()  # killed, not crashed
            saved = (started + finished).count(b"saved\n")
            mid_write += bool(temporaries(path.parent)) if path.parent.exists() else 0

            loaded = store.load(path, "tiny")  # always loads; readers ignore stray temporaries
            events = len(loaded.progress.events)
            # Every reported save is there; at most one more landed before its report.
            assert kept + saved <= events <= kept + saved + 1
            backup = path.with_name("tiny.json.bak")
            if backup.exists():
                store.parse_progress(backup.read_bytes(), backup)
            kept, saved_total = events, saved_total + saved
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
    print(f"\n{rounds} kills, {saved_total} saves reported, {kept} kept, {mid_write} mid-write")
    if checkpoints:  # whatever checkpoint a kill left, reading with it gives what a replay gives
        monkeypatch.setattr(progress_store, "CHECKPOINT_MIN_BYTES", 0)
        with_checkpoint = cli("status", "--json").stdout
        monkeypatch.setenv("TPMPATH_NO_CACHE", "1")
        assert cli("status", "--json").stdout == with_checkpoint
        monkeypatch.delenv("TPMPATH_NO_CACHE")
    assert cli("done", "a", "--note", "after the crashes").exit_code == 0
    assert temporaries(path.parent) == []  # the next write cleaned up after the killed ones

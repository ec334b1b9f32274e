"""Real processes for the reliability tests: each worker runs its list of commands through the
CLI app in one interpreter (built once: Typer rebuilds it on every `app()` call), so a test pays
Python's start-up once per worker, not once per command; all workers start together."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

# Runs the commands given as JSON on argv[3] one after the other, starting when `go` exists.
WORKER = r"""
import json, os, sys, time
from pathlib import Path
from typer.main import get_command
import tpmpath.store.progress_store
from tpmpath.cli.main import app

# With checkpoints on even for small files, each change appends under a checkpoint.
minimum = os.environ.get("TEST_CHECKPOINT_MIN_BYTES", 1 << 18)
tpmpath.store.progress_store.CHECKPOINT_MIN_BYTES = int(minimum)

cli = get_command(app)
go, ready, commands = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
ready.touch()
while not go.exists():
    time.sleep(0.001)
ok = failed = 0
for args in commands:
    try:
        cli.main(args, prog_name="tpmpath")
    except SystemExit as exit:
        if exit.code in (0, None):
            ok += 1
        else:
            failed += 1
print(json.dumps({"ok": ok, "failed": failed}))
"""


def child_env(**extra: str) -> dict[str, str]:
    """The test's environment (data and cache dirs, curriculum) plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "TPMPATH_UNSAFE_NO_LOCK"}
    return env | {"TPMPATH_LOCK_TIMEOUT": "300"} | extra


def run_workers(
    tmp_path: Path,
    commands: list[list[list[str]]],
    *,
    each: list[dict[str, str]] | None = None,
    **env: str,
) -> list[dict[str, int]]:
    """One process per list of commands, all started at once (`env`: more variables for all,
    `each`: for each worker); what each reported: {"ok": commands that succeeded, "failed": the
    others}."""
    go = tmp_path / "go"
    readies = [tmp_path / f"ready-{n}" for n in range(len(commands))]
    extras = each or [{} for _ in commands]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(go), str(ready), json.dumps(batch)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(**env, **extra),
            text=True,
        )
        for ready, batch, extra in zip(readies, commands, extras, strict=True)
    ]
    while not all(ready.exists() for ready in readies):  # a barrier: all start together
        assert all(worker.poll() is None for worker in workers), "a worker died early"
        time.sleep(0.005)
    go.touch()
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports

"""Three devices writing at the same moment in one data dir, two processes each (real
processes, real locks): every acknowledged note is there, each log holds only its device's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.store.test_reliability_more import WORKER


def start(tmp_path: Path, device: str, n: int, commands: list[list[str]]) -> subprocess.Popen[str]:
    ready, go = tmp_path / f"ready-{device}-{n}", tmp_path / "go"
    env = os.environ | {"TPMPATH_LOCK_TIMEOUT": "300", "TPMPATH_DEVICE": device}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(go), str(ready), json.dumps(commands)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )


@pytest.mark.slow
def test_three_devices_at_once_lose_nothing(tmp_path: Path, tiny: Path, isolated: Path) -> None:
    per = 8
    plan = {
        (device, n): [["note", "a", f"{device}-{n}-{i}"] for i in range(per)]
        for device in ("laptop", "phone", "tablet")
        for n in range(2)
    }
    workers = {key: start(tmp_path, *key, commands) for key, commands in plan.items()}
    while not all((tmp_path / f"ready-{d}-{n}").exists() for d, n in plan):
        time.sleep(0.01)
    (tmp_path / "go").touch()
    acknowledged = 0
    for worker in workers.values():
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        report = json.loads(out.strip().splitlines()[-1])
        acknowledged += report["ok"]
        assert report["failed"] == 0
    assert acknowledged == 6 * per
    folder = isolated / "profiles" / "default"
    logs = sorted(p.name for p in folder.glob("*.json"))
    assert len(logs) == 3 and "tiny.json" in logs  # whoever saved first took tiny.json
    notes: set[str] = set()
    for log in logs:
        stored = json.loads((folder / log).read_text())
        devices = {e["device"] for e in stored["events"]}
        assert devices == {stored["device"]}
        notes |= {e["text"] for e in stored["events"]}
    assert notes == {f"{d}-{n}-{i}" for d, n in plan for i in range(per)}
    merged = subprocess.run(
        [sys.executable, "-m", "tpmpath", "history", "--json"],
        capture_output=True,
        text=True,
        env=os.environ | {"TPMPATH_DEVICE": "watch"},
        check=True,
    )
    assert {e["text"] for e in json.loads(merged.stdout)} == notes

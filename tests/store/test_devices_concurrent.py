"""Three devices writing at the same moment in one data dir, two processes each (real
processes, real locks): every acknowledged note is there, each log holds only its device's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.workers import run_workers


@pytest.mark.slow
def test_three_devices_at_once_lose_nothing(tmp_path: Path, tiny: Path, isolated: Path) -> None:
    per = 8
    plan = {
        (device, n): [["note", "a", f"{device}-{n}-{i}"] for i in range(per)]
        for device in ("laptop", "phone", "tablet")
        for n in range(2)
    }
    reports = run_workers(
        tmp_path, list(plan.values()), each=[{"TPMPATH_DEVICE": device} for device, _ in plan]
    )
    assert [report["failed"] for report in reports] == [0] * len(plan)
    acknowledged = sum(report["ok"] for report in reports)
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

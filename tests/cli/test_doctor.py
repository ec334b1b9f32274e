"""`doctor [--fix] [--json]`: conflicted copies of every sync engine's naming, damaged logs, a
device id used twice, a missing log with a backup, stale temporaries; --fix folds and keeps."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

ENGINES = [
    "tiny (conflicted copy 2026-11-02).json",  # Dropbox
    "tiny (Ann's conflicted copy 2026-11-02).json",  # Dropbox, another user
    "tiny.sync-conflict-20261102-101500-ABCDEFG.json",  # Syncthing
    "tiny (1).json",  # Google Drive
    "tiny 2.json",  # iCloud Drive
    "tiny-WORKLAPTOP.json",  # OneDrive
]


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch, cli: Invoke) -> Any:
    def run(device: str, *args: str) -> Any:
        monkeypatch.setenv("TPMPATH_DEVICE", device)
        return cli(*args)

    return run


def folder(data: Path) -> Path:
    return data / "profiles" / "default"


def ids(result: Any) -> dict[str, str]:
    return {t["id"]: t["status"] for t in json.loads(result.stdout)}


def diverged_copy(on: Any, isolated: Path, tmp_path: Path, name: str) -> Path:
    """Both devices wrote tiny.json: the phone's version survives as a copy with `name`."""
    on("laptop", "done", "a")
    other = tmp_path / "phone-data"
    shutil.copytree(isolated, other)
    os.environ["TPMPATH_DATA_DIR"] = str(other)
    # The phone's engine had the file before the laptop claimed it: the phone's writes go in.
    legacy = json.loads((folder(other) / "tiny.json").read_text())
    legacy.pop("device")
    (folder(other) / "tiny.json").write_text(json.dumps(legacy))
    assert on("phone", "done", "b").exit_code == 0
    assert on("phone", "note", "c", "kept on the phone only").exit_code == 0
    os.environ["TPMPATH_DATA_DIR"] = str(isolated)
    copy = folder(isolated) / name
    shutil.copy(folder(other) / "tiny.json", copy)
    return copy


def test_a_healthy_folder(on: Any, tiny: Path) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    result = on("laptop", "doctor")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "Everything is in order."
    data = json.loads(on("laptop", "doctor", "--json").stdout)
    assert data["healthy"] is True and data["findings"] == [] and data["device"] == "laptop"
    roles = [
        (Path(log["path"]).name, log["role"], log["device"], log["events"]) for log in data["logs"]
    ]
    assert roles == [("tiny.json", "own", "laptop", 1), ("tiny@phone.json", "device", "phone", 1)]


def test_nothing_recorded_yet_is_healthy_and_writes_nothing(
    on: Any, tiny: Path, isolated: Path
) -> None:
    result = on("laptop", "doctor")
    assert result.exit_code == 0
    assert not isolated.exists()


@pytest.mark.parametrize("name", ENGINES)
def test_conflicted_copies_are_read_reported_and_folded(
    on: Any, tiny: Path, isolated: Path, tmp_path: Path, name: str
) -> None:
    copy = diverged_copy(on, isolated, tmp_path, name)
    # Read at once, before anyone folds anything: nothing the phone recorded is missing.
    assert (ids(on("laptop", "list", "--json"))["a"], ids(on("laptop", "list", "--json"))["b"]) == (
        "done",
        "done",
    )
    report = on("laptop", "doctor", "--json")
    assert report.exit_code == 1
    [finding] = json.loads(report.stdout)["findings"]
    assert (finding["kind"], Path(finding["path"]).name, finding["events"]) == (
        "conflicted-copy",
        name,
        2,
    )
    text = on("laptop", "doctor")
    assert text.exit_code == 1 and "doctor --fix" in text.stdout
    assert text.stderr == "1 thing needs attention.\n"
    fixed = on("laptop", "doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert "Fixed: Folded 2 events into tiny.json" in fixed.stdout
    assert not copy.exists()
    assert copy.with_name(name + ".folded").exists()  # moved aside, never deleted
    statuses = ids(on("phone", "list", "--json"))
    assert (statuses["a"], statuses["b"]) == ("done", "done")
    notes = [
        e for e in json.loads(on("laptop", "history", "--json").stdout) if e["action"] == "note"
    ]
    assert [(n["text"], n["device"]) for n in notes] == [("kept on the phone only", "phone")]
    assert on("laptop", "doctor").exit_code == 0
    # The fold is one step, like an import.
    assert on("laptop", "undo").stderr.startswith("Undid the import of 2 events from doctor --fix")


def test_copies_of_another_engine_or_curriculum_are_left_alone(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "done", "a")
    other = {"schema_version": 3, "curriculum_id": "tiny-advanced", "events": []}
    (folder(isolated) / "tiny-advanced.json").write_text(json.dumps(other))
    assert on("laptop", "doctor").exit_code == 0


def test_damaged_logs_are_findings(on: Any, tiny: Path, isolated: Path) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    (folder(isolated) / "tiny@phone.json").write_text("{ torn")
    result = on("laptop", "doctor", "--json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["kind"] == "damaged"
    assert "another device's log" in finding["message"]
    own = on("phone", "doctor")
    assert own.exit_code == 1 and "run `tpmpath recover`" in own.stdout


def test_one_device_id_on_two_machines(on: Any, tiny: Path, isolated: Path) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    stored = json.loads((folder(isolated) / "tiny@phone.json").read_text())
    stored["device"] = "laptop"
    (folder(isolated) / "tiny@laptop.json").write_text(json.dumps(stored))
    (folder(isolated) / "tiny@phone.json").unlink()
    result = on("watch", "doctor", "--json")
    kinds = [f["kind"] for f in json.loads(result.stdout)["findings"]]
    assert (result.exit_code, kinds) == (1, ["claimed-twice"])


def test_a_missing_log_with_a_backup_and_stale_temporaries(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "done", "a")
    on("laptop", "done", "b")
    log = folder(isolated) / "tiny.json"
    stale = folder(isolated) / ".tiny.json.abcd1234.tmp"
    stale.write_text("half a write")
    hour_ago = time.time() - 7200
    os.utime(stale, (hour_ago, hour_ago))
    fresh = folder(isolated) / ".tiny.json.efgh5678.tmp"
    fresh.write_text("a write under way")
    result = on("laptop", "doctor", "--json")
    assert [f["kind"] for f in json.loads(result.stdout)["findings"]] == ["stale-temporary"]
    assert on("laptop", "doctor", "--fix").exit_code == 0
    assert not stale.exists() and fresh.exists()
    log.unlink()
    missing = on("laptop", "doctor", "--json")
    assert [f["kind"] for f in json.loads(missing.stdout)["findings"]] == ["missing"]
    assert on("laptop", "doctor", "--fix").exit_code == 1  # recover's job, said so


def test_help_has_examples(cli: Invoke) -> None:
    result = cli("doctor", "--help")
    assert result.exit_code == 0
    assert "tpmpath doctor --fix" in result.stdout


def test_a_copy_of_a_device_log_with_nothing_new_is_moved_aside(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    copy = folder(isolated) / "tiny@phone.sync-conflict-20261102-101500-ABCDEFG.json"
    shutil.copy(folder(isolated) / "tiny@phone.json", copy)
    on("phone", "done", "c")
    report = json.loads(on("laptop", "doctor", "--json").stdout)
    assert [(f["kind"], f["events"]) for f in report["findings"]] == [("conflicted-copy", 0)]
    fixed = on("phone", "doctor", "--fix")
    assert fixed.exit_code == 0
    assert "Fixed: Every event of the copies was in a log already." in fixed.stdout
    assert not copy.exists() and copy.with_name(copy.name + ".folded").exists()
    before = (folder(isolated) / "tiny@phone.json").read_bytes()
    assert on("phone", "undo").stderr.startswith("Undid 'done c'")  # no fold to undo
    assert (folder(isolated) / "tiny@phone.json").read_bytes() != before

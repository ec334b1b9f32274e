"""Several devices on one synced data dir (TPMPATH_DEVICE switched between commands): each
writes only its own log, every device sees everything, undo stays on its own device, and
nothing acknowledged is lost (issue 16)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest


def folder(data: Path) -> Path:
    return data / "profiles" / "default"


def names(data: Path) -> list[str]:
    return sorted(p.name for p in folder(data).iterdir() if p.suffix == ".json")


def statuses(result: Any) -> dict[str, str]:
    return {t["id"]: t["status"] for t in json.loads(result.stdout)}


def history(result: Any) -> list[tuple[str, str, str | None]]:
    return [(e["action"], e.get("topic", ""), e["device"]) for e in json.loads(result.stdout)]


def test_one_device_keeps_the_layout_of_today(on: Any, tiny: Path, isolated: Path) -> None:
    assert on("laptop", "done", "a").exit_code == 0
    assert names(isolated) == ["tiny.json"]
    assert on("laptop", "where").stdout == f"{folder(isolated) / 'tiny.json'}\n"
    head = json.loads((folder(isolated) / "tiny.json").read_text())
    assert (head["device"], head["events"][0]["device"]) == ("laptop", "laptop")


def test_two_devices_interleaved_see_everything(on: Any, tiny: Path, isolated: Path) -> None:
    assert on("laptop", "done", "a").exit_code == 0
    assert on("phone", "start", "c").exit_code == 0
    assert on("laptop", "skip", "b").exit_code == 0
    assert on("phone", "done", "c").exit_code == 0
    assert names(isolated) == ["tiny.json", "tiny@phone.json"]
    assert on("phone", "where").stdout.strip().endswith("tiny@phone.json")
    expected = {"a": "done", "b": "skipped", "c": "done", "talk": "todo", "d": "todo"}
    assert statuses(on("laptop", "list", "--json")) == expected
    assert statuses(on("phone", "list", "--json")) == expected
    assert history(on("laptop", "history", "--json")) == [
        ("done", "c", "phone"),
        ("skip", "b", "laptop"),
        ("start", "c", "phone"),
        ("done", "a", "laptop"),
    ]
    for name, device in (("tiny.json", "laptop"), ("tiny@phone.json", "phone")):
        stored = json.loads((folder(isolated) / name).read_text())
        assert {e["device"] for e in stored["events"]} == {device}


def test_history_shows_the_device_once_there_are_two(on: Any, tiny: Path) -> None:
    on("laptop", "done", "a")
    assert on("laptop", "history").stdout == "2026-11-02 10:01  done a\n"
    on("phone", "done", "b")
    assert on("phone", "history").stdout == (
        "2026-11-02 10:03  phone   done b\n2026-11-02 10:01  laptop  done a\n"
    )


def test_undo_never_reverts_another_devices_change(on: Any, tiny: Path) -> None:
    on("phone", "done", "c")
    on("laptop", "done", "a")
    undone = on("phone", "undo")
    assert undone.exit_code == 0, undone.stderr
    assert undone.stderr == (
        "Undid 'done c' from 2026-11-02 10:01.\n"
        "The later 'done a' was recorded on laptop and is left as it is (only that device "
        "undoes it).\n"
    )
    again = on("phone", "undo")
    assert again.exit_code == 1
    assert again.stderr.startswith(
        "Error: Nothing of this device's to undo: the last change ('done a') was recorded on "
        "laptop.\n"
    )
    assert statuses(on("watch", "list", "--json"))["a"] == "done"
    assert on("laptop", "undo").exit_code == 0
    assert statuses(on("watch", "list", "--json"))["a"] == "todo"
    assert on("watch", "undo").stderr.startswith("Error: Nothing to undo")


def test_a_log_arriving_late_is_read_and_a_review_is_not_due_again(
    on: Any, tiny: Path, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on("laptop", "done", "a")
    # The phone works on a copy of the folder the sync engine has not brought back yet.
    phone_dir = tmp_path / "phone-data"
    shutil.copytree(isolated, phone_dir)
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(phone_dir))
    later = "2026-11-20T10:00:00+00:00"
    assert on("phone", "review", "a", "--confidence", "5", now=later).exit_code == 0
    assert on("phone", "done", "b", now=later).exit_code == 0
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(isolated))
    assert [r["id"] for r in on_review(on, "2026-11-20T11:00:00+00:00")] == ["a"]  # not synced
    assert on("laptop", "start", "c", now="2026-11-20T11:00:00+00:00").exit_code == 0
    shutil.copy(folder(phone_dir) / "tiny@phone.json", folder(isolated))  # the sync, late
    assert on_review(on, "2026-11-20T12:00:00+00:00") == []  # reviewed on the phone: not due
    assert statuses(on("laptop", "list", "--json"))["b"] == "done"
    assert [a for a, _, _ in history(on("laptop", "history", "--json"))] == [
        "start",
        "done",
        "review",
        "done",
    ]


def on_review(on: Any, now: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = json.loads(on("laptop", "review", "--json", now=now).stdout)
    return result


def test_a_legacy_file_is_claimed_by_the_first_save(on: Any, tiny: Path, isolated: Path) -> None:
    legacy = folder(isolated) / "tiny.json"
    legacy.parent.mkdir(parents=True)
    event = {"id": "e1", "at": "2026-10-01T10:00:00+00:00", "batch": "b1", "action": "done"}
    document = {"schema_version": 2, "curriculum_id": "tiny", "events": [event | {"topic": "a"}]}
    legacy.write_text(json.dumps(document))
    original = legacy.read_bytes()
    assert on("laptop", "status", "--json").exit_code == 0
    assert legacy.read_bytes() == original  # reads write nothing
    assert on("laptop", "done", "b").exit_code == 0
    saved = json.loads(legacy.read_text())
    assert (saved["schema_version"], saved["device"]) == (3, "laptop")
    assert (legacy.parent / "tiny.json.v2.bak").read_bytes() == original
    assert on("laptop", "undo").exit_code == 0  # b
    assert on("laptop", "undo").exit_code == 0  # a: a legacy event in this device's own log
    assert on("phone", "done", "c").exit_code == 0
    assert names(isolated) == ["tiny.json", "tiny@phone.json"]


def test_export_is_every_device_and_import_skips_what_any_log_has(
    on: Any, tiny: Path, isolated: Path, tmp_path: Path
) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    exported = tmp_path / "all.json"
    assert on("laptop", "export", "-o", str(exported)).exit_code == 0
    document = json.loads(exported.read_text())
    assert "device" not in document
    assert [e["topic"] for e in document["events"]] == ["a", "b"]
    same = on("phone", "import", str(exported))
    assert same.exit_code == 0
    assert same.stderr.startswith(f"Nothing new to import from {exported}")
    assert on("tablet", "--profile", "other", "import", str(exported)).exit_code == 0
    other = statuses(on("tablet", "--profile", "other", "list", "--json"))
    assert (other["a"], other["b"]) == ("done", "done")
    # An import on the phone of an export with something new goes into the phone's log only.
    on("watch", "--profile", "other", "done", "c")
    exported.unlink()
    assert on("watch", "--profile", "other", "export", "-o", str(exported)).exit_code == 0
    before = (folder(isolated) / "tiny.json").read_bytes()
    assert on("phone", "import", str(exported)).exit_code == 0
    assert (folder(isolated) / "tiny.json").read_bytes() == before
    assert statuses(on("laptop", "list", "--json"))["c"] == "done"
    assert on("phone", "undo").stderr.startswith("Undid the import of 1 event")
    assert statuses(on("laptop", "list", "--json"))["c"] == "todo"


def test_a_damaged_log_of_another_device_is_skipped_with_a_warning(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    (folder(isolated) / "tiny@phone.json").write_text("{ torn by a sync")
    result = on("laptop", "list", "--json")
    assert result.exit_code == 0
    assert statuses(result)["a"] == "done"
    assert result.stderr.startswith("Warning: skipped tiny@phone.json, which cannot be read")
    assert "tpmpath doctor" in result.stderr
    assert on("laptop", "done", "c").exit_code == 0
    own = on("phone", "list", "--json")  # the phone's own log: an error, as today
    assert own.exit_code == 1 and "tpmpath recover" in own.stderr


def test_a_torn_first_log_stops_only_its_own_device(on: Any, tiny: Path, isolated: Path) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    first = folder(isolated) / "tiny.json"
    first.write_bytes(first.read_bytes()[:-20])  # torn by a sync engine
    for device in ("phone", "tablet"):
        result = on(device, "done", "c" if device == "phone" else "d")
        assert result.exit_code == 0, result.stderr
        assert result.stderr.endswith(
            "Warning: skipped tiny.json, which cannot be read; run `tpmpath doctor` for details.\n"
        )
    assert names(isolated) == ["tiny.json", "tiny@phone.json", "tiny@tablet.json"]
    assert on("laptop", "list").exit_code == 1  # the laptop's own: recover, as today


def test_curricula_and_profiles_count_every_device_once(on: Any, tiny: Path) -> None:
    on("laptop", "done", "a")
    on("phone", "done", "b")
    on("phone", "note", "b", "from the phone")
    [held] = json.loads(on("laptop", "curricula", "--json").stdout)
    assert (held["curriculum_id"], held["events"], Path(held["path"]).name) == (
        "tiny",
        3,
        "tiny.json",
    )
    [profile] = json.loads(on("laptop", "profiles", "--json").stdout)
    assert (profile["curricula"], profile["events"]) == (["tiny"], 3)
    assert profile["progress"]["done"] == 2

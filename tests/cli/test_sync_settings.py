"""The profile's settings on several devices sharing a synced data dir (TPMPATH_DEVICE switched):
each device writes only its own profile file, the newest change of each setting wins on every
device, unsets included, and sync engines' copies are read and folded by doctor (issue 16)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_sync_devices import folder
from tests.conftest import Invoke


def profile_files(data: Path) -> list[str]:
    return sorted(p.name for p in folder(data).glob("_profile*.json"))


def stored(data: Path, name: str) -> Any:
    return json.loads((folder(data) / name).read_text())


def settings(on: Any, device: str) -> Any:
    result = on(device, "config", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_two_devices_in_turn_each_write_their_own_file(on: Any, tiny: Path, isolated: Path) -> None:
    assert on("laptop", "config", "set", "hours-per-week", "5").exit_code == 0  # 10:01
    assert on("phone", "config", "set", "hours-per-week", "6").exit_code == 0  # 10:02
    assert on("laptop", "config", "set", "target-date", "2027-03-31").exit_code == 0  # 10:03
    expected = {"hours-per-week": 6, "target-date": "2027-03-31"}
    assert settings(on, "laptop") == settings(on, "phone") == expected
    assert on("laptop", "config", "unset", "hours-per-week").exit_code == 0  # 10:06
    assert settings(on, "phone") == settings(on, "laptop") == {**expected, "hours-per-week": None}
    assert profile_files(isolated) == ["_profile.json", "_profile@phone.json"]
    assert stored(isolated, "_profile.json") == {
        "schema_version": 2,
        "device": "laptop",
        "settings": {"target_date": "2027-03-31"},
        "changed": {
            "hours_per_week": "2026-11-02T10:06:00Z",  # unset: a change to nothing
            "target_date": "2026-11-02T10:03:00Z",
        },
    }
    assert stored(isolated, "_profile@phone.json") == {  # only what the phone wrote
        "schema_version": 2,
        "device": "phone",
        "settings": {"hours_per_week": 6.0},
        "changed": {"hours_per_week": "2026-11-02T10:02:00Z"},
    }
    # The phone sets it again: newer than the laptop's unset.
    assert on("phone", "config", "set", "hours-per-week", "3").exit_code == 0
    assert settings(on, "laptop")["hours-per-week"] == 3


def test_three_devices_the_newest_change_wins_everywhere(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "config", "set", "hours-per-week", "5", now="2026-11-02T09:00:00+00:00")
    # The tablet has not received the phone's file yet when it changes the setting, earlier.
    on("phone", "config", "set", "hours-per-week", "8", now="2026-11-02T11:00:00+00:00")
    away = folder(isolated) / "_profile@phone.json"
    hidden = isolated / "phone-not-synced-yet.json"
    shutil.move(away, hidden)
    on("tablet", "config", "set", "hours-per-week", "2", now="2026-11-02T10:00:00+00:00")
    on("tablet", "config", "set", "target-date", "2027-01-31", now="2026-11-02T10:00:00+00:00")
    shutil.move(hidden, away)  # it arrives
    for device in ("laptop", "phone", "tablet"):
        assert settings(on, device) == {"hours-per-week": 8, "target-date": "2027-01-31"}
    assert profile_files(isolated) == [
        "_profile.json",
        "_profile@phone.json",
        "_profile@tablet.json",
    ]
    for name, device in [("_profile@phone.json", "phone"), ("_profile@tablet.json", "tablet")]:
        assert stored(isolated, name)["device"] == device


def test_a_change_made_after_another_wins_even_with_a_slow_clock(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "config", "set", "hours-per-week", "5", now="2026-11-02T12:00:00+00:00")
    # The phone's clock is an hour behind; it saw 5 and changed it: its change is the newer.
    assert on("phone", "config", "unset", "hours-per-week", now="2026-11-02T11:00:00+00:00").stderr
    assert settings(on, "laptop")["hours-per-week"] is None
    changed = stored(isolated, "_profile@phone.json")["changed"]
    assert changed == {"hours_per_week": "2026-11-02T12:00:00.000001Z"}  # a tick after the 5


def test_ties_go_to_the_later_file_name_on_every_device(
    on: Any, tiny: Path, isolated: Path
) -> None:
    folder(isolated).mkdir(parents=True)
    for name, device, hours in [
        ("_profile.json", "laptop", 5.0),
        ("_profile@phone.json", "phone", 7.0),
    ]:
        document = {
            "schema_version": 2,
            "device": device,
            "settings": {"hours_per_week": hours},
            "changed": {"hours_per_week": "2026-11-02T12:00:00Z"},  # at the same moment
        }
        (folder(isolated) / name).write_text(json.dumps(document))
    for device in ("laptop", "phone", "tablet"):  # '@' sorts after '.'
        assert settings(on, device)["hours-per-week"] == 7


def test_a_v1_profile_file_is_claimed_by_the_first_write(
    on: Any, tiny: Path, isolated: Path
) -> None:
    folder(isolated).mkdir(parents=True)
    legacy = {"schema_version": 1, "settings": {"hours_per_week": 3.0}}
    (folder(isolated) / "_profile.json").write_text(json.dumps(legacy))
    assert settings(on, "phone")["hours-per-week"] == 3  # read as it is
    assert profile_files(isolated) == ["_profile.json"]  # a read wrote nothing
    assert on("laptop", "config", "set", "target-date", "2027-03-31").exit_code == 0
    assert stored(isolated, "_profile.json") == {
        "schema_version": 2,
        "device": "laptop",
        "settings": {"hours_per_week": 3.0, "target_date": "2027-03-31"},
        "changed": {
            "hours_per_week": "1970-01-01T00:00:00Z",
            "target_date": "2026-11-02T10:02:00Z",
        },
    }
    on("phone", "config", "set", "hours-per-week", "7")
    assert settings(on, "laptop") == {"hours-per-week": 7, "target-date": "2027-03-31"}
    assert stored(isolated, "_profile@phone.json")["settings"] == {"hours_per_week": 7.0}


def test_a_newer_profile_schema_is_refused_clearly(on: Any, tiny: Path, isolated: Path) -> None:
    folder(isolated).mkdir(parents=True)
    (folder(isolated) / "_profile.json").write_text('{"schema_version": 3, "device": "laptop"}')
    result = on("laptop", "config", "list")
    assert result.exit_code == 1
    assert "written by a newer tpmpath (profile schema 3" in result.stderr
    assert "Traceback" not in result.output


def test_conflicted_copies_are_read_and_folded_by_doctor(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "config", "set", "hours-per-week", "5", now="2026-11-02T09:00:00+00:00")
    on("laptop", "done", "a")
    copy = {
        "schema_version": 2,
        "device": "laptop",
        "settings": {"hours_per_week": 9.0, "target_date": "2027-05-01"},
        "changed": {
            "hours_per_week": "2026-11-02T09:30:00Z",
            "target_date": "2026-11-02T08:00:00Z",
        },
    }
    name = "_profile (conflicted copy 2026-11-02).json"
    (folder(isolated) / name).write_text(json.dumps(copy))
    before = settings(on, "phone")
    assert before == {"hours-per-week": 9, "target-date": "2027-05-01"}
    checked = on("laptop", "doctor", "--json")
    assert checked.exit_code == 1
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["kind"], Path(f["path"]).name) for f in findings] == [("conflicted-copy", name)]
    assert "newest hours-per-week, target-date" in findings[0]["message"]
    fixed = on("laptop", "doctor", "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert "Folded the setting(s) hours-per-week, target-date into _profile.json." in fixed.stdout
    assert profile_files(isolated) == ["_profile.json"]
    assert (folder(isolated) / f"{name}.folded").exists()
    assert settings(on, "phone") == before  # nothing in force changed
    assert stored(isolated, "_profile.json")["changed"] == copy["changed"]
    assert on("laptop", "doctor").exit_code == 0


def test_a_damaged_profile_file_of_another_device_is_skipped_with_a_warning(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "config", "set", "hours-per-week", "5")
    (folder(isolated) / "_profile@phone.json").write_text("{oops")
    result = on("laptop", "config", "list", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["hours-per-week"] == 5
    assert result.stderr == (
        "Warning: skipped _profile@phone.json, which cannot be read; "
        "run `tpmpath doctor` for details.\n"
    )
    doctor = json.loads(on("laptop", "doctor", "--json").stdout)
    assert [(f["kind"], Path(f["path"]).name) for f in doctor["findings"]] == [
        ("damaged", "_profile@phone.json")
    ]
    # The phone's own file is its own: damaged, it is an error there, not skipped.
    assert on("phone", "config", "list").exit_code == 1


def test_undoing_an_import_on_one_device_unsets_what_it_filled_everywhere(
    on: Any, tiny: Path, isolated: Path, tmp_path: Path
) -> None:
    on("laptop", "done", "a")
    on("laptop", "config", "set", "target-date", "2027-03-31")
    exported = json.loads(on("laptop", "export").stdout)
    exported["settings"] = {"hours_per_week": 4.0, "target_date": "2027-09-01"}
    incoming = tmp_path / "incoming.json"
    incoming.write_text(json.dumps(exported))
    assert on("phone", "import", str(incoming)).exit_code == 0
    assert settings(on, "laptop") == {"hours-per-week": 4, "target-date": "2027-03-31"}
    assert stored(isolated, "_profile@phone.json")["settings"] == {"hours_per_week": 4.0}
    assert on("phone", "undo").exit_code == 0
    assert settings(on, "laptop") == {"hours-per-week": None, "target-date": "2027-03-31"}
    assert stored(isolated, "_profile@phone.json")["settings"] == {}
    assert set(stored(isolated, "_profile@phone.json")["changed"]) == {"hours_per_week"}


def test_profiles_and_curricula_do_not_count_profile_files(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "done", "a")
    on("phone", "config", "set", "hours-per-week", "5")
    (folder(isolated) / "_profile.sync-conflict-20261102-1.json").write_text("{}")
    result = on("laptop", "profiles", "--json")
    assert result.exit_code == 0, result.output
    assert "_profile" not in result.stdout


def test_where_names_one_file_before_the_first_write(
    monkeypatch: pytest.MonkeyPatch, cli: Invoke, tiny: Path, isolated: Path
) -> None:
    assert cli("done", "a").exit_code == 0  # tiny.json is test-device's
    monkeypatch.delenv("TPMPATH_DEVICE")
    from tpmpath.store import devices

    devices._proposed.cache_clear()
    first = cli("where").stdout
    assert "tiny@" in first
    devices._proposed.cache_clear()  # as a new process would
    assert cli("where").stdout == first
    assert not devices.device_file().exists()


def test_a_copy_that_brings_nothing_new_is_only_moved_aside(
    on: Any, tiny: Path, isolated: Path
) -> None:
    on("laptop", "config", "set", "hours-per-week", "5")
    on("phone", "config", "set", "target-date", "2027-05-01")
    phone = folder(isolated) / "_profile@phone.json"
    copy = folder(isolated) / "_profile@phone.sync-conflict-20261102-1.json"
    shutil.copy(phone, copy)
    laptop = (folder(isolated) / "_profile.json").read_bytes()
    findings = json.loads(on("laptop", "doctor", "--json").stdout)["findings"]
    assert [f["message"] for f in findings] == [
        f"{copy.name} is a copy a sync engine made when two devices wrote one profile file "
        "(settings); nothing in it is newer. `tpmpath doctor --fix` folds it in."
    ]
    fixed = json.loads(on("laptop", "doctor", "--fix", "--json").stdout)
    assert fixed["fixed"] == [f"Moved {copy.name} aside as {copy.name}.folded."]
    assert (folder(isolated) / "_profile.json").read_bytes() == laptop  # nothing to fold
    assert settings(on, "laptop") == {"hours-per-week": 5, "target-date": "2027-05-01"}

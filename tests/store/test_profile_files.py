"""store.profile_files: one profile file per device, each setting from the file that changed it
last; and devices setting and unsetting at the same moment (real processes, real locks)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.store.workers import run_workers
from tpmpath.core.models import Settings
from tpmpath.errors import ProgressFileError
from tpmpath.store import profile_files as pf

T = datetime(2026, 11, 2, 10, tzinfo=UTC)


def set_hours(hours: float | None) -> Callable[[Settings], Settings]:
    return lambda s: s.model_copy(update={"hours_per_week": hours})


def test_the_first_device_takes_the_free_file_the_others_their_own(tmp_path: Path) -> None:
    base = tmp_path / "p" / "_profile.json"
    assert pf.read(base, "laptop") == (None, [])
    assert pf.change(base, "laptop", set_hours(5), Settings(), T)
    assert pf.own_file(base, "laptop") == base
    assert pf.own_file(base, "phone") == base.with_name("_profile@phone.json")
    assert not pf.change(base, "phone", set_hours(5), Settings(), T)  # already 5: nothing written
    assert not base.with_name("_profile@phone.json").exists()
    assert pf.change(base, "phone", set_hours(None), Settings(), T)
    assert pf.read(base, "laptop") == (Settings(), [])
    phone = pf.parse(base.with_name("_profile@phone.json").read_bytes(), base)
    assert (phone.device, phone.settings, phone.changed) == (
        "phone",
        Settings(),
        {"hours_per_week": T + pf.TICK},  # after the laptop's 5, made at the same moment
    )


def test_settings_an_older_tpmpath_kept_with_the_progress_go_into_the_first_file(
    tmp_path: Path,
) -> None:
    base = tmp_path / "p" / "_profile.json"
    older = Settings(hours_per_week=3)
    assert pf.change(
        base, "laptop", lambda s: s.model_copy(update={"target_date": T.date()}), older, T
    )
    document = pf.parse(base.read_bytes(), base)
    assert document.settings == Settings(hours_per_week=3, target_date=T.date())
    assert document.changed == {"hours_per_week": pf.EPOCH, "target_date": T}


@pytest.mark.parametrize(
    ("content", "mine"),
    [
        (b"{oops", "_profile.json"),  # damaged, naming nobody: this device's (it is told)
        (b'{"device": "phone", oops', "_profile@laptop.json"),  # another's damage
        (b'{"schema_version": 2, "device": "phone"}', "_profile@laptop.json"),
        (b'{"schema_version": 1, "settings": {}}', "_profile.json"),  # unclaimed: claimed
    ],
)
def test_whose_the_first_file_is(tmp_path: Path, content: bytes, mine: str) -> None:
    base = tmp_path / "_profile.json"
    base.write_bytes(content)
    assert pf.own_file(base, "laptop").name == mine


def test_a_damaged_own_file_is_an_error_another_is_skipped(tmp_path: Path) -> None:
    base = tmp_path / "_profile.json"
    base.write_bytes(b'{"schema_version": 2, "device": "laptop", "changed": {"colour": 1}}')
    with pytest.raises(ProgressFileError, match="is damaged"):
        pf.read(base, "laptop")
    settings, warnings = pf.read(base, "phone")
    assert settings is None  # nothing readable
    assert warnings == [
        "Warning: skipped _profile.json, which cannot be read; run `tpmpath doctor` for details."
    ]


@pytest.mark.slow
@pytest.mark.parametrize("count", [2, 3])
def test_devices_setting_at_once_agree_and_keep_to_their_files(
    tmp_path: Path, tiny: Path, isolated: Path, count: int
) -> None:
    devices = ["laptop", "phone", "tablet"][:count]
    per = 6
    commands = []
    for n in range(len(devices)):
        steps = []
        for i in range(per):
            if i % 3 == 2:
                steps.append(["config", "unset", "hours-per-week"])
            else:
                steps.append(["config", "set", "hours-per-week", str(10 * (n + 1) + i)])
            steps.append(["config", "set", "target-date", f"2027-0{n + 1}-1{i}"])
        commands.append(steps)
    each = [
        {"TPMPATH_DEVICE": d, "TPMPATH_NOW": f"2026-11-02T10:0{n}:00+00:00"}
        for n, d in enumerate(devices)
    ]
    reports = run_workers(tmp_path, commands, each=each)
    assert [r["failed"] for r in reports] == [0] * count
    folder = isolated / "profiles" / "default"
    names = sorted(p.name for p in folder.glob("_profile*.json"))
    assert len(names) == count and "_profile.json" in names  # no copies: no file written by two
    documents: dict[str, Any] = {}
    by_name: dict[str, Any] = {}
    for name in names:
        document = json.loads((folder / name).read_text())
        assert name in ("_profile.json", f"_profile@{document['device']}.json")
        documents[document["device"]] = by_name[name] = document
    assert set(documents) == set(devices)
    # Each file holds values its own device set only.
    for n, device in enumerate(devices):
        settings = documents[device]["settings"]
        assert settings.get("hours_per_week", 0) in {0, *(10 * (n + 1) + i for i in range(per))}
        assert settings["target_date"].startswith(f"2027-0{n + 1}-1")
    # Every device reads the same: each setting's newest change, whichever file has it.
    read = {d: pf.read(folder / "_profile.json", d)[0] for d in devices}
    assert len({repr(s) for s in read.values()}) == 1
    in_force = read["laptop"]
    assert in_force is not None
    for key in ("hours_per_week", "target_date"):
        newest = max(
            (datetime.fromisoformat(doc["changed"][key]), name, doc["settings"].get(key))
            for name, doc in (
                (n, documents[json.loads((folder / n).read_text())["device"]]) for n in names
            )
            if key in doc["changed"]
        )
        value = getattr(in_force, key)
        assert (None if value is None else str(value)) == (
            None if newest[2] is None else str(newest[2])
        )


@pytest.mark.parametrize(
    "content",
    [
        b"[]",
        b'{"schema_version": 2, "changed": {"colour": "2026-11-02T10:00:00Z"}}',
        b'{"schema_version": 2, "changed": {"target_date": "2026-11-02T10:00:00"}}',  # no zone
        b'{"schema_version": 2, "changed": {"target_date": 5}}',
        b'{"schema_version": 2, "changed": []}',
        b'{"schema_version": 2, "device": ""}',
        b'{"schema_version": 2, "settings": {"hours_per_week": 0}}',
        b'{"schema_version": 2, "extra": 1}',
        b'{"schema_version": 1, "settings": {}, "device": "x"}',
        b'{"schema_version": 0}',
    ],
)
def test_what_is_no_profile_file(content: bytes) -> None:
    with pytest.raises(ProgressFileError, match="is damaged"):
        pf.parse(content, Path("_profile.json"))


def test_a_file_round_trips(tmp_path: Path) -> None:
    document = pf.Document("phone", Settings(hours_per_week=2.5), {"hours_per_week": T})
    again = pf.parse(pf.dump(document), tmp_path)
    assert (again.device, again.settings, again.changed) == (
        "phone",
        document.settings,
        {"hours_per_week": T},
    )
    assert b'"hours_per_week": "2026-11-02T10:00:00Z"' in pf.dump(document)


def test_folding_a_copy_keeps_the_settings_in_force_even_on_a_tie(tmp_path: Path) -> None:
    base = tmp_path / "_profile.json"
    laptop = pf.Document("laptop", Settings(), {})
    phone = pf.Document("phone", Settings(hours_per_week=4), {"hours_per_week": T})
    copy = pf.Document("phone", Settings(hours_per_week=6), {"hours_per_week": T})  # same moment
    base.write_bytes(pf.dump(laptop))
    base.with_name("_profile@phone.json").write_bytes(pf.dump(phone))
    copy_path = base.with_name("_profile@phone.sync-conflict-1.json")  # sorts last: it wins
    copy_path.write_bytes(pf.dump(copy))
    assert pf.read(base, "laptop")[0] == Settings(hours_per_week=6)
    assert pf.fold(base, "laptop", [copy_path]) == ["hours_per_week"]
    copy_path.unlink()
    assert pf.read(base, "laptop")[0] == Settings(hours_per_week=6)  # not the phone's 4
    assert pf.parse(base.read_bytes(), base).changed == {"hours_per_week": T + pf.TICK}

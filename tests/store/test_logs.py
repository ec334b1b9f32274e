"""store.logs: which files are a progress's logs and copies, and which one this device writes;
core.changes.merge_logs: the order rule for N logs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tpmpath.core.changes import merge_logs
from tpmpath.core.models import Event, Progress
from tpmpath.store import logs
from tpmpath.store.layout import serialize

BASE = Path("/data/profiles/p/tpm-path.json")


@pytest.mark.parametrize(
    ("name", "kind", "named"),
    [
        ("tpm-path.json", "log", None),
        ("tpm-path@laptop-1a2b.json", "log", "laptop-1a2b"),
        ("tpm-path (conflicted copy 2026-12-01).json", "copy", None),
        ("tpm-path (Ann's conflicted copy 2026-12-01).json", "copy", None),
        ("tpm-path.sync-conflict-20261201-101010-ABCDEFG.json", "copy", None),
        ("tpm-path (1).json", "copy", None),
        ("tpm-path 2.json", "copy", None),
        ("tpm-path-LAPTOP.json", "copy", None),
        ("tpm-path@phone (conflicted copy 2026-12-01).json", "copy", None),
        ("tpm-path@phone.sync-conflict-20261201-101010-ABCDEFG.json", "copy", None),
        ("tpm-path@phone 2.json", "copy", None),
    ],
)
def test_names_that_are_logs_or_copies(name: str, kind: str, named: str | None) -> None:
    found = logs.classify(BASE, name)
    assert found is not None
    assert (found.path.name, found.kind, found.named) == (name, kind, named)


@pytest.mark.parametrize(
    "name",
    [
        "tpm-path.json.bak",
        "tpm-path.json.lock",
        "tpm-path.json.v2.bak",
        ".tpm-path.json.abcd1234.tmp",
        "_profile.json",
        "other.json",
        "tpm-path (conflicted copy).json.folded",
        "tpm-path@bad@name.json",
        "tpm.json",
    ],
)
def test_names_that_are_neither(name: str) -> None:
    assert logs.classify(BASE, name) is None


def write(path: Path, device: str | None, curriculum: str = "tiny", events: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    at = datetime(2026, 11, 1, tzinfo=UTC)
    progress = Progress(
        curriculum_id=curriculum,
        device=device,
        events=[
            Event(id=f"{device}-{n}", at=at, batch=f"{device}-{n}", action="done", topic="a")
            for n in range(events)
        ],
    )
    path.write_bytes(serialize(progress))
    return path


@pytest.mark.parametrize(
    ("head", "own"),
    [
        ("absent", "tiny.json"),
        (None, "tiny.json"),  # a file from before devices: this device claims it
        ("me", "tiny.json"),
        ("other", "tiny@me.json"),
    ],
)
def test_the_own_log(tmp_path: Path, head: str | None, own: str) -> None:
    base = tmp_path / "tiny.json"
    if head != "absent":
        write(base, head)
    assert logs.own_log(base, "me") == tmp_path / own


def test_a_damaged_first_log_is_this_devices_unless_it_has_its_own(tmp_path: Path) -> None:
    base = tmp_path / "tiny.json"
    base.write_text("{ damaged")
    assert logs.own_log(base, "me") == base
    write(tmp_path / "tiny@me.json", "me")
    assert logs.own_log(base, "me") == tmp_path / "tiny@me.json"


def test_a_damaged_first_log_that_names_another_device_is_not_this_ones(tmp_path: Path) -> None:
    base = tmp_path / "tiny.json"
    base.write_text('{"schema_version":3,"curriculum_id":"tiny","device":"laptop","events":[\n{')
    assert logs.own_log(base, "phone") == tmp_path / "tiny@phone.json"
    assert logs.own_log(base, "laptop") == base


def test_others_are_confirmed_by_their_curriculum(tmp_path: Path) -> None:
    base = write(tmp_path / "tiny.json", "me", events=1)
    write(tmp_path / "tiny@phone.json", "phone")
    write(tmp_path / "tiny-big.json", None, curriculum="tiny-big")  # another curriculum
    write(tmp_path / "tiny (1).json", "phone")
    (tmp_path / "tiny 2.json").write_text('{"curriculum_id":"tiny", damaged')
    (tmp_path / "tiny-other.json").write_text("not ours, damaged")
    good, bad = logs.others(base, base, "tiny")
    assert [log.path.name for log in good] == ["tiny (1).json", "tiny@phone.json"]
    assert [log.path.name for log, _ in bad] == ["tiny 2.json"]


def event(n: str, minute: int) -> Event:
    at = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=minute)
    return Event(id=n, at=at, batch=n, action="log", topic="t")


def test_merge_logs_keeps_each_logs_order_and_takes_each_event_once() -> None:
    laptop = [event("l1", 1), event("l2", 5), event("back", 2)]  # the clock went back
    phone = [event("p1", 3), event("l2", 5), event("p2", 4)]
    watch = [event("w1", 0)]
    merged = [e.id for e in merge_logs([laptop, phone, watch])]
    assert merged == ["w1", "l1", "p1", "p2", "l2", "back"]
    assert sorted(merged) == sorted({"l1", "l2", "back", "p1", "p2", "w1"})
    # Each log's own events keep their order (phone's copy of l2 is laptop's event).
    for log in (laptop, [phone[0], phone[2]], watch):
        positions = [merged.index(e.id) for e in log]
        assert positions == sorted(positions)
    assert merge_logs([]) == []


def test_the_device_file_is_never_read_as_a_log(tmp_path: Path) -> None:
    base = write(tmp_path / "tiny.json", "me")
    (tmp_path / "_profile.json").write_text(json.dumps({"schema_version": 1, "settings": {}}))
    assert logs.others(base, base, "tiny") == ([], [])

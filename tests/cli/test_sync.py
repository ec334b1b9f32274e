"""`tpmpath sync` end to end: two devices (two clones of one bare remote), and every failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.gitrepos import bare_remote, deterministic_git, device_repo, git

NOW = "2026-03-02T09:00:00+00:00"


@pytest.fixture(autouse=True)
def _git(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    deterministic_git(monkeypatch)
    monkeypatch.setenv("TPMPATH_NOW", NOW)


class Device:
    """A device: its own data dir (a clone) and TPMPATH_DEVICE, set for each command it runs."""

    def __init__(self, cli: Invoke, mp: pytest.MonkeyPatch, name: str, data: Path) -> None:
        self.cli, self.mp, self.name, self.data = cli, mp, name, data

    def __call__(self, *args: str, code: int = 0) -> tuple[str, str]:
        self.mp.setenv("TPMPATH_DATA_DIR", str(self.data))
        self.mp.setenv("TPMPATH_DEVICE", self.name)
        result = self.cli(*args)
        assert result.exit_code == code, result.stderr
        return result.stdout, result.stderr

    def statuses(self, profile: str) -> dict[str, str]:
        out, _ = self("--profile", profile, "list", "--json")
        return {topic["id"]: topic["status"] for topic in json.loads(out)}

    def own_file(self, profile: str) -> str:
        out, _ = self("--profile", profile, "where")
        return str(Path(out.strip()).relative_to(self.data))


def test_two_devices_sync_through_one_remote_and_nothing_is_lost(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    remote = bare_remote(tmp_path)
    laptop = Device(cli, monkeypatch, "laptop", device_repo(tmp_path, "laptop", remote))
    a = b = "default"  # one learner on both devices: each writes a log of its own

    laptop("--profile", a, "done", "a")
    out, err = laptop("sync")
    assert out == ""
    assert err.startswith("Committed 2 files: .gitignore, profiles/") and "(" in err
    assert err.endswith("Pushed to origin/main.\n")
    assert git(tmp_path, "--git-dir", str(remote), "log", "--format=%s") == (
        "tpmpath: laptop 2026-03-02 09:00\n"
    )

    git(tmp_path, "clone", "--quiet", str(remote), "phone")
    phone = Device(cli, monkeypatch, "phone", tmp_path / "phone")
    _, err = phone("sync")
    assert err == "Already in sync with origin/main.\n"
    assert phone.statuses(a)["a"] == "done"

    laptop("--profile", a, "start", "b")
    phone("--profile", b, "done", "c")
    assert laptop.own_file(a) == "profiles/default/tiny.json"
    assert phone.own_file(b) == "profiles/default/tiny@phone.json"
    out, _ = phone("sync", "--json")
    document = json.loads(out)
    assert document["pushed"] is True and document["pulled"] == []
    assert document["committed"] == [phone.own_file(b)]
    _, err = laptop("sync")
    assert f"Brought in 1 file: {phone.own_file(b)} from origin/main." in err
    phone("sync")

    for device in (laptop, phone):
        assert device.statuses(a)["b"] == "in_progress"
        assert device.statuses(b)["c"] == "done"
        assert device.statuses(a)["a"] == "done"
        assert git(device.data, "status", "--porcelain") == ""
    subjects = git(tmp_path, "--git-dir", str(remote), "log", "--format=%s").splitlines()
    assert subjects == [
        "tpmpath: laptop 2026-03-02 09:00",
        "tpmpath: phone 2026-03-02 09:00",
        "tpmpath: laptop 2026-03-02 09:00",
    ]


def test_locks_backups_and_temporaries_stay_on_the_device(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    laptop = Device(
        cli, monkeypatch, "laptop", device_repo(tmp_path, "laptop", bare_remote(tmp_path))
    )
    laptop("done", "a")
    laptop("done", "b")  # a second save leaves a .bak beside the file
    profile = laptop.data / "profiles" / "default"
    (profile / ".tiny.json.abcd1234.tmp").write_text("half")
    (profile / "tiny.json.corrupt-20260302").write_text("{")
    laptop("sync")
    tracked = git(laptop.data, "ls-files").split()
    assert tracked == [".gitignore", "profiles/default/tiny.json"]
    assert git(laptop.data, "status", "--porcelain", "--ignored").count("!!") >= 3


def test_the_users_gitignore_is_kept_and_completed(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    laptop = Device(
        cli, monkeypatch, "laptop", device_repo(tmp_path, "laptop", bare_remote(tmp_path))
    )
    (laptop.data / ".gitignore").write_text("notes/\n*.lock")
    laptop("sync")
    lines = (laptop.data / ".gitignore").read_text().splitlines()
    assert lines[:3] == ["notes/", "*.lock", "# tpmpath sync: files that stay on this device"]
    assert "*.tmp" in lines and lines.count("*.lock") == 1
    before = (laptop.data / ".gitignore").read_bytes()
    laptop("sync")
    assert (laptop.data / ".gitignore").read_bytes() == before


def test_a_data_dir_inside_a_larger_repository_syncs_only_itself(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = device_repo(tmp_path, "home", bare_remote(tmp_path))
    (home / "todo.txt").write_text("mine, not tpmpath's")
    git(home, "add", "todo.txt")  # staged by the user: not tpmpath's to commit
    laptop = Device(cli, monkeypatch, "laptop", home / "tpmpath")
    laptop("done", "a")
    laptop("sync")
    assert git(home, "show", "--name-only", "--format=", "HEAD").split() == [
        "tpmpath/.gitignore",
        "tpmpath/profiles/default/tiny.json",
    ]
    assert git(home, "status", "--porcelain").split() == ["A", "todo.txt"]

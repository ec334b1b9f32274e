"""store.gitsync: each way a sync fails says why, exits 1, and loses or half-does nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.gitrepos import bare_remote, deterministic_git, device_repo, git, snapshot
from tpmpath.store.gitsync import git_said

NOW = "2026-03-02T09:00:00+00:00"


@pytest.fixture(autouse=True)
def _git(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    deterministic_git(monkeypatch)
    monkeypatch.setenv("TPMPATH_NOW", NOW)


def _recorded(cli: Invoke, monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(data))
    assert cli("done", "a").exit_code == 0


def _fails(cli: Invoke, data: Path, *lines: str, same: bool = True) -> str:
    """`sync` exits 1 and says each of `lines`; its stderr, on one line. `same`: the data dir,
    its repository included, is byte-identical after (unless the message says a commit was
    kept)."""
    before = snapshot(data) if data.exists() else None
    result = cli("sync")
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    said = " ".join(result.stderr.split())
    for line in lines:
        assert line in said, said
    assert "Traceback" not in result.stderr
    if before is not None and same and "committed" not in said:
        assert snapshot(data) == before
    return said


def test_not_a_git_repository_says_how_to_set_one_up(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    _recorded(cli, monkeypatch, isolated)
    _fails(
        cli,
        isolated,
        f"{isolated} is not a git repository.",
        "git init",
        "git remote add origin URL",
    )
    assert not (isolated / ".gitignore").exists()


def test_no_data_dir_yet(cli: Invoke, isolated: Path) -> None:
    _fails(cli, isolated, "does not exist yet")


def test_git_not_installed(cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = device_repo(tmp_path, "laptop", bare_remote(tmp_path))
    _recorded(cli, monkeypatch, data)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    _fails(cli, data, "runs git, which is not installed", "Install git")


def test_no_remote(cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = device_repo(tmp_path, "laptop", None)
    _recorded(cli, monkeypatch, data)
    _fails(cli, data, "has no remote to sync with", "git remote add origin URL")


def test_several_remotes_and_no_upstream(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = device_repo(tmp_path, "laptop", bare_remote(tmp_path))
    git(data, "remote", "add", "backup", str(tmp_path / "elsewhere.git"))
    _recorded(cli, monkeypatch, data)
    _fails(
        cli,
        data,
        "The branch 'main' has no upstream, and there are several remotes (backup, origin).",
        "git push -u backup main",
    )


def test_an_unreachable_remote_keeps_the_commit_and_the_next_sync_pushes_it(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    remote = bare_remote(tmp_path)
    data = device_repo(tmp_path, "laptop", tmp_path / "gone.git")
    _recorded(cli, monkeypatch, data)
    said = _fails(
        cli,
        data,
        "Cannot reach the remote 'origin': fatal: '",
        "does not appear to be a git repository",
        "Your changes are committed",
    )
    assert "gone.git" in said
    assert git(data, "status", "--porcelain") == ""
    assert git(data, "log", "--format=%s") == "tpmpath: " + git_host_line(data)
    git(data, "remote", "set-url", "origin", str(remote))
    assert cli("sync").exit_code == 0
    assert git(remote, "ls-tree", "-r", "--name-only", "main").split() == [
        ".gitignore",
        "profiles/default/tiny.json",
    ]


def git_host_line(data: Path) -> str:
    """The subject of the one commit there, after `tpmpath: ` (the device, the time)."""
    subject = git(data, "log", "--format=%s")
    assert subject.startswith("tpmpath: ") and subject.endswith(" 2026-03-02 09:00\n")
    return subject.removeprefix("tpmpath: ")


def test_a_refused_push_reports_what_git_said(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    remote = bare_remote(tmp_path)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'Permission to remote.git denied to test.' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    data = device_repo(tmp_path, "laptop", remote)
    _recorded(cli, monkeypatch, data)
    _fails(cli, data, "Cannot push to the remote 'origin': error: failed to push some refs")
    assert git(data, "status", "--porcelain") == ""
    assert len(git(data, "log", "--format=%h").split()) == 1


def test_a_file_changed_on_both_devices_is_named_and_the_rebase_undone(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    remote = bare_remote(tmp_path)
    laptop = device_repo(tmp_path, "laptop", remote)
    _recorded(cli, monkeypatch, laptop)
    assert cli("sync").exit_code == 0
    git(tmp_path, "clone", "--quiet", str(remote), "phone")
    phone = tmp_path / "phone"
    shared = Path("profiles") / "default" / "notes.md"
    for data, text in ((phone, "from the phone\n"), (laptop, "from the laptop\n")):
        (data / shared).write_text(text)
        monkeypatch.setenv("TPMPATH_DATA_DIR", str(data))
        if data == phone:
            assert cli("sync").exit_code == 0
    said = _fails(
        cli,
        laptop,
        "Another device changed profiles/default/notes.md too",
        "left your data dir as it was",
        "git rebase --continue",
    )
    assert "nothing was pushed" in said
    assert (laptop / shared).read_text() == "from the laptop\n"
    assert not (laptop / ".git" / "rebase-merge").exists()
    assert git(laptop, "status", "--porcelain") == ""
    assert "notes.md" in git(laptop, "show", "--name-only", "--format=", "HEAD")


def test_a_rebase_left_open_is_the_users_to_finish(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = device_repo(tmp_path, "laptop", bare_remote(tmp_path))
    _recorded(cli, monkeypatch, data)
    (data / ".git" / "rebase-merge").mkdir()
    _fails(cli, data, "is in the middle of a rebase", "git rebase --abort")


def test_a_detached_head_is_refused(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = device_repo(tmp_path, "laptop", bare_remote(tmp_path))
    _recorded(cli, monkeypatch, data)
    assert cli("sync").exit_code == 0
    git(data, "checkout", "--quiet", "--detach")
    _fails(cli, data, "not on a branch", "git switch")


@pytest.mark.parametrize(
    ("stderr", "said"),
    [
        (
            "remote: Invalid username or password.\nfatal: Authentication failed for 'x'\n",
            "fatal: Authentication failed for 'x'",
        ),
        (
            "To x\n ! [rejected] main -> main\nerror: failed to push some refs to 'x'\n",
            "error: failed to push some refs to 'x'",
        ),
        (
            "ssh: Could not resolve hostname example.invalid\n",
            "ssh: Could not resolve hostname example.invalid",
        ),
        ("", "no reason given"),
    ],
)
def test_git_said_picks_the_line_that_says_why(stderr: str, said: str) -> None:
    assert git_said(stderr) == said


def test_a_commit_git_refuses_changes_nothing(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = device_repo(tmp_path, "laptop", bare_remote(tmp_path))
    _recorded(cli, monkeypatch, data)
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "2")
    monkeypatch.setenv("GIT_CONFIG_KEY_1", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_1", "true")
    before = {k: v for k, v in snapshot(data).items() if not k.startswith(".git/")}
    status = git(data, "status", "--porcelain")
    said = _fails(
        cli, data, "git could not commit the data dir:", "user.email", same=False
    )  # git's object store has the blobs `git add` wrote (unreferenced): the files are as they were
    assert "no email was given" in said
    assert {k: v for k, v in snapshot(data).items() if not k.startswith(".git/")} == before
    assert git(data, "status", "--porcelain") == status

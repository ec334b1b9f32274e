"""Deterministic git repositories for the sync tests: a bare remote and clones as "devices"."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_AUTHOR_DATE": "2026-03-02T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-03-02T10:00:00+00:00",
    "GIT_CONFIG_COUNT": "1",
    "GIT_CONFIG_KEY_0": "init.defaultBranch",
    "GIT_CONFIG_VALUE_0": "main",
}


def deterministic_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same git for every test and machine (skipped where git is not installed)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)


def git(where: Path, *args: str) -> str:
    """Run git in `where` (the test's own call, asserting success); its stdout."""
    done = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def bare_remote(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    return remote


def device_repo(tmp_path: Path, name: str, remote: Path | None) -> Path:
    """A data dir made a repository the way the README says: `git init` + `git remote add`."""
    data = tmp_path / name
    data.mkdir()
    git(data, "init", "--quiet")
    if remote is not None:
        git(data, "remote", "add", "origin", str(remote))
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (git's own files included) and its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }

"""`team DIR`: a mentor's shared folder, in which each learner syncs their data dir or drops an
export, rolled up through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke


def _as(monkeypatch: pytest.MonkeyPatch, data: Path, when: str) -> None:
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(data))
    monkeypatch.setenv("TPMPATH_NOW", when)


def _ok(cli: Invoke, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_team_of_a_shared_folder(
    cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    _as(monkeypatch, shared / "alice-laptop", "2026-03-02T09:00:00+00:00")
    _ok(cli, "--profile", "alice", "done", "a", "b")
    _as(monkeypatch, shared / "bob", "2026-03-03T09:00:00+00:00")
    _ok(cli, "start", "c")
    _ok(cli, "--profile", "bob", "done", "a")
    _ok(cli, "--profile", "bob", "export", "-o", str(shared / "bob-export.json"))
    _as(monkeypatch, tmp_path / "mentor", "2026-03-06T09:00:00+00:00")

    document = json.loads(_ok(cli, "team", str(shared), "--format", "json"))
    members = [(m["name"], m["file"], m["overall"]["done"]) for m in document["members"]]
    export = str(shared / "bob-export.json")
    bob = shared / "bob" / "profiles"
    # bob's export and his own progress file: one learner id in two places, told apart by file
    assert members == [
        (export, export, 1),
        ("alice", str(shared / "alice-laptop" / "profiles" / "alice" / "tiny.json"), 2),
        (str(bob / "bob" / "tiny.json"), str(bob / "bob" / "tiny.json"), 1),
        ("default", str(bob / "default" / "tiny.json"), 0),
    ]
    table = _ok(cli, "team", str(shared))
    assert table.splitlines()[0].startswith("NAME")
    assert len(table.split("\n\n")[0].splitlines()) == 5


def test_team_of_an_empty_folder_is_an_error(cli: Invoke, tiny: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("team", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: No progress on the curriculum 'tiny' in {tmp_path / 'empty'}."
    )

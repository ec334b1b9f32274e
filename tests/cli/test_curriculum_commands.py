"""`curriculum validate`, `curriculum init` and `curricula` through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke


def test_validate_valid_file(cli: Invoke, tiny: Path) -> None:
    result = cli("curriculum", "validate", str(tiny))
    assert (result.exit_code, result.stderr) == (0, f"{tiny} is a valid curriculum.\n")


def test_validate_reports_every_problem_with_location(cli: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\ntitle: y\nversion: 1\nsteps:\n - id: a\n   title: A\n   topics:\n"
        "    - {id: t, title: T, requirs: [q]}\n"
    )
    result = cli("curriculum", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3:1: 'version' must be text (quote it: \"1\")",
        f"{bad}:8:25: unknown key 'requirs' in topic 't'; did you mean 'requires'?",
        f"2 problems found in {bad}.",
    ]
    assert result.stdout == ""


def test_validate_missing_file(cli: Invoke, tmp_path: Path) -> None:
    result = cli("curriculum", "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "cannot read" in result.stderr


def test_init_writes_a_valid_starter_and_refuses_to_overwrite(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    assert cli("curriculum", "init", str(target)).exit_code == 0
    assert cli("curriculum", "validate", str(target)).exit_code == 0
    again = cli("curriculum", "init", str(target))
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert cli("curriculum", "init", str(target), "--force").exit_code == 0
    assert cli("--curriculum", str(target), "done", "http-basics").exit_code == 0


def test_curricula_lists_progress_per_curriculum(
    cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: object
) -> None:
    assert cli("curricula").stderr == "Profile 'default' has no progress yet.\n"
    cli("done", "a")
    starter = tmp_path / "mine.yaml"
    cli("curriculum", "init", str(starter))
    cli("--curriculum", str(starter), "done", "http-basics", "api-basics")
    rows = json.loads(cli("curricula", "--json").stdout)
    assert [(r["curriculum_id"], r["events"], r["error"]) for r in rows] == [
        ("my-path", 2, None),
        ("tiny", 1, None),
    ]
    text = cli("curricula").stdout.splitlines()
    assert text[0].split()[:3] == ["my-path", "v1", "2"]


def test_curricula_flags_a_damaged_file(cli: Invoke, tiny: Path) -> None:
    cli("done", "a")
    Path(cli("where").stdout.strip()).write_text("{oops")
    result = cli("curricula")
    assert result.exit_code == 0
    assert "damaged" in result.stdout


@pytest.mark.parametrize("inside", ["data", "cache"])
def test_curriculum_init_never_writes_inside_tpmpaths_folders(
    cli: Invoke, tmp_path: Path, inside: str
) -> None:
    target = tmp_path / inside / "profiles" / "mine.yaml"
    target.parent.mkdir(parents=True)
    result = cli("curriculum", "init", str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Refusing to write {target}: it is inside ")
    assert not target.exists()


def test_curriculum_init_never_over_the_shipped_curriculum(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tpmpath.curriculum.loader

    shipped = tmp_path / "curriculum.yaml"
    shipped.write_text("shipped")
    monkeypatch.setattr(tpmpath.curriculum.loader, "default_curriculum_path", lambda: shipped)
    result = cli("curriculum", "init", str(shipped), "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Refusing to write over tpmpath's own file {shipped}.")
    assert shipped.read_text() == "shipped"


@pytest.mark.parametrize(
    ("args", "variable"),
    [
        (["--curriculum", "{fifo}", "status"], False),
        (["status"], True),
        (["curriculum", "validate", "{fifo}"], False),
    ],
)
def test_a_fifo_as_the_curriculum_is_an_error_not_a_hang(
    tmp_path: Path, args: list[str], variable: bool
) -> None:
    fifo = tmp_path / "curriculum.yaml"
    os.mkfifo(fifo)
    env = {**os.environ, "TPMPATH_CURRICULUM": str(fifo)} if variable else None
    command = [sys.executable, "-m", "tpmpath", *(a.format(fifo=fifo) for a in args)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, env=env)
    assert (result.returncode, result.stdout) == (1, "")
    problem = f"{fifo}: not a regular file (a pipe or a device?); give a curriculum YAML file\n"
    hint = f"1 problem found in {fifo}.\n" if "validate" in args else ""
    assert result.stderr == problem + hint


def test_a_command_that_creates_a_profile_says_so_once(cli: Invoke, tiny: Path) -> None:
    assert cli("--profile", "mya", "status").stderr == ""  # reading creates nothing
    assert cli("--profile", "mya", "done", "a").stderr == "Done: a.\nNew profile 'mya'.\n"
    assert cli("--profile", "mya", "done", "b").stderr == "Done: b.\n"
    result = cli("--profile", "myb", "config", "set", "hours-per-week", "5")
    assert result.stderr.endswith("\nNew profile 'myb'.\n")
    assert cli("--profile", "myc", "done", "nope").exit_code == 1
    assert cli("done", "a").stderr == "Done: a.\n"  # the default profile is no surprise
    names = [row["name"] for row in json.loads(cli("profiles", "--json").stdout)]
    assert names == ["default", "mya", "myb"]


def test_profiles_lists_progress_and_last_activity(
    cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (cli("profiles").stdout, cli("profiles").stderr) == (
        "",
        "No profiles yet: the first change you record creates one.\n",
    )
    monkeypatch.setenv("TPMPATH_NOW", "2026-11-02T10:00:00+00:00")
    cli("--profile", "alice", "done", "a", "b")
    cli("--profile", "alice", "skip", "c")
    monkeypatch.setenv("TPMPATH_NOW", "2026-11-05T10:00:00+00:00")
    cli("--profile", "bob", "start", "a")
    (Path(cli("where").stdout.strip()).parent.parent / "not a profile").mkdir()
    result = cli("--profile", "bob", "profiles")
    assert result.exit_code == 0
    assert result.stdout == (
        "PROFILE  DONE      %  CHANGES  LAST ACTIVITY  CURRICULA\n"
        "  alice   3/5  60.0%        3  2026-11-02     tiny\n"
        "* bob     0/5   0.0%        1  2026-11-05     tiny\n"
    )
    assert result.stderr == "* in use. DONE and %: on curriculum 'tiny'.\n"
    rows = json.loads(cli("profiles", "--json").stdout)
    assert rows[0] == {
        "name": "alice",
        "active": False,
        "curricula": ["tiny"],
        "events": 3,
        "last_activity": "2026-11-02T10:00:00Z",
        "progress": {
            "curriculum_id": "tiny",
            "total": 5,
            "done": 2,
            "skipped": 1,
            "in_progress": 0,
            "percent": 60.0,
        },
    }


def test_profiles_on_another_curriculum_or_a_damaged_file(
    cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPMPATH_NOW", "2026-11-05T10:00:00+00:00")
    cli("--profile", "alice", "done", "a")
    Path(cli("--profile", "alice", "where").stdout.strip()).write_text("{oops")
    cli("--profile", "bob", "done", "a")
    rows = json.loads(cli("profiles", "--json").stdout)
    assert [(r["name"], r["events"], r["progress"]) for r in rows][0] == ("alice", 0, None)
    assert rows[1]["progress"]["done"] == 1
    monkeypatch.delenv("TPMPATH_CURRICULUM")  # the shipped one: nobody has progress on it
    rows = json.loads(cli("profiles", "--json").stdout)
    assert [(r["name"], r["curricula"], r["progress"]) for r in rows] == [
        ("alice", ["tiny"], None),
        ("bob", ["tiny"], None),
    ]
    assert cli("profiles").stdout.splitlines()[1:] == [
        "  alice     -  -        0  never          tiny",
        "  bob       -  -        1  2026-11-05     tiny",
    ]

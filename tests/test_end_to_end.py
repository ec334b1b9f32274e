"""The real console script in a subprocess, from a folder outside the project, like a new user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _script() -> str:
    """The installed `tpmpath` next to this interpreter (the test install puts it there)."""
    candidate = Path(sys.executable).parent / "tpmpath"
    found = str(candidate) if candidate.exists() else shutil.which("tpmpath")
    if found is None:
        pytest.skip("the tpmpath console script is not installed")
    return found


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_script(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_fresh_user_journey(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TPMPATH_")}
    env |= {"TPMPATH_DATA_DIR": str(tmp_path / "data"), "TPMPATH_CACHE_DIR": str(tmp_path / "c")}
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()

    status = run("status", cwd=elsewhere, env=env)
    assert status.returncode == 0, status.stderr
    assert "Overall" in status.stdout and "0.0%" in status.stdout

    done = run("done", "api-basics", cwd=elsewhere, env=env)
    assert (done.returncode, done.stderr) == (0, "Done: api-basics.\n")

    nxt = run("next", "--json", cwd=elsewhere, env=env)
    ids = [t["id"] for t in json.loads(nxt.stdout)]
    assert "api-basics" not in ids and len(ids) == 5

    report = run("report", "-o", "report.md", cwd=elsewhere, env=env)
    assert report.returncode == 0, report.stderr
    assert "How APIs connect services" in (elsewhere / "report.md").read_text(encoding="utf-8")

    where = run("where", cwd=elsewhere, env=env).stdout.strip()
    assert where == str(tmp_path / "data" / "profiles" / "default" / "tpm-path.json")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["report.md"]

    module = subprocess.run(
        [sys.executable, "-m", "tpmpath", "--version"], env=env, capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout.startswith("tpmpath ")


def test_no_traceback_for_a_bad_curriculum(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TPMPATH_")}
    env |= {"TPMPATH_DATA_DIR": str(tmp_path / "data"), "TPMPATH_CACHE_DIR": str(tmp_path / "c")}
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n")
    result = run("--curriculum", str(bad), "status", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:")


def test_tab_completion_of_topic_ids_and_commands(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TPMPATH_")}
    env |= {"TPMPATH_DATA_DIR": str(tmp_path / "data"), "TPMPATH_CACHE_DIR": str(tmp_path / "c")}
    bash = env | {"_TPMPATH_COMPLETE": "complete_bash", "COMP_CWORD": "2"}
    ids = run(cwd=tmp_path, env=bash | {"COMP_WORDS": "tpmpath done sql"})
    assert (ids.returncode, ids.stdout) == (0, "sql-basics\n")
    commands = run(cwd=tmp_path, env=bash | {"COMP_WORDS": "tpmpath st", "COMP_CWORD": "1"})
    assert commands.stdout.split() == ["status", "start"]
    assert not (tmp_path / "data").exists()  # completing never creates the data directory


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--version",), 0),
        (("show", "nope"), 1),  # a TpmpathError: one message, exit 1
        (("--bogus",), 2),  # a usage error
        (("curriculum",), 2),  # a group without its command: help, then 2
    ],
)
def test_exit_codes_and_output_survive_the_quick_exit(
    tmp_path: Path, args: tuple[str, ...], code: int
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TPMPATH_")}
    env |= {"TPMPATH_DATA_DIR": str(tmp_path / "data"), "TPMPATH_CACHE_DIR": str(tmp_path / "c")}
    result = run(*args, cwd=tmp_path, env=env)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert (result.stdout + result.stderr).strip()  # whatever it said was flushed, not lost


def test_a_reader_that_stops_early_ends_it_quietly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TPMPATH_")}
    env |= {"TPMPATH_DATA_DIR": str(tmp_path / "data"), "TPMPATH_CACHE_DIR": str(tmp_path / "c")}
    from benchmarks import datagen

    # Unbuffered output (set in some CI shells) drops what a closed pipe refused without an error.
    env.pop("PYTHONUNBUFFERED", None)
    big = tmp_path / "big.yaml"  # 2,000 topics: `list` prints more than a pipe holds
    big.write_text(datagen.curriculum_yaml(datagen.big_curriculum(2000)), encoding="utf-8")
    # `tpmpath list | head -c 10`: the reader closes the pipe while the list is written.
    with subprocess.Popen(
        [_script(), "--curriculum", str(big), "list"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # read 10 bytes, not all the pipe holds (which could let the writer finish)
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert (code, stderr) == (1, "")

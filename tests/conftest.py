"""Shared fixtures: every test gets its own data and cache directories and a fixed terminal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import typer.testing
from typer.main import get_command
from typer.testing import CliRunner, Result

from tpmpath.cli.main import app

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

TINY = """\
id: tiny
title: Tiny path
version: "1"
steps:
  - id: basics
    title: Basics
    topics:
      - {id: a, title: Topic A, estimate_hours: 2}
      - {id: b, title: Topic B, estimate_hours: 3, requires: [a]}
      - {id: c, title: Topic C}
  - id: practice
    title: Practice
    topics:
      - id: talk
        title: Talk to people
        target: 3
        estimate_hours: 3
        prompts: ["What did you learn?"]
      - {id: d, title: Topic D, requires: [b, c]}
"""

SKILLED = (
    TINY.replace(
        "steps:\n",
        """\
skills:
  - id: apis
    title: APIs and integration
    description: How services talk.
    levels: [Never heard of it, Can name them, Can follow, Can explain, Can lead]
  - {id: talking, title: Talking tech, levels: [None, Some, Follows, Explains, Leads]}
steps:
""",
    )
    .replace("estimate_hours: 2}", "estimate_hours: 2, skills: [apis]}")
    .replace("requires: [a]}", "requires: [a], skills: [apis]}")
    .replace("        target: 3\n", "        target: 3\n        skills: [talking]\n")
)
"""TINY with two skills: `apis` (built by a and b) and `talking` (built by talk)."""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point tpmpath at temporary directories and a fixed 100-column plain terminal."""
    for name in (
        "TPMPATH_PROFILE",
        "TPMPATH_CURRICULUM",
        "TPMPATH_NOW",
        "TPMPATH_LOCK_TIMEOUT",
        "TPMPATH_UNSAFE_NO_LOCK",
        "TPMPATH_NO_CACHE",
        "TPMPATH_DEVICE",
        "TPMPATH_JOBS",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(data))
    # This device's id: tests never read or make the real one (in the user's config folder).
    monkeypatch.setenv("TPMPATH_DEVICE", "test-device")
    monkeypatch.setenv("TPMPATH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TPMPATH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    return data


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A five-topic curriculum, made the active one through $TPMPATH_CURRICULUM."""
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(path))
    return path


@pytest.fixture
def skilled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny curriculum with skills (SKILLED), made the active one."""
    path = tmp_path / "skilled.yaml"
    path.write_text(SKILLED, encoding="utf-8")
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(path))
    return path


Invoke = Callable[..., Result]


@pytest.fixture(scope="session")
def _command() -> object:
    """The click command behind the app, built once (Typer rebuilds it per invoke otherwise)."""
    return get_command(app)


@pytest.fixture
def cli(_command: object, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run tpmpath in-process: cli("done", "a") -> Result (stdout and stderr apart)."""
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: _command)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(
            app, list(args), input=input, catch_exceptions=False, prog_name="tpmpath"
        )

    return invoke


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch, cli: Invoke) -> Callable[..., Result]:
    """on("phone", "done", "a"): run a command as that device (TPMPATH_DEVICE), a minute after
    the previous one (or at `now=`): several devices sharing one data dir (issue 16)."""
    minute = [0]

    def run(device: str, *args: str, now: str | None = None) -> Result:
        minute[0] += 1
        monkeypatch.setenv("TPMPATH_DEVICE", device)
        monkeypatch.setenv("TPMPATH_NOW", now or f"2026-11-02T10:{minute[0]:02d}:00+00:00")
        return cli(*args)

    return run

"""help.py: every command's help shows metavars a person reads and ends with examples."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer.testing
from typer._click import Command
from typer.main import get_command
from typer.testing import CliRunner

from tests.conftest import Invoke
from tpmpath.cli.main import app

NOISE = re.compile(
    r"<(list|str|int|float|bool|path|file|date|datetime)\b|int range|x>=|<=x|\[default: None\]"
)


def _paths(command: Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command of the tree, the root first, as the words that name it."""
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*path, name))


PATHS = list(_paths(get_command(app)))


def _examples(text: str) -> list[str]:
    """The example lines that end `text`, after its last `Examples:` heading."""
    lines = [line.strip() for line in text.rstrip().splitlines()]
    assert "Examples:" in lines, text
    start = len(lines) - lines[::-1].index("Examples:")
    return lines[start:]


def test_the_walk_finds_every_command() -> None:
    assert len(PATHS) == 38  # 31, the gap inbox's four, assess, sync, doctor
    assert ("gap", "close") in PATHS and ("assess",) in PATHS and ("sync",) in PATHS
    assert ("doctor",) in PATHS
    assert ("config", "set") in PATHS and ("curriculum", "init") in PATHS and () in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "tpmpath")
def test_plain_help_reads_and_ends_with_examples(cli: Invoke, path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    assert not NOISE.search(result.stdout), result.stdout
    assert "{" not in result.stdout.splitlines()[0]  # the usage line
    found = _examples(result.stdout)
    assert 1 <= len(found) <= 3, found
    assert all(line.startswith("tpmpath ") for line in found), found
    # Indented under the heading, one example a line (click did not rewrap them).
    assert "\n  Examples:\n    tpmpath " in result.stdout


def _rich_tree() -> Command:
    """A fresh command tree drawn with Rich, as on a colour terminal."""
    root = get_command(app)
    for path in _paths(root):
        command = root
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        command.rich_markup_mode = "rich"  # type: ignore[attr-defined]
    return root


@pytest.fixture(scope="module")
def rich_root() -> Command:
    return _rich_tree()


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "tpmpath")
def test_rich_help_reads_and_ends_with_examples(
    rich_root: Command, monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: rich_root)
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="tpmpath")
    assert result.exit_code == 0, result.output
    assert "╭─ Options" in result.stdout
    assert not NOISE.search(result.stdout), result.stdout
    found = _examples(result.stdout)
    assert 1 <= len(found) <= 3 and all(line.startswith("tpmpath ") for line in found)
    text = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert "\n\n Examples:\n   tpmpath " in text  # indented, right under the heading
    assert "\n\n\n Examples:" not in text  # after one blank line


def _rows(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


@pytest.mark.parametrize(
    ("command", "row"),
    [
        ("", "-p, --profile NAME Whose progress"),
        ("", "-c, --curriculum FILE A curriculum YAML file"),
        ("", "--show-completion Print the TAB completion script for this shell, or"),
        ("show", "Usage: tpmpath show [OPTIONS] TOPIC"),
        ("show", "--json Print JSON for scripts."),
        ("done", "Usage: tpmpath done [OPTIONS] TOPIC..."),
        ("done", "TOPIC... Topic ids (or unambiguous prefixes). [required]"),
        ("done", "--note TEXT A note to keep with the change."),
        ("done", "--link URL Evidence: a URL"),
        ("done", "--confidence 1-5 How well you know it now, 1-5 (schedules reviews)."),
        ("done", "--date DATE When it happened"),
        ("done", "--at HH:MM At what time it happened."),
        ("done", "-h, --help Show this message and exit."),
        ("list", "-s, --step STEP Only this step (id or number)."),
        ("list", "--status STATUS Only topics with this status"),
        ("next", "-n, --count N How many to show. [default: 5]"),
        ("next", "-a, --all Every available topic"),
        ("history", "-n, --limit N Show at most N changes."),
        ("log", "Usage: tpmpath log [OPTIONS] TOPIC [TEXT]"),
        ("log", "--answer TEXT Answer the reflection question"),
        ("review", "Usage: tpmpath review [OPTIONS] [TOPIC]"),
        ("review", "--confidence 1-5 How well you know it now"),
        ("plan", "--hours-per-week H Plan with H hours a week"),
        ("report", "-f, --format FORMAT markdown (default), json, csv or html"),
        ("report", "-o, --output FILE Write to FILE instead of stdout."),
        ("report", "--since DATE Only activity on or after this date"),
        ("team", "Usage: tpmpath team [OPTIONS] FILE-OR-DIR..."),
        ("team", "-f, --format FORMAT table (default)"),
        ("import", "Usage: tpmpath import [OPTIONS] FILE"),
        ("import", "-n, --dry-run Say what would be imported"),
        ("config set", "Usage: tpmpath config set [OPTIONS] KEY VALUE"),
        ("config set", "KEY One of: hours-per-week, target-date. [required]"),
        ("config get", "--json Print JSON for scripts."),
        ("curriculum validate", "Usage: tpmpath curriculum validate [OPTIONS] FILE"),
        ("curriculum init", "--force Overwrite an existing file."),
    ],
)
def test_metavars_a_person_reads(cli: Invoke, command: str, row: str) -> None:
    lines = _rows(cli(*command.split(), "--help").stdout)
    assert [line for line in lines if line.startswith(row)], "\n".join(lines)


@pytest.mark.parametrize("path", [(), ("config",), ("curriculum",)])
def test_command_summaries_are_not_cut_at_80_columns(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = cli(*path, "--help").stdout
    commands = text.split("\nCommands:\n")[1].split("\n\n")[0].splitlines()
    assert len(commands) >= 2
    assert not [line for line in commands if line.endswith("...")], commands


def test_config_summaries(cli: Invoke) -> None:
    text = cli("config", "--help").stdout
    assert "\n  set    Set a setting to VALUE.\n  get    Print a setting's value.\n" in text

"""Terminal rendering: plain text when piped, Rich on a colour terminal."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import struct
import termios
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import Invoke
from tpmpath.core.progress import Summary
from tpmpath.output import render


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(0, "[" + "." * 20 + "]"), (50, "[" + "#" * 10 + "." * 10 + "]"), (100, "[" + "#" * 20 + "]")],
)
def test_bar(percent: float, expected: str) -> None:
    assert render.bar(percent) == expected


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [("short", 10, "short"), ("a  b\nc", 10, "a b c"), ("abcdefghijk", 5, "abcd…")],
)
def test_clip(text: str, width: int, expected: str) -> None:
    assert render.clip(text, width) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (-0.0, "0"),
        (0.25, "0.25"),
        (1 / 3, "0.33"),
        (0.999, "1"),
        (1, "1"),
        (2.96, "3"),
        (4.5, "4.5"),
        (37.25, "37.2"),
        (123456.7, "123456.7"),
        (1_250_000, "1250000"),
    ],
)
def test_hours_text(value: float, expected: str) -> None:
    assert render.hours_text(value) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 1, 14), "Wed 2026-01-14"), (date(9999, 12, 31), "Fri 9999-12-31")],
)
def test_day_text(day: date, expected: str) -> None:
    assert render.day_text(day) == expected


@pytest.mark.parametrize(
    ("weeks", "expected"), [(1, "1 week"), (1.04, "1 week"), (10 / 7, "1.4 weeks"), (2, "2 weeks")]
)
def test_weeks_text(weeks: float, expected: str) -> None:
    assert render.weeks_text(weeks) == expected


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 weeks"), (1, "1 week"), (2, "2 weeks"), (-1, "-1 weeks")]
)
def test_plural(count: int, expected: str) -> None:
    assert render.plural(count, "week") == expected


def test_finished_text_counts_done_and_skipped() -> None:
    summary = Summary("s", "S", total=7, done=2, skipped=1, in_progress=3, todo=1)
    assert render.finished_text(summary) == "3/7"


def test_table_plain_aligns_columns() -> None:
    assert (
        render.table_plain(["A", "B"], [["x", "1"], ["long", "2"]]) == "A     B\nx     1\nlong  2"
    )


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({}, False, False),
    ],
)
def test_fancy_only_on_a_colour_terminal(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, expected: bool
) -> None:
    monkeypatch.delenv("TERM", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("sys.stdout.isatty", lambda: tty)
    assert render.fancy() is expected


def test_rich_status_and_list(cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tiny.write_text(tiny.read_text().replace("title: Basics", "title: '[bold]Basics[/]'"))
    monkeypatch.setattr(render, "fancy", lambda stream=None: True)
    cli("done", "a")
    status = cli("status").stdout
    assert "1. [bold]Basics[/]" in status  # markup in a title is shown, not applied
    assert "33.3%" in status and "Overall" in status
    listing = cli("list").stdout
    assert "Topic A" in listing and "done" in listing


HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[31m\u202e\u2066\u200b\ufeff"
HOSTILE_YAML = "\\e]52;c;ZXZpbA==\\a\\e[31m\\u202e\\u2066\\u200b\\ufeff"  # as YAML escapes
INVISIBLE = "\u202e\u2066\u200b\ufeff"


@pytest.mark.parametrize("fancy", [False, True])
@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["list"],
        ["show", "a"],
        ["next", "--all", "--explain"],
        ["history"],
        ["plan", "--hours-per-week", "5"],
        ["report", "--format", "csv"],
        ["report"],
    ],
)
def test_control_characters_from_data_never_reach_the_terminal(
    cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], fancy: bool
) -> None:
    tiny.write_text(
        tiny.read_text()
        .replace("title: Basics", f'title: "Basics{HOSTILE_YAML}"')
        .replace("title: Topic A", f'title: "Topic A{HOSTILE_YAML}"')
    )
    assert cli("done", "a", "--note", f"note{HOSTILE}").exit_code == 0
    assert json.loads(cli("show", "a", "--json").stdout)["title"] == f"Topic A{HOSTILE}"
    monkeypatch.setattr(render, "fancy", lambda stream=None: fancy)
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\x1b" not in result.stderr
    assert [char for char in result.output if char in INVISIBLE] == []


def test_json_keeps_control_characters_escaped(cli: Invoke, tiny: Path) -> None:
    cli("done", "a", "--note", f"note{HOSTILE}")
    raw = cli("show", "a", "--json").stdout
    assert "\x1b" not in raw and "\\u001b" in raw
    assert json.loads(raw)["notes"][0]["text"] == f"note{HOSTILE}"


@pytest.mark.parametrize(
    ("columns", "tty", "expected"),
    [("120", False, 120), ("60", True, 60), ("5", False, 20), ("", False, 80), ("x", False, 80)],
)
def test_width_reads_columns_then_the_terminal_then_80(
    monkeypatch: pytest.MonkeyPatch, columns: str, tty: bool, expected: int
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    stream = io.StringIO()
    monkeypatch.setattr(stream, "isatty", lambda: tty)
    assert render.width(stream) == expected


def test_width_of_a_real_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 97, 0, 0))
    with open(slave, "w") as stream:
        assert render.width(stream) == 97
    os.close(master)


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(0, "0 h"), (0.01, "5 min"), (0.14, "10 min"), (0.5, "30 min"), (0.99, "1 h"), (4.5, "4.5 h")],
)
def test_work_text(hours: float, expected: str) -> None:
    assert render.work_text(hours) == expected


def test_wrap_keeps_words_whole_and_indents() -> None:
    line = "  Requires: join-technical-discussions and https://example.com/a/very/long/path/x"
    assert render.wrap([line, "short"], 30, "  ") == [
        "  Requires:",
        "    join-technical-discussions",
        "    and",
        "    https://example.com/a/very/long/path/x",
        "short",
    ]


def test_table_plain_shrinks_one_column_and_right_aligns_numbers() -> None:
    rows = [["join-technical-discussions", "2", "Join 5 technical discussions"]]
    assert render.table_plain(["ID", "N", "TITLE"], rows, 45, right=(1,), shrink=2) == (
        "ID                          N  TITLE\njoin-technical-discussions  2  Join 5 techni…"
    )


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (60, ["[~] join-technical-discussions  Join 5 technical dis…  (0/5)"]),
        (40, ["[~] join-technical-discussions  Join 5…", "      (0/5)"]),
    ],
)
def test_topic_line_shrinks_the_title_then_moves_extra_under_it(
    width: int, expected: list[str]
) -> None:
    title = "Join 5 technical discussions with engineers"
    assert render.topic_line("~", "join-technical-discussions", title, "0/5", width) == expected


@pytest.mark.parametrize("width", [60, 80, 120])
def test_rich_table_keeps_ids_whole_and_ellipsises_the_title(width: int) -> None:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, color_system=None)
    rows = [["translate-to-business-outcomes", "2", "in progress 1/3", "Translate " * 12]]
    render.table_rich(["ID", "STEP", "STATUS", "TITLE"], rows, [None], console, shrink=3)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) == width
    assert "translate-to-business-outcomes " in lines[2] and lines[2].endswith("…")

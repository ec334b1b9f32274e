"""Terminal rendering: plain text when piped, Rich on a colour terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tpmpath import render


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
    monkeypatch.setattr(render, "fancy", lambda: True)
    cli("done", "a")
    status = cli("status").stdout
    assert "1. [bold]Basics[/]" in status  # markup in a title is shown, not applied
    assert "33.3%" in status and "Overall" in status
    listing = cli("list").stdout
    assert "Topic A" in listing and "done" in listing

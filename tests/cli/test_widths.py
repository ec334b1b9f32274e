"""Every text command fits the terminal it is given (60, 80 and 120 columns), plain and Rich,
and never breaks or cuts a topic id: the titles are what shrinks."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

from tests.conftest import Invoke
from tpmpath.curriculum.loader import default_curriculum_path, load_curriculum

WIDTHS = (60, 80, 120)
IDS = [topic.id for topic in load_curriculum(default_curriculum_path()).topics]

TEXT_COMMANDS = [
    ["status"],
    ["list"],
    ["next", "--explain"],
    ["plan", "--hours-per-week", "5"],
    ["history"],
    ["show", "join-technical-discussions"],
    ["show", "translate-to-business-outcomes"],
    ["review"],
    ["gap", "list"],
    ["gap", "list", "--all"],
]


@pytest.fixture
def progress(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six weeks of progress on the shipped curriculum: done, skipped, logged, undone, due; an
    open gap with a long question and a closed one, due for review."""
    added = ""
    for moment, *args in [
        ("2026-10-05T10:00:00+00:00", "done", "api-basics", "--note", "Read the MDN guide " * 8),
        ("2026-10-06T10:00:00+00:00", "done", "release-notes-and-deprecations"),
        ("2026-10-12T10:00:00+00:00", "skip", "programming-fundamentals", "data-structures"),
        ("2026-10-20T10:00:00+00:00", "start", "join-technical-discussions"),
        ("2026-10-21T10:00:00+00:00", "log", "join-technical-discussions", "--no-prompt"),
        (
            "2026-10-21T11:00:00+00:00",
            "gap",
            "add",
            "why does the payments API " * 6,
            "--topic",
            "join-technical-discussions",
        ),
        ("2026-10-21T11:00:00+00:00", "gap", "add", "what is a p99?"),
        ("2026-10-21T12:00:00+00:00", "gap", "close", "{added}", "A percentile " * 20),
        ("2026-10-22T10:00:00+00:00", "done", "translate-to-business-outcomes"),
        ("2026-10-22T11:00:00+00:00", "undo"),
    ]:
        monkeypatch.setenv("TPMPATH_NOW", moment)
        result = cli(*(arg.replace("{added}", added) for arg in args))
        assert result.exit_code == 0, result.output
        added = result.stdout.strip()  # `gap add` prints the gap's id
    monkeypatch.setenv("TPMPATH_NOW", "2026-11-10T10:00:00+00:00")


def _unbreakable(line: str) -> bool:
    """A line that is one word (a URL): wider than the terminal only because it must stay whole."""
    return len(line.split()) == 1


def _ids_in(text: str) -> set[str]:
    """The topic ids that appear whole in `text` (not as part of a longer word)."""
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*", text))
    return {topic_id for topic_id in IDS if topic_id in words}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", TEXT_COMMANDS, ids=lambda args: " ".join(args))
def test_plain_text_fits_the_width(
    cli: Invoke, progress: None, monkeypatch: pytest.MonkeyPatch, args: list[str], width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines, args
    assert [line for line in lines if len(line) > width and not _unbreakable(line)] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("args", "json_args"),
    [
        (["list"], ["list", "--json"]),
        (["next"], ["next", "--json"]),
        (["plan", "--hours-per-week", "5"], ["plan", "--hours-per-week", "5", "--json"]),
        (["review"], ["review", "--json"]),
    ],
)
def test_plain_text_keeps_every_id_whole(
    cli: Invoke,
    progress: None,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    json_args: list[str],
    width: int,
) -> None:
    data = json.loads(cli(*json_args).stdout)
    items = data["topics"] if isinstance(data, dict) else data
    shown = {item["id"] for item in items if not item["id"].startswith("gap:")}
    assert shown
    monkeypatch.setenv("COLUMNS", str(width))
    assert _ids_in(cli(*args).stdout) == shown


@pytest.mark.parametrize("width", WIDTHS)
def test_history_names_what_an_undo_undid(
    cli: Invoke, progress: None, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    lines = cli("history").stdout.splitlines()
    assert lines[0] == "2026-10-22 11:00  undo (done translate-to-business-outcomes)"
    done = "2026-10-22 10:00  done translate-to-business-outcomes"
    if width == 60:  # the flag goes under the row: the id stays whole
        assert lines[1:3] == [done, " " * 18 + "(undone)"]
    else:
        assert lines[1] == done + "  (undone)"


def _terminal(args: list[str], width: int) -> str:
    """Run the command in a real pseudo-terminal `width` columns wide; its screen, plain."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-m", "tpmpath", *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(master)
    screen = b"".join(chunks).decode()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).replace("\r", "")


@pytest.mark.parametrize("width", WIDTHS)
def test_rich_tables_fit_a_real_terminal(cli: Invoke, progress: None, width: int) -> None:
    due = json.loads(cli("review", "--json").stdout)
    reviews = {item["id"] for item in due if not item["id"].startswith("gap:")}
    assert len(due) == len(reviews) + 1  # and the closed gap
    assert reviews
    status = _terminal(["status"], width)
    assert "┃" in status and "Overall" in status  # Rich drew it
    listed = _terminal(["list"], width)
    due = _terminal(["review"], width)
    gaps = _terminal(["gap", "list", "--all"], width)
    assert "QUESTION" in gaps and "┃" in gaps  # Rich drew it
    for screen in (status, listed, due, gaps):
        assert max(len(line) for line in screen.splitlines()) <= width
    assert _ids_in(listed) == set(IDS)
    assert _ids_in(due) == reviews


def test_wider_terminals_show_more_of_the_titles(
    cli: Invoke, progress: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "Translate 3 technical decisions into business outcomes"
    seen = []
    for width in WIDTHS:
        monkeypatch.setenv("COLUMNS", str(width))
        row = next(
            line
            for line in cli("list").stdout.splitlines()
            if line.startswith("translate-to-business-outcomes ")
        )
        seen.append(row.split("  ")[-1].strip())
    assert seen[0].endswith("…") and title.startswith(seen[0][:-1])
    assert len(seen[0]) < len(seen[1]) < len(seen[2])

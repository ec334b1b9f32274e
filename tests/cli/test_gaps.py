"""The gap inbox through the CLI: gap add/list/close, reviews of closed gaps, status, next,
history, undo, log --gap, export/import and completion, with a fixed clock and fixed ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.store.test_files import progress_file
from tpmpath.cli import practice as commands_practice
from tpmpath.cli.completion import complete_closed_gap, complete_gap
from tpmpath.core import changes

Clock = Callable[[str], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Set the day (09:00 UTC); the tests start on 2026-03-02."""

    def set_to(day: str) -> None:
        monkeypatch.setenv("TPMPATH_NOW", f"{day}T09:00:00+00:00")

    set_to("2026-03-02")
    return set_to


@pytest.fixture(autouse=True)
def ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Event and batch ids 0001fff..., 0002fff..., in the order they are made."""
    counter = iter(range(1, 10_000))
    monkeypatch.setattr(changes, "new_id", lambda: f"{next(counter):04x}" + "f" * 28)


def full(n: int) -> str:
    return f"{n:04x}" + "f" * 28


def ok(cli: Invoke, *args: str, input: str | None = None) -> Any:
    result = cli(*args, input=input)
    assert result.exit_code == 0, result.output
    return result


def gaps(cli: Invoke, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(cli, "gap", "list", "--json", *args).stdout)  # type: ignore[no-any-return]


def stored(isolated: Path) -> bytes:
    return progress_file(isolated).read_bytes()


# --- gap add ---------------------------------------------------------------------------------


def test_add_prints_the_short_id(cli: Invoke, tiny: Path, clock: Clock) -> None:
    result = ok(cli, "gap", "add", "what is idempotency?", "--topic", "a", "--note", "Standup")
    assert result.stdout == "0001\n"
    assert result.stderr == (
        'Added gap 0001 (a). Close it with your explanation: tpmpath gap close 0001 "..."\n'
    )
    (event,) = json.loads(ok(cli, "history", "--json").stdout)
    assert event == {
        "id": full(1), "at": "2026-03-02T09:00:00Z", "batch": full(2), "action": "gap",
        "topic": "a", "text": "what is idempotency?", "context": "Standup", "undone": False,
        "device": "test-device",
    }  # fmt: skip


def test_add_json_is_the_gap(cli: Invoke, tiny: Path, clock: Clock) -> None:
    result = ok(cli, "gap", "add", "what is a p99?", "--json")
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "id": full(1), "short_id": "0001", "status": "open", "text": "what is a p99?",
        "topic": None, "context": None, "opened_at": "2026-03-02T09:00:00Z", "age_days": 0,
        "closed_at": None, "explanation": None, "link": None, "review": None,
    }  # fmt: skip


def test_add_looks_the_topic_up_by_prefix(cli: Invoke, tiny: Path) -> None:
    ok(cli, "gap", "add", "how do I run one?", "--topic", "ta")
    assert gaps(cli)[0]["topic"] == "talk"


def test_add_backdated(cli: Invoke, tiny: Path, clock: Clock) -> None:
    ok(cli, "gap", "add", "what is a CDN?", "--date", "2026-02-27", "--at", "15:30")
    (event,) = json.loads(ok(cli, "history", "--json").stdout)
    assert (event["at"], event["recorded_at"]) == ("2026-02-27T15:30:00Z", "2026-03-02T09:00:00Z")
    assert gaps(cli)[0]["age_days"] == 3


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["what?", "--topic", "zz"], "Error: No topic 'zz' in curriculum 'tiny'."),
        (["what?", "--date", "2026-03-05"], "Error: 2026-03-05 is in the future"),
        (["what?", "--at", "25:00"], "Error: --at '25:00' is not a time"),
        (["   "], "Error: The question is empty."),
        (["what?", "--note", " "], "Error: The note is empty."),
    ],
)
def test_a_refused_add_changes_nothing(
    cli: Invoke, tiny: Path, clock: Clock, isolated: Path, args: list[str], error: str
) -> None:
    ok(cli, "gap", "add", "first")
    before = stored(isolated)
    result = cli("gap", "add", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(error)
    assert stored(isolated) == before


def test_a_refused_first_add_creates_no_data_dir(cli: Invoke, tiny: Path, isolated: Path) -> None:
    assert cli("gap", "add", "x", "--topic", "zz").exit_code == 1
    assert not isolated.exists()


def test_add_needs_text(cli: Invoke, tiny: Path) -> None:
    assert cli("gap", "add").exit_code == 2


# --- gap list --------------------------------------------------------------------------------


def test_an_empty_inbox(cli: Invoke, tiny: Path) -> None:
    result = ok(cli, "gap", "list")
    assert result.stdout == ""
    assert result.stderr == (
        "The gap inbox is empty. Did something not make sense? "
        'tpmpath gap add "what is idempotency?"\n'
    )
    empty = ok(cli, "gap", "list", "--json")
    assert (empty.stdout, empty.stderr) == ("[]\n", "")


def _three(cli: Invoke, clock: Clock) -> None:
    """Gaps 0001 (a), 0004 and 0006 (talk: it came up first), 0001 closed on 03-05 (ids 0002
    and 0003 are its batch and the learner id)."""
    clock("2026-03-02")
    ok(cli, "gap", "add", "what is idempotency?", "--topic", "a")
    clock("2026-03-04")
    ok(cli, "gap", "add", "what is a p99?")
    ok(cli, "gap", "add", "why a queue?", "--topic", "talk", "--date", "2026-03-01")
    clock("2026-03-05")
    ok(cli, "gap", "close", "0001", "Twice has the effect of once: safe to retry.")


def test_list_open_gaps_oldest_first(cli: Invoke, tiny: Path, clock: Clock) -> None:
    _three(cli, clock)
    clock("2026-03-06")
    assert ok(cli, "gap", "list").stdout == (
        "ID    AGE     TOPIC  QUESTION\n"
        "0006  5 days  talk   why a queue?\n"
        "0004  2 days  -      what is a p99?\n"
    )
    assert [g["short_id"] for g in gaps(cli)] == ["0006", "0004"]


def test_list_all_adds_the_closed_ones(cli: Invoke, tiny: Path, clock: Clock) -> None:
    _three(cli, clock)
    clock("2026-03-06")
    assert ok(cli, "gap", "list", "--all").stdout == (
        "ID    AGE     CLOSED      TOPIC  QUESTION\n"
        "0006  5 days  open        talk   why a queue?\n"
        "0004  2 days  open        -      what is a p99?\n"
        "0001  4 days  2026-03-05  a      what is idempotency?\n"
    )
    closed = gaps(cli, "--all")[-1]
    assert closed["status"] == "closed"
    assert closed["explanation"] == "Twice has the effect of once: safe to retry."
    assert closed["review"] == {
        "due": "2026-03-06", "last": "2026-03-05", "interval_days": 1, "reviews": 0,
        "successful_reviews": 0,
    }  # fmt: skip


def test_every_gap_closed(cli: Invoke, tiny: Path, clock: Clock) -> None:
    ok(cli, "gap", "add", "q")
    ok(cli, "gap", "close", "0001", "An answer.")
    result = ok(cli, "gap", "list")
    assert result.stdout == ""
    assert result.stderr.startswith("No open gaps")


def test_list_clips_long_questions_to_the_width(
    cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli, "gap", "add", "why " * 40, "--topic", "talk")
    for width in (60, 80, 120):
        monkeypatch.setenv("COLUMNS", str(width))
        lines = ok(cli, "gap", "list", "--all").stdout.splitlines()
        assert max(len(line) for line in lines) == width
        assert lines[1].startswith("0001  today  open    talk   why why")


# --- gap close -------------------------------------------------------------------------------


def test_close_by_prefix(cli: Invoke, tiny: Path, clock: Clock) -> None:
    ok(cli, "gap", "add", "what is idempotency?")
    clock("2026-03-03")
    result = ok(cli, "gap", "close", "gap:0001", "Safe to retry.", "--link", "https://e.com/i")
    assert result.stderr == (
        "Closed gap 0001. It comes back for review on 2026-03-04 (tomorrow): tpmpath review\n"
    )
    event = json.loads(ok(cli, "history", "--json", "-n", "1").stdout)[0]
    assert {k: event[k] for k in ("action", "gap", "text", "link", "at")} == {
        "action": "close", "gap": full(1), "text": "Safe to retry.",
        "link": "https://e.com/i", "at": "2026-03-03T09:00:00Z",
    }  # fmt: skip


def test_close_json(cli: Invoke, tiny: Path) -> None:
    ok(cli, "gap", "add", "q")
    result = ok(cli, "gap", "close", "0001", "An answer.", "--json")
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert (data["status"], data["explanation"]) == ("closed", "An answer.")


def test_a_link_that_is_not_a_web_address_is_kept_with_a_warning(cli: Invoke, tiny: Path) -> None:
    ok(cli, "gap", "add", "q")
    result = ok(cli, "gap", "close", "0001", "An answer.", "--link", "notes/idempotency.md")
    assert "Warning: 'notes/idempotency.md' is not an http(s) URL; kept as given." in result.stderr
    assert gaps(cli, "--all")[0]["link"] == "notes/idempotency.md"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["0001", "  "], "Error: The explanation is empty: explain it in your own words, "
                         "two or three sentences.\n"),
        (["000", "x"], "Error: '000' matches 2 gaps: 0001 (q one); 0004 (q two).\n"
                       "Type more of the id to pick one.\n"),
        (["9", "x"], "Error: No gap '9'.\nOpen gaps: 0001 (q one); 0004 (q two).\n"),
        (["0001", "x", "--link", " "], "Error: The --link is empty"),
    ],
)  # fmt: skip
def test_a_refused_close_changes_nothing(
    cli: Invoke, tiny: Path, isolated: Path, args: list[str], error: str
) -> None:
    ok(cli, "gap", "add", "q one")
    ok(cli, "gap", "add", "q two")
    before = stored(isolated)
    result = cli("gap", "close", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(error)
    assert stored(isolated) == before


def test_closing_a_closed_gap_is_an_error(cli: Invoke, tiny: Path, clock: Clock) -> None:
    ok(cli, "gap", "add", "q")
    ok(cli, "gap", "close", "0001", "An answer.")
    result = cli("gap", "close", "0001", "Another.")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: Gap 0001 was closed on 2026-03-02.\n"
        "`tpmpath gap list --all` shows it with its explanation.\n",
    )


def test_close_needs_an_explanation(cli: Invoke, tiny: Path) -> None:
    ok(cli, "gap", "add", "q")
    assert cli("gap", "close", "0001").exit_code == 2


def test_close_with_no_progress_creates_nothing(cli: Invoke, tiny: Path, isolated: Path) -> None:
    assert cli("gap", "close", "0001", "x").exit_code == 1
    assert not isolated.exists()


# --- review ----------------------------------------------------------------------------------


def test_review_lists_due_gaps_with_the_question(cli: Invoke, tiny: Path, clock: Clock) -> None:
    _three(cli, clock)
    ok(cli, "done", "c", "--confidence", "2")
    assert ok(cli, "review").stderr == (
        "Nothing is due for review today. Next: c on 2026-03-06 (tomorrow).\n"
    )
    clock("2026-03-07")
    result = ok(cli, "review")
    assert result.stdout == (
        "ID        DUE         LATE   CONFIDENCE  REVIEWS  TITLE\n"
        "c         2026-03-06  1 day         2/5        0  Topic C\n"
        "gap:0001  2026-03-06  1 day           -        0  what is idempotency?\n"
    )
    entry = json.loads(ok(cli, "review", "--json").stdout)[1]
    assert entry == {
        "id": "gap:0001", "title": "what is idempotency?", "step": None, "gap": full(1),
        "due": "2026-03-06", "days_overdue": 1, "confidence": None, "reviews": 0,
        "interval_days": 1,
    }  # fmt: skip


def test_nothing_due_names_the_next_gap(cli: Invoke, tiny: Path, clock: Clock) -> None:
    _three(cli, clock)
    assert ok(cli, "review").stderr == (
        "Nothing is due for review today. Next: gap:0001 on 2026-03-06 (tomorrow).\n"
    )


def test_review_of_a_gap_climbs_the_ladder(cli: Invoke, tiny: Path, clock: Clock) -> None:
    _three(cli, clock)
    clock("2026-03-06")
    result = ok(cli, "review", "gap:0001", "--confidence", "4")
    assert result.stderr == "Reviewed gap:0001. Next review: 2026-03-13 (in 7 days).\n"
    event = json.loads(ok(cli, "history", "--json", "-n", "1").stdout)[0]
    assert {k: event.get(k) for k in ("action", "gap", "topic", "confidence")} == {
        "action": "review", "gap": full(1), "topic": None, "confidence": 4,
    }  # fmt: skip
    clock("2026-03-13")
    data = json.loads(ok(cli, "review", "gap:0001", "--json").stdout)
    # Two good reviews, the last with no confidence (3): rung 2 of the ladder, 7 days.
    assert data == {
        "id": "gap:0001", "gap": full(1), "due": "2026-03-20", "last": "2026-03-13",
        "interval_days": 7, "reviews": 2, "successful_reviews": 2,
    }  # fmt: skip


def test_review_of_an_open_gap_is_refused(cli: Invoke, tiny: Path, isolated: Path) -> None:
    ok(cli, "gap", "add", "q")
    before = stored(isolated)
    result = cli("review", "gap:0001", "--confidence", "3")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: Gap 0001 is open: only closed gaps are reviewed.\n"
        'Close it first, in your own words: tpmpath gap close 0001 "..."\n',
    )
    assert stored(isolated) == before
    assert cli("review", "gap:zz").exit_code == 1


# --- status, next, history, undo -------------------------------------------------------------


def test_status_counts_gaps(cli: Invoke, tiny: Path, clock: Clock) -> None:
    assert "Gaps:" not in ok(cli, "status").stdout
    assert json.loads(ok(cli, "status", "--json").stdout)["gaps"] == {
        "open": 0, "closed": 0, "oldest": None,
    }  # fmt: skip
    _three(cli, clock)
    text = ok(cli, "status").stdout
    assert text.rstrip().endswith("Gaps: 2 open, 1 closed; oldest (4 days) 0006: why a queue?")
    counted = json.loads(ok(cli, "status", "--json").stdout)["gaps"]
    assert (counted["open"], counted["closed"], counted["oldest"]["short_id"]) == (2, 1, "0006")


def test_next_mentions_the_open_gaps_on_stderr_only(cli: Invoke, tiny: Path, clock: Clock) -> None:
    before = json.loads(ok(cli, "next", "--json").stdout)
    _three(cli, clock)
    result = ok(cli, "next")
    assert result.stderr == (
        "2 gaps are open; the oldest (4 days) is 0006: why a queue? (tpmpath gap list)\n"
    )
    after = ok(cli, "next", "--json")
    assert (json.loads(after.stdout), after.stderr) == (before, "")
    clock("2026-03-07")  # the closed gap is due
    assert ok(cli, "next").stderr == (
        "2 gaps are open; the oldest (6 days) is 0006: why a queue? (tpmpath gap list)\n"
        "1 closed gap is due for review: tpmpath review\n"
    )


def test_history_names_gap_events(cli: Invoke, tiny: Path, clock: Clock) -> None:
    _three(cli, clock)
    clock("2026-03-06")
    ok(cli, "review", "gap:0001")
    ok(cli, "undo")
    assert ok(cli, "history").stdout == (
        "2026-03-06 09:00  undo (review gap:0001)\n"
        "2026-03-06 09:00  review gap:0001  (undone)\n"
        "2026-03-05 09:00  close gap 0001  Twice has the effect of once: safe to retry.\n"
        "2026-03-01 12:00  gap 0006 (talk)  why a queue?  (recorded 2026-03-04 09:00)\n"
        "2026-03-04 09:00  gap 0004  what is a p99?\n"
        "2026-03-02 09:00  gap 0001 (a)  what is idempotency?\n"
    )


def test_undo_of_a_close_then_of_an_add(cli: Invoke, tiny: Path, clock: Clock) -> None:
    ok(cli, "gap", "add", "q")
    ok(cli, "gap", "close", "0001", "An answer.")
    assert ok(cli, "undo").stderr == "Undid 'close gap 0001' from 2026-03-02 09:00.\n"
    assert [g["status"] for g in gaps(cli, "--all")] == ["open"]
    assert ok(cli, "undo").stderr == "Undid 'gap 0001' from 2026-03-02 09:00.\n"
    assert gaps(cli, "--all") == []
    assert cli("gap", "close", "0001", "x").exit_code == 1


# --- log -------------------------------------------------------------------------------------


def test_log_gap_options_open_gaps_in_the_logs_batch(cli: Invoke, tiny: Path, clock: Clock) -> None:
    result = ok(cli, "log", "talk", "Design review", "--gap", "what is a p99?", "--gap", "why?")
    assert result.stderr == "Logged talk (1/3).\nAdded gaps 0007, 0008: tpmpath gap list\n"
    listed = gaps(cli)
    assert [(g["text"], g["topic"], g["context"]) for g in listed] == [
        ("what is a p99?", "talk", "Design review"),
        ("why?", "talk", "Design review"),
    ]
    events = json.loads(ok(cli, "history", "--json").stdout)
    # The change is built twice when nothing is stored yet (see ProgressStore.change): ids
    # 0001-0004 went to the first try.
    assert {e["batch"] for e in events} == {full(6)}
    assert ok(cli, "undo").stderr == "Undid 'log talk (+2 gaps)' from 2026-03-02 09:00.\n"
    assert gaps(cli) == []


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands_practice, "stdin_is_terminal", lambda: True)


def test_log_on_a_terminal_asks_what_was_not_understood(
    cli: Invoke, tiny: Path, terminal: None
) -> None:
    result = ok(cli, "log", "talk", input="Caching\n what is a TTL? \nwhy LRU?\n\nnot read\n")
    assert result.stderr == (
        "What did you learn? (Enter to skip)\n> "
        "Anything you did not understand? (one per line, empty line to finish)\n"
        "> > > Logged talk (1/3).\nAdded gaps 0007, 0008: tpmpath gap list\n"
    )
    assert [g["text"] for g in gaps(cli)] == ["what is a TTL?", "why LRU?"]


@pytest.mark.parametrize(
    "args", [["log", "talk", "--no-prompt"], ["log", "a"]], ids=["no-prompt", "not a practice"]
)
def test_log_does_not_ask_about_gaps(
    cli: Invoke, tiny: Path, terminal: None, args: list[str]
) -> None:
    result = ok(cli, *args, input="what is a TTL?\n\n")
    assert "Anything you did not understand?" not in result.stderr
    assert gaps(cli) == []


def test_log_off_a_terminal_never_asks(cli: Invoke, tiny: Path) -> None:
    result = ok(cli, "log", "talk", input="what is a TTL?\n\n")
    assert result.stderr == "Logged talk (1/3).\n"
    assert gaps(cli) == []


def test_log_gap_on_any_topic(cli: Invoke, tiny: Path) -> None:
    ok(cli, "log", "a", "--gap", "what is REST?")
    assert gaps(cli)[0]["topic"] == "a"
    assert cli("log", "a", "--gap", " ").exit_code == 1


# --- export / import -------------------------------------------------------------------------


def test_export_and_import_carry_gaps(
    cli: Invoke, tiny: Path, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _three(cli, clock)
    clock("2026-03-06")
    ok(cli, "review", "gap:0001", "--confidence", "5")
    mine = tmp_path / "mine.json"
    ok(cli, "export", "-o", str(mine))
    expected = gaps(cli, "--all")
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(tmp_path / "laptop"))
    assert gaps(cli, "--all") == []
    preview = ok(cli, "import", str(mine), "--dry-run")
    assert [line for line in preview.stderr.splitlines() if line.startswith("  ")] == [
        "  (gaps): 3 events",  # the gap on no topic, the close and the review of 0001
        "  a: 1 event",
        "  talk: 1 event",
    ]
    ok(cli, "import", str(mine))
    assert gaps(cli, "--all") == expected
    ok(cli, "undo")
    assert gaps(cli, "--all") == []


# --- completion ------------------------------------------------------------------------------


class Ctx:
    def __init__(self, curriculum: Path) -> None:
        self.params = {"profile": "default", "curriculum": curriculum}

    def find_root(self) -> Ctx:
        return self


def test_completion_of_gap_ids(cli: Invoke, tiny: Path, clock: Clock) -> None:
    _three(cli, clock)
    ctx: Any = Ctx(tiny)
    assert complete_gap(ctx, "") == ["0006", "0004"]
    assert complete_gap(ctx, "00") == ["0006", "0004"]
    assert complete_gap(ctx, "0001") == []  # closed
    assert complete_closed_gap(ctx, "") == ["gap:0001"]
    assert complete_closed_gap(ctx, "gap:0") == ["gap:0001"]
    assert complete_closed_gap(ctx, "a") == []
    assert complete_gap(Ctx(tiny.with_name("missing.yaml")), "") == []  # type: ignore[arg-type]


# --- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["gap", "add", "bad \udcff bytes"], "Error: The question is not valid UTF-8 text."),
        (["gap", "add", "x" * 100_001], "Error: The question has 100001 characters"),
        (["gap", "close", "0001", "bad \udcff"], "Error: The explanation is not valid UTF-8"),
        (["log", "talk", "--gap", "x" * 100_001], "Error: The --gap has 100001 characters"),
    ],
)
def test_hostile_text_is_a_clean_error(
    cli: Invoke, tiny: Path, isolated: Path, args: list[str], error: str
) -> None:
    ok(cli, "gap", "add", "q")
    before = stored(isolated)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(error)
    assert stored(isolated) == before


def test_control_characters_never_reach_the_terminal(cli: Invoke, tiny: Path) -> None:
    ok(cli, "gap", "add", "what is \x1b[31mred\x1b[0m?\x07")
    for args in (["gap", "list"], ["history"], ["status"]):
        assert "\x1b" not in ok(cli, *args).stdout and "\x07" not in ok(cli, *args).stdout
    assert gaps(cli)[0]["text"] == "what is \x1b[31mred\x1b[0m?\x07"  # kept as given

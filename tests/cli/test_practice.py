"""The practice commands through the CLI: log, note, review, and what show/next/list say of them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TINY, Invoke
from tpmpath.cli import practice as commands_practice
from tpmpath.cli.app import check_link, clean_text
from tpmpath.errors import InvalidInputError

Clock = Callable[[str], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Set the date and time tpmpath sees: clock("2026-01-02") is 09:00 UTC that day."""

    def set_to(day: str) -> None:
        monkeypatch.setenv("TPMPATH_NOW", f"{day}T09:00:00+00:00")

    set_to("2026-01-01")
    return set_to


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is typing at stdin (CliRunner's stdin is not a terminal)."""
    monkeypatch.setattr(commands_practice, "stdin_is_terminal", lambda: True)


def events(cli: Invoke) -> list[dict[str, Any]]:
    """The recorded events, oldest first, without ids and batches."""
    history = json.loads(cli("history", "--json").stdout)
    drop = {"id", "batch", "at", "undone", "device"}
    return [{k: v for k, v in e.items() if k not in drop} for e in reversed(history)]


def topics(cli: Invoke) -> dict[str, tuple[str, int | None]]:
    """Each topic's status and count (None without a target), from `list --json`."""
    return {
        t["id"]: (t["status"], t.get("count")) for t in json.loads(cli("list", "--json").stdout)
    }


# log


def test_log_counts_to_the_target(cli: Invoke, tiny: Path, clock: Clock) -> None:
    said = [cli("log", "talk", f"chat {n}").stderr for n in range(1, 5)]
    assert said == [
        "Logged talk (1/3).\n",
        "Logged talk (2/3).\n",
        "Logged talk (3/3): done!\n",
        "Logged talk (4/3): already done.\n",
    ]
    assert topics(cli)["talk"] == ("done", 4)
    view = json.loads(cli("show", "talk", "--json").stdout)
    assert (view["status"], view["count"], view["target"]) == ("done", 4, 3)
    assert view["completed_at"] == "2026-01-01T09:00:00Z"
    assert [e["text"] for e in view["logs"]] == ["chat 1", "chat 2", "chat 3", "chat 4"]
    assert "Status: done (3/3 logged)\n" in cli("show", "talk").stdout


def test_log_shows_n_of_target_in_list_next_and_show(cli: Invoke, tiny: Path) -> None:
    cli("log", "talk")
    assert "talk     2  in progress 1/3  Talk to people" in cli("list").stdout
    assert cli("next").stdout.splitlines()[0] == "[~] talk  Talk to people  (1/3)"
    assert "Status: in progress (1/3 logged)\n" in cli("show", "talk").stdout


def test_partial_practice_gives_partial_percent(cli: Invoke, tiny: Path) -> None:
    cli("log", "talk", "one")
    status = json.loads(cli("status", "--json").stdout)
    assert status["overall"]["percent"] == 6.7  # round(100 * (1/3) / 5, 1)
    assert [s["percent"] for s in status["steps"]] == [0.0, 16.7]
    assert (status["overall"]["in_progress"], status["overall"]["done"]) == (1, 0)


def test_log_without_target_is_evidence(cli: Invoke, tiny: Path) -> None:
    assert cli("log", "a", "read the RFC").stderr == "Logged a (1 logged): now in progress.\n"
    assert cli("log", "a").stderr == "Logged a (2 logged).\n"
    assert topics(cli)["a"] == ("in_progress", None)
    cli("done", "a")
    assert cli("log", "a").stderr == "Logged a (3 logged).\n"
    assert topics(cli)["a"] == ("done", None)


def test_log_on_a_skipped_practice_keeps_it_skipped(cli: Invoke, tiny: Path) -> None:
    cli("skip", "talk")
    assert cli("log", "talk").stderr == "Logged talk (1/3): already skipped.\n"
    assert topics(cli)["talk"] == ("skipped", 1)


def test_undo_of_a_log(cli: Invoke, tiny: Path, clock: Clock) -> None:
    for _ in range(3):
        cli("log", "talk")
    result = cli("undo")
    assert (result.exit_code, result.stderr) == (0, "Undid 'log talk' from 2026-01-01 09:00.\n")
    assert topics(cli)["talk"] == ("in_progress", 2)


def test_reset_clears_the_count(cli: Invoke, tiny: Path) -> None:
    cli("log", "talk")
    cli("log", "talk")
    cli("reset", "talk")
    assert topics(cli)["talk"] == ("todo", 0)
    assert cli("log", "talk").stderr == "Logged talk (1/3).\n"


def test_log_keeps_the_date(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("log", "talk", "first")
    clock("2026-01-05")
    cli("log", "talk")
    view = json.loads(cli("show", "talk", "--json").stdout)
    assert [e["at"] for e in view["logs"]] == ["2026-01-01T09:00:00Z", "2026-01-05T09:00:00Z"]
    assert "  2026-01-01 (log)\n    first\n  2026-01-05 (log)" in cli("show", "talk").stdout


# reflection prompts


def test_no_question_when_stdin_is_not_a_terminal(cli: Invoke, tiny: Path) -> None:
    result = cli("log", "talk", "x", input="an answer nobody was asked for\n")
    assert (result.exit_code, result.stderr) == (0, "Logged talk (1/3).\n")
    assert events(cli) == [{"action": "log", "topic": "talk", "text": "x"}]


def test_the_question_on_a_terminal(cli: Invoke, tiny: Path, terminal: None, clock: Clock) -> None:
    result = cli("log", "talk", input="  Ask about on-call load  \n")
    assert result.exit_code == 0
    assert result.stderr == (
        "What did you learn? (Enter to skip)\n> "
        "Anything you did not understand? (one per line, empty line to finish)\n> \n"
        "Logged talk (1/3).\n"
    )
    assert result.stdout == ""
    assert events(cli) == [
        {
            "action": "log",
            "topic": "talk",
            "prompt": "What did you learn?",
            "answer": "Ask about on-call load",
        }
    ]
    text = cli("show", "talk").stdout
    assert text.endswith(
        "Notes:\n  2026-01-01 (log)\n    Q: What did you learn?\n    A: Ask about on-call load\n"
    )


def test_an_empty_answer_skips_the_question(cli: Invoke, tiny: Path, terminal: None) -> None:
    assert cli("log", "talk", input="\n").exit_code == 0
    assert events(cli) == [{"action": "log", "topic": "talk"}]


def test_no_prompt(cli: Invoke, tiny: Path, terminal: None) -> None:
    result = cli("log", "talk", "--no-prompt", input="not read\n")
    assert (result.exit_code, result.stderr) == (0, "Logged talk (1/3).\n")
    assert events(cli) == [{"action": "log", "topic": "talk"}]


def test_answer_option_stores_the_question_it_answers(cli: Invoke, tiny: Path) -> None:
    assert cli("log", "talk", "1:1 with Bo", "--answer", "Queues!").exit_code == 0
    assert cli("log", "talk", "--answer", "  ").exit_code == 0
    assert events(cli) == [
        {
            "action": "log",
            "topic": "talk",
            "text": "1:1 with Bo",
            "prompt": "What did you learn?",
            "answer": "Queues!",
        },
        {"action": "log", "topic": "talk"},
    ]


def test_questions_rotate_with_the_log_count(cli: Invoke) -> None:
    for n in range(3):
        cli("log", "join-technical-discussions", "--answer", f"answer {n}")
    asked = [e["prompt"] for e in events(cli)]
    assert asked == [
        "What trade-off was discussed, and what was decided?",
        "Which terms or components came up that you could not yet explain?",
        "What trade-off was discussed, and what was decided?",
    ]


def test_answer_without_prompts_is_kept(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("log", "a", "--answer", "learned a lot")
    assert events(cli) == [{"action": "log", "topic": "a", "answer": "learned a lot"}]
    assert cli("show", "a").stdout.endswith("Notes:\n  2026-01-01 (log)\n    A: learned a lot\n")


# notes and evidence

JAPANESE_NOTE = "設計レビューに参加した 🚀\n\n  - キャッシュ戦略\n  - 可用性 vs 一貫性 ✅"


def test_note_from_the_argument(cli: Invoke, tiny: Path, clock: Clock) -> None:
    result = cli("note", "a", "Read the HTTP overview")
    assert (result.exit_code, result.stderr) == (0, "Added a note to a.\n")
    assert events(cli) == [{"action": "note", "topic": "a", "text": "Read the HTTP overview"}]
    assert topics(cli)["a"] == ("todo", None)
    assert cli("show", "a").stdout.endswith(
        "Notes:\n  2026-01-01 (note)\n    Read the HTTP overview\n"
    )


def test_multiline_unicode_note_from_stdin(cli: Invoke, tiny: Path, clock: Clock) -> None:
    result = cli("note", "a", input=JAPANESE_NOTE + "\n\n")
    assert result.exit_code == 0, result.stderr
    text = cli("show", "a").stdout
    assert text.endswith(
        "Notes:\n"
        "  2026-01-01 (note)\n"
        "    設計レビューに参加した 🚀\n"
        "\n"
        "      - キャッシュ戦略\n"
        "      - 可用性 vs 一貫性 ✅\n"
    )
    view = json.loads(cli("show", "a", "--json").stdout)
    assert [(n["action"], n["text"], n["at"]) for n in view["notes"]] == [
        ("note", JAPANESE_NOTE, "2026-01-01T09:00:00Z")
    ]


def test_note_with_a_link(cli: Invoke, tiny: Path, clock: Clock) -> None:
    result = cli("note", "a", "Design doc", "--link", " https://docs.example.com/d/1 ")
    assert (result.exit_code, result.stderr) == (0, "Added a note to a.\n")
    assert cli("show", "a").stdout.endswith(
        "  2026-01-01 (note)\n    Design doc\n    link: https://docs.example.com/d/1\n"
    )
    view = json.loads(cli("show", "a", "--json").stdout)
    assert view["notes"][0]["link"] == "https://docs.example.com/d/1"


def test_link_only_evidence(cli: Invoke, tiny: Path, terminal: None) -> None:
    result = cli("note", "a", "--link", "https://github.com/me/demo")
    assert (result.exit_code, result.stderr) == (0, "Added a link to a.\n")
    assert events(cli) == [{"action": "note", "topic": "a", "link": "https://github.com/me/demo"}]


def test_link_only_with_empty_stdin(cli: Invoke, tiny: Path) -> None:
    assert cli("note", "a", "--link", "https://x.example", input="").exit_code == 0
    assert events(cli) == [{"action": "note", "topic": "a", "link": "https://x.example"}]


def test_a_link_that_is_not_a_web_address_is_kept_with_a_warning(cli: Invoke, tiny: Path) -> None:
    result = cli("note", "a", "cert", "--link", "~/certs/aws.pdf")
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: '~/certs/aws.pdf' is not an http(s) URL; kept as given.\nAdded a note to a.\n"
    )
    assert events(cli)[0]["link"] == "~/certs/aws.pdf"


def test_done_keeps_note_and_link(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("done", "a", "--note", "shipped it", "--link", "https://x.example/pr/1")
    clock("2026-01-03")
    cli("done", "a", "--note", "more evidence")
    view = json.loads(cli("show", "a", "--json").stdout)
    assert [(n["action"], n.get("text")) for n in view["notes"]] == [
        ("done", "shipped it"),
        ("done", "more evidence"),
    ]
    # adding evidence is not a new completion: the date and the review schedule stay
    assert view["completed_at"] == "2026-01-01T09:00:00Z"
    assert view["review"]["due"] == "2026-01-02"


@pytest.mark.parametrize(
    ("args", "stdin", "code", "error"),
    [
        (["note", "a", ""], None, 1, "Error: The note is empty.\n"),
        (["note", "a", " \n\t "], None, 1, "Error: The note is empty.\n"),
        (["note", "a"], "", 1, "Error: The note is empty.\n"),
        (["note", "a"], "\n\n  \n", 1, "Error: The note is empty.\n"),
        (["note", "a", "x", "--link", ""], None, 1, "Error: The --link is empty"),
        (["note", "a", "x", "--link", "h" * 2001], None, 1, "Error: The --link has 2001 "),
        (["note", "zzz", "x"], None, 1, "Error: No topic 'zzz' in curriculum 'tiny'."),
        (["log", "zzz"], None, 1, "Error: No topic 'zzz' in curriculum 'tiny'."),
        (["log", "talk", "  "], None, 1, "Error: The log text is empty.\n"),
        (["log", "talk", "--link", "  "], None, 1, "Error: The --link is empty"),
        (["review", "zzz"], None, 1, "Error: No topic 'zzz' in curriculum 'tiny'."),
    ],
)
def test_refused_input_changes_nothing(
    cli: Invoke, tiny: Path, args: list[str], stdin: str | None, code: int, error: str
) -> None:
    result = cli(*args, input=stdin)
    assert result.exit_code == code
    assert result.stderr.startswith(error)
    assert events(cli) == []


def test_note_needs_text_on_a_terminal(cli: Invoke, tiny: Path, terminal: None) -> None:
    result = cli("note", "a")
    assert result.exit_code == 2
    assert "Invalid value for 'TEXT': a note is needed" in result.stderr
    assert events(cli) == []


def test_a_huge_note_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="100001 characters"):
        clean_text("x" * 100_001, "note")


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("  indented\nline  \n\n", "  indented\nline"),
        ("\n\nafter blank lines", "after blank lines"),
    ],
)
def test_clean_text(text: str, cleaned: str) -> None:
    assert clean_text(text, "note") == cleaned


@pytest.mark.parametrize(
    ("link", "warns"),
    [
        ("https://example.com", False),
        ("HTTP://EXAMPLE.COM", False),
        ("example.com/doc", True),
        ("/home/me/cert.pdf", True),
        ("h" * 2000, True),
        ("https://evil.example\\@docs.google.com/doc", True),
        ("https://me@docs.google.com/doc", True),
        ("https://docs.google\u202e.com/", True),
    ],
)
def test_check_link(link: str, warns: bool) -> None:
    cleaned, warning = check_link(link)
    assert (cleaned, warning is not None) == (link, warns)


def test_a_web_link_that_will_not_be_a_link_says_why() -> None:
    _, warning = check_link("https://evil.example\\@docs.google.com/doc")
    assert warning == (
        "Warning: 'https://evil.example\\@docs.google.com/doc' will be shown as text, not as a "
        "link (only a plain web address is: no backslash, user name, space or hidden character). "
        "Kept as given."
    )


# review


def review_json(cli: Invoke) -> list[dict[str, Any]]:
    result = cli("review", "--json")
    assert result.exit_code == 0
    return list(json.loads(result.stdout))


@pytest.mark.parametrize(
    ("confidence", "due"),
    [
        ([], "2026-01-02"),
        (["--confidence", "1"], "2026-01-02"),
        (["--confidence", "2"], "2026-01-02"),
        (["--confidence", "3"], "2026-01-02"),
        (["--confidence", "4"], "2026-01-04"),
        (["--confidence", "5"], "2026-01-08"),
    ],
)
def test_first_review_date_by_confidence(
    cli: Invoke, tiny: Path, clock: Clock, confidence: list[str], due: str
) -> None:
    cli("done", "a", *confidence)
    assert json.loads(cli("show", "a", "--json").stdout)["review"]["due"] == due
    clock(due)
    assert [(r["id"], r["due"], r["days_overdue"]) for r in review_json(cli)] == [("a", due, 0)]


def test_nothing_due_the_day_before(cli: Invoke, tiny: Path, clock: Clock) -> None:
    assert cli("review").stderr == (
        "Nothing is due for review: topics come back here once they are done.\n"
    )
    cli("done", "a", "--confidence", "2")
    result = cli("review")
    assert (result.stdout, result.stderr) == (
        "",
        "Nothing is due for review today. Next: a on 2026-01-02 (tomorrow).\n",
    )
    assert review_json(cli) == []


def test_due_list_most_overdue_first(cli: Invoke, tiny: Path, clock: Clock) -> None:
    tiny.write_text(TINY.replace("target: 3\n", "target: 3\n        review: true\n"))
    cli("done", "a", "--confidence", "2")  # due 2026-01-02
    cli("done", "c", "--confidence", "4")  # due 2026-01-04
    cli("skip", "b")  # skipped topics are never reviewed
    clock("2026-01-03")
    for _ in range(3):
        cli("log", "talk", "--no-prompt")  # review: true, done by logs on the 3rd: due the 4th
    clock("2026-01-10")
    assert review_json(cli) == [
        {
            "id": "a",
            "title": "Topic A",
            "step": "basics",
            "due": "2026-01-02",
            "days_overdue": 8,
            "confidence": 2,
            "reviews": 0,
            "interval_days": 1,
        },
        {
            "id": "c",
            "title": "Topic C",
            "step": "basics",
            "due": "2026-01-04",
            "days_overdue": 6,
            "confidence": 4,
            "reviews": 0,
            "interval_days": 3,
        },
        {
            "id": "talk",
            "title": "Talk to people",
            "step": "practice",
            "due": "2026-01-04",
            "days_overdue": 6,
            "confidence": None,
            "reviews": 0,
            "interval_days": 1,
        },
    ]
    result = cli("review")
    assert result.stdout == (
        "ID    DUE         LATE    CONFIDENCE  REVIEWS  TITLE\n"
        "a     2026-01-02  8 days         2/5        0  Topic A\n"
        "c     2026-01-04  6 days         4/5        0  Topic C\n"
        "talk  2026-01-04  6 days           -        0  Talk to people\n"
    )
    assert result.stderr == "When you have reviewed one: tpmpath review TOPIC --confidence 1-5\n"


def test_recording_reviews_climbs_the_ladder(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("done", "a", "--confidence", "2")
    steps = [
        ("2026-01-02", ["--confidence", "4"], "2026-01-09 (in 7 days)"),
        ("2026-01-09", ["--confidence", "3"], "2026-01-16 (in 7 days)"),
        ("2026-02-01", ["--confidence", "1"], "2026-02-02 (tomorrow)"),
        ("2026-02-02", [], "2026-02-05 (in 3 days)"),
    ]
    for day, confidence, said in steps:
        clock(day)
        result = cli("review", "a", *confidence)
        assert (result.exit_code, result.stderr) == (0, f"Reviewed a. Next review: {said}.\n")
    assert [e.get("confidence") for e in events(cli)] == [2, 4, 3, 1, None]
    text = cli("show", "a").stdout
    assert (
        "Confidence: 1/5\nReviews: 4, last on 2026-02-02\nNext review: 2026-02-05 (in 3 days)\n"
        in text
    )
    view = json.loads(cli("show", "a", "--json").stdout)
    assert view["review"] == {
        "due": "2026-02-05",
        "last": "2026-02-02",
        "interval_days": 3,
        "reviews": 4,
        "successful_reviews": 1,
    }
    assert [r["confidence"] for r in view["reviews"] if "confidence" in r] == [4, 3, 1]


def test_review_json_for_one_topic(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("done", "a", "--confidence", "5")
    clock("2026-01-08")
    result = cli("review", "a", "--confidence", "5", "--json")
    assert json.loads(result.stdout) == {
        "id": "a",
        "due": "2026-01-29",
        "last": "2026-01-08",
        "interval_days": 21,
        "reviews": 1,
        "successful_reviews": 1,
    }


def test_undo_of_a_review(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("done", "a", "--confidence", "2")
    clock("2026-01-02")
    cli("review", "a", "--confidence", "5")
    assert review_json(cli) == []
    assert cli("undo").exit_code == 0
    assert [r["id"] for r in review_json(cli)] == ["a"]


def test_show_says_when_a_review_is_due(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("done", "a", "--confidence", "2")
    assert "Confidence: 2/5\nNext review: 2026-01-02 (tomorrow)\n" in cli("show", "a").stdout
    clock("2026-01-04")
    assert "Next review: 2026-01-02 (2 days ago)\n" in cli("show", "a").stdout
    assert "Next review" not in cli("show", "b").stdout
    assert json.loads(cli("show", "b", "--json").stdout)["review"] is None


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        (
            [],
            "Error: 'a' is todo: only done topics are reviewed.\n"
            "Mark it done first: tpmpath done a\n",
        ),
        (["start"], "Error: 'a' is in progress: only done topics are reviewed."),
        (["skip"], "Error: 'a' is skipped: only done topics are reviewed."),
    ],
)
def test_only_done_topics_are_reviewed(
    cli: Invoke, tiny: Path, setup: list[str], error: str
) -> None:
    if setup:
        cli(*setup, "a")
    before = events(cli)
    result = cli("review", "a", "--confidence", "3")
    assert result.exit_code == 1
    assert result.stderr.startswith(error)
    assert events(cli) == before


@pytest.mark.parametrize(
    "args",
    [
        ["review", "a", "--confidence", "0"],
        ["review", "a", "--confidence", "6"],
        ["review", "a", "--confidence", "high"],
        ["review", "--confidence", "3"],
        ["done", "a", "--confidence", "9"],
    ],
)
def test_confidence_out_of_range_is_a_usage_error(cli: Invoke, tiny: Path, args: list[str]) -> None:
    cli("done", "c")
    before = events(cli)
    result = cli(*args)
    assert result.exit_code == 2
    assert "--confidence" in result.stderr
    assert events(cli) == before


# next mentions due reviews


def test_next_mentions_due_reviews_in_text_only(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("done", "a", "--confidence", "2")
    cli("done", "c", "--confidence", "3")
    assert cli("next").stderr == ""
    clock("2026-01-02")
    result = cli("next")
    assert result.stderr == "2 topics are due for review: tpmpath review\n"
    assert result.stdout.startswith("[ ] b  Topic B\n")
    as_json = cli("next", "--json")
    assert as_json.stderr == ""
    assert [t["id"] for t in json.loads(as_json.stdout)] == ["b", "talk"]
    cli("review", "a", "--confidence", "4")
    assert cli("next").stderr == "1 topic is due for review: tpmpath review\n"


def test_next_mentions_reviews_when_nothing_is_left(cli: Invoke, tiny: Path, clock: Clock) -> None:
    cli("done", "a", "b", "c", "talk", "d")
    clock("2026-01-05")
    assert cli("next").stderr == (
        "Nothing left to do: every topic is done or skipped. Well done!\n"
        "4 topics are due for review: tpmpath review\n"  # not the practice talk
    )


@pytest.mark.parametrize(
    ("review_keys", "due"),
    [
        ("", ["a", "c"]),  # a practice is not reviewed unless it says so
        ("      - {id: c, title: Topic C, review: false}", ["a"]),
        ("        review: true", ["a", "c", "talk"]),
    ],
)
def test_which_done_topics_are_reviewed(
    cli: Invoke, tiny: Path, clock: Clock, review_keys: str, due: list[str]
) -> None:
    text = TINY
    if review_keys.startswith("      - "):
        text = text.replace("      - {id: c, title: Topic C}", review_keys)
    elif review_keys:
        text = text.replace("target: 3\n", f"target: 3\n{review_keys}\n")
    tiny.write_text(text)
    cli("done", "a", "c", "talk")
    clock("2026-01-05")
    assert [item["id"] for item in review_json(cli)] == due
    for topic in ("a", "c", "talk"):
        shown = json.loads(cli("show", topic, "--json").stdout)
        assert (shown["review"] is not None) == (topic in due)
        assert ("Next review:" in cli("show", topic).stdout) == (topic in due)


# the curriculum schema


def test_curriculum_validate_checks_target(cli: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'id: t\ntitle: T\nversion: "1"\nsteps:\n  - id: s\n    title: S\n    topics:\n'
        "      - {id: a, title: A, target: 0}\n",
        encoding="utf-8",
    )
    result = cli("curriculum", "validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:8:" in result.stderr and "'target'" in result.stderr
    good = tmp_path / "good.yaml"
    good.write_text(bad.read_text(encoding="utf-8").replace("target: 0", "target: 1"))
    assert cli("curriculum", "validate", str(good)).exit_code == 0

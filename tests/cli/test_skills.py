"""`assess` and `show skill:ID` through the CLI, with a fixed clock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tpmpath.cli import practice as commands_practice
from tpmpath.cli.completion import complete_rating, complete_skill, complete_skill_ref
from tpmpath.store.files import progress_path

NOW = "2026-03-10T09:00:00Z"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TPMPATH_NOW", NOW)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is typing at stdin (CliRunner's stdin is not a terminal)."""
    monkeypatch.setattr(commands_practice, "stdin_is_terminal", lambda: True)


def ratings(cli: Invoke) -> dict[str, list[tuple[str, int]]]:
    """Each skill's dated ratings, from `assess --json`."""
    result = cli("assess", "--json")
    assert result.exit_code == 0, result.stderr
    return {
        s["id"]: [(r["at"], r["level"]) for r in s["ratings"]] for s in json.loads(result.stdout)
    }


def test_assess_records_ratings_as_one_batch(cli: Invoke, skilled: Path) -> None:
    result = cli("assess", "apis=3", "talk=2")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Rated: apis 3/5, talking 2/5.\n"
    assert ratings(cli) == {
        "apis": [("2026-03-10T09:00:00Z", 3)],
        "talking": [("2026-03-10T09:00:00Z", 2)],
    }
    history = json.loads(cli("history", "--json").stdout)
    assert [(e["action"], e["skill"], e["level"]) for e in history] == [
        ("assess", "talking", 2),
        ("assess", "apis", 3),
    ]
    assert len({e["batch"] for e in history}) == 1
    assert cli("history").stdout == (
        "2026-03-10 09:00  assess talking=2\n2026-03-10 09:00  assess apis=3\n"
    )
    undone = cli("undo")
    assert undone.stderr == "Undid 'assess apis=3, talking=2' from 2026-03-10 09:00.\n"
    assert ratings(cli) == {"apis": [], "talking": []}


def test_a_second_rating_says_what_it_was(
    cli: Invoke, skilled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("assess", "apis=2")
    monkeypatch.setenv("TPMPATH_NOW", "2026-06-01T09:00:00Z")
    result = cli("assess", "apis=4", "--json")
    assert result.stderr == "Rated: apis 4/5 (was 2 on 2026-03-10).\n"
    assert json.loads(result.stdout) == {
        "rated": [
            {
                "skill": "apis",
                "level": 4,
                "at": "2026-06-01T09:00:00Z",
                "previous": {"at": "2026-03-10T09:00:00Z", "level": 2},
            }
        ]
    }
    assert ratings(cli)["apis"] == [("2026-03-10T09:00:00Z", 2), ("2026-06-01T09:00:00Z", 4)]


def test_assess_backdates_with_date(cli: Invoke, skilled: Path) -> None:
    result = cli("assess", "apis=1", "--date", "2026-01-05")
    assert result.stderr == "Rated on 2026-01-05: apis 1/5.\n"
    assert ratings(cli)["apis"] == [("2026-01-05T12:00:00Z", 1)]
    future = cli("assess", "apis=1", "--date", "2026-04-01")
    assert future.exit_code == 1
    assert "is in the future" in future.stderr


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["apiz=3"], 1, "Error: No skill 'apiz' in curriculum 'tiny'.\nDid you mean: apis?\n"),
        (["apis=9"], 1, "Error: 'apis=9': a rating is a whole number from 1 to 5, not '9'.\n"),
        (["apis=3", "apis=4"], 1, "Error: 'apis' is rated twice: give each skill once.\n"),
        (["apis=3", "--show", "apis"], 2, "--show cannot be combined with ratings."),
        (["--date", "2026-03-01"], 2, "give the ratings to backdate."),
    ],
)
def test_bad_ratings_change_nothing(
    cli: Invoke, skilled: Path, args: list[str], code: int, said: str
) -> None:
    cli("assess", "talking=1")
    path = progress_path("default", "tiny")
    before = path.read_bytes()
    result = cli("assess", *args)
    assert result.exit_code == code
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_off_a_terminal_assess_lists_the_skills(cli: Invoke, skilled: Path) -> None:
    none_yet = cli("assess")
    assert none_yet.stdout == (
        "apis     not rated           APIs and integration\n"
        "talking  not rated           Talking tech\n"
    )
    assert none_yet.stderr.startswith("No ratings yet")
    cli("assess", "apis=3")
    assert cli("assess").stdout == (
        "apis     3/5 on 2026-03-10   APIs and integration\n"
        "talking  not rated           Talking tech\n"
    )


def test_assess_json_lists_every_skill_with_its_dated_ratings(cli: Invoke, skilled: Path) -> None:
    cli("assess", "apis=2", "--date", "2026-03-01")
    cli("assess", "apis=3")
    cli("done", "a")
    view = json.loads(cli("assess", "--json").stdout)
    assert view[0] == {
        "id": "apis",
        "title": "APIs and integration",
        "description": "How services talk.",
        "levels": ["Never heard of it", "Can name them", "Can follow", "Can explain", "Can lead"],
        "ratings": [
            {"at": "2026-03-01T12:00:00Z", "level": 2},
            {"at": "2026-03-10T09:00:00Z", "level": 3},
        ],
        "first": 2,
        "latest": 3,
        "evidence_count": 1,
    }
    assert (view[1]["id"], view[1]["ratings"], view[1]["latest"]) == ("talking", [], None)


def test_on_a_terminal_assess_asks_for_each_skill(
    cli: Invoke, skilled: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("assess", "apis=2", "--date", "2026-03-01")
    cli("done", "a", "--note", "Read the RFC")
    # apis: a word, then 4; talking: Enter keeps it unrated.
    result = cli("assess", input="good\n4\n\n")
    assert (result.exit_code, result.stdout) == (0, "")
    assert ratings(cli)["apis"][-1] == ("2026-03-10T09:00:00Z", 4)
    assert ratings(cli)["talking"] == []
    said = result.stderr
    assert "APIs and integration (apis)\n  1. Never heard of it\n" in said
    assert "  5. Can lead\nLast rating: 2/5 on 2026-03-01\nEvidence since 2026-03-01: 2\n" in said
    assert "  2026-03-10  done a\n  2026-03-10  note a: Read the RFC\n" in said
    assert "'good' is not a rating: type 1 to 5, or press Enter to skip." in said
    assert "Talking tech (talking)" in said
    assert said.endswith("Rated: apis 4/5 (was 2 on 2026-03-01).\n")


def test_on_a_terminal_enter_everywhere_records_nothing(
    cli: Invoke, skilled: Path, terminal: None
) -> None:
    result = cli("assess", input="\n\n")
    assert result.exit_code == 0
    assert result.stderr.endswith("No rating recorded.\n")
    assert not progress_path("default", "tiny").exists()


def test_end_of_input_stops_asking(cli: Invoke, skilled: Path, terminal: None) -> None:
    result = cli("assess", input="5\n")  # talking gets end of input
    assert result.exit_code == 0
    assert ratings(cli) == {"apis": [("2026-03-10T09:00:00Z", 5)], "talking": []}


def test_a_curriculum_without_skills(cli: Invoke, tiny: Path, terminal: None) -> None:
    result = cli("assess")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "This curriculum declares no skills to rate.\n"
    assert json.loads(cli("assess", "--json").stdout) == []
    refused = cli("assess", "apis=3")
    assert refused.exit_code == 1
    assert "Curriculum 'tiny' declares no skills to rate." in refused.stderr


def _evidence(cli: Invoke, *args: str) -> dict[str, Any]:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    view: dict[str, Any] = json.loads(result.stdout)
    return view


def test_show_skill_lists_its_evidence(cli: Invoke, skilled: Path) -> None:
    cli("done", "a", "--note", "Read the RFC")
    cli("note", "b", "--link", "https://example.com/design")
    cli("note", "c", "c builds no skill")
    cli("assess", "apis=3")
    view = _evidence(cli, "show", "skill:apis")
    assert view == _evidence(cli, "assess", "--show", "ap")
    assert view["ratings"] == [{"at": "2026-03-10T09:00:00Z", "level": 3}]
    assert view["evidence"] == [
        {"at": "2026-03-10T09:00:00Z", "kind": "done", "topic": "a"},
        {"at": "2026-03-10T09:00:00Z", "kind": "note", "topic": "a", "text": "Read the RFC"},
        {
            "at": "2026-03-10T09:00:00Z",
            "kind": "note",
            "topic": "b",
            "link": "https://example.com/design",
        },
    ]
    text = cli("show", "skill:apis").stdout
    assert text == (
        "APIs and integration (skill apis)\n"
        "How services talk.\n"
        "\n"
        "Levels:\n"
        "  1. Never heard of it\n"
        "  2. Can name them\n"
        "  3. Can follow\n"
        "  4. Can explain\n"
        "  5. Can lead\n"
        "\n"
        "Ratings:\n"
        "  2026-03-10  3/5\n"
        "\n"
        "Evidence:\n"
        "  2026-03-10  done a\n"
        "  2026-03-10  note a: Read the RFC\n"
        "  2026-03-10  note b: https://example.com/design\n"
    )


def test_show_an_unknown_skill(cli: Invoke, skilled: Path) -> None:
    result = cli("show", "skill:apiz")
    assert result.exit_code == 1
    assert result.stderr == "Error: No skill 'apiz' in curriculum 'tiny'.\nDid you mean: apis?\n"


def test_export_and_import_carry_ratings(cli: Invoke, skilled: Path, tmp_path: Path) -> None:
    cli("assess", "apis=3", "talking=1")
    backup = tmp_path / "backup.json"
    assert cli("export", "-o", str(backup)).exit_code == 0
    preview = cli("-p", "other", "import", str(backup), "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert preview.stderr == (
        f"Would import 2 new events from {backup}.\n"
        "  skill:apis: 1 event\n  skill:talking: 1 event\n"
    )
    assert cli("-p", "other", "import", str(backup)).exit_code == 0
    other = cli("-p", "other", "assess", "--json")
    assert [s["latest"] for s in json.loads(other.stdout)] == [3, 1]
    assert cli("-p", "other", "undo").exit_code == 0  # the import, ratings and all
    again = json.loads(cli("-p", "other", "assess", "--json").stdout)
    assert [s["latest"] for s in again] == [None, None]


class Ctx:
    """The little of a click context the completion functions read."""

    def __init__(self, curriculum: Path) -> None:
        self.params = {"profile": "default", "curriculum": curriculum}

    def find_root(self) -> Ctx:
        return self


@pytest.mark.parametrize(
    ("incomplete", "expected"),
    [
        ("", ["apis=", "talking="]),
        ("t", ["talking="]),
        ("apis=", ["apis=1", "apis=2", "apis=3", "apis=4", "apis=5"]),
        ("apis=4", ["apis=4"]),
        ("zz", []),
    ],
)
def test_completion_of_ratings(skilled: Path, incomplete: str, expected: list[str]) -> None:
    assert complete_rating(Ctx(skilled), incomplete) == expected  # type: ignore[arg-type]


def test_completion_of_skills(skilled: Path) -> None:
    assert complete_skill(Ctx(skilled), "a") == ["apis"]  # type: ignore[arg-type]
    assert complete_skill_ref(Ctx(skilled), "sk") == ["skill:apis", "skill:talking"]  # type: ignore[arg-type]
    assert complete_rating(Ctx(skilled.with_name("missing.yaml")), "") == []  # type: ignore[arg-type]


def test_report_since_shows_the_quarters_ratings_and_evidence(
    cli: Invoke, skilled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("assess", "apis=1", "--date", "2026-01-05")
    cli("done", "a", "--note", "Old evidence", "--date", "2026-01-06")
    cli("log", "talk", "Asked what a queue is for", "--no-prompt")
    cli("assess", "apis=3", "talking=2")
    view = json.loads(cli("report", "--format", "json", "--since", "2026-03-01").stdout)
    apis, talking = view["skills"]
    assert apis["rated_before"] == {"at": "2026-01-05T12:00:00Z", "level": 1}
    assert [r["level"] for r in apis["ratings"]] == [3]
    assert apis["evidence"] == []  # the done and its note were in January
    assert [(e["kind"], e["topic"]) for e in talking["evidence"]] == [("log", "talk")]
    markdown = cli("report", "--since", "2026-03-01").stdout
    assert (
        "| APIs and integration (`apis`) | 1 (2026-01-05) | 3 (2026-03-10) | +2 | 0 |" in markdown
    )
    assert "Old evidence" not in markdown.split("## Skills")[1]
    assert "Old evidence" in cli("report").stdout.split("## Skills")[1]


def test_the_prompt_shows_the_newest_evidence_and_counts_the_rest(
    cli: Invoke, skilled: Path, terminal: None
) -> None:
    for n in range(7):
        cli("note", "a", f"Note {n}")
    result = cli("assess", input="\n\n")
    said = result.stderr
    assert "Last rating: not rated\nEvidence so far: 7\n" in said
    assert "  2026-03-10  note a: Note 2\n" in said and "Note 1" not in said
    assert "  ... and 2 older (tpmpath show skill:apis)\n" in said


def test_reflection_answers_are_evidence_with_their_question(cli: Invoke, skilled: Path) -> None:
    cli("log", "talk", "Standup", "--answer", "Queues absorb spikes")
    shown = _evidence(cli, "show", "skill:talking")
    assert shown["evidence"] == [
        {
            "at": "2026-03-10T09:00:00Z",
            "kind": "log",
            "topic": "talk",
            "text": "Standup\nQueues absorb spikes",
            "question": "What did you learn?",
        }
    ]
    markdown = cli("report").stdout
    assert (
        "- 2026-03-10, logged: Talk to people (`talk`): What did you learn? · Standup "
        "Queues absorb spikes"
    ) in markdown
    tmp = skilled.with_name("r.html")
    assert cli("report", "-o", str(tmp)).exit_code == 0
    assert "logged: <strong>Talk to people</strong> What did you learn? Standup\nQueues" in (
        tmp.read_text(encoding="utf-8")
    )


def test_closed_gaps_are_evidence_for_their_topics_skills(cli: Invoke, skilled: Path) -> None:
    opened = cli("gap", "add", "What is idempotency?", "--topic", "talk")
    assert opened.exit_code == 0, opened.stderr
    gap_id = opened.stdout.strip()
    cli("gap", "add", "What is a p99?")  # on no topic: evidence for no skill
    closed = cli("gap", "close", gap_id, "Doing it twice does it once, so clients may retry.")
    assert closed.exit_code == 0, closed.stderr
    shown = _evidence(cli, "show", "skill:talking")
    assert shown["evidence"] == [
        {
            "at": "2026-03-10T09:00:00Z",
            "kind": "gap",
            "topic": "talk",
            "text": "Doing it twice does it once, so clients may retry.",
            "question": "What is idempotency?",
        }
    ]
    assert _evidence(cli, "show", "skill:apis")["evidence"] == []
    assert [s["evidence_count"] for s in json.loads(cli("assess", "--json").stdout)] == [0, 1]

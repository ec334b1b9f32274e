"""The everyday commands through the CLI: output, JSON shapes, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TINY, Invoke


def test_status_empty(cli: Invoke, tiny: Path) -> None:
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == ["Tiny path (v1), profile 'default'", ""]
    assert "Overall" in result.stdout
    assert "0/5" in result.stdout
    assert "Hours: 0 of 8 done, 8 remaining (2 topics unestimated)." in result.stdout


def test_no_command_means_status(cli: Invoke, tiny: Path) -> None:
    assert cli().stdout == cli("status").stdout


def test_done_then_status_json(cli: Invoke, tiny: Path) -> None:
    result = cli("done", "a", "c")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Done: a, c.\n"
    assert result.stdout == ""
    data = json.loads(cli("status", "--json").stdout)
    assert data["steps"][0] == {
        "id": "basics",
        "title": "Basics",
        "total": 3,
        "done": 2,
        "skipped": 0,
        "in_progress": 0,
        "todo": 1,
        "percent": 66.7,
        "hours_total": 5,
        "hours_done": 2,
        "hours_remaining": 3,
        "unestimated": 1,
    } | {
        k: v
        for k, v in data["steps"][0].items()
        if k
        not in {
            "id",
            "title",
            "total",
            "done",
            "skipped",
            "in_progress",
            "todo",
            "percent",
            "hours_total",
            "hours_done",
            "hours_remaining",
            "unestimated",
        }
    }
    overall = data["overall"]
    assert (overall["total"], overall["done"], overall["percent"]) == (5, 2, 40.0)


def test_skip_counts_as_complete(cli: Invoke, tiny: Path) -> None:
    cli("skip", "a")
    overall = json.loads(cli("status", "--json").stdout)["overall"]
    assert (overall["skipped"], overall["percent"]) == (1, 20.0)


def test_list_json_and_filters(cli: Invoke, tiny: Path) -> None:
    cli("start", "b")
    topics = json.loads(cli("list", "--json").stdout)
    assert [(t["id"], t["step"], t["status"]) for t in topics] == [
        ("a", "basics", "todo"),
        ("b", "basics", "in_progress"),
        ("c", "basics", "todo"),
        ("talk", "practice", "todo"),
        ("d", "practice", "todo"),
    ]
    assert topics[3]["target"] == 3 and topics[3]["count"] == 0
    only = json.loads(cli("list", "--status", "in_progress", "--json").stdout)
    assert [t["id"] for t in only] == ["b"]
    step2 = json.loads(cli("list", "--step", "2", "--json").stdout)
    assert [t["id"] for t in step2] == ["talk", "d"]
    plain = cli("list", "--step", "practice").stdout.splitlines()
    assert plain[0].split() == ["ID", "STEP", "STATUS", "TITLE"]
    assert plain[1].split()[:3] == ["talk", "2", "todo"]  # the step's number


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--status", "nope"], "Error: Unknown status 'nope'"),
        (["list", "--step", "zzz"], "Error: No step 'zzz'. Steps: basics, practice"),
        (["done", "zz"], "Error: No topic 'zz' in curriculum 'tiny'."),
        (["show", "tlak"], "Did you mean: talk?"),
        (["undo"], "Error: Nothing to undo"),
        (["--profile", "a/b", "done", "a"], "Error: 'a/b' is not a valid profile name"),
    ],
)
def test_errors_exit_1_with_a_message(
    cli: Invoke, tiny: Path, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_ambiguous_prefix_lists_candidates(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        'id: c\ntitle: C\nversion: "1"\nsteps:\n  - id: s\n    title: S\n    topics:\n'
        "      - {id: sql-basics, title: A}\n      - {id: sql-joins, title: B}\n"
    )
    result = cli("--curriculum", str(path), "done", "sql")
    assert result.exit_code == 1
    assert "'sql' matches 2 topics: sql-basics, sql-joins." in result.stderr


def test_usage_error_exits_2(cli: Invoke, tiny: Path) -> None:
    assert cli("done").exit_code == 2
    assert cli("status", "--bogus").exit_code == 2


def test_failed_command_changes_nothing(cli: Invoke, tiny: Path) -> None:
    cli("done", "a")
    path = Path(cli("where").stdout.strip())
    before = path.read_bytes()
    assert cli("done", "b", "nope").exit_code == 1
    assert path.read_bytes() == before


def test_repeat_is_reported_not_recorded(cli: Invoke, tiny: Path) -> None:
    cli("done", "a")
    result = cli("done", "a")
    assert result.exit_code == 0
    assert result.stderr == "a: already done, left as it is.\n"
    assert len(json.loads(cli("history", "--json").stdout)) == 1


def test_start_on_a_finished_topic_says_it_reopens_it(
    cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPMPATH_NOW", "2026-11-02T10:00:00+00:00")
    cli("done", "a")
    monkeypatch.setenv("TPMPATH_NOW", "2026-11-05T10:00:00+00:00")
    cli("skip", "c")
    result = cli("start", "a", "b", "c")
    assert result.exit_code == 0
    assert result.stderr == (
        "Started: a, b, c.\nReopened a (done on 2026-11-02).\nReopened c (skipped on 2026-11-05).\n"
    )
    assert cli("start", "a").stderr == "a: already in progress, left as it is.\n"


def test_next_order_and_json(cli: Invoke, tiny: Path) -> None:
    cli("start", "c")
    result = cli("next", "--json")
    assert [t["id"] for t in json.loads(result.stdout)] == ["c", "a", "talk"]
    assert [t["id"] for t in json.loads(cli("next", "-n", "1", "--json").stdout)] == ["c"]
    text = cli("next").stdout.splitlines()
    assert text[0].startswith("[~] c  Topic C")
    everything = cli("next", "--all").stdout
    assert "Blocked:" in everything and "needs a" in everything


def test_next_explain(cli: Invoke, tiny: Path) -> None:
    cli("done", "a")
    out = cli("next", "--explain").stdout
    assert "- prerequisites met: a" in out
    assert "- unblocks: d" in out
    assert "- step 1 of 2: Basics" in out


def test_undo_reverts_last_command(cli: Invoke, tiny: Path) -> None:
    cli("done", "a")
    cli("start", "b", "c")
    result = cli("undo")
    assert result.exit_code == 0
    assert result.stderr.startswith("Undid 'start b, c' from ")
    statuses = {t["id"]: t["status"] for t in json.loads(cli("list", "--json").stdout)}
    assert statuses == {"a": "done", "b": "todo", "c": "todo", "talk": "todo", "d": "todo"}
    history = json.loads(cli("history", "--json").stdout)
    assert [(e["action"], e["undone"]) for e in history] == [
        ("undo", False),
        ("start", True),
        ("start", True),
        ("done", False),
    ]


def test_show_text_and_json(cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TPMPATH_NOW", "2026-03-02T10:00:00+00:00")
    cli("done", "a", "--note", "line one\nline two", "--link", "https://example.com/doc")
    text = cli("show", "a").stdout
    assert "Topic A (a)" in text
    assert "Status: done" in text
    assert "Completed: 2026-03-02 10:00" in text
    assert "    line one\n    line two\n    link: https://example.com/doc" in text
    view = json.loads(cli("show", "b", "--json").stdout)
    assert (view["id"], view["status"], view["requires"], view["blocked_by"]) == (
        "b",
        "todo",
        ["a"],
        [],
    )
    assert json.loads(cli("show", "a", "--json").stdout)["completed_at"] == "2026-03-02T10:00:00Z"


def test_show_marks_paid_resources(cli: Invoke, tiny: Path) -> None:
    tiny.write_text(
        TINY.replace(
            "      - {id: c, title: Topic C}",
            "      - id: c\n        title: Topic C\n        resources:\n"
            '          - {title: Free, url: "https://example.com/f"}\n'
            '          - {title: Paid, url: "https://example.com/p", free: false}',
        )
    )
    assert cli("show", "c").stdout.endswith(
        "Resources:\n  - Free: https://example.com/f\n  - Paid (paid): https://example.com/p\n"
    )
    resources = json.loads(cli("show", "c", "--json").stdout)["resources"]
    assert [r["free"] for r in resources] == [True, False]


def test_history_text(cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TPMPATH_NOW", "2026-03-02T10:00:00+00:00")
    assert cli("history").stderr == "No changes recorded yet.\n"
    cli("done", "a")
    assert cli("history").stdout == "2026-03-02 10:00  done a\n"


def test_where_is_per_profile_and_curriculum(cli: Invoke, tiny: Path, isolated: Path) -> None:
    assert cli("where").stdout == f"{isolated / 'profiles' / 'default' / 'tiny.json'}\n"
    assert (
        cli("--profile", "alice", "where").stdout
        == f"{isolated / 'profiles' / 'alice' / 'tiny.json'}\n"
    )


def test_profiles_are_separate(cli: Invoke, tiny: Path) -> None:
    cli("--profile", "alice", "done", "a")
    assert json.loads(cli("status", "--json").stdout)["overall"]["done"] == 0
    assert json.loads(cli("-p", "alice", "status", "--json").stdout)["overall"]["done"] == 1


def test_version(cli: Invoke) -> None:
    from tpmpath import __version__

    assert cli("--version").stdout == f"tpmpath {__version__}\n"


def test_every_command_has_help(cli: Invoke) -> None:
    from typer.main import get_command

    from tpmpath.cli.main import app

    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help text"
        assert cli(name, "--help").exit_code == 0


def test_completion_of_topic_ids(tiny: Path) -> None:
    from tpmpath.cli.app import complete_topic

    class Ctx:
        params = {"profile": "default", "curriculum": tiny}

        def find_root(self) -> Ctx:
            return self

    assert complete_topic(Ctx(), "t") == ["talk"]  # type: ignore[arg-type]
    assert complete_topic(Ctx(), "") == ["a", "b", "c", "talk", "d"]  # type: ignore[arg-type]


def test_bad_curriculum_is_reported_with_location(cli: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('id: x\ntitle: y\nversion: "1"\nsteps: []\n')
    result = cli("--curriculum", str(bad), "status")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:4:")


def test_curriculum_changes_are_noted(cli: Invoke, tiny: Path) -> None:
    cli("done", "a")
    text = (
        tiny.read_text()
        .replace('version: "1"', 'version: "2"')
        .replace("      - {id: d,", "      - {id: e, title: New}\n      - {id: d,")
    )
    tiny.write_text(text)
    result = cli("status")
    assert (
        "The curriculum changed since you last recorded progress (v1 -> v2): added e."
        in result.stdout
    )
    data = json.loads(cli("status", "--json").stdout)
    assert data["curriculum_changed"] == {"previous_version": "1", "version": "2", "added": ["e"]}


def test_removed_topics_keep_their_progress(cli: Invoke, tiny: Path) -> None:
    cli("done", "c")
    text = tiny.read_text().replace("      - {id: c, title: Topic C}\n", "")
    tiny.write_text(text.replace("requires: [b, c]", "requires: [b]"))
    data = json.loads(cli("status", "--json").stdout)
    assert data["orphans"][0]["id"] == "c" and data["orphans"][0]["status"] == "done"
    assert data["overall"]["total"] == 4 and data["overall"]["done"] == 0
    assert "no longer in the curriculum: c" in cli("status").stdout


def test_renamed_topic_keeps_progress(cli: Invoke, tiny: Path) -> None:
    cli("done", "c")
    text = tiny.read_text().replace(
        "{id: c, title: Topic C}", "{id: c2, title: C, renamed_from: [c]}"
    )
    tiny.write_text(text.replace("requires: [b, c]", "requires: [b, c2]"))
    topics = {t["id"]: t["status"] for t in json.loads(cli("list", "--json").stdout)}
    assert topics["c2"] == "done"
    assert json.loads(cli("status", "--json").stdout)["orphans"] == []


def test_done_checks_note_and_link_like_note_does(cli: Invoke, tiny: Path) -> None:
    empty = cli("done", "a", "--note", "  ")
    assert (empty.exit_code, empty.stderr) == (
        1,
        "Error: The note is empty.\nWrite some text, then run it again.\n",
    )
    odd = cli("done", "a", "--link", "javascript:alert(1)")
    assert odd.exit_code == 0
    assert odd.stderr.startswith("Warning: 'javascript:alert(1)' is not an http(s) URL")


def test_a_large_curriculum_keeps_status_to_one_row_per_step(cli: Invoke, tmp_path: Path) -> None:
    steps = "".join(
        f"  - id: s{s}\n    title: Step {s}\n    topics:\n"
        + "".join(f"      - {{id: t{s}-{t}, title: Topic {t}}}\n" for t in range(10))
        for s in range(12)
    )
    big = tmp_path / "big.yaml"
    big.write_text(f'id: big\ntitle: Big\nversion: "1"\nsteps:\n{steps}')
    cli("--curriculum", str(big), "done", "t3-1", "t3-2")
    lines = cli("--curriculum", str(big), "status").stdout.splitlines()
    assert len(lines) <= 24  # one screen: a row per step, not per topic
    assert "4. Step 3" in lines[6] and "2/10" in lines[6]
    step = json.loads(cli("--curriculum", str(big), "list", "--step", "s3", "--json").stdout)
    assert [t["id"] for t in step][:3] == ["t3-0", "t3-1", "t3-2"] and len(step) == 10


@pytest.mark.parametrize(
    "args",
    [
        ["done", "a", "--note", "bad \udcff byte"],
        ["done", "a", "--link", "https://x/\udcff"],
        ["note", "a", "bad \udcff byte"],
        ["log", "talk", "bad \udcff byte"],
    ],
)
def test_text_that_is_not_utf8_is_refused_cleanly(cli: Invoke, tiny: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert "is not valid UTF-8 text" in result.stderr
    assert json.loads(cli("history", "--json").stdout) == []


def test_help_is_plain_text_when_piped(cli: Invoke) -> None:
    result = cli("--help")
    assert result.stdout.startswith("Usage: tpmpath [OPTIONS] COMMAND [ARGS]...")
    assert "╭" not in result.stdout
    assert "  status      Progress per step, hours, pace and streak." in result.stdout


@pytest.mark.parametrize(
    "args",
    [["done", "nope"], ["undo"], ["review", "a"], ["log", "nope", "x"], ["note", "a", " "]],
)
def test_a_failing_first_command_creates_nothing(
    cli: Invoke, tiny: Path, isolated: Path, args: list[str]
) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert not isolated.exists()

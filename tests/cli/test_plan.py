"""`plan`, `config` and the planning lines of `status`, through the CLI, with a fixed clock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import Invoke
from tpmpath.cli.main import app
from tpmpath.output import render

TODAY = "2026-01-14T10:00:00+00:00"  # a Wednesday


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TPMPATH_NOW", TODAY)


@pytest.fixture
def when(monkeypatch: pytest.MonkeyPatch, cli: Invoke) -> Any:
    """Run one command at another moment, then come back to TODAY."""

    def run(moment: str, *args: str) -> Any:
        monkeypatch.setenv("TPMPATH_NOW", moment)
        result = cli(*args)
        monkeypatch.setenv("TPMPATH_NOW", TODAY)
        assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture
def history(when: Any, tiny: Path) -> None:
    """3 h of estimated work since Monday 2026-01-05: a pace of 2.1 h/week on TODAY."""
    when("2026-01-05T10:00:00+00:00", "done", "a")
    when("2026-01-08T10:00:00+00:00", "log", "talk", "--no-prompt")
    when("2026-01-13T10:00:00+00:00", "done", "c")


def progress_file(cli: Invoke) -> Path:
    return Path(cli("where").stdout.strip())


# plan

PLAN_AT_7 = """\
Practices (talk): a session a week from week 1, with the reading.

Week 1: Wed 2026-01-14 to Sun 2026-01-18, 5 h
  talk     1 h  continues      Talk to people
  a        2 h  by 2026-01-16  Topic A
  b        2 h  continues      Topic B
Week 2: Mon 2026-01-19 to Sun 2026-01-25, 3 h
  talk     2 h  by 2026-01-21  Talk to people
  b        1 h  by 2026-01-20  Topic B

Finish: Wed 2026-01-21, 8 h of estimated work at 7 h/week.
By step:
  1. Basics    Tue 2026-01-20  (5 h)
  2. Practice  Wed 2026-01-21  (3 h)
Not scheduled, no estimate (2): c, d.
"""


def test_plan_text(cli: Invoke, tiny: Path) -> None:
    result = cli("plan", "--hours-per-week", "7")
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == (PLAN_AT_7, "Using --hours-per-week 7.\n")


def test_plan_json(cli: Invoke, tiny: Path) -> None:
    result = cli("plan", "--hours-per-week", "7", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "start": "2026-01-14",
        "hours_per_week": 7.0,
        "basis": "option",
        "pace": None,
        "hours_remaining": 8.0,
        "weeks_needed": 1.14,
        "finish": "2026-01-21",
        "by": None,
        "topics": [
            {
                "id": "a",
                "title": "Topic A",
                "step": "basics",
                "status": "todo",
                "hours": 2.0,
                "blocked": False,
                "start": "2026-01-15",
                "finish": "2026-01-16",
            },
            {
                "id": "talk",
                "title": "Talk to people",
                "step": "practice",
                "status": "todo",
                "hours": 3.0,
                "blocked": False,
                "start": "2026-01-14",  # a session a week from week 1
                "finish": "2026-01-21",
            },
            {
                "id": "b",
                "title": "Topic B",
                "step": "basics",
                "status": "todo",
                "hours": 3.0,
                "blocked": True,
                "start": "2026-01-17",
                "finish": "2026-01-20",
            },
        ],
        "steps": [
            {"id": "basics", "title": "Basics", "hours": 5.0, "finish": "2026-01-20"},
            {"id": "practice", "title": "Practice", "hours": 3.0, "finish": "2026-01-21"},
        ],
        "weeks": [
            {
                "week": 1,
                "start": "2026-01-14",
                "end": "2026-01-18",
                "hours": 5.0,
                "topics": [
                    {"id": "talk", "hours": 1.0},
                    {"id": "a", "hours": 2.0},
                    {"id": "b", "hours": 2.0},
                ],
            },
            {
                "week": 2,
                "start": "2026-01-19",
                "end": "2026-01-25",
                "hours": 3.0,
                "topics": [{"id": "talk", "hours": 2.0}, {"id": "b", "hours": 1.0}],
            },
        ],
        "unestimated": [
            {"id": "c", "title": "Topic C", "step": "basics", "status": "todo", "blocked": False},
            {"id": "d", "title": "Topic D", "step": "practice", "status": "todo", "blocked": True},
        ],
    }


def test_plan_uses_the_setting(cli: Invoke, tiny: Path, history: None) -> None:
    cli("config", "set", "hours-per-week", "7")
    lines = cli("plan").stdout.splitlines()
    assert lines[0] == "Using your setting: 7 h/week."
    assert "Finish: Sun 2026-01-18, 5 h of estimated work at 7 h/week." in lines


def test_plan_uses_the_measured_pace(cli: Invoke, tiny: Path, history: None) -> None:
    result = cli("plan")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Using your pace: 2.1 h/week over the last 1.4 weeks "
        "(3 h of estimated work since Mon 2026-01-05)."
    )
    assert "Finish: Fri 2026-01-30, 5 h of estimated work at 2.1 h/week." in lines
    assert lines[-1] == "Not scheduled, no estimate (1): d."
    data = json.loads(cli("plan", "--json").stdout)
    assert (data["basis"], data["hours_per_week"], data["finish"]) == ("pace", 2.1, "2026-01-30")
    assert data["pace"] == {
        "hours_per_week": 2.1,
        "hours": 3.0,
        "since": "2026-01-05",
        "weeks": 1.43,
    }
    assert [(t["id"], t["hours"]) for t in data["topics"]] == [("talk", 2.0), ("b", 3.0)]


def test_plan_option_beats_setting_and_pace(cli: Invoke, tiny: Path, history: None) -> None:
    cli("config", "set", "hours-per-week", "3")
    assert cli("plan", "--hours-per-week", "6").stderr == "Using --hours-per-week 6.\n"


def test_plan_without_any_pace_fails(cli: Invoke, tiny: Path) -> None:
    result = cli("plan")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: No pace to plan with: you have not completed any estimated work yet, and "
        "hours-per-week is not set.\n"
        "Pass --hours-per-week H, or set it once with `tpmpath config set hours-per-week H`.\n"
    )


def test_plan_with_only_old_history_fails(cli: Invoke, tiny: Path, when: Any) -> None:
    when("2025-11-03T10:00:00+00:00", "done", "a")
    result = cli("plan")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: No pace to plan with: you completed no estimated work in the last 4 full weeks "
        "or this one, and hours-per-week is not set."
    )


def test_plan_by_says_the_hours_a_week_needed(cli: Invoke, tiny: Path) -> None:
    result = cli("plan", "--hours-per-week", "2", "--by", "2026-01-27")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Using --hours-per-week 2.\n"
    assert result.stdout.splitlines()[:2] == [
        "To finish 8 h by Tue 2026-01-27 (2 weeks from Wed 2026-01-14), you need 4 h/week.",
        "At 2 h/week you finish Tue 2026-02-10: 14 days late.",
    ]
    data = json.loads(cli("plan", "--hours-per-week", "5", "--by", "2026-01-27", "--json").stdout)
    assert data["by"] == {
        "date": "2026-01-27",
        "source": "option",
        "hours_per_week": 4.0,
        "in_time": True,
    }


def test_plan_by_without_a_pace_plans_at_the_pace_needed(cli: Invoke, tiny: Path) -> None:
    result = cli("plan", "--by", "2026-01-27")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Using the pace needed to finish by Tue 2026-01-27: 4 h/week."
    assert "Finish: Tue 2026-01-27, 8 h of estimated work at 4 h/week." in lines


def test_plan_uses_the_target_date_setting(cli: Invoke, tiny: Path) -> None:
    cli("config", "set", "target-date", "2026-01-27")
    lines = cli("plan", "--hours-per-week", "7").stdout.splitlines()
    assert lines[0:2] == [
        "To finish 8 h by Tue 2026-01-27 (2 weeks from Wed 2026-01-14), you need 4 h/week.",
        "At 7 h/week you finish Wed 2026-01-21: in time.",
    ]
    by = json.loads(cli("plan", "--hours-per-week", "7", "--json").stdout)["by"]
    assert by == {"date": "2026-01-27", "source": "setting", "hours_per_week": 4.0, "in_time": True}
    # Without a pace, a target date that only comes from the settings is no pace to plan with.
    assert cli("plan").exit_code == 1


def test_plan_from_a_later_start(cli: Invoke, tiny: Path) -> None:
    data = json.loads(
        cli("plan", "--hours-per-week", "14", "--start", "2026-02-02", "--json").stdout
    )
    assert (data["start"], data["finish"]) == ("2026-02-02", "2026-02-05")
    assert [w["start"] for w in data["weeks"]] == ["2026-02-02"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--by", "2026-01-13", "--hours-per-week", "5"],
            "Error: --by 2026-01-13 is in the past (today is 2026-01-14): give a later date.\n",
        ),
        (
            ["--by", "2026-01-20", "--start", "2026-02-01"],
            "Error: --by 2026-01-20 is before --start 2026-02-01: give a later date.\n",
        ),
    ],
)
def test_plan_dates_in_the_wrong_place(
    cli: Invoke, tiny: Path, args: list[str], error: str
) -> None:
    result = cli("plan", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hours-per-week", "0"], "at least 0.25 and at most 168"),
        (["--hours-per-week", "5e-324"], "at least 0.25 and at most 168"),
        (["--hours-per-week", "200"], "at least 0.25 and at most 168"),
        (["--hours-per-week", "lots"], "'lots' is not a number of hours"),
        (["--start", "2026-02-30"], "is not a date (day is out of range for month)"),
        (["--by", "next week"], "'next week' is not a date"),
    ],
)
def test_plan_bad_option_values_are_usage_errors(
    cli: Invoke, tiny: Path, args: list[str], message: str
) -> None:
    result = cli("plan", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split()).replace("│", "").replace("  ", " ")


def test_plan_with_no_estimated_work_left(cli: Invoke, tiny: Path) -> None:
    cli("skip", "a", "b", "talk")
    result = cli("plan")
    assert (result.exit_code, result.stdout) == (
        0,
        "No estimated work left to schedule.\nNot scheduled, no estimate (2): c, d.\n",
    )
    data = json.loads(cli("plan", "--json").stdout)
    assert (data["basis"], data["finish"], data["topics"], data["weeks"]) == (None, None, [], [])
    assert [t["id"] for t in data["unestimated"]] == ["c", "d"]


# config


def test_config_round_trip(cli: Invoke, tiny: Path) -> None:
    result = cli("config", "set", "hours-per-week", "4.5")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "Set hours-per-week to 4.5.\n",
    )
    assert cli("config", "set", "target_date", "2027-03-31").stderr == (
        "Set target-date to 2027-03-31.\n"
    )
    assert cli("config", "get", "hours-per-week").stdout == "4.5\n"
    assert cli("config", "get", "Target-Date").stdout == "2027-03-31\n"
    assert cli("config", "list").stdout == "hours-per-week=4.5\ntarget-date=2027-03-31\n"
    assert json.loads(cli("config", "list", "--json").stdout) == {
        "hours-per-week": 4.5,
        "target-date": "2027-03-31",
    }
    assert json.loads(cli("config", "get", "target-date", "--json").stdout) == {
        "key": "target-date",
        "value": "2027-03-31",
    }
    assert (
        cli("config", "set", "hours-per-week", "4.5").stderr == "hours-per-week is already 4.5.\n"
    )
    assert cli("config", "unset", "hours-per-week").stderr == "Unset hours-per-week.\n"
    assert cli("config", "unset", "hours-per-week").stderr == "hours-per-week was not set.\n"
    assert json.loads(cli("config", "list", "--json").stdout) == {
        "hours-per-week": None,
        "target-date": "2027-03-31",
    }
    # Settings belong to the profile, whatever the curriculum.
    stored = json.loads(progress_file(cli).with_name("_profile.json").read_text(encoding="utf-8"))
    assert stored == {
        "schema_version": 2,
        "device": "test-device",
        "settings": {"target_date": "2027-03-31"},
        # When each was changed (the clock is fixed: a change after another is a tick later);
        # hours-per-week was unset, which is a change too.
        "changed": {
            "hours_per_week": "2026-01-14T10:00:00.000001Z",
            "target_date": "2026-01-14T10:00:00Z",
        },
    }


def test_config_get_unset(cli: Invoke, tiny: Path) -> None:
    result = cli("config", "get", "hours-per-week")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: hours-per-week is not set.\n"
        "Set it with `tpmpath config set hours-per-week VALUE`.\n",
    )
    result = cli("config", "get", "hours-per-week", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"key": "hours-per-week", "value": None}
    result = cli("config", "list")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "No settings yet. Set one with `tpmpath config set KEY VALUE` "
        "(hours-per-week, target-date).\n"
    )
    assert not progress_file(cli).exists()


def test_settings_are_per_profile_and_survive_progress(cli: Invoke, tiny: Path) -> None:
    cli("--profile", "alice", "config", "set", "hours-per-week", "6")
    cli("--profile", "alice", "done", "a")
    cli("--profile", "alice", "undo")
    assert cli("--profile", "alice", "config", "get", "hours-per-week").stdout == "6\n"
    assert cli("config", "get", "hours-per-week").exit_code == 1


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["set", "hours", "5"],
            "Error: Unknown setting 'hours'.\n"
            "Did you mean hours-per-week? Settings: hours-per-week, target-date.\n",
        ),
        (
            ["get", "colour"],
            "Error: Unknown setting 'colour'.\nSettings: hours-per-week, target-date.\n",
        ),
        (
            ["unset", "target"],
            "Error: Unknown setting 'target'.\n"
            "Did you mean target-date? Settings: hours-per-week, target-date.\n",
        ),
        (
            ["set", "hours-per-week", "0"],
            "Error: Hours per week must be at least 0.25 and at most 168 (a whole week), not 0.\n",
        ),
        (
            ["set", "hours-per-week", "168.5"],
            "Error: Hours per week must be at least 0.25 and at most 168 (a whole week), "
            "not 168.5.\n",
        ),
        (  # a leading '-' is a value to check, not an unknown option
            ["set", "hours-per-week", "-3"],
            "Error: Hours per week must be at least 0.25 and at most 168 (a whole week), not -3.\n",
        ),
        (
            ["set", "hours-per-week", "-0.5"],
            "Error: Hours per week must be at least 0.25 and at most 168 (a whole week), "
            "not -0.5.\n",
        ),
        (
            ["set", "-3", "5"],
            "Error: Unknown setting '-3'.\nSettings: hours-per-week, target-date.\n",
        ),
        (
            ["set", "hours-per-week", "five"],
            "Error: 'five' is not a number of hours: give one like 5 or 2.5.\n",
        ),
        (
            ["set", "target-date", "31/03/2027"],
            "Error: '31/03/2027' is not a date (expected YYYY-MM-DD): write it as YYYY-MM-DD, "
            "e.g. 2027-03-31.\n",
        ),
        (
            ["set", "target-date", "2026-01-13"],
            "Error: target-date 2026-01-13 is in the past (today is 2026-01-14): "
            "pick a later date.\n",
        ),
    ],
)
def test_config_errors_write_nothing(cli: Invoke, tiny: Path, args: list[str], error: str) -> None:
    path = progress_file(cli).with_name("_profile.json")  # settings belong to the profile
    result = cli("config", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error)
    assert not path.exists()
    cli("config", "set", "hours-per-week", "5")
    before = path.read_bytes()
    assert cli("config", *args).exit_code == 1
    assert path.read_bytes() == before


def test_config_target_date_today_is_fine(cli: Invoke, tiny: Path) -> None:
    assert cli("config", "set", "target-date", "2026-01-14").exit_code == 0


# status


def test_status_lines(cli: Invoke, tiny: Path, history: None) -> None:
    cli("config", "set", "target-date", "2026-03-01")
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-7:] == [
        "Hours: 3 of 8 done, 5 remaining (2 topics unestimated).",
        "Pace: 2.1 h/week over the last 1.4 weeks: 3 h of work done or logged since Mon 2026-01-05 "
        "(skipped",
        "  topics not counted).",
        "Finish: around Fri 2026-01-30 at this pace.",
        "Target 2026-03-01: on track: needs 0.74 h/week (5 h in 6.7 weeks), "
        "your pace is 2.1 h/week.",
        "Streak: 2 weeks in a row with learning; 1 topic completed this week.",
        "Activity, last 12 weeks: ··········█▄  (done, logs and reviews; 1 this week)",
    ]


def test_status_behind_target(cli: Invoke, tiny: Path, history: None) -> None:
    cli("config", "set", "target-date", "2026-01-20")
    lines = cli("status").stdout.splitlines()
    assert (
        "Target 2026-01-20: behind: needs 5 h/week (5 h in 1 week), your pace is 2.1 h/week."
        in lines
    )


def test_status_without_progress_shows_only_the_target(cli: Invoke, tiny: Path) -> None:
    cli("config", "set", "target-date", "2026-03-01")
    cli("config", "set", "hours-per-week", "5")
    lines = cli("status").stdout.splitlines()
    assert lines[-3:] == [
        "Hours: 0 of 8 done, 8 remaining (2 topics unestimated).",
        "Target 2026-03-01: needs 1.2 h/week (8 h in 6.7 weeks); no pace measured yet.",
        "No progress yet: `tpmpath next` shows where to start.",
    ]


def test_status_with_an_old_history(cli: Invoke, tiny: Path, when: Any) -> None:
    when("2025-11-03T10:00:00+00:00", "done", "a")
    lines = cli("status").stdout.splitlines()
    assert lines[-5:] == [
        "Hours: 2 of 8 done, 6 remaining (2 topics unestimated).",
        "Pace: none measured yet (no estimated work completed since Mon 2025-12-15).",
        "Finish: unknown; plan your hours with `tpmpath config set hours-per-week H`.",
        "Streak: no streak yet; 0 topics completed this week.",
        "Activity, last 12 weeks: ·█··········  (done, logs and reviews; 0 this week)",
    ]
    cli("config", "set", "hours-per-week", "3")
    assert "Finish: around Tue 2026-01-27 at your planned 3 h/week." in cli("status").stdout


def test_a_pace_too_slow_for_the_calendar(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 110,000 h at the least rate, 0.25 h/week, take 8,400 years: past the year 9999.
    big = tmp_path / "big.yaml"
    topics = "".join(f"\n  - {{id: t{n}, title: T{n}, estimate_hours: 10000}}" for n in range(11))
    head = 'id: big\ntitle: Big\nversion: "1"\nsteps:\n- id: s\n  title: S\n  topics:'
    big.write_text(head + topics + "\n")
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(big))
    cli("start", "t0")
    cli("config", "set", "hours-per-week", "0.25")
    assert "Finish: after the year 9999 at your planned 0.25 h/week." in cli("status").stdout
    result = cli("plan")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: This plan would end after the year 9999 (it starts 2026-01-14): "
        "plan more hours a week, or start earlier.\n",
    )


@pytest.mark.parametrize("rate", ["5e-324", "0.1"])
def test_config_refuses_a_rate_too_small_to_plan(cli: Invoke, tiny: Path, rate: str) -> None:
    # 5e-324 was taken, and `plan` then divided by zero.
    result = cli("config", "set", "hours-per-week", rate)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: Hours per week must be at least 0.25 and at most 168 (a whole week), "
        f"not {rate}.\n",
    )
    assert cli("config", "get", "hours-per-week").exit_code == 1  # nothing was stored


def test_a_stored_rate_below_the_floor_plans_at_the_floor(cli: Invoke, tiny: Path) -> None:
    cli("start", "a")
    path = progress_file(cli)
    # What an older tpmpath, which took any rate above 0 and kept settings with each
    # curriculum's progress, may have stored (read until the profile has settings of its own).
    path.write_text(
        path.read_text().replace('"settings":{}', '"settings":{"hours_per_week":5e-324}')
    )
    assert '"hours_per_week":5e-324' in path.read_text()
    result = cli("plan")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Using your setting: 0.25 h/week."
    assert "Finish: after the year 9999" not in cli("status").stdout
    assert cli("config", "get", "hours-per-week").stdout == "0.25\n"


@pytest.mark.parametrize(
    ("start", "rate"),
    [
        ("9999-12-25", "14"),  # these raised OverflowError: the last week ends in the year 10000
        ("9999-12-27", "168"),
        ("9999-12-31", "168"),
    ],
)
def test_plan_past_the_end_of_the_calendar(cli: Invoke, tiny: Path, start: str, rate: str) -> None:
    for extra in ([], ["--json"]):
        result = cli("plan", "--start", start, "--hours-per-week", rate, *extra)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"Error: This plan would end after the year 9999 (it starts {start}): "
            "plan more hours a week, or start earlier.\n",
        )


def test_plan_up_to_the_end_of_the_calendar(cli: Invoke, tiny: Path) -> None:
    result = cli("plan", "--start", "9999-12-25", "--hours-per-week", "168")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:4] == [
        "Week 1: Sat 9999-12-25 to Sun 9999-12-26, 8 h",
        "  talk     3 h  by 9999-12-25  Talk to people",
    ]
    cli("skip", "a", "b", "talk")
    data = json.loads(cli("plan", "--start", "9999-12-31", "--json").stdout)
    assert (data["start"], data["finish"], data["weeks"]) == ("9999-12-31", None, [])


def test_status_passed_target(cli: Invoke, tiny: Path, when: Any) -> None:
    when("2026-01-01T10:00:00+00:00", "config", "set", "target-date", "2026-01-10")
    assert cli("status").stdout.splitlines()[-2] == (
        "Target 2026-01-10: the date has passed; set a new one with "
        "`tpmpath config set target-date`."
    )
    target = json.loads(cli("status", "--json").stdout)["target"]
    assert (target["passed"], target["required_hours_per_week"], target["on_track"]) == (
        True,
        None,
        None,
    )


def test_status_json_keys(cli: Invoke, tiny: Path, history: None) -> None:
    cli("config", "set", "target-date", "2026-03-01")
    data = json.loads(cli("status", "--json").stdout)
    assert data["hours"] == {
        "total": 8.0,
        "done": 3.0,
        "remaining": 5.0,
        "unestimated": 2,
        "unestimated_remaining": 1,
    }
    assert data["pace"] == {
        "hours_per_week": 2.1,
        "hours": 3.0,
        "since": "2026-01-05",
        "weeks": 1.43,
        "setting": None,
        "finish": "2026-01-30",
        "finish_basis": "pace",
    }
    assert data["target"] == {
        "date": "2026-03-01",
        "passed": False,
        "days_left": 47,
        "weeks_left": 6.71,
        "hours_remaining": 5.0,
        "required_hours_per_week": 0.74,
        "on_track": True,
    }
    activity = data["activity"]
    assert (activity["streak_weeks"], activity["completed_this_week"]) == (2, 1)
    assert len(activity["weeks"]) == 12
    assert activity["weeks"][0] == {"week": "2025-10-27", "events": 0, "hours": 0.0, "completed": 0}
    assert activity["weeks"][-2:] == [
        {"week": "2026-01-05", "events": 2, "hours": 3.0, "completed": 1},
        {"week": "2026-01-12", "events": 1, "hours": 0.0, "completed": 1},
    ]


def test_status_chart_in_ascii(tiny: Path, history: None) -> None:
    result = CliRunner(charset="ascii").invoke(app, ["status"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Activity, last 12 weeks: ..........@+  (done, logs and reviews; 1 this week)"
    )


@pytest.mark.parametrize(
    ("values", "unicode", "expected"),
    [
        ([], True, ""),
        ([0, 0], True, "··"),
        ([0, 1, 2, 3, 4, 5, 6, 7, 8], True, "·▁▂▃▄▅▆▇█"),
        ([1, 100], True, "▁█"),
        ([0, 1, 2, 3, 4, 5, 6, 7, 8], False, "._-=+*#%@"),
    ],
)
def test_sparkline(values: list[float], unicode: bool, expected: str) -> None:
    assert render.sparkline(values, unicode=unicode) == expected

"""`--date` and `--at` on start, done, skip, log, note and review, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.store.test_files import progress_file, tree

NOW = "2026-12-02T09:30:00+01:00"


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TPMPATH_NOW", NOW)


@pytest.mark.parametrize(
    "args",
    [
        ("start", "a"),
        ("done", "a"),
        ("skip", "a"),
        ("log", "talk", "met the SRE lead", "--no-prompt"),
        ("note", "a", "read chapter 2"),
    ],
)
def test_each_command_records_when_it_happened_and_when_it_was_recorded(
    cli: Invoke, tiny: Path, isolated: Path, args: tuple[str, ...]
) -> None:
    result = cli(*args, "--date", "2026-10-01", "--at", "18:30")
    assert result.exit_code == 0, result.output
    (event,) = json.loads(progress_file(isolated).read_text())["events"]
    assert event["at"] == "2026-10-01T18:30:00+01:00"
    assert event["recorded_at"] == NOW


def test_done_with_an_earlier_date_is_completed_then(cli: Invoke, tiny: Path) -> None:
    assert cli("done", "a", "--date", "2026-10-01").exit_code == 0
    shown = json.loads(cli("show", "a", "--json").stdout)
    assert shown["completed_at"] == "2026-10-01T12:00:00+01:00"
    history = cli("history").stdout
    assert history == "2026-10-01 12:00  done a  (recorded 2026-12-02 09:30)\n"


def test_a_review_can_be_backdated(cli: Invoke, tiny: Path) -> None:
    assert cli("done", "a", "--date", "2026-11-01").exit_code == 0
    result = cli("review", "a", "--date", "2026-11-02", "--json")
    assert result.exit_code == 0, result.output
    events = json.loads(cli("history", "--json").stdout)
    assert events[0]["action"] == "review" and events[0]["at"] == "2026-11-02T12:00:00+01:00"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--date", "2026-12-03"), "Error: 2026-12-03 is in the future"),
        (("--at", "10:00"), "Error: 2026-12-02 10:00 is in the future"),
        (("--date", "1899-12-31"), "Error: --date 1899-12-31 is before 1900."),
        (("--date", "yesterday"), "Error: 'yesterday' is not a date"),
    ],
)
def test_a_future_or_too_early_date_is_refused_and_changes_nothing(
    cli: Invoke, tiny: Path, isolated: Path, option: tuple[str, str], message: str
) -> None:
    assert cli("done", "b").exit_code == 0
    before = tree(isolated)
    result = cli("done", "a", *option)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert tree(isolated) == before


def test_review_list_refuses_a_date_without_a_topic(cli: Invoke, tiny: Path) -> None:
    result = cli("review", "--date", "2026-11-02")
    assert result.exit_code == 2
    assert "give the TOPIC you reviewed" in result.stderr

"""Hostile input: whatever a user passes, tpmpath says `Error: ...` (exit 1), never a traceback,
and a command that fails leaves the data directory as it was."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Invoke


def snapshot(folder: Path) -> dict[str, str]:
    """Every name under `folder` with a hash of its bytes."""
    if not folder.exists():
        return {}
    files = sorted(folder.rglob("*"))
    return {str(p.relative_to(folder)): p.read_bytes().hex() if p.is_file() else "" for p in files}


def fails_cleanly(cli: Invoke, isolated: Path, *args: str, input: str | None = None) -> str:
    """Run a command that must fail with exit 1 and change nothing; its stderr."""
    before = snapshot(isolated)
    result = cli(*args, input=input)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: "), result.stderr
    assert snapshot(isolated) == before
    return result.stderr


# --- output paths the operating system refuses ---------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o"],
        ["report", "-o"],
        ["curriculum", "init"],
    ],
)
def test_an_output_name_too_long_for_the_filesystem_is_an_error(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path, args: list[str]
) -> None:
    cli("done", "a")
    err = fails_cleanly(cli, isolated, *args, str(tmp_path / ("x" * 5000)))
    assert "too long" in err


def test_an_output_path_with_an_unknown_user_is_an_error(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    err = fails_cleanly(cli, isolated, "curriculum", "init", "~no-such-user-tpmpath/x.yaml")
    assert "~no-such-user-tpmpath" in err


@pytest.mark.parametrize("variable", ["TPMPATH_DATA_DIR", "TPMPATH_CACHE_DIR"])
def test_a_directory_variable_with_an_unknown_user_is_an_error(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "~no-such-user-tpmpath/data")
    err = fails_cleanly(cli, isolated, "done", "a")
    assert variable in err


def test_a_data_directory_name_too_long_is_an_error(
    cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPMPATH_DATA_DIR", str(tmp_path / ("x" * 5000)))
    fails_cleanly(cli, tmp_path / "data", "done", "a")


@pytest.mark.parametrize("profile", ["alice\n", "alice\r\n", "\nalice", "al ice"])
def test_a_profile_name_with_a_line_break_or_a_blank_is_refused(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch, profile: str
) -> None:
    err = fails_cleanly(cli, isolated, "--profile", profile, "done", "a")
    assert err.startswith("Error: '")
    assert "is not a valid profile name: use letters, digits, '.', '_' and '-'." in err
    monkeypatch.setenv("TPMPATH_PROFILE", profile)
    fails_cleanly(cli, isolated, "done", "a")
    assert not isolated.exists()


# --- dates at the ends of the calendar ----------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01",
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00-12:00",
        "9999-12-31",
        "9999-12-31T23:59:59-12:00",
        "9999-12-31T23:59:59+14:00",
        "8999-12-31T23:59:59-14:00",  # 9000 in UTC, where events are compared
        "8999-12-31T12:00:00-12:00",
    ],
)
@pytest.mark.parametrize("args", [["status"], ["done", "a"], ["report"], ["show", "a"]])
def test_tpmpath_now_at_the_ends_of_the_calendar_is_an_error(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    moment: str,
    args: list[str],
) -> None:
    cli("done", "a")
    monkeypatch.setenv("TPMPATH_NOW", moment)
    err = fails_cleanly(cli, isolated, *args)
    assert "TPMPATH_NOW" in err


@pytest.fixture
def far_west(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local time zone is UTC-12 (the last place on Earth where a year ends)."""
    if not hasattr(time, "tzset"):
        pytest.skip("no time.tzset")
    monkeypatch.setenv("TZ", "Etc/GMT+12")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("args", [["done", "a"], ["note", "a", "x"], ["status"]])
def test_a_naive_tpmpath_now_past_the_last_moment_in_utc_is_an_error(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    far_west: None,
    args: list[str],
) -> None:
    cli("done", "b")
    monkeypatch.setenv("TPMPATH_NOW", "8999-12-31T23:00:00")
    err = fails_cleanly(cli, isolated, *args)
    assert err == (
        "Error: TPMPATH_NOW='8999-12-31T23:00:00' is out of range: give a moment after 1900 and "
        "before 9000 (in UTC).\n"
    )
    monkeypatch.setenv("TPMPATH_NOW", "8999-12-31T11:59:59")  # 23:59:59 UTC: the last second
    result = cli("done", "a")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("moment", ["yesterday", "2026-13-01", "2026-03-02T25:00"])
def test_tpmpath_now_that_is_not_a_moment_is_an_error(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    monkeypatch.setenv("TPMPATH_NOW", moment)
    err = fails_cleanly(cli, isolated, "done", "a")
    assert err == f"Error: TPMPATH_NOW={moment!r} is not an ISO 8601 date and time.\n"


def test_a_system_clock_out_of_range_is_an_error(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from tpmpath.cli import clock

    class Broken(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Broken:  # type: ignore[override]
            return cls(9000, 1, 1, 0, 0, 1, tzinfo=UTC)

    monkeypatch.setattr(clock, "datetime", Broken)
    err = fails_cleanly(cli, isolated, "done", "a")
    assert err == (
        "Error: The system clock (9000-01-01T00:00:01+00:00) is out of range: give a moment "
        "after 1900 and before 9000 (in UTC).\n"
    )


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_an_export_dated_at_the_ends_of_the_calendar_is_refused(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path, moment: str
) -> None:
    cli("done", "a")
    exported = json.loads(cli("export").stdout)
    for event in exported["events"]:
        event["at"] = moment
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(exported), encoding="utf-8")
    fails_cleanly(cli, isolated, "import", str(crafted))
    fails_cleanly(cli, isolated, "team", str(crafted))
    assert cli("status").exit_code == 0


# --- text that is not Unicode, input without end ----------------------------------------------


def test_an_export_with_a_lone_surrogate_is_refused(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path
) -> None:
    cli("done", "b")
    crafted = tmp_path / "lone.json"
    crafted.write_text(
        '{"schema_version":1,"curriculum_id":"tiny","events":[{"id":"x","at":'
        '"2026-03-01T00:00:00+00:00","batch":"b","action":"note","topic":"a","text":"\\ud800"}]}',
        encoding="utf-8",
    )
    err = fails_cleanly(cli, isolated, "import", str(crafted))
    assert "Unicode" in err
    fails_cleanly(cli, isolated, "import", "-", input=crafted.read_text(encoding="utf-8"))


def test_a_surrogate_pair_is_fine(cli: Invoke, tiny: Path, tmp_path: Path) -> None:
    crafted = tmp_path / "pair.json"
    crafted.write_text(
        '{"schema_version":1,"curriculum_id":"tiny","events":[{"id":"x","at":'
        '"2026-03-01T00:00:00+00:00","batch":"b","action":"note","topic":"a",'
        '"text":"\\ud83d\\ude00 \\u001b"}]}',
        encoding="utf-8",
    )
    assert cli("import", str(crafted)).exit_code == 0


def test_a_device_that_never_ends_is_refused(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tpmpath.store import files as store

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    monkeypatch.setattr(store, "MAX_PROGRESS_BYTES", 1024)
    err = fails_cleanly(cli, isolated, "team", "/dev/zero")
    assert "limit" in err
    fails_cleanly(cli, isolated, "import", "/dev/zero")


# --- a hostile curriculum -----------------------------------------------------------------------


def test_an_estimate_too_large_to_add_up_is_a_curriculum_problem(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.yaml"
    huge.write_text(
        'id: huge\ntitle: Huge\nversion: "1"\nsteps:\n  - id: s\n    title: S\n    topics:\n'
        "      - {id: a, title: A, estimate_hours: 1.5e+308}\n"
        "      - {id: b, title: B, estimate_hours: 1.5e+308}\n",
        encoding="utf-8",
    )
    result = cli("curriculum", "validate", str(huge))
    assert result.exit_code == 1
    assert "estimate_hours" in result.stderr
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(huge))
    assert cli("status").exit_code == 1

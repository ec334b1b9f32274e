"""Results of `curriculum validate`, `curriculum init` and `curricula`: exact text and data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tpmpath.output.curricula import Curricula, CurriculumValid, StarterWritten
from tpmpath.store.profiles import Holding

HELD = [
    Holding("my-path", Path("/d/my-path.json"), "1", 2, datetime(2026, 3, 2, 23, 30, tzinfo=UTC)),
    Holding("tiny", Path("/d/tiny.json"), None, 0),
    Holding("broken", Path("/d/broken.json"), error="it is not valid JSON"),
]


def test_curricula_text() -> None:
    assert Curricula("me", HELD).text() == (
        "my-path                  v1               2 changes, last 2026-03-02\n"
        "tiny                     v?               0 changes, last never\n"
        "broken                   damaged: it is not valid JSON"
    )
    assert Curricula("me", HELD).notes(as_json=False) == []


def test_curricula_data() -> None:
    assert Curricula("me", HELD[:1] + HELD[2:]).data() == [
        {
            "curriculum_id": "my-path",
            "path": "/d/my-path.json",
            "version": "1",
            "events": 2,
            "last_activity": "2026-03-02T23:30:00+00:00",
            "error": None,
        },
        {
            "curriculum_id": "broken",
            "path": "/d/broken.json",
            "version": None,
            "events": 0,
            "last_activity": None,
            "error": "it is not valid JSON",
        },
    ]


def test_no_curricula_is_said_on_stderr_but_not_with_json() -> None:
    empty = Curricula("alice", [])
    assert (empty.text(), empty.data()) == ("", [])
    assert empty.notes(as_json=False) == ["Profile 'alice' has no progress yet."]
    assert empty.notes(as_json=True) == []


def test_valid_curriculum() -> None:
    valid = CurriculumValid(Path("my.yaml"))
    assert (valid.text(), valid.notes(as_json=False)) == ("", ["my.yaml is a valid curriculum."])
    assert valid.data() == {"file": "my.yaml", "valid": True}


def test_starter_written() -> None:
    written = StarterWritten(Path("my.yaml"))
    assert written.text() == ""
    assert written.notes(as_json=False) == [
        "Wrote my.yaml. Edit it, check it with `tpmpath curriculum validate my.yaml`,",
        "and use it with `tpmpath --curriculum my.yaml status`.",
    ]
    assert written.data() == {"file": "my.yaml"}

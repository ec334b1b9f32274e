"""Results of `where`, `export -o`, `import` and `recover`: exact text, notes and data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.core.test_report import ev
from tpmpath.core.imports import ImportCount, new_events
from tpmpath.core.models import Event
from tpmpath.output.data import Exported, Imported, ProgressPath, Recovered

SOURCE = Path("backup.json")
ADDED = [
    ev(1, "2026-03-02 09:00", "done", "a"),
    ev(2, "2026-03-02 10:00", "note", "a"),
    ev(3, "2026-03-03 09:00", "start", "b"),
    ev(4, "2026-03-03 10:00", "undo", None),
]
DIFFERING: dict[str, tuple[object, object]] = {
    "hours_per_week": (5.0, 7.5),
    "target_date": (date(2026, 6, 30), date(2026, 9, 1)),
}
KEPT = [
    "Kept your hours-per-week 5; the export has 7.5.",
    "Kept your target-date 2026-06-30; the export has 2026-09-01.",
]


def tally(
    added: list[Event],
    filled: dict[str, object] | None = None,
    differing: dict[str, tuple[object, object]] | None = None,
) -> ImportCount:
    """What an import of `added` (all new) tallies."""
    counted = ImportCount(filled or {}, differing or {})
    for _ in new_events(added, set(), counted):
        pass
    return counted


NOTHING = f"Nothing new to import from {SOURCE}: this profile already has all of it."
UNDO = "`tpmpath undo` reverts this import."
IMPORTS = {
    "nothing new": (tally([]), False, [NOTHING]),
    "one event": (tally(ADDED[:1]), False, [f"Imported 1 new event from {SOURCE}.", UNDO]),
    "events and settings": (
        tally(ADDED, {"target_date": date(2026, 6, 30), "hours_per_week": 5.0}),
        False,
        [
            f"Imported 4 new events and the setting(s) target-date, hours-per-week from {SOURCE}.",
            UNDO,
        ],
    ),
    "dry run, per topic": (
        tally(ADDED),
        True,
        [
            f"Would import 4 new events from {SOURCE}.",
            "  (no topic): 1 event",
            "  a: 2 events",
            "  b: 1 event",
        ],
    ),
    "dry run, a setting": (
        tally([], {"hours_per_week": 5.0}),
        True,
        [f"Would import the setting(s) hours-per-week from {SOURCE}."],
    ),
    "nothing new, settings differ": (tally([], {}, DIFFERING), False, [NOTHING, *KEPT]),
    "an event, settings differ": (
        tally(ADDED[:1], {}, DIFFERING),
        False,
        [f"Imported 1 new event from {SOURCE}.", *KEPT, UNDO],
    ),
}


@pytest.mark.parametrize(("merge", "dry_run", "notes"), IMPORTS.values(), ids=IMPORTS.keys())
def test_import_notes(merge: ImportCount, dry_run: bool, notes: list[str]) -> None:
    result = Imported(merge, SOURCE, dry_run)
    assert result.notes(as_json=False) == notes
    assert result.text() == ""


def test_import_data() -> None:
    merge = tally(ADDED, {"target_date": date(2026, 6, 30)}, DIFFERING)
    assert Imported(merge, Path("-"), dry_run=True).data() == {
        "source": "-",
        "dry_run": True,
        "events": 4,
        "per_topic": {"": 1, "a": 2, "b": 1},
        "settings_taken": {"target_date": "2026-06-30"},
        "settings_kept": {
            "hours_per_week": {"yours": 5.0, "export": 7.5},
            "target_date": {"yours": "2026-06-30", "export": "2026-09-01"},
        },
    }


def test_where_is_the_path_alone_on_stdout() -> None:
    where = ProgressPath(Path("/data/profiles/default/tiny.json"))
    assert (where.text(), where.notes(as_json=False)) == ("/data/profiles/default/tiny.json", [])
    assert where.data() == {"path": "/data/profiles/default/tiny.json"}


@pytest.mark.parametrize(("events", "said"), [(0, "0 events"), (1, "1 event"), (12, "12 events")])
def test_exported(events: int, said: str) -> None:
    result = Exported(events, Path("b.json"))
    assert (result.text(), result.notes(as_json=False)) == ("", [f"Exported {said} to b.json."])
    assert result.data() == {"file": "b.json", "events": events}


def test_recovered_says_what_the_store_did() -> None:
    result = Recovered("x.json is valid: nothing to recover.")
    assert (result.text(), result.notes(as_json=False)) == (
        "",
        ["x.json is valid: nothing to recover."],
    )
    assert result.data() == {"message": "x.json is valid: nothing to recover."}

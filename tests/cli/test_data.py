"""export, import and recover through the CLI: backups, merges, the way out of a damaged file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.store.test_files import V1_FIXTURE, place, progress_file, tree
from tpmpath.core.models import Progress, Settings
from tpmpath.store import files as store


def statuses(cli: Invoke) -> dict[str, str]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.output
    return {topic["id"]: topic["status"] for topic in json.loads(result.stdout)}


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Switch to another machine's data directory (call it to switch)."""

    def switch(name: str) -> Path:
        folder = tmp_path / name
        monkeypatch.setenv("TPMPATH_DATA_DIR", str(folder))
        return folder

    return switch


# --- export -------------------------------------------------------------------------------------


def test_export_prints_the_whole_file_in_the_same_schema(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    place(isolated, V1_FIXTURE.read_bytes())
    result = cli("export")
    assert result.exit_code == 0, result.output
    # Pretty-printed, every event kept, in the current schema (2 and 3 only add fields).
    expected = V1_FIXTURE.read_text().replace('"schema_version": 1,', '"schema_version": 3,', 1)
    assert result.stdout == expected
    assert result.stderr == ""


def test_export_of_no_progress_is_an_empty_valid_file(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    result = cli("export")
    assert result.exit_code == 0, result.output
    progress, _ = store.parse_progress(result.stdout.encode(), Path("-"))
    assert (progress.curriculum_id, progress.events) == ("tiny", [])
    assert not isolated.exists()


def test_export_to_a_file(cli: Invoke, tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    assert cli("done", "a").exit_code == 0
    result = cli("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Exported 1 event to {target}.\n"
    assert result.stdout == ""
    assert target.read_text() == cli("export").stdout

    assert cli("done", "b").exit_code == 0
    again = cli("export", "-o", str(target))
    assert again.exit_code == 1
    assert again.stderr == f"Error: {target} already exists.\nUse --force to overwrite it.\n"
    assert len(json.loads(target.read_text())["events"]) == 1
    assert cli("export", "-o", str(target), "--force").exit_code == 0
    assert len(json.loads(target.read_text())["events"]) == 2


@pytest.mark.parametrize("own", ["tiny.json", "tiny.json.bak", "tiny.json.lock"])
def test_export_never_writes_over_tpmpaths_own_files(
    cli: Invoke, tiny: Path, isolated: Path, own: str
) -> None:
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0
    before = tree(isolated)
    result = cli("export", "-o", str(progress_file(isolated).with_name(own)), "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Refusing to write over tpmpath's own file")
    assert tree(isolated) == before


# --- import -------------------------------------------------------------------------------------


def test_import_restores_an_export_and_twice_changes_nothing(
    cli: Invoke, tiny: Path, tmp_path: Path, elsewhere: Callable[[str], Path]
) -> None:
    backup = tmp_path / "backup.json"
    for args in (("done", "a"), ("start", "b"), ("skip", "c"), ("export", "-o", str(backup))):
        assert cli(*args).exit_code == 0
    expected = statuses(cli)

    fresh = elsewhere("fresh")
    result = cli("import", str(backup))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Imported 3 new events from {backup}.\n`tpmpath undo` reverts this import.\n"
    )
    assert statuses(cli) == expected
    restored = json.loads(cli("export").stdout)
    exported = json.loads(backup.read_text())
    assert restored["events"][:-1] == exported["events"]  # every event, as it was
    assert restored["events"][-1]["action"] == "import"  # and the import itself, for undo
    assert restored["settings"] == exported["settings"]

    before = tree(fresh)
    again = cli("import", str(backup))
    assert again.exit_code == 0
    assert again.stderr == (
        f"Nothing new to import from {backup}: this profile already has all of it.\n"
    )
    assert tree(fresh) == before


def test_import_adds_the_changes_made_on_another_machine(
    cli: Invoke,
    tiny: Path,
    tmp_path: Path,
    elsewhere: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine, theirs = tmp_path / "mine.json", tmp_path / "theirs.json"
    clock = iter(f"2026-03-0{day}T10:00:00+00:00" for day in range(1, 10))

    def at_next_moment(*args: str) -> None:
        monkeypatch.setenv("TPMPATH_NOW", next(clock))
        result = cli(*args)
        assert result.exit_code == 0, result.output

    laptop = elsewhere("laptop")
    at_next_moment("done", "a")
    at_next_moment("export", "-o", str(mine))
    elsewhere("desktop")
    at_next_moment("import", str(mine))
    at_next_moment("done", "b")  # made on the desktop
    elsewhere("laptop")
    at_next_moment("start", "d")  # made on the laptop meanwhile
    elsewhere("desktop")
    at_next_moment("skip", "c")
    at_next_moment("export", "-o", str(theirs))

    elsewhere("laptop")
    result = cli("import", str(theirs))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Imported 2 new events from {theirs}.\n`tpmpath undo` reverts this import.\n"
    )
    assert statuses(cli) == {
        "a": "done", "b": "done", "c": "skipped", "talk": "todo", "d": "in_progress",
    }  # fmt: skip
    saved = json.loads(progress_file(laptop).read_text())
    topics = [e.get("topic") for e in saved["events"]]
    assert topics == ["a", "b", "d", "c", None]  # merged in time order, then the import's own
    assert saved["events"][-1]["action"] == "import"
    assert saved["events"][-1]["text"] == str(theirs)


def test_an_import_keeps_each_machines_order_and_puts_ours_first_on_a_tie(
    cli: Invoke,
    tiny: Path,
    tmp_path: Path,
    elsewhere: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    theirs = tmp_path / "theirs.json"

    def at(moment: str, *args: str) -> None:
        monkeypatch.setenv("TPMPATH_NOW", f"2026-03-{moment}:00+00:00")
        result = cli(*args)
        assert result.exit_code == 0, result.output

    elsewhere("desktop")
    at("05T10:00", "skip", "b")  # the same minute as the laptop's first change
    at("05T11:00", "done", "c")
    at("05T12:00", "export", "-o", str(theirs))
    laptop = elsewhere("laptop")
    at("05T10:00", "done", "a")
    at("01T09:00", "start", "d")  # the clock went back: recorded after, dated before
    at("05T11:00", "start", "talk")  # ties with the desktop's second change too
    at("06T09:00", "import", str(theirs), "--force")
    saved = json.loads(progress_file(laptop).read_text())
    moves = [(e["action"], e.get("topic")) for e in saved["events"]]
    assert moves == [
        ("done", "a"),  # ours first on the tie at 10:00
        ("start", "d"),  # never moved before "done a", whatever its date
        ("skip", "b"),
        ("start", "talk"),  # ours first on the tie at 11:00
        ("done", "c"),
        ("import", None),
    ]
    assert statuses(cli) == {
        "a": "done", "b": "skipped", "c": "done", "talk": "in_progress", "d": "in_progress",
    }  # fmt: skip


def _write_progress(path: Path, settings: Settings, curriculum_id: str = "tiny") -> None:
    progress = Progress(curriculum_id=curriculum_id, settings=settings)
    path.write_bytes(store.serialize(progress))


def test_import_keeps_local_settings_and_fills_unset_ones(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path
) -> None:
    place(isolated, b"")
    _write_progress(progress_file(isolated), Settings(hours_per_week=5))
    incoming = tmp_path / "incoming.json"
    _write_progress(incoming, Settings(hours_per_week=12, target_date="2026-09-01"))
    result = cli("import", str(incoming))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Imported the setting(s) target-date from {incoming}.\n"
        "Kept your hours-per-week 5; the export has 12.\n"
        "`tpmpath undo` reverts this import.\n"
    )
    settings = json.loads(progress_file(isolated).with_name("_profile.json").read_text())[
        "settings"
    ]
    assert settings == {"hours_per_week": 5.0, "target_date": "2026-09-01"}


def test_import_reads_stdin(cli: Invoke, tiny: Path, isolated: Path) -> None:
    result = cli("import", "-", input=V1_FIXTURE.read_text())
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Imported 12 new events and the setting(s) hours-per-week, target-date from -.\n"
        "`tpmpath undo` reverts this import.\n"
    )
    assert statuses(cli)["c"] == "skipped"


def test_import_upgrades_an_older_schema(
    cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rename_history(document: dict[str, object]) -> dict[str, object]:
        document["events"] = document.pop("history")
        return document

    monkeypatch.setitem(store.MIGRATIONS, 0, rename_history)
    old = json.loads(V1_FIXTURE.read_text())
    old["schema_version"] = 0
    old["history"] = old.pop("events")
    incoming = tmp_path / "old.json"
    incoming.write_text(json.dumps(old))
    result = cli("import", str(incoming))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Imported 12 new events and the setting(s)")


BAD_IMPORTS = {
    "damaged": (b'{"schema_version": 1, "curri', "Error: Nothing was imported: {file} is damaged"),
    "foreign": (b'{"name": "not ours"}', "Error: Nothing was imported: {file} is not a tpmpath"),
    "too new": (b'{"schema_version": 9}', "Error: {file} was written by a newer tpmpath"),
    "other curriculum": (
        store.serialize(Progress(curriculum_id="other")),
        "Error: {file} holds progress for curriculum 'other', but the curriculum in use is 'tiny'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_bad_import_changes_nothing(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path, case: str
) -> None:
    content, says = BAD_IMPORTS[case]
    incoming = tmp_path / "incoming.json"
    incoming.write_bytes(content)
    assert cli("done", "a").exit_code == 0
    before = tree(isolated)
    result = cli("import", str(incoming))
    assert result.exit_code == 1
    assert result.stderr.startswith(says.format(file=incoming))
    assert "Traceback" not in result.output
    assert tree(isolated) == before


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_import_of_no_file_is_a_clean_error(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path, name: str
) -> None:
    result = cli("import", str(tmp_path / name))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "nothing was imported" in result.stderr.lower()
    assert not isolated.exists()


def test_import_never_overwrites_a_damaged_progress_file(
    cli: Invoke, tiny: Path, isolated: Path, tmp_path: Path
) -> None:
    path = place(isolated, b"{damaged")
    incoming = tmp_path / "incoming.json"
    incoming.write_bytes(V1_FIXTURE.read_bytes())
    result = cli("import", str(incoming))
    assert result.exit_code == 1
    assert "tpmpath recover" in result.stderr
    assert path.read_bytes() == b"{damaged"


# --- recover ------------------------------------------------------------------------------------

NOW = "2026-01-05T09:00:00+00:00"


def test_recover_restores_the_last_good_backup(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = progress_file(isolated)
    assert cli("done", "a").exit_code == 0
    assert cli("done", "b").exit_code == 0
    good = path.with_name("tiny.json.bak").read_bytes()  # the version with `a` done only
    path.write_bytes(b'{"schema_version": 1, "curriculum_id": "ti')  # a torn write
    status = cli("status")
    assert status.exit_code == 1
    assert "tpmpath recover" in status.stderr

    monkeypatch.setenv("TPMPATH_NOW", NOW)
    result = cli("recover")
    aside = path.with_name("tiny.json.corrupt-20260105T090000")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Copied the damaged file to {aside} and restored the last good backup {path}.bak.\n"
    )
    assert aside.read_bytes() == b'{"schema_version": 1, "curriculum_id": "ti'
    assert path.read_bytes() == good
    assert statuses(cli)["a"] == "done"
    assert statuses(cli)["b"] == "todo"
    assert cli("done", "c").exit_code == 0


@pytest.mark.parametrize("backup", [None, b"also damaged", b'{"schema_version": 9}'])
def test_recover_starts_fresh_without_a_good_backup(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    backup: bytes | None,
) -> None:
    path = place(isolated, b"\x00\x00\x00")
    if backup is not None:
        path.with_name("tiny.json.bak").write_bytes(backup)
    monkeypatch.setenv("TPMPATH_NOW", NOW)
    result = cli("recover")
    aside = path.with_name("tiny.json.corrupt-20260105T090000")
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"Copied the damaged file to {aside}; starting with empty progress.\n")
    assert aside.read_bytes() == b"\x00\x00\x00"
    assert not path.exists()
    assert set(statuses(cli).values()) == {"todo"}


def test_recover_twice_in_one_second_keeps_both_damaged_files(
    cli: Invoke, tiny: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPMPATH_NOW", NOW)
    path = place(isolated, b"first")
    assert cli("recover").exit_code == 0
    path.write_bytes(b"second")
    assert cli("recover").exit_code == 0
    assert path.with_name("tiny.json.corrupt-20260105T090000").read_bytes() == b"first"
    assert path.with_name("tiny.json.corrupt-20260105T090000-2").read_bytes() == b"second"


def test_recover_leaves_a_good_or_missing_file_alone(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    path = progress_file(isolated)
    missing = cli("recover")
    assert missing.exit_code == 0
    assert missing.stderr == f"{path} does not exist: nothing to recover.\n"
    assert not isolated.exists()
    assert cli("done", "a").exit_code == 0
    before = tree(isolated)
    valid = cli("recover")
    assert valid.exit_code == 0
    assert valid.stderr == f"{path} is valid: nothing to recover.\n"
    assert tree(isolated) == before


def test_recover_refuses_a_file_from_a_newer_tpmpath(
    cli: Invoke, tiny: Path, isolated: Path
) -> None:
    place(isolated, b'{"schema_version": 4, "curriculum_id": "tiny"}')
    before = tree(isolated, dir_times=False)
    result = cli("recover")
    assert result.exit_code == 1
    assert "written by a newer tpmpath" in result.stderr
    assert "It is not damaged: upgrade tpmpath" in result.stderr
    after = tree(isolated, dir_times=False)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == before

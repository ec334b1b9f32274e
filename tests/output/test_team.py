"""The team roll-up end to end: reading exports (store), one member per person (core), every
output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_report import CURRICULUM, NOW, ev
from tests.output.test_formats import assert_safe_page
from tpmpath.core.models import Event, Progress
from tpmpath.core.team import Team, rollup
from tpmpath.errors import InvalidInputError, ProgressFileError
from tpmpath.output.team_formats import (
    legend,
    render_csv,
    render_html,
    render_markdown,
    table_rows,
    team_view,
)
from tpmpath.store import files as store
from tpmpath.store.exports import member_name, read_mentee
from tpmpath.store.mentees import Mentees

PEOPLE: dict[str, list[Event]] = {
    "alice": [
        ev(1, "2026-03-02 09:00", "done", "a"),
        ev(2, "2026-03-03 09:00", "done", "b"),
        ev(3, "2026-03-04 09:00", "skip", "c"),
    ],
    "bob": [ev(4, "2026-02-20 09:00", "log", "talk")],
    "carol": [],
}


def write(
    path: Path,
    events: list[Event],
    curriculum_id: str = "tiny",
    *,
    profile: str | None = None,
    learner_id: str | None = None,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(
        curriculum_id=curriculum_id, events=events, profile=profile, learner_id=learner_id
    )
    path.write_bytes(store.serialize(progress))
    return path


@pytest.fixture
def exports(tmp_path: Path) -> list[Path]:
    return [write(tmp_path / f"{name}.json", events) for name, events in PEOPLE.items()]


def team_of(paths: list[Path]) -> Team:
    return rollup(CURRICULUM, Mentees(CURRICULUM, paths).learners(), NOW)


def test_rollup_of_three(exports: list[Path]) -> None:
    team = team_of(exports)
    rows = [
        (m.name, [s.percent for s in m.summaries], m.overall.done, m.last_activity)
        for m in team.members
    ]
    assert [(name, percents, done) for name, percents, done, _ in rows] == [
        ("alice", [100.0, 0.0, 60.0], 2),
        ("bob", [0.0, 16.7, 6.7], 0),
        ("carol", [0.0, 0.0, 0.0], 0),
    ]
    assert [str(last) for *_, last in rows] == ["2026-03-04", "2026-02-20", "None"]


def test_table_rows_and_legend(exports: list[Path]) -> None:
    headers, rows, right = table_rows(team_of(exports))
    assert right == [1, 2, 3, 4]  # the numbers: per step, overall, done
    assert headers == ["NAME", "STEP 1", "STEP 2", "OVERALL", "DONE", "LAST ACTIVITY"]
    assert rows == [
        ["alice", "100.0%", "0.0%", "60.0%", "3/5", "2026-03-04"],
        ["bob", "0.0%", "16.7%", "6.7%", "0/5", "2026-02-20"],
        ["carol", "0.0%", "0.0%", "0.0%", "0/5", "-"],
    ]
    assert legend(team_of(exports)) == "Step 1: Basics\nStep 2: Practice"


def test_markdown_exact(exports: list[Path]) -> None:
    assert render_markdown(team_of(exports)) == (
        "# Team progress: Tiny path\n"
        "\n"
        "Generated: 2026-03-06 09:00 · 3 people\n"
        "\n"
        "| Name | 1. Basics | 2. Practice | Overall | Done | Last activity |\n"
        "| :--- | ---: | ---: | ---: | ---: | :--- |\n"
        "| alice | 100.0% | 0.0% | 60.0% | 3/5 | 2026-03-04 |\n"
        "| bob | 0.0% | 16.7% | 6.7% | 0/5 | 2026-02-20 |\n"
        "| carol | 0.0% | 0.0% | 0.0% | 0/5 | - |\n"
    )


def test_csv_exact(exports: list[Path]) -> None:
    alice, bob, carol = exports
    assert render_csv(team_of(exports)) == (
        "name,file,basics,practice,overall,done,skipped,total,last_activity,profile,learner_id\r\n"
        f"alice,{alice},100.0,0.0,60.0,2,1,5,2026-03-04,,\r\n"
        f"bob,{bob},0.0,16.7,6.7,0,0,5,2026-02-20,,\r\n"
        f"carol,{carol},0.0,0.0,0.0,0,0,5,,,\r\n"
    )


def test_json_view(exports: list[Path]) -> None:
    view = json.loads(json.dumps(team_view(team_of(exports))))
    assert list(view) == ["curriculum", "generated_at", "steps", "members"]
    assert view["steps"] == [
        {"id": "basics", "title": "Basics"},
        {"id": "practice", "title": "Practice"},
    ]
    alice = view["members"][0]
    assert (alice["name"], alice["file"], alice["last_activity"]) == (
        "alice",
        str(exports[0]),
        "2026-03-04",
    )
    assert [s["percent"] for s in alice["steps"]] == [100.0, 0.0]
    assert alice["overall"]["percent"] == 60.0
    assert view["members"][2]["last_activity"] is None


def test_html_is_safe_and_has_a_row_per_person(tmp_path: Path) -> None:
    evil = write(tmp_path / '<script>alert(1)<"x>.json', [ev(1, "2026-03-02 09:00", "done", "a")])
    page = render_html(team_of([evil]))
    parsed = assert_safe_page(page)
    text = " ".join(parsed.text)
    assert '<script>alert(1)<"x>' in text
    assert "1. Basics" in text and "20.0%" in text
    assert [t for t, _ in parsed.tags].count("tr") == 2


def test_member_name_uses_the_profile_for_progress_files(tmp_path: Path) -> None:
    progress = Progress(curriculum_id="tiny")
    assert member_name(tmp_path / "alice.json", progress) == "alice"
    assert member_name(tmp_path / "profiles" / "bob" / "tiny.json", progress) == "bob"


def test_same_names_fall_back_to_the_paths(tmp_path: Path) -> None:
    first = write(tmp_path / "x" / "dana.json", [])
    second = write(tmp_path / "y" / "dana.json", [])
    assert [m.name for m in team_of([first, second]).members] == [str(first), str(second)]


def test_a_member_is_named_by_the_profile_the_export_carries(tmp_path: Path) -> None:
    export = write(tmp_path / "export-2026-03-06.json", [], profile="maya", learner_id="9f" * 16)
    team = team_of([export])
    assert [(m.name, m.profile, m.learner_id) for m in team.members] == [
        ("maya", "maya", "9f" * 16)
    ]
    member = team_view(team)["members"][0]
    assert (member["name"], member["profile"], member["learner_id"], member["file"]) == (
        "maya",
        "maya",
        "9f" * 16,
        str(export),
    )
    assert render_csv(team).splitlines()[1].endswith(f",maya,{'9f' * 16}")
    assert table_rows(team)[1][0][0] == "maya"


@pytest.mark.parametrize(
    ("ids", "names"),
    [
        (["1111aaaa0000", "2222bbbb0000"], ["dana (1111aaaa)", "dana (2222bbbb)"]),
        (["1111aaaa0000", "1111aaaa9999"], ["dana (1111aaaa0)", "dana (1111aaaa9)"]),
        (["1111aaaa", "1111aaaa2"], ["dana (1111aaaa)", "dana (1111aaaa2)"]),
        (["1111aaaa0000", None], ["dana (1111aaaa)", "{1}"]),
        (["1111aaaa0000", "1111aaaa0000"], ["{0}", "{1}"]),
        ([None, None], ["{0}", "{1}"]),
    ],
    ids=["ids", "long-prefix", "prefix-of-another", "one-id-missing", "one-learner", "no-ids"],
)
def test_two_people_of_one_profile_name(
    tmp_path: Path, ids: list[str | None], names: list[str]
) -> None:
    files = [
        write(tmp_path / f"export-{n}.json", [], profile="dana", learner_id=learner)
        for n, learner in enumerate(ids)
    ]
    files.append(write(tmp_path / "other.json", [], profile="eli", learner_id="1111aaaa0000"))
    expected = [name.format(*files) for name in names]
    assert [m.name for m in team_of(files).members] == [*expected, "eli"]


def test_other_curriculum_is_refused_by_name(tmp_path: Path) -> None:
    other = write(tmp_path / "eve.json", [], curriculum_id="tpm-path")
    with pytest.raises(InvalidInputError) as caught:
        team_of([other])
    assert str(caught.value).startswith(
        f"{other} holds progress for curriculum 'tpm-path', not the active curriculum 'tiny'."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "is damaged: it is not valid JSON"),
        (b"[]", "is not a tpmpath progress file"),
        (b'{"schema_version": 1, "curriculum_id": "tiny", "events": [{}]}', "is damaged"),
    ],
)
def test_damaged_export_is_refused_by_name(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ProgressFileError, match=message) as caught:
        read_mentee(path)
    assert str(path) in str(caught.value)
    assert "tpmpath export" in str(caught.value)
    assert "recover" not in str(caught.value)


def test_a_device_that_never_ends_gets_a_hint_about_exports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    monkeypatch.setattr(store, "MAX_PROGRESS_BYTES", 1024)
    with pytest.raises(ProgressFileError) as caught:
        read_mentee(Path("/dev/zero"))
    assert str(caught.value) == (
        "/dev/zero is over tpmpath's 512 MiB limit.\n"
        "Ask its owner for a fresh `tpmpath export`, or leave the file out."
    )


def test_missing_export(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such file"):
        read_mentee(tmp_path / "nobody.json")


def test_hostile_file_name_in_every_format(tmp_path: Path) -> None:
    evil = write(tmp_path / "=cmd|x<b>`y`.json", [])
    team = team_of([evil])
    assert "| =cmd\\|x&lt;b&gt;\\`y\\` | 0.0% |" in render_markdown(team)
    assert render_csv(team).splitlines()[1].startswith("'=cmd|x<b>`y`,")
    assert table_rows(team)[1][0][0] == "=cmd|x<b>`y`"
    assert "=cmd|x&lt;b&gt;`y`" in render_html(team)


def test_csv_strips_terminal_controls_from_names_and_files(tmp_path: Path) -> None:
    escapes = write(tmp_path / "\x1b]0;pwned\x07\x1b[31m\u202ex.json", [])
    formula = write(tmp_path / "\u2066 =cmd.json", [])
    rows = render_csv(team_of([escapes, formula])).splitlines()
    assert rows[1].startswith(f"]0;pwned[31mx,{tmp_path}/]0;pwned[31mx.json,0.0,")
    assert rows[2].startswith(f"' =cmd,{tmp_path}/ =cmd.json,0.0,")


def test_json_in_parts_is_the_json_of_the_view(exports: list[Path]) -> None:
    from tpmpath.output.team_formats import team_json
    from tpmpath.output.views import json_text

    team = team_of(exports)
    assert b"".join(team_json(team)).decode() == json_text(team_view(team), pretty=False)
    assert len(team_json(team)) == 2 + len(team.members)

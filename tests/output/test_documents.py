"""`report` and `team` as documents: each format's text, the team table, and what stdout gets."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from tests.core.test_report import CURRICULUM, NOW, ev, scenario
from tests.output.test_formats import EXPECTED_MARKDOWN
from tests.output.test_team import PEOPLE
from tpmpath.core.models import Progress
from tpmpath.core.progress import derive
from tpmpath.core.report import Report, build_report
from tpmpath.core.team import Learner, rollup
from tpmpath.output.csv_report import render_csv
from tpmpath.output.documents import Content, ReportDocument, TeamRollup, Written, for_stdout
from tpmpath.output.html_report import render_html
from tpmpath.output.report_json import report_json
from tpmpath.output.team_formats import render_csv as team_csv
from tpmpath.output.team_formats import render_html as team_html
from tpmpath.output.team_formats import render_markdown as team_markdown
from tpmpath.output.team_formats import team_view


def report_document() -> ReportDocument:
    progress = scenario()
    derived = derive(CURRICULUM, progress.events)
    report = build_report(
        CURRICULUM, progress.events, derived, NOW, progress=progress, profile="me"
    )
    return ReportDocument(report, progress, derived)


def test_report_markdown_is_the_default() -> None:
    assert report_document().document("markdown") == EXPECTED_MARKDOWN


@pytest.mark.parametrize(
    ("format", "renderer"), [("csv", render_csv), ("html", render_html)], ids=["csv", "html"]
)
def test_report_text_formats(format: str, renderer: Callable[[Report], str]) -> None:
    document = report_document()
    assert document.document(format) == renderer(document.report)


def test_report_json_is_the_parts_of_the_fast_path() -> None:
    document = report_document()
    parts = document.document("json")
    assert parts == report_json(document.report, document.progress, document.derived)
    assert isinstance(parts, list)
    assert [e["id"] for e in json.loads(b"".join(parts))["history"]] == ["e4", "e3", "e2", "e1"]


TABLE = """\
NAME   STEP 1  STEP 2  OVERALL  DONE  LAST ACTIVITY
alice  100.0%    0.0%    60.0%   3/5  2026-03-04
bob      0.0%   16.7%     6.7%   0/5  2026-02-20
carol    0.0%    0.0%     0.0%   0/5  -

Step 1: Basics
Step 2: Practice"""


@pytest.fixture
def team() -> TeamRollup:
    people = [
        Learner.of(name, f"{name}.json", Progress(curriculum_id="tiny", events=events))
        for name, events in PEOPLE.items()
    ]
    return TeamRollup(rollup(CURRICULUM, people, NOW))


def test_team_table_text_and_document(team: TeamRollup) -> None:
    assert team.text() == TABLE
    assert team.document("table") == TABLE + "\n"
    assert team.notes(as_json=False) == []


def test_team_data_and_json_document(team: TeamRollup) -> None:
    assert team.data() == team_view(team.team)
    document = team.document("json")
    assert isinstance(document, list)  # in parts: a member each
    text = b"".join(document).decode()
    assert "\n" not in text[:-1]  # compact, one line
    assert json.loads(text)["members"][1]["name"] == "bob"


@pytest.mark.parametrize(
    ("format", "renderer"),
    [("markdown", team_markdown), ("csv", team_csv), ("html", team_html)],
    ids=["markdown", "csv", "html"],
)
def test_team_text_formats(team: TeamRollup, format: str, renderer: Callable[..., str]) -> None:
    assert team.document(format) == renderer(team.team)


def test_team_draws_a_rich_table_and_its_legend_as_text() -> None:
    step = CURRICULUM.steps[0].model_copy(update={"title": "[bold]B\x1b[31m\x9b[/]"})
    curriculum = CURRICULUM.model_copy(update={"steps": [step]})
    progress = Progress(curriculum_id="tiny", events=[ev(1, "2026-03-02 09:00", "done", "a")])
    team = TeamRollup(rollup(curriculum, [Learner.of("x<y>", "x.json", progress)], NOW))
    out = io.StringIO()
    team.draw(Console(file=out, width=80, highlight=False))
    lines = out.getvalue().splitlines()
    assert lines[0].split("┃") == ["NAME ", " STEP 1 ", " OVERALL ", " DONE ", " LAST ACTIVITY"]
    assert lines[2].split("│") == ["x<y> ", "  33.3% ", "   33.3% ", "  1/3 ", " 2026-03-02   "]
    assert lines[3:] == ["", "Step 1: [bold]B [31m [/]"]  # markup shown, not applied


@pytest.mark.parametrize(
    ("content", "format", "tty", "expected"),
    [
        ([b'{"a":', b"[1]}\n"], "json", True, '{\n  "a": [\n    1\n  ]\n}\n'),
        ('{"a":1}\n', "json", True, '{\n  "a": 1\n}\n'),
        ('{"a":"\\u001b"}\n', "json", False, '{"a":"\\u001b"}\n'),
        ("# T\x1b]52;c;x\x07\n", "markdown", False, "# T]52;c;x\n"),
        ("a,b\r\nc\x1b,d\r\n", "csv", True, "a,b\r\nc,d\r\n"),
        ([b"<p>\xc3\xa9\x1b</p>\n"], "html", False, "<p>\u00e9</p>\n"),
    ],
)
def test_for_stdout(content: Content, format: str, tty: bool, expected: str) -> None:
    assert for_stdout(content, format, tty=tty) == expected


def test_for_stdout_leaves_json_parts_as_encoded_for_a_pipe() -> None:
    parts = [b'{"a":', b'"\x7f"}\n']
    assert for_stdout(parts, "json", tty=False) is parts


def test_written_says_where_on_stderr() -> None:
    written = Written(Path("out/report.html"))
    assert (written.text(), written.notes(as_json=False)) == ("", ["Wrote out/report.html"])
    assert written.data() == {"file": "out/report.html"}


def test_team_table_leaves_out_the_step_columns_that_do_not_fit(team: TeamRollup) -> None:
    assert team.text_for(80) == TABLE  # 51 columns: all fit
    assert team.text_for(40) == (
        "NAME   OVERALL  DONE  LAST ACTIVITY\n"
        "alice    60.0%   3/5  2026-03-04\n"
        "bob       6.7%   0/5  2026-02-20\n"
        "carol     0.0%   0/5  -\n"
        "\n"
        "Step 1: Basics\n"
        "Step 2: Practice"
    )
    out = io.StringIO()
    team.draw(Console(file=out, width=52, highlight=False))
    assert "STEP 1" not in out.getvalue()  # Rich spends 3 columns between two: 60 needed
    assert max(len(line) for line in out.getvalue().splitlines()) <= 52

"""The reports' Skills section in every format: first vs latest, evidence, `--since`, the chart."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import yaml

from tests.conftest import SKILLED
from tests.output.test_formats import assert_safe_page, parse_html
from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.progress import derive
from tpmpath.core.report import Report, build_report
from tpmpath.output.charts import ratings_chart
from tpmpath.output.csv_report import render_csv
from tpmpath.output.html_report import render_html
from tpmpath.output.markdown import render_markdown
from tpmpath.output.report_json import report_json

CURRICULUM = Curriculum.model_validate(yaml.safe_load(SKILLED))
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def day(month: int, n: int) -> datetime:
    return datetime(2026, month, n, 9, 0, tzinfo=UTC)


def ev(n: int, at: datetime, action: str, **fields: object) -> Event:
    return Event.model_validate(
        {"id": f"e{n}", "batch": f"b{n}", "at": at, "action": action} | fields
    )


EVENTS = [
    ev(1, day(1, 10), "assess", skill="apis", level=1),
    ev(2, day(2, 1), "done", topic="a", text="Read the RFC"),
    ev(3, day(3, 5), "assess", skill="apis", level=2),
    ev(4, day(4, 2), "note", topic="b", text="Rate limits | retries", link="https://e.com/x"),
    ev(5, day(5, 20), "assess", skill="apis", level=4),
]
GAPS = [
    ev(6, day(4, 10), "gap", topic="talk", text="What is idempotency?"),
    ev(7, day(4, 20), "close", gap="e6", text="Idempotency: doing it twice does it once."),
]


def build(since: date | None = None, gaps: list[Event] | None = None) -> Report:
    events = EVENTS + (gaps or [])
    progress = Progress(curriculum_id="tiny", events=events)
    return build_report(
        CURRICULUM,
        events,
        derive(CURRICULUM, events),
        NOW,
        progress=progress,
        profile="me",
        since=since,
    )


def skills_section(markdown: str) -> str:
    return markdown[markdown.index("## Skills") :]


def test_markdown_skills_section() -> None:
    assert skills_section(render_markdown(build(gaps=GAPS))) == (
        "## Skills\n"
        "\n"
        "| Skill | First | Latest | Change | Evidence |\n"
        "| :--- | ---: | ---: | ---: | ---: |\n"
        "| APIs and integration (`apis`) | 1 (2026-01-10) | 4 (2026-05-20) | +3 | 3 |\n"
        "| Talking tech (`talking`) | - | - |  | 1 |\n"
        "\n"
        "### APIs and integration (`apis`)\n"
        "\n"
        "Ratings: 1/5 on 2026-01-10, 2/5 on 2026-03-05, 4/5 on 2026-05-20.\n"
        "\n"
        "- 2026-02-01, done: Topic A (`a`)\n"
        "- 2026-02-01, note: Topic A (`a`): Read the RFC\n"
        "- 2026-04-02, note: Topic B (`b`): Rate limits \\| retries · [link](https://e.com/x)\n"
        "\n"
        "### Talking tech (`talking`)\n"
        "\n"
        "Ratings: not rated yet.\n"
        "\n"
        "- 2026-04-20, gap closed: Talk to people (`talk`): What is idempotency? · Idempotency: "
        "doing it twice does it once.\n"
    )


def test_since_limits_evidence_and_ratings_and_measures_from_the_rating_in_force() -> None:
    section = skills_section(render_markdown(build(since=date(2026, 3, 1))))
    assert "## Skills since 2026-03-01\n" in section
    # First: the 1 of January was in force on 1 March; latest: May's 4.
    assert "| APIs and integration (`apis`) | 1 (2026-01-10) | 4 (2026-05-20) | +3 | 1 |" in section
    assert "Ratings: 2/5 on 2026-03-05, 4/5 on 2026-05-20.\n" in section
    assert "Read the RFC" not in section
    assert "Ratings: no rating in this period.\n\nNo evidence yet.\n" in section


def test_json_skills() -> None:
    view = json.loads(b"".join(report_json(build(since=date(2026, 3, 1)), Progress(
        curriculum_id="tiny"), derive(CURRICULUM, EVENTS))))  # fmt: skip
    apis, talking = view["skills"]
    assert apis["ratings"] == [
        {"at": "2026-03-05T09:00:00Z", "level": 2},
        {"at": "2026-05-20T09:00:00Z", "level": 4},
    ]
    assert apis["rated_before"] == {"at": "2026-01-10T09:00:00Z", "level": 1}
    assert (apis["first"], apis["latest"]) == (2, 4)
    assert apis["evidence"] == [
        {
            "at": "2026-04-02T09:00:00Z",
            "kind": "note",
            "topic": "b",
            "text": "Rate limits | retries",
            "link": "https://e.com/x",
        }
    ]
    assert apis["levels"][0] == "Never heard of it"
    assert (talking["ratings"], talking["rated_before"], talking["evidence"]) == ([], None, [])
    assert list(view)[-1] == "history"


def test_csv_skill_rows_follow_the_topics() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(build()), newline="")))
    assert rows[0][-3:] == ["skills", "first_rating", "latest_rating"]
    assert rows[1][0:2] == ["basics", "a"] and rows[1][-3:] == ["apis", "", ""]
    assert rows[-2:] == [
        ["", "skill:apis", "APIs and integration", "rated", "2026-01-10", "2026-05-20", "",
         "3", "", "", "skill", "", "", "1", "4"],
        ["", "skill:talking", "Talking tech", "not rated", "", "", "", "0", "", "", "skill", "",
         "", "", ""],
    ]  # fmt: skip


def test_html_skills_card_has_the_chart_and_the_evidence() -> None:
    page = render_html(build(gaps=GAPS))
    parsed = assert_safe_page(page)
    text = " ".join(" ".join(parsed.text).split())
    for expected in (
        "Skills",
        "Self-assessment per skill, 1-5: first rating and latest",
        "first latest",  # the legend, in words
        "APIs and integration: first 1/5 on 2026-01-10",
        "APIs and integration: latest 4/5 on 2026-05-20",
        "Talking tech not rated",
        "Ratings: 1/5 on 2026-01-10, 2/5 on 2026-03-05, 4/5 on 2026-05-20",
        "2026-04-20 gap closed: Talk to people What is idempotency? Idempotency: doing it twice "
        "does it once.",
        "2026-04-02 note: Topic B Rate limits | retries link",
    ):
        assert expected in text, expected
    assert page.count('<figure class="skillchart">') == 1
    assert page.index("<h2>Skills</h2>") < page.index("<h2>Completed</h2>")


def test_no_skills_section_without_skills() -> None:
    plain = Curriculum.model_validate(yaml.safe_load(SKILLED.split("skills:\n")[0] + STEPS))
    report = build_report(
        plain, [], derive(plain, []), NOW, progress=Progress(curriculum_id="tiny"), profile="me"
    )
    assert "Skills" not in render_markdown(report)
    assert '<figure class="skillchart">' not in render_html(report)


STEPS = "steps:\n  - id: s\n    title: S\n    topics:\n      - {id: a, title: A}\n"


def test_the_chart_escapes_titles_and_scales_without_stretching() -> None:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    from tpmpath.core.progress import Rating

    chart = ratings_chart([("<b>&", Rating(when, 2), Rating(when, 5)), ("x", None, None)], "C")
    parsed = parse_html(chart)
    assert "&lt;b&gt;&amp;" in chart and "<b>" not in chart
    svg = next(attrs for tag, attrs in parsed.tags if tag == "svg")
    assert "preserveAspectRatio" not in svg  # text keeps its shape at any width
    widths = [attrs["width"] for tag, attrs in parsed.tags if tag == "rect"]
    assert widths == ["14", "14", "103.25", "259.25"]  # the legend's two, then 2 and 5 of 5


def test_years_of_evidence_are_capped_in_reports() -> None:
    logs = [
        ev(100 + n, day(1, 1 + n % 28), "log", topic="talk", text=f"log {n}") for n in range(60)
    ]
    progress = Progress(curriculum_id="tiny", events=logs)
    derived = derive(CURRICULUM, logs)
    report = build_report(CURRICULUM, logs, derived, NOW, progress=progress, profile="me")
    section = skills_section(render_markdown(report))
    talking = section.split("### Talking tech")[1]
    assert talking.count("\n- 2026-") == 50
    # 60 logs, and the done of the practice at its third: the 11 oldest are left out.
    assert "\n\n- 11 older pieces of evidence: `tpmpath show skill:talking`.\n" in talking
    page = render_html(report)
    assert "And 11 older pieces of evidence: <code>tpmpath show skill:talking</code>." in page
    view = json.loads(b"".join(report_json(report, progress, derived)))
    assert (view["skills"][1]["evidence_count"], len(view["skills"][1]["evidence"])) == (61, 50)

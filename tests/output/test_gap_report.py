"""The gap inbox in every report format: open gaps with their age, closed ones with their
explanations, `--since` limiting the closed ones, and hostile text kept harmless."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from tests.core.test_report import CURRICULUM, build, ev, scenario
from tests.output.test_formats import assert_safe_page
from tpmpath.core.models import Progress
from tpmpath.core.progress import derive
from tpmpath.output.csv_report import render_csv
from tpmpath.output.gap_report import gaps_json
from tpmpath.output.html_report import render_html
from tpmpath.output.markdown import render_markdown
from tpmpath.output.report_json import report_json


def with_gaps() -> Progress:
    """The scenario's week, and three gaps: one closed on 03-03, one on 03-05, one open."""
    progress = scenario()
    progress.events += [
        ev(10, "2026-03-01 08:00", "gap", "a", text="what is idempotency?", context="Standup"),
        ev(11, "2026-03-02 10:00", "gap", None, text="what is a p99?"),
        ev(12, "2026-03-03 10:00", "gap", "talk", text="why a *queue*?"),
        ev(13, "2026-03-03 11:00", "close", None, gap="e11", text="Most requests are faster."),
        ev(14, "2026-03-05 11:00", "close", None, gap="e10", text="Twice is once.",
           link="https://example.com/idem"),
    ]  # fmt: skip
    return progress


MARKDOWN = """
## Gap inbox

Open (1):

- why a \\*queue\\*? (`e12`, `talk`, 3 days)

Closed (2):

- **what is idempotency?** (`e10`, `a`, closed 2026-03-05): Twice is once. · [link](https://example.com/idem)
- **what is a p99?** (`e11`, closed 2026-03-03): Most requests are faster.
"""  # noqa: E501


def test_markdown_section() -> None:
    text = render_markdown(build(with_gaps()))
    assert text.endswith(MARKDOWN)


def test_markdown_since_keeps_open_gaps_and_the_closed_ones_in_the_period() -> None:
    text = render_markdown(build(with_gaps(), since=date(2026, 3, 4)))
    section = text.split("## Gap inbox")[1]
    assert "why a \\*queue\\*?" in section and "Closed since 2026-03-04 (1):" in section
    assert "what is a p99?" not in section
    later = render_markdown(build(with_gaps(), since=date(2026, 3, 6)))
    assert later.endswith("\nNo gap closed since 2026-03-06.\n")


def test_no_section_before_the_first_gap() -> None:
    report = build()
    assert "Gap inbox" not in render_markdown(report)
    assert "Gap inbox" not in render_html(report)
    assert [row[10] for row in csv.reader(io.StringIO(render_csv(report)))][1:] == ["topic"] * 5


def test_json_lists_the_gaps() -> None:
    progress = with_gaps()
    report = build(progress, since=date(2026, 3, 4))
    view = json.loads(b"".join(report_json(report, progress, derive(CURRICULUM, progress.events))))
    assert view["gaps"]["open"] == 1 and view["gaps"]["closed"] == 2  # as in `status --json`
    inbox = view["gap_inbox"]
    assert list(inbox) == list(gaps_json(report)) == ["open", "closed"]
    assert [(g["short_id"], g["age_days"]) for g in inbox["open"]] == [("e12", 3)]
    assert [(g["id"], g["explanation"], g["link"]) for g in inbox["closed"]] == [
        ("e10", "Twice is once.", "https://example.com/idem")
    ]
    assert inbox["closed"][0]["closed_at"] == "2026-03-05T11:00:00+01:00"


def test_csv_rows_after_the_topics() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(build(with_gaps())), newline="")))
    assert rows[6:] == [
        ["practice", "gap:e12", "why a *queue*?", "open", "2026-03-03", "", "", "", "", "",
         "gap", "3", "", "", ""],
        ["basics", "gap:e10", "what is idempotency?", "closed", "2026-03-01", "2026-03-05",
         "Twice is once.", "", "", "", "gap", "", "", "", ""],
        ["", "gap:e11", "what is a p99?", "closed", "2026-03-02", "2026-03-03",
         "Most requests are faster.", "", "", "", "gap", "", "", "", ""],
    ]  # fmt: skip


def test_html_card() -> None:
    page = render_html(build(with_gaps()))
    assert_safe_page(page)
    card = page.split('<section class="card gaps">')[1].split("</section>")[0]
    assert card.startswith("<h2>Gap inbox: 1 open, 2 closed</h2>")
    assert "why a *queue*?" in card and ">3 days<" in card
    assert "Twice is once." in card and 'href="https://example.com/idem"' in card
    assert card.index("why a *queue*?") < card.index("what is idempotency?")


def test_hostile_gap_text_stays_text() -> None:
    progress = Progress(
        curriculum_id="tiny",
        events=[
            ev(1, "2026-03-01 08:00", "gap", None, text="<script>alert(1)</script>"),
            ev(2, "2026-03-02 08:00", "gap", None, text="=HYPERLINK(\"x\")"),
            ev(3, "2026-03-02 09:00", "close", None, gap="e2", text="| a | b |\n# not a heading",
               link="javascript:alert(1)"),
        ],
    )  # fmt: skip
    report = build(progress)
    page = render_html(report)
    assert_safe_page(page)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    markdown = render_markdown(report)
    assert "\\| a \\| b \\| # not a heading · link: javascript:alert(1)" in markdown
    rows = list(csv.reader(io.StringIO(render_csv(report), newline="")))
    assert rows[-1][2] == '\'=HYPERLINK("x")'

"""CSV output: RFC 4180 quoting, no control characters, and no cell a spreadsheet would run as a
formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from tpmpath.core.report import Report, latest_note
from tpmpath.core.text import printable

CSV_HEADERS = [
    "step", "id", "title", "status", "started", "completed", "note", "count", "target", "notes",
    "kind", "age_days", "skills", "first_rating", "latest_rating",
]  # fmt: skip
"""`note`: the latest note's text; `notes`: how many notes, links and log texts the topic has
(`tpmpath show TOPIC` lists them); `kind`: "topic", "gap" for the gap inbox's rows after the
topics (output.gap_report.gaps_csv) or "skill" for the skills' rows after them
(output.skills_report.skills_csv_rows); `age_days`: an open gap's age; `skills`: the skill ids a
topic builds; `first_rating`, `latest_rating`: a skill's."""
_FORMULA_START = ("=", "+", "-", "@")

Cell = str | int | float | None


def safe_cell(value: Cell) -> Cell:
    """A text cell as printable text; one that starts like a formula gets a leading `'`.

    OWASP's advice against CSV injection: spreadsheets skip leading blanks and line breaks
    before `= + - @`, and treat a leading tab or CR as the start of a formula too.
    """
    if not isinstance(value, str):
        return value
    text = printable(value)  # a file is read in a terminal too (`cat`): as clean as stdout
    if text.startswith(("\t", "\r")) or text.lstrip().startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A CSV document: a header row, then the rows, CRLF line ends, quoting where needed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header in headers])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def render_csv(report: Report) -> str:
    """One row per topic, in curriculum order (every topic: a spreadsheet wants the whole plan),
    then one per gap (open, and closed in the period), then one per skill."""
    from tpmpath.output.skills_report import skills_csv_rows, topic_skills

    rows: list[list[Cell]] = []
    for entry in report.entries:
        state, target = entry.state, entry.topic.target
        rows.append(
            [
                entry.step.id,
                entry.topic.id,
                entry.topic.title,
                state.status,
                report.day(state.started_at).isoformat() if state.started_at else None,
                report.day(state.completed_at).isoformat() if state.completed_at else None,
                latest_note(entry),
                state.count if target else None,
                target,
                len(state.notes),
                "topic",
                None,
                topic_skills(entry.topic.skills),
                None,
                None,
            ]
        )
    from tpmpath.output.gap_report import gaps_csv

    rows += [[*row, None, None, None] for row in gaps_csv(report)]
    return csv_text(CSV_HEADERS, rows + skills_csv_rows(report))

"""`report` and `team` as documents: the text of each format, and the form stdout gets.

The command picks the format and where the document goes (stdout, or `-o FILE` through the
store); what the document says is decided here. Each format's renderer is imported only when
that format is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tpmpath.output.emit import Notice

if TYPE_CHECKING:
    from tpmpath.core.models import Progress
    from tpmpath.core.progress import Derived
    from tpmpath.core.report import Report
    from tpmpath.core.team import Team

Content = str | list[bytes]
"""A document: text, or UTF-8 bytes in parts to write one after the other (the JSON report)."""


class Document(Protocol):
    """What `report` and `team` write to stdout or a file."""

    def document(self, format: str) -> Content:
        """The document in one format."""


def for_stdout(content: Content, format: str, *, tty: bool) -> Content:
    """A document as stdout gets it.

    JSON goes out as encoded (it escapes the control characters text drops), indented for a
    person on a terminal; any other format loses the control characters that could drive the
    terminal (a file gets it untouched).
    """
    if format == "json":
        if not tty:
            return content
        from tpmpath.output.views import reindent

        return reindent(content if isinstance(content, str) else b"".join(content))
    from tpmpath.core.text import printable

    return printable(content if isinstance(content, str) else b"".join(content).decode())


@dataclass(repr=False, eq=False)
class ReportDocument:
    """`report`: one learner's progress report in markdown, json, csv or html."""

    report: Report
    progress: Progress
    derived: Derived

    def document(self, format: str) -> Content:
        """The report in `format` (JSON: compact, in parts, each event as it is stored)."""
        if format == "json":
            from tpmpath.output.report_json import report_json

            return report_json(self.report, self.progress, self.derived)
        if format == "csv":
            from tpmpath.output.csv_report import render_csv

            return render_csv(self.report)
        if format == "html":
            from tpmpath.output.html_report import render_html

            return render_html(self.report)
        from tpmpath.output.markdown import render_markdown

        return render_markdown(self.report)


@dataclass(repr=False, eq=False)
class TeamRollup:
    """`team`: a row per person; the terminal table (Rich or plain) or a document."""

    team: Team

    def data(self) -> object:
        from tpmpath.output.team_formats import team_view

        return team_view(self.team)

    def text(self) -> str:
        from tpmpath.output.render import table_plain
        from tpmpath.output.team_formats import legend, table_rows

        headers, rows, right = table_rows(self.team)
        return table_plain(headers, rows, right=right) + "\n\n" + legend(self.team)

    def text_for(self, width: int) -> str:
        """The table in `width` columns (without the per-step columns when they do not fit)."""
        from tpmpath.output.render import table_plain
        from tpmpath.output.team_formats import legend, table_rows

        headers, rows, right = table_rows(self.team, width)
        return table_plain(headers, rows, right=right) + "\n\n" + legend(self.team, width)

    def draw(self, console: Any) -> None:
        from tpmpath.core.text import printable
        from tpmpath.output.render import table_rich
        from tpmpath.output.team_formats import legend, table_rows

        headers, rows, right = table_rows(self.team, console.width, gap=3)  # Rich: ' │ '
        table_rich(headers, rows, [None] * len(rows), console=console, right=right)
        console.out(printable("\n" + legend(self.team, console.width)), highlight=False)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return []

    def document(self, format: str) -> Content:
        """The roll-up in `format` (table: the plain text table and its legend)."""
        from tpmpath.output import team_formats

        if format == "json":
            return team_formats.team_json(self.team)
        if format == "markdown":
            return team_formats.render_markdown(self.team)
        if format == "csv":
            return team_formats.render_csv(self.team)
        if format == "html":
            return team_formats.render_html(self.team)
        return self.text() + "\n"


@dataclass(repr=False, eq=False)
class Written(Notice):
    """A document written to `-o FILE`: said on stderr, stdout stays empty."""

    file: Path

    def data(self) -> object:
        return {"file": str(self.file)}

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [f"Wrote {self.file}"]

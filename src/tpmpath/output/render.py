"""Terminal output: Rich tables on a colour terminal, plain aligned text when piped or NO_COLOR;
and the pieces of text every format shares (hours, weeks, days, plurals, done counts, bars).

Rich is imported only inside the functions that draw with it: `--json` and plain output never
pay for it.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from tpmpath.core.models import Event
from tpmpath.core.progress import Summary, TopicState
from tpmpath.core.review import topic_schedule
from tpmpath.core.text import printable

STATUS_MARK = {"todo": " ", "in_progress": "~", "done": "x", "skipped": "-"}
STATUS_WORD = {"todo": "todo", "in_progress": "in progress", "done": "done", "skipped": "skipped"}
STATUS_STYLE = {"todo": "dim", "in_progress": "yellow", "done": "green", "skipped": "cyan"}


def fancy(stream: TextIO | None = None) -> bool:
    """Draw with Rich only on a real terminal (stdout unless told) without NO_COLOR or TERM=dumb."""
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def bar(percent: float, width: int = 20) -> str:
    """A plain-text progress bar: [#####...............]."""
    filled = round(width * percent / 100)
    return "[" + "#" * filled + "." * (width - filled) + "]"


def clip(text: str, width: int) -> str:
    """One line, at most `width` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def hours_text(value: float) -> str:
    """A number of hours for a sentence: 5, 4.5, 0.25 (small rates keep two digits), 1250000."""
    if value == 0:
        return "0"  # also for -0.0, which a subtraction can leave
    if abs(value) < 1:
        return f"{value:.2g}"
    return f"{round(value, 1):.1f}".removesuffix(".0")  # no e-notation for large numbers


_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_text(day: date) -> str:
    """A date with its weekday, whatever the locale: Wed 2026-01-14."""
    return f"{_DAY_NAMES[day.weekday()]} {day.isoformat()}"


def weeks_text(weeks: float) -> str:
    """A number of weeks for a sentence: 1 week, 4.4 weeks."""
    rounded = round(weeks, 1)
    return f"{rounded:g} week" + ("" if rounded == 1 else "s")


def plural(count: int, word: str) -> str:
    """`1 week`, `2 weeks`: a count and a regular noun."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def finished_text(summary: Summary) -> str:
    """`done + skipped / total`, the `Done` column of status, reports and the team table."""
    return f"{summary.finished}/{summary.total}"


def hours_line(overall: Summary) -> str:
    """Hours done and remaining, and how many topics carry no estimate."""
    line = (
        f"Hours: {hours_text(overall.hours_done)} of {hours_text(overall.hours_total)} done, "
        f"{hours_text(overall.hours_remaining)} remaining"
    )
    if overall.unestimated:
        line += f" ({plural(overall.unestimated, 'topic')} unestimated)"
    return line + "."


BLOCKS = "·▁▂▃▄▅▆▇█"
ASCII_BLOCKS = "._-=+*#%@"
"""Sparkline levels: nothing, then eight heights (ASCII when the terminal cannot show blocks)."""


def sparkline(values: Sequence[float], *, unicode: bool = True) -> str:
    """One character per value, scaled to the largest; zero stays distinct from small."""
    levels = BLOCKS if unicode else ASCII_BLOCKS
    top = max(values, default=0)
    return "".join(
        levels[0] if value <= 0 else levels[max(1, math.ceil(8 * value / top))] for value in values
    )


def can_show(text: str) -> bool:
    """Whether stdout's encoding can print `text` (else fall back to ASCII)."""
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def status_plain(title: str, summaries: Sequence[Summary]) -> str:
    """The status table as text that fits 80 columns."""
    width = max(5, min(40, max(len(s.title) for s in summaries) + 4))
    lines = [title, ""]
    lines.append(f"{'Step':<{width}} {'Done':>9}  {'Progress':<22}  {'%':>6}")
    steps, overall = summaries[:-1], summaries[-1]
    for number, summary in enumerate(steps, 1):
        label = clip(f"{number}. {summary.title}", width)
        lines.append(_plain_row(label, summary, width))
    lines.append(_plain_row("Overall", overall, width))
    return "\n".join(lines)


def _plain_row(label: str, summary: Summary, width: int) -> str:
    done = finished_text(summary)
    return f"{label:<{width}} {done:>9}  {bar(summary.percent)}  {summary.percent:>5.1f}%"


def status_rich(
    title: str, summaries: Sequence[Summary], footer: Sequence[str], console: Any = None
) -> None:
    """The status table drawn with Rich: a row per step, a bar, percent, an overall row."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    table = Table(
        title=escape(printable(title)), title_justify="left", expand=False, show_edge=False
    )
    table.add_column("Step", overflow="fold", max_width=42)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Progress", width=20, no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    steps, overall = summaries[:-1], summaries[-1]
    for number, summary in enumerate(steps, 1):
        label = escape(printable(f"{number}. {summary.title}"))
        table.add_row(*_rich_cells(label, summary, ProgressBar))
    table.add_section()
    table.add_row(*_rich_cells("[bold]Overall[/bold]", overall, ProgressBar))
    console = console or Console(highlight=False)
    console.print(table)
    console.print()
    for line in footer:
        console.print(printable(line), markup=False)


def _rich_cells(label: str, summary: Summary, progress_bar: Any) -> list[Any]:
    return [
        label,
        finished_text(summary),
        progress_bar(
            total=100,
            completed=summary.percent,
            width=20,
            complete_style="green",
            finished_style="bold green",
        ),
        f"{summary.percent:.1f}%",
    ]


def topic_line(mark: str, topic_id: str, title: str, extra: str = "", width: int = 80) -> str:
    """One topic on one line: `[x] api-basics  How APIs connect services  (extra)`."""
    head = f"[{mark}] {topic_id}  "
    tail = f"  ({extra})" if extra else ""
    room = max(10, width - len(head) - len(tail))
    return head + clip(title, room) + tail


def table_plain(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned with spaces; the last column is not padded."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def fmt(cells: Sequence[str]) -> str:
        padded = [c.ljust(w) for c, w in zip(cells[:-1], widths[:-1], strict=True)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return "\n".join([fmt(headers), *(fmt(r) for r in rows)])


def table_rich(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[str | None],
    console: Any = None,
) -> None:
    """A simple Rich table; `styles` colours each row (e.g. by status)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_edge=False, highlight=False, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row, style in zip(rows, styles, strict=True):
        table.add_row(*(escape(printable(cell)) for cell in row), style=style)
    (console or Console(highlight=False)).print(table)


def in_days(due: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days' or '2 days ago'."""
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days" if days > 0 else f"{plural(-days, 'day')} ago"


def journal_lines(entries: Sequence[Event]) -> list[str]:
    """Notes, logs and evidence, dated, for `show`: multi-line text indented, Q/A under logs."""
    lines: list[str] = []
    for entry in entries:
        lines.append(f"  {entry.at:%Y-%m-%d} ({entry.action})")
        lines += _indented(entry.text or "", "    ")
        if entry.answer:
            if entry.prompt:
                lines += _indented(entry.prompt, "    Q: ", "       ")
            lines += _indented(entry.answer, "    A: ", "       ")
        if entry.link:
            lines.append(f"    link: {entry.link}")
    return lines


def _indented(text: str, first: str, rest: str | None = None) -> list[str]:
    """Text indented line by line; blank lines stay blank (no trailing spaces)."""
    result = []
    for number, line in enumerate(text.splitlines()):
        prefix = first if number == 0 else (first if rest is None else rest)
        result.append(prefix + line if line.strip() else "")
    return result


def review_lines(state: TopicState, today: date) -> list[str]:
    """For `show`: how many reviews, and when the next one is due (done topics only)."""
    planned = topic_schedule(state)
    if planned is None:
        return []
    lines = []
    if planned.reviews:
        lines.append(f"Reviews: {planned.reviews}, last on {planned.last.isoformat()}")
    lines.append(f"Next review: {planned.due.isoformat()} ({in_days(planned.due, today)})")
    return lines


def journal(state: TopicState, events: Sequence[Event]) -> list[Event]:
    """A topic's notes and logs (a log may carry no text), in the order they were recorded."""
    # The event list is the true order: with a fixed clock many events share a timestamp.
    return [events[i] for i in sorted({*state.notes, *state.logs})]

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
from typing import Any, Literal, TextIO

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


DEFAULT_WIDTH = 80
NARROWEST = 20
"""Text is laid out for at least this many columns: below it, nothing useful fits anyway."""


def width(stream: TextIO | None = None) -> int:
    """The columns text may use: $COLUMNS, else the terminal's width, else 80."""
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return max(NARROWEST, int(value))
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            return max(NARROWEST, os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH)
    except (OSError, ValueError, AttributeError):
        pass  # not a real terminal (a test's stream, a closed one)
    return DEFAULT_WIDTH


def wrap(lines: Sequence[str], width: int, indent: str = "") -> list[str]:
    """Each line wrapped at spaces to `width` columns; ids, numbers and URLs are never broken
    (a word longer than the line stays whole on a line of its own). Continuation lines take
    `indent` plus the line's own leading spaces."""
    import textwrap

    result: list[str] = []
    for line in lines:
        if len(line) <= width:
            result.append(line)
            continue
        lead = " " * (len(line) - len(line.lstrip(" ")))
        result += textwrap.wrap(
            line,
            width,
            subsequent_indent=lead + indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return result


def bar(percent: float, width: int = 20) -> str:
    """A plain-text progress bar: [#####...............]."""
    filled = round(width * percent / 100)
    return "[" + "#" * filled + "." * (width - filled) + "]"


def clip(text: str, width: int) -> str:
    """One line, at most `width` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def work_text(hours: float) -> str:
    """An amount of work: `10 min` under an hour (to 5 minutes, at least 5), else `4.5 h`."""
    if 0 < hours < 1:
        minutes = max(5, 5 * round(hours * 12))
        return f"{minutes} min" if minutes < 60 else "1 h"
    return f"{hours_text(hours)} h"


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


def _bar_width(columns: int) -> int:
    return 20 if columns >= DEFAULT_WIDTH else 10


def status_plain(title: str, summaries: Sequence[Summary], columns: int = DEFAULT_WIDTH) -> str:
    """The status table as text that fits `columns`: the step titles are what shrinks."""
    labels = [f"{number}. {summary.title}" for number, summary in enumerate(summaries[:-1], 1)]
    done = max(4, *(len(finished_text(s)) for s in summaries))
    bar_width = _bar_width(columns)
    fixed = 1 + done + 2 + (bar_width + 2) + 2 + 6
    width = max(7, min(40, columns - fixed, max(len(label) for label in [*labels, "Overall"])))
    lines = [clip(title, columns), ""]
    lines.append(f"{'Step':<{width}} {'Done':>{done}}  {'Progress':<{bar_width + 2}}  {'%':>6}")
    for label, summary in zip([*labels, "Overall"], summaries, strict=True):
        row = f"{clip(label, width):<{width}} {finished_text(summary):>{done}}  "
        lines.append(row + f"{bar(summary.percent, bar_width)}  {summary.percent:>5.1f}%")
    return "\n".join(lines)


def status_rich(
    title: str, summaries: Sequence[Summary], footer: Sequence[str], console: Any = None
) -> None:
    """The status table drawn with Rich: a row per step, a bar, percent, an overall row."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    console = console or Console(highlight=False)
    bar_width = _bar_width(console.width)
    done = max(4, *(len(finished_text(s)) for s in summaries))
    table = Table(
        title=escape(clip(printable(title), console.width)),
        title_justify="left",
        expand=False,
        show_edge=False,
    )
    room = max(7, min(42, rich_room(console.width, [done, bar_width, 6])))
    table.add_column("Step", no_wrap=True, overflow="ellipsis", max_width=room)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Progress", width=bar_width, no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    steps, overall = summaries[:-1], summaries[-1]
    for number, summary in enumerate(steps, 1):
        label = escape(printable(f"{number}. {summary.title}"))
        table.add_row(*_rich_cells(label, summary, ProgressBar, bar_width))
    table.add_section()
    table.add_row(*_rich_cells("[bold]Overall[/bold]", overall, ProgressBar, bar_width))
    console.print(table)
    console.print()
    for line in footer:
        console.print(printable(line), markup=False)


def rich_room(columns: int, others: Sequence[int]) -> int:
    """What is left for one column of a Rich table without outer edges (`show_edge=False`,
    columns apart by ' │ ') when the others take `others` characters."""
    return columns - sum(others) - 3 * len(others)


def _rich_cells(label: str, summary: Summary, progress_bar: Any, width: int) -> list[Any]:
    return [
        label,
        finished_text(summary),
        progress_bar(
            total=100,
            completed=summary.percent,
            width=width,
            complete_style="green",
            finished_style="bold green",
        ),
        f"{summary.percent:.1f}%",
    ]


def topic_line(
    mark: str, topic_id: str, title: str, extra: str = "", width: int = DEFAULT_WIDTH
) -> list[str]:
    """A topic in `width` columns: `[x] api-basics  How APIs connect services  (extra)`; the
    title shrinks, and `extra` goes under the row, wrapped, when it leaves the title no room."""
    head = f"[{mark}] {topic_id}  "
    tail = f"  ({extra})" if extra else ""
    room = width - len(head) - len(tail)
    if room >= min(len(title), 12):
        return [head + clip(title, room) + tail]
    lines = [head + clip(title, max(5, width - len(head)))]
    return lines + wrap([f"      ({extra})"], width, " ") if extra else lines


def column_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    columns: int | None = None,
    shrink: int | None = None,
    gap: int = 2,
) -> list[int]:
    """Each column's width: its widest cell; given `columns`, column `shrink` (a title) gets
    what the others leave, so that the table fits (the others, ids and numbers, stay whole)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    if columns is not None and shrink is not None:
        others = sum(widths) - widths[shrink] + gap * (len(widths) - 1)
        floor = min(widths[shrink], len(headers[shrink]))
        widths[shrink] = max(floor, min(widths[shrink], columns - others))
    return widths


def table_plain(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    columns: int | None = None,
    *,
    right: Sequence[int] = (),
    shrink: int | None = None,
) -> str:
    """Columns aligned with spaces (those in `right` to the right); the last column is not
    padded. Given `columns`, column `shrink` is clipped so that the table fits."""
    widths = column_widths(headers, rows, columns, shrink)

    def fmt(cells: Sequence[str]) -> str:
        padded = []
        for i, (cell, size) in enumerate(zip(cells, widths, strict=True)):
            cell = clip(cell, size) if i == shrink else cell
            padded.append(cell.rjust(size) if i in right else cell.ljust(size))
        return "  ".join(padded).rstrip()

    return "\n".join([fmt(headers), *(fmt(r) for r in rows)])


def table_rich(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Sequence[str | None],
    console: Any = None,
    *,
    right: Sequence[int] = (),
    shrink: int | None = None,
) -> None:
    """A simple Rich table that fits the console; `styles` colours each row (e.g. by status).

    No cell wraps: column `shrink` (a title) ends in an ellipsis where the others leave no room.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console(highlight=False)
    cells = [[printable(cell) for cell in row] for row in rows]
    widths = column_widths(headers, cells)
    table = Table(show_edge=False, highlight=False, pad_edge=False)
    for i, header in enumerate(headers):
        justify: Literal["left", "right"] = "right" if i in right else "left"
        if i == shrink:
            room = max(3, rich_room(console.width, [w for j, w in enumerate(widths) if j != i]))
            table.add_column(
                header, justify=justify, no_wrap=True, overflow="ellipsis", max_width=room
            )
        else:
            table.add_column(header, justify=justify, no_wrap=True)
    for row, style in zip(cells, styles, strict=True):
        table.add_row(*(escape(cell) for cell in row), style=style)
    console.print(table)


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

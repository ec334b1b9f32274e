"""Terminal output: Rich tables on a colour terminal, plain aligned text when piped or NO_COLOR.

Rich is imported only inside the functions that draw with it: `--json` and plain output never
pay for it.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from typing import Any

from tpmpath.progress import Summary

STATUS_MARK = {"todo": " ", "in_progress": "~", "done": "x", "skipped": "-"}
STATUS_WORD = {"todo": "todo", "in_progress": "in progress", "done": "done", "skipped": "skipped"}
STATUS_STYLE = {"todo": "dim", "in_progress": "yellow", "done": "green", "skipped": "cyan"}


def fancy() -> bool:
    """Draw with Rich only on a real terminal without NO_COLOR or TERM=dumb."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def bar(percent: float, width: int = 20) -> str:
    """A plain-text progress bar: [#####...............]."""
    filled = round(width * percent / 100)
    return "[" + "#" * filled + "." * (width - filled) + "]"


def clip(text: str, width: int) -> str:
    """One line, at most `width` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def hours(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def hours_line(overall: Summary) -> str:
    """Hours done and remaining, and how many topics carry no estimate."""
    line = (
        f"Hours: {hours(overall.hours_done)} of {hours(overall.hours_total)} done, "
        f"{hours(overall.hours_remaining)} remaining"
    )
    if overall.unestimated:
        line += (
            f" ({overall.unestimated} topic{'s' if overall.unestimated != 1 else ''} unestimated)"
        )
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
    done = f"{summary.done + summary.skipped}/{summary.total}"
    return f"{label:<{width}} {done:>9}  {bar(summary.percent)}  {summary.percent:>5.1f}%"


def status_rich(
    title: str, summaries: Sequence[Summary], footer: Sequence[str], console: Any = None
) -> None:
    """The status table drawn with Rich: a row per step, a bar, percent, an overall row."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    table = Table(title=escape(title), title_justify="left", expand=False, show_edge=False)
    table.add_column("Step", overflow="fold", max_width=42)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Progress", width=20, no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    steps, overall = summaries[:-1], summaries[-1]
    for number, summary in enumerate(steps, 1):
        table.add_row(*_rich_cells(escape(f"{number}. {summary.title}"), summary, ProgressBar))
    table.add_section()
    table.add_row(*_rich_cells("[bold]Overall[/bold]", overall, ProgressBar))
    console = console or Console(highlight=False)
    console.print(table)
    console.print()
    for line in footer:
        console.print(line, markup=False)


def _rich_cells(label: str, summary: Summary, progress_bar: Any) -> list[Any]:
    finished = summary.done + summary.skipped
    detail = f"{finished}/{summary.total}"
    return [
        label,
        detail,
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
    headers: Sequence[str], rows: Sequence[Sequence[str]], styles: Sequence[str | None]
) -> None:
    """A simple Rich table; `styles` colours each row (e.g. by status)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_edge=False, highlight=False, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row, style in zip(rows, styles, strict=True):
        table.add_row(*(escape(cell) for cell in row), style=style)
    Console(highlight=False).print(table)

"""Results of the gap inbox: `gap add`, `gap list`, `gap close`, and the JSON shape of a gap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tpmpath.core.gaps import (
    GapState,
    age_days,
    due_gaps,
    gap_schedule,
    open_gaps,
    short_ids,
)
from tpmpath.output import render
from tpmpath.output.emit import Notice
from tpmpath.output.render import in_days
from tpmpath.output.views import schedule_view


def age_text(days: int) -> str:
    """'today', '1 day', '3 days'."""
    return "today" if days == 0 else render.plural(days, "day")


def gap_view(gap: GapState, short: str, now: datetime) -> dict[str, Any]:
    """A gap as JSON: what `gap list --json`, `gap add --json` and reports print."""
    return {
        "id": gap.id,
        "short_id": short,
        "status": "open" if gap.is_open else "closed",
        "text": gap.text,
        "topic": gap.topic,
        "context": gap.context,
        "opened_at": gap.opened_at,
        "age_days": age_days(gap, now),
        "closed_at": gap.closed_at,
        "explanation": gap.explanation,
        "link": gap.link,
        "review": schedule_view(gap_schedule(gap)),
    }


def gaps_counts(gaps: Mapping[str, GapState], now: datetime) -> dict[str, Any]:
    """`status --json`'s "gaps": how many are open and closed, and the oldest open one."""
    waiting = open_gaps(gaps)
    closed = len(gaps) - len(waiting)
    oldest = None
    if waiting:
        oldest = gap_view(waiting[0], short_ids(gaps)[waiting[0].id], now)
    return {"open": len(waiting), "closed": closed, "oldest": oldest}


def gaps_line(gaps: Mapping[str, GapState], now: datetime) -> str | None:
    """The line `status` and `next` add about the inbox, or None when it has never had a gap."""
    if not gaps:
        return None
    waiting = open_gaps(gaps)
    closed = len(gaps) - len(waiting)
    if not waiting:
        return f"Gaps: none open, {closed} closed (tpmpath gap list --all)."
    oldest = waiting[0]
    short = short_ids(gaps)[oldest.id]
    return (
        f"Gaps: {len(waiting)} open, {closed} closed; oldest ({age_text(age_days(oldest, now))}) "
        f"{short}: {render.clip(' '.join(oldest.text.split()), 60)}"
    )


def next_notes(gaps: Mapping[str, GapState], now: datetime) -> list[str]:
    """What `next` says on stderr about the inbox: how many gaps are open and the oldest, and
    how many closed gaps are due for review."""
    said = []
    waiting = open_gaps(gaps)
    if waiting:
        oldest = waiting[0]
        short = short_ids(gaps)[oldest.id]
        count = "1 gap is open" if len(waiting) == 1 else f"{len(waiting)} gaps are open"
        said.append(
            f"{count}; the oldest ({age_text(age_days(oldest, now))}) is {short}: "
            f"{render.clip(' '.join(oldest.text.split()), 60)} (tpmpath gap list)"
        )
    due = len(due_gaps(gaps, now.date()))
    if due:
        count = "1 closed gap is" if due == 1 else f"{due} closed gaps are"
        said.append(f"{count} due for review: tpmpath review")
    return said


@dataclass(repr=False, eq=False)
class GapAdded:
    """`gap add`: the short id on stdout (for scripts: `id=$(tpmpath gap add ...)`), a
    confirmation on stderr, the gap with --json."""

    gaps: Mapping[str, GapState]
    added: GapState
    now: datetime

    @property
    def short(self) -> str:
        return short_ids(self.gaps)[self.added.id]

    def data(self) -> object:
        return gap_view(self.added, self.short, self.now)

    def text(self) -> str:
        return self.short

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json:
            return []
        where = f" ({self.added.topic})" if self.added.topic else ""
        return [
            f"Added gap {self.short}{where}. Close it with your explanation: "
            f'tpmpath gap close {self.short} "..."'
        ]


HEADERS = ("ID", "AGE", "TOPIC", "QUESTION")
HEADERS_ALL = ("ID", "AGE", "CLOSED", "TOPIC", "QUESTION")


@dataclass(repr=False, eq=False)
class GapList:
    """`gap list`: open gaps oldest first; with --all the closed ones too (after them)."""

    gaps: Mapping[str, GapState]
    now: datetime
    show_all: bool = False

    @property
    def shown(self) -> list[GapState]:
        waiting = open_gaps(self.gaps)
        if not self.show_all:
            return waiting
        closed = sorted((g for g in self.gaps.values() if not g.is_open), key=lambda g: g.opened_at)
        return waiting + closed

    def data(self) -> object:
        short = short_ids(self.gaps)
        return [gap_view(g, short[g.id], self.now) for g in self.shown]

    def _rows(self) -> list[list[str]]:
        short = short_ids(self.gaps)
        rows = []
        for gap in self.shown:
            row = [short[gap.id], age_text(age_days(gap, self.now))]
            if self.show_all:
                row.append(f"{gap.closed_at:%Y-%m-%d}" if gap.closed_at else "open")
            rows.append([*row, gap.topic or "-", " ".join(gap.text.split())])
        return rows

    def _table(self, width: int) -> tuple[tuple[str, ...], list[list[str]]]:
        """The headers and rows; without TOPIC when the topic ids would leave the question less
        than its header's width (ids are never cut: `gap list --json` has them)."""
        headers, rows = HEADERS_ALL if self.show_all else HEADERS, self._rows()
        fixed = render.column_widths(headers, rows)[:-1]
        if sum(fixed) + 2 * len(fixed) + len(headers[-1]) <= width:
            return headers, rows
        return headers[:-2] + headers[-1:], [row[:-2] + row[-1:] for row in rows]

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        if not self.shown:
            return ""
        headers, rows = self._table(width)
        return render.table_plain(headers, rows, width, shrink=len(headers) - 1)

    def draw(self, console: Any) -> None:
        if self.shown:
            headers, rows = self._table(console.width)
            styles = [None if g.is_open else "dim" for g in self.shown]
            render.table_rich(headers, rows, styles, console, shrink=len(headers) - 1)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json or self.shown:
            return []
        if self.gaps:
            return ["No open gaps: everything you noted is explained. `--all` shows them."]
        return [
            "The gap inbox is empty. Did something not make sense? "
            'tpmpath gap add "what is idempotency?"'
        ]


@dataclass(repr=False, eq=False)
class GapClosed(Notice):
    """`gap close`: when the gap comes back for review (stderr); the gap with --json."""

    gaps: Mapping[str, GapState]
    closed: GapState
    now: datetime

    def data(self) -> object:
        return gap_view(self.closed, short_ids(self.gaps)[self.closed.id], self.now)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json:
            return []
        planned = gap_schedule(self.closed)
        assert planned is not None
        short = short_ids(self.gaps)[self.closed.id]
        when = f"{planned.due.isoformat()} ({in_days(planned.due, self.now.date())})"
        return [f"Closed gap {short}. It comes back for review on {when}: tpmpath review"]

"""Inline SVG charts for the HTML reports (no script, no external resource)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tpmpath.core.activity import WEEK, monday
from tpmpath.output.htmlkit import esc

MIN_WEEKS = 8
"""A short history still gets a chart that reads as a timeline, not one fat bar."""
_BAR = 10
_HEIGHT = 100


def weekly_cumulative(days: Iterable[date], today: date) -> list[tuple[date, int]]:
    """(Monday, topics completed by the end of that week), from the first week with one to now."""
    days = sorted(days)
    last = monday(today)
    first = min(monday(days[0]) if days else last, last - (MIN_WEEKS - 1) * WEEK)
    points: list[tuple[date, int]] = []
    index, total, week = 0, 0, first
    while week <= last:
        end = week + WEEK
        while index < len(days) and days[index] < end:
            index, total = index + 1, total + 1
        points.append((week, total))
        week = end
    return points


def cumulative_chart(points: list[tuple[date, int]], caption: str) -> str:
    """A bar per week, its height the running total; labels stay HTML so they never shrink."""
    top = max(total for _, total in points) or 1
    width = len(points) * _BAR
    gap = 2 if len(points) <= 60 else 0
    bars = []
    for number, (week, total) in enumerate(points):
        height = _HEIGHT * total / top
        tip = f"Week of {week.isoformat()}: {total} completed"
        bars.append(
            f'<rect x="{number * _BAR + gap / 2:g}" y="{_HEIGHT - height:.2f}" '
            f'width="{_BAR - gap}" height="{height:.2f}" rx="1"><title>{esc(tip)}</title></rect>'
        )
    grid = "".join(
        f'<line x1="0" x2="{width}" y1="{y}" y2="{y}" vector-effect="non-scaling-stroke"/>'
        for y in (0, 25, 50, 75)
    )
    first, last = points[0][0], points[-1][0]
    return (
        f'<figure class="chart"><figcaption>{esc(caption)}</figcaption>'
        f'<div class="plot"><span class="ymax">{top}</span>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_HEIGHT}" '
        f'preserveAspectRatio="none" role="img" aria-label="{esc(caption)}">'
        f"<title>{esc(caption)}</title>"
        f'<g stroke="#e3e8ef" stroke-width="1">{grid}</g>'
        f'<g fill="#3a6fe0">{"".join(bars)}</g></svg><span class="ymin">0</span></div>'
        f'<div class="axis"><span>{first.isoformat()}</span>'
        f"<span>week of {last.isoformat()}</span></div></figure>"
    )

"""Inline SVG charts for the HTML reports (no script, no external resource)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from tpmpath.core.activity import WEEK, monday
from tpmpath.core.progress import Rating
from tpmpath.output.htmlkit import esc
from tpmpath.output.render import clip

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


_SCALE = 52
"""Width of one rating level in the ratings chart (level 5: 260 of its 320 units)."""
_ROW = 44
_TOP = 24
_CHART_WIDTH = 320
_OUTLINED = 'fill="#fff" stroke="#3a6fe0" stroke-width="1.5"'
_SOLID = 'fill="#3a6fe0"'


def ratings_chart(rows: Sequence[tuple[str, Rating | None, Rating | None]], caption: str) -> str:
    """A pair of bars per skill, first (outlined) and latest (solid) rating on a 1-5 scale.

    Not colour alone: the legend and the fill tell the bars apart (in grey on paper too), each
    bar has its number written after it and a tooltip; the SVG keeps its proportions (its text
    is never stretched) and scales to a phone's width.
    """
    height = _TOP + len(rows) * _ROW + 18
    grid = "".join(
        f'<line x1="{level * _SCALE}" x2="{level * _SCALE}" y1="{_TOP}" y2="{height - 16}"/>'
        for level in range(1, 6)
    )
    ticks = "".join(
        f'<text x="{level * _SCALE}" y="{height - 4}" text-anchor="middle">{level}</text>'
        for level in range(1, 6)
    )
    bars = "".join(_skill_bars(n, *row) for n, row in enumerate(rows))
    return (
        f'<figure class="skillchart"><figcaption>{esc(caption)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_CHART_WIDTH} {height}" '
        f'role="img" aria-label="{esc(caption)}" font-size="12">'
        f"<title>{esc(caption)}</title>"
        f'<g class="legend"><rect x="0.75" y="4" width="14" height="10" {_OUTLINED}/>'
        '<text x="19" y="13">first</text>'
        f'<rect x="64" y="4" width="14" height="10" {_SOLID}/>'
        '<text x="83" y="13">latest</text></g>'
        f'<g stroke="#e3e8ef" stroke-width="1">{grid}</g>'
        f'<g fill="#5d6b7b">{ticks}</g>{bars}</svg></figure>'
    )


def _skill_bars(number: int, title: str, first: Rating | None, latest: Rating | None) -> str:
    """One skill's row: its title, then the first and latest bars with their numbers."""
    top = _TOP + number * _ROW
    parts = [f'<text x="0" y="{top + 13}" fill="#1c2430">{esc(clip(title, 52))}</text>']
    if latest is None:
        parts.append(f'<text x="0" y="{top + 32}" fill="#5d6b7b">not rated</text>')
        return "".join(parts)
    for offset, label, rating, fill in (
        (18, "first", first, _OUTLINED),
        (30, "latest", latest, _SOLID),
    ):
        if rating is None:
            continue
        width = rating.level * _SCALE
        tip = f"{title}: {label} {rating.level}/5 on {rating.at:%Y-%m-%d}"
        parts.append(
            f'<rect x="0.75" y="{top + offset}" width="{width - 0.75}" height="9" {fill}>'
            f"<title>{esc(tip)}</title></rect>"
            f'<text x="{width + 5}" y="{top + offset + 9}" fill="#1c2430">{rating.level}</text>'
        )
    return "".join(parts)

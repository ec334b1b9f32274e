"""The gap inbox in the reports: open gaps with their age, closed ones (on/after `--since`) with
the learner's explanations, in Markdown, HTML, CSV rows and JSON.

Every format shows the section only once the inbox has had a gap.
"""

from __future__ import annotations

from typing import Any

from tpmpath.core.gaps import GapState, age_days
from tpmpath.core.report import Report
from tpmpath.output.gaps import age_text, gap_view
from tpmpath.output.htmlkit import esc, link
from tpmpath.output.markdown import md_link, md_text


def _since(report: Report) -> str:
    return f" since {report.since.isoformat()}" if report.since else ""


def _where(report: Report, gap: GapState, code: str = "") -> str:
    """`3f2a`, then the topic: what names a gap in a list (`code`: the ids' Markdown quote)."""
    topic = f", {code}{gap.topic}{code}" if gap.topic else ""
    return f"{code}{report.gap_ids[gap.id]}{code}{topic}"


def gaps_json(report: Report) -> dict[str, Any]:
    """`report --format json`'s "gap_inbox": the open gaps, and those closed in the period."""
    short, now = report.gap_ids, report.now
    return {
        "open": [gap_view(g, short[g.id], now) for g in report.open_gaps],
        "closed": [gap_view(g, short[g.id], now) for g in report.closed_gaps],
    }


def gaps_markdown(report: Report) -> list[str]:
    """The Markdown section (a heading and two lists), or nothing."""
    if not report.gaps:
        return []
    lines = ["", "## Gap inbox", ""]
    if report.open_gaps:
        lines += [f"Open ({len(report.open_gaps)}):", ""]
        for gap in report.open_gaps:
            age = age_text(age_days(gap, report.now))
            context = f": {md_text(gap.context)}" if gap.context else ""
            lines.append(f"- {md_text(gap.text)} ({_where(report, gap, '`')}, {age}){context}")
    else:
        lines.append("No open gaps.")
    lines.append("")
    if not report.closed_gaps:
        lines.append(f"No gap closed{_since(report)}.")
        return lines
    lines += [f"Closed{_since(report)} ({len(report.closed_gaps)}):", ""]
    for gap in report.closed_gaps:
        assert gap.closed_at is not None
        parts = [md_text(gap.explanation or "")]
        if gap.link:
            parts.append(md_link("link", gap.link))
        lines.append(
            f"- **{md_text(gap.text)}** ({_where(report, gap, '`')}, closed "
            f"{report.day(gap.closed_at).isoformat()}): {' · '.join(parts)}"
        )
    return lines


def gaps_html(report: Report) -> str:
    """The HTML card, or nothing."""
    if not report.gaps:
        return ""
    items = []
    for gap in report.open_gaps:
        age = age_text(age_days(gap, report.now))
        context = f'<p class="muted small">{esc(gap.context)}</p>' if gap.context else ""
        items.append(
            f'<li><div class="row"><h3>{esc(gap.text)}</h3><span class="date">{esc(age)}</span>'
            f'</div><p class="muted small">open · {esc(_where(report, gap))}</p>{context}</li>'
        )
    for gap in report.closed_gaps:
        assert gap.closed_at is not None
        evidence = f" {link('Link', gap.link)}" if gap.link else ""
        items.append(
            f'<li><div class="row"><h3>{esc(gap.text)} <span class="tag done">closed</span></h3>'
            f'<span class="date">{report.day(gap.closed_at).isoformat()}</span></div>'
            f'<p class="muted small">{esc(_where(report, gap))}</p>'
            f'<p class="note">{esc(gap.explanation or "")}{evidence}</p></li>'
        )
    if not items:
        body = f'<p class="muted">No open gaps, and none closed{_since(report)}.</p>'
    else:
        body = f'<ul class="items">{"".join(items)}</ul>'
    title = f"Gap inbox: {len(report.open_gaps)} open, {len(report.closed_gaps)} closed"
    return f'<section class="card gaps"><h2>{esc(title + _since(report))}</h2>\n{body}\n</section>'


def gaps_csv(report: Report) -> list[list[str | int | float | None]]:
    """One CSV row per gap shown (after the topics): id `gap:ID`, the question as title, the
    explanation as note, `kind` "gap" and, while open, `age_days`."""
    step_of = report.curriculum.step_of
    rows: list[list[str | int | float | None]] = []
    for gap in [*report.open_gaps, *report.closed_gaps]:
        step = step_of.get(gap.topic or "")
        closed = report.day(gap.closed_at).isoformat() if gap.closed_at else None
        rows.append(
            [
                step.id if step else None,
                f"gap:{report.gap_ids[gap.id]}",
                gap.text,
                "open" if gap.is_open else "closed",
                report.day(gap.opened_at).isoformat(),
                closed,
                gap.explanation if gap.explanation else gap.context,
                None,
                None,
                None,
                "gap",
                age_days(gap, report.now) if gap.is_open else None,
            ]
        )
    return rows

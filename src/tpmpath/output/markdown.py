"""The Markdown report: readable in a terminal, rendered on GitHub, pasted into a 1:1 doc.

Everything that comes from a curriculum or a note goes through `md_text`, so it renders as text:
no HTML, no links other than http(s) resources, no table cell broken by `|` or a newline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tpmpath.core.models import Resource
from tpmpath.core.progress import Summary
from tpmpath.core.report import Entry, Note, Report, finished_at
from tpmpath.core.text import is_web_url, one_line
from tpmpath.output.render import bar, finished_text, hours_line
from tpmpath.output.status_text import outlook_lines

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Characters that would end or break a link destination written as (url).
_URL_UNSAFE = {"(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C", '"': "%22"}


def md_text(text: str) -> str:
    """Untrusted text as inline Markdown that renders literally, on one line."""
    escaped = _ENTITY.sub("&amp;", one_line(text))
    escaped = escaped.replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", escaped)


def md_link(title: str, url: str) -> str:
    """A link if the URL is http(s), else the title and URL as plain text."""
    if not is_web_url(url):
        return f"{md_text(title)}: {md_text(url)}"
    target = "".join(_URL_UNSAFE.get(char, char) for char in url)
    return f"[{md_text(title)}]({target})"


def md_table(headers: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> list[str]:
    """A GitHub table; `align` has one letter per column: l(eft) or r(ight); cells pre-escaped."""
    rule = [":---" if a == "l" else "---:" for a in align]
    return [f"| {' | '.join(cells)} |" for cells in (headers, rule, *rows)]


def render_markdown(report: Report) -> str:
    """The whole report as Markdown."""
    lines = _header(report) + _outlook(report)
    lines += ["", "## Progress by step", "", *_step_table(report.summaries)]
    lines += ["", hours_line(report.overall)]
    lines += ["", f"## Completed{_since(report)}", "", *_finished(report)]
    lines += ["", "## In progress", "", *_in_progress(report)]
    lines += ["", "## Next steps", "", *_next_steps(report.next_up), *_more_next(report)]
    lines += ["", f"## Notes{_since(report)}", "", *_notes(report)]
    from tpmpath.output.gap_report import gaps_markdown  # it uses this module's escaping

    lines += gaps_markdown(report)
    from tpmpath.output.skills_report import skills_markdown  # it imports this module

    lines += skills_markdown(report, _since(report))
    return "\n".join(lines) + "\n"


def _since(report: Report) -> str:
    return f" since {report.since.isoformat()}" if report.since else ""


def _header(report: Report) -> list[str]:
    curriculum = report.curriculum
    lines = [
        f"# Progress report: {md_text(curriculum.title)}",
        "",
        f"Profile: {md_text(report.profile)} · Curriculum: `{curriculum.id}` "
        f"v{md_text(curriculum.version)} · Generated: {report.now:%Y-%m-%d %H:%M}",
    ]
    if report.since:
        lines += ["", f"Activity since {report.since.isoformat()}; progress totals are overall."]
    return lines


def _outlook(report: Report) -> list[str]:
    """Pace, finish and target date, in `status`'s words (our own text: Markdown as it is)."""
    lines = outlook_lines(report.outlook, has_events=len(report.events) > 0)
    return ["", *(f"- {line}" for line in lines)] if lines else []


def _step_table(summaries: Sequence[Summary]) -> list[str]:
    rows = [_step_row(f"{n}. {md_text(s.title)}", s) for n, s in enumerate(summaries[:-1], 1)]
    overall = summaries[-1]
    rows.append(
        [
            "**Overall**",
            f"**{finished_text(overall)}**",
            f"`{bar(overall.percent)}`",
            f"**{overall.percent:.1f}%**",
        ]
    )
    return md_table(["Step", "Done", "Progress", "%"], "lrlr", rows)


def _step_row(label: str, summary: Summary) -> list[str]:
    return [
        label,
        finished_text(summary),
        f"`{bar(summary.percent)}`",
        f"{summary.percent:.1f}%",
    ]


def _topic(entry: Entry) -> str:
    return f"{md_text(entry.topic.title)} (`{entry.topic.id}`)"


def _finished(report: Report) -> list[str]:
    if not report.finished:
        return [f"Nothing completed{_since(report)}." if report.since else "Nothing completed yet."]
    rows = []
    for entry in report.finished:
        moment = finished_at(entry.state)
        when = report.day(moment).isoformat() if moment else ""
        rows.append([when, _topic(entry), md_text(entry.step.title), entry.state.status])
    return md_table(["Date", "Topic", "Step", "Status"], "llll", rows)


def _in_progress(report: Report) -> list[str]:
    entries = report.in_progress
    if not entries:
        return ["Nothing in progress."]
    rows = []
    for entry in entries:
        target = entry.topic.target
        done = f"{min(entry.state.count, target)}/{target} logged" if target else "started"
        started = entry.state.started_at
        rows.append(
            [
                _topic(entry),
                md_text(entry.step.title),
                done,
                report.day(started).isoformat() if started else "",
            ]
        )
    return md_table(["Topic", "Step", "Progress", "Started"], "llll", rows)


def _next_steps(entries: Sequence[Entry]) -> list[str]:
    if not entries:
        return ["Nothing left: every topic is done or skipped."]
    lines = []
    for number, entry in enumerate(entries, 1):
        state = " (in progress)" if entry.state.status == "in_progress" else ""
        lines.append(
            f"{number}. **{_topic(entry)}**{state}, step {entry.number}: "
            f"{md_text(entry.step.title)}"
        )
        lines += [f"   - {_resource(r)}" for r in entry.topic.resources]
    return lines


def _more_next(report: Report) -> list[str]:
    return ["", more_next_text(report)] if report.next_more else []


def more_next_text(report: Report) -> str:
    """What the report's next steps leave out, and where to see it (Markdown, and HTML's)."""
    shown = len(report.next_up) + report.next_more
    return f"And {report.next_more} more: `tpmpath next -n {shown}` lists them all."


def _resource(resource: Resource) -> str:
    return md_link(resource.title, resource.url) + ("" if resource.free else " (paid)")


def _notes(report: Report) -> list[str]:
    if not report.notes:
        return ["No notes."]
    return [_note(report, note) for note in report.notes]


def _note(report: Report, note: Note) -> str:
    event = note.event
    parts = [f"- {report.day(event.at).isoformat()}, {_topic(note.entry)}"]
    if event.action == "log":
        parts.append(" (logged)")
    text = [md_text(event.text)] if event.text else []
    if event.prompt and event.answer:
        text.append(f"{md_text(event.prompt)} {md_text(event.answer)}")
    if event.link:
        text.append(md_link("link", event.link))
    return "".join(parts) + (": " + " · ".join(text) if text else "")

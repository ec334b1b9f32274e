"""The reports' Skills section: ratings first vs latest, and the evidence under each skill, in
Markdown, HTML and CSV (JSON: output.report_json with output.skills' views)."""

from __future__ import annotations

from collections.abc import Sequence

from tpmpath.core.progress import Rating
from tpmpath.core.report import Report
from tpmpath.core.skills import Evidence, SkillView
from tpmpath.output.charts import ratings_chart
from tpmpath.output.htmlkit import code_text, esc, link
from tpmpath.output.markdown import md_link, md_table, md_text
from tpmpath.output.render import plural
from tpmpath.output.skills import KIND_WORD, evidence_view, rating_view, skill_view

EVIDENCE_SHOWN = 5
"""The HTML report shows a skill's newest few pieces of evidence; the rest fold under a
`<details>`."""


def _older_text(view: SkillView, older: int) -> str:
    return f"{plural(older, 'older piece')} of evidence: `tpmpath show skill:{view.skill.id}`."


def skills_json(report: Report) -> list[dict[str, object]]:
    """The `"skills"` of `report --format json`: each skill, its ratings in the period, the
    rating in force when the period began, how much evidence it has and the newest
    pieces (core.report.SKILL_EVIDENCE, as the other formats; `show skill:ID --json` lists
    all)."""
    views = []
    for view in report.skills:
        data = skill_view(view, with_evidence=False)  # evidence_count: all of it
        data["evidence"] = [evidence_view(e) for e in view.evidence]
        before = view.rated_before
        data["rated_before"] = None if before is None else rating_view(before)
        views.append(data)
    return views


def _ratings_text(report: Report, view: SkillView) -> str:
    """`2/5 on 2026-03-01, 3/5 on 2026-03-10`, or why there is none."""
    if not view.ratings:
        return "no rating in this period" if report.since else "not rated yet"
    return ", ".join(f"{r.level}/5 on {report.day(r.at).isoformat()}" for r in view.ratings)


def _title(report: Report, topic_id: str) -> str:
    topic = report.curriculum.topic_by_id.get(topic_id)
    return topic.title if topic else topic_id


def _change(view: SkillView) -> str:
    """`+1`, `0`, `-1`, or "" with fewer than two ratings to compare."""
    first, latest = view.baseline, view.latest
    if first is None or latest is None or first is latest:
        return ""
    return f"{latest.level - first.level:+d}" if latest.level != first.level else "0"


def _rated(report: Report, rating: Rating | None) -> str:
    return f"{rating.level} ({report.day(rating.at).isoformat()})" if rating else "-"


# --- Markdown ------------------------------------------------------------------------------------


def skills_markdown(report: Report, since: str) -> list[str]:
    """`## Skills`: a table of first and latest ratings, then each skill's evidence."""
    if not report.skills:
        return []
    lines = ["", f"## Skills{since}", ""]
    rows = [
        [
            f"{md_text(v.skill.title)} (`{v.skill.id}`)",
            _rated(report, v.baseline),
            _rated(report, v.latest),
            _change(v),
            str(v.count),
        ]
        for v in report.skills
    ]
    lines += md_table(["Skill", "First", "Latest", "Change", "Evidence"], "lrrrr", rows)
    if report.since:
        lines += ["", "First: the rating in force on that date, else the first one after it."]
    for view in report.skills:
        lines += ["", f"### {md_text(view.skill.title)} (`{view.skill.id}`)", ""]
        lines.append(f"Ratings: {_ratings_text(report, view)}.")
        older = view.older
        found = [f"- {_older_text(view, older)}"] if older else []  # the list is oldest first
        found += [_md_evidence(report, e) for e in view.evidence]
        lines += ["", *(found or ["No evidence yet."])]
    return lines


def _md_evidence(report: Report, item: Evidence) -> str:
    head = f"- {report.day(item.at).isoformat()}, {KIND_WORD[item.kind]}: "
    head += f"{md_text(_title(report, item.topic))} (`{item.topic}`)"
    parts = []
    if item.question:
        parts.append(md_text(item.question))
    if item.text:
        parts.append(md_text(item.text))
    if item.link:
        parts.append(md_link("link", item.link))
    return head + (": " + " · ".join(parts) if parts else "")


# --- HTML ----------------------------------------------------------------------------------------


def skills_html(report: Report, since: str) -> str:
    """The Skills card: the chart of first vs latest ratings, then the evidence per skill."""
    if not report.skills:
        return ""
    pairs = [(v.skill.title, v.baseline, v.latest) for v in report.skills]
    caption = "Self-assessment per skill, 1-5: first rating and latest"
    items = [_html_skill(report, view) for view in report.skills]
    return (
        f'<section class="card skills"><h2>Skills{esc(since)}</h2>\n'
        f"{ratings_chart(pairs, caption)}\n"
        f'<ul class="items">{"".join(items)}</ul>\n</section>'
    )


def _html_skill(report: Report, view: SkillView) -> str:
    rated = _ratings_text(report, view)
    newest = [_html_evidence(report, e) for e in reversed(view.evidence)]
    if view.older:
        older = code_text(_older_text(view, view.older))
        newest.append(f'<p class="muted small">And {older}</p>')
    shown, rest = newest[:EVIDENCE_SHOWN], newest[EVIDENCE_SHOWN:]
    more = (
        f'<details class="more"><summary>{plural(len(rest), "more piece")} of evidence'
        f"</summary>{''.join(rest)}</details>"
        if rest
        else ""
    )
    empty = "" if view.evidence else '<p class="muted small">No evidence yet.</p>'
    return (
        f"<li><h3>{esc(view.skill.title)}</h3>"
        f'<p class="muted small">Ratings: {esc(rated)}</p>{"".join(shown)}{more}{empty}</li>'
    )


def _html_evidence(report: Report, item: Evidence) -> str:
    body = [f"{esc(KIND_WORD[item.kind])}: <strong>{esc(_title(report, item.topic))}</strong>"]
    if item.question:
        body.append(esc(item.question))
    if item.text:
        body.append(esc(item.text))
    if item.link:
        body.append(link("link", item.link))
    day = report.day(item.at).isoformat()
    return f'<p class="note"><span class="date">{day}</span> {" ".join(body)}</p>'


# --- CSV -----------------------------------------------------------------------------------------


def skills_csv_rows(report: Report) -> list[list[str | int | float | None]]:
    """One row per skill after the topics' and gaps' rows: id `skill:ID`, its title, the dates
    of its first and latest ratings (started, completed), its evidence (count), `kind` "skill",
    and the ratings themselves (first_rating, latest_rating)."""
    rows: list[list[str | int | float | None]] = []
    for view in report.skills:
        first, latest = view.baseline, view.latest
        rows.append(
            [
                None,
                f"skill:{view.skill.id}",
                view.skill.title,
                "rated" if latest else "not rated",
                report.day(first.at).isoformat() if first else None,
                report.day(latest.at).isoformat() if latest else None,
                None,
                view.count,
                None,
                None,
                "skill",
                None,
                None,
                first.level if first else None,
                latest.level if latest else None,
            ]
        )
    return rows


def topic_skills(skills: Sequence[str]) -> str | None:
    """A topic's skills in one CSV cell: ids separated by spaces."""
    return " ".join(skills) or None

"""What `status` says under its table: pace, finish date, target date, streak, activity chart,
the gap inbox (the reports open with the first three: `outlook_lines`).

The arithmetic is in tpmpath.core.insights.
"""

from __future__ import annotations

from datetime import datetime

from tpmpath.core import insights
from tpmpath.core.insights import Insights
from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.pace import pace_window_start
from tpmpath.core.progress import Derived
from tpmpath.output import render
from tpmpath.output.render import day_text, hours_text, plural, weeks_text, work_text


def status_lines(
    curriculum: Curriculum, progress: Progress, derived: Derived, now: datetime
) -> list[str]:
    """What `status` adds under the hours line: pace, target, streak, the activity chart."""
    found = insights.insights(curriculum, progress, derived, now)
    has_events = derived.events > 0
    lines = outlook_lines(found, has_events=has_events)
    if has_events:
        lines += [streak_line(found), chart_line(found, unicode=render.can_show(render.BLOCKS))]
    from tpmpath.output.gaps import gaps_line

    gaps = gaps_line(derived.gaps, now)
    return [*lines, gaps] if gaps else lines


def outlook_lines(found: Insights, *, has_events: bool) -> list[str]:
    """Pace, finish and target date: what `status` and the reports say first."""
    lines = pace_lines(found) if has_events else []
    if found.target is not None:
        lines.append(target_line(found))
    return lines


def pace_lines(found: Insights) -> list[str]:
    """The measured pace (or its absence), and when the learner would finish."""
    pace = found.pace
    if pace is not None:
        lines = [
            f"Pace: {hours_text(pace.hours_per_week)} h/week over the last "
            f"{weeks_text(pace.weeks)}: {work_text(pace.hours)} of work done or logged since "
            f"{day_text(pace.since)} (skipped topics not counted)."
        ]
    else:
        since = day_text(pace_window_start(found.today))
        lines = [f"Pace: none measured yet (no estimated work completed since {since})."]
    if found.hours_remaining <= 0:
        return lines
    at = "this pace" if pace else f"your planned {hours_text(found.setting or 0)} h/week"
    if found.finish is not None:
        lines.append(f"Finish: around {day_text(found.finish)} at {at}.")
    elif pace is None and found.setting is None:
        lines.append("Finish: unknown; plan your hours with `tpmpath config set hours-per-week H`.")
    else:
        lines.append(f"Finish: after the year 9999 at {at}.")
    return lines


def target_line(found: Insights) -> str:
    """Whether the learner is on track for their target date."""
    target = found.target
    assert target is not None
    head = f"Target {target.date.isoformat()}:"
    if target.required is None:
        return f"{head} the date has passed; set a new one with `tpmpath config set target-date`."
    if found.hours_remaining <= 0:
        return f"{head} on track, no estimated work left."
    need = (
        f"needs {hours_text(target.required)} h/week "
        f"({hours_text(found.hours_remaining)} h in {weeks_text(target.days / 7)})"
    )
    pace = found.pace
    if pace is None:
        return f"{head} {need}; no pace measured yet."
    verdict = "on track" if target.on_track else "behind"
    return f"{head} {verdict}: {need}, your pace is {hours_text(pace.hours_per_week)} h/week."


def streak_line(found: Insights) -> str:
    streak = f"{plural(found.streak, 'week')} in a row with learning" if found.streak else None
    return (
        f"Streak: {streak or 'no streak yet'}; "
        f"{plural(found.weeks[-1].completed, 'topic')} completed this week."
    )


def chart_line(found: Insights, *, unicode: bool) -> str:
    """A sparkline of the learning events (done, logs, reviews) of the last weeks."""
    spark = render.sparkline([w.events for w in found.weeks], unicode=unicode)
    return (
        f"Activity, last {len(found.weeks)} weeks: {spark}  "
        f"(done, logs and reviews; {found.weeks[-1].events} this week)"
    )

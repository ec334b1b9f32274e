"""Plan and status text: what `plan` prints (and its JSON), and what `status` says about pace,
a target date and recent activity. The arithmetic is in core.planning and core.deadline.
"""

# No `from __future__ import annotations`: see commands_plan.py.

from datetime import date, datetime
from typing import Any

from tpmpath.core import planning
from tpmpath.core.deadline import Deadline
from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.planning import Basis, Insights, Pace, Schedule, hours_text
from tpmpath.core.progress import Derived
from tpmpath.output import render

NOTHING = "No estimated work left to schedule."
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_text(day: date) -> str:
    """A date with its weekday, whatever the locale: Wed 2026-01-14."""
    return f"{_DAY_NAMES[day.weekday()]} {day.isoformat()}"


def weeks_text(weeks: float) -> str:
    """A number of weeks for a sentence: 1 week, 4.4 weeks."""
    rounded = round(weeks, 1)
    return f"{rounded:g} week" + ("" if rounded == 1 else "s")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def basis_line(
    basis: Basis | None, rate: float, pace: Pace | None, deadline: Deadline | None
) -> str:
    """Which pace the plan uses, and where it comes from."""
    if basis == "option":
        return f"Using --hours-per-week {rate:g}."
    if basis == "setting":
        return f"Using your setting: {hours_text(rate)} h/week."
    if basis == "pace" and pace is not None:
        return (
            f"Using your pace: {hours_text(rate)} h/week over the last {weeks_text(pace.weeks)} "
            f"({hours_text(pace.hours)} h of estimated work since {day_text(pace.since)})."
        )
    if basis == "by" and deadline is not None:
        when = day_text(deadline.date)
        return f"Using the pace needed to finish by {when}: {hours_text(rate)} h/week."
    return NOTHING


def deadline_lines(found: Schedule, basis: Basis | None, deadline: Deadline) -> list[str]:
    """How many hours a week a date needs, and whether the plan's pace makes it."""
    days = (deadline.date - found.start).days + 1
    lines = [
        f"To finish {hours_text(found.hours)} h by {day_text(deadline.date)} "
        f"({weeks_text(days / 7)} from {day_text(found.start)}), "
        f"you need {hours_text(deadline.required)} h/week."
    ]
    if not deadline.possible:
        lines.append("That is more hours than a week has: pick a later date.")
    finish = found.finish
    if basis not in (None, "by") and finish is not None:
        late = deadline.days_late(finish)
        verdict = "in time" if late <= 0 else f"{_plural(late, 'day')} late"
        rate = hours_text(found.hours_per_week)
        lines.append(f"At {rate} h/week you finish {day_text(finish)}: {verdict}.")
    return lines


def plan_lines(
    curriculum: Curriculum,
    found: Schedule,
    basis: Basis | None,
    pace: Pace | None,
    deadline: Deadline | None,
    note: str | None,
) -> list[str]:
    """The plan as text: the pace used, the weeks, the finish dates, what is not scheduled."""
    lines = [
        basis_line(basis, found.hours_per_week, pace, deadline) if found.hours > 0 else NOTHING
    ]
    if deadline is not None and found.hours > 0 and basis != "by":
        lines += deadline_lines(found, basis, deadline)
    if note:
        lines.append(note)
    if found.topics:
        lines += ["", *week_lines(curriculum, found), ""]
        assert found.finish is not None
        lines.append(
            f"Finish: {day_text(found.finish)}, {hours_text(found.hours)} h of estimated work "
            f"at {hours_text(found.hours_per_week)} h/week."
        )
        lines += ["By step:", *step_lines(curriculum, found)]
    if found.unestimated:
        shown = [item.topic.id for item in found.unestimated[:20]]
        more = ", ..." if len(found.unestimated) > 20 else ""
        lines.append(
            f"Not scheduled, no estimate ({len(found.unestimated)}): {', '.join(shown)}{more}."
        )
    return lines


def week_lines(curriculum: Curriculum, found: Schedule) -> list[str]:
    """Each week: its days and hours, then each topic's hours in it and when it finishes."""
    finish = {p.item.topic.id: p.finish for p in found.topics}
    width = min(32, max(len(topic_id) for topic_id in finish))
    # The title goes last, clipped to what is left of 80 columns: ids and dates must stay whole.
    room = max(24, 80 - (2 + width + 2 + 7 + 2 + 13 + 2))
    lines = []
    for week in found.weeks:
        lines.append(
            f"Week {week.number}: {day_text(week.start)} to {day_text(week.end)}, "
            f"{hours_text(week.hours)} h"
        )
        for topic_id, hours in week.topics:
            title = render.clip(curriculum.topic_by_id[topic_id].title, room)
            ends = finish[topic_id]
            when = f"by {ends.isoformat()}" if ends <= week.end else "continues"
            lines.append(f"  {topic_id:<{width}}  {hours_text(hours):>5} h  {when:<13}  {title}")
    return lines


def step_finishes(curriculum: Curriculum, found: Schedule) -> list[tuple[int, str, float, date]]:
    """(number, step id, hours, finish) for each step with scheduled work, in curriculum order."""
    hours: dict[str, float] = {}
    finish: dict[str, date] = {}
    for planned in found.topics:
        step = curriculum.step_of[planned.item.topic.id].id
        hours[step] = hours.get(step, 0.0) + planned.hours
        finish[step] = max(finish.get(step, planned.finish), planned.finish)
    return [
        (number, step.id, hours[step.id], finish[step.id])
        for number, step in enumerate(curriculum.steps, 1)
        if step.id in finish
    ]


def step_lines(curriculum: Curriculum, found: Schedule) -> list[str]:
    """When each step with scheduled work finishes."""
    rows = step_finishes(curriculum, found)
    titles = [render.clip(f"{n}. {curriculum.steps[n - 1].title}", 40) for n, *_ in rows]
    width = max(len(title) for title in titles)
    return [
        f"  {title:<{width}}  {day_text(ends)}  ({hours_text(hours)} h)"
        for title, (_, _, hours, ends) in zip(titles, rows, strict=True)
    ]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def plan_view(
    curriculum: Curriculum,
    found: Schedule,
    basis: Basis | None,
    pace: Pace | None,
    deadline: Deadline | None,
) -> dict[str, Any]:
    """`plan --json`."""
    rate = found.hours_per_week if basis else None
    finish = found.finish
    return {
        "start": found.start.isoformat(),
        "hours_per_week": None if rate is None else round(rate, 2),
        "basis": basis,
        "pace": None if pace is None else pace_view(pace),
        "hours_remaining": round(found.hours, 2),
        "weeks_needed": None if rate is None else round(found.hours / rate, 2),
        "finish": _iso(finish),
        "by": None if deadline is None else deadline_view(deadline, finish),
        "topics": [
            {
                "id": p.item.topic.id,
                "title": p.item.topic.title,
                "step": curriculum.step_of[p.item.topic.id].id,
                "status": p.item.status,
                "hours": round(p.hours, 2),
                "blocked": p.item.blocked,
                "start": p.start.isoformat(),
                "finish": p.finish.isoformat(),
            }
            for p in found.topics
        ],
        "steps": [
            {
                "id": curriculum.steps[number - 1].id,
                "title": curriculum.steps[number - 1].title,
                "hours": round(hours, 2),
                "finish": ends.isoformat(),
            }
            for number, _, hours, ends in step_finishes(curriculum, found)
        ],
        "weeks": [
            {
                "week": w.number,
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "hours": round(w.hours, 2),
                "topics": [{"id": i, "hours": round(h, 2)} for i, h in w.topics],
            }
            for w in found.weeks
        ],
        "unestimated": [
            {
                "id": item.topic.id,
                "title": item.topic.title,
                "step": curriculum.step_of[item.topic.id].id,
                "status": item.status,
                "blocked": item.blocked,
            }
            for item in found.unestimated
        ],
    }


def pace_view(pace: Pace) -> dict[str, Any]:
    return {
        "hours_per_week": round(pace.hours_per_week, 2),
        "hours": round(pace.hours, 2),
        "since": pace.since.isoformat(),
        "weeks": round(pace.weeks, 2),
    }


def deadline_view(deadline: Deadline, finish: date | None) -> dict[str, Any]:
    return {
        "date": deadline.date.isoformat(),
        "source": deadline.source,
        "hours_per_week": round(deadline.required, 2),
        "in_time": deadline.in_time(finish),
    }


# status


def status_lines(
    curriculum: Curriculum, progress: Progress, derived: Derived, now: datetime
) -> list[str]:
    """What `status` adds under the hours line: pace, target, streak, the activity chart."""
    found = planning.insights(curriculum, progress, derived, now)
    has_events = derived.events > 0
    lines = pace_lines(found) if has_events else []
    if found.target is not None:
        lines.append(target_line(found))
    if has_events:
        lines += [streak_line(found), chart_line(found, unicode=render.can_show(render.BLOCKS))]
    return lines


def pace_lines(found: Insights) -> list[str]:
    """The measured pace (or its absence), and when the learner would finish."""
    pace = found.pace
    if pace is not None:
        lines = [
            f"Pace: {hours_text(pace.hours_per_week)} h/week over the last "
            f"{weeks_text(pace.weeks)} ({hours_text(pace.hours)} h since {day_text(pace.since)})."
        ]
    else:
        since = day_text(planning.pace_window_start(found.today))
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
    return (
        f"Streak: {_plural(found.streak, 'week')} in a row with learning; "
        f"{_plural(found.weeks[-1].completed, 'topic')} completed this week."
    )


def chart_line(found: Insights, *, unicode: bool) -> str:
    """A sparkline of the learning events (done, logs, reviews) of the last weeks."""
    spark = render.sparkline([w.events for w in found.weeks], unicode=unicode)
    return (
        f"Activity, last {len(found.weeks)} weeks: {spark}  "
        f"(done, logs and reviews; {found.weeks[-1].events} this week)"
    )

"""What `plan` prints, as text and as JSON; the arithmetic is in tpmpath.core (planning, pace,
deadline)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tpmpath.core.deadline import Deadline
from tpmpath.core.models import Curriculum
from tpmpath.core.pace import Pace
from tpmpath.core.planning import Basis, Schedule, spread
from tpmpath.output import render
from tpmpath.output.render import day_text, hours_text, plural, weeks_text, work_text
from tpmpath.output.views import iso_day, topic_ref

NOTHING = "No estimated work left to schedule."


def option_note(rate: float) -> str:
    """What a plan at `--hours-per-week` says on stderr (the rate was the user's own)."""
    return f"Using --hours-per-week {rate:g}."


def basis_line(
    basis: Basis | None, rate: float, pace: Pace | None, deadline: Deadline | None
) -> str:
    """Which pace the plan uses, and where it comes from."""
    if basis == "option":
        return option_note(rate)
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
        f"To finish {work_text(found.hours)} by {day_text(deadline.date)} "
        f"({weeks_text(days / 7)} from {day_text(found.start)}), "
        f"you need {hours_text(deadline.required)} h/week."
    ]
    if not deadline.possible:
        lines.append("That is more hours than a week has: pick a later date.")
    finish = found.finish
    if basis not in (None, "by") and finish is not None:
        late = deadline.days_late(finish)
        verdict = "in time" if late <= 0 else f"{plural(late, 'day')} late"
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
    width: int = render.DEFAULT_WIDTH,
) -> list[str]:
    """The plan as text in `width` columns: the pace used (on stderr for --hours-per-week, see
    `option_note`), the weeks, the finish dates, what is not scheduled."""
    lines = []
    if found.hours <= 0:
        lines.append(NOTHING)
    elif basis != "option":
        lines.append(basis_line(basis, found.hours_per_week, pace, deadline))
    if deadline is not None and found.hours > 0 and basis != "by":
        lines += deadline_lines(found, basis, deadline)
    if note:
        lines.append(note)
    practices = [item.topic.id for item in spread([p.item for p in found.topics])]
    if practices:
        lines.append(
            f"Practices ({', '.join(practices)}): a session a week from week 1, with the reading."
        )
    if found.topics:
        lines += [*([""] if lines else []), *week_lines(curriculum, found, width), ""]
        assert found.finish is not None
        lines.append(
            f"Finish: {day_text(found.finish)}, {work_text(found.hours)} of estimated work "
            f"at {hours_text(found.hours_per_week)} h/week."
        )
        lines += ["By step:", *step_lines(curriculum, found, width)]
    if found.unestimated:
        shown = [item.topic.id for item in found.unestimated[:20]]
        left = len(found.unestimated) - len(shown)
        more = f" and {left} more (`tpmpath plan --json` lists them)" if left else ""
        lines.append(
            f"Not scheduled, no estimate ({len(found.unestimated)}): {', '.join(shown)}{more}."
        )
    return render.wrap(lines, width, "  ")


def week_lines(
    curriculum: Curriculum, found: Schedule, columns: int = render.DEFAULT_WIDTH
) -> list[str]:
    """Each week: its days and hours, then each topic's hours in it and when it finishes."""
    finish = {p.item.topic.id: p.finish for p in found.topics}
    width = min(32, max(len(topic_id) for topic_id in finish))
    # The title goes last, clipped to what is left of the line: ids and dates must stay whole.
    room = columns - (2 + width + 2 + 6 + 2 + 13 + 2)
    lines = []
    for week in found.weeks:
        lines.append(
            f"Week {week.number}: {day_text(week.start)} to {day_text(week.end)}, "
            f"{work_text(week.hours)}"
        )
        for topic_id, hours in week.topics:
            ends = finish[topic_id]
            when = f"by {ends.isoformat()}" if ends <= week.end else "continues"
            row = f"  {topic_id:<{width}}  {work_text(hours):>6}  {when:<13}"
            if room >= 5:  # else the title is left out: `show TOPIC` has it
                row += "  " + render.clip(curriculum.topic_by_id[topic_id].title, room)
            lines.append(row.rstrip())
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


def step_lines(
    curriculum: Curriculum, found: Schedule, columns: int = render.DEFAULT_WIDTH
) -> list[str]:
    """When each step with scheduled work finishes."""
    rows = step_finishes(curriculum, found)
    amounts = [f"({work_text(hours)})" for _, _, hours, _ in rows]
    room = min(40, columns - (2 + 2 + 14 + 2 + max(len(amount) for amount in amounts)))
    titles = [render.clip(f"{n}. {curriculum.steps[n - 1].title}", room) for n, *_ in rows]
    width = max(len(title) for title in titles)
    return [
        f"  {title:<{width}}  {day_text(ends)}  {amount}"
        for title, amount, (_, _, _, ends) in zip(titles, amounts, rows, strict=True)
    ]


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
        "finish": iso_day(finish),
        "by": None if deadline is None else deadline_view(deadline, finish),
        "topics": [
            topic_ref(curriculum, p.item.topic)
            | {
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
            topic_ref(curriculum, item.topic)
            | {
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

"""The JSON shapes of the read commands, built from the models, and the one JSON encoder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tpmpath.core.models import Curriculum, Event, Progress, Topic
from tpmpath.core.progress import Derived, Summary, TopicState, blockers, summarize
from tpmpath.core.review import DueReview, Schedule, topic_schedule

if TYPE_CHECKING:
    from tpmpath.core.gaps import DueGap
    from tpmpath.core.insights import Insights, Target


def iso_day(day: date | None) -> str | None:
    """A date as JSON writes it (YYYY-MM-DD), or None."""
    return day.isoformat() if day else None


def curriculum_view(curriculum: Curriculum) -> dict[str, Any]:
    """Which curriculum: its id, title and version."""
    return {"id": curriculum.id, "title": curriculum.title, "version": curriculum.version}


def topic_ref(curriculum: Curriculum, topic: Topic) -> dict[str, Any]:
    """A topic's id, title and step id: how every JSON list names a topic."""
    return {"id": topic.id, "title": topic.title, "step": curriculum.step_of[topic.id].id}


def event_view(event: Event, undone: set[str] | None = None) -> dict[str, Any]:
    """An event as stored, plus whether an undo reverted it."""
    view = event.model_dump(mode="json", exclude_none=True)
    if undone is not None:
        view["undone"] = event.batch in undone
    return view


def topic_brief(curriculum: Curriculum, topic: Topic, state: TopicState) -> dict[str, Any]:
    """The minimum topic object: id, title, step, status, and progress towards a target."""
    view = topic_ref(curriculum, topic) | {"status": state.status}
    if topic.target is not None:
        view["target"] = topic.target
        view["count"] = state.count
    return view


def topic_full(
    curriculum: Curriculum,
    topic: Topic,
    state: TopicState,
    events: Sequence[Event] | None = None,
    dumped: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything about one topic: the curriculum entry and its progress; given `events` (the
    history the state was derived from), its notes, logs and reviews too.

    `dumped`: the topic's `model_dump` (see `dumped_topics`), when the caller has it.
    """
    view = dumped if dumped is not None else topic.model_dump(mode="json", exclude_none=True)
    step = curriculum.step_of[topic.id]
    # What `topic_brief` has (the dump has the id, title and target), then the rest.
    view.update(
        step=step.id,
        status=state.status,
        step_title=step.title,
        # Moments and dates stay objects: the JSON encoder writes them in ISO 8601, as it writes
        # the events (a UTC moment ends in Z), without a Python call for each of 40,000.
        started_at=state.started_at,
        completed_at=state.completed_at,
        skipped_at=state.skipped_at,
        updated_at=state.updated_at,
        confidence=state.confidence,
        count=state.count,
        blocked_by=[],
        review=schedule_view(topic_schedule(state) if topic.reviewed else None),
    )
    if events is not None:
        view.update(
            notes=[event_view(events[i]) for i in state.notes],
            logs=[event_view(events[i]) for i in state.logs],
            reviews=[event_view(events[i]) for i in state.reviews],
        )
    return view


def dumped_topics(curriculum: Curriculum) -> list[dict[str, Any]]:
    """Every topic's `model_dump`, in curriculum order: one call, not one per topic."""
    dump = curriculum.model_dump(
        mode="json", exclude_none=True, include={"steps": {"__all__": {"topics"}}}
    )
    return [topic for step in dump["steps"] for topic in step["topics"]]


def schedule_view(schedule: Schedule | None) -> dict[str, Any] | None:
    """A done topic's place on the review ladder (see tpmpath.core.review); None for others."""
    if schedule is None:
        return None
    return {
        "due": schedule.due,
        "last": schedule.last,
        "interval_days": schedule.interval_days,
        "reviews": schedule.reviews,
        "successful_reviews": schedule.successful,
    }


def due_review_view(curriculum: Curriculum, item: DueReview) -> dict[str, Any]:
    """One entry of `review --json`: a topic due for review and how late it is."""
    return topic_ref(curriculum, item.topic) | {
        "due": item.schedule.due.isoformat(),
        "days_overdue": item.days_overdue,
        "confidence": item.schedule.confidence,
        "reviews": item.schedule.reviews,
        "interval_days": item.schedule.interval_days,
    }


def due_gap_view(item: DueGap, short: str) -> dict[str, Any]:
    """A closed gap in `review --json`: the keys of a topic's entry (its question as its title,
    no step), and the gap's full id."""
    return {
        "id": f"gap:{short}",
        "title": item.gap.text,
        "step": None,
        "gap": item.gap.id,
        "due": item.schedule.due.isoformat(),
        "days_overdue": item.days_overdue,
        "confidence": item.schedule.confidence,
        "reviews": item.schedule.reviews,
        "interval_days": item.schedule.interval_days,
    }


def topic_with_blockers(
    curriculum: Curriculum, derived: Derived, topic: Topic, events: Sequence[Event]
) -> dict[str, Any]:
    view = topic_full(curriculum, topic, derived.states[topic.id], events)
    view["blocked_by"] = blockers(curriculum, derived.states, topic)
    return view


def summary_view(summary: Summary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "total": summary.total,
        "done": summary.done,
        "skipped": summary.skipped,
        "in_progress": summary.in_progress,
        "todo": summary.todo,
        "percent": summary.percent,
        "hours_total": round(summary.hours_total, 2),
        "hours_done": round(summary.hours_done, 2),
        "hours_remaining": summary.hours_remaining,
        "unestimated": summary.unestimated,
    }


def orphan_view(state: TopicState) -> dict[str, Any]:
    """Progress kept for a topic the current curriculum no longer has."""
    return {
        "id": state.id,
        "status": state.status,
        "completed_at": state.completed_at,
        "updated_at": state.updated_at,
    }


def curriculum_changes(
    curriculum: Curriculum, progress: Progress, derived: Derived
) -> dict[str, Any] | None:
    """What changed in the curriculum since progress was last recorded, or None."""
    if not derived.events or progress.curriculum_version is None:
        return None
    before = set(progress.curriculum_topics)
    renamed = _renamed(curriculum, before)  # once: per new topic it made this quadratic
    added = [t.id for t in curriculum.topics if t.id not in before and t.id not in renamed]
    if progress.curriculum_version == curriculum.version and not added:
        return None
    return {
        "previous_version": progress.curriculum_version,
        "version": curriculum.version,
        "added": added,
    }


def _renamed(curriculum: Curriculum, before: set[str]) -> set[str]:
    """Current ids whose old id was known: renamed, not new."""
    return {new for old, new in curriculum.aliases.items() if old in before}


def status_view(
    curriculum: Curriculum,
    progress: Progress,
    derived: Derived,
    now: datetime | None = None,
    summaries: list[Summary] | None = None,
    found: Insights | None = None,
) -> dict[str, Any]:
    """`status --json`: steps, overall, what the curriculum no longer has; given `now`, the plan
    and the gap inbox's counts.

    `summaries` and `found` (the insights at `now`): when the caller has them already.
    """
    summaries = summaries or summarize(curriculum, derived.states)
    view = {
        "curriculum": curriculum_view(curriculum),
        "steps": [summary_view(s) for s in summaries[:-1]],
        "overall": summary_view(summaries[-1]),
        "orphans": [orphan_view(s) for s in derived.orphans.values()],
        "curriculum_changed": curriculum_changes(curriculum, progress, derived),
    }
    if now is not None:
        if found is None:
            from tpmpath.core.insights import insights

            found = insights(curriculum, progress, derived, now)
        view.update(insights_view(found))
        from tpmpath.output.gaps import gaps_counts

        view["gaps"] = gaps_counts(derived.gaps, now)
    return view


def insights_view(found: Insights) -> dict[str, Any]:
    """The `status --json` keys of tpmpath.core.insights: hours, pace, target and activity."""
    pace, target = found.pace, found.target
    return {
        "hours": {
            "total": round(found.hours_total, 2),
            "done": round(found.hours_done, 2),
            "remaining": round(found.hours_remaining, 2),
            "unestimated": found.unestimated,
            "unestimated_remaining": found.unestimated_left,
        },
        "pace": {
            "hours_per_week": round(pace.hours_per_week, 2) if pace else None,
            "hours": round(pace.hours, 2) if pace else 0.0,
            "since": iso_day(pace.since if pace else None),
            "weeks": round(pace.weeks, 2) if pace else None,
            "setting": found.setting,
            "finish": iso_day(found.finish),
            "finish_basis": found.finish_basis,
        },
        "target": None if target is None else target_view(target, found.hours_remaining),
        "activity": {
            "streak_weeks": found.streak,
            "completed_this_week": found.weeks[-1].completed,
            "weeks": [
                {
                    "week": week.week.isoformat(),
                    "events": week.events,
                    "hours": round(week.hours, 2),
                    "completed": week.completed,
                }
                for week in found.weeks
            ],
        },
    }


def target_view(target: Target, hours: float) -> dict[str, Any]:
    """A target date: days left, hours a week it needs, and whether the pace is enough."""
    return {
        "date": target.date.isoformat(),
        "passed": target.required is None,
        "days_left": target.days,
        "weeks_left": round(target.days / 7, 2),
        "hours_remaining": round(hours, 2),
        "required_hours_per_week": None if target.required is None else round(target.required, 2),
        "on_track": target.on_track,
    }


def json_text(data: object, *, pretty: bool) -> str:
    """One JSON document, UTF-8 as is, with a final newline: indented when `pretty` (for a
    person at a terminal), compact otherwise (for scripts, like `gh`).

    pydantic-core's encoder, not json.dumps(indent=...): that one falls back to pure Python and
    takes seconds on a report of 100,000 events.
    """
    from pydantic_core import to_json

    return to_json(data, indent=2 if pretty else None).decode() + "\n"


def reindent(text: str | bytes) -> str:
    """Compact JSON, indented for a person."""
    from pydantic_core import from_json

    return json_text(from_json(text), pretty=True)

"""`report --format json`: the report as compact JSON, written in parts."""

from __future__ import annotations

from typing import Any

from tpmpath.core.models import Event, Progress, StoredEvents
from tpmpath.core.progress import Derived
from tpmpath.core.report import Report
from tpmpath.output.views import dumped_topics, iso_day, status_view, topic_full


def report_json(report: Report, progress: Progress, derived: Derived) -> list[bytes]:
    """`report --format json`, compact, in parts to write one after the other: `report_view`,
    then `"history"`.

    The history is the last key so that its events can be written as they are stored, each the
    JSON the Event model serialized (see `StoredEvents`): no event is parsed again.
    """
    from pydantic_core import to_json

    head = to_json(report_view(report, progress, derived))
    return [head[:-1], b',"history":', *history_json(report), b"}\n"]


def history_json(report: Report) -> list[bytes]:
    """The history's events as a JSON array in parts, newest first, each with `"undone"` (what
    `event_view` gives)."""
    events, positions = report.events, report.history
    if isinstance(events, StoredEvents):
        every = events.bodies
        whole = len(positions) == len(every)  # no --since: every event, newest first
        bodies = every[::-1] if whole else [every[p] for p in positions]
    else:
        whole = False
        dump = Event.__pydantic_serializer__.to_json
        bodies = [dump(events[p], exclude_none=True)[:-1] for p in positions]
    if whole:
        undone_at = sorted(len(bodies) - 1 - p for p in report.reverted)
    else:
        undone_at = [i for i, p in enumerate(positions) if p in report.reverted]
    # Most events were not undone: runs of them are joined in one go, the few others one by one.
    parts, start = [b"["], 0
    for index in [*undone_at, len(bodies)]:
        if start < index:
            parts += [_NOT_UNDONE_SEP.join(bodies[start:index]), _NOT_UNDONE, b","]
        if index < len(bodies):
            parts += [bodies[index], _UNDONE, b","]
        start = index + 1
    if len(parts) > 1:
        parts.pop()  # the comma after the last event
    return [*parts, b"]"]


_UNDONE = b',"undone":true}'
_NOT_UNDONE = b',"undone":false}'
_NOT_UNDONE_SEP = _NOT_UNDONE + b","


def report_view(report: Report, progress: Progress, derived: Derived) -> dict[str, Any]:
    """`report --format json` but its history: `status --json`, topics, when and for whom.

    A topic here has no notes, logs and reviews lists (`show --json` has them): every event is
    in the history, once, with its topic.
    """
    view = status_view(
        report.curriculum,
        progress,
        derived,
        now=report.now,
        summaries=report.summaries,
        found=report.outlook,
    )
    dumped = dumped_topics(report.curriculum)
    view["topics"] = [
        topic_full(report.curriculum, e.topic, e.state, dumped=d)
        for e, d in zip(report.entries, dumped, strict=True)
    ]
    view["completed"] = [e.topic.id for e in report.finished if e.state.status == "done"]
    view["generated_at"] = report.now.isoformat()
    view["profile"] = report.profile
    view["since"] = iso_day(report.since)
    from tpmpath.output.gap_report import gaps_json

    view["gap_inbox"] = gaps_json(report)
    from tpmpath.output.skills_report import skills_json

    view["skills"] = skills_json(report)
    return view

"""Pure: the events a command adds (start/done/skip/reset, log, note, review, undo, import).

Each builder gets the derived state and `now` and returns new events; it saves nothing: the
caller hands them to the store.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tpmpath.core.models import Action, Event, Status
from tpmpath.core.progress import Derived, undone_batches
from tpmpath.errors import TpmpathError


def new_id() -> str:
    """A globally unique id for events and batches (import merges by it)."""
    return uuid.uuid4().hex


# Which statuses each action moves a topic out of: anything else is a no-op to report.
_CHANGES_FROM: dict[Action, tuple[Status, ...]] = {
    "start": ("todo", "skipped", "done"),
    "done": ("todo", "in_progress", "skipped"),
    "skip": ("todo", "in_progress", "done"),
    "reset": ("in_progress", "done", "skipped"),
}


@dataclass
class Change:
    """The events a command adds, and the topics it left alone with why."""

    events: list[Event]
    unchanged: list[tuple[str, str]]


def status_change(
    derived: Derived,
    action: Action,
    topic_ids: Sequence[str],
    now: datetime,
    *,
    text: str | None = None,
    link: str | None = None,
    confidence: int | None = None,
) -> Change:
    """Events for start/done/skip/reset; topics already in that state are reported, not changed."""
    batch = new_id()
    events: list[Event] = []
    unchanged: list[tuple[str, str]] = []
    for topic_id in topic_ids:
        state = derived.states.get(topic_id) or derived.orphans.get(topic_id)
        current = state.status if state else "todo"
        if current not in _CHANGES_FROM[action] and not (action == "done" and (text or link)):
            unchanged.append((topic_id, f"already {current.replace('_', ' ')}"))
            continue
        events.append(
            Event(
                id=new_id(),
                at=now,
                batch=batch,
                action=action,
                topic=topic_id,
                text=text,
                link=link,
                confidence=confidence,
            )
        )
    return Change(events, unchanged)


def single_event(action: Action, topic_id: str, now: datetime, **fields: object) -> Event:
    """One event in a batch of its own (log, note, review)."""
    return Event.model_validate(
        {"id": new_id(), "at": now, "batch": new_id(), "action": action, "topic": topic_id}
        | {k: v for k, v in fields.items() if v is not None}
    )


def last_batch(events: Sequence[Event]) -> list[Event]:
    """The events of the most recent command that is neither an undo nor already undone."""
    undone = undone_batches(events)
    for event in reversed(events):
        if event.action != "undo" and event.batch not in undone:
            return [e for e in events if e.batch == event.batch]
    return []


def undo_event(events: Sequence[Event], now: datetime) -> tuple[Event, list[Event]]:
    """An event reverting the last command, and that command's events."""
    batch = last_batch(events)
    if not batch:
        raise TpmpathError("Nothing to undo: no change has been recorded yet.")
    event = Event(id=new_id(), at=now, batch=new_id(), action="undo", undoes=batch[0].batch)
    return event, batch


def merge_events(mine: Sequence[Event], theirs: Sequence[Event]) -> list[Event]:
    """Union by event id, in time order (stable: ties keep file order)."""
    known = {e.id for e in mine}
    added = []
    for event in theirs:
        if event.id not in known:
            known.add(event.id)
            added.append(event)
    if not added:
        return list(mine)
    return sorted([*mine, *added], key=lambda e: e.at)

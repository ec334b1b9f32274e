"""Pure: the events a command adds (start/done/skip/reset, log, note, review, undo, import).

Each builder gets the derived state and `now` and returns new events; the store
(`tpmpath.store.progress_store`) saves them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TypeVar

from tpmpath.core.models import Action, Event, Progress, Settings, Status
from tpmpath.core.progress import Derived
from tpmpath.errors import InvalidInputError, TpmpathError

E = TypeVar("E")


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


@dataclass(repr=False)
class Before:
    """What a changed topic was before: its status, and since when (done or skipped)."""

    topic: str
    status: Status
    since: datetime | None = None


@dataclass
class Change:
    """The events a command adds, the topics it left alone with why, and what each changed
    topic was before."""

    events: list[Event]
    unchanged: list[tuple[str, str]]
    before: list[Before] = field(default_factory=list)


def status_change(
    derived: Derived,
    action: Action,
    topic_ids: Sequence[str],
    now: datetime,
    *,
    text: str | None = None,
    link: str | None = None,
    confidence: int | None = None,
    happened: datetime | None = None,
) -> Change:
    """Events for start/done/skip/reset; topics already in that state are reported, not changed.

    `happened`: when, if earlier than `now` (backdated with --date); the events keep both."""
    batch = new_id()
    events: list[Event] = []
    unchanged: list[tuple[str, str]] = []
    before: list[Before] = []
    for topic_id in topic_ids:
        state = derived.states.get(topic_id) or derived.orphans.get(topic_id)
        current = state.status if state else "todo"
        if current not in _CHANGES_FROM[action] and not (action == "done" and (text or link)):
            unchanged.append((topic_id, f"already {current.replace('_', ' ')}"))
            continue
        since = (state.completed_at or state.skipped_at) if state else None
        before.append(Before(topic_id, current, since))
        events.append(
            Event(
                id=new_id(),
                at=happened or now,
                recorded_at=now if happened else None,
                batch=batch,
                action=action,
                topic=topic_id,
                text=text,
                link=link,
                confidence=confidence,
            )
        )
    return Change(events, unchanged, before)


def single_event(
    action: Action,
    topic_id: str,
    now: datetime,
    *,
    happened: datetime | None = None,
    **fields: object,
) -> Event:
    """One event in a batch of its own (log, note, review); `happened` as in `status_change`."""
    dates = {"at": happened or now, "recorded_at": now if happened else None}
    return Event.model_validate(
        {"id": new_id(), "batch": new_id(), "action": action, "topic": topic_id}
        | {k: v for k, v in (dates | fields).items() if v is not None}
    )


_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def backdated(now: datetime, day: str | None, clock: str | None) -> datetime | None:
    """`--date YYYY-MM-DD` and `--at HH:MM` as the moment an event happened (None: now)."""
    from tpmpath.core.planning import parse_date

    parsed_day = None if day is None else parse_date(day)
    parsed_clock = None
    if clock is not None:
        found = _CLOCK.fullmatch(clock.strip())
        if not found:
            raise InvalidInputError(f"--at '{clock}' is not a time: write it as HH:MM, e.g. 18:30.")
        parsed_clock = time(int(found[1]), int(found[2]))
    return happened_at(now, parsed_day, parsed_clock)


def happened_at(now: datetime, day: date | None, clock: time | None) -> datetime | None:
    """When a backdated event happened (`--date DAY --at TIME`, local time), or None for now.

    A day alone means noon that day; a time alone, today. Refused: the future, and before 1900.
    """
    if day is None and clock is None:
        return None
    day = day or now.date()
    if day.year < 1900:
        raise InvalidInputError(f"--date {day.isoformat()} is before 1900.")
    if clock is None:  # noon that day; today, now
        moment = datetime.combine(day, time(12, 0), tzinfo=now.tzinfo) if day < now.date() else now
    else:
        moment = datetime.combine(day, clock, tzinfo=now.tzinfo)
    if day > now.date() or moment > now:
        when = f"{day.isoformat()} {clock.strftime('%H:%M')}" if clock else day.isoformat()
        raise InvalidInputError(
            f"{when} is in the future: --date and --at record what already happened.",
            hint="Leave them out to record it now.",
        )
    return moment


def last_batch(
    events: Sequence[Event], undone: set[str], mine: Callable[[Event], bool] | None = None
) -> list[Event]:
    """The events of the most recent command that is neither an undo nor already undone (with
    `mine`, of the commands this device recorded: another device's are never reverted here)."""
    for event in reversed(events):  # only the tail is read (events may be validated lazily)
        if event.action == "undo" or event.batch in undone or (mine and not mine(event)):
            continue
        if event.action == "import":
            return [event]  # an import's own batch; the events it brought are in `batches`
        return [e for e in events if e.batch == event.batch]
    return []


def undo_event(
    events: Sequence[Event],
    undone: set[str],
    now: datetime,
    mine: Callable[[Event], bool] | None = None,
) -> tuple[Event, list[Event]]:
    """An event reverting the last command (of this device, with `mine`), and its events."""
    batch = last_batch(events, undone, mine)
    if not batch:
        latest = last_batch(events, undone) if mine else []
        if latest:
            where = latest[0].device or "another device"
            raise TpmpathError(
                f"Nothing of this device's to undo: the last change ('{_said(latest)}') was "
                f"recorded on {where}.",
                hint=f"Run `tpmpath undo` on {where} to revert it.",
            )
        raise TpmpathError("Nothing to undo: no change has been recorded yet.")
    event = Event(id=new_id(), at=now, batch=new_id(), action="undo", undoes=batch[0].batch)
    return event, batch


def _said(batch: Sequence[Event]) -> str:
    """A command's events as the user typed it: `done a, b`."""
    topics = ", ".join(dict.fromkeys(e.topic for e in batch if e.topic))
    return f"{batch[0].action} {topics}".rstrip()


def batch_events(events: Sequence[Event], batches: Iterable[str]) -> dict[str, list[Event]]:
    """The events of each of `batches` (what `history` names an undo by), read from the end:
    a command's events are recorded together, so the search stops past the oldest one wanted."""
    wanted = set(batches)
    found: dict[str, list[Event]] = {}
    for event in reversed(events):
        if event.batch in wanted:
            found.setdefault(event.batch, []).insert(0, event)
        elif len(found) == len(wanted):
            break
    return found


@dataclass(repr=False, eq=False)
class Undone:
    """What `undo` reverted: the command's events (for an import, its own event)."""

    events: list[Event]
    brought: int = 0
    """For an import: how many events it had brought in, now removed."""
    elsewhere: list[Event] = field(default_factory=list)
    """A later command another device recorded, left as it is (only that device undoes it)."""


def without_import(events: Iterable[Event], marker: Event) -> list[Event]:
    """The events as they were before the import `marker` records (the marker itself stays)."""
    brought = set(marker.batches or ())
    return [e for e in events if e.batch not in brought]


def recorded(event: Event) -> datetime:
    """When an event was recorded (a backdated one keeps both dates)."""
    return event.recorded_at or event.at


def merge_events(mine: Sequence[Event], theirs: Sequence[Event]) -> list[Event]:
    """Union by event id. Each side keeps its own order (what a device recorded is never
    reordered); where they interleave, the one recorded earlier comes first, ours on a tie."""
    return merge_by_id(mine, theirs, _event_id, recorded)


def _event_id(event: Event) -> str:
    return event.id


def merge_by_id(
    mine: Sequence[E], theirs: Sequence[E], id_of: Callable[[E], str], when: Callable[[E], datetime]
) -> list[E]:
    """`merge_events` for events in any form (models, or records as `team` reads them)."""
    known = {id_of(e) for e in mine}
    added = []
    for event in theirs:
        key = id_of(event)
        if key not in known:
            known.add(key)
            added.append(event)
    if not added:
        return list(mine)
    return list(interleave(iter(mine), added, when))


def interleave(mine: Iterator[E], added: Iterable[E], when: Callable[[E], datetime]) -> Iterator[E]:
    """The order rule of `merge_by_id`, one event at a time (an import streams both sides):
    each side in its own order; before each added event, ours recorded no later than it."""
    waiting = next(mine, None)
    for event in added:
        moment = when(event)
        while waiting is not None and when(waiting) <= moment:
            yield waiting
            waiting = next(mine, None)
        yield event
    if waiting is not None:
        yield waiting
        yield from mine


def merge_logs(logs: Sequence[Sequence[Event]]) -> list[Event]:
    """Every device's log as one history: union by event id, each log's own order kept (the
    order rule of docs/data-safety.md); give the logs in one fixed order (by file name) so that
    every device replays the same history."""
    merged: list[Event] = list(logs[0]) if logs else []
    for log in logs[1:]:
        merged = merge_events(merged, log)
    return merged


def check_learner(
    ours: str | None,
    has_events: bool,
    incoming: Progress,
    source: str,
    profile: str,
    *,
    force: bool,
) -> None:
    """Refuse to merge another learner's export into a profile that has progress of its own
    (`ours`: its learner id; `has_events`: whether any log of it has an event)."""
    theirs = incoming.learner_id
    if force or not has_events or not ours or not theirs or ours == theirs:
        return
    whose = f"profile '{incoming.profile}', " if incoming.profile else ""
    raise InvalidInputError(
        f"{source} holds another learner's progress ({whose}learner {theirs[:8]}), and profile "
        f"'{profile}' has progress of its own (learner {ours[:8]}): nothing was imported.",
        hint="Import it into its own profile (`tpmpath --profile NAME import FILE`), or add "
        "--force to merge the two learners' progress.",
    )


def compare_settings(
    settings: Settings, incoming: Settings
) -> tuple[dict[str, object], dict[str, tuple[object, object]]]:
    """The settings an import takes (unset here, set in the export), and those set on both
    sides to different values: (ours, theirs), ours kept."""
    filled: dict[str, object] = {}
    differing: dict[str, tuple[object, object]] = {}
    for name in Settings.model_fields:
        ours, theirs = getattr(settings, name), getattr(incoming, name)
        if ours is None and theirs is not None:
            filled[name] = theirs
        elif ours is not None and theirs is not None and ours != theirs:
            differing[name] = (ours, theirs)
    return filled, differing


def import_marker(
    now: datetime, source: str, batches: Iterable[str], filled: dict[str, object]
) -> Event:
    """An import's own event: the batches it brought and the settings it filled (for undo)."""
    return Event(
        id=new_id(),
        at=now,
        batch=new_id(),
        action="import",
        text=source,
        batches=list(batches),
        settings=list(filled) or None,
    )

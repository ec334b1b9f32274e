"""Results of what changed and what was recorded: `history`, and what start, done, skip, reset
and undo said (JSON, plain text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tpmpath.core.changes import Before, Undone
from tpmpath.core.models import Event
from tpmpath.output import render
from tpmpath.output.emit import Notice
from tpmpath.output.views import (
    event_view,
)


@dataclass(repr=False, eq=False)
class History:
    """`history`: the changes, newest first, each marked when an undo reverted it."""

    events: list[Event]
    undone: set[str]
    reverted: Mapping[str, list[Event]] = field(default_factory=dict)
    """The events of each batch an undo shown reverted (see core.changes.batch_events)."""
    short: Mapping[str, str] = field(default_factory=dict)
    """The gaps' short ids (core.gaps.short_ids), by gap id."""

    def data(self) -> object:
        return [event_view(e, self.undone) | {"device": e.device} for e in self.events]

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        lines = []
        devices = {e.device for e in self.events if e.device}
        # The device that recorded each change, once more than one appears (a synced data dir).
        column = max(map(len, devices)) if len(devices) > 1 else 0
        for event in self.events:
            device = f"{event.device or '':<{column}}  " if column else ""
            head = f"{event.at:%Y-%m-%d %H:%M}  {device}{self._what(event)}"
            flag = "  (undone)" if event.batch in self.undone else ""
            if event.recorded_at is not None:  # backdated: when it happened, then when recorded
                flag += f"  (recorded {event.recorded_at:%Y-%m-%d %H:%M})"
            if event.text and event.action != "import":
                room = width - len(head) - len(flag) - 2
                if room >= 10:
                    head += "  " + render.clip(event.text, room)
            lines += render.wrap([head + flag], width, " " * (18 + len(device)))
        return "\n".join(lines)

    def _what(self, event: Event) -> str:
        """The action and its topic; an undo says what it undid: `undo (done a, b)`."""
        if event.action != "undo":
            return _command([event], self.short)
        reverted = self.reverted.get(event.undoes or "")
        return f"undo ({_command(reverted, self.short)})" if reverted else "undo"

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [] if as_json or self.events else ["No changes recorded yet."]


def _command(events: Sequence[Event], short: Mapping[str, str]) -> str:
    """A command's events as one line: `done a, b`, `import FILE`, `assess apis=3`,
    `gap 3f2a (api-basics)`, `close gap 3f2a`, `review gap:3f2a`; a log that opened gaps says
    how many."""
    first = events[0]
    if first.action == "import":
        return f"import {first.text or ''}".rstrip()
    if first.action == "assess":
        return "assess " + ", ".join(f"{e.skill}={e.level}" for e in events)
    if first.action == "gap":
        where = f" ({first.topic})" if first.topic else ""
        return f"gap {_short(first.id, short)}{where}"
    if first.gap is not None:
        name = _short(first.gap, short)
        return f"close gap {name}" if first.action == "close" else f"review gap:{name}"
    topics = ", ".join(dict.fromkeys(e.topic for e in events if e.topic and e.action != "gap"))
    opened = sum(1 for e in events if e.action == "gap")
    gaps = f" (+{render.plural(opened, 'gap')})" if opened else ""
    return f"{first.action} {topics}".rstrip() + gaps


def _short(gap_id: str, short: Mapping[str, str]) -> str:
    """A gap's short id; one no longer in the inbox (undone) by its first eight characters."""
    return short.get(gap_id, gap_id[:8])


_VERBS = {"start": "Started", "done": "Done", "skip": "Skipped", "reset": "Reset"}


@dataclass(repr=False, eq=False)
class Changed(Notice):
    """What start/done/skip/reset did: the topics changed, and those left as they were."""

    action: str
    events: list[Event]
    unchanged: list[tuple[str, str]]
    before: Sequence[Before] = ()

    def data(self) -> object:
        return {
            "changed": [e.topic for e in self.events],
            "unchanged": [{"id": topic, "why": why} for topic, why in self.unchanged],
            "before": [{"id": b.topic, "status": b.status, "since": b.since} for b in self.before],
        }

    def notes(self, *, as_json: bool) -> Sequence[str]:
        said = []
        if self.events:
            said.append(f"{_VERBS[self.action]}: {', '.join(e.topic or '' for e in self.events)}.")
        if self.action == "start":
            said += [_reopened(b) for b in self.before if b.status in ("done", "skipped")]
        said += [f"{topic}: {why}, left as it is." for topic, why in self.unchanged]
        return said


def _reopened(before: Before) -> str:
    """`start` on a finished topic: say that it is open again, and since when it was finished."""
    when = f" on {before.since:%Y-%m-%d}" if before.since else ""
    return f"Reopened {before.topic} ({before.status}{when})."


@dataclass(repr=False, eq=False)
class UndoneResult(Notice):
    """What `undo` reverted."""

    undone: Undone
    short: Mapping[str, str] = field(default_factory=dict)
    """The gaps' short ids before the undo, by gap id."""

    def data(self) -> object:
        return [event_view(e) for e in self.undone.events]

    def notes(self, *, as_json: bool) -> Sequence[str]:
        first = self.undone.events[0]
        when = f"{first.at:%Y-%m-%d %H:%M}"
        if first.action == "import":
            brought = self.undone.brought
            count = f"{brought} event{'' if brought == 1 else 's'}"
            said = [f"Undid the import of {count} from {first.text} ({when})."]
        else:
            said = [f"Undid '{_command(self.undone.events, self.short)}' from {when}."]
        later = self.undone.elsewhere
        if later:  # a later change of another device's stays
            where = later[0].device or "another device"
            said.append(
                f"The later '{_command(later, self.short)}' was recorded on {where} and is left "
                "as it is (only that device undoes it)."
            )
        return said

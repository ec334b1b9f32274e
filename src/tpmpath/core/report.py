"""Pure: the data of a progress report and `--since` parsing.

The renderers in tpmpath.output only format a `Report`; nothing here reads files, the clock or the
console: the caller passes `now`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property
from typing import NamedTuple

from tpmpath.core.gaps import GapState, closed_gaps, open_gaps, short_ids
from tpmpath.core.insights import Insights, insights
from tpmpath.core.models import Curriculum, Event, Progress, Step, Topic
from tpmpath.core.progress import Derived, Summary, TopicState, next_topics, summarize
from tpmpath.core.skills import SkillView, skill_views
from tpmpath.errors import InvalidInputError

NEXT_COUNT = 5
SKILL_EVIDENCE = 50
"""At most this many pieces of evidence per skill in a report, the newest: years of daily logs
would bury the section (`show skill:ID` lists them all)."""
_RELATIVE = re.compile(r"^(\d{1,6})([dwm])$", re.IGNORECASE)


class Entry(NamedTuple):
    """One topic with its step and derived state (a tuple: a report makes 10,000 of them)."""

    topic: Topic
    step: Step
    number: int
    """The step's number, from 1."""
    state: TopicState
    events: Sequence[Event]
    """The history the state was derived from."""

    @property
    def notes(self) -> list[Event]:
        """The topic's notes, links and log texts, oldest first."""
        return [self.events[position] for position in self.state.notes]


@dataclass(repr=False, eq=False)
class Note:
    """A note, link or log text recorded on a topic."""

    entry: Entry
    event: Event


@dataclass(repr=False, eq=False)
class Report:
    """Everything a report shows; totals are overall, the activity lists honour `since`."""

    curriculum: Curriculum
    profile: str
    now: datetime
    since: date | None
    summaries: list[Summary]
    """One per step, then the overall one (last)."""
    entries: list[Entry]
    """Every topic, in curriculum order."""
    finished: list[Entry]
    """Done or skipped on/after `since`, newest first."""
    in_progress: list[Entry]
    next_up: list[Entry]
    """The first `NEXT_COUNT` of `next_topics`."""
    next_more: int
    """How many more `next_topics` there are than `next_up` shows."""
    undone: set[str]
    reverted: set[int]
    """The positions of the events an undo reverted."""
    outlook: Insights
    """Pace, finish and target date, as `status` has them (tpmpath.core.insights)."""
    events: Sequence[Event] = field(repr=False, compare=False)
    """Every event: only the sections that show events read them (see models.StoredEvents)."""
    gaps: Mapping[str, GapState] = field(default_factory=dict)
    """The gap inbox (tpmpath.core.gaps)."""

    @cached_property
    def open_gaps(self) -> list[GapState]:
        """Every open gap, oldest first (what is not understood yet, whatever `since`)."""
        return open_gaps(self.gaps)

    @cached_property
    def closed_gaps(self) -> list[GapState]:
        """The gaps closed on/after `since`, newest first, with their explanations."""
        return closed_gaps(self.gaps, self.since, self.now.tzinfo)

    @cached_property
    def gap_ids(self) -> dict[str, str]:
        """Each gap's short id."""
        return short_ids(self.gaps)

    skills: list[SkillView] = field(default_factory=list)
    """Every skill of the curriculum with its ratings and evidence on/after `since`."""

    @cached_property
    def notes(self) -> list[Note]:
        """Notes, links and log texts on/after `since`, newest first."""
        zone = self.now.tzinfo
        found = [
            Note(e, note)
            for e in self.entries
            for note in e.notes
            if _on_or_after(note.at, self.since, zone)
        ]
        found.sort(key=lambda n: n.event.at, reverse=True)
        return found

    @cached_property
    def history(self) -> list[int]:
        """The positions of the events on/after `since`, newest first (as `history` shows them)."""
        newest_first = range(len(self.events) - 1, -1, -1)
        if self.since is None:  # every event: none has to be read
            return list(newest_first)
        zone = self.now.tzinfo
        return [p for p in newest_first if _on_or_after(self.events[p].at, self.since, zone)]

    @property
    def steps(self) -> list[Summary]:
        return self.summaries[:-1]

    @property
    def overall(self) -> Summary:
        return self.summaries[-1]

    def day(self, moment: datetime) -> date:
        """The local date of a moment (in the time zone of `now`)."""
        return moment.astimezone(self.now.tzinfo).date()


def finished_at(state: TopicState) -> datetime | None:
    """When a topic was completed or skipped (None unless it is done or skipped)."""
    if state.status == "done":
        return state.completed_at
    if state.status == "skipped":
        return state.skipped_at
    return None


def _on_or_after(moment: datetime | None, since: date | None, zone: tzinfo | None) -> bool:
    if moment is None:
        return False
    return since is None or moment.astimezone(zone).date() >= since


def build_report(
    curriculum: Curriculum,
    events: Sequence[Event],
    derived: Derived,
    now: datetime,
    *,
    progress: Progress,
    profile: str,
    since: date | None = None,
) -> Report:
    """Gather the report's sections from the curriculum and the derived progress.

    `progress`: its settings (hours per week, target date); its events are `events`.
    """
    zone = now.tzinfo
    numbers = {step.id: n for n, step in enumerate(curriculum.steps, 1)}
    entries = []
    for t in curriculum.topics:
        step, state = curriculum.step_of[t.id], derived.states[t.id]
        entries.append(Entry(t, step, numbers[step.id], state, events))
    by_id = {e.topic.id: e for e in entries}
    finished = [e for e in entries if _on_or_after(finished_at(e.state), since, zone)]
    # Newest first; ties (one `done a b` command) keep curriculum order.
    finished.sort(key=lambda e: finished_at(e.state) or now, reverse=True)
    upcoming = next_topics(curriculum, derived.states)
    return Report(
        curriculum=curriculum,
        profile=profile,
        now=now,
        since=since,
        summaries=summarize(curriculum, derived.states),
        entries=entries,
        finished=finished,
        in_progress=[e for e in entries if e.state.status == "in_progress"],
        next_up=[by_id[t.id] for t in upcoming[:NEXT_COUNT]],
        next_more=max(0, len(upcoming) - NEXT_COUNT),
        undone=derived.undone,
        reverted=set(derived.reverted),
        outlook=insights(curriculum, progress, derived, now),
        events=events,
        gaps=derived.gaps,
        skills=skill_views(
            curriculum, derived, events, since=since, zone=zone, limit=SKILL_EVIDENCE
        ),
    )


def parse_since(text: str, today: date) -> date:
    """`--since`: an ISO date (2026-03-02) or a relative one (7d, 2w, 1m) back from `today`."""
    value = text.strip()
    match = _RELATIVE.match(value)
    if match:
        amount, unit = int(match.group(1)), match.group(2).lower()
        try:
            if unit == "m":
                return _months_back(today, amount)
            return today - timedelta(days=amount * (7 if unit == "w" else 1))
        except (ValueError, OverflowError):
            raise InvalidInputError(f"--since {text} reaches back before the year 1.") from None
    try:
        # Only YYYY-MM-DD: fromisoformat also takes 20260302 or 2026-W10, which look like typos.
        since = date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        since = None
    if since is None:
        raise InvalidInputError(
            f"--since {text!r} is not a date.",
            hint="Use an ISO date (2026-03-02) or a relative one: 7d, 2w, 1m "
            "(days, weeks or months back).",
        )
    if since > today:
        raise InvalidInputError(f"--since {text} is in the future (today is {today.isoformat()}).")
    return since


def _months_back(today: date, months: int) -> date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise ValueError("before year 1")
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return date(year, month, min(today.day, last_day))


def latest_note(entry: Entry) -> str | None:
    """The text of the most recent note on a topic."""
    texts = [e.text for e in entry.notes if e.text]
    return texts[-1] if texts else None

"""Pure: a mentor's roll-up of several people's progress, one member per person."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, replace
from datetime import date, datetime
from operator import itemgetter
from typing import cast

from tpmpath.core.changes import merge_by_id
from tpmpath.core.models import Curriculum, Progress, Status, Topic
from tpmpath.core.progress import Summary, TopicState, credit_of, overall_of, summarize
from tpmpath.core.records import EventRecord


@dataclass(repr=False, eq=False)
class Member:
    """One person's progress, summarized."""

    name: str
    """The profile the progress names (else the name its file gives), told apart from another
    person's of the same name by a short learner id, else by `source`."""
    source: str
    """Where the progress came from (a file), shown with `--format json`."""
    profile: str | None
    learner_id: str | None
    summaries: list[Summary]
    """One per step, then the overall one (last)."""
    last_activity: date | None

    @property
    def overall(self) -> Summary:
        return self.summaries[-1]


@dataclass(repr=False, eq=False)
class Team:
    """The roll-up: the curriculum, when, and a member per file."""

    curriculum: Curriculum
    now: datetime
    members: list[Member]


@dataclass(repr=False, eq=False)
class Learner:
    """One person's progress as `team` reads it: their events as validated records (all their
    logs of the curriculum merged by event id), and who they are."""

    name: str
    """What names them when their progress names no profile: a folder or a file."""
    source: str
    profile: str | None
    learner_id: str | None
    events: Sequence[EventRecord]
    tallied: Tally | None = None
    """What `tally` makes of the events, when it is known already (the store's cache): then
    `events` may be empty."""

    @classmethod
    def of(cls, name: str, source: str, progress: Progress) -> Learner:
        """From a progress model (a file of an older schema, upgraded; tests)."""
        records = cast(
            list[EventRecord], [e.model_dump(exclude_none=True) for e in progress.events]
        )
        return cls(name, source, progress.profile, progress.learner_id, records)


def rollup(curriculum: Curriculum, people: Iterable[Learner], now: datetime) -> Team:
    """Summarize each person's progress against the curriculum, one at a time: `people` may be
    a generator that reads each learner's files when asked, so only one person's events are
    held at once. See `Member.name` for how people are named.
    """
    blank = _Blank(curriculum)
    members = []
    for learner in people:
        members.append(_member(blank, learner, now))
        del learner  # before the next one is read: one person's events at a time
    return Team(curriculum, now, _told_apart(members))


def _member(blank: _Blank, learner: Learner, now: datetime) -> Member:
    tallied = learner.tallied or tally(blank.curriculum, learner.events)
    last = tallied.last
    return Member(
        name=learner.profile or learner.name,
        source=learner.source,
        profile=learner.profile,
        learner_id=learner.learner_id,
        summaries=blank.summaries(tallied.marks),
        last_activity=last.astimezone(now.tzinfo).date() if last else None,
    )


class _Blank:
    """Each step's summary with every topic todo: a learner's summaries are these, changed by
    the topics they touched, added in curriculum order as `summarize` adds them (so every sum
    comes out the same, to the last bit) without counting 40 untouched topics per learner."""

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum
        self.steps = [astuple(s) for s in summarize(curriculum, _States())[:-1]]
        self.where = {t.id: (i, t) for i, step in enumerate(curriculum.steps) for t in step.topics}

    def summaries(self, marks: dict[str, tuple[Status, int]]) -> list[Summary]:
        steps = [Summary(*values) for values in self.steps]
        order = self.curriculum.order
        for topic_id in sorted(marks, key=order.__getitem__):
            status, count = marks[topic_id]
            index, topic = self.where[topic_id]
            _touched(steps[index], topic, status, count)
        return [*steps, overall_of(self.curriculum, steps)]


def _touched(summary: Summary, topic: Topic, status: Status, count: int) -> None:
    """`Summary.add` for a topic the summary already counts as todo."""
    summary.todo -= 1
    if status == "done":
        summary.done += 1
    elif status == "skipped":
        summary.skipped += 1
    elif status == "in_progress":
        summary.in_progress += 1
    else:
        summary.todo += 1
    share = credit_of(topic, status, count)
    summary.credit += share
    if topic.estimate_hours is not None:
        summary.hours_done += topic.estimate_hours * share


@dataclass(repr=False, eq=False)
class Tally:
    """What a summary needs of a learner's events: the status and practice count of each topic
    they touched (the others are todo), and when the latest event happened."""

    marks: dict[str, tuple[Status, int]]
    last: datetime | None


_MOVES: dict[str, Status] = {"start": "in_progress", "done": "done", "skip": "skipped"}


class _States(dict[str, TopicState]):
    """Topic states of the topics touched: the others read as one shared todo state."""

    def __missing__(self, topic_id: str) -> TopicState:
        return _TODO


_TODO = TopicState("")


def tally(curriculum: Curriculum, events: Sequence[EventRecord]) -> Tally:
    """Each topic's status and practice count, as `progress.derive` finds them (and only
    those: what a summary needs), replayed from records; and the latest event's date."""
    undone = {e.get("undoes") for e in events if e["action"] == "undo"}
    aliases, targets = curriculum.aliases, curriculum.targets
    status: dict[str, Status] = {}
    count: dict[str, int] = {}
    for event in events:
        action = event["action"]
        if action in _NO_STATUS or event["batch"] in undone:
            continue
        topic = event.get("topic")
        if topic is None:
            continue
        topic = aliases.get(topic, topic)
        if topic not in targets:
            continue  # a topic the curriculum no longer has: no summary counts it
        moved = _MOVES.get(action)
        if moved is not None:
            status[topic] = moved
        elif action == "reset":
            status[topic], count[topic] = "todo", 0
        elif action == "log":
            logged = count[topic] = count.get(topic, 0) + 1
            if status.get(topic, "todo") in ("todo", "in_progress"):
                target = targets[topic]
                done = target is not None and logged >= target
                status[topic] = "done" if done else "in_progress"
    marks = {topic: (now, count.get(topic, 0)) for topic, now in status.items()}
    return Tally(marks, max(map(itemgetter("at"), events), default=None))


_NO_STATUS = frozenset({"note", "review", "undo", "import", "gap", "close", "assess"})
"""Actions that never change a topic's status or count (see progress._apply)."""


def merge_logs(logs: Iterable[Sequence[EventRecord]]) -> Sequence[EventRecord]:
    """One learner's logs (a device's each, conflicted copies) as one history, merged by event
    id as `import` merges (changes.merge_by_id)."""
    merged: Sequence[EventRecord] = []
    for log in logs:
        merged = merge_by_id(merged, log, _record_id, _recorded) if merged else log
    return merged


def _record_id(event: EventRecord) -> str:
    return event["id"]


def _recorded(event: EventRecord) -> datetime:
    return event.get("recorded_at") or event["at"]


SHORT_ID = 8
"""Characters of a learner id that tell two people of one name apart (more if they must)."""


def _told_apart(members: list[Member]) -> list[Member]:
    """A repeated name gets the learner id, or the source when that is missing or shared (one
    learner's two files)."""
    groups: dict[str, list[int]] = {}
    for i, member in enumerate(members):
        groups.setdefault(member.name, []).append(i)
    named = list(members)
    for name, group in groups.items():
        if len(group) == 1:
            continue
        ids = Counter(members[i].learner_id for i in group)
        short = short_ids({lid for lid, count in ids.items() if lid and count == 1})
        for i in group:
            learner = members[i].learner_id
            label = f"{name} ({short[learner]})" if learner in short else members[i].source
            named[i] = replace(members[i], name=label)
    return named


def short_ids(ids: set[str]) -> dict[str, str]:
    """Each id cut to the fewest characters, at least `SHORT_ID`, that keep them apart."""
    longest = max(map(len, ids), default=0)
    for length in range(SHORT_ID, longest):
        cut = {i: i[:length] for i in ids}
        if len(set(cut.values())) == len(ids):
            return cut
    return {i: i for i in ids}

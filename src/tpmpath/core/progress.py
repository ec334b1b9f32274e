"""Pure: replay events into topic states, summarize them, and say what is next or blocked.

The events a command adds are built in tpmpath.core.changes; TOPIC arguments are looked up in
tpmpath.core.lookup. Nothing here touches files, the clock or the console.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from tpmpath.core.gaps import GAP_ACTIONS, GapState, fold
from tpmpath.core.models import Curriculum, Event, Status, Topic
from tpmpath.core.review import Reviews

LEARNING_ACTIONS = frozenset({"done", "log", "review", "close"})
"""Events that record learning: they make a week count (start, skip, notes and a gap that
comes up do not; closing one, explained, does)."""


@dataclass
class TopicState:
    """What the events say about one topic."""

    id: str
    status: Status = "todo"
    started_at: datetime | None = None
    completed_at: datetime | None = None
    skipped_at: datetime | None = None
    updated_at: datetime | None = None
    count: int = 0
    """Occurrences logged since the last reset (practices)."""
    confidence: int | None = None
    reviews: list[int] = field(default_factory=list)
    """The indexes of the reviews since the topic was last completed."""
    reviewed: Reviews = Reviews()
    """What the review schedule needs of those reviews (tpmpath.core.review)."""
    notes: list[int] = field(default_factory=list)
    """The indexes of the events that carry a note or a link: notes, done --note, logs."""
    logs: list[int] = field(default_factory=list)
    """The indexes of the topic's `log` events."""
    counted: list[datetime] = field(default_factory=list)
    """For a practice (a topic with a target): when each log since the last reset happened."""


@dataclass
class Rating:
    """One self-assessment of a skill (`assess`): when, and the level 1-5."""

    at: datetime
    level: int


@dataclass
class Derived:
    """The states of the current curriculum's topics, and progress on topics it no longer has.

    Everything here is a fold over the events, so `extend` can add new events to it without
    replaying the old ones, and the store can keep it between commands.
    """

    states: dict[str, TopicState]
    orphans: dict[str, TopicState]
    undone: set[str]
    """Batches reverted by `undo`."""
    learning: list[int] = field(default_factory=list)
    """When each learning event (done, log, review, close) not undone happened, in whole seconds
    since the Unix epoch: the activity chart counts them by week (compact, and quick to count)."""
    events: int = 0
    """How many events were replayed."""
    reverted: list[int] = field(default_factory=list)
    """The positions of the events an undo reverted (the history marks them)."""
    gaps: dict[str, GapState] = field(default_factory=dict)
    """The gap inbox (tpmpath.core.gaps): every gap not undone, by id, in recording order."""
    ratings: dict[str, list[Rating]] = field(default_factory=dict)
    """Each rated skill's ratings not undone, in the order recorded (skills the curriculum no
    longer declares included; see core.skills for them in date order)."""


def undone_batches(events: Iterable[Event]) -> set[str]:
    """The batches that an `undo` reverted."""
    return {e.undoes for e in events if e.action == "undo" and e.undoes is not None}


def derive(curriculum: Curriculum, events: Sequence[Event]) -> Derived:
    """Replay events in order into the state of every topic (one pass, linear)."""
    states = {topic.id: TopicState(topic.id) for topic in curriculum.topics}
    derived = Derived(states, {}, undone_batches(events))
    extend(curriculum, derived, events)
    return derived


def extend(curriculum: Curriculum, derived: Derived, events: Sequence[Event]) -> None:
    """Replay `events`, which follow the ones `derived` holds, into it (in place).

    Only valid when none of them is an `undo` and none belongs to a batch already undone: an
    undo changes the past, which takes a replay of everything (`derive`).
    """
    states, orphans, undone = derived.states, derived.orphans, derived.undone
    aliases = curriculum.aliases
    targets = curriculum.targets
    learning, gaps = derived.learning, derived.gaps
    for index, event in enumerate(events, derived.events):
        if event.batch in undone:
            derived.reverted.append(index)
            continue
        if event.action == "undo":
            continue
        if event.action == "assess":
            if event.skill is not None and event.level is not None:
                derived.ratings.setdefault(event.skill, []).append(Rating(event.at, event.level))
            continue
        on_gap = event.gap is not None or event.action in GAP_ACTIONS
        if on_gap:  # a gap's topic says where it came up: the topic itself does not change
            fold(gaps, event)
        if event.action in LEARNING_ACTIONS:
            learning.append(math.floor(event.at.timestamp()))
        if on_gap or event.topic is None:
            continue
        topic_id = aliases.get(event.topic, event.topic)
        state = states.get(topic_id)
        if state is None:
            state = orphans.setdefault(topic_id, TopicState(topic_id))
        _apply(state, event, index, targets.get(topic_id))
    derived.events += len(events)


def after(curriculum: Curriculum, derived: Derived, topic_id: str, event: Event) -> TopicState:
    """A topic's state once `event` (the next one, on it) is added; `derived` is left as it is."""
    state = derived.states[topic_id]
    copy = replace(
        state,
        reviews=list(state.reviews),
        notes=list(state.notes),
        logs=list(state.logs),
        counted=list(state.counted),
    )
    _apply(copy, event, derived.events, curriculum.targets.get(topic_id))
    return copy


def _apply(state: TopicState, event: Event, index: int, target: int | None) -> None:
    """Apply one event (the `index`th of the history) to one topic's state."""
    at = event.at
    action = event.action
    if event.text is not None or event.link is not None:
        state.notes.append(index)
    if action == "note":
        return
    if action == "review":
        state.reviews.append(index)
        state.confidence = event.confidence or state.confidence
        # Only reviews of the current completion count (an import can bring older ones); a new
        # completion, a reset or a reopen-and-complete starts `reviewed` afresh.
        if state.completed_at is not None and at >= state.completed_at:
            state.reviewed = state.reviewed.add(at, event.confidence)
        return
    state.updated_at = at
    if action == "start":
        state.status = "in_progress"
        state.started_at = state.started_at or at
        state.completed_at = state.skipped_at = None
    elif action == "done" and state.status == "done":
        # `done --note/--link` on a done topic adds evidence: it is not a new completion, so the
        # completion date and the review schedule stay.
        state.confidence = event.confidence or state.confidence
    elif action == "done":
        state.status = "done"
        state.completed_at = at
        state.skipped_at = None
        state.confidence = event.confidence
        state.reviews, state.reviewed = [], Reviews()
    elif action == "skip":
        state.status = "skipped"
        state.skipped_at = at
        state.completed_at = None
    elif action == "reset":
        state.status = "todo"
        state.started_at = state.completed_at = state.skipped_at = None
        state.count = 0
        state.counted = []
        state.confidence = None
        state.reviews, state.reviewed = [], Reviews()
    elif action == "log":
        _apply_log(state, index, at, target)


def _apply_log(state: TopicState, index: int, at: datetime, target: int | None) -> None:
    """One occurrence: counts always; moves only a todo or started topic (done/skipped stay)."""
    state.logs.append(index)
    if target is not None:  # only a practice's logs count towards hours (planning)
        state.counted.append(at)
    state.count += 1
    state.started_at = state.started_at or at
    if state.status not in ("todo", "in_progress"):
        return
    if target is not None and state.count >= target:
        state.status = "done"
        state.completed_at = at
        # A new completion: confidence and reviews from an earlier one no longer apply.
        state.confidence = None
        state.reviews, state.reviewed = [], Reviews()
    else:
        state.status = "in_progress"


def credit(topic: Topic, state: TopicState) -> float:
    """How much of a topic is complete, 0..1: done/skipped count 1, a practice counts its logs."""
    return credit_of(topic, state.status, state.count)


def credit_of(topic: Topic, status: Status, count: int) -> float:
    """`credit`, from a topic's status and practice count alone."""
    if is_finished(status):
        return 1.0
    if topic.target is not None and count:
        return min(count, topic.target) / topic.target
    return 0.0


@dataclass(slots=True)
class Summary:
    """Counts, percent and hours for a step or for the whole curriculum (slots: `team` keeps
    six per learner, for thousands of learners)."""

    id: str
    title: str
    total: int = 0
    done: int = 0
    skipped: int = 0
    in_progress: int = 0
    todo: int = 0
    credit: float = 0.0
    hours_total: float = 0.0
    hours_done: float = 0.0
    unestimated: int = 0

    @property
    def finished(self) -> int:
        """Topics done or skipped: what `Done` counts."""
        return self.done + self.skipped

    @property
    def percent(self) -> float:
        """100 x (done + skipped + partial practices) / total, one decimal."""
        return round(100 * self.credit / self.total, 1) if self.total else 0.0

    @property
    def hours_remaining(self) -> float:
        return round(self.hours_total - self.hours_done, 2)

    def add(self, topic: Topic, state: TopicState) -> None:
        """Count one topic in."""
        self.total += 1
        if state.status == "done":
            self.done += 1
        elif state.status == "skipped":
            self.skipped += 1
        elif state.status == "in_progress":
            self.in_progress += 1
        else:
            self.todo += 1
        share = credit(topic, state)
        self.credit += share
        if topic.estimate_hours is None:
            self.unestimated += 1
        else:
            self.hours_total += topic.estimate_hours
            self.hours_done += topic.estimate_hours * share


def summarize(curriculum: Curriculum, states: dict[str, TopicState]) -> list[Summary]:
    """One summary per step, then the overall one (last)."""
    result = []
    for step in curriculum.steps:
        summary = Summary(step.id, step.title)
        for topic in step.topics:
            summary.add(topic, states[topic.id])
        result.append(summary)
    result.append(overall_of(curriculum, result))
    return result


def overall_of(curriculum: Curriculum, steps: list[Summary]) -> Summary:
    """The overall summary: the steps' sums, rather than every topic a second time."""
    overall = Summary(curriculum.id, curriculum.title)
    for part in steps:
        overall.total += part.total
        overall.done += part.done
        overall.skipped += part.skipped
        overall.in_progress += part.in_progress
        overall.todo += part.todo
        overall.credit += part.credit
        overall.hours_total += part.hours_total
        overall.hours_done += part.hours_done
        overall.unestimated += part.unestimated
    return overall


def is_finished(status: Status) -> bool:
    """Done or skipped: nothing left to do on the topic."""
    return status in ("done", "skipped")


def blockers(curriculum: Curriculum, states: dict[str, TopicState], topic: Topic) -> list[str]:
    """The required topics not yet done or skipped."""
    return [r for r in topic.requires if r in states and not is_finished(states[r].status)]


def next_topics(curriculum: Curriculum, states: dict[str, TopicState]) -> list[Topic]:
    """In-progress topics, then available todo topics, each in curriculum order (all of them)."""
    in_progress = [t for t in curriculum.topics if states[t.id].status == "in_progress"]
    available = [
        t
        for t in curriculum.topics
        if states[t.id].status == "todo" and not blockers(curriculum, states, t)
    ]
    return in_progress + available


def blocked_topics(curriculum: Curriculum, states: dict[str, TopicState]) -> list[Topic]:
    """Todo topics waiting on a prerequisite."""
    return [
        t
        for t in curriculum.topics
        if states[t.id].status == "todo" and blockers(curriculum, states, t)
    ]


def unblocks(curriculum: Curriculum) -> dict[str, list[str]]:
    """For each topic id, the topics that require it."""
    result: dict[str, list[str]] = {t.id: [] for t in curriculum.topics}
    for topic in curriculum.topics:
        for required in topic.requires:
            result.setdefault(required, []).append(topic.id)
    return result

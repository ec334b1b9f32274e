"""Pure: what `log` and `review` record: the reflection question, the event, what it changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from tpmpath.core import changes
from tpmpath.core.changes import single_event
from tpmpath.core.gaps import gap_event, short_ids
from tpmpath.core.models import Curriculum, Event, Status, Topic
from tpmpath.core.progress import Derived, TopicState, after
from tpmpath.core.review import Schedule, topic_schedule
from tpmpath.errors import InvalidInputError


def reflection_prompt(topic: Topic, count: int) -> str | None:
    """The question to ask for the next log: the topic's prompts in turn, by log count."""
    return topic.prompts[count % len(topic.prompts)] if topic.prompts else None


class Logged(NamedTuple):
    """One occurrence logged: the topic, its status before, and its state after."""

    topic: Topic
    before: Status
    after: TopicState
    gaps: tuple[str, ...] = ()
    """The short ids of the gaps the log opened (`log --gap`, or answers on a terminal)."""


def log_change(
    curriculum: Curriculum,
    derived: Derived,
    topic: Topic,
    now: datetime,
    *,
    text: str | None = None,
    link: str | None = None,
    question: str | None = None,
    answer: str | None = None,
    happened: datetime | None = None,
    gaps: Sequence[str] = (),
) -> tuple[list[Event], Logged]:
    """The log event (the question is kept only with its answer) and what it does to the topic;
    then a `gap` event for each of `gaps`, in the log's batch (undoing the log removes them),
    where the log's text says where they came up."""
    before = derived.states[topic.id].status
    event = single_event(
        "log",
        topic.id,
        now,
        happened=happened,
        text=text,
        link=link,
        prompt=question if answer else None,
        answer=answer,
    )
    opened = [
        gap_event(
            changes.new_id(), event.batch, now, q, topic=topic.id, context=text, happened=happened
        )
        for q in gaps
    ]
    short = short_ids([*derived.gaps, *(e.id for e in opened)])
    state = after(curriculum, derived, topic.id, event)
    return [event, *opened], Logged(topic, before, state, tuple(short[e.id] for e in opened))


def review_change(
    curriculum: Curriculum,
    derived: Derived,
    topic_id: str,
    now: datetime,
    confidence: int | None,
    happened: datetime | None = None,
) -> tuple[list[Event], Schedule]:
    """A review of a done topic: its event and the topic's new place on the review ladder."""
    state = derived.states[topic_id]
    if state.status != "done" or state.completed_at is None:
        raise InvalidInputError(
            f"'{topic_id}' is {state.status.replace('_', ' ')}: only done topics are reviewed.",
            hint=f"Mark it done first: tpmpath done {topic_id}",
        )
    event = single_event("review", topic_id, now, happened=happened, confidence=confidence)
    planned = topic_schedule(after(curriculum, derived, topic_id, event))
    assert planned is not None  # a done topic always has a schedule
    return [event], planned

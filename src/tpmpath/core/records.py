"""A progress file as plain dicts, validated with the same fields and checks as models.Progress
and models.Event, but without building a model per event.

`team` reads 300,000 events of 1,000 learners only to count statuses: validating them into
dicts takes half the time of building `Event` models (tests/core/test_records.py keeps the two
in step: the same keys, the same files accepted and refused).
"""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired

from pydantic import ConfigDict, Field, StringConstraints
from typing_extensions import TypedDict

from tpmpath.core.models import Action, Moment, Settings

_Short = Annotated[str, StringConstraints(min_length=1, max_length=64)]
_Rating = Annotated[int, Field(ge=1, le=5)]


class EventRecord(TypedDict):
    """models.Event as a dict: the keys a file has (None-valued ones are left out when saved)."""

    # Strict is quicker, and safe: what it refuses (`"confidence": 3.0`) is read again by the
    # store as a model (store.exports.read_mentee), which then accepts it or says why not.
    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    id: _Short
    at: Moment
    recorded_at: NotRequired[Moment | None]
    batch: _Short
    action: Action
    topic: NotRequired[str | None]
    text: NotRequired[str | None]
    link: NotRequired[str | None]
    confidence: NotRequired[_Rating | None]
    prompt: NotRequired[str | None]
    answer: NotRequired[str | None]
    undoes: NotRequired[str | None]
    batches: NotRequired[list[str] | None]
    settings: NotRequired[list[str] | None]
    device: NotRequired[_Short | None]
    gap: NotRequired[_Short | None]
    context: NotRequired[str | None]
    skill: NotRequired[str | None]
    level: NotRequired[_Rating | None]


class ProgressRecord(TypedDict):
    """models.Progress as a dict, its events `EventRecord`s."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True, cache_strings="keys")  # type: ignore[misc]

    schema_version: NotRequired[Literal[3]]
    curriculum_id: str
    curriculum_version: NotRequired[str | None]
    curriculum_topics: NotRequired[list[str]]
    created_at: NotRequired[Moment | None]
    learner_id: NotRequired[str | None]
    profile: NotRequired[str | None]
    device: NotRequired[_Short | None]
    settings: NotRequired[Settings]
    events: NotRequired[list[EventRecord]]

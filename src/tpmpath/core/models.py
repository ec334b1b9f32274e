"""The data model: the curriculum (read from YAML) and a learner's progress (stored as JSON).

Both are validated here, once, at the edge; the rest of the code trusts these types.
Progress is an append-only list of dated events: statuses, history, undo, reports and
import/merge are all derived from it (see tpmpath.core.progress).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cached_property
from typing import Annotated, Literal, Protocol, runtime_checkable

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1)]

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
"""Moments tpmpath accepts (events, `now`): far from the ends of Python's calendar (years 1 and
9999), so that dates a few weeks or a year away, and any time zone, can always be computed."""
Moment = Annotated[AwareDatetime, Field(ge=EARLIEST, lt=LATEST)]

SCHEMA_VERSION: Literal[3] = 3
"""The progress file format written by this version of tpmpath (see store.files.MIGRATIONS).

2: adds the `import` event, `recorded_at` (backdated events), the learner id and profile name
(an earlier tpmpath must refuse such a file, not call it damaged).
3: adds the device that recorded each event (sync), gaps (`gap`, `close`, reviews of a gap) and
skill ratings (`assess`)."""

Status = Literal["todo", "in_progress", "done", "skipped"]
STATUSES: tuple[Status, ...] = ("todo", "in_progress", "done", "skipped")


class _Strict(BaseModel):
    # strict: a YAML `version: 2026.1` is a float, and must not silently become "2026.1".
    model_config = ConfigDict(extra="forbid", strict=True)


class Resource(_Strict):
    """A link to documentation or a course."""

    title: Text
    url: Text
    free: bool = True
    """False for a paid or membership resource."""


class Topic(_Strict):
    """One thing to learn or practise."""

    id: Id
    title: Text
    summary: str | None = None
    estimate_hours: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] | None = None
    requires: list[Id] = []
    resources: list[Resource] = []
    target: Annotated[int, Field(ge=1, le=10_000)] | None = None
    """A practice: done after this many occurrences are logged."""
    renamed_from: list[Id] = []
    """Earlier ids of this topic; their progress carries over."""
    prompts: list[Text] = []
    """Reflection questions `log` may ask for a practice."""
    review: bool | None = None
    """Whether the topic comes back for review once done; None: see `reviewed`."""
    skills: list[Id] = []
    """The ids of the skills (Curriculum.skills) this topic builds."""

    @property
    def reviewed(self) -> bool:
        """Whether the topic comes back for review: `review`, else only if it is no practice."""
        return self.target is None if self.review is None else self.review


LEVELS = 5
"""A skill is rated 1-5 (`assess`); the curriculum says what each level means."""


class Skill(_Strict):
    """Something a learner grows and rates themself on (`assess`), built by topics."""

    id: Id
    title: Text
    description: str | None = None
    levels: Annotated[list[Text], Field(min_length=LEVELS, max_length=LEVELS)]
    """One line per level, 1 to 5."""


class Step(_Strict):
    """One of the ordered learning steps; a group of topics."""

    id: Id
    title: Text
    summary: str | None = None
    topics: Annotated[list[Topic], Field(min_length=1)]


class Curriculum(_Strict):
    """A learning path: ordered steps of ordered topics."""

    id: Id
    title: Text
    version: Text
    description: str | None = None
    steps: Annotated[list[Step], Field(min_length=1)]
    skills: list[Skill] = []

    @cached_property
    def topics(self) -> list[Topic]:
        """Every topic in curriculum order (step order, then topic order)."""
        return [topic for step in self.steps for topic in step.topics]

    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        return {topic.id: topic for topic in self.topics}

    @cached_property
    def step_of(self) -> dict[str, Step]:
        """The step each topic id belongs to."""
        return {topic.id: step for step in self.steps for topic in step.topics}

    @cached_property
    def order(self) -> dict[str, int]:
        """Each topic id's position in curriculum order."""
        return {topic.id: index for index, topic in enumerate(self.topics)}

    @cached_property
    def targets(self) -> dict[str, int | None]:
        """Each topic id's practice target (None: not a practice)."""
        return {topic.id: topic.target for topic in self.topics}

    @cached_property
    def aliases(self) -> dict[str, str]:
        """Old id -> current id, from `renamed_from`."""
        return {old: topic.id for topic in self.topics for old in topic.renamed_from}

    @cached_property
    def skill_by_id(self) -> dict[str, Skill]:
        return {skill.id: skill for skill in self.skills}

    @cached_property
    def builders(self) -> dict[str, list[Topic]]:
        """Each skill id's topics (those naming it in `skills`), in curriculum order."""
        found: dict[str, list[Topic]] = {skill.id: [] for skill in self.skills}
        for topic in self.topics:
            for skill_id in topic.skills:
                found.setdefault(skill_id, []).append(topic)
        return found

    @cached_property
    def sorted_ids(self) -> list[str]:
        """Every topic id in sorted order: a prefix lookup bisects it instead of scanning."""
        return sorted(self.topic_by_id)


Action = Literal[
    "start",
    "done",
    "skip",
    "reset",
    "log",
    "note",
    "review",
    "undo",
    "import",
    "gap",
    "close",
    "assess",
]


class Event(BaseModel):
    """One recorded change. Events of one command share a `batch`, which is what `undo` reverts."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    """Globally unique; import merges events by id."""
    at: Moment
    """When it happened: what pace, streaks, reports and review dates count."""
    recorded_at: Moment | None = None
    """When it was recorded, for an event dated earlier (`--date`); None: at `at`. Undo and
    history follow the order of recording, which is the file's order."""
    batch: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    action: Action
    topic: str | None = None
    text: str | None = None
    """A note, or what happened for a log."""
    link: str | None = None
    confidence: Annotated[int, Field(ge=1, le=5)] | None = None
    prompt: str | None = None
    """The reflection question `log` asked..."""
    answer: str | None = None
    """...and the learner's answer to it."""
    undoes: str | None = None
    """For action == "undo": the batch it reverts."""
    batches: list[str] | None = None
    """For action == "import": the batches it brought in (undoing the import removes them)."""
    settings: list[str] | None = None
    """For action == "import": the settings it filled (undoing the import unsets them)."""
    device: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    """The id of the device that recorded it (sync); None: recorded before devices were told
    apart, by the device whose progress file holds it."""
    gap: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    """The gap an event is about: for `close` and for a `review` of a closed gap, the id of the
    `gap` event that opened it."""
    context: str | None = None
    """For action == "gap": where the question came up (`gap add --note`)."""
    skill: str | None = None
    """For action == "assess": the skill rated..."""
    level: Annotated[int, Field(ge=1, le=5)] | None = None
    """...and the rating, 1-5."""


class Settings(BaseModel):
    """Per-profile settings (`tpmpath config`)."""

    model_config = ConfigDict(extra="forbid")

    hours_per_week: Annotated[float, Field(ge=0.25, le=168)] | None = None
    """From 0.25 (core.planning.MIN_HOURS_PER_WEEK): any less and a plan reaches past 9999."""
    target_date: date | None = None

    @field_validator("hours_per_week", mode="before")
    @classmethod
    def _raise_an_older_rate(cls, value: object) -> object:
        """A rate from before the 0.25 floor (anything above 0 was taken) plans at 0.25 h/week:
        refusing it would make a file that an older tpmpath wrote unreadable."""
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 0.25:
            return 0.25
        return value


class Progress(BaseModel):
    """A learner's progress on one curriculum: the content of one progress file."""

    # Cache only the keys while parsing: caching 100,000 unique event ids makes a read 15% slower.
    model_config = ConfigDict(extra="forbid", cache_strings="keys")

    schema_version: Literal[3] = SCHEMA_VERSION
    curriculum_id: str
    curriculum_version: str | None = None
    """The curriculum version last used to record progress."""
    curriculum_topics: list[str] = []
    """The topic ids of that version, to tell what a new version added."""
    created_at: Moment | None = None
    learner_id: str | None = None
    """Random, made with the learner's first save (shared by a profile's curricula): exports carry
    it, so an import can tell whose progress it brings."""
    profile: str | None = None
    """The profile it was last saved under (exports carry it; `team` names people by it)."""
    device: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    """The device that writes this file: in a synced data dir no file is written by two devices.
    None: a file from before devices were told apart (schema 2), which the next save claims."""
    settings: Settings = Settings()
    events: list[Event] = []


@runtime_checkable
class StoredEvents(Protocol):
    """Events that also keep each one's JSON as stored (the store's lazy sequence): a writer of
    JSON copies those bytes instead of serializing 100,000 events again."""

    @property
    def bodies(self) -> list[bytes]:
        """Each event's stored JSON object without its closing brace, in file order."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Event: ...

"""Benchmark data: a year of typical progress, and large curricula with long histories.

Everything is built through tpmpath's own models and core (models.Curriculum/Progress/Event,
changes.status_change/single_event/undo_event, store.serialize), so the data is valid by
construction and stays valid when the models change. Deterministic: the same seed gives the
same data (apart from event ids, and dates, which end an hour before now).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tpmpath.core.changes import new_id, single_event, status_change, undo_event
from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.progress import derive, next_topics
from tpmpath.store import files as store


def _end() -> datetime:
    """Histories end an hour ago, so `now`-relative figures (pace, streaks, reviews) are live."""
    return datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


def year_of_progress(
    curriculum: Curriculum, *, events: int = 300, seed: int = 8, end: datetime | None = None
) -> Progress:
    """About `events` events over the 12 months before `end`, as a learner would record them.

    Each session picks what a learner does next from the real core: start a suggested topic,
    log a practice, finish what is in progress with a note now and then, review, skip, and
    sometimes reset or undo. Progress is derived again after each change, so every event is one
    the CLI itself would have recorded.
    """
    rng = random.Random(seed)
    end = end or _end()
    start = end - timedelta(days=365)
    step = timedelta(days=365) / max(events, 1)
    history: list[Event] = []
    moment = start
    while len(history) < events:
        moment += step * rng.uniform(0.5, 1.5)
        moment = min(moment, end)
        history.extend(_session(curriculum, history, moment, rng))
    return _progress(curriculum, history)


def _session(
    curriculum: Curriculum, history: list[Event], now: datetime, rng: random.Random
) -> list[Event]:
    """The events of one command a learner runs at `now`."""
    derived = derive(curriculum, history)
    states = derived.states
    by_status: dict[str, list[str]] = {}
    for entry in curriculum.topics:
        by_status.setdefault(states[entry.id].status, []).append(entry.id)
    targets = {t.id: t.target for t in curriculum.topics}
    in_progress = by_status.get("in_progress", [])
    finished = by_status.get("done", [])
    roll = rng.random()
    if roll < 0.02 and history:
        return [undo_event(history, derived.undone, now)[0]]
    if roll < 0.03 and finished:
        return status_change(derived, "reset", [rng.choice(finished)], now).events
    practice = [t for t in in_progress if targets[t] is not None]
    if roll < 0.30 and practice:
        text = rng.choice([None, "Sat in on the design review.", "Asked about retries."])
        return [single_event("log", rng.choice(practice), now, text=text)]
    studied = [t for t in in_progress if targets[t] is None]
    if roll < 0.37 and studied:
        chosen = rng.choice(studied)
        note = rng.choice([None, None, "Read the chapter and did the exercises."])
        confidence = rng.choice([None, 3, 4, 5])
        return status_change(
            derived, "done", [chosen], now, text=note, confidence=confidence
        ).events
    if roll < 0.50 and finished:
        return [single_event("review", rng.choice(finished), now, confidence=rng.randint(1, 5))]
    if roll < 0.505 and by_status.get("todo"):
        return status_change(derived, "skip", [rng.choice(by_status["todo"])], now).events
    suggested = [t.id for t in next_topics(curriculum, states) if states[t.id].status == "todo"]
    if roll < 0.56 and suggested and len(in_progress) < 3:
        # One of the five `next` shows, as a learner picks: not always the first in order.
        return status_change(derived, "start", [rng.choice(suggested[:5])], now).events
    noted = rng.choice(in_progress or [t.id for t in curriculum.topics])
    return [single_event("note", noted, now, text=rng.choice(["A thought.", "Worth re-reading."]))]


def _progress(curriculum: Curriculum, events: list[Event]) -> Progress:
    """A progress file as the CLI leaves it: stamped with the curriculum it was recorded against."""
    return Progress(
        curriculum_id=curriculum.id,
        curriculum_version=curriculum.version,
        curriculum_topics=[t.id for t in curriculum.topics],
        created_at=events[0].at if events else None,
        events=events,
    )


def topic_id(index: int) -> str:
    """Short ids, so 10,000 of them fit on one command line."""
    return f"t{index:05d}"


def big_curriculum(topics: int, *, steps: int = 50, seed: int = 8) -> Curriculum:
    """`topics` topics in `steps` steps, with `requires` chains and some practice targets.

    Within a step, topics come in runs of four where each requires the one before (chains of
    length 4); every tenth topic also requires a topic of the previous step; every 25th topic is a
    practice with a target; most carry an estimate, and every 7th a resource.
    """
    rng = random.Random(seed)
    per_step = max(1, topics // steps)
    step_list = []
    index = 0
    for number in range(steps):
        count = per_step if number < steps - 1 else topics - per_step * (steps - 1)
        entries = []
        for position in range(count):
            requires = []
            if position % 4:
                requires.append(topic_id(index - 1))
            if index % 10 == 5 and number > 0:
                requires.append(topic_id((number - 1) * per_step + rng.randrange(per_step)))
            entry: dict[str, object] = {
                "id": topic_id(index),
                "title": f"Topic {index} of step {number + 1}",
                "requires": requires,
            }
            if index % 3:
                entry["estimate_hours"] = rng.choice([0.5, 1, 2, 4])
            if index % 25 == 24:
                entry["target"] = rng.choice([2, 3, 5])
            if index % 7 == 0:
                entry["resources"] = [{"title": "Docs", "url": f"https://example.com/{index}"}]
            entries.append(entry)
            index += 1
        step_list.append(
            {"id": f"step-{number + 1:02d}", "title": f"Step {number + 1}", "topics": entries}
        )
    return Curriculum.model_validate(
        {
            "id": f"bench-{topics}",
            "title": f"Benchmark path with {topics} topics",
            "version": "1",
            "steps": step_list,
        }
    )


def curriculum_yaml(curriculum: Curriculum) -> str:
    """The curriculum as a YAML file a user could have written (defaults left out)."""
    import yaml

    document = curriculum.model_dump(mode="json", exclude_defaults=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


# Per status: which action comes next, with weights. A long history revisits topics: practices
# are logged, done topics reviewed and noted, a few reset and started again.
_NEXT_ACTIONS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "todo": (("start", "skip", "done"), (85, 5, 10)),
    "in_progress": (("log", "note", "done"), (40, 20, 40)),
    "done": (("review", "note", "reset"), (60, 35, 5)),
    "skipped": (("start", "note"), (50, 50)),
}
_STATUS_AFTER = {"start": "in_progress", "done": "done", "skip": "skipped", "reset": "todo"}


def long_history(
    curriculum: Curriculum, *, events: int, seed: int = 8, end: datetime | None = None
) -> Progress:
    """`events` events spread over the topics (about events/topics each), linear to build.

    A learner working through the path over three years: commands of one to three topics,
    practices logged, reviews, notes, resets, and an undo now and then. Statuses are tracked
    here in a dict so building 100,000 events stays linear; the result is checked by the CLI
    itself when the benchmark warms up.
    """
    rng = random.Random(seed)
    ids = [t.id for t in curriculum.topics]
    status = dict.fromkeys(ids, "todo")
    span = timedelta(days=3 * 365)
    moment = (end or _end()) - span
    tick = span / max(events, 1)
    history: list[Event] = []
    cursor = 0
    while len(history) < events:
        moment += tick
        if history and rng.random() < 0.005:
            batch = history[-1].batch
            history.append(
                Event(id=new_id(), at=moment, batch=new_id(), action="undo", undoes=batch)
            )
            continue
        # Mostly the topics around a moving frontier, sometimes any topic.
        cursor = (cursor + rng.choice([0, 0, 1, 1, 2])) % len(ids)
        first = cursor if rng.random() < 0.8 else rng.randrange(len(ids))
        chosen = ids[first : first + rng.choice([1, 1, 1, 2, 3])]
        actions, weights = _NEXT_ACTIONS[status[chosen[0]]]
        action = rng.choices(actions, weights)[0]
        batch = new_id()
        for topic in chosen:
            history.append(_event(action, topic, moment, batch, rng))
            if action in _STATUS_AFTER:
                status[topic] = _STATUS_AFTER[action]
    return _progress(curriculum, history[:events])


def _event(action: str, topic: str, moment: datetime, batch: str, rng: random.Random) -> Event:
    fields: dict[str, object] = {}
    if action == "note" or (action == "done" and rng.random() < 0.2):
        fields["text"] = "Worked through the examples."
    if action in ("review", "done") and rng.random() < 0.7:
        fields["confidence"] = rng.randint(1, 5)
    return Event.model_validate(
        {"id": new_id(), "at": moment, "batch": batch, "action": action, "topic": topic} | fields
    )


@dataclass
class Written:
    """Where a generated data set was written."""

    progress_file: Path
    events: int
    bytes: int


def write_progress(progress: Progress, path: Path) -> Written:
    """Store the progress where the CLI will read it (`tpmpath where`), as the CLI writes it."""
    data = store.serialize(progress)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(data)
    return Written(path, len(progress.events), len(data))

"""core.team: the roll-up holds one person's progress at a time (team of 10,000 learners), and
its quick tally of records finds what `derive` finds."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from benchmarks import datagen

from tests.conftest import TINY
from tpmpath.core.changes import merge_events, single_event
from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.progress import derive, summarize
from tpmpath.core.records import EventRecord
from tpmpath.core.team import Learner, merge_logs, rollup, tally
from tpmpath.curriculum.loader import default_curriculum_path, load_curriculum

CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
NOW = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)


def test_rollup_lets_each_persons_progress_go_before_reading_the_next() -> None:
    held: list[int] = []

    def people() -> Iterator[Learner]:
        for n in range(3):
            progress = Progress(
                curriculum_id="tiny", events=[single_event("done", "a", NOW)], profile=f"p{n}"
            )
            learner = Learner.of(f"file{n}", f"file{n}.json", progress)
            yield learner
            # Only this frame and getrefcount's argument still hold it: the roll-up let it go.
            held.append(sys.getrefcount(learner))

    team = rollup(CURRICULUM, people(), NOW)
    assert held == [2, 2, 2]
    assert [m.name for m in team.members] == ["p0", "p1", "p2"]
    assert [m.overall.done for m in team.members] == [1, 1, 1]


def _records(events: list[Event]) -> list[EventRecord]:
    return list(Learner.of("x", "x", Progress(curriculum_id="x", events=events)).events)


@pytest.mark.parametrize("seed", range(6))
def test_tally_finds_the_statuses_and_counts_derive_finds(seed: int) -> None:
    curriculum = load_curriculum(default_curriculum_path())
    history = datagen.year_of_progress(curriculum, events=300, seed=seed).events
    tallied = tally(curriculum, _records(list(history)))
    derived = derive(curriculum, history).states
    assert {t: (s.status, s.count) for t, s in derived.items()} == {
        t: tallied.marks.get(t, ("todo", 0)) for t in derived
    }
    assert tallied.last == max(e.at for e in history)


def test_tally_of_a_long_history_with_undos_resets_and_practices() -> None:
    curriculum = datagen.big_curriculum(200)
    history = datagen.long_history(curriculum, events=4_000, seed=3).events
    assert {"undo", "reset", "log", "skip"} <= {e.action for e in history}
    marks = tally(curriculum, _records(list(history))).marks
    derived = derive(curriculum, history).states
    assert {t: (s.status, s.count) for t, s in derived.items()} == {
        t: marks.get(t, ("todo", 0)) for t in derived
    }


def test_tally_follows_renamed_topics_and_leaves_out_removed_ones() -> None:
    renamed = yaml.safe_load(TINY)
    renamed["steps"][0]["topics"][0] |= {"id": "a2", "renamed_from": ["a"]}
    curriculum = Curriculum.model_validate(renamed)
    events = [
        single_event("done", "a", NOW),
        single_event("start", "gone", NOW),
        single_event("log", "talk", NOW),
    ]
    assert tally(curriculum, _records(events)).marks == {
        "a2": ("done", 0),
        "talk": ("in_progress", 1),
    }


def test_merge_logs_is_the_union_by_id_in_recording_order() -> None:
    first = [single_event("start", "a", NOW), single_event("done", "a", NOW + timedelta(hours=2))]
    second = [first[0], single_event("start", "b", NOW + timedelta(hours=1))]
    merged = merge_logs([_records(first), _records(second), _records(second)])
    assert [e["id"] for e in merged] == [first[0].id, second[1].id, first[1].id]
    models = merge_events(first, second)
    assert [e["id"] for e in merged] == [e.id for e in models]


@pytest.mark.parametrize("seed", range(4))
def test_a_members_summaries_are_what_summarize_finds(seed: int) -> None:
    """To the last bit: the roll-up adds the touched topics in curriculum order."""
    document = datagen.big_curriculum(300).model_dump(exclude_defaults=True)
    for number, topic in enumerate(t for step in document["steps"] for t in step["topics"]):
        topic["estimate_hours"] = round(0.1 * (number % 7 + 1), 1)  # sums that are not exact
    curriculum = Curriculum.model_validate(document)
    history = datagen.long_history(curriculum, events=3_000, seed=seed).events
    expected = summarize(curriculum, derive(curriculum, history).states)
    (member,) = rollup(
        curriculum,
        [Learner.of("x", "x.json", Progress(curriculum_id=curriculum.id, events=list(history)))],
        NOW,
    ).members
    assert member.summaries == expected

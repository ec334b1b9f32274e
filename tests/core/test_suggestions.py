"""core.suggestions: what `next` suggests, and why."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml

from tests.conftest import TINY
from tpmpath.core.changes import single_event
from tpmpath.core.models import Curriculum
from tpmpath.core.progress import TopicState, derive
from tpmpath.core.suggestions import reasons, suggest

CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def states(*done: str, logs: int = 0) -> dict[str, TopicState]:
    events = [single_event("done", topic, T0) for topic in done]
    events += [single_event("log", "talk", T0) for _ in range(logs)]
    return derive(CURRICULUM, events).states


def test_suggest_in_progress_first_then_available_capped_at_count() -> None:
    found = suggest(CURRICULUM, states("a", logs=1), count=2, show_all=False)
    assert [t.id for t in found.suggested] == ["talk", "b"]
    assert found.blocked == []
    assert set(found.reasons) == {"talk", "b"}


def test_suggest_all_lists_every_available_topic_and_the_blocked_ones() -> None:
    found = suggest(CURRICULUM, states(), count=1, show_all=True)
    assert [t.id for t in found.suggested] == ["a", "c", "talk"]
    assert [t.id for t in found.blocked] == ["b", "d"]


def test_reasons_say_status_prerequisites_what_it_unblocks_and_the_step() -> None:
    current = states("a", logs=1)
    topics = [CURRICULUM.topic_by_id[i] for i in ("talk", "b", "c")]
    assert reasons(CURRICULUM, current, topics) == {
        "talk": ["in progress (1/3 logged)", "step 2 of 2: Practice"],
        "b": ["prerequisites met: a", "unblocks: d", "step 1 of 2: Basics"],
        "c": ["no prerequisites", "unblocks: d", "step 1 of 2: Basics"],
    }


def test_reasons_are_worked_out_only_when_asked() -> None:
    found = suggest(CURRICULUM, states(), count=5, show_all=False, explain=False)
    assert [t.id for t in found.suggested] == ["a", "c", "talk"]
    assert found.reasons == {}

"""core.practice without the CLI: the reflection question, what a log and a review record."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import yaml

from tests.conftest import TINY
from tpmpath.core.models import Curriculum, Event, Topic
from tpmpath.core.practice import log_change, reflection_prompt, review_change
from tpmpath.core.progress import Derived, derive
from tpmpath.errors import InvalidInputError

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
TALK = CURRICULUM.topic_by_id["talk"]  # target 3


def derived(*actions: tuple[str, str]) -> Derived:
    """The tiny curriculum after these (action, topic) events, a minute apart from T0."""
    return derive(
        CURRICULUM,
        [
            Event.model_validate(
                {
                    "id": f"e{n}",
                    "at": T0 + timedelta(minutes=n),
                    "batch": f"b{n}",
                    "action": action,
                    "topic": topic,
                }
            )
            for n, (action, topic) in enumerate(actions)
        ],
    )


@pytest.mark.parametrize(
    ("prompts", "count", "expected"),
    [([], 0, None), (["q1"], 5, "q1"), (["q1", "q2"], 0, "q1"), (["q1", "q2"], 3, "q2")],
)
def test_reflection_prompt(prompts: list[str], count: int, expected: str | None) -> None:
    topic = Topic(id="t", title="T", target=3 if prompts else None, prompts=prompts)
    assert reflection_prompt(topic, count) == expected


def test_a_log_event_and_what_it_did() -> None:
    now = T0 + timedelta(hours=1)
    events, logged = log_change(
        CURRICULUM,
        derived(("log", "talk"), ("log", "talk")),
        TALK,
        now,
        text="a chat",
        link="https://x.example",
        question="What did you learn?",
        answer="Queues",
    )
    assert [(e.action, e.topic, e.at, e.text, e.link, e.prompt, e.answer) for e in events] == [
        ("log", "talk", now, "a chat", "https://x.example", "What did you learn?", "Queues")
    ]
    assert (logged.topic, logged.before) == (TALK, "in_progress")
    assert (logged.after.status, logged.after.count) == ("done", 3)


@pytest.mark.parametrize(("answer", "prompt"), [(None, None), ("Queues", "Why?")])
def test_the_question_is_kept_only_with_an_answer(answer: str | None, prompt: str | None) -> None:
    events, logged = log_change(CURRICULUM, derived(), TALK, T0, question="Why?", answer=answer)
    assert (events[0].prompt, events[0].answer) == (prompt, answer)
    assert (logged.before, logged.after.status, logged.after.count) == ("todo", "in_progress", 1)


def test_a_log_leaves_the_derived_state_alone() -> None:
    before = derived()
    log_change(CURRICULUM, before, TALK, T0)
    assert before.states["talk"].count == 0


def test_a_review_climbs_the_ladder() -> None:
    now = T0 + timedelta(days=1)
    events, planned = review_change(CURRICULUM, derived(("done", "a")), "a", now, 5)
    assert [(e.action, e.topic, e.confidence, e.at) for e in events] == [("review", "a", 5, now)]
    # done (no confidence: 3) due on day 1; a review at 5 skips two rungs from rung 1: 21 days
    assert (planned.last, planned.due, planned.reviews) == (
        date(2026, 3, 3),
        date(2026, 3, 24),
        1,
    )


@pytest.mark.parametrize(
    ("actions", "word"),
    [((), "todo"), ((("start", "a"),), "in progress"), ((("skip", "a"),), "skipped")],
)
def test_only_done_topics_are_reviewed(actions: tuple[tuple[str, str], ...], word: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        review_change(CURRICULUM, derived(*actions), "a", T0, 3)
    assert raised.value.message == f"'a' is {word}: only done topics are reviewed."
    assert raised.value.hint == "Mark it done first: tpmpath done a"

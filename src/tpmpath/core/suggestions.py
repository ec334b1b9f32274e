"""Pure: what `next` suggests (topics in progress, then available ones) and why."""

from __future__ import annotations

from typing import NamedTuple

from tpmpath.core.models import Curriculum, Topic
from tpmpath.core.progress import TopicState, blocked_topics, next_topics, unblocks


class Suggestions(NamedTuple):
    """The suggested topics in order, the blocked ones (with --all), and why each is there."""

    suggested: list[Topic]
    blocked: list[Topic] = []
    reasons: dict[str, list[str]] = {}


def suggest(
    curriculum: Curriculum,
    states: dict[str, TopicState],
    *,
    count: int,
    show_all: bool,
    explain: bool = True,
) -> Suggestions:
    """The next steps: `count` of them, or every available one and the blocked ones; with
    `explain`, why each is there (it takes the whole dependency graph: only when asked)."""
    suggested = next_topics(curriculum, states)
    if not show_all:
        suggested = suggested[:count]
    blocked = blocked_topics(curriculum, states) if show_all else []
    why = reasons(curriculum, states, suggested) if explain else {}
    return Suggestions(suggested, blocked, why)


def reasons(
    curriculum: Curriculum, states: dict[str, TopicState], topics: list[Topic]
) -> dict[str, list[str]]:
    """Why each suggested topic is there: its status or prerequisites, what it unblocks, its
    step (for `next --explain` and `next --json`)."""
    unblocked_by = unblocks(curriculum)
    step_number = {step.id: n for n, step in enumerate(curriculum.steps, 1)}
    result: dict[str, list[str]] = {}
    for entry in topics:
        state = states[entry.id]
        why = []
        if state.status == "in_progress":
            why.append(
                "in progress" + (f" ({state.count}/{entry.target} logged)" if entry.target else "")
            )
        elif entry.requires:
            why.append("prerequisites met: " + ", ".join(entry.requires))
        else:
            why.append("no prerequisites")
        waiting = [t for t in unblocked_by.get(entry.id, []) if states[t].status == "todo"]
        if waiting:
            why.append("unblocks: " + ", ".join(waiting))
        step = curriculum.step_of[entry.id]
        why.append(f"step {step_number[step.id]} of {len(curriculum.steps)}: {step.title}")
        result[entry.id] = why
    return result

"""Pure: a mentor's roll-up of several people's progress, one member per person."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.progress import Summary, derive, summarize


@dataclass(frozen=True)
class Member:
    """One person's progress, summarized."""

    name: str
    source: str
    """Where the progress came from (a file), shown with `--format json`."""
    summaries: list[Summary]
    """One per step, then the overall one (last)."""
    last_activity: date | None

    @property
    def overall(self) -> Summary:
        return self.summaries[-1]


@dataclass(frozen=True)
class Team:
    """The roll-up: the curriculum, when, and a member per file."""

    curriculum: Curriculum
    now: datetime
    members: list[Member]


def rollup(curriculum: Curriculum, people: list[tuple[str, str, Progress]], now: datetime) -> Team:
    """Summarize each person's progress against the curriculum.

    `people`: (name, source, progress) each; two people of one name are told apart by source.
    """
    repeated = {name for name, count in Counter(n for n, _, _ in people).items() if count > 1}
    members = []
    for name, source, progress in people:
        derived = derive(curriculum, progress.events)
        last = max((e.at for e in progress.events), default=None)
        members.append(
            Member(
                name=source if name in repeated else name,
                source=source,
                summaries=summarize(curriculum, derived.states),
                last_activity=last.astimezone(now.tzinfo).date() if last else None,
            )
        )
    return Team(curriculum, now, members)

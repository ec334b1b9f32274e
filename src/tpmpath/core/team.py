"""Pure: a mentor's roll-up of several people's progress, one member per person."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.progress import Summary, derive, summarize


@dataclass(repr=False, eq=False)
class Member:
    """One person's progress, summarized."""

    name: str
    """The profile the progress names (else the name its file gives), told apart from another
    person's of the same name by a short learner id, else by `source`."""
    source: str
    """Where the progress came from (a file), shown with `--format json`."""
    profile: str | None
    learner_id: str | None
    summaries: list[Summary]
    """One per step, then the overall one (last)."""
    last_activity: date | None

    @property
    def overall(self) -> Summary:
        return self.summaries[-1]


@dataclass(repr=False, eq=False)
class Team:
    """The roll-up: the curriculum, when, and a member per file."""

    curriculum: Curriculum
    now: datetime
    members: list[Member]


def rollup(
    curriculum: Curriculum, people: Iterable[tuple[str, str, Progress]], now: datetime
) -> Team:
    """Summarize each person's progress against the curriculum, one at a time: `people` may be
    a generator that reads each file when asked, so only one person's events are held at once.

    `people`: (name, source, progress) each, `name` what the file says when the progress names
    no profile; see `Member.name`.
    """
    members = []
    for name, source, progress in people:
        members.append(_member(curriculum, name, source, progress, now))
        del progress  # before the next one is read: one person's events at a time
    return Team(curriculum, now, _told_apart(members))


def _member(
    curriculum: Curriculum, name: str, source: str, progress: Progress, now: datetime
) -> Member:
    derived = derive(curriculum, progress.events)
    last = max((e.at for e in progress.events), default=None)
    return Member(
        name=progress.profile or name,
        source=source,
        profile=progress.profile,
        learner_id=progress.learner_id,
        summaries=summarize(curriculum, derived.states),
        last_activity=last.astimezone(now.tzinfo).date() if last else None,
    )


SHORT_ID = 8
"""Characters of a learner id that tell two people of one name apart (more if they must)."""


def _told_apart(members: list[Member]) -> list[Member]:
    """A repeated name gets the learner id, or the source when that is missing or shared (one
    learner's two files)."""
    groups: dict[str, list[int]] = {}
    for i, member in enumerate(members):
        groups.setdefault(member.name, []).append(i)
    named = list(members)
    for name, group in groups.items():
        if len(group) == 1:
            continue
        ids = Counter(members[i].learner_id for i in group)
        short = short_ids({lid for lid, count in ids.items() if lid and count == 1})
        for i in group:
            learner = members[i].learner_id
            label = f"{name} ({short[learner]})" if learner in short else members[i].source
            named[i] = replace(members[i], name=label)
    return named


def short_ids(ids: set[str]) -> dict[str, str]:
    """Each id cut to the fewest characters, at least `SHORT_ID`, that keep them apart."""
    longest = max(map(len, ids), default=0)
    for length in range(SHORT_ID, longest):
        cut = {i: i[:length] for i in ids}
        if len(set(cut.values())) == len(ids):
            return cut
    return {i: i for i in ids}

"""core.team.rollup holds one person's progress at a time (team of 10,000 learners)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import yaml

from tests.conftest import TINY
from tpmpath.core.changes import single_event
from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.team import rollup

CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
NOW = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)


def test_rollup_lets_each_persons_progress_go_before_reading_the_next() -> None:
    held: list[int] = []

    def people() -> Iterator[tuple[str, str, Progress]]:
        for n in range(3):
            progress = Progress(
                curriculum_id="tiny", events=[single_event("done", "a", NOW)], profile=f"p{n}"
            )
            yield f"file{n}", f"file{n}.json", progress
            # Only this frame and getrefcount's argument still hold it: the roll-up let it go.
            held.append(sys.getrefcount(progress))

    team = rollup(CURRICULUM, people(), NOW)
    assert held == [2, 2, 2]
    assert [m.name for m in team.members] == ["p0", "p1", "p2"]
    assert [m.overall.done for m in team.members] == [1, 1, 1]

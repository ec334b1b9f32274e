"""views.py: the pieces every JSON shape is built from."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.test_report import CURRICULUM
from tpmpath.output.views import curriculum_view, iso_day, topic_ref


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 3, 2), "2026-03-02"), (date(1, 1, 1), "0001-01-01"), (None, None)],
)
def test_iso_day(day: date | None, expected: str | None) -> None:
    assert iso_day(day) == expected


def test_curriculum_view_and_topic_ref() -> None:
    assert curriculum_view(CURRICULUM) == {"id": "tiny", "title": "Tiny path", "version": "1"}
    talk = CURRICULUM.topic_by_id["talk"]
    assert topic_ref(CURRICULUM, talk) == {
        "id": "talk",
        "title": "Talk to people",
        "step": "practice",
    }

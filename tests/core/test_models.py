"""The models' id rule: a whole string of letters, digits, '.', '_' and '-', nothing after it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tpmpath.core.models import Curriculum


def curriculum(curriculum_id: str, step_id: str, topic_id: str) -> dict[str, object]:
    step = {"id": step_id, "title": "S", "topics": [{"id": topic_id, "title": "T"}]}
    return {"id": curriculum_id, "title": "C", "version": "1", "steps": [step]}


@pytest.mark.parametrize("bad", ["a\n", "a\r\n", "a ", "\na", "a\nb"])
@pytest.mark.parametrize("where", [0, 1, 2])
def test_an_id_with_a_line_break_or_a_blank_is_refused(bad: str, where: int) -> None:
    ids = ["c", "s", "t"]
    ids[where] = bad
    with pytest.raises(ValidationError, match="should match pattern"):
        Curriculum.model_validate(curriculum(*ids))


def test_a_plain_id_is_fine() -> None:
    assert Curriculum.model_validate(curriculum("c.1", "s_1", "t-1")).topics[0].id == "t-1"

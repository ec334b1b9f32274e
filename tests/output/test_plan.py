"""output.plan: the plan result as text and JSON, with the note on a passed target date."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import yaml

from tests.conftest import TINY
from tpmpath.core.deadline import plan_for
from tpmpath.core.models import Curriculum, Settings
from tpmpath.core.progress import derive
from tpmpath.output.emit import emit
from tpmpath.output.plan import PlanResult, passed_target_line

CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)  # a Wednesday
STATES = derive(CURRICULUM, []).states


def written(result: PlanResult, *, as_json: bool = False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    emit(result, as_json=as_json, out=out, err=err)
    return out.getvalue(), err.getvalue()


PRACTICES = "Practices (talk): a session a week from week 1, with the reading."


def test_plan_text_with_a_deadline() -> None:
    settings = Settings(target_date=date(2026, 1, 27))
    found = plan_for(CURRICULUM, STATES, settings, NOW, hours_per_week=2.0)
    out, err = written(PlanResult(CURRICULUM, found))
    assert err == "Using --hours-per-week 2.\n"
    assert out.splitlines()[:4] == [
        "To finish 8 h by Tue 2026-01-27 (2 weeks from Wed 2026-01-14), you need 4 h/week.",
        "At 2 h/week you finish Tue 2026-02-10: 14 days late.",
        PRACTICES,
        "",
    ]
    assert out.endswith("Not scheduled, no estimate (2): c, d.\n")


def test_plan_text_says_how_many_unestimated_topics_it_does_not_name() -> None:
    topics = [{"id": f"t{n:02}", "title": f"T{n}"} for n in range(23)]
    curriculum = Curriculum.model_validate(
        {
            "id": "many",
            "title": "Many",
            "version": "1",
            "steps": [{"id": "s", "title": "S", "topics": topics}],
        }
    )
    found = plan_for(curriculum, derive(curriculum, []).states, Settings(), NOW, hours_per_week=2.0)
    out, _ = written(PlanResult(curriculum, found))
    named = ", ".join(f"t{n:02}" for n in range(20))
    unwrapped = " ".join(line.strip() for line in out.splitlines()[1:])  # it fits 80 columns
    assert unwrapped == (
        f"Not scheduled, no estimate (23): {named} and 3 more (`tpmpath plan --json` lists them)."
    )


def test_plan_json() -> None:
    settings = Settings(target_date=date(2026, 1, 27))
    found = plan_for(CURRICULUM, STATES, settings, NOW, hours_per_week=2.0)
    out, err = written(PlanResult(CURRICULUM, found), as_json=True)
    data = json.loads(out)
    assert err == ""
    assert (data["start"], data["basis"], data["hours_per_week"], data["finish"]) == (
        "2026-01-14",
        "option",
        2.0,
        "2026-02-10",
    )
    assert data["by"] == {
        "date": "2026-01-27",
        "source": "setting",
        "hours_per_week": 4.0,
        "in_time": False,
    }
    assert [t["id"] for t in data["topics"]] == ["a", "talk", "b"]


def test_a_passed_target_date_is_noted_in_text_only() -> None:
    settings = Settings(target_date=date(2026, 1, 20))
    found = plan_for(CURRICULUM, STATES, settings, NOW, hours_per_week=7.0, start=date(2026, 2, 2))
    result = PlanResult(CURRICULUM, found)
    note = (
        "Your target date 2026-01-20 is before the start of this plan: set a new one with "
        "`tpmpath config set target-date YYYY-MM-DD`."
    )
    assert passed_target_line(date(2026, 1, 20)) == note
    assert result.text_for(200).splitlines()[:3] == [note, PRACTICES, ""]
    assert result.notes(as_json=False) == ["Using --hours-per-week 7."]
    assert result.notes(as_json=True) == []
    assert json.loads(written(result, as_json=True)[0])["by"] is None

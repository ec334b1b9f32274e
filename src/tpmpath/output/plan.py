"""The result of `plan`: the schedule as text or JSON (the wording is in output.plan_text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tpmpath.core.deadline import Plan
from tpmpath.core.models import Curriculum
from tpmpath.output.plan_text import option_note, plan_lines, plan_view
from tpmpath.output.render import DEFAULT_WIDTH


def passed_target_line(target: date) -> str:
    """Why the target-date setting is left out of a plan that starts after it."""
    return (
        f"Your target date {target} is before the start of this plan: set a new one with "
        "`tpmpath config set target-date YYYY-MM-DD`."
    )


@dataclass(repr=False, eq=False)
class PlanResult:
    """`plan`: the pace used, the weeks, the finish dates, and the date to finish by."""

    curriculum: Curriculum
    plan: Plan

    def data(self) -> object:
        found = self.plan
        return plan_view(self.curriculum, found.schedule, found.basis, found.pace, found.deadline)

    def text(self) -> str:
        return self.text_for(DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        found = self.plan
        note = None if found.passed_target is None else passed_target_line(found.passed_target)
        lines = plan_lines(
            self.curriculum, found.schedule, found.basis, found.pace, found.deadline, note, width
        )
        return "\n".join(lines)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        found = self.plan
        if as_json or found.basis != "option" or found.schedule.hours <= 0:
            return []
        return [option_note(found.schedule.hours_per_week)]

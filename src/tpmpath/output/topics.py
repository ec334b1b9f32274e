"""Results of the everyday read commands: `status` and `list` (JSON, plain text, Rich)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tpmpath.core.models import Curriculum, Topic
from tpmpath.core.progress import summarize
from tpmpath.core.state import State
from tpmpath.output import render
from tpmpath.output.views import curriculum_changes, status_view, topic_brief


@dataclass(frozen=True)
class StatusResult:
    """`status`: a row per step, the overall row, then hours, pace, streak and what changed."""

    curriculum: Curriculum
    state: State
    profile: str
    now: datetime

    def data(self) -> object:
        return status_view(self.curriculum, self.state.head, self.state.derived, now=self.now)

    def _title(self) -> str:
        return f"{self.curriculum.title} (v{self.curriculum.version}), profile '{self.profile}'"

    def footer(self) -> list[str]:
        """The lines under the table."""
        from tpmpath.output.plan_text import status_lines

        curriculum, progress, derived = self.curriculum, self.state.head, self.state.derived
        summaries = summarize(curriculum, derived.states)
        lines = [render.hours_line(summaries[-1])]
        lines += status_lines(curriculum, progress, derived, self.now)
        changes = curriculum_changes(curriculum, progress, derived)
        if changes:
            added = ", ".join(changes["added"][:10]) or "no new topics"
            more = len(changes["added"]) - 10
            if more > 0:
                added += f" and {more} more"
            lines.append(
                f"The curriculum changed since you last recorded progress "
                f"(v{changes['previous_version']} -> v{changes['version']}): added {added}."
            )
        if derived.orphans:
            gone = ", ".join(sorted(derived.orphans)[:10])
            lines.append(
                f"Kept progress on {len(derived.orphans)} topic(s) no longer in the curriculum: "
                f"{gone}."
            )
        if not derived.events:
            lines.append("No progress yet: `tpmpath next` shows where to start.")
        return lines

    def text(self) -> str:
        summaries = summarize(self.curriculum, self.state.derived.states)
        table = render.status_plain(self._title(), summaries)
        return table + "\n\n" + "\n".join(self.footer())

    def draw(self, console: Any) -> None:
        summaries = summarize(self.curriculum, self.state.derived.states)
        render.status_rich(self._title(), summaries, self.footer(), console=console)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return []


@dataclass(frozen=True)
class TopicList:
    """`list`: topics with their id, step, status and title."""

    curriculum: Curriculum
    state: State
    topics: list[Topic]

    HEADERS = ("ID", "STEP", "STATUS", "TITLE")

    def data(self) -> object:
        states = self.state.derived.states
        return [topic_brief(self.curriculum, t, states[t.id]) for t in self.topics]

    def _rows(self) -> list[list[str]]:
        rows = []
        for topic in self.topics:
            state = self.state.derived.states[topic.id]
            word = render.STATUS_WORD[state.status]
            if topic.target is not None:
                word += f" {min(state.count, topic.target)}/{topic.target}"
            rows.append([topic.id, self.curriculum.step_of[topic.id].id, word, topic.title])
        return rows

    def text(self) -> str:
        return render.table_plain(self.HEADERS, self._rows()) if self.topics else ""

    def draw(self, console: Any) -> None:
        states = self.state.derived.states
        styles = [render.STATUS_STYLE[states[t.id].status] for t in self.topics]
        render.table_rich(self.HEADERS, self._rows(), styles, console=console)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [] if as_json or self.topics else ["No topics match."]

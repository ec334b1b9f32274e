"""Results of the everyday read commands: status, list, show and next (JSON, plain text, Rich).
What changed and the history are in output.history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from tpmpath.core.models import Curriculum, Topic
from tpmpath.core.progress import blockers, summarize
from tpmpath.core.state import State
from tpmpath.core.suggestions import Suggestions
from tpmpath.output import render
from tpmpath.output.views import (
    curriculum_changes,
    status_view,
    topic_brief,
    topic_with_blockers,
)


class StatusResult(NamedTuple):
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
        from tpmpath.output.status_text import status_lines

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
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        summaries = summarize(self.curriculum, self.state.derived.states)
        table = render.status_plain(self._title(), summaries, width)
        return table + "\n\n" + "\n".join(render.wrap(self.footer(), width, "  "))

    def draw(self, console: Any) -> None:
        summaries = summarize(self.curriculum, self.state.derived.states)
        render.status_rich(self._title(), summaries, self.footer(), console=console)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return []


LIST_HEADERS = ("ID", "STEP", "STATUS", "TITLE")
"""STEP is the step's number (`list --step N`): step ids would leave titles no room."""


class TopicList(NamedTuple):
    """`list`: topics with their id, step, status and title."""

    curriculum: Curriculum
    state: State
    topics: list[Topic]

    def data(self) -> object:
        states = self.state.derived.states
        return [topic_brief(self.curriculum, t, states[t.id]) for t in self.topics]

    def _rows(self) -> list[list[str]]:
        numbers = {step.id: str(n) for n, step in enumerate(self.curriculum.steps, 1)}
        rows = []
        for topic in self.topics:
            state = self.state.derived.states[topic.id]
            word = render.STATUS_WORD[state.status]
            if topic.target is not None:
                word += f" {min(state.count, topic.target)}/{topic.target}"
            step = numbers[self.curriculum.step_of[topic.id].id]
            rows.append([topic.id, step, word, topic.title])
        return rows

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        if not self.topics:
            return ""
        return render.table_plain(LIST_HEADERS, self._rows(), width, right=(1,), shrink=3)

    def draw(self, console: Any) -> None:
        states = self.state.derived.states
        styles = [render.STATUS_STYLE[states[t.id].status] for t in self.topics]
        rows = self._rows()
        render.table_rich(LIST_HEADERS, rows, styles, console=console, right=(1,), shrink=3)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [] if as_json or self.topics else ["No topics match."]


class TopicDetail(NamedTuple):
    """`show`: one topic, its place in the curriculum, its progress and notes."""

    curriculum: Curriculum
    state: State
    topic: Topic
    today: date

    def data(self) -> object:
        derived = self.state.derived
        return topic_with_blockers(self.curriculum, derived, self.topic, self.state.events)

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        return "\n".join(render.wrap(self._lines(), width, "  "))

    def _lines(self) -> list[str]:
        entry, derived = self.topic, self.state.derived
        state = derived.states[entry.id]
        step = self.curriculum.step_of[entry.id]
        lines = [f"{entry.title} ({entry.id})", f"Step: {step.title}"]
        status_word = render.STATUS_WORD[state.status]
        if entry.target is not None:
            status_word += f" ({min(state.count, entry.target)}/{entry.target} logged)"
        lines.append(f"Status: {status_word}")
        for label, moment in (
            ("Started", state.started_at),
            ("Completed", state.completed_at),
            ("Skipped", state.skipped_at),
        ):
            if moment:
                lines.append(f"{label}: {moment:%Y-%m-%d %H:%M}")
        if entry.estimate_hours is not None:
            lines.append(f"Estimate: {render.work_text(entry.estimate_hours)}")
        if state.confidence is not None:
            lines.append(f"Confidence: {state.confidence}/5")
        if entry.reviewed:
            lines += render.review_lines(state, self.today)
        if entry.summary:
            lines += ["", " ".join(entry.summary.split())]
        if entry.requires:
            lines += ["", "Requires:"]
            for required in entry.requires:
                req_state = derived.states.get(required)
                mark = render.STATUS_MARK[req_state.status] if req_state else "?"
                lines.append(f"  [{mark}] {required}")
        if entry.resources:
            lines += ["", "Resources:"]
            lines += [
                f"  - {r.title}{'' if r.free else ' (paid)'}: {r.url}" for r in entry.resources
            ]
        journal = render.journal(state, self.state.events)
        if journal:
            lines += ["", "Notes:"]
            lines += render.journal_lines(journal)
        return lines

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return []


class NextSteps(NamedTuple):
    """`next`: what to do next, why (with --explain), and a reminder of due reviews."""

    curriculum: Curriculum
    state: State
    found: Suggestions
    explain: bool
    reviews_due: int
    gap_notes: Sequence[str] = ()
    """What the gap inbox holds (output.gaps.next_notes): said on stderr, never in the JSON."""

    def data(self) -> object:
        curriculum, states = self.curriculum, self.state.derived.states
        views = []
        for topic in self.found.suggested:
            view = topic_brief(curriculum, topic, states[topic.id])
            view["reasons"] = self.found.reasons[topic.id]
            views.append(view)
        for topic in self.found.blocked:
            view = topic_brief(curriculum, topic, states[topic.id])
            view["blocked_by"] = blockers(curriculum, states, topic)
            views.append(view)
        return views

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        curriculum, states = self.curriculum, self.state.derived.states
        lines: list[str] = []
        for topic in self.found.suggested:
            state = states[topic.id]
            extra = f"{min(state.count, topic.target)}/{topic.target}" if topic.target else ""
            if state.status == "in_progress" and not extra:
                extra = "in progress"
            mark = render.STATUS_MARK[state.status]
            lines += render.topic_line(mark, topic.id, topic.title, extra, width)
            if self.explain:
                reasons = [f"      - {why}" for why in self.found.reasons[topic.id]]
                lines += render.wrap(reasons, width, "  ")
        if self.found.blocked:
            lines += ["", "Blocked:"]
            for topic in self.found.blocked:
                waiting = ", ".join(blockers(curriculum, states, topic))
                lines += render.topic_line(" ", topic.id, topic.title, f"needs {waiting}", width)
        return "\n".join(lines)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json:
            return []  # `next --json` stays an array of topics
        from tpmpath.core.review import due_reminder

        said = []
        if not self.found.suggested and not self.found.blocked:
            said.append("Nothing left to do: every topic is done or skipped. Well done!")
        reminder = due_reminder(self.reviews_due)
        said += [reminder] if reminder else []
        return [*said, *self.gap_notes]

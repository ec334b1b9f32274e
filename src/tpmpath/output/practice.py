"""Results of the practice commands: what `log` and `note` recorded, `review`'s due list and a
recorded review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from tpmpath.core.models import Curriculum
from tpmpath.core.practice import Logged
from tpmpath.core.progress import TopicState
from tpmpath.core.review import DueReview, Schedule, due_reviews, reviews_by_date
from tpmpath.output import render
from tpmpath.output.emit import Notice
from tpmpath.output.render import in_days
from tpmpath.output.views import due_review_view, schedule_view


def log_message(logged: Logged) -> str:
    """What `log` says: the count towards the target, and whether the topic just got done."""
    topic, before, after = logged
    if topic.target is None:
        moved = ": now in progress" if before == "todo" else ""
        return f"Logged {topic.id} ({after.count} logged){moved}."
    counted = f"{after.count}/{topic.target}"
    if after.status == "done" and before != "done":
        return f"Logged {topic.id} ({counted}): done!"
    if after.status in ("done", "skipped"):
        return f"Logged {topic.id} ({counted}): already {after.status}."
    return f"Logged {topic.id} ({counted})."


@dataclass(repr=False, eq=False)
class LogResult(Notice):
    """`log`: one line on stderr (log has no --json)."""

    logged: Logged

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [log_message(self.logged)]


@dataclass(repr=False, eq=False)
class NoteAdded(Notice):
    """`note`: one line on stderr, a note or a link-only piece of evidence (no --json)."""

    topic_id: str
    has_text: bool

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [f"Added a {'note' if self.has_text else 'link'} to {self.topic_id}."]


def _late(days: int) -> str:
    return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''}"


_NUMBERS = (3, 4)
"""The columns of `review`'s table that hold numbers: CONFIDENCE, REVIEWS."""


@dataclass(repr=False, eq=False)
class DueReviews:
    """`review` without a topic: the done topics due today, most overdue first."""

    curriculum: Curriculum
    states: dict[str, TopicState]
    today: date

    HEADERS = ("ID", "DUE", "LATE", "CONFIDENCE", "REVIEWS", "TITLE")

    @cached_property
    def due(self) -> list[DueReview]:
        return due_reviews(self.curriculum, self.states, self.today)

    def data(self) -> object:
        return [due_review_view(self.curriculum, item) for item in self.due]

    def _rows(self) -> list[list[str]]:
        return [
            [
                item.topic.id,
                item.schedule.due.isoformat(),
                _late(item.days_overdue),
                "-" if item.schedule.confidence is None else f"{item.schedule.confidence}/5",
                str(item.schedule.reviews),
                item.topic.title,
            ]
            for item in self.due
        ]

    def text(self) -> str:
        return self.text_for(render.DEFAULT_WIDTH)

    def text_for(self, width: int) -> str:
        if not self.due:
            return ""
        return render.table_plain(self.HEADERS, self._rows(), width, right=_NUMBERS, shrink=5)

    def draw(self, console: Any) -> None:
        if self.due:
            styles = [None] * len(self.due)
            rows = self._rows()
            render.table_rich(self.HEADERS, rows, styles, console, right=_NUMBERS, shrink=5)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json:
            return []
        if self.due:
            return ["When you have reviewed one: tpmpath review TOPIC --confidence 1-5"]
        return [self._nothing_due()]

    def _nothing_due(self) -> str:
        """When the next review is, if any topic is done."""
        planned = reviews_by_date(self.curriculum, self.states, self.today)
        if not planned:
            return "Nothing is due for review: topics come back here once they are done."
        first = planned[0]
        return (
            f"Nothing is due for review today. Next: {first.topic.id} on "
            f"{first.schedule.due.isoformat()} ({in_days(first.schedule.due, self.today)})."
        )


@dataclass(repr=False, eq=False)
class ReviewRecorded(Notice):
    """`review TOPIC`: the topic's new schedule (JSON), and when it comes back (stderr)."""

    topic_id: str
    schedule: Schedule
    today: date

    def data(self) -> object:
        return {"id": self.topic_id} | (schedule_view(self.schedule) or {})

    def notes(self, *, as_json: bool) -> Sequence[str]:
        due = self.schedule.due
        when = f"{due.isoformat()} ({in_days(due, self.today)})"
        return [f"Reviewed {self.topic_id}. Next review: {when}."]

"""Results of the practice commands: what `log` and `note` recorded, `review`'s due list and a
recorded review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from tpmpath.core.gaps import DueGap, GapState, due_gaps, gaps_by_date, short_ids
from tpmpath.core.models import Curriculum
from tpmpath.core.practice import Logged
from tpmpath.core.progress import TopicState
from tpmpath.core.review import DueReview, Schedule, due_reviews, reviews_by_date
from tpmpath.output import render
from tpmpath.output.emit import Notice
from tpmpath.output.render import in_days
from tpmpath.output.views import due_gap_view, due_review_view, schedule_view


def log_message(logged: Logged) -> str:
    """What `log` says: the count towards the target, and whether the topic just got done."""
    topic, before, after = logged.topic, logged.before, logged.after
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
        opened = self.logged.gaps
        if not opened:
            return [log_message(self.logged)]
        gaps = f"gap{'s' if len(opened) > 1 else ''} {', '.join(opened)}"
        return [log_message(self.logged), f"Added {gaps}: tpmpath gap list"]


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
    """`review` without a topic: the done topics and closed gaps due today, most overdue first
    (a gap as gap:ID, its question as its title)."""

    curriculum: Curriculum
    states: dict[str, TopicState]
    today: date
    gaps: Mapping[str, GapState] = field(default_factory=dict)

    HEADERS = ("ID", "DUE", "LATE", "CONFIDENCE", "REVIEWS", "TITLE")

    @cached_property
    def due(self) -> list[DueReview | DueGap]:
        found: list[DueReview | DueGap] = [*due_reviews(self.curriculum, self.states, self.today)]
        found += due_gaps(self.gaps, self.today)
        # Stable: topics before gaps due the same day.
        return sorted(found, key=lambda item: item.schedule.due)

    @cached_property
    def short(self) -> dict[str, str]:
        return short_ids(self.gaps)

    def data(self) -> object:
        return [
            due_review_view(self.curriculum, item)
            if isinstance(item, DueReview)
            else due_gap_view(item, self.short[item.gap.id])
            for item in self.due
        ]

    def _rows(self) -> list[list[str]]:
        rows = []
        for item in self.due:
            name, title = (
                (item.topic.id, item.topic.title)
                if isinstance(item, DueReview)
                else (f"gap:{self.short[item.gap.id]}", " ".join(item.gap.text.split()))
            )
            confidence = item.schedule.confidence
            rows.append(
                [
                    name,
                    item.schedule.due.isoformat(),
                    _late(item.days_overdue),
                    "-" if confidence is None else f"{confidence}/5",
                    str(item.schedule.reviews),
                    title,
                ]
            )
        return rows

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
        """When the next review is, if any topic is done or any gap closed."""
        topics = reviews_by_date(self.curriculum, self.states, self.today)
        gaps = gaps_by_date(self.gaps, self.today)
        if not topics and not gaps:
            return "Nothing is due for review: topics come back here once they are done."
        if not gaps or (topics and topics[0].schedule.due <= gaps[0].schedule.due):
            name, due = topics[0].topic.id, topics[0].schedule.due
        else:
            name, due = f"gap:{self.short[gaps[0].gap.id]}", gaps[0].schedule.due
        return (
            f"Nothing is due for review today. Next: {name} on "
            f"{due.isoformat()} ({in_days(due, self.today)})."
        )


@dataclass(repr=False, eq=False)
class ReviewRecorded(Notice):
    """`review TOPIC`: the topic's new schedule (JSON), and when it comes back (stderr)."""

    topic_id: str
    schedule: Schedule
    today: date
    gap: str | None = None
    """For a review of a gap (`topic_id` is then gap:ID): its full id."""

    def data(self) -> object:
        gap = {} if self.gap is None else {"gap": self.gap}
        return {"id": self.topic_id} | gap | (schedule_view(self.schedule) or {})

    def notes(self, *, as_json: bool) -> Sequence[str]:
        due = self.schedule.due
        when = f"{due.isoformat()} ({in_days(due, self.today)})"
        return [f"Reviewed {self.topic_id}. Next review: {when}."]

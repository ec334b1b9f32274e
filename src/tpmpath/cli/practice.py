"""The practice commands: log occurrences, keep notes and evidence, review done topics."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

import sys
from collections.abc import Sequence
from datetime import date
from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import (
    TopicArg,
    app,
    checked_link,
    clean_text,
    complete_topic,
    echo,
    message,
    print_json,
    session,
)
from tpmpath.cli.options import JsonOpt
from tpmpath.core.changes import single_event
from tpmpath.core.lookup import resolve_topic
from tpmpath.core.models import Curriculum, Event, Status, Topic
from tpmpath.core.progress import TopicState, after
from tpmpath.core.review import (
    DueReview,
    Schedule,
    due_reviews,
    reviews_by_date,
    topic_schedule,
)
from tpmpath.core.state import State
from tpmpath.core.text import printable
from tpmpath.errors import InvalidInputError
from tpmpath.output import render
from tpmpath.output.render import in_days
from tpmpath.output.views import due_review_view, schedule_view

LinkOpt = Annotated[
    str | None,
    typer.Option("--link", help="Evidence: a URL (design doc, repo, certificate)."),
]
ReviewConfidenceOpt = Annotated[
    int | None,
    typer.Option(
        "--confidence",
        min=1,
        max=5,
        help="How well you know it now, 1-5: 1-2 brings it back tomorrow, 5 much later.",
    ),
]


def stdin_is_terminal() -> bool:
    """Whether a person is typing at stdin (tests patch this to try the questions)."""
    return sys.stdin is not None and sys.stdin.isatty()


def reflection_prompt(topic: Topic, count: int) -> str | None:
    """The question to ask for the next log: the topic's prompts in turn, by log count."""
    return topic.prompts[count % len(topic.prompts)] if topic.prompts else None


def _ask(question: str) -> str | None:
    """Ask the reflection question on stderr and read one line; an empty answer skips it."""
    # Not typer.prompt: click writes part of its prompt to stdout, which must stay data.
    typer.echo(printable(f"{question} (Enter to skip)\n> "), nl=False, err=True)
    try:
        reply = sys.stdin.readline()
    except UnicodeDecodeError:
        raise InvalidInputError("The answer is not valid text (UTF-8 expected).") from None
    if not reply.endswith("\n"):
        typer.echo(err=True)  # Ctrl-D ends the line without a newline: keep the output tidy
    return reply.strip() or None


def _answer(question: str | None, given: str | None, no_prompt: bool) -> str | None:
    """The reflection answer: --answer, else asked only when a person is at the terminal."""
    if given is not None:
        return clean_text(given, "answer") if given.strip() else None
    if question is None or no_prompt or not stdin_is_terminal():
        return None
    answer = _ask(question)
    return None if answer is None else clean_text(answer, "answer")


def log_message(topic: Topic, before: Status, after: TopicState) -> str:
    """What `log` says: the count towards the target, and whether the topic just got done."""
    if topic.target is None:
        moved = ": now in progress" if before == "todo" else ""
        return f"Logged {topic.id} ({after.count} logged){moved}."
    counted = f"{after.count}/{topic.target}"
    if after.status == "done" and before != "done":
        return f"Logged {topic.id} ({counted}): done!"
    if after.status in ("done", "skipped"):
        return f"Logged {topic.id} ({counted}): already {after.status}."
    return f"Logged {topic.id} ({counted})."


LOG_HELP = (
    "Record one occurrence of a practice, dated today.\n\n"
    'A practice (a topic with a target, such as "join 5 technical discussions") is in progress '
    "until the target number of occurrences is logged, then done; logging more keeps counting. "
    "A topic without a target may be logged too: the occurrence is kept as evidence, and a todo "
    "topic becomes in progress (mark it done with `tpmpath done`).\n\n"
    "On a terminal, `log` asks one short reflection question from the topic's prompts; press "
    "Enter to skip it. It never asks when stdin is not a terminal, nor with --no-prompt."
)


@app.command(
    help=LOG_HELP,
    rich_help_panel="Practise and review",
    short_help="Record one occurrence of a practice.",
)
def log(
    ctx: typer.Context,
    topic: TopicArg,
    text: Annotated[
        str | None, typer.Argument(help="What happened (optional).", show_default=False)
    ] = None,
    link: LinkOpt = None,
    answer: Annotated[
        str | None,
        typer.Option("--answer", help="Answer the reflection question without being asked."),
    ] = None,
    no_prompt: Annotated[
        bool, typer.Option("--no-prompt", help="Do not ask the reflection question.")
    ] = False,
) -> None:
    """Record one occurrence of a practice (see LOG_HELP)."""
    s = session(ctx)
    curriculum = s.curriculum
    entry = curriculum.topic_by_id[resolve_topic(curriculum, topic)]
    text = None if text is None else clean_text(text, "log text")
    link = checked_link(link)
    # Asked before taking the lock: nobody else waits while the learner types.
    question = reflection_prompt(entry, s.state.derived.states[entry.id].count)
    reply = _answer(question, answer, no_prompt)
    now = clock.now()

    def build(state: State) -> tuple[list[Event], str]:
        derived = state.derived
        before = derived.states[entry.id].status
        event = single_event(
            "log",
            entry.id,
            now,
            text=text,
            link=link,
            prompt=question if reply else None,
            answer=reply,
        )
        after_log = after(curriculum, derived, entry.id, event)
        return [event], log_message(entry, before, after_log)

    _, said = s.store.change(build)
    message(said)


def _read_stdin() -> str:
    """All of stdin as text (a note piped in)."""
    if sys.stdin is None:
        return ""
    try:
        return sys.stdin.read()
    except UnicodeDecodeError:
        raise InvalidInputError(
            "The note on stdin is not valid text in this terminal's encoding (UTF-8 expected)."
        ) from None


def _note_text(text: str | None, has_link: bool) -> str | None:
    """The note from the argument, else from stdin when piped; only a link may go without."""
    if text is None and not stdin_is_terminal():
        text = _read_stdin()
        if not text.strip() and has_link:
            return None
    if text is None:
        if has_link:
            return None
        raise typer.BadParameter(
            "a note is needed: give it after TOPIC, or pipe it on stdin.", param_hint="'TEXT'"
        )
    return clean_text(text, "note")


NOTE_HELP = (
    "Add a dated note to a topic, optionally with --link to evidence.\n\n"
    "Evidence is anything that shows the work: a design doc, a repository, a certificate. "
    "Notes may be long, span several lines and be in any language. Leave TEXT out to read the "
    "note from stdin: `pbpaste | tpmpath note sql-basics`."
)


@app.command(
    help=NOTE_HELP,
    rich_help_panel="Practise and review",
    short_help="Add a dated note or --link to a topic.",
)
def note(
    ctx: typer.Context,
    topic: TopicArg,
    text: Annotated[
        str | None,
        typer.Argument(
            help="The note (any length or language); read from stdin when left out.",
            show_default=False,
        ),
    ] = None,
    link: LinkOpt = None,
) -> None:
    """Add a dated note or evidence to a topic (see NOTE_HELP)."""
    s = session(ctx)
    topic_id = resolve_topic(s.curriculum, topic)
    link = checked_link(link)
    body = _note_text(text, link is not None)
    now = clock.now()
    event = single_event("note", topic_id, now, text=body, link=link)
    s.store.change(lambda state: ([event], None))
    message(f"Added a {'note' if body else 'link'} to {topic_id}.")


REVIEW_HELP = (
    "List the done topics due for review today, or record a review of one.\n\n"
    "Done topics come back on a spaced schedule: 1, 3, 7, 21, 60, 120, 240 days, then yearly, "
    "counted from completion or the last review; each good review climbs one rung. "
    "Confidence 1-2 brings a topic back the next day, 4 skips a rung and 5 two; "
    "no confidence counts as 3."
)


@app.command(
    help=REVIEW_HELP,
    rich_help_panel="Practise and review",
    short_help="Topics due for review, or record a review.",
)
def review(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            help="A done topic you just reviewed; leave out to list what is due.",
            autocompletion=complete_topic,
            show_default=False,
        ),
    ] = None,
    confidence: ReviewConfidenceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List due reviews, or record one (see REVIEW_HELP)."""
    s = session(ctx)
    today = clock.now().date()
    if topic is None:
        if confidence is not None:
            raise typer.BadParameter("give the TOPIC you reviewed.", param_hint="--confidence")
        _list_due(s.curriculum, s.state.derived.states, today, as_json)
        return
    topic_id, planned = _record_review(ctx, topic, confidence)
    if as_json:
        print_json({"id": topic_id} | (schedule_view(planned) or {}))
    message(
        f"Reviewed {topic_id}. Next review: {planned.due.isoformat()} "
        f"({in_days(planned.due, today)})."
    )


def _record_review(ctx: typer.Context, topic: str, confidence: int | None) -> tuple[str, Schedule]:
    """Add a review event under the lock; the topic id and its new schedule."""
    s = session(ctx)
    topic_id = resolve_topic(s.curriculum, topic)
    now = clock.now()

    def build(current: State) -> tuple[list[Event], Schedule | None]:
        derived = current.derived
        state = derived.states[topic_id]
        if state.status != "done" or state.completed_at is None:
            raise InvalidInputError(
                f"'{topic_id}' is {render.STATUS_WORD[state.status]}: only done topics are "
                "reviewed.",
                hint=f"Mark it done first: tpmpath done {topic_id}",
            )
        event = single_event("review", topic_id, now, confidence=confidence)
        return [event], topic_schedule(after(s.curriculum, derived, topic_id, event))

    _, reviewed = s.store.change(build)
    assert reviewed is not None  # a done topic always has a schedule
    return topic_id, reviewed


def _late(days: int) -> str:
    return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''}"


def _list_due(
    curriculum: Curriculum, states: dict[str, TopicState], today: date, as_json: bool
) -> None:
    """Print the reviews due today: JSON, or a table; say when the next one is if none is due."""
    due = due_reviews(curriculum, states, today)
    if as_json:
        print_json([due_review_view(curriculum, item) for item in due])
        return
    if not due:
        message(_nothing_due(reviews_by_date(curriculum, states, today), today))
        return
    headers = ["ID", "DUE", "LATE", "CONFIDENCE", "REVIEWS", "TITLE"]
    rows = [
        [
            item.topic.id,
            item.schedule.due.isoformat(),
            _late(item.days_overdue),
            "-" if item.schedule.confidence is None else f"{item.schedule.confidence}/5",
            str(item.schedule.reviews),
            item.topic.title,
        ]
        for item in due
    ]
    if render.fancy():
        render.table_rich(headers, rows, [None] * len(rows))
    else:
        echo(render.table_plain(headers, rows))
    message("When you have reviewed one: tpmpath review TOPIC --confidence 1-5")


def _nothing_due(planned: Sequence[DueReview], today: date) -> str:
    """The message when no review is due: when the next one is, if any topic is done."""
    if not planned:
        return "Nothing is due for review: topics come back here once they are done."
    first = planned[0]
    return (
        f"Nothing is due for review today. Next: {first.topic.id} on "
        f"{first.schedule.due.isoformat()} ({in_days(first.schedule.due, today)})."
    )

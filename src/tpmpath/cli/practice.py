"""The practice commands: log occurrences, keep notes and evidence, review done topics."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

import sys
from datetime import datetime
from typing import Annotated

import typer
from typer._click import Context as ClickContext

from tpmpath.cli import clock
from tpmpath.cli.app import (
    TopicArg,
    app,
    checked_link,
    clean_text,
    complete_topic,
    emit,
    session,
)
from tpmpath.cli.completion import complete_closed_gap
from tpmpath.cli.help import examples
from tpmpath.cli.options import AtOpt, DateOpt, JsonOpt, LinkOpt
from tpmpath.cli.session import Session
from tpmpath.core.changes import backdated, single_event
from tpmpath.core.lookup import resolve_topic
from tpmpath.core.models import Topic
from tpmpath.core.text import printable
from tpmpath.errors import InvalidInputError

ReviewConfidenceOpt = Annotated[
    int | None,
    typer.Option(
        "--confidence",
        metavar="1-5",
        min=1,
        max=5,
        help="How well you know it now, 1-5: 1-2 brings it back tomorrow, 5 much later.",
    ),
]


def complete_review(ctx: ClickContext, incomplete: str) -> list[str]:
    """TAB completion of `review`: topic ids, then the closed gaps as gap:ID."""
    return complete_topic(ctx, incomplete) + complete_closed_gap(ctx, incomplete)


def stdin_is_terminal() -> bool:
    """Whether a person is typing at stdin (tests patch this to try the questions)."""
    return sys.stdin is not None and sys.stdin.isatty()


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


GAP_QUESTION = "Anything you did not understand? (one per line, empty line to finish)"


def _ask_gaps() -> list[str]:
    """Ask for what was not understood on stderr, and read lines up to an empty one (or EOF)."""
    typer.echo(GAP_QUESTION, err=True)
    found: list[str] = []
    while True:
        typer.echo("> ", nl=False, err=True)
        try:
            reply = sys.stdin.readline()
        except UnicodeDecodeError:
            raise InvalidInputError("The answer is not valid text (UTF-8 expected).") from None
        if not reply.endswith("\n"):
            typer.echo(err=True)
        if not reply.strip():
            return found
        found.append(clean_text(reply.strip(), "gap"))


def _gaps(topic: Topic, given: list[str] | None, no_prompt: bool) -> list[str]:
    """The gaps a log opens: --gap, else, for a practice, asked when a person is at the
    terminal."""
    if given:
        return [clean_text(text, "--gap") for text in given]
    if topic.target is None or no_prompt or not stdin_is_terminal():
        return []
    return _ask_gaps()


GapsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--gap",
        metavar="TEXT",
        help="Something you did not understand: a gap for the inbox (repeat for several).",
        show_default=False,
    ),
]

LOG_HELP = (
    "Record one occurrence of a practice, dated today.\n\n"
    'A practice (a topic with a target, such as "join 5 technical discussions") is in progress '
    "until the target number of occurrences is logged, then done; logging more keeps counting. "
    "A topic without a target may be logged too: the occurrence is kept as evidence, and a todo "
    "topic becomes in progress (mark it done with `tpmpath done`).\n\n"
    "On a terminal, `log` asks one short reflection question from the topic's prompts; press "
    "Enter to skip it. For a practice it then asks what you did not understand: each line "
    "becomes a gap in the gap inbox (`tpmpath gap list`), as --gap TEXT does. It never asks "
    "when stdin is not a terminal, nor with --no-prompt."
)


@app.command(
    help=LOG_HELP,
    rich_help_panel="Practise and review",
    short_help="Record one occurrence of a practice.",
    epilog=examples(
        'tpmpath log join-technical-discussions "Sprint review: asked about the cache"',
        'tpmpath log attend-meetups --answer "Scaling queues" --no-prompt',
        'tpmpath log join-technical-discussions --gap "what is a p99?" --no-prompt',
    ),
)
def log(
    ctx: typer.Context,
    topic: TopicArg,
    text: Annotated[
        str | None,
        typer.Argument(metavar="TEXT", help="What happened (optional).", show_default=False),
    ] = None,
    link: LinkOpt = None,
    answer: Annotated[
        str | None,
        typer.Option(
            "--answer", metavar="TEXT", help="Answer the reflection question without being asked."
        ),
    ] = None,
    no_prompt: Annotated[
        bool, typer.Option("--no-prompt", help="Do not ask the reflection question.")
    ] = False,
    gap: GapsOpt = None,
    day: DateOpt = None,
    at: AtOpt = None,
) -> None:
    """Record one occurrence of a practice (see LOG_HELP)."""
    s = session(ctx)
    happened = backdated(clock.now(), day, at)
    curriculum = s.curriculum
    entry = curriculum.topic_by_id[resolve_topic(curriculum, topic)]
    text = None if text is None else clean_text(text, "log text")
    link = checked_link(link)
    # Asked before taking the lock: nobody else waits while the learner types.
    from tpmpath.core.practice import log_change, reflection_prompt

    question = reflection_prompt(entry, s.state.derived.states[entry.id].count)
    reply = _answer(question, answer, no_prompt)
    gaps = _gaps(entry, gap, no_prompt)
    now = clock.now()

    _, logged = s.store.change(
        lambda state: log_change(
            curriculum,
            state.derived,
            entry,
            now,
            text=text,
            link=link,
            question=question,
            answer=reply,
            happened=happened,
            gaps=gaps,
        )
    )
    from tpmpath.output.practice import LogResult

    emit(LogResult(logged))


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
    epilog=examples(
        'tpmpath note api-basics "REST vs gRPC: ask the platform team"',
        "tpmpath note api-basics --link https://example.com/design-doc",
    ),
)
def note(
    ctx: typer.Context,
    topic: TopicArg,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help="The note (any length or language); read from stdin when left out.",
            show_default=False,
        ),
    ] = None,
    link: LinkOpt = None,
    day: DateOpt = None,
    at: AtOpt = None,
) -> None:
    """Add a dated note or evidence to a topic (see NOTE_HELP)."""
    s = session(ctx)
    topic_id = resolve_topic(s.curriculum, topic)
    now = clock.now()
    happened = backdated(now, day, at)
    link = checked_link(link)
    body = _note_text(text, link is not None)
    event = single_event("note", topic_id, now, happened=happened, text=body, link=link)
    s.store.change(lambda state: ([event], None))
    from tpmpath.output.practice import NoteAdded

    emit(NoteAdded(topic_id, body is not None))


REVIEW_HELP = (
    "List the done topics due for review today, or record a review of one.\n\n"
    "Done topics come back on a spaced schedule: 1, 3, 7, 21, 60, 120, 240 days, then yearly, "
    "counted from completion or the last review; each good review climbs one rung. "
    "Confidence 1-2 brings a topic back the next day, 4 skips a rung and 5 two; "
    "no confidence counts as 3.\n\n"
    "A closed gap (`tpmpath gap close`) comes back the same way, listed as gap:ID with its "
    "question: review it with `tpmpath review gap:ID --confidence N`."
)


@app.command(
    help=REVIEW_HELP,
    rich_help_panel="Practise and review",
    short_help="Topics due for review, or record a review.",
    epilog=examples(
        "tpmpath review",
        "tpmpath review api-basics --confidence 4",
        "tpmpath review gap:3f2a --confidence 3",
    ),
)
def review(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="TOPIC",
            help="A done topic (or gap:ID, a closed gap) you just reviewed; leave out to list "
            "what is due.",
            autocompletion=complete_review,
            show_default=False,
        ),
    ] = None,
    confidence: ReviewConfidenceOpt = None,
    day: DateOpt = None,
    at: AtOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List due reviews, or record one (see REVIEW_HELP)."""
    s = session(ctx)
    from tpmpath.output.practice import DueReviews, ReviewRecorded

    now = clock.now()
    if topic is None:
        if confidence is not None or day is not None or at is not None:
            hint = "--confidence" if confidence is not None else "--date"
            raise typer.BadParameter("give the TOPIC you reviewed.", param_hint=hint)
        derived = s.state.derived
        emit(DueReviews(s.curriculum, derived.states, now.date(), derived.gaps), as_json)
        return
    if topic.lower().startswith("gap:"):
        _review_gap(s, topic, now, confidence, backdated(now, day, at), as_json)
        return
    from tpmpath.core.practice import review_change

    topic_id = resolve_topic(s.curriculum, topic)
    _, planned = s.store.change(
        lambda state: review_change(
            s.curriculum, state.derived, topic_id, now, confidence, backdated(now, day, at)
        )
    )
    emit(ReviewRecorded(topic_id, planned, now.date()), as_json)


def _review_gap(
    s: Session,
    name: str,
    now: datetime,
    confidence: int | None,
    happened: datetime | None,
    as_json: bool,
) -> None:
    """`review gap:ID`: a review of a closed gap, and when it comes back."""
    from tpmpath.core import changes
    from tpmpath.core.gaps import resolve_gap, review_event, short_ids
    from tpmpath.core.models import Event
    from tpmpath.core.review import Schedule
    from tpmpath.core.state import State
    from tpmpath.output.practice import ReviewRecorded

    def build(state: State) -> tuple[list[Event], tuple[str, str, Schedule]]:
        gaps = state.derived.gaps
        gap_id = resolve_gap(gaps, name)
        event, planned = review_event(
            gaps, gap_id, changes.new_id(), changes.new_id(), now, confidence, happened
        )
        return [event], (gap_id, short_ids(gaps)[gap_id], planned)

    _, (gap_id, short, planned) = s.store.change(build)
    emit(ReviewRecorded(f"gap:{short}", planned, now.date(), gap_id), as_json)

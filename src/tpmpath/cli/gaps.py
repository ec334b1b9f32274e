"""The gap inbox: `gap add`, `gap list`, `gap close` (reviews of closed gaps: `review gap:ID`)."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import MARKUP, app, checked_link, clean_text, complete_topic, emit, session
from tpmpath.cli.completion import complete_gap
from tpmpath.cli.help import examples
from tpmpath.cli.options import AtOpt, DateOpt, JsonOpt, LinkOpt
from tpmpath.errors import InvalidInputError

gap_app = typer.Typer(
    help="The gap inbox: what you did not understand, until you can explain it.\n\n"
    "Capture a term or a question in seconds (`gap add`), find the answer, then close the gap "
    "with an explanation in your own words (`gap close`): explaining is the learning. A closed "
    "gap comes back for review like a done topic: `tpmpath review`.",
    epilog=examples(
        'tpmpath gap add "what is idempotency?" --topic api-basics',
        "tpmpath gap list",
        'tpmpath gap close 3f2a "Twice has the effect of once: safe to retry."',
    ),
    no_args_is_help=True,
    rich_markup_mode=MARKUP,
)
app.add_typer(
    gap_app,
    name="gap",
    rich_help_panel="Practise and review",
    short_help="The gap inbox: what you did not understand.",
)


@gap_app.command(
    "add",
    epilog=examples(
        'tpmpath gap add "what is idempotency?"',
        'tpmpath gap add "why a queue?" --topic api-basics --note "Sprint review"',
        'tpmpath gap add "what is a p99?" --date 2026-11-02 --at 15:00',
    ),
)
def add(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(metavar="TEXT", help="The term or question.", show_default=False),
    ],
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            "-t",
            metavar="TOPIC",
            autocompletion=complete_topic,
            help="The topic it belongs to (an id or an unambiguous prefix).",
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="Where it came up (a meeting, a doc)."),
    ] = None,
    day: DateOpt = None,
    at: AtOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Capture something you did not understand; prints the gap's short id."""
    s = session(ctx)
    now = clock.now()
    from tpmpath.core import changes
    from tpmpath.core.gaps import GapState, fold, gap_event
    from tpmpath.core.lookup import resolve_topic
    from tpmpath.core.models import Event
    from tpmpath.core.state import State

    happened = changes.backdated(now, day, at)
    question = clean_text(text, "question")
    context = None if note is None else clean_text(note, "note")
    topic_id = None if topic is None else resolve_topic(s.curriculum, topic)
    event = gap_event(
        changes.new_id(),
        changes.new_id(),
        now,
        question,
        topic=topic_id,
        context=context,
        happened=happened,
    )

    def build(state: State) -> tuple[list[Event], dict[str, GapState]]:
        gaps = dict(state.derived.gaps)
        fold(gaps, event)
        return [event], gaps

    _, gaps = s.store.change(build)
    from tpmpath.output.gaps import GapAdded

    emit(GapAdded(gaps, gaps[event.id], now), as_json)


@gap_app.command(
    "list",
    epilog=examples("tpmpath gap list", "tpmpath gap list --all", "tpmpath gap list --json"),
)
def list_gaps(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="Closed gaps too, with when they were closed.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The open gaps, oldest first, with their age and topic."""
    s = session(ctx)
    from tpmpath.output.gaps import GapList

    emit(GapList(s.state.derived.gaps, clock.now(), show_all), as_json)


@gap_app.command(
    "close",
    epilog=examples(
        'tpmpath gap close 3f2a "Twice has the effect of once: safe to retry."',
        'tpmpath gap close 3f2a "..." --link https://example.com/idempotency',
    ),
)
def close(
    ctx: typer.Context,
    gap: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The gap's id (or a prefix of it), as `gap list` shows it.",
            autocompletion=complete_gap,
            show_default=False,
        ),
    ],
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help="Your explanation, in your own words: two or three sentences.",
            show_default=False,
        ),
    ],
    link: LinkOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Close a gap with your own explanation; it then comes back for review."""
    s = session(ctx)
    now = clock.now()
    from tpmpath.core import changes
    from tpmpath.core.gaps import EXPLAIN, GapState, close_event, fold, resolve_gap
    from tpmpath.core.models import Event
    from tpmpath.core.state import State

    if not text.strip():
        raise InvalidInputError(f"The explanation is empty: {EXPLAIN}.")
    explanation = clean_text(text, "explanation")
    link = checked_link(link)

    def build(state: State) -> tuple[list[Event], tuple[dict[str, GapState], str]]:
        gaps = dict(state.derived.gaps)
        gap_id = resolve_gap(gaps, gap)
        event = close_event(
            gaps, gap_id, changes.new_id(), changes.new_id(), now, explanation, link
        )
        fold(gaps, event)
        return [event], (gaps, gap_id)

    _, (gaps, gap_id) = s.store.change(build)
    from tpmpath.output.gaps import GapClosed

    emit(GapClosed(gaps, gaps[gap_id], now), as_json)

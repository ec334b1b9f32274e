"""The everyday commands: status, list, show, start/done/skip/reset, undo, next, history."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

from typing import Annotated

import typer
from typer._click import Context as ClickContext

from tpmpath.cli import clock
from tpmpath.cli.app import (
    TopicsArg,
    app,
    checked_link,
    clean_text,
    complete_topic,
    emit,
    session,
)
from tpmpath.cli.completion import complete_skill_ref, complete_status, complete_step
from tpmpath.cli.help import examples
from tpmpath.cli.options import AtOpt, DateOpt, JsonOpt, LinkOpt
from tpmpath.cli.session import Session
from tpmpath.core.lookup import resolve_topic, resolve_topics
from tpmpath.core.models import STATUSES, Action, Event, Step
from tpmpath.errors import InvalidInputError


@app.command(
    rich_help_panel="Track progress",
    short_help="Progress per step, hours, pace and streak.",
    epilog=examples("tpmpath status", "tpmpath --profile alice status", "tpmpath status --json"),
)
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Progress per step: done / total, a bar and percent, and an overall line."""
    s = session(ctx)
    from tpmpath.output.topics import StatusResult

    emit(StatusResult(s.curriculum, s.state, s.profile, clock.now()), as_json)


StepOpt = Annotated[
    str | None,
    typer.Option(
        "--step",
        "-s",
        metavar="STEP",
        autocompletion=complete_step,
        help="Only this step (id or number).",
    ),
]
StatusOpt = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        autocompletion=complete_status,
        help="Only topics with this status: todo, in_progress, done, skipped.",
    ),
]


@app.command(
    "list",
    rich_help_panel="Track progress",
    epilog=examples(
        "tpmpath list --status todo",
        "tpmpath list --step 2",
        "tpmpath list --step code-and-architecture --json",
    ),
)
def list_topics(
    ctx: typer.Context, step: StepOpt = None, status_: StatusOpt = None, as_json: JsonOpt = False
) -> None:
    """Every topic with its id, step, title and status."""
    s = session(ctx)
    curriculum, derived = s.curriculum, s.state.derived
    wanted = _status_filter(status_)
    steps = curriculum.steps if step is None else [_find_step(s, step)]
    topics = [t for st in steps for t in st.topics if derived.states[t.id].status in wanted]
    from tpmpath.output.topics import TopicList

    emit(TopicList(curriculum, s.state, topics), as_json)


def _status_filter(value: str | None) -> set[str]:
    if value is None:
        return set(STATUSES)
    normal = value.replace("-", "_").replace(" ", "_")
    if normal not in STATUSES:
        raise InvalidInputError(f"Unknown status '{value}': use one of {', '.join(STATUSES)}.")
    return {normal}


def _find_step(s: Session, text: str) -> Step:
    steps = s.curriculum.steps
    if text.isdigit() and 1 <= int(text) <= len(steps):
        return steps[int(text) - 1]
    for candidate in steps:
        if candidate.id == text:
            return candidate
    matches = [c for c in steps if c.id.startswith(text)]
    if len(matches) == 1:
        return matches[0]
    ids = ", ".join(c.id for c in steps)
    raise InvalidInputError(f"No step '{text}'. Steps: {ids} (or their numbers 1-{len(steps)}).")


def _complete_shown(ctx: ClickContext, incomplete: str) -> list[str]:
    """Topic ids, and `skill:ID` for the skills."""
    return complete_topic(ctx, incomplete) + complete_skill_ref(ctx, incomplete)


ShownArg = Annotated[
    str,
    typer.Argument(
        metavar="TOPIC",
        help="A topic id (or an unambiguous prefix), or skill:ID for a skill and its evidence.",
        autocompletion=_complete_shown,
        show_default=False,
    ),
]


@app.command(
    rich_help_panel="Track progress",
    short_help="One topic (or skill:ID): summary, status, dates, notes.",
    epilog=examples(
        "tpmpath show api-basics", "tpmpath show api --json", "tpmpath show skill:apis"
    ),
)
def show(ctx: typer.Context, topic: ShownArg, as_json: JsonOpt = False) -> None:
    """One topic: summary, resources, prerequisites, status, dates and notes."""
    s = session(ctx)
    if topic.startswith("skill:"):  # a skill: its levels, ratings and evidence
        from tpmpath.cli.skills import show_skill

        show_skill(s, topic.removeprefix("skill:"), as_json)
        return
    curriculum = s.curriculum
    entry = curriculum.topic_by_id[resolve_topic(curriculum, topic)]
    from tpmpath.output.topics import TopicDetail

    emit(TopicDetail(curriculum, s.state, entry, clock.now().date()), as_json)


NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="A note to keep with the change.")
]
ConfidenceOpt = Annotated[
    int | None,
    typer.Option(
        "--confidence",
        metavar="1-5",
        min=1,
        max=5,
        help="How well you know it now, 1-5 (schedules reviews).",
    ),
]


def _record(
    ctx: typer.Context,
    action: Action,
    topics: list[str],
    day: str | None,
    at: str | None,
    **fields: object,
) -> None:
    """Resolve TOPICs, add one batch of events under the lock, and say what changed."""
    s = session(ctx)
    now = clock.now()
    # Imported here: the change commands need them, `next` and `status` do not (start-up time).
    from tpmpath.core.changes import Change, backdated, status_change
    from tpmpath.core.state import State

    happened = backdated(now, day, at)

    def build(state: State) -> tuple[list[Event], Change]:
        ids = resolve_topics(s.curriculum, topics, state.derived.orphans)
        change = status_change(
            state.derived,
            action,
            ids,
            now,
            happened=happened,
            **fields,  # type: ignore[arg-type]
        )
        return change.events, change

    events, change = s.store.change(build)
    from tpmpath.output.history import Changed

    emit(Changed(action, events, change.unchanged, change.before))


@app.command(
    rich_help_panel="Track progress",
    epilog=examples("tpmpath start api-basics", "tpmpath start sql-basics --date 2026-11-02"),
)
def start(ctx: typer.Context, topics: TopicsArg, day: DateOpt = None, at: AtOpt = None) -> None:
    """Mark topics as in progress."""
    _record(ctx, "start", topics, day, at)


@app.command(
    rich_help_panel="Track progress",
    epilog=examples(
        'tpmpath done api-basics --note "Built a small REST client"',
        "tpmpath done sql-basics --confidence 4",
        "tpmpath done api-basics --date 2026-11-02 --at 18:30",
    ),
)
def done(
    ctx: typer.Context,
    topics: TopicsArg,
    note: NoteOpt = None,
    link: LinkOpt = None,
    confidence: ConfidenceOpt = None,
    day: DateOpt = None,
    at: AtOpt = None,
) -> None:
    """Mark topics as done (`--date` for what you finished earlier)."""
    text = clean_text(note, "note") if note is not None else None
    link = checked_link(link)
    _record(ctx, "done", topics, day, at, text=text, link=link, confidence=confidence)


@app.command(
    rich_help_panel="Track progress",
    short_help="Mark topics as skipped (they count as complete).",
    epilog=examples(
        "tpmpath skip programming-fundamentals", "tpmpath skip cloud-basics sql-basics"
    ),
)
def skip(ctx: typer.Context, topics: TopicsArg, day: DateOpt = None, at: AtOpt = None) -> None:
    """Mark topics as skipped (already known, or not relevant); they count as complete."""
    _record(ctx, "skip", topics, day, at)


@app.command(
    rich_help_panel="Track progress",
    epilog=examples("tpmpath reset api-basics", "tpmpath reset cloud-basics sql-basics"),
)
def reset(ctx: typer.Context, topics: TopicsArg) -> None:
    """Put topics back to todo (their history is kept)."""
    _record(ctx, "reset", topics, None, None)


@app.command(
    rich_help_panel="Track progress",
    short_help="Revert the last command that changed progress on this device.",
    epilog=examples("tpmpath undo"),
)
def undo(ctx: typer.Context) -> None:
    """Revert the last command that changed progress (all the topics it touched), on this device:
    another device's changes are left to it (sync)."""
    s = session(ctx)
    from tpmpath.core.gaps import short_ids

    short = short_ids(s.state.derived.gaps)  # as they were: an undone gap is named as it was
    undone = s.store.undo(clock.now())
    from tpmpath.output.history import UndoneResult

    emit(UndoneResult(undone, short))


@app.command(
    "next",
    rich_help_panel="Track progress",
    short_help="What to do next: in progress, then available topics.",
    epilog=examples("tpmpath next", "tpmpath next -n 3 --explain", "tpmpath next --all"),
)
def next_(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Option("-n", "--count", metavar="N", min=1, help="How many to show.")
    ] = 5,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="Every available topic, and the blocked ones.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say why each topic is suggested.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The next steps: topics in progress, then todo topics whose prerequisites are met."""
    s = session(ctx)
    from tpmpath.core.review import due_reviews
    from tpmpath.core.suggestions import suggest
    from tpmpath.output.topics import NextSteps

    curriculum, states = s.curriculum, s.state.derived.states
    found = suggest(curriculum, states, count=count, show_all=show_all, explain=explain or as_json)
    now = clock.now()
    due = len(due_reviews(curriculum, states, now.date()))
    from tpmpath.output.gaps import next_notes

    gaps = next_notes(s.state.derived.gaps, now)
    emit(NextSteps(curriculum, s.state, found, explain, due, gaps), as_json)


@app.command(
    rich_help_panel="Track progress",
    epilog=examples("tpmpath history", "tpmpath history -n 10", "tpmpath history --json"),
)
def history(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option("-n", "--limit", metavar="N", min=1, help="Show at most N changes."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The changes made, newest first, with their dates."""
    s = session(ctx)
    # With a limit, only the last N events are read (of a large file: validated one by one).
    stored = s.state.events
    shown = len(stored) if limit is None else min(limit, len(stored))
    events = [stored[len(stored) - 1 - n] for n in range(shown)]
    undoes = {e.undoes for e in events if e.action == "undo" and e.undoes}
    from tpmpath.core.changes import batch_events

    reverted = batch_events(stored, undoes) if undoes and not as_json else {}
    from tpmpath.core.gaps import short_ids
    from tpmpath.output.history import History

    short = short_ids(s.state.derived.gaps) if not as_json else {}
    emit(History(events, s.state.derived.undone, reverted, short), as_json)

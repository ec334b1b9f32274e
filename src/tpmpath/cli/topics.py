"""The everyday commands: status, list, show, start/done/skip/reset, undo, next, history."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import (
    TopicArg,
    TopicsArg,
    app,
    checked_link,
    clean_text,
    echo,
    message,
    print_json,
    session,
)
from tpmpath.cli.options import JsonOpt
from tpmpath.cli.session import Session
from tpmpath.core.changes import status_change, undo_event
from tpmpath.core.lookup import resolve_topic, resolve_topics
from tpmpath.core.models import STATUSES, Action, Event, Progress, Step, Topic
from tpmpath.core.progress import (
    Derived,
    blocked_topics,
    blockers,
    next_topics,
    summarize,
    unblocks,
)
from tpmpath.errors import InvalidInputError
from tpmpath.output import render
from tpmpath.output.views import (
    curriculum_changes,
    event_view,
    status_view,
    topic_brief,
    topic_with_blockers,
)


@app.command(
    rich_help_panel="Track progress", short_help="Progress per step, hours, pace and streak."
)
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Progress per step: done / total, a bar and percent, and an overall line."""
    s = session(ctx)
    curriculum, progress, derived = s.curriculum, s.head, s.derived
    if as_json:
        print_json(status_view(curriculum, progress, derived, now=clock.now()))
        return
    # Imported here: at the top it would register `plan` and `config` before `status` (--help).
    from tpmpath.output.status_text import status_lines

    summaries = summarize(curriculum, derived.states)
    title = f"{curriculum.title} (v{curriculum.version}), profile '{s.profile}'"
    footer = [render.hours_line(summaries[-1])]
    footer += status_lines(curriculum, progress, derived, clock.now())
    changes = curriculum_changes(curriculum, progress, derived)
    if changes:
        added = ", ".join(changes["added"][:10]) or "no new topics"
        footer.append(
            f"The curriculum changed since you last recorded progress "
            f"(v{changes['previous_version']} -> v{changes['version']}): added {added}."
        )
    if derived.orphans:
        gone = ", ".join(sorted(derived.orphans)[:10])
        footer.append(
            f"Kept progress on {len(derived.orphans)} topic(s) no longer in the curriculum: {gone}."
        )
    if not derived.events:
        footer.append("No progress yet: `tpmpath next` shows where to start.")
    if render.fancy():
        render.status_rich(title, summaries, footer)
    else:
        echo(render.status_plain(title, summaries) + "\n\n" + "\n".join(footer))


StepOpt = Annotated[str | None, typer.Option("--step", "-s", help="Only this step (id or number).")]
StatusOpt = Annotated[
    str | None,
    typer.Option(
        "--status", help="Only topics with this status: todo, in_progress, done, skipped."
    ),
]


@app.command("list", rich_help_panel="Track progress")
def list_topics(
    ctx: typer.Context, step: StepOpt = None, status_: StatusOpt = None, as_json: JsonOpt = False
) -> None:
    """Every topic with its id, step, title and status."""
    s = session(ctx)
    curriculum, derived = s.curriculum, s.derived
    wanted = _status_filter(status_)
    steps = curriculum.steps if step is None else [_find_step(s, step)]
    topics = [t for st in steps for t in st.topics if derived.states[t.id].status in wanted]
    if as_json:
        print_json([topic_brief(curriculum, t, derived.states[t.id]) for t in topics])
        return
    rows = []
    for topic in topics:
        state = derived.states[topic.id]
        word = render.STATUS_WORD[state.status]
        if topic.target is not None:
            word += f" {min(state.count, topic.target)}/{topic.target}"
        rows.append([topic.id, curriculum.step_of[topic.id].id, word, topic.title])
    headers = ["ID", "STEP", "STATUS", "TITLE"]
    if render.fancy():
        styles = [render.STATUS_STYLE[derived.states[t.id].status] for t in topics]
        render.table_rich(headers, rows, styles)
    elif rows:
        echo(render.table_plain(headers, rows))
    else:
        message("No topics match.")


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


@app.command(
    rich_help_panel="Track progress",
    short_help="One topic: summary, resources, status, dates, notes.",
)
def show(ctx: typer.Context, topic: TopicArg, as_json: JsonOpt = False) -> None:
    """One topic: summary, resources, prerequisites, status, dates and notes."""
    s = session(ctx)
    curriculum, derived = s.curriculum, s.derived
    topic_id = resolve_topic(curriculum, topic)
    entry = curriculum.topic_by_id[topic_id]
    view = topic_with_blockers(curriculum, derived, entry, s.events)
    if as_json:
        print_json(view)
        return
    state = derived.states[topic_id]
    lines = [f"{entry.title} ({entry.id})", f"Step: {view['step_title']}"]
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
        lines.append(f"Estimate: {render.hours_text(entry.estimate_hours)} h")
    if state.confidence is not None:
        lines.append(f"Confidence: {state.confidence}/5")

    lines += render.review_lines(state, clock.now().date())
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
        lines += [f"  - {r.title}: {r.url}" for r in entry.resources]
    journal = render.journal(state, s.events)
    if journal:
        lines += ["", "Notes:"]
        lines += render.journal_lines(journal)
    echo("\n".join(lines))


NoteOpt = Annotated[str | None, typer.Option("--note", help="A note to keep with the change.")]
LinkOpt = Annotated[
    str | None, typer.Option("--link", help="Evidence: a URL (design doc, repo, certificate).")
]
ConfidenceOpt = Annotated[
    int | None,
    typer.Option(
        "--confidence", min=1, max=5, help="How well you know it now, 1-5 (schedules reviews)."
    ),
]


def _record(ctx: typer.Context, action: Action, topics: list[str], **fields: object) -> None:
    """Resolve TOPICs, add one batch of events under the lock, and say what changed."""
    s = session(ctx)
    now = clock.now()
    verbs = {"start": "Started", "done": "Done", "skip": "Skipped", "reset": "Reset"}
    unchanged: list[tuple[str, str]] = []

    def build(progress: Progress, derived: Derived) -> list[Event]:
        ids = resolve_topics(s.curriculum, topics, derived.orphans)
        change = status_change(derived, action, ids, now, **fields)  # type: ignore[arg-type]
        unchanged[:] = change.unchanged
        return change.events

    events = s.change(build)
    if events:
        message(f"{verbs[action]}: {', '.join(e.topic or '' for e in events)}.")
    for topic_id, why in unchanged:
        message(f"{topic_id}: {why}, left as it is.")


@app.command(rich_help_panel="Track progress")
def start(ctx: typer.Context, topics: TopicsArg) -> None:
    """Mark topics as in progress."""
    _record(ctx, "start", topics)


@app.command(rich_help_panel="Track progress")
def done(
    ctx: typer.Context,
    topics: TopicsArg,
    note: NoteOpt = None,
    link: LinkOpt = None,
    confidence: ConfidenceOpt = None,
) -> None:
    """Mark topics as done."""
    text = clean_text(note, "note") if note is not None else None
    _record(ctx, "done", topics, text=text, link=checked_link(link), confidence=confidence)


@app.command(
    rich_help_panel="Track progress", short_help="Mark topics as skipped (they count as complete)."
)
def skip(ctx: typer.Context, topics: TopicsArg) -> None:
    """Mark topics as skipped (already known, or not relevant); they count as complete."""
    _record(ctx, "skip", topics)


@app.command(rich_help_panel="Track progress")
def reset(ctx: typer.Context, topics: TopicsArg) -> None:
    """Put topics back to todo (their history is kept)."""
    _record(ctx, "reset", topics)


@app.command(
    rich_help_panel="Track progress", short_help="Revert the last command that changed progress."
)
def undo(ctx: typer.Context) -> None:
    """Revert the last command that changed progress (all the topics it touched)."""
    s = session(ctx)
    now = clock.now()
    reverted: list[Event] = []

    def build(progress: Progress, derived: Derived) -> list[Event]:
        event, batch = undo_event(progress.events, now)
        reverted[:] = batch
        return [event]

    s.change(build, history=True)
    first = reverted[0]
    topics = ", ".join(dict.fromkeys(e.topic or "" for e in reverted))
    message(f"Undid '{first.action} {topics}' from {first.at:%Y-%m-%d %H:%M}.")


@app.command(
    "next",
    rich_help_panel="Track progress",
    short_help="What to do next: in progress, then available topics.",
)
def next_(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("-n", "--count", min=1, help="How many to show.")] = 5,
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
    curriculum, derived = s.curriculum, s.derived
    suggested = next_topics(curriculum, derived.states)
    if not show_all:
        suggested = suggested[:count]
    blocked = blocked_topics(curriculum, derived.states) if show_all else []
    reasons = _reasons(s, suggested) if explain or as_json else {}
    if as_json:
        views = []
        for topic in suggested:
            view = topic_brief(curriculum, topic, derived.states[topic.id])
            view["reasons"] = reasons[topic.id]
            views.append(view)
        for topic in blocked:
            view = topic_brief(curriculum, topic, derived.states[topic.id])
            view["blocked_by"] = blockers(curriculum, derived.states, topic)
            views.append(view)
        print_json(views)
        return
    from tpmpath.core.review import due_reminder, due_reviews

    # On stderr, text mode only: `next --json` stays an array of topics.
    reminder = due_reminder(len(due_reviews(curriculum, derived.states, clock.now().date())))
    if not suggested and not blocked:
        message("Nothing left to do: every topic is done or skipped. Well done!")
        if reminder:
            message(reminder)
        return
    lines = []
    for topic in suggested:
        state = derived.states[topic.id]
        extra = f"{min(state.count, topic.target)}/{topic.target}" if topic.target else ""
        if state.status == "in_progress" and not extra:
            extra = "in progress"
        lines.append(
            render.topic_line(render.STATUS_MARK[state.status], topic.id, topic.title, extra)
        )
        lines += [f"      - {why}" for why in reasons.get(topic.id, [])]
    if blocked:
        lines += ["", "Blocked:"]
        for topic in blocked:
            waiting = ", ".join(blockers(curriculum, derived.states, topic))
            lines.append(render.topic_line(" ", topic.id, topic.title, f"needs {waiting}"))
    echo("\n".join(lines))
    if reminder:
        message(reminder)


def _reasons(s: Session, topics: list[Topic]) -> dict[str, list[str]]:
    """Why each suggested topic is there (for --explain and --json)."""
    curriculum, states = s.curriculum, s.derived.states
    unblocked_by = unblocks(curriculum)
    step_number = {step.id: n for n, step in enumerate(curriculum.steps, 1)}
    result: dict[str, list[str]] = {}
    for entry in topics:
        state = states[entry.id]
        why = []
        if state.status == "in_progress":
            why.append(
                "in progress" + (f" ({state.count}/{entry.target} logged)" if entry.target else "")
            )
        elif entry.requires:
            why.append("prerequisites met: " + ", ".join(entry.requires))
        else:
            why.append("no prerequisites")
        waiting = [t for t in unblocked_by.get(entry.id, []) if states[t].status == "todo"]
        if waiting:
            why.append("unblocks: " + ", ".join(waiting))
        step = curriculum.step_of[entry.id]
        why.append(f"step {step_number[step.id]} of {len(curriculum.steps)}: {step.title}")
        result[entry.id] = why
    return result


@app.command(rich_help_panel="Track progress")
def history(
    ctx: typer.Context,
    limit: Annotated[
        int | None, typer.Option("-n", "--limit", min=1, help="Show at most N changes.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The changes made, newest first, with their dates."""
    s = session(ctx)
    # With a limit, only the last N events are read (of a large file: validated one by one).
    stored = s.progress.events if limit is None else s.events
    shown = len(stored) if limit is None else min(limit, len(stored))
    events = [stored[len(stored) - 1 - n] for n in range(shown)]
    undone = s.derived.undone
    if as_json:
        print_json([event_view(e, undone) for e in events])
        return
    if not events:
        message("No changes recorded yet.")
        return
    lines = []
    for event in events:
        what = event.action + (f" {event.topic}" if event.topic else "")
        if event.action == "undo":
            what = "undo"
        if event.text:
            what += "  " + render.clip(event.text, 40)
        flag = "  (undone)" if event.batch in undone else ""
        lines.append(f"{event.at:%Y-%m-%d %H:%M}  {what}{flag}")
    echo("\n".join(lines))

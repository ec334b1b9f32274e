"""The reporting commands: `report` (one learner) and `team` (a mentor's roll-up of learners).

A command resolves the format and where the document goes (stdout, or `-o FILE` through the
store); output.documents says what it holds. Both are imported inside the commands: every other
command pays nothing for them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, emit, session
from tpmpath.cli.help import examples
from tpmpath.cli.options import ForceOpt, OutputOpt

if TYPE_CHECKING:
    from tpmpath.output.documents import Content, Document

ReportFormat = Literal["markdown", "json", "csv", "html"]
TeamFormat = Literal["table", "markdown", "json", "csv", "html"]
_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}


def _format(chosen: str | None, output: Path | None, default: str) -> str:
    """The --format given, else the one the -o file's suffix names, else the default."""
    if chosen is not None:
        return chosen
    if output is not None:
        return _SUFFIXES.get(output.suffix.lower(), default)
    return default


def _deliver(
    ctx: typer.Context,
    document: Document,
    chosen: str,
    output: Path | None,
    force: bool,
    protected: list[Path],
) -> None:
    """The document in the format chosen: to stdout, or to FILE, atomically, said on stderr."""
    from tpmpath.output.documents import Written, for_stdout

    content = document.document(chosen)
    if output is None:
        _write_stdout(for_stdout(content, chosen, tty=sys.stdout.isatty()))
        return
    from tpmpath.store import files as store

    s = session(ctx)
    own = s.path
    # Never over the progress store, its backup or its lock, the curriculum in use (nor, for
    # `team`, an input file), nor anywhere in the data or cache folder, even with --force.
    kept = [own, store.backup_path(own), own.with_name(own.name + ".lock"), s.curriculum_path]
    folders = [store.data_dir(), store.cache_dir()]
    store.write_output(
        output, content, force=force, protected=[*kept, *protected], private_dirs=folders
    )
    emit(Written(output))


def _write_stdout(data: Content) -> None:
    """Write a document to stdout; bytes go to the binary layer, not decoded and encoded again."""
    if isinstance(data, str):
        sys.stdout.write(data)
        return
    sys.stdout.flush()  # whatever the text layer holds goes first
    if sum(len(part) for part in data) > _BIG_OUTPUT:
        from tpmpath.store.atomic import widen_pipe

        widen_pipe(sys.stdout)
    for part in data:
        sys.stdout.buffer.write(part)
    sys.stdout.buffer.flush()


_BIG_OUTPUT = 1 << 20


@app.command(
    rich_help_panel="Share",
    short_help="The progress report (markdown, json, csv, html).",
    epilog=examples(
        "tpmpath report", "tpmpath report -o report.html", "tpmpath report --format csv --since 2w"
    ),
)
def report(
    ctx: typer.Context,
    format_: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown (default), json, csv or html; -o FILE.html picks html.",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Only activity on or after this date: 2026-03-02, or 7d, 2w, 1m back.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The progress report: steps, what was completed and when, in progress, next steps, notes."""
    from tpmpath.core.report import build_report, parse_since
    from tpmpath.output.documents import ReportDocument

    s = session(ctx)
    now = clock.now()
    start = parse_since(since, now.date()) if since is not None else None
    state = s.state
    built = build_report(
        s.curriculum,
        state.events,
        state.derived,
        now,
        progress=state.head,
        profile=s.profile,
        since=start,
    )
    document = ReportDocument(built, state.head, state.derived)
    _deliver(ctx, document, _format(format_, output, "markdown"), output, force, [])


@app.command(
    rich_help_panel="Share",
    short_help="A mentor's roll-up of several people's progress.",
    epilog=examples(
        "tpmpath team alice.json bob.json",
        "tpmpath team ~/Dropbox/mentees",
        "tpmpath team exports/*.json --format markdown -o team.md",
    ),
)
def team(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE-OR-DIR...",
            help="Exports (`tpmpath export`) or progress files, one per person, or folders of "
            "them or of learners' data dirs (one learner per subfolder or file).",
            show_default=False,
        ),
    ],
    format_: Annotated[
        TeamFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (default), markdown, json, csv or html; -o FILE.html picks html.",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """A mentor's roll-up: one row per person (named by their profile), percent per step, last
    activity. A learner's several logs (one per device, conflicted copies) count as one."""
    from tpmpath.core.team import rollup
    from tpmpath.output.documents import TeamRollup
    from tpmpath.store import forked
    from tpmpath.store.mentees import Mentees

    s = session(ctx)
    curriculum = s.curriculum
    mentees = Mentees(curriculum, paths, s.cache_dir, jobs=forked.jobs())
    rolled = TeamRollup(rollup(curriculum, mentees.learners(), clock.now()))
    chosen = _format(format_, output, "table")
    if chosen == "table" and output is None:
        emit(rolled)  # the terminal table: Rich on a colour terminal, plain text otherwise
        return
    _deliver(ctx, rolled, chosen, output, force, mentees.read)

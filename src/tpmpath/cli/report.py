"""The reporting commands: `report` (one learner) and `team` (a mentor's roll-up of exports).

The renderers are imported inside the commands: every other command pays nothing for them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, echo, message, session
from tpmpath.cli.options import ForceOpt, OutputOpt

if TYPE_CHECKING:
    from tpmpath.core.models import Progress
    from tpmpath.core.progress import Derived
    from tpmpath.core.report import Report
    from tpmpath.core.team import Team

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


def _emit(
    ctx: typer.Context,
    text: str | list[bytes],
    output: Path | None,
    force: bool,
    protected: list[Path],
    *,
    json: bool = False,
) -> None:
    """Print to stdout, or write FILE atomically and say so on stderr.

    JSON is compact, for scripts and files; on a terminal it is indented for a person. Like
    every `--json`, it goes out as encoded: JSON escapes the control characters `echo` drops.
    """
    if output is None and json:
        if sys.stdout.isatty():
            from tpmpath.output.views import reindent

            text = reindent(text if isinstance(text, str) else b"".join(text))
        _write_stdout(text)
        return
    if output is None:
        echo(text if isinstance(text, str) else b"".join(text).decode(), nl=False)
        return
    from tpmpath.store import files as store

    s = session(ctx)
    own = s.path
    # Never over the progress store, its backup or its lock, the curriculum in use (nor, for
    # `team`, an input file), nor anywhere in the data or cache folder, even with --force.
    kept = [own, store.backup_path(own), own.with_name(own.name + ".lock"), s.curriculum_path]
    folders = [store.data_dir(), store.cache_dir()]
    store.write_output(
        output, text, force=force, protected=[*kept, *protected], private_dirs=folders
    )
    message(f"Wrote {output}")


def _write_stdout(data: str | list[bytes]) -> None:
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


@app.command(rich_help_panel="Share", short_help="The progress report (markdown, json, csv, html).")
def report(
    ctx: typer.Context,
    format_: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
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

    s = session(ctx)
    now = clock.now()
    start = parse_since(since, now.date()) if since is not None else None
    state = s.state
    curriculum, progress, derived = s.curriculum, state.head, state.derived
    data = build_report(curriculum, state.events, derived, now, profile=s.profile, since=start)
    chosen = _format(format_, output, "markdown")
    text = _report_text(data, chosen, progress, derived)
    _emit(ctx, text, output, force, [], json=chosen == "json")


def _report_text(
    data: Report, chosen: str, progress: Progress, derived: Derived
) -> str | list[bytes]:
    """The report as a document in one format (JSON: UTF-8 bytes in parts, as encoded)."""
    if chosen == "json":
        from tpmpath.output.report_json import report_json

        return report_json(data, progress, derived)
    if chosen == "csv":
        from tpmpath.output.csv_report import render_csv

        return render_csv(data)
    if chosen == "html":
        from tpmpath.output.html_report import render_html

        return render_html(data)
    from tpmpath.output.markdown import render_markdown

    return render_markdown(data)


@app.command(rich_help_panel="Share", short_help="A mentor's roll-up of several people's exports.")
def team(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Progress exports (`tpmpath export`) or progress files, one per person.",
            show_default=False,
        ),
    ],
    format_: Annotated[
        TeamFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table (default), markdown, json, csv or html; -o FILE.html picks html.",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """A mentor's roll-up: one row per person (the file name), percent per step, last activity."""
    from tpmpath.core.team import rollup
    from tpmpath.store.exports import member_name, read_export

    curriculum = session(ctx).curriculum
    # The same file twice (a shell glob plus a name) is one person, not two rows.
    unique = list({path.resolve(): path for path in reversed(files)}.values())[::-1]
    people = []
    for path in unique:
        progress = read_export(path, curriculum)
        people.append((member_name(path, progress), str(path), progress))
    data = rollup(curriculum, people, clock.now())
    chosen = _format(format_, output, "table")
    if chosen == "table" and output is None:
        _print_team_table(data)
        return
    _emit(ctx, _team_text(data, chosen), output, force, unique, json=chosen == "json")


def _team_text(data: Team, chosen: str) -> str:
    """The roll-up as a document in one format (table: the plain text table)."""
    from tpmpath.output import team_formats

    if chosen == "json":
        from tpmpath.output.views import json_text

        return json_text(team_formats.team_view(data), pretty=False)
    if chosen == "markdown":
        return team_formats.render_markdown(data)
    if chosen == "csv":
        return team_formats.render_csv(data)
    if chosen == "html":
        return team_formats.render_html(data)
    from tpmpath.output import render

    headers, rows = team_formats.table_rows(data)
    return render.table_plain(headers, rows) + "\n\n" + team_formats.legend(data) + "\n"


def _print_team_table(data: Team) -> None:
    """The roll-up in the terminal: Rich on a TTY, plain aligned text otherwise."""
    from tpmpath.output import render, team_formats

    if not render.fancy():
        echo(_team_text(data, "table"), nl=False)
        return
    headers, rows = team_formats.table_rows(data)
    render.table_rich(headers, rows, [None] * len(rows))
    echo("\n" + team_formats.legend(data))

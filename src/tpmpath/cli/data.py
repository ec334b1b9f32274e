"""Where progress lives, backups and the way out of a damaged file: `where`, `export`,
`import` and `recover`."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

import sys
from pathlib import Path
from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, emit, session
from tpmpath.cli.help import examples
from tpmpath.cli.options import ForceOpt, OutputOpt
from tpmpath.store import files as store

ImportArg = Annotated[
    Path,
    typer.Argument(
        metavar="FILE", help="A file from `tpmpath export` ('-' reads stdin).", show_default=False
    ),
]


@app.command(
    rich_help_panel="Data and curricula",
    epilog=examples("tpmpath where", "tpmpath --profile alice where"),
)
def where(ctx: typer.Context) -> None:
    """Print the absolute path of the active progress file."""
    from tpmpath.output.data import ProgressPath

    emit(ProgressPath(session(ctx).path))


@app.command(
    "import",
    rich_help_panel="Data and curricula",
    short_help="Merge an export back in (by event id).",
    epilog=examples(
        "tpmpath import backup.json --dry-run",
        "tpmpath import backup.json",
        "tpmpath export | ssh laptop tpmpath import -",
    ),
)
def import_(
    ctx: typer.Context,
    file: ImportArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would be imported; change nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Import another learner's export into this profile anyway."),
    ] = False,
) -> None:
    """Bring back an export: add the changes it has that this profile lacks (merged by event id).

    The import is one step: `tpmpath undo` right after it removes what it added.
    """
    from tpmpath.output.data import Imported
    from tpmpath.store.exports import read_import

    s = session(ctx)
    incoming = read_import(file, s.curriculum.id, sys.stdin.buffer)
    merge = s.store.import_(incoming, str(file), clock.now(), dry_run=dry_run, force=force)
    emit(Imported(merge, file, dry_run))


@app.command(
    rich_help_panel="Data and curricula",
    short_help="This profile's full progress as JSON (a backup).",
    epilog=examples("tpmpath export -o backup.json", "tpmpath --profile alice export > alice.json"),
)
def export(ctx: typer.Context, output: OutputOpt = None, force: ForceOpt = False) -> None:
    """Print this profile's full progress as JSON (every event): a backup `import` reads back."""
    from tpmpath.output.data import Exported

    s = session(ctx)
    progress = s.store.export()
    text = store.serialize(progress, indent=2).decode()
    if output is None:
        sys.stdout.write(text)
        return
    own = [s.path, store.backup_path(s.path), s.path.with_name(s.path.name + ".lock")]
    own.append(s.curriculum_path)
    folders = [store.data_dir(), store.cache_dir()]  # never inside them, even with --force
    store.write_output(output, text, force=force, protected=own, private_dirs=folders)
    emit(Exported(len(progress.events), output))


@app.command(
    rich_help_panel="Data and curricula",
    short_help="Move a damaged progress file aside; restore a backup.",
    epilog=examples("tpmpath recover"),
)
def recover(ctx: typer.Context) -> None:
    """Restore the last good backup of a damaged (or missing) progress file; the damaged one is
    kept beside it as `.corrupt-<time>`."""
    from tpmpath.output.data import Recovered

    emit(Recovered(session(ctx).store.recover(clock.now())))

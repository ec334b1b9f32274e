"""Where progress lives, backups and the way out of a damaged file: `where`, `export`,
`import` and `recover`."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, echo, message, session
from tpmpath.cli.options import ForceOpt, OutputOpt
from tpmpath.core.changes import Merge
from tpmpath.store import files as store


def _summary(merge: Merge, file: Path, *, dry_run: bool) -> list[str]:
    """What an import added (or, with --dry-run, would add), and the settings that differ."""
    lines = []
    if not merge.changed:
        lines.append(f"Nothing new to import from {file}: this profile already has all of it.")
    else:
        parts = []
        if merge.added:
            count = len(merge.added)
            parts.append(f"{count} new event{'' if count == 1 else 's'}")
        if merge.filled:
            parts.append(f"the setting(s) {', '.join(_key(n) for n in merge.filled)}")
        verb = "Would import" if dry_run else "Imported"
        lines.append(f"{verb} {' and '.join(parts)} from {file}.")
        if dry_run:
            for topic, count in sorted(merge.per_topic().items()):
                lines.append(f"  {topic or '(no topic)'}: {count} event{'' if count == 1 else 's'}")
    for name, (ours, theirs) in merge.differing.items():
        lines.append(f"Kept your {_key(name)} {_text(ours)}; the export has {_text(theirs)}.")
    if merge.changed and not dry_run:
        lines.append("`tpmpath undo` reverts this import.")
    return lines


def _key(field: str) -> str:
    return field.replace("_", "-")


def _text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


ImportArg = Annotated[
    Path,
    typer.Argument(help="A file from `tpmpath export` ('-' reads stdin).", show_default=False),
]


@app.command(rich_help_panel="Data and curricula")
def where(ctx: typer.Context) -> None:
    """Print the absolute path of the active progress file."""
    echo(str(session(ctx).path))


@app.command(
    "import",
    rich_help_panel="Data and curricula",
    short_help="Merge an export back in (by event id).",
)
def import_(
    ctx: typer.Context,
    file: ImportArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would be imported; change nothing.")
    ] = False,
) -> None:
    """Bring back an export: add the changes it has that this profile lacks (merged by event id).

    The import is one step: `tpmpath undo` right after it removes what it added.
    """
    from tpmpath.store.exports import read_import

    s = session(ctx)
    incoming = read_import(file, s.curriculum.id, sys.stdin.buffer)
    merge = s.store.import_(incoming, str(file), clock.now(), dry_run=dry_run)
    for line in _summary(merge, file, dry_run=dry_run):
        message(line)


@app.command(
    rich_help_panel="Data and curricula",
    short_help="This profile's full progress as JSON (a backup).",
)
def export(ctx: typer.Context, output: OutputOpt = None, force: ForceOpt = False) -> None:
    """Print this profile's full progress as JSON (every event): a backup `import` reads back."""
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
    count = len(progress.events)
    message(f"Exported {count} event{'' if count == 1 else 's'} to {output}.")


@app.command(
    rich_help_panel="Data and curricula",
    short_help="Move a damaged progress file aside; restore a backup.",
)
def recover(ctx: typer.Context) -> None:
    """Restore the last good backup of a damaged (or missing) progress file; the damaged one is
    kept beside it as `.corrupt-<time>`."""
    message(session(ctx).store.recover(clock.now()))

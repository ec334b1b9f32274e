"""Where progress lives, backups and the way out of a damaged file: `where`, `export`,
`import` and `recover`."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, echo, message, session
from tpmpath.core.changes import merge_events
from tpmpath.core.models import Progress, Settings
from tpmpath.errors import InvalidInputError, ProgressFileError
from tpmpath.store import files as store


@dataclass
class Merged:
    """What an import added: events, and settings that were unset here."""

    events: int = 0
    settings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.events or self.settings)


def merge_import(local: Progress, incoming: Progress) -> Merged:
    """Add the incoming events that local lacks (by id); fill only the settings local left unset."""
    before = len(local.events)
    local.events = merge_events(local.events, incoming.events)
    filled = [
        name
        for name in Settings.model_fields
        if getattr(local.settings, name) is None and getattr(incoming.settings, name) is not None
    ]
    for name in filled:
        setattr(local.settings, name, getattr(incoming.settings, name))
    if local.created_at is None:
        local.created_at = incoming.created_at
    return Merged(len(local.events) - before, filled)


def read_import(file: Path, curriculum_id: str) -> Progress:
    """Validate an export with the progress file's parser: old schemas upgraded, new refused."""
    try:
        data = (
            store.read_limited(sys.stdin.buffer, file)
            if str(file) == "-"
            else store.read_bytes(file, allow_pipe=True)
        )
        if data is None:
            raise InvalidInputError(f"{file} does not exist: nothing was imported.")
        incoming, _ = store.parse_progress(data, file)
    except store.TooNewError:
        raise
    except ProgressFileError as error:
        raise InvalidInputError(
            f"Nothing was imported: {error.message}",
            hint="Import a file written by `tpmpath export`; your progress was left unchanged.",
        ) from None
    if incoming.curriculum_id != curriculum_id:
        raise InvalidInputError(
            f"{file} holds progress for curriculum '{incoming.curriculum_id}', but the "
            f"curriculum in use is '{curriculum_id}': nothing was imported.",
            hint="Import it with that curriculum: `tpmpath --curriculum CURRICULUM.yaml import`.",
        )
    return incoming


def _summary(merged: Merged, file: Path) -> str:
    if not merged.changed:
        return f"Nothing new to import from {file}: this profile already has all of it."
    parts = []
    if merged.events:
        parts.append(f"{merged.events} new event{'' if merged.events == 1 else 's'}")
    if merged.settings:
        parts.append(f"the setting(s) {', '.join(merged.settings)}")
    return f"Imported {' and '.join(parts)} from {file}."


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
def import_(ctx: typer.Context, file: ImportArg) -> None:
    """Bring back an export: add the changes it has that this profile lacks (merged by event id)."""
    s = session(ctx)
    curriculum_id = s.curriculum.id
    incoming = read_import(file, curriculum_id)
    with store.transaction(s.path, curriculum_id) as tx:
        merged = merge_import(tx.progress, incoming)
        if merged.changed:
            s.stamp(tx.progress)
            tx.commit()
    message(_summary(merged, file))


OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE instead of stdout.", show_default=False),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")]


@app.command(
    rich_help_panel="Data and curricula",
    short_help="This profile's full progress as JSON (a backup).",
)
def export(ctx: typer.Context, output: OutputOpt = None, force: ForceOpt = False) -> None:
    """Print this profile's full progress as JSON (every event): a backup `import` reads back."""
    s = session(ctx)
    progress = s.progress
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
    """Move a damaged progress file aside and restore the last good backup (or start fresh)."""
    s = session(ctx)
    from tpmpath.store.recovery import recover

    message(recover(s.path, s.curriculum.id, clock.now()))

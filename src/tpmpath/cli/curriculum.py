"""Commands about curricula: `curriculum validate`, `curriculum init`, and `curricula`."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

from pathlib import Path
from typing import Annotated, Any

import typer

from tpmpath.cli.app import MARKUP, app, echo, message, print_json, session
from tpmpath.cli.options import JsonOpt
from tpmpath.errors import CurriculumError
from tpmpath.store import files as store

curriculum_app = typer.Typer(
    help="Check or start a curriculum file.", no_args_is_help=True, rich_markup_mode=MARKUP
)
app.add_typer(curriculum_app, name="curriculum", rich_help_panel="Data and curricula")

FileArg = Annotated[Path, typer.Argument(help="The curriculum YAML file.", show_default=False)]


@curriculum_app.command("validate")
def validate(file: FileArg) -> None:
    """Check a curriculum file: every problem as FILE:LINE:COLUMN: message; exit 0 if valid."""
    from tpmpath.curriculum.loader import check_curriculum_file

    problems = check_curriculum_file(file)
    if problems:
        count = len(problems)
        raise CurriculumError(
            problems, hint=f"{count} problem{'s' if count != 1 else ''} found in {file}."
        )
    message(f"{file} is a valid curriculum.")


@curriculum_app.command("init")
def init(
    file: FileArg,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter curriculum to FILE, ready to edit."""
    from tpmpath.curriculum.loader import default_curriculum_path
    from tpmpath.curriculum.starter import STARTER_CURRICULUM

    shipped = [default_curriculum_path()]
    folders = [store.data_dir(), store.cache_dir()]
    store.write_output(
        file, STARTER_CURRICULUM, force=force, protected=shipped, private_dirs=folders
    )
    message(f"Wrote {file}. Edit it, check it with `tpmpath curriculum validate {file}`,")
    message(f"and use it with `tpmpath --curriculum {file} status`.")


@app.command(rich_help_panel="Data and curricula")
def curricula(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The curricula this profile has progress in."""
    s = session(ctx)
    from tpmpath.store.profiles import curricula as held

    rows: list[dict[str, Any]] = [
        {
            "curriculum_id": h.curriculum_id,
            "path": str(h.path),
            "version": h.version,
            "events": h.events,
            "last_activity": h.last_activity.isoformat() if h.last_activity else None,
            "error": h.error,
        }
        for h in held(s.profile)
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        message(f"Profile '{s.profile}' has no progress yet.")
        return
    for row in rows:
        if row["error"]:
            echo(f"{row['curriculum_id']:<24} damaged: {row['error']}")
            continue
        last = row["last_activity"][:10] if row["last_activity"] else "never"
        echo(
            f"{row['curriculum_id']:<24} v{row['version'] or '?':<10} "
            f"{row['events']:>6} changes, last {last}"
        )

"""Commands about curricula and profiles: `curriculum validate`, `curriculum init`, `curricula`
and `profiles`."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

from pathlib import Path
from typing import Annotated

import typer

from tpmpath.cli.app import MARKUP, app, emit, session
from tpmpath.cli.help import examples
from tpmpath.cli.options import JsonOpt
from tpmpath.errors import CurriculumError
from tpmpath.store import files as store

curriculum_app = typer.Typer(
    help="Check or start a curriculum file.",
    epilog=examples(
        "tpmpath curriculum init my-path.yaml", "tpmpath curriculum validate my-path.yaml"
    ),
    no_args_is_help=True,
    rich_markup_mode=MARKUP,
)
app.add_typer(curriculum_app, name="curriculum", rich_help_panel="Data and curricula")

FileArg = Annotated[
    Path, typer.Argument(metavar="FILE", help="The curriculum YAML file.", show_default=False)
]


@curriculum_app.command("validate", epilog=examples("tpmpath curriculum validate my-path.yaml"))
def validate(file: FileArg) -> None:
    """Check a curriculum file; exit 0 if valid.

    Every problem is printed as FILE:LINE:COLUMN: message.
    """
    from tpmpath.curriculum.loader import check_curriculum_file
    from tpmpath.output.curricula import CurriculumValid

    problems = check_curriculum_file(file)
    if problems:
        count = len(problems)
        raise CurriculumError(
            problems, hint=f"{count} problem{'s' if count != 1 else ''} found in {file}."
        )
    emit(CurriculumValid(file))


@curriculum_app.command(
    "init",
    epilog=examples(
        "tpmpath curriculum init my-path.yaml", "tpmpath --curriculum my-path.yaml status"
    ),
)
def init(
    file: FileArg,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter curriculum to FILE, ready to edit."""
    from tpmpath.curriculum.loader import default_curriculum_path
    from tpmpath.curriculum.starter import STARTER_CURRICULUM
    from tpmpath.output.curricula import StarterWritten

    shipped = [default_curriculum_path()]
    folders = [store.data_dir(), store.cache_dir()]
    store.write_output(
        file, STARTER_CURRICULUM, force=force, protected=shipped, private_dirs=folders
    )
    emit(StarterWritten(file))


@app.command(
    rich_help_panel="Data and curricula",
    epilog=examples("tpmpath curricula", "tpmpath curricula --json"),
)
def curricula(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The curricula this profile has progress in."""
    from tpmpath.output.curricula import Curricula
    from tpmpath.store.profiles import curricula as held

    profile = session(ctx).profile
    emit(Curricula(profile, held(profile)), as_json)


@app.command(
    rich_help_panel="Data and curricula",
    short_help="Every profile: progress, changes, last activity.",
    epilog=examples("tpmpath profiles", "tpmpath profiles --json"),
)
def profiles(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every profile: its progress on the curriculum in use, changes and last activity."""
    from tpmpath.core.progress import summarize
    from tpmpath.errors import TpmpathError
    from tpmpath.output.profiles import ProfileRow, Profiles
    from tpmpath.store.profiles import profiles as stored
    from tpmpath.store.progress_store import ProgressStore

    s = session(ctx)
    curriculum = s.curriculum
    rows = []
    for profile in stored():
        overall = None
        if any(h.curriculum_id == curriculum.id and not h.error for h in profile.held):
            path = store.progress_path(profile.name, curriculum.id)
            try:
                state = ProgressStore(path, curriculum, s.cache_dir, profile.name).read()
                overall = summarize(curriculum, state.derived.states)[-1]
            except TpmpathError:
                pass  # a damaged file: `curricula` and `doctor` say why
        rows.append(ProfileRow(profile, overall))
    emit(Profiles(rows, s.profile, curriculum.id), as_json)

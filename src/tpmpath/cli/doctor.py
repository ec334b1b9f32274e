"""`doctor`: the health of this profile's progress files in a synced data dir."""

# No `from __future__ import annotations`: see app.py.

from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, emit, session
from tpmpath.cli.help import examples
from tpmpath.cli.options import JsonOpt


@app.command(
    rich_help_panel="Data and curricula",
    short_help="Check the progress files (sync conflicts, damage); --fix folds copies in.",
    epilog=examples(
        "tpmpath doctor",
        "tpmpath doctor --fix",
        "tpmpath --profile alice doctor --json",
    ),
)
def doctor(
    ctx: typer.Context,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Fold conflicted copies into this device's log or settings (then rename them).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check this profile's progress files: copies a sync engine made when two devices wrote
    one file, files that cannot be read, a log two devices claim, a missing log with a backup,
    temporaries a killed command left. Exits 1 when something needs attention.

    With --fix, the copies are folded into this device's own log (one step `tpmpath undo`
    reverts), copies of a profile file's settings into this device's profile file, and renamed
    `<name>.folded`: nothing is deleted.
    """
    from tpmpath.output.doctor import Doctor
    from tpmpath.store import doctor as checks

    store = session(ctx).store
    checkup = checks.fix(store, clock.now()) if fix else checks.check(store)
    store.warnings.clear()  # the checkup says more about a log that could not be read
    emit(Doctor(checkup), as_json)
    if not checkup.healthy:
        raise typer.Exit(1)

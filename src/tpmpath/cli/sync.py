"""`tpmpath sync`: commit, pull and push a data dir that is a git repository (store.gitsync)."""

# No `from __future__ import annotations`: see app.py.

from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, emit
from tpmpath.cli.help import examples
from tpmpath.store import files as store


@app.command(
    rich_help_panel="Data and curricula",
    short_help="Commit, pull and push a data dir that is a git repository.",
    epilog=examples("tpmpath sync", "tpmpath sync --json"),
)
def sync(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was synced as JSON on stdout.")
    ] = False,
) -> None:
    """Sync this device's progress through git: commit the data dir's progress and profile
    files, pull the other devices' commits (rebased) and push. Set it up once with `git init`
    and `git remote add origin URL` in the data dir (`tpmpath where` shows where it is)."""
    import os
    import platform
    from dataclasses import asdict

    from tpmpath.output.sync import SyncSummary
    from tpmpath.store.gitsync import sync as run_sync

    device = os.environ.get("TPMPATH_DEVICE") or platform.node() or "a device"
    message = f"tpmpath: {device} {clock.now():%Y-%m-%d %H:%M}"
    synced = run_sync(store.data_dir(), message)
    fields = asdict(synced) | {"repository": str(synced.repository)}
    emit(SyncSummary(**fields), as_json=as_json)

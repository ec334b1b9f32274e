"""The option types several commands share, declared once so that they read and behave alike."""

# No `from __future__ import annotations`: see app.py.

from pathlib import Path
from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of stdout.",
        dir_okay=False,
        show_default=False,
    ),
]
LinkOpt = Annotated[
    str | None,
    typer.Option("--link", metavar="URL", help="Evidence: a URL (design doc, repo, certificate)."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="When it happened, YYYY-MM-DD (today if left out); kept with when it was recorded.",
        show_default=False,
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", metavar="HH:MM", help="At what time it happened.", show_default=False),
]

"""Regenerate docs/status.svg: `tpmpath status` on a colour terminal, for the README.

Usage: .venv/bin/python scripts/screenshot_status.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console

OUT = Path(__file__).resolve().parents[1] / "docs" / "status.svg"


def main() -> None:
    """Record a demo profile's status with a recording Rich console and save it as SVG."""
    os.environ["TPMPATH_DATA_DIR"] = tempfile.mkdtemp()
    os.environ["TPMPATH_NOW"] = "2026-11-25T19:30:00+00:00"
    from tpmpath.cli.main import app
    from tpmpath.output import render

    def run(*args: str) -> None:
        app(list(args), standalone_mode=False)

    run("done", "api-basics", "sql-basics", "programming-fundamentals")
    run("start", "microservices")
    run("log", "join-technical-discussions", "Asked why the payments API needs a queue")
    console = Console(
        record=True, width=88, force_terminal=True, color_system="truecolor", highlight=False
    )
    draw = render.status_rich

    def recorded(*args: Any, **kwargs: Any) -> None:
        draw(*args, console=console)

    render.status_rich = recorded  # type: ignore[assignment]
    render.fancy = lambda: True
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - only the recording matters
    run("status")
    console.save_svg(str(OUT), title="tpmpath status")


if __name__ == "__main__":
    main()

"""The help floor: a one-command Typer app printing its Rich `--help` (for comparison only).

Typer renders help with Rich (typer.rich_utils imports rich.console, rich.markdown, rich.syntax
and rich.traceback), so any Typer CLI pays this for `--help`; tpmpath's `--help` is compared with
it as well as with the stack floor.
"""

from __future__ import annotations

import typer
from pydantic import BaseModel


class Floor(BaseModel):
    """One small model, so pydantic's model machinery is counted once."""

    name: str
    count: int = 0


app = typer.Typer(help="The help floor.")


@app.command()
def show(name: str = typer.Option("x", help="A name.")) -> None:
    """Print a name."""
    typer.echo(Floor(name=name).name)


@app.callback()
def main() -> None:
    """The help floor."""


if __name__ == "__main__":
    app()

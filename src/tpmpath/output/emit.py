"""The one place a command's result is written: JSON for scripts, or text for a person.

A command returns a result object (see `Result`); `emit` picks the form: JSON when asked
(indented on a terminal, compact when piped, like `gh`), Rich on a colour terminal when the result
can draw itself, plain text otherwise; text fits the width `render.width` finds. Data goes to
`out`, messages to `err`; text from data never carries control characters to the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TextIO, runtime_checkable

from tpmpath.core.text import printable
from tpmpath.output import render


class Result(Protocol):
    """What a command hands to `emit`."""

    def data(self) -> object:
        """The JSON document (`--json`), built from the models."""

    def text(self) -> str:
        """Text for a person, for a pipe, a file or NO_COLOR ("" when there is none)."""

    def notes(self, *, as_json: bool) -> Sequence[str]:
        """Messages for stderr (what changed, a hint, "nothing matches"): with `--json`, only
        those a script should see too."""


class Notice:
    """A result that only says something on stderr (`notes`): stdout stays empty, and `--json`
    gets `data` (None, unless the subclass has something for scripts)."""

    def data(self) -> object:
        return None

    def text(self) -> str:
        return ""


@runtime_checkable
class Drawable(Protocol):
    """A result that draws itself with Rich on a colour terminal."""

    def draw(self, console: Any) -> None:
        """Print to a Rich console (Rich is imported only by whoever calls this)."""


@runtime_checkable
class Fitted(Protocol):
    """A result whose text is laid out for the terminal's width (titles shrink to fit)."""

    def text_for(self, width: int) -> str:
        """`text()` in `width` columns: ids and numbers whole, titles clipped or wrapped."""


def emit(result: Result, *, as_json: bool, out: TextIO, err: TextIO) -> None:
    """Write `result` in the one form asked for, in the width of `out` (see `render.width`)."""
    if as_json:
        from tpmpath.output.views import json_text

        out.write(json_text(result.data(), pretty=out.isatty()))
    elif isinstance(result, Drawable) and render.fancy(out):
        from rich.console import Console

        result.draw(Console(file=out, highlight=False, width=render.width(out)))
    else:
        text = result.text_for(render.width(out)) if isinstance(result, Fitted) else result.text()
        if text:
            out.write(printable(text) + "\n")
    for note in result.notes(as_json=as_json):
        err.write(printable(note) + "\n")

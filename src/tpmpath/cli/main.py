"""The console script: the app with every command registered."""

from __future__ import annotations

import gc
import os
import sys

# Typer, Pydantic and the commands create some 50,000 tracked objects as they import, which the
# cycle collector would scan again and again (about 35 ms of a 200 ms start). Pause it while they
# import, then freeze them: they live until the process exits, so no collection needs to see them.
_collecting = gc.isenabled()
gc.disable()

# The import order is the order of the help panels: isort must not sort it.
# isort: off
from tpmpath.cli import topics  # noqa: E402, F401  (each module registers its commands)
from tpmpath.cli import practice  # noqa: E402, F401
from tpmpath.cli import gaps  # noqa: E402, F401
from tpmpath.cli import skills  # noqa: E402, F401
from tpmpath.cli import plan  # noqa: E402, F401
from tpmpath.cli import config  # noqa: E402, F401
from tpmpath.cli import report  # noqa: E402, F401
from tpmpath.cli import data  # noqa: E402, F401
from tpmpath.cli import sync  # noqa: E402, F401
from tpmpath.cli import curriculum  # noqa: E402, F401
from tpmpath.cli import doctor  # noqa: E402, F401

# isort: on
from tpmpath.cli.app import app  # noqa: E402

gc.freeze()
if _collecting:
    gc.enable()


def main() -> None:
    """Run the app; a closed pipe or Ctrl-C ends quietly."""
    # One short command: reference counting frees what it drops, and the cycle collector would
    # only rescan what it keeps (a third of the time of reading 100,000 events).
    gc.disable()
    try:
        app(prog_name="tpmpath")  # standalone: it ends with SystemExit
        code = 0
    except SystemExit as ended:
        code = _exit_code(ended.code)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        code = 130
    except BrokenPipeError:
        code = 1
    _exit(code)


def _exit_code(value: object) -> int:
    """What SystemExit's argument means as an exit status (its text goes to stderr)."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    sys.stderr.write(f"{value}\n")
    return 1


def _exit(code: int) -> None:
    """Flush what the command wrote, then end without the interpreter's teardown.

    Everything tpmpath writes is closed by then (files, the lock, temporaries); what is left is
    freeing every object one by one, which costs 15 ms after a report of 100,000 events.
    """
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # a closed pipe (`tpmpath history | head`)
        code = code or 1
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)

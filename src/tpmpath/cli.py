"""The console script: the app with every command registered."""

from __future__ import annotations

import gc
import sys

# Typer, Pydantic and the commands create some 50,000 tracked objects as they import, which the
# cycle collector would scan again and again (about 35 ms of a 200 ms start). Pause it while they
# import, then freeze them: they live until the process exits, so no collection needs to see them.
_collecting = gc.isenabled()
gc.disable()

from tpmpath import (  # noqa: E402
    commands_config,  # noqa: F401
    commands_core,  # noqa: F401  (each commands_* module registers on `app`)
    commands_curriculum,  # noqa: F401
    commands_data,  # noqa: F401
    commands_plan,  # noqa: F401
    commands_practice,  # noqa: F401
    commands_report,  # noqa: F401
)
from tpmpath.cliapp import app  # noqa: E402

gc.freeze()
if _collecting:
    gc.enable()


def main() -> None:
    """Run the app; a closed pipe or Ctrl-C ends quietly."""
    # One short command: reference counting frees what it drops, and the cycle collector would
    # only rescan what it keeps (a third of the time of reading 100,000 events).
    gc.disable()
    try:
        app(prog_name="tpmpath")
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)

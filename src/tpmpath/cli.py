"""The console script: the app with every command registered."""

from __future__ import annotations

import gc
import sys

# Typer, Pydantic and the commands create some 50,000 tracked objects as they import, which the
# cycle collector would scan again and again (about 35 ms of a 200 ms start). Pause it while they
# import, then freeze them: they live until the process exits, so no collection needs to see them.
_collecting = gc.isenabled()
gc.disable()

# The import order is the order of the help panels: isort must not sort it.
# isort: off
from tpmpath import commands_core  # noqa: E402, F401  (each module registers its commands)
from tpmpath import commands_practice  # noqa: E402, F401
from tpmpath import commands_plan  # noqa: E402, F401
from tpmpath import commands_config  # noqa: E402, F401
from tpmpath import commands_report  # noqa: E402, F401
from tpmpath import commands_data  # noqa: E402, F401
from tpmpath import commands_curriculum  # noqa: E402, F401

# isort: on
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
    finally:
        # What the command read dies with the process: without this, the collection Python runs
        # at exit would walk all of it (0.15 s after reading 100,000 events).
        gc.freeze()

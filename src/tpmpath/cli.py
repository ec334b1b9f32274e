"""The console script: the app with every command registered."""

from __future__ import annotations

import sys

from tpmpath import (
    commands_core,  # noqa: F401  (each commands_* module registers on `app`)
    commands_curriculum,  # noqa: F401
    commands_data,  # noqa: F401
    commands_plan,  # noqa: F401
    commands_practice,  # noqa: F401
    commands_report,  # noqa: F401
)
from tpmpath.cliapp import app


def main() -> None:
    """Run the app; a closed pipe or Ctrl-C ends quietly."""
    try:
        app(prog_name="tpmpath")
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)

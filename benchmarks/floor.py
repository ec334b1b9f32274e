"""The stack floor: what any Typer + Rich + Pydantic CLI pays before doing any work.

Imports typer and rich.table, defines one pydantic BaseModel, and exits. tpmpath's everyday
commands are measured against this (see benchmarks/README.md).
"""

from __future__ import annotations

import rich.table  # noqa: F401
import typer  # noqa: F401
from pydantic import BaseModel


class Floor(BaseModel):
    """One small model, so pydantic's model machinery is counted once."""

    name: str
    count: int = 0

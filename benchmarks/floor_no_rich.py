"""The stack floor without Rich: floor.py minus `import rich.table` (for comparison only)."""

from __future__ import annotations

import typer  # noqa: F401
from pydantic import BaseModel


class Floor(BaseModel):
    """One small model, so pydantic's model machinery is counted once."""

    name: str
    count: int = 0

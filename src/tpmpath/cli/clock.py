"""The one place that reads the clock, so tests can fix it (TPMPATH_NOW)."""

from __future__ import annotations

import os
from datetime import datetime

from tpmpath.core.models import EARLIEST, LATEST
from tpmpath.errors import InvalidInputError


def now() -> datetime:
    """The current local time, timezone-aware; `$TPMPATH_NOW` (ISO 8601) overrides it."""
    fixed = os.environ.get("TPMPATH_NOW")
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            raise InvalidInputError(
                f"TPMPATH_NOW={fixed!r} is not an ISO 8601 date and time."
            ) from None
        # Checked by year first: a naive moment in year 1 cannot even take the local zone.
        if not EARLIEST.year < moment.year < LATEST.year:
            raise InvalidInputError(
                f"TPMPATH_NOW={fixed!r} is out of range: give a moment after {EARLIEST.year} "
                f"and before {LATEST.year}."
            )
        return moment if moment.tzinfo else moment.astimezone()
    return datetime.now().astimezone()

"""The one place that reads the clock, so tests can fix it (TPMPATH_NOW)."""

from __future__ import annotations

import os
from datetime import datetime

from tpmpath.core.models import EARLIEST, LATEST
from tpmpath.errors import InvalidInputError


def now() -> datetime:
    """The current local time, timezone-aware; `$TPMPATH_NOW` (ISO 8601) overrides it."""
    fixed = os.environ.get("TPMPATH_NOW")
    if not fixed:
        current = datetime.now().astimezone()
        return _in_range(current, f"The system clock ({current.isoformat()})")
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise InvalidInputError(
            f"TPMPATH_NOW={fixed!r} is not an ISO 8601 date and time."
        ) from None
    what = f"TPMPATH_NOW={fixed!r}"
    # Checked by year first: a naive moment in year 1 cannot even take the local zone.
    if not EARLIEST.year < moment.year < LATEST.year:
        raise _out_of_range(what)
    return _in_range(moment if moment.tzinfo else moment.astimezone(), what)


def _in_range(moment: datetime, what: str) -> datetime:
    """The moment, if events dated by it are valid: the models' bounds are in UTC."""
    if not EARLIEST <= moment < LATEST:
        raise _out_of_range(what)
    return moment


def _out_of_range(what: str) -> InvalidInputError:
    return InvalidInputError(
        f"{what} is out of range: give a moment after {EARLIEST.year} and before "
        f"{LATEST.year} (in UTC)."
    )

"""The per-profile settings `config` manages: their keys, and how a value is read and checked."""

from __future__ import annotations

import difflib
from datetime import date
from typing import NamedTuple

from tpmpath.core import planning
from tpmpath.core.models import Settings
from tpmpath.errors import InvalidInputError

Value = float | date
"""A setting's value: hours a week, or a date."""


class Setting(NamedTuple):
    """A KEY of `config`: the Settings field it sets, and what it means."""

    field: str
    about: str


SETTINGS: dict[str, Setting] = {
    "hours-per-week": Setting("hours_per_week", "hours you plan to learn a week (0.25 to 168)"),
    "target-date": Setting("target_date", "the date you aim to finish by (YYYY-MM-DD)"),
}


def setting_key(text: str) -> str:
    """The settings key a KEY argument names (case and _/- do not matter)."""
    key = text.strip().lower().replace("_", "-")
    if key in SETTINGS:
        return key
    close = difflib.get_close_matches(key, list(SETTINGS), n=1, cutoff=0.4)
    hint = f"Did you mean {close[0]}? " if close else ""
    raise InvalidInputError(
        f"Unknown setting '{text}'.", hint=f"{hint}Settings: {', '.join(SETTINGS)}."
    )


def parse_setting(key: str, text: str, today: date) -> Value:
    """A setting's value from text, validated; a target date must not be in the past."""
    if key == "hours-per-week":
        return planning.parse_hours_per_week(text)
    day = planning.parse_date(text)
    if day < today:
        raise InvalidInputError(
            f"target-date {day} is in the past (today is {today}): pick a later date."
        )
    return day


def setting_value(settings: Settings, key: str) -> Value | None:
    """The value of one setting; None when it is not set."""
    value: Value | None = getattr(settings, SETTINGS[key].field)
    return value


def setting_values(settings: Settings) -> dict[str, Value | None]:
    """Every setting by key, in the order of SETTINGS; None for those not set."""
    return {key: setting_value(settings, key) for key in SETTINGS}


def with_setting(settings: Settings, key: str, value: Value | None) -> Settings:
    """The settings with one of them set to `value` (None: unset)."""
    return Settings.model_validate(settings.model_dump() | {SETTINGS[key].field: value})

"""core.settings without the CLI: which key a KEY names, parsing and checking values."""

from __future__ import annotations

from datetime import date

import pytest

from tpmpath.core.models import Settings
from tpmpath.core.settings import (
    SETTINGS,
    parse_setting,
    setting_key,
    setting_value,
    setting_values,
    with_setting,
)
from tpmpath.errors import InvalidInputError

TODAY = date(2026, 1, 14)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("hours-per-week", "hours-per-week"),
        ("HOURS_PER_WEEK", "hours-per-week"),
        (" target_date ", "target-date"),
        ("Target-Date", "target-date"),
    ],
)
def test_setting_key(text: str, key: str) -> None:
    assert setting_key(text) == key


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("hours", "Did you mean hours-per-week? Settings: hours-per-week, target-date."),
        ("target", "Did you mean target-date? Settings: hours-per-week, target-date."),
        ("colour", "Settings: hours-per-week, target-date."),
    ],
)
def test_an_unknown_key_is_refused_with_a_hint(text: str, hint: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        setting_key(text)
    assert (raised.value.message, raised.value.hint) == (f"Unknown setting '{text}'.", hint)


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("hours-per-week", "4.5", 4.5),
        ("hours-per-week", "168", 168.0),
        ("target-date", "2026-01-14", date(2026, 1, 14)),
        ("target-date", " 2027-03-31 ", date(2027, 3, 31)),
    ],
)
def test_parse_setting(key: str, text: str, value: float | date) -> None:
    assert parse_setting(key, text, TODAY) == value


@pytest.mark.parametrize(
    ("key", "text", "error"),
    [
        ("hours-per-week", "0", "Hours per week must be at least 0.25 and at most 168"),
        ("hours-per-week", "five", "'five' is not a number of hours"),
        ("target-date", "31/03/2027", "'31/03/2027' is not a date"),
        (
            "target-date",
            "2026-01-13",
            "target-date 2026-01-13 is in the past (today is 2026-01-14): pick a later date.",
        ),
    ],
)
def test_parse_setting_refuses(key: str, text: str, error: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_setting(key, text, TODAY)
    assert raised.value.message.startswith(error)


def test_values_by_key_in_order() -> None:
    settings = Settings(target_date=date(2027, 3, 31))
    assert setting_values(settings) == {"hours-per-week": None, "target-date": date(2027, 3, 31)}
    assert list(setting_values(settings)) == list(SETTINGS)
    assert setting_value(settings, "target-date") == date(2027, 3, 31)


def test_with_setting_sets_and_unsets_one() -> None:
    before = Settings(hours_per_week=5, target_date=date(2027, 3, 31))
    assert with_setting(before, "hours-per-week", 2.5) == Settings(
        hours_per_week=2.5, target_date=date(2027, 3, 31)
    )
    assert with_setting(before, "target-date", None) == Settings(hours_per_week=5)
    assert before == Settings(hours_per_week=5, target_date=date(2027, 3, 31))  # not changed

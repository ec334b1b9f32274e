"""output.settings: what config get, list, set and unset print."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from tpmpath.core.settings import Value
from tpmpath.errors import InvalidInputError
from tpmpath.output.emit import emit
from tpmpath.output.settings import SettingChanged, SettingList, SettingValue, setting_text


def written(result: object, *, as_json: bool = False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    emit(result, as_json=as_json, out=out, err=err)  # type: ignore[arg-type]
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("value", "text"), [(4.5, "4.5"), (6.0, "6"), (0.25, "0.25"), (date(2027, 3, 31), "2027-03-31")]
)
def test_setting_text(value: Value, text: str) -> None:
    assert setting_text(value) == text


@pytest.mark.parametrize(
    ("key", "value", "text", "data"),
    [
        ("hours-per-week", 4.5, "4.5\n", {"key": "hours-per-week", "value": 4.5}),
        (
            "target-date",
            date(2027, 3, 31),
            "2027-03-31\n",
            {"key": "target-date", "value": "2027-03-31"},
        ),
    ],
)
def test_get(key: str, value: Value, text: str, data: object) -> None:
    assert written(SettingValue(key, value)) == (text, "")
    out, err = written(SettingValue(key, value), as_json=True)
    assert (json.loads(out), err) == (data, "")


def test_get_unset_is_null_in_json_and_an_error_in_text() -> None:
    unset = SettingValue("hours-per-week", None)
    assert json.loads(written(unset, as_json=True)[0]) == {"key": "hours-per-week", "value": None}
    with pytest.raises(InvalidInputError) as raised:
        written(unset)
    assert (raised.value.message, raised.value.hint) == (
        "hours-per-week is not set.",
        "Set it with `tpmpath config set hours-per-week VALUE`.",
    )


def test_list() -> None:
    values: dict[str, Value | None] = {"hours-per-week": None, "target-date": date(2027, 3, 31)}
    assert written(SettingList(values)) == ("target-date=2027-03-31\n", "")
    out, err = written(SettingList(values), as_json=True)
    assert (json.loads(out), err) == ({"hours-per-week": None, "target-date": "2027-03-31"}, "")
    both = SettingList({"hours-per-week": 4.5, "target-date": date(2027, 3, 31)})
    assert both.text() == "hours-per-week=4.5\ntarget-date=2027-03-31"


def test_list_of_nothing_says_how_to_set_one() -> None:
    empty = SettingList({"hours-per-week": None, "target-date": None})
    assert written(empty) == (
        "",
        "No settings yet. Set one with `tpmpath config set KEY VALUE` "
        "(hours-per-week, target-date).\n",
    )
    out, err = written(empty, as_json=True)
    assert (json.loads(out), err) == ({"hours-per-week": None, "target-date": None}, "")


@pytest.mark.parametrize(
    ("value", "changed", "said"),
    [
        (4.5, True, "Set hours-per-week to 4.5.\n"),
        (4.5, False, "hours-per-week is already 4.5.\n"),
        (None, True, "Unset hours-per-week.\n"),
        (None, False, "hours-per-week was not set.\n"),
    ],
)
def test_set_and_unset(value: Value | None, changed: bool, said: str) -> None:
    assert written(SettingChanged("hours-per-week", value, changed)) == ("", said)

"""Results of `config`: a setting's value (get), every setting (list), what set/unset did."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tpmpath.core.settings import SETTINGS, Value
from tpmpath.errors import InvalidInputError
from tpmpath.output.emit import Notice


def setting_text(value: Value) -> str:
    """A setting as a person reads it (and as `config get` prints it): 4.5, 2027-03-31."""
    return value.isoformat() if isinstance(value, date) else f"{value:g}"


def _json_value(value: Value | None) -> object:
    return value.isoformat() if isinstance(value, date) else value


@dataclass(repr=False, eq=False)
class SettingValue:
    """`config get`: one setting's value.

    The text is the value alone, for `$(tpmpath config get hours-per-week)`; a setting that is
    not set has no text, so the text form is an error (exit 1), while JSON says null.
    """

    key: str
    value: Value | None

    def data(self) -> object:
        return {"key": self.key, "value": _json_value(self.value)}

    def text(self) -> str:
        if self.value is None:
            raise InvalidInputError(
                f"{self.key} is not set.",
                hint=f"Set it with `tpmpath config set {self.key} VALUE`.",
            )
        return setting_text(self.value)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return []


@dataclass(repr=False, eq=False)
class SettingList:
    """`config list`: KEY=VALUE for each setting that is set; JSON has every key (null: not set)."""

    values: Mapping[str, Value | None]

    def data(self) -> object:
        return {key: _json_value(value) for key, value in self.values.items()}

    def text(self) -> str:
        shown = [(key, value) for key, value in self.values.items() if value is not None]
        return "\n".join(f"{key}={setting_text(value)}" for key, value in shown)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json or any(value is not None for value in self.values.values()):
            return []
        keys = ", ".join(SETTINGS)
        return [f"No settings yet. Set one with `tpmpath config set KEY VALUE` ({keys})."]


@dataclass(repr=False, eq=False)
class SettingChanged(Notice):
    """`config set` (value) and `config unset` (value None): what changed, on stderr."""

    key: str
    value: Value | None
    changed: bool

    def data(self) -> object:
        return None  # set and unset have no --json: they only say what they did

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if self.value is None:
            return [f"Unset {self.key}." if self.changed else f"{self.key} was not set."]
        shown = setting_text(self.value)
        said = f"Set {self.key} to {shown}." if self.changed else f"{self.key} is already {shown}."
        return [said]

"""`config`: per-profile settings (hours-per-week, target-date), kept in the progress file."""

# No `from __future__ import annotations`: see app.py.

import difflib
from datetime import date
from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import MARKUP, app, echo, message, print_json, session
from tpmpath.cli.options import JsonOpt
from tpmpath.core import planning
from tpmpath.core.models import Settings
from tpmpath.errors import InvalidInputError

SETTINGS = {
    "hours-per-week": ("hours_per_week", "hours you plan to learn a week (0.25 to 168)"),
    "target-date": ("target_date", "the date you aim to finish by (YYYY-MM-DD)"),
}

config_app = typer.Typer(
    help="Per-profile settings: "
    + "; ".join(f"{key}: {about}" for key, (_, about) in SETTINGS.items())
    + ".",
    short_help="Per-profile settings: hours-per-week, target-date.",
    no_args_is_help=True,
    rich_markup_mode=MARKUP,
)
app.add_typer(config_app, name="config", rich_help_panel="Plan")

KeyArg = Annotated[str, typer.Argument(help=f"One of: {', '.join(SETTINGS)}.", show_default=False)]


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


def parse_setting(key: str, text: str, today: date) -> float | date:
    """A setting's value from text, validated; a target date must not be in the past."""
    if key == "hours-per-week":
        return planning.parse_hours_per_week(text)
    day = planning.parse_date(text)
    if day < today:
        raise InvalidInputError(
            f"target-date {day} is in the past (today is {today}): pick a later date."
        )
    return day


def setting_text(value: object) -> str:
    """A setting as `config get` prints it."""
    return value.isoformat() if isinstance(value, date) else f"{value:g}"


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: KeyArg,
    value: Annotated[str, typer.Argument(help="The new value.", show_default=False)],
) -> None:
    """Set a setting: `config set hours-per-week 5`, `config set target-date 2027-03-31`."""
    s = session(ctx)
    name = setting_key(key)
    field = SETTINGS[name][0]
    parsed = parse_setting(name, value, clock.now().date())

    def apply(settings: Settings) -> Settings:
        return Settings.model_validate(settings.model_dump() | {field: parsed})

    changed = s.store.settings(apply)
    shown = setting_text(parsed)
    message(f"Set {name} to {shown}." if changed else f"{name} is already {shown}.")


@config_app.command("get")
def config_get(ctx: typer.Context, key: KeyArg, as_json: JsonOpt = False) -> None:
    """Print a setting's value; not set: exit 1 (with --json: a null value)."""
    name = setting_key(key)
    value = getattr(session(ctx).state.settings, SETTINGS[name][0])
    if as_json:
        print_json({"key": name, "value": _json_value(value)})
        return
    if value is None:
        raise InvalidInputError(
            f"{name} is not set.", hint=f"Set it with `tpmpath config set {name} VALUE`."
        )
    echo(setting_text(value))


@config_app.command("list")
def config_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every setting that is set, as KEY=VALUE (with --json: every key, null when not set)."""
    settings = session(ctx).state.settings
    values = {key: getattr(settings, field) for key, (field, _) in SETTINGS.items()}
    if as_json:
        print_json({key: _json_value(value) for key, value in values.items()})
        return
    lines = [f"{key}={setting_text(v)}" for key, v in values.items() if v is not None]
    if lines:
        echo("\n".join(lines))
    else:
        message(
            f"No settings yet. Set one with `tpmpath config set KEY VALUE` ({', '.join(SETTINGS)})."
        )


@config_app.command("unset")
def config_unset(ctx: typer.Context, key: KeyArg) -> None:
    """Remove a setting."""
    s = session(ctx)
    name = setting_key(key)
    field = SETTINGS[name][0]

    def apply(settings: Settings) -> Settings:
        return settings.model_copy(update={field: None})

    message(f"Unset {name}." if s.store.settings(apply) else f"{name} was not set.")


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value

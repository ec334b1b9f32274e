"""`config`: per-profile settings (hours-per-week, target-date), kept in the progress file."""

# No `from __future__ import annotations`: see app.py.

from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import MARKUP, app, emit, session
from tpmpath.cli.options import JsonOpt
from tpmpath.core.settings import (
    SETTINGS,
    parse_setting,
    setting_key,
    setting_value,
    setting_values,
    with_setting,
)

config_app = typer.Typer(
    help="Per-profile settings: "
    + "; ".join(f"{key}: {setting.about}" for key, setting in SETTINGS.items())
    + ".",
    short_help="Per-profile settings: hours-per-week, target-date.",
    no_args_is_help=True,
    rich_markup_mode=MARKUP,
)
app.add_typer(config_app, name="config", rich_help_panel="Plan")

KeyArg = Annotated[
    str, typer.Argument(metavar="KEY", help=f"One of: {', '.join(SETTINGS)}.", show_default=False)
]


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: KeyArg,
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The new value.", show_default=False)
    ],
) -> None:
    """Set a setting: `config set hours-per-week 5`, `config set target-date 2027-03-31`."""
    s = session(ctx)
    name = setting_key(key)
    parsed = parse_setting(name, value, clock.now().date())
    changed = s.store.settings(lambda settings: with_setting(settings, name, parsed))
    from tpmpath.output.settings import SettingChanged

    emit(SettingChanged(name, parsed, changed))


@config_app.command("get")
def config_get(ctx: typer.Context, key: KeyArg, as_json: JsonOpt = False) -> None:
    """Print a setting's value; not set: exit 1 (with --json: a null value)."""
    name = setting_key(key)
    value = setting_value(session(ctx).state.settings, name)
    from tpmpath.output.settings import SettingValue

    emit(SettingValue(name, value), as_json)


@config_app.command("list")
def config_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every setting that is set, as KEY=VALUE (with --json: every key, null when not set)."""
    values = setting_values(session(ctx).state.settings)
    from tpmpath.output.settings import SettingList

    emit(SettingList(values), as_json)


@config_app.command("unset")
def config_unset(ctx: typer.Context, key: KeyArg) -> None:
    """Remove a setting."""
    s = session(ctx)
    name = setting_key(key)
    changed = s.store.settings(lambda settings: with_setting(settings, name, None))
    from tpmpath.output.settings import SettingChanged

    emit(SettingChanged(name, None, changed))

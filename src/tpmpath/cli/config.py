"""`config`: per-profile settings (hours-per-week, target-date), kept in the progress file."""

# No `from __future__ import annotations`: see app.py.

from typing import Annotated

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import MARKUP, app, emit, session
from tpmpath.cli.completion import complete_setting
from tpmpath.cli.help import examples
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
    epilog=examples("tpmpath config set hours-per-week 5", "tpmpath config list"),
    no_args_is_help=True,
    rich_markup_mode=MARKUP,
)
app.add_typer(config_app, name="config", rich_help_panel="Plan")

KeyArg = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        autocompletion=complete_setting,
        help=f"One of: {', '.join(SETTINGS)}.",
        show_default=False,
    ),
]


@config_app.command(
    "set",
    # A VALUE such as -3 is a value to check, not an unknown option.
    context_settings={"ignore_unknown_options": True},
    epilog=examples(
        "tpmpath config set hours-per-week 5", "tpmpath config set target-date 2027-03-31"
    ),
)
def config_set(
    ctx: typer.Context,
    key: KeyArg,
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The new value.", show_default=False)
    ],
) -> None:
    """Set a setting to VALUE.

    hours-per-week takes 0.25 to 168; target-date takes YYYY-MM-DD.
    """
    s = session(ctx)
    name = setting_key(key)
    parsed = parse_setting(name, value, clock.now().date())
    changed = s.store.settings(lambda settings: with_setting(settings, name, parsed), clock.now())
    from tpmpath.output.settings import SettingChanged

    emit(SettingChanged(name, parsed, changed))


@config_app.command(
    "get",
    epilog=examples("tpmpath config get hours-per-week", "tpmpath config get target-date --json"),
)
def config_get(ctx: typer.Context, key: KeyArg, as_json: JsonOpt = False) -> None:
    """Print a setting's value.

    Not set: exit 1 (with --json: a null value).
    """
    name = setting_key(key)
    value = setting_value(session(ctx).state.settings, name)
    from tpmpath.output.settings import SettingValue

    emit(SettingValue(name, value), as_json)


@config_app.command("list", epilog=examples("tpmpath config list", "tpmpath config list --json"))
def config_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every setting that is set, as KEY=VALUE.

    With --json: every key, null when not set.
    """
    values = setting_values(session(ctx).state.settings)
    from tpmpath.output.settings import SettingList

    emit(SettingList(values), as_json)


@config_app.command("unset", epilog=examples("tpmpath config unset target-date"))
def config_unset(ctx: typer.Context, key: KeyArg) -> None:
    """Remove a setting."""
    s = session(ctx)
    name = setting_key(key)
    changed = s.store.settings(lambda settings: with_setting(settings, name, None), clock.now())
    from tpmpath.output.settings import SettingChanged

    emit(SettingChanged(name, None, changed))

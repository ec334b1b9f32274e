"""How `--help` reads: metavars a person reads instead of Python types, and examples at the end.

Typer labels every parameter with its annotation (`<list[str]>`, `<int range>`, `<bool>` on
flags, `-h` included). `Readable` gives each command's parameters classes that show the metavar
given (TOPIC..., N, 1-5) and nothing on flags, in click's plain help and in Rich help alike.
"""

# No `from __future__ import annotations`: see app.py.

from typer._click import Command, Parameter
from typer._click import Context as ClickContext
from typer.core import TyperArgument, TyperOption


class _Argument(TyperArgument):
    """An argument shown by its metavar alone: `TOPIC...` in the usage line and in the table."""

    def display_type_rich(self, ctx: ClickContext) -> str | None:
        return None

    def get_usage_pieces(self, ctx: ClickContext) -> list[str]:
        name = self.metavar or self.name.upper() + ("..." if self.nargs != 1 else "")
        return [name if self.required else f"[{name}]"]


class _Option(TyperOption):
    """An option shown with its metavar (none on a flag) and without click's range notation."""

    def display_type_rich(self, ctx: ClickContext) -> str | None:
        if self.is_flag or self.count:
            return None
        return self.metavar or self.name.upper()

    def _get_number_range_help_str(self) -> str | None:
        return None  # the metavar (1-5, N) and the help say it in words


def readable(param: Parameter) -> Parameter:
    """`param`, shown by its metavar from now on (its class only changes how help reads)."""
    if type(param) is TyperArgument:
        param.__class__ = _Argument
    elif type(param) is TyperOption:
        param.__class__ = _Option
    return param


HELP_NAMES = ["-h", "--help"]


def _tidy(command: Command, ctx: ClickContext) -> None:
    """Make `command`'s parameters, and its subcommands', readable; once per command."""
    if getattr(command, "_readable", False):
        return
    command._readable = True  # type: ignore[attr-defined]
    _rich_epilog(command)
    # The help option Typer makes on first use, made now (with the names `ctx` gives) to read alike.
    for param in [*command.params, command.get_help_option(ctx)]:
        if param is not None:
            readable(param)
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub, ctx)


class Readable:
    """A group mixin: its parameters, its commands' and theirs read as metavars in help."""

    def get_params(self, ctx: ClickContext) -> list[Parameter]:
        _rich_epilog(self)  # type: ignore[arg-type]
        return [readable(param) for param in super().get_params(ctx)]  # type: ignore[misc]

    def get_command(self, ctx: ClickContext, name: str) -> Command | None:
        command: Command | None = super().get_command(ctx, name)  # type: ignore[misc]
        if command is not None:
            _tidy(command, ctx)
        return command


def examples(*lines: str) -> str:
    """A command's epilog: an `Examples:` heading, then one indented line per example.

    Both helps dedent an epilog by the indentation its lines after the first share, so a first
    line of its own keeps the examples indented: `\b`, which also keeps click's plain help from
    rewrapping them (Rich help gets a blank line instead: `_rich_epilog`).
    """
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def _rich_epilog(command: Command) -> None:
    """Rich shows click's `\b` line as a blank one: make it an empty line, which it drops."""
    epilog = command.epilog
    if getattr(command, "rich_markup_mode", None) == "rich" and epilog and epilog[:2] == "\b\n":
        command.epilog = "\n" + epilog[2:]

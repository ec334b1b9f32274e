"""The Typer app and what every command shares: global options, the one error exit, helpers.

Commands (cli/topics.py, practice.py, plan.py, ...) parse arguments, call core and the store, hand
one result to `emit`, and let TpmpathError reach `_Group.invoke`, the one place that prints errors
and exits 1.
"""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer._click import Context as ClickContext
from typer._click import Parameter
from typer._click.globals import get_current_context
from typer.core import TyperGroup

from tpmpath import __version__
from tpmpath.cli.completion import complete_profile, described, named_shell, script_for
from tpmpath.cli.help import HELP_NAMES, Readable, examples
from tpmpath.cli.session import Session
from tpmpath.core.text import is_web_url, printable

if TYPE_CHECKING:
    from tpmpath.output.emit import Result
from tpmpath.errors import CurriculumError, InvalidInputError, TpmpathError
from tpmpath.output import render


class _Group(Readable, TyperGroup):
    """Turns every TpmpathError into `Error: ...` on stderr and exit code 1; help shows metavars."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        """Honour a shell named after `--show-completion` / `--install-completion`."""
        takes_value = {o for p in self.params if not getattr(p, "is_flag", True) for o in p.opts}
        named = None if ctx.resilient_parsing else named_shell(args, takes_value)
        if named is not None:
            script_for(ctx, *named)
        return super().parse_args(ctx, args)

    def get_params(self, ctx: ClickContext) -> list[Parameter]:
        return described(super().get_params(ctx))

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except TpmpathError as error:
            fail(error)


def fail(error: TpmpathError) -> NoReturn:
    """Print a user error to stderr and exit 1; curriculum problems one per line."""
    if isinstance(error, CurriculumError):
        for problem in error.problems:
            message(problem)
        if error.hint:
            message(error.hint)
    else:
        message(f"Error: {error}")
    raise typer.Exit(1)


# Rich help and error boxes on a colour terminal; click's plain help when piped or with NO_COLOR,
# the rule all output follows (and `--help` then skips importing Rich: about 50 ms).
MARKUP: Literal["rich"] | None = "rich" if render.fancy() else None

app = typer.Typer(
    cls=_Group,
    rich_markup_mode=MARKUP,
    help="Track your path from product manager to technical product manager.\n\n"
    "Mark topics done, see what to learn next, and export a report for your manager or mentor.",
    epilog=examples(
        'tpmpath done api-basics --note "Built a small REST client"',
        "tpmpath next",
        "tpmpath report -o report.html",
    ),
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_NAMES},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tpmpath {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    profile: Annotated[
        str,
        typer.Option(
            "--profile",
            "-p",
            envvar="TPMPATH_PROFILE",
            metavar="NAME",
            autocompletion=complete_profile,
            help="Whose progress: each profile is separate.",
        ),
    ] = "default",
    curriculum: Annotated[
        Path | None,
        typer.Option(
            "--curriculum",
            "-c",
            envvar="TPMPATH_CURRICULUM",
            metavar="FILE",
            help="A curriculum YAML file to use instead of the shipped one.",
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track your path from product manager to technical product manager."""
    ctx.obj = Session(profile=profile, curriculum_file=curriculum)
    if ctx.invoked_subcommand is None:
        default = ctx.command.get_command(ctx, "status")  # type: ignore[attr-defined]
        ctx.invoke(default.callback)


def session(ctx: typer.Context) -> Session:
    """The command's Session (set by the app callback)."""
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def emit(result: "Result", as_json: bool = False) -> None:
    """Hand a command's result to output.emit, the one place results are written; then say so
    if the command created its profile (a typo in --profile must not pass silently)."""
    from tpmpath.output.emit import emit as write

    write(result, as_json=as_json, out=sys.stdout, err=sys.stderr)
    ctx = get_current_context(silent=True)
    current = ctx.find_root().obj if ctx else None
    if isinstance(current, Session):
        for warning in dict.fromkeys(current.warnings):
            message(warning)
        if current.created_profile:
            message(f"New profile '{current.profile}'.")


def message(text: str) -> None:
    """A status message: stderr, so stdout stays data."""
    typer.echo(printable(text), err=True)


def complete_topic(ctx: ClickContext, incomplete: str) -> list[str]:
    """TAB completion of topic ids; must never fail loudly."""
    try:
        root = ctx.find_root().params
        found = Session(
            profile=root.get("profile") or "default", curriculum_file=root.get("curriculum")
        ).curriculum
        return [t.id for t in found.topics if t.id.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - completion prints nothing rather than a traceback
        return []


TopicsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="TOPIC...",
        help="Topic ids (or unambiguous prefixes).",
        autocompletion=complete_topic,
        show_default=False,
    ),
]
TopicArg = Annotated[
    str,
    typer.Argument(
        metavar="TOPIC",
        help="A topic id (or an unambiguous prefix).",
        autocompletion=complete_topic,
        show_default=False,
    ),
]


MAX_LINK = 2000
MAX_TEXT = 100_000
"""Characters in a note or an answer: long notes are welcome, a runaway pipe is not."""


def _utf8(text: str, what: str) -> str:
    """Refuse text that cannot be stored as UTF-8 (bytes the shell passed that are not UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"The {what} is not valid UTF-8 text.",
            hint="Check your terminal's encoding (e.g. LANG=C.UTF-8), then run it again.",
        ) from None
    return text


def clean_text(text: str, what: str) -> str:
    """A note or log text without trailing blanks; empty or huge text is refused."""
    cleaned = _utf8(text, what).rstrip().lstrip("\r\n")
    if not cleaned.strip():
        raise InvalidInputError(f"The {what} is empty.", hint="Write some text, then run it again.")
    if len(cleaned) > MAX_TEXT:
        raise InvalidInputError(
            f"The {what} has {len(cleaned)} characters; tpmpath keeps at most {MAX_TEXT}.",
            hint="Keep long documents elsewhere and attach them with --link.",
        )
    return cleaned


def check_link(link: str) -> tuple[str, str | None]:
    """A link loosely validated: the cleaned link, and a warning if it is not a web address."""
    cleaned = _utf8(link, "--link").strip()
    if not cleaned:
        raise InvalidInputError("The --link is empty: give a URL or a path to the evidence.")
    if len(cleaned) > MAX_LINK:
        raise InvalidInputError(f"The --link has {len(cleaned)} characters; at most {MAX_LINK}.")
    if cleaned.lower().startswith(("http://", "https://")):
        if is_web_url(cleaned):
            return cleaned, None
        # Where browsers and tpmpath could disagree on the host, reports show it as text.
        return cleaned, (
            f"Warning: '{cleaned[:60]}' will be shown as text, not as a link (only a plain web "
            "address is: no backslash, user name, space or hidden character). Kept as given."
        )
    # A file path or an intranet name can be real evidence: keep it, but flag a likely typo.
    return cleaned, f"Warning: '{cleaned[:60]}' is not an http(s) URL; kept as given."


def checked_link(link: str | None) -> str | None:
    """Check --link at the edge and print its warning, if any."""
    if link is None:
        return None
    cleaned, warning = check_link(link)
    if warning:
        message(warning)
    return cleaned

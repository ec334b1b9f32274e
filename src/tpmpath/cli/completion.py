"""TAB completion of values: setting keys, statuses, steps, gaps, skills and profiles (topics:
app.py).

Each function runs at every TAB press, so each stays quick and never fails loudly: any error
gives no candidates rather than a traceback in the user's shell.
"""

# No `from __future__ import annotations`: Typer reads the annotations to know what to pass.

from typer._click import Context as ClickContext
from typer._click import Parameter

from tpmpath.cli.session import Session


def _matching(candidates: list[str], incomplete: str) -> list[str]:
    return [candidate for candidate in candidates if candidate.startswith(incomplete)]


def complete_setting(incomplete: str) -> list[str]:
    """The `config` keys."""
    try:
        from tpmpath.core.settings import SETTINGS

        return _matching(list(SETTINGS), incomplete)
    except Exception:  # noqa: BLE001 - completion prints nothing rather than a traceback
        return []


def complete_status(incomplete: str) -> list[str]:
    """The topic statuses `list --status` takes."""
    try:
        from tpmpath.core.models import STATUSES

        return _matching(list(STATUSES), incomplete)
    except Exception:  # noqa: BLE001
        return []


def complete_step(ctx: ClickContext, incomplete: str) -> list[str]:
    """The steps of the curriculum in use: their ids, then their numbers."""
    try:
        root = ctx.find_root().params
        steps = Session(
            profile=root.get("profile") or "default", curriculum_file=root.get("curriculum")
        ).curriculum.steps
        candidates = [step.id for step in steps] + [str(n) for n in range(1, len(steps) + 1)]
        return _matching(candidates, incomplete)
    except Exception:  # noqa: BLE001
        return []


def _session(ctx: ClickContext) -> Session:
    """The session the global options on the command line name."""
    root = ctx.find_root().params
    return Session(profile=root.get("profile") or "default", curriculum_file=root.get("curriculum"))


def complete_gap(ctx: ClickContext, incomplete: str) -> list[str]:
    """The open gaps' short ids (`gap close`)."""
    try:
        from tpmpath.core.gaps import open_gaps, short_ids

        gaps = _session(ctx).state.derived.gaps
        short = short_ids(gaps)
        return _matching([short[g.id] for g in open_gaps(gaps)], incomplete)
    except Exception:  # noqa: BLE001
        return []


def _skill_ids(ctx: ClickContext) -> list[str]:
    return [skill.id for skill in _session(ctx).curriculum.skills]


def complete_rating(ctx: ClickContext, incomplete: str) -> list[str]:
    """`SKILL=` for the skills of the curriculum in use; after the `=`, the levels 1-5."""
    try:
        name, equals, _ = incomplete.partition("=")
        ids = _skill_ids(ctx)
        if equals and name in ids:
            return _matching([f"{name}={level}" for level in range(1, 6)], incomplete)
        return _matching([f"{skill}=" for skill in ids], incomplete)
    except Exception:  # noqa: BLE001
        return []


def complete_closed_gap(ctx: ClickContext, incomplete: str) -> list[str]:
    """The closed gaps as gap:ID (`review`), once what is typed may start so."""
    if not "gap:".startswith(incomplete[:4]):
        return []
    try:
        from tpmpath.core.gaps import short_ids

        gaps = _session(ctx).state.derived.gaps
        short = short_ids(gaps)
        names = [f"gap:{short[g.id]}" for g in gaps.values() if not g.is_open]
        return _matching(names, incomplete)
    except Exception:  # noqa: BLE001
        return []


def complete_skill(ctx: ClickContext, incomplete: str) -> list[str]:
    """The skill ids of the curriculum in use."""
    try:
        return _matching(_skill_ids(ctx), incomplete)
    except Exception:  # noqa: BLE001
        return []


def complete_skill_ref(ctx: ClickContext, incomplete: str) -> list[str]:
    """`skill:ID` for `show` (which also takes topics)."""
    try:
        return _matching([f"skill:{skill}" for skill in _skill_ids(ctx)], incomplete)
    except Exception:  # noqa: BLE001
        return []


def complete_profile(incomplete: str) -> list[str]:
    """The profiles that exist (the folders under `<data dir>/profiles/`)."""
    try:
        from tpmpath.store.profiles import profile_names

        return _matching(profile_names(), incomplete)
    except Exception:  # noqa: BLE001
        return []


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
SCRIPT_OPTIONS = ("--show-completion", "--install-completion")
"""Typer's options for the completion script: flags that ask the parent process for the shell."""


def named_shell(args: list[str], takes_value: set[str]) -> tuple[str, str] | None:
    """`(option, shell)` when the global options hold `--show-completion zsh` (or install).

    Typer's options are flags: the shell is detected from the parent process and a shell named
    after the flag is left over as a command name, never read. `takes_value` are the global
    options whose next argument is their value (`--profile NAME`), so it is not taken for one.
    """
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in SCRIPT_OPTIONS and index + 1 < len(args) and args[index + 1] in SHELLS:
            return arg, args[index + 1]
        if arg == "--" or not arg.startswith("-"):
            return None  # the command, or what follows it, is not a global option
        index += 2 if arg in takes_value else 1
    return None


def script_for(ctx: ClickContext, option: str, shell: str) -> None:
    """Print (or install) the completion script of `shell`; exits like Typer's own option."""
    from typer.completion import install_callback, show_callback

    param = next(p for p in ctx.command.params if option in getattr(p, "opts", ()))
    (show_callback if option == "--show-completion" else install_callback)(ctx, param, shell)


SCRIPT_HELP = {
    "--install-completion": "Install TAB completion for this shell, or for the one named after "
    "it: bash, zsh, fish or powershell.",
    "--show-completion": "Print the TAB completion script for this shell, or for the one named "
    "after it: bash, zsh, fish or powershell.",
}


def described(params: list[Parameter]) -> list[Parameter]:
    """`params`, Typer's completion options saying that they take a shell's name."""
    for param in params:
        for option in param.opts:
            if option in SCRIPT_HELP:
                param.help = SCRIPT_HELP[option]  # type: ignore[attr-defined]
    return params

"""TAB completion of values: setting keys, statuses, steps and profiles (topics: app.py).

Each function runs at every TAB press, so each stays quick and never fails loudly: any error
gives no candidates rather than a traceback in the user's shell.
"""

# No `from __future__ import annotations`: Typer reads the annotations to know what to pass.

from typer._click import Context as ClickContext

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


def complete_profile(incomplete: str) -> list[str]:
    """The profiles that exist (the folders under `<data dir>/profiles/`)."""
    try:
        from tpmpath.store.profiles import profile_names

        return _matching(profile_names(), incomplete)
    except Exception:  # noqa: BLE001
        return []

"""The self-assessment command: `assess` rates skills 1-5; `show skill:ID` lists the evidence."""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tpmpath.cli import clock, practice
from tpmpath.cli.app import app, emit, message, session
from tpmpath.cli.completion import complete_rating, complete_skill
from tpmpath.cli.help import examples
from tpmpath.cli.options import AtOpt, DateOpt, JsonOpt
from tpmpath.cli.session import Session

if TYPE_CHECKING:
    from datetime import datetime

    from tpmpath.core.progress import Derived, Rating
    from tpmpath.core.skills import SkillView

SHOW_PREFIX = "skill:"
"""`show skill:ID` shows a skill instead of a topic."""

ASSESS_HELP = (
    "Rate your skills 1-5 and see the evidence behind them.\n\n"
    "With SKILL=N arguments, records those ratings (all of them one step that `undo` reverts). "
    "On a terminal without arguments, asks for each skill in turn, showing what each level means, "
    "your last rating and the evidence recorded since (topics done, logs, notes, links, closed "
    "gaps); press Enter to keep a skill as it is. Off a terminal, or with --json, lists the "
    "skills with their ratings."
)


def _views(s: Session, limit: int | None = None) -> "list[SkillView]":
    """Every skill with its ratings and evidence (`limit`: only the newest; 0: a count)."""
    from tpmpath.core.skills import skill_views

    state = s.state
    return skill_views(s.curriculum, state.derived, state.events, limit=limit)


def show_skill(s: Session, text: str, as_json: bool) -> None:
    """`show skill:ID` and `assess --show ID`: one skill's levels, ratings and evidence."""
    from tpmpath.core.skills import resolve_skill
    from tpmpath.output.skills import SkillDetail

    skill_id = resolve_skill(s.curriculum, text)
    view = next(v for v in _views(s) if v.skill.id == skill_id)
    emit(SkillDetail(view), as_json)


def _ask_level(view: "SkillView") -> int | None:
    """Show one skill and read its rating on stderr/stdin; Enter (or end of input) skips it."""
    from tpmpath.output import render
    from tpmpath.output.skills import prompt_text

    message(prompt_text(view, render.width(sys.stderr)))
    while True:
        reply = practice._ask("Rating 1-5")
        if reply is None:
            return None
        if reply in ("1", "2", "3", "4", "5"):
            return int(reply)
        message(f"'{reply}' is not a rating: type 1 to 5, or press Enter to skip.")


@app.command(
    help=ASSESS_HELP,
    rich_help_panel="Practise and review",
    short_help="Rate your skills 1-5, with the evidence.",
    epilog=examples(
        "tpmpath assess", "tpmpath assess apis=3 data-sql=2", "tpmpath assess --show apis"
    ),
)
def assess(
    ctx: typer.Context,
    ratings: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SKILL=N...",
            help="Ratings to record: a skill id (or prefix), '=', a level 1-5.",
            autocompletion=complete_rating,
            show_default=False,
        ),
    ] = None,
    shown: Annotated[
        str | None,
        typer.Option(
            "--show",
            metavar="SKILL",
            help="Show one skill's levels, ratings and evidence instead.",
            autocompletion=complete_skill,
            show_default=False,
        ),
    ] = None,
    day: DateOpt = None,
    at: AtOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rate skills 1-5, or list them (see ASSESS_HELP)."""
    s = session(ctx)
    if shown is not None:
        if ratings or day is not None or at is not None:
            raise typer.BadParameter("--show cannot be combined with ratings.", param_hint="--show")
        show_skill(s, shown, as_json)
        return
    from tpmpath.core.changes import backdated
    from tpmpath.core.skills import assess_events, parse_ratings

    now = clock.now()
    happened = backdated(now, day, at)
    given = parse_ratings(s.curriculum, ratings or [])
    if not given:
        if as_json or not practice.stdin_is_terminal() or not s.curriculum.skills:
            if day is not None or at is not None:
                raise typer.BadParameter("give the ratings to backdate.", param_hint="--date")
            from tpmpath.output.skills import SkillsList

            emit(SkillsList(_views(s, limit=0)), as_json)
            return
        # Asked before taking the lock: nobody else waits while the learner thinks.
        given = {view.skill.id: level for view in _views(s) if (level := _ask_level(view))}
    from tpmpath.output.skills import Assessed

    if not given:
        emit(Assessed([], {}, now.date()), as_json)
        return
    events, before = s.store.change(
        lambda state: (
            assess_events(given, now, happened),
            _latest(state.derived, given, happened or now),
        )
    )
    emit(Assessed(events, before, now.date()), as_json)


def _latest(
    derived: "Derived", skills: dict[str, int], moment: "datetime"
) -> "dict[str, Rating | None]":
    """Each skill's latest rating up to `moment`, before this command ("was 2 on 2026-03-01")."""
    from tpmpath.core.skills import in_date_order

    found: dict[str, Rating | None] = {}
    for skill_id in skills:
        ordered = [r for r in in_date_order(derived.ratings.get(skill_id, [])) if r.at <= moment]
        found[skill_id] = ordered[-1] if ordered else None
    return found

"""`plan`: a week-by-week schedule of the remaining topics, with finish dates.

The arithmetic is in tpmpath.core (planning, pace) and the wording in tpmpath.output.plan_text;
this module parses options.
"""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, echo, print_json, session
from tpmpath.cli.options import JsonOpt
from tpmpath.core import planning
from tpmpath.core.pace import completed_work, measure_pace
from tpmpath.errors import InvalidInputError
from tpmpath.output.plan_text import Deadline, plan_lines, plan_view

T = TypeVar("T")


def _option(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An option parser: a bad value is a usage error (exit 2), like click's own checks."""

    def parser(text: str) -> T:
        try:
            return parse(text)
        except InvalidInputError as error:
            raise typer.BadParameter(error.message) from None

    return parser


HoursOpt = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        metavar="H",
        parser=_option(planning.parse_hours_per_week),
        help="Plan with H hours a week (default: your setting, else your measured pace).",
        show_default=False,
    ),
]
StartOpt = Annotated[
    date | None,
    typer.Option(
        "--start",
        metavar="DATE",
        parser=_option(planning.parse_date),
        help="Start the plan on DATE (YYYY-MM-DD; default: today).",
        show_default=False,
    ),
]
ByOpt = Annotated[
    date | None,
    typer.Option(
        "--by",
        metavar="DATE",
        parser=_option(planning.parse_date),
        help="Say how many hours a week finish by DATE (YYYY-MM-DD; default: your target-date).",
        show_default=False,
    ),
]


@app.command(rich_help_panel="Plan", short_help="A week-by-week schedule with finish dates.")
def plan(
    ctx: typer.Context,
    hours_per_week: HoursOpt = None,
    start: StartOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A week-by-week schedule of the remaining topics, with when each step and the path finish."""
    s = session(ctx)
    now = clock.now()
    today = now.date()
    begin = start or today
    if by is not None and by < today:
        raise InvalidInputError(f"--by {by} is in the past (today is {today}): give a later date.")
    if by is not None and by < begin:
        raise InvalidInputError(f"--by {by} is before --start {begin}: give a later date.")
    state = s.state
    curriculum, states, settings = s.curriculum, state.derived.states, state.settings
    items = planning.remaining(curriculum, states)
    left = sum(i.hours or 0.0 for i in items)
    work = completed_work(curriculum, states, now.tzinfo)
    pace = measure_pace(work, today)
    deadline = _deadline(by, settings.target_date, left, begin)
    # Only --by may set the pace: a target-date setting alone does not say how much time there is.
    explicit = deadline.required if deadline and by is not None else None
    chosen = planning.choose_rate(hours_per_week, settings.hours_per_week, pace, explicit)
    if chosen is None and left > 0:
        raise _no_pace(bool(work))
    # With nothing left to do the rate does not matter: zero-hour topics all land on day one.
    rate = chosen[0] if chosen else planning.MAX_HOURS_PER_WEEK
    found = planning.schedule(items, rate, begin)
    basis = chosen[1] if chosen else None
    if as_json:
        print_json(plan_view(curriculum, found, basis, pace, deadline))
        return
    note = _passed_target(settings.target_date, begin) if by is None else None
    echo("\n".join(plan_lines(curriculum, found, basis, pace, deadline, note)))


def _deadline(by: date | None, target: date | None, hours: float, begin: date) -> Deadline | None:
    """--by, else the target-date setting unless it is before the start."""
    if by is not None:
        return Deadline(by, "option", planning.required_hours_per_week(hours, begin, by))
    if target is not None and target >= begin:
        return Deadline(target, "setting", planning.required_hours_per_week(hours, begin, target))
    return None


def _passed_target(target: date | None, begin: date) -> str | None:
    """A note when the target-date setting is before the plan starts (so it is left out)."""
    if target is None or target >= begin:
        return None
    return (
        f"Your target date {target} is before the start of this plan: set a new one with "
        "`tpmpath config set target-date YYYY-MM-DD`."
    )


def _no_pace(has_history: bool) -> InvalidInputError:
    """The error when nothing says how many hours a week to plan with."""
    why = (
        "you completed no estimated work in the last 4 full weeks or this one"
        if has_history
        else "you have not completed any estimated work yet"
    )
    return InvalidInputError(
        f"No pace to plan with: {why}, and hours-per-week is not set.",
        hint="Pass --hours-per-week H, or set it once with `tpmpath config set hours-per-week H`.",
    )

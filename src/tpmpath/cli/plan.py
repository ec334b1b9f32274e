"""`plan`: a week-by-week schedule of the remaining topics, with finish dates.

The rule is in tpmpath.core.deadline (the arithmetic in tpmpath.core: planning, pace) and the
result in tpmpath.output.plan; this module parses options.
"""

# No `from __future__ import annotations`: Typer reads every command's annotations at each
# start, and string annotations would cost it an eval each (about 5 ms per run in all).

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

import typer

from tpmpath.cli import clock
from tpmpath.cli.app import app, emit, session
from tpmpath.cli.help import examples
from tpmpath.cli.options import JsonOpt
from tpmpath.core import planning
from tpmpath.errors import InvalidInputError

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


@app.command(
    rich_help_panel="Plan",
    short_help="A week-by-week schedule with finish dates.",
    epilog=examples(
        "tpmpath plan", "tpmpath plan --hours-per-week 5", "tpmpath plan --by 2027-03-31"
    ),
)
def plan(
    ctx: typer.Context,
    hours_per_week: HoursOpt = None,
    start: StartOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A week-by-week schedule of the remaining topics, with when each step and the path finish."""
    s = session(ctx)
    from tpmpath.output.plan import PlanResult

    state = s.state
    from tpmpath.core.deadline import plan_for

    found = plan_for(
        s.curriculum,
        state.derived.states,
        state.settings,
        clock.now(),
        hours_per_week=hours_per_week,
        start=start,
        by=by,
    )
    emit(PlanResult(s.curriculum, found), as_json)

"""A mentor's roll-up: several people's progress exports, one row per person.

`read_export` is the edge (it reads a file and validates it against the active curriculum);
`rollup` and `team_view` are pure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.progress import Summary, derive, summarize
from tpmpath.errors import InvalidInputError, ProgressFileError
from tpmpath.output.views import summary_view
from tpmpath.store import files as store

_EXPORT_HINT = "Ask its owner for a fresh `tpmpath export`, or leave the file out."


@dataclass(frozen=True)
class Member:
    """One person's progress, summarized."""

    name: str
    path: Path
    summaries: list[Summary]
    """One per step, then the overall one (last)."""
    last_activity: date | None

    @property
    def overall(self) -> Summary:
        return self.summaries[-1]


@dataclass(frozen=True)
class Team:
    """The roll-up: the curriculum, when, and a member per file."""

    curriculum: Curriculum
    now: datetime
    members: list[Member]


def read_export(path: Path, curriculum: Curriculum) -> Progress:
    """Read a progress file or export; refuse a damaged one or one for another curriculum."""
    data = store.read_bytes(path, allow_pipe=True)
    if data is None:
        raise InvalidInputError(f"{path}: no such file.")
    try:
        progress, _ = store.parse_progress(data, path)
    except ProgressFileError as error:
        if type(error) is not ProgressFileError:
            raise  # e.g. written by a newer tpmpath: its own hint says what to do
        # The store's hint (`tpmpath recover`) is about one's own file, not a mentee's export.
        raise ProgressFileError(error.message, hint=_EXPORT_HINT) from None
    if progress.curriculum_id != curriculum.id:
        raise InvalidInputError(
            f"{path} holds progress for curriculum '{progress.curriculum_id}', "
            f"not the active curriculum '{curriculum.id}'.",
            hint="Roll up one curriculum at a time; pick theirs with "
            "`tpmpath --curriculum FILE team ...`.",
        )
    return progress


def member_name(path: Path, progress: Progress) -> str:
    """The file's stem; for a progress file itself (`<profile>/<curriculum>.json`), the profile."""
    profile = path.absolute().parent.name
    return profile if path.stem == progress.curriculum_id and profile else path.stem


def rollup(curriculum: Curriculum, files: list[tuple[Path, Progress]], now: datetime) -> Team:
    """Summarize each person's progress against the curriculum."""
    names = [member_name(path, progress) for path, progress in files]
    repeated = {name for name, count in Counter(names).items() if count > 1}
    members = []
    for (path, progress), name in zip(files, names, strict=True):
        derived = derive(curriculum, progress.events)
        last = max((e.at for e in progress.events), default=None)
        members.append(
            Member(
                name=str(path) if name in repeated else name,
                path=path,
                summaries=summarize(curriculum, derived.states),
                last_activity=last.astimezone(now.tzinfo).date() if last else None,
            )
        )
    return Team(curriculum, now, members)


def team_view(team: Team) -> dict[str, Any]:
    """`team --format json`: the curriculum, the steps, and each member's summaries."""
    curriculum = team.curriculum
    return {
        "curriculum": {
            "id": curriculum.id,
            "title": curriculum.title,
            "version": curriculum.version,
        },
        "generated_at": team.now.isoformat(),
        "steps": [{"id": step.id, "title": step.title} for step in curriculum.steps],
        "members": [
            {
                "name": m.name,
                "file": str(m.path),
                "steps": [summary_view(s) for s in m.summaries[:-1]],
                "overall": summary_view(m.overall),
                "last_activity": m.last_activity.isoformat() if m.last_activity else None,
            }
            for m in team.members
        ],
    }


def finished(summary: Summary) -> str:
    """`done + skipped / total`, as `status` counts them."""
    return f"{summary.done + summary.skipped}/{summary.total}"

"""The result of `tpmpath sync`: what was committed, pulled and pushed (said on stderr)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tpmpath.output.emit import Notice


@dataclass(repr=False, eq=False)
class SyncSummary(Notice):
    """`sync`: this device's commit, the other devices' files that came in, and the push."""

    repository: str
    remote: str
    branch: str
    committed: list[str]
    commit: str | None
    pulled: list[str]
    pushed: bool

    def data(self) -> object:
        return {
            "repository": self.repository,
            "remote": self.remote,
            "branch": self.branch,
            "commit": self.commit,
            "committed": self.committed,
            "pulled": self.pulled,
            "pushed": self.pushed,
        }

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json:
            return []
        where = f"{self.remote}/{self.branch}"
        lines = []
        if self.commit:
            lines.append(f"Committed {_files(self.committed)} ({self.commit}).")
        if self.pulled:
            lines.append(f"Brought in {_files(self.pulled)} from {where}.")
        if self.pushed:
            lines.append(f"Pushed to {where}.")
        return lines or [f"Already in sync with {where}."]


def _files(names: list[str]) -> str:
    count = f"{len(names)} file{'' if len(names) == 1 else 's'}"
    shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    return f"{count}: {shown}"

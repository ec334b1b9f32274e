"""What `doctor` found about a profile's progress files (store.doctor looks; output.doctor
shows): the files, what needs attention, and what `--fix` did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["conflicted-copy", "damaged", "claimed-twice", "missing", "stale-temporary"]
Role = Literal["own", "device", "copy"]


@dataclass(repr=False, eq=False)
class Finding:
    """One thing that needs attention."""

    kind: Kind
    path: str
    message: str
    events: int = 0
    """For a conflicted copy: the events it holds that no device's log has."""


@dataclass(repr=False, eq=False)
class LogInfo:
    """One file of the progress: this device's log, another device's, or a sync engine's copy."""

    path: str
    role: Role
    device: str | None = None
    events: int | None = None
    """None: it cannot be read."""


@dataclass(repr=False, eq=False)
class Checkup:
    """What doctor found, and (with --fix) what it did."""

    device: str
    own: str
    logs: list[LogInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.findings

"""The result of `doctor`: the progress files found, what needs attention, what --fix did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tpmpath.core.health import Checkup


@dataclass(repr=False, eq=False)
class Doctor:
    """`doctor`: a line per file, then a line per finding (or that all is well)."""

    checkup: Checkup

    def data(self) -> object:
        c = self.checkup
        return {
            "healthy": c.healthy,
            "device": c.device,
            "own": c.own,
            "logs": [
                {"path": i.path, "role": i.role, "device": i.device, "events": i.events}
                for i in c.logs
            ],
            "findings": [
                {"kind": f.kind, "path": f.path, "message": f.message, "events": f.events}
                for f in c.findings
            ],
            "fixed": c.fixed,
        }

    def text(self) -> str:
        c = self.checkup
        lines = [f"Device: {c.device}", f"This device's log: {c.own}"]
        for info in c.logs:
            count = "unreadable" if info.events is None else f"{info.events} events"
            whose = f", {info.device}" if info.device else ""
            lines.append(f"  {_name(info.path)}  ({info.role}{whose}, {count})")
        if not c.logs:
            lines.append("  (no progress recorded yet)")
        lines += [f"Fixed: {line}" for line in c.fixed]
        if c.healthy:
            lines.append("Everything is in order.")
        for finding in c.findings:
            lines.append(f"! {finding.message}")
        return "\n".join(lines)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        if as_json or self.checkup.healthy:
            return []
        n = len(self.checkup.findings)
        return [f"{n} thing{'' if n == 1 else 's'} need{'s' if n == 1 else ''} attention."]


def _name(path: str) -> str:
    """A file's name without its folder (core and output take paths as text)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]

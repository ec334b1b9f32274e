"""Results of the data commands: `where`, `export -o`, `import` and `recover`.

Apart from `where`, they print nothing on stdout: what they did is said on stderr.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tpmpath.core.imports import ImportCount
from tpmpath.output.emit import Notice


@dataclass(repr=False, eq=False)
class ProgressPath:
    """`where`: the absolute path of the active progress file, alone on a line."""

    path: Path

    def data(self) -> object:
        return {"path": str(self.path)}

    def text(self) -> str:
        return str(self.path)

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return []


@dataclass(repr=False, eq=False)
class Exported(Notice):
    """`export -o FILE`: how many events the backup holds."""

    events: int
    file: Path

    def data(self) -> object:
        return {"file": str(self.file), "events": self.events}

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [f"Exported {_count(self.events, 'event')} to {self.file}."]


@dataclass(repr=False, eq=False)
class Imported(Notice):
    """`import FILE`: what it added (with --dry-run: would add), and the settings that differ."""

    merge: ImportCount
    source: Path
    dry_run: bool

    def data(self) -> object:
        merge = self.merge
        return {
            "source": str(self.source),
            "dry_run": self.dry_run,
            "events": merge.count,
            "per_topic": dict(sorted(merge.per_topic().items())),
            "settings_taken": {name: _json(value) for name, value in merge.filled.items()},
            "settings_kept": {
                name: {"yours": _json(ours), "export": _json(theirs)}
                for name, (ours, theirs) in merge.differing.items()
            },
        }

    def notes(self, *, as_json: bool) -> Sequence[str]:
        merge, source = self.merge, self.source
        if not merge.changed:
            lines = [f"Nothing new to import from {source}: this profile already has all of it."]
        else:
            verb = "Would import" if self.dry_run else "Imported"
            lines = [f"{verb} {self._what()} from {source}."]
            if self.dry_run:
                lines += [
                    f"  {topic or '(no topic)'}: {_count(count, 'event')}"
                    for topic, count in sorted(merge.per_topic().items())
                ]
        for name, (ours, theirs) in merge.differing.items():
            lines.append(f"Kept your {_key(name)} {_text(ours)}; the export has {_text(theirs)}.")
        if merge.changed and not self.dry_run:
            lines.append("`tpmpath undo` reverts this import.")
        return lines

    def _what(self) -> str:
        """The new events and the settings taken, in words."""
        parts = []
        if self.merge.count:
            parts.append(_count(self.merge.count, "new event"))
        if self.merge.filled:
            parts.append(f"the setting(s) {', '.join(_key(n) for n in self.merge.filled)}")
        return " and ".join(parts)


@dataclass(repr=False, eq=False)
class Recovered(Notice):
    """`recover`: what was done to the damaged (or missing) progress file, as the store says."""

    said: str

    def data(self) -> object:
        return {"message": self.said}

    def notes(self, *, as_json: bool) -> Sequence[str]:
        return [self.said]


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _key(field: str) -> str:
    """A setting's name as `config` spells it."""
    return field.replace("_", "-")


def _text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value

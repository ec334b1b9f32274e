"""The profile's settings, one file per device, so that no file is written by two devices.

A device writes only its own profile file, by the rule of the logs (store.logs.own_log):
`<profile>/_profile.json` when it is absent, unclaimed (written before devices were told apart:
the first save claims it) or its own; else `_profile@<device>.json`. Each file says which device
writes it and, per setting, when that device last changed it (`changed`; a setting unset is
recorded as changed to nothing, so the unset wins over older values):

    {"schema_version": 2, "device": "laptop-1a2b",
     "settings": {"hours_per_week": 5.0},
     "changed": {"hours_per_week": "2026-...Z", "target_date": "2026-...Z"}}

Reading takes every profile file of the profile (this device's, the others', the copies a sync
engine made of them: store.logs names them all), each setting from the file that changed it last
(ties: the later file name, so every device agrees). Another device's file that cannot be read is
skipped with a warning; this device's own stays strict. A schema 1 file (no device, no times)
still reads: its settings count as changed at the epoch.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from tpmpath.core.models import Settings
from tpmpath.errors import ProgressFileError, TpmpathError
from tpmpath.store import devices, files, logs
from tpmpath.store.atomic import write_atomic
from tpmpath.store.locks import locked
from tpmpath.store.logs import Log

PROFILE_SCHEMA = 2
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""When the settings of a schema 1 file (or of an older tpmpath's progress file) changed."""
TICK = timedelta(microseconds=1)
KEYS = tuple(Settings.model_fields)


@dataclass(repr=False, eq=False)
class Document:
    """A profile file (schema 2; a schema 1 one is read as one that names no device)."""

    device: str | None = None
    settings: Settings = field(default_factory=Settings)
    changed: dict[str, datetime] = field(default_factory=dict)
    """Per setting, when this device last changed it (set or unset)."""


def parse(data: bytes, path: Path) -> Document:
    """A profile file's document (schema 1 or 2); ProgressFileError if it is none."""
    try:
        document = json.loads(data)
        if not isinstance(document, dict):
            raise ValueError("not a profile file")
        version = document.get("schema_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > 2:
            raise ProgressFileError(
                f"{path} was written by a newer tpmpath (profile schema {version}; this one "
                f"reads up to {PROFILE_SCHEMA}).",
                hint="Upgrade tpmpath on this device: `pipx upgrade tpmpath`.",
            )
        if version == 1 and set(document) == {"schema_version", "settings"}:
            settings = Settings.model_validate(document["settings"])
            return Document(None, settings, dict.fromkeys(_set(settings), EPOCH))
        if version != 2 or not set(document) <= {"schema_version", "device", "settings", "changed"}:
            raise ValueError("not a profile file")
        return Document(
            _device(document.get("device")),
            Settings.model_validate(document.get("settings", {})),
            _times(document.get("changed", {})),
        )
    except (ValueError, ValidationError):
        raise ProgressFileError(
            f"{path} is damaged: it is not a tpmpath profile file.",
            hint=f"Delete {path} and set your settings again (`tpmpath config set`).",
        ) from None


def _device(value: object) -> str | None:
    if value is None or (isinstance(value, str) and 1 <= len(value) <= 64):
        return value
    raise ValueError("not a device id")


def _times(value: object) -> dict[str, datetime]:
    """`changed`: a known setting each, at an ISO 8601 time with a time zone."""
    if not isinstance(value, dict):
        raise ValueError("not a map")
    times = {}
    for key, moment in value.items():
        if key not in KEYS or not isinstance(moment, str):
            raise ValueError("not a setting's time")
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is None:
            raise ValueError("a time without a time zone")
        times[key] = parsed
    return times


def _set(settings: Settings) -> list[str]:
    return list(settings.model_dump(exclude_none=True))


def dump(document: Document) -> bytes:
    """A profile file's bytes: the settings set, every change's time in UTC."""
    data = {
        "schema_version": PROFILE_SCHEMA,
        "device": document.device,
        "settings": document.settings.model_dump(mode="json", exclude_none=True),
        "changed": {k: _iso(t) for k, t in sorted(document.changed.items())},
    }
    return json.dumps(data, indent=2).encode() + b"\n"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def own_file(base: Path, device: str) -> Path:
    """The profile file this device writes: `_profile.json` when absent, unclaimed or its own;
    else `_profile@<device>.json`."""
    mine = logs.log_path(base, device)
    try:
        data = files.read_bytes(base)
    except TpmpathError:
        data = b""  # unreadable: as if damaged
    if data is None:
        return base
    try:
        claimed = parse(data, base).device
    except TpmpathError:  # damaged: this device's, unless it names another or mine exists
        named = re.search(rb'"device":\s*"([^"]{1,64})"', data[:4096])
        elsewhere = named is not None and named[1] != device.encode()
        return mine if mine.exists() or elsewhere else base
    return base if claimed in (None, device) else mine


@dataclass(repr=False, eq=False)
class Found:
    """The profile files read (in file-name order), and a warning for each skipped."""

    read: list[tuple[Log, Document]] = field(default_factory=list)
    damaged: list[tuple[Log, str]] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [_skipped(log) for log, _ in self.damaged]


def _skipped(log: Log) -> str:
    return (
        f"Warning: skipped {log.path.name}, which cannot be read; run `tpmpath doctor` for details."
    )


def read_files(base: Path, own: Path, skip: frozenset[Path] = frozenset()) -> Found:
    """Every profile file of the profile but `skip`: this device's strictly (a damaged one is an
    error), the others' and the copies leniently."""
    found = Found()
    names = logs.candidates(base)
    if all(log.path != own for log in names) and own.exists():
        names = sorted([*names, Log(own, "log")], key=lambda log: log.path.name)
    for log in names:
        if log.path in skip:
            continue
        if log.path == own:
            data = files.read_bytes(own)
            if data is not None:
                found.read.append((log, parse(data, own)))
            continue
        try:
            data = files.read_bytes(log.path) if log.path.is_file() else None
            if data is None:
                raise ProgressFileError(f"{log.path} is gone or is no regular file.")
            found.read.append((log, parse(data, log.path)))
        except TpmpathError as error:
            found.damaged.append((log, str(error).splitlines()[0]))
    return found


class InForce(NamedTuple):
    """The settings in force and, per key, when it was last changed and in which file."""

    settings: Settings
    changed: dict[str, datetime]
    source: dict[str, Path]


def combine(read: list[tuple[Log, Document]]) -> InForce:
    """Each setting from the file that changed it last (ties: the later file name)."""
    values: dict[str, object] = {}
    changed: dict[str, datetime] = {}
    source: dict[str, Path] = {}
    for log, document in sorted(read, key=lambda pair: pair[0].path.name):
        for key, moment in document.changed.items():
            if key not in changed or moment >= changed[key]:
                values[key] = getattr(document.settings, key)
                changed[key], source[key] = moment, log.path
        for key in _set(document.settings):  # set but not timed
            if key not in changed:
                values[key] = getattr(document.settings, key)
                changed[key], source[key] = EPOCH, log.path
    settings = Settings.model_validate({k: v for k, v in values.items() if v is not None})
    return InForce(settings, changed, source)


def read(base: Path, device: str) -> tuple[Settings | None, list[str]]:
    """The profile's settings (None: it has no profile file yet) and what was skipped."""
    if not base.parent.is_dir():  # no profile yet (or something else in its place: a write says)
        return None, []
    found = read_files(base, own_file(base, device))
    if not found.read:
        return None, found.warnings
    return combine(found.read).settings, found.warnings


@contextlib.contextmanager
def owned(base: Path, device: str) -> Iterator[Path]:
    """Hold the lock of this device's own profile file; yields its path. `_profile.json` claimed
    by another device meanwhile (checked under its lock) sends this one to its `@` file."""
    own = own_file(base, device)
    with locked(own):
        if own != base or own_file(base, device) == base:
            yield own
            return
    own = logs.log_path(base, device)
    with locked(own):
        yield own


def change(
    base: Path,
    device: str,
    apply: Callable[[Settings], Settings],
    fallback: Settings,
    now: datetime,
) -> bool:
    """Under the lock of this device's profile file: make the settings in force what `apply`
    makes of them, by recording in this device's file the keys that differ (at `now`, or just
    after the change they replace if that is later: a change made after another wins). Until
    the profile has a profile file, the settings in force are `fallback` (an older tpmpath's,
    kept with the progress), recorded as changed at the epoch. Whether anything changed."""
    with owned(base, device) as own:
        found = read_files(base, own)
        in_force = combine(found.read) if found.read else None
        current = in_force.settings if in_force else fallback
        new = apply(current)
        if new == current:
            return False
        mine = next((d for log, d in found.read if log.path == own), None)
        if mine is None:
            mine = Document()
            if in_force is None:  # the first profile file: it keeps the older settings
                mine.settings = fallback
                mine.changed = dict.fromkeys(_set(fallback), EPOCH)
        _record(mine, current, new, in_force.changed if in_force else {}, now)
        devices.remember()  # this device's id is saved now, if it was only proposed
        mine.device = device
        write_atomic(own, dump(mine), backup=True)
    return True


def _record(
    mine: Document, current: Settings, new: Settings, times: dict[str, datetime], now: datetime
) -> None:
    """Set the keys in which `new` differs from `current` in `mine`, each timed after the
    change it replaces."""
    values = mine.settings.model_dump()
    for key in KEYS:
        if getattr(new, key) != getattr(current, key):
            values[key] = getattr(new, key)
            mine.changed[key] = max(now, times.get(key, EPOCH) + TICK)
    mine.settings = Settings.model_validate({k: v for k, v in values.items() if v is not None})


def newest_in(found: Found, copies: Set[Path]) -> list[str]:
    """The settings that `copies` bring: whose value in force comes from one of them, and
    would be another (or changed at another time) without them."""
    if not found.read:
        return []
    full = combine(found.read)
    rest = [pair for pair in found.read if pair[0].path not in copies]
    without = combine(rest) if rest else InForce(Settings(), {}, {})
    return sorted(
        key
        for key, path in full.source.items()
        if path in copies
        and (
            without.changed.get(key) != full.changed[key]
            or getattr(without.settings, key) != getattr(full.settings, key)
        )
    )


def fold(base: Path, device: str, copies: list[Path]) -> list[str]:
    """Under the lock of this device's profile file: record in it the settings whose newest
    value is in one of `copies`, with the time it was changed there (so the settings in force
    stay as they are once the copies are moved away); the keys folded."""
    with owned(base, device) as own:
        found = read_files(base, own)
        if not found.read:
            return []
        in_force = combine(found.read)
        keys = newest_in(found, set(copies))
        if not keys:
            return []
        mine = next((d for log, d in found.read if log.path == own), None) or Document()
        values = mine.settings.model_dump()
        for key in keys:
            values[key] = getattr(in_force.settings, key)
            mine.changed[key] = in_force.changed[key]
        mine.settings = Settings.model_validate({k: v for k, v in values.items() if v is not None})
        kept = [p for p in found.read if p[0].path not in copies and p[0].path != own]
        after = combine([*kept, (Log(own, "log"), mine)])
        for key in keys:  # a tie the copy won by its name: this file's name might lose it
            if getattr(after.settings, key) != getattr(in_force.settings, key):
                mine.changed[key] += TICK
        devices.remember()
        mine.device = device
        write_atomic(own, dump(mine), backup=True)
    return keys

"""Reading the logs of every device (store.logs) as one history, for the store's reads.

Each log is validated in full and the logs are merged by event id, each keeping its own order
(core.changes.merge_logs), in the order of their file names: every device replays the same
history. Another device's log that cannot be read is skipped with a warning (`tpmpath doctor`
details it): it must not stop this device from working; this device's own log stays strict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from pathlib import Path

from tpmpath.core.changes import merge_logs
from tpmpath.core.models import Event, Progress
from tpmpath.errors import TpmpathError
from tpmpath.store import files, logs
from tpmpath.store.logs import Log

Read = list[tuple[Log, Progress]]


def read_others(
    base: Path, own: Path, curriculum_id: str, skip: Set[Path] = frozenset()
) -> tuple[Read, list[str]]:
    """The other devices' logs (and sync engines' copies) but `skip`, each validated, in
    file-name order; and a warning for each that cannot be read."""
    found, damaged = logs.others(base, own, curriculum_id)
    read: Read = []
    warnings = [_skipped(log) for log, _ in damaged if log.path not in skip]
    for log in found:
        if log.path in skip:
            continue
        try:
            read.append((log, files.load(log.path, curriculum_id).progress))
        except TpmpathError:
            warnings.append(_skipped(log))
    return read, warnings


def _skipped(log: Log) -> str:
    """One line on stderr for a log that was left out (doctor says why)."""
    return (
        f"Warning: skipped {log.path.name}, which cannot be read; run `tpmpath doctor` for details."
    )


def merge(own_path: Path, own: Sequence[Event], read: Read) -> list[Event]:
    """The own log's events and the others' as one history, logs ordered by file name."""
    named = sorted(
        [(own_path.name, own), *((log.path.name, p.events) for log, p in read)],
        key=lambda pair: pair[0],
    )
    return merge_logs([events for _, events in named])


def read_merged(
    path: Path, data: bytes | None, curriculum_id: str, others: Read
) -> tuple[Progress, Sequence[Event], list[Event]]:
    """This device's log from its bytes (strictly: a damaged own log is an error), and every
    log merged: the own log's head, its events, and the whole history."""
    loaded = files.parse_loaded(data, path, curriculum_id)
    own = loaded.progress.events
    stored = loaded.progress.model_copy(update={"events": []})
    if not loaded.exists:  # this device has not written yet: the progress is the others'
        stored.learner_id = next((p.learner_id for _, p in others if p.learner_id), None)
    return stored, own, merge(path, own, others)


def mine(device: str, own: Sequence[Event] | None) -> Callable[[Event], bool]:
    """Whether this device recorded an event: it names this device, or it names none and is in
    this device's log (`own`: that log's events when others were merged in; None: all are)."""
    ids = None if own is None else {e.id for e in own}
    return lambda e: e.device == device or (e.device is None and (ids is None or e.id in ids))

"""Reading the logs of every device (store.logs) as one history, for the store's reads.

Each log is validated in full and the logs are merged by event id, each keeping its own order
(core.changes.merge_logs), in the order of their file names: every device replays the same
history. Another device's log that cannot be read is skipped with a warning (`tpmpath doctor`
details it): it must not stop this device from working; this device's own log stays strict.

A large merge gets a checkpoint (store.checkpoint) keyed on the bytes of every log: while no log
changes, a command reads that instead of replaying, and validates the events only if it needs
them (history, a change).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from pathlib import Path
from typing import NamedTuple, overload

from tpmpath.core.changes import merge_logs
from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.progress import Derived, derive
from tpmpath.errors import TpmpathError
from tpmpath.store import files, logs
from tpmpath.store.logs import Log

Read = list[tuple[Log, Progress]]
Collected = list[tuple[Log, bytes]]


def collect(
    base: Path, own: Path, curriculum_id: str, skip: Set[Path] = frozenset()
) -> tuple[Collected, list[str]]:
    """The bytes of the other devices' logs (and sync engines' copies) but `skip`, in file-name
    order; and a warning for each that cannot be read."""
    found, damaged = logs.others(base, own, curriculum_id)
    collected: Collected = []
    warnings = [skipped(log) for log, _ in damaged if log.path not in skip]
    for log in found:
        if log.path in skip:
            continue
        try:
            raw = files.read_bytes(log.path)
        except TpmpathError:
            raw = None
        if raw is None:  # gone since it was listed, or unreadable
            warnings.append(skipped(log))
        else:
            collected.append((log, raw))
    return collected, warnings


def parse(collected: Collected, curriculum_id: str) -> tuple[Read, list[str]]:
    """Each log validated; a warning for each that is not."""
    read: Read = []
    warnings: list[str] = []
    for log, raw in collected:
        try:
            read.append((log, files.parse_loaded(raw, log.path, curriculum_id).progress))
        except TpmpathError:
            warnings.append(skipped(log))
    return read, warnings


def read_others(
    base: Path, own: Path, curriculum_id: str, skip: Set[Path] = frozenset()
) -> tuple[Read, list[str]]:
    """The other logs, validated (see `collect` and `parse`)."""
    collected, warnings = collect(base, own, curriculum_id, skip)
    read, more = parse(collected, curriculum_id)
    return read, warnings + more


def skipped(log: Log) -> str:
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


class All(NamedTuple):
    """Every log read as one: this device's head and events, the history, its replay."""

    head: Progress
    own: Sequence[Event]
    events: Sequence[Event]
    derived: Derived
    warnings: list[str]


def read_all(
    path: Path,
    data: bytes | None,
    curriculum: Curriculum,
    collected: Collected,
    cache_dir: Path | None,
) -> All:
    """This device's log from its bytes (strictly: a damaged own log is an error) and the others
    collected, as one history: from the checkpoint of exactly these logs when there is one."""
    size = len(data or b"") + sum(len(raw) for _, raw in collected)
    if cache_dir is not None and _worth_a_checkpoint(size):
        from tpmpath.store import checkpoint

        digest = _digest(path, data, collected)
        found = checkpoint.load(cache_dir, _anchor(path), digest, curriculum)
        if found is not None:  # saved only when every log could be read: these still can
            lazy = _Lazy(lambda: _full(path, data, curriculum.id, collected))
            return All(found.head, _Events(lazy, 0), _Events(lazy, 1), found.derived(), [])
    head, own, events, warnings = _full(path, data, curriculum.id, collected)
    derived = derive(curriculum, events)
    if cache_dir is not None and _worth_a_checkpoint(size) and not warnings:
        from tpmpath.store import checkpoint

        digest = _digest(path, data, collected)
        checkpoint.save(
            cache_dir, _anchor(path), digest, curriculum, head, derived, canonical=False
        )
    return All(head, own, events, derived, warnings)


Full = tuple[Progress, list[Event], list[Event], list[str]]


def _full(path: Path, data: bytes | None, curriculum_id: str, collected: Collected) -> Full:
    """Every log validated and merged: the own head and events, the history, what was skipped."""
    loaded = files.parse_loaded(data, path, curriculum_id)
    own = loaded.progress.events
    head = loaded.progress.model_copy(update={"events": []})
    others, warnings = parse(collected, curriculum_id)
    if not loaded.exists:  # this device has not written yet: the progress is the others'
        head.learner_id = next((p.learner_id for _, p in others if p.learner_id), None)
    return head, own, merge(path, own, others), warnings


def _worth_a_checkpoint(size: int) -> bool:
    from tpmpath.store import progress_store  # its threshold, which tests lower

    return size >= progress_store.CHECKPOINT_MIN_BYTES


def _anchor(path: Path) -> Path:
    """Where the merge's checkpoint is filed: beside, not over, the own log's own checkpoint."""
    return path.with_name(path.name + "+logs")


def _digest(path: Path, data: bytes | None, collected: Collected) -> bytes:
    """What the checkpoint of a merge is keyed on: every log's name and exact bytes."""
    import hashlib  # only a read of several logs gets here

    content = hashlib.sha256()
    for name, raw in [(path.name, data or b""), *((log.path.name, r) for log, r in collected)]:
        content.update(f"{name}\0{len(raw)}\0".encode())
        content.update(raw)
    return content.hexdigest().encode()


class _Lazy:
    """The full read, made once, the first time an event is asked for."""

    def __init__(self, load: Callable[[], Full]) -> None:
        self._load = load
        self._value: Full | None = None

    def value(self) -> Full:
        if self._value is None:
            self._value = self._load()
        return self._value


class _Events(Sequence[Event]):
    """The own log's events (1: the whole history) of a lazy full read."""

    def __init__(self, lazy: _Lazy, which: int) -> None:
        self._lazy = lazy
        self._which = which

    def _events(self) -> list[Event]:
        full = self._lazy.value()
        return full[1] if self._which == 0 else full[2]

    def __len__(self) -> int:
        return len(self._events())

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        return self._events()[index]


def mine(device: str, own: Sequence[Event] | None) -> Callable[[Event], bool]:
    """Whether this device recorded an event: it names this device, or it names none and is in
    this device's log (`own`: that log's events when others were merged in; None: all are)."""
    ids = None if own is None else {e.id for e in own}
    return lambda e: e.device == device or (e.device is None and (ids is None or e.id in ids))

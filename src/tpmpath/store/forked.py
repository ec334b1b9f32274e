"""Work shared with forked copies of this process: `team` over a folder of many learners.

Reading and validating each learner's files is most of a roll-up's time, and each learner is read
on their own, so on a machine with several CPUs a round of learners is split between this process
and copies of it made with `fork` (which start at once: nothing is imported or set up again).
Results come back in the order of the items, whatever process worked them out.

A copy only ever saves time. It works its share up to the first item that fails and sends the
results before it back through a pipe; this process works out anything a copy did not send (a
failure, a copy that died), so an error is raised here, at its item, with its own message and
type, exactly as without copies. Nothing but results leaves a copy: it writes no file and no
output, and ends with `os._exit` (no buffered output or cleanup of this process runs twice).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, TypeVar

from tpmpath.errors import InvalidInputError

T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 8
SHARE = 256
"""Items per process in a round: a fork costs about a millisecond, an item (a learner's file of
300 events) about half of one, and a round's items are held until the round ends."""
MIN_SHARED = 32
"""Fewer items than this in a round are worked here: a copy would cost more than it saves."""


def jobs(environ: Mapping[str, str] | None = None) -> int:
    """How many processes may work at once: `TPMPATH_JOBS` (1: this one only), else the CPUs
    this process may run on, at most MAX_JOBS. Always 1 without a safe `fork` (Windows has
    none; on macOS a forked copy of a process may crash in system libraries)."""
    asked = (os.environ if environ is None else environ).get("TPMPATH_JOBS", "").strip()
    if asked and not (asked.isascii() and asked.isdigit() and 1 <= int(asked) <= MAX_JOBS):
        raise InvalidInputError(
            f"TPMPATH_JOBS is '{asked}': give a whole number from 1 to {MAX_JOBS}.",
            hint="1 reads with this process only; unset it to use every CPU.",
        )
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return 1
    if asked:
        return int(asked)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, MAX_JOBS))


def ordered(
    work: Callable[[T], R],
    items: Iterable[T],
    processes: int,
    *,
    here: Callable[[T], bool] | None = None,
) -> Iterator[R]:
    """`map(work, items)`, its results in order, with up to `processes` processes. Items for
    which `here` is true (e.g. a pipe, which can be read once) keep their round in this process."""
    if processes <= 1:
        yield from map(work, items)
        return
    pending = iter(items)
    while round_ := list(islice(pending, SHARE * processes)):
        if len(round_) < MIN_SHARED or (here is not None and any(map(here, round_))):
            yield from map(work, round_)
        else:
            yield from _shared(work, round_, processes)


def _shared(work: Callable[[T], R], round_: list[T], processes: int) -> Iterator[R]:
    """One round: the first share worked here while copies work the others."""
    size = -(-len(round_) // processes)
    shares = [round_[start : start + size] for start in range(0, len(round_), size)]
    copies: list[tuple[int, int, list[T]]] = []
    try:
        for share in shares[1:]:
            copies.append((*_fork(work, share), share))
        yield from map(work, shares[0])
        while copies:
            pid, pipe, share = copies.pop(0)
            sent: list[R] = _results(pid, pipe)  # the copy is reaped, whatever happens
            yield from sent
            yield from map(work, share[len(sent) :])
    finally:
        for pid, pipe, _ in copies:  # the round was given up (an error, Ctrl-C, a closed pipe)
            os.close(pipe)
            _stop(pid)


def _fork(work: Callable[[T], R], share: Sequence[T]) -> tuple[int, int]:
    """A copy of this process working `share`; its pid and the pipe its results come through."""
    read, write = os.pipe()
    pid = os.fork()
    if pid != 0:
        os.close(write)
        return pid, read
    code = 1
    try:  # the copy: it never returns from here
        os.close(read)
        results = []
        for item in share:
            try:
                results.append(work(item))
            except Exception:  # noqa: BLE001 - this process reads it again, and raises it
                break
        with open(write, "wb") as pipe:
            pickle.dump(results, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # also after Ctrl-C: this process says "Interrupted."


def _results(pid: int, pipe: int) -> list[Any]:
    """What a copy sent, once it has ended; nothing if it did not end well."""
    try:
        with open(pipe, "rb") as handle:
            data = handle.read()
    except BaseException:  # e.g. Ctrl-C while waiting: the copy is not waited for
        _stop(pid)
        raise
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return []
    try:
        results = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a torn message: this process works the share itself
        return []
    return results if isinstance(results, list) else []


def _stop(pid: int) -> None:
    """End a copy whose results are no longer wanted, and reap it."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)

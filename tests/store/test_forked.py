"""store.forked: work shared with forked copies, results in order, errors raised here."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator

import pytest

from tpmpath.errors import InvalidInputError
from tpmpath.store import forked

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def small_rounds(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rounds of 5 items per process, shared from 2 items: a few items exercise every path."""
    monkeypatch.setattr(forked, "SHARE", 5)
    monkeypatch.setattr(forked, "MIN_SHARED", 2)
    yield
    with pytest.raises(ChildProcessError):  # every copy was reaped
        os.waitpid(-1, os.WNOHANG)


def where(item: int) -> tuple[int, int]:
    """The item squared, and the process that worked it out."""
    return item * item, os.getpid()


def test_results_come_in_order_whichever_process_worked_them() -> None:
    results = list(forked.ordered(where, range(23), 3))
    assert [value for value, _ in results] == [n * n for n in range(23)]
    pids = [pid for _, pid in results]
    assert pids[:5] == [PARENT] * 5  # each round's first share is worked here
    assert pids[5] != PARENT and pids[10] != PARENT and pids[5] != pids[10]
    assert pids[5:10] == [pids[5]] * 5 and pids[10:15] == [pids[10]] * 5
    assert pids[15:18] == [PARENT] * 3  # the last round: 8 items, in shares of 3, 3 and 2
    assert PARENT not in pids[18:] and len({pids[5], pids[10], pids[18], pids[21]}) == 4


def test_one_process_works_alone() -> None:
    results = list(forked.ordered(where, range(12), 1))
    assert results == [(n * n, PARENT) for n in range(12)]


def test_a_small_round_is_worked_here() -> None:
    assert [pid for _, pid in forked.ordered(where, [7], 2)] == [PARENT]


def test_a_round_with_an_item_to_read_here_is_worked_here() -> None:
    results = list(forked.ordered(where, range(8), 2, here=lambda item: item == 6))
    assert [pid for _, pid in results] == [PARENT] * 8
    results = list(forked.ordered(where, range(8), 2, here=lambda item: item == 99))
    assert [pid for _, pid in results[:4]] == [PARENT] * 4  # one round, two shares of 4
    assert len({pid for _, pid in results[4:]} - {PARENT}) == 1


def failing(bad: int) -> Callable[[int], int]:
    def work(item: int) -> int:
        if item == bad:
            raise InvalidInputError(f"item {item} is bad ({os.getpid() == PARENT})", hint="fix it")
        return item

    return work


@pytest.mark.parametrize("bad", [2, 7], ids=["in this process's share", "in a copy's share"])
def test_an_error_is_raised_here_at_its_item(bad: int) -> None:
    seen: list[int] = []
    with pytest.raises(InvalidInputError) as raised:
        for value in forked.ordered(failing(bad), range(10), 2):
            seen.append(value)
    assert seen == list(range(bad))  # a copy still working is stopped (the fixture checks)
    assert (raised.value.message, raised.value.hint) == (f"item {bad} is bad (True)", "fix it")


def dies_in_a_copy(item: int) -> tuple[int, int]:
    if os.getpid() != PARENT and item == 6:
        os.kill(os.getpid(), signal.SIGKILL)
    return where(item)


def test_a_copy_that_dies_costs_only_time() -> None:
    results = list(forked.ordered(dies_in_a_copy, range(10), 2))
    assert [value for value, _ in results] == [n * n for n in range(10)]
    assert [pid for _, pid in results[5:]] == [PARENT] * 5  # its share, worked here instead


def test_giving_up_a_round_stops_and_reaps_its_copies() -> None:
    results = forked.ordered(where, range(30), 3)
    assert next(results) == (0, PARENT)
    results.close()  # the fixture checks that no copy is left


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), (" 8 ", 8), ("", None)])
def test_jobs_comes_from_tpmpath_jobs_or_the_cpus(value: str, expected: int | None) -> None:
    cpus = min(len(os.sched_getaffinity(0)), forked.MAX_JOBS)
    assert forked.jobs({"TPMPATH_JOBS": value}) == (expected or cpus)
    assert forked.jobs({}) == cpus


@pytest.mark.parametrize("value", ["0", "9", "two", "-1", "2.5", "²"])
def test_a_jobs_value_that_is_not_a_count_is_an_error(value: str) -> None:
    with pytest.raises(InvalidInputError, match="TPMPATH_JOBS is '.*': give a whole number"):
        forked.jobs({"TPMPATH_JOBS": value})


def test_no_copies_where_fork_is_not_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked.sys, "platform", "darwin")
    assert forked.jobs({"TPMPATH_JOBS": "4"}) == 1

"""Timing machinery: cases, round-robin rounds, statistics, and what a command imports."""

from __future__ import annotations

import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

MS = 1000.0

# Modules worth knowing about when a command imports them and the stack floor does not.
WATCH = (
    "rich",
    "yaml",
    "filelock",
    "platformdirs",
    "csv",
    "html",
    "hypothesis",
    "markdown_it",
    "pygments",
    "typer.rich_utils",
    "difflib",
    "tempfile",
    "statistics",
)


class BenchmarkError(Exception):
    """A command failed or printed the wrong thing: the figures would be meaningless."""


@dataclass
class Case:
    """One command (or baseline) to time: its argv per call, environment and target."""

    name: str
    argv: Callable[[int], list[str]]
    """Call number (warm-up included) -> argv, so a case can change what it touches each run."""
    env: dict[str, str]
    group: str
    """"baseline", "latency", "scale" or "bulk"."""
    target: float | None = None
    """A ratio to the stack floor (latency) or seconds (scale, bulk); None for baselines."""
    expect: str | None = None
    """Text stdout must contain (checked on every run)."""
    after: str | None = None
    """Within a round, run after this case (reset after done)."""
    before: Callable[[], None] | None = None
    """Untimed set-up before every run."""
    calls: int = 0
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """User + system CPU seconds of each timed run: steadier than wall time on a busy machine."""

    def run(self) -> tuple[float, float]:
        """Run once, check the outcome; the wall-clock and CPU seconds it took."""
        argv = self.argv(self.calls)
        self.calls += 1
        if self.before is not None:
            self.before()
        cpu = _children_cpu()
        start = time.perf_counter()
        done = subprocess.run(argv, env=self.env, stdin=subprocess.DEVNULL, capture_output=True)
        elapsed = time.perf_counter() - start
        used = _children_cpu() - cpu
        if done.returncode != 0:
            shown = " ".join(argv)[:200]
            raise BenchmarkError(
                f"{self.name}: `{shown}` exited {done.returncode}:\n"
                + done.stderr.decode(errors="replace")[-2000:]
            )
        if self.expect is not None and self.expect.encode() not in done.stdout:
            raise BenchmarkError(
                f"{self.name}: stdout lacks {self.expect!r}:\n"
                + done.stdout.decode(errors="replace")[:500]
            )
        return elapsed, used


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fixed(argv: Sequence[str]) -> Callable[[int], list[str]]:
    """The same argv on every call."""
    return lambda _call: list(argv)


def round_order(cases: Sequence[Case], rng: random.Random) -> list[Case]:
    """A shuffled round in which every case with `after` runs after the case it names."""
    order = list(cases)
    rng.shuffle(order)
    position = {case.name: i for i, case in enumerate(order)}
    for case in cases:
        if case.after is not None:
            mine, theirs = position[case.name], position[case.after]
            if mine < theirs:
                order[mine], order[theirs] = order[theirs], order[mine]
                position[case.name], position[case.after] = theirs, mine
    return order


def measure(
    cases: Sequence[Case], runs: int, rng: random.Random, *, warmup: int = 1, label: str = ""
) -> None:
    """Warm up, then `runs` rounds, each running every case once, in a fresh shuffled order."""
    for _ in range(warmup):
        for case in round_order(cases, rng):
            case.run()
    for number in range(runs):
        for case in round_order(cases, rng):
            elapsed, cpu = case.run()
            case.times.append(elapsed)
            case.cpu.append(cpu)
        print(f"\r  {label}: round {number + 1}/{runs}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def summary(times: Sequence[float], cpu: Sequence[float] = ()) -> dict[str, Any]:
    """Median and spread in milliseconds (and the median CPU time when measured)."""
    ms = sorted(t * MS for t in times)
    if len(ms) >= 2:
        deciles = statistics.quantiles(ms, n=10, method="inclusive")
        quartiles = statistics.quantiles(ms, n=4, method="inclusive")
        p10, p90, iqr = deciles[0], deciles[-1], quartiles[2] - quartiles[0]
    else:
        p10 = p90 = ms[0]
        iqr = 0.0
    result = {
        "runs": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "p10_ms": round(p10, 1),
        "p90_ms": round(p90, 1),
        "iqr_ms": round(iqr, 1),
        "min_ms": round(ms[0], 1),
        "max_ms": round(ms[-1], 1),
    }
    if cpu:
        result["cpu_median_ms"] = round(statistics.median(cpu) * MS, 1)
    return result


def imported_modules(argv: Sequence[str], env: dict[str, str]) -> set[str]:
    """The modules a command imports (`-X importtime`, through PYTHONPROFILEIMPORTTIME)."""
    done = subprocess.run(
        argv,
        env=dict(env, PYTHONPROFILEIMPORTTIME="1"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", done.stderr, re.MULTILINE))


def notable_imports(modules: set[str], floor: set[str]) -> list[str]:
    """Watched modules (or their submodules) a command imports and the floor does not."""
    found = []
    for name in WATCH:
        mine = {m for m in modules if m == name or m.startswith(name + ".")}
        if mine - floor:
            found.append(name)
    return found

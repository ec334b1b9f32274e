"""Measure tpmpath's speed against the stack floor, in one interleaved run.

    python -m benchmarks.run                 # everything, 21 runs per command (~5 minutes)
    python -m benchmarks.run --only latency  # everyday commands against the floor
    python -m benchmarks.run --runs 1 --quick --out /tmp/bench   # the smoke test

Every command runs as a subprocess of the installed console script with stdout to a pipe, the
way a user or a shell pipeline runs it. Commands and baselines run round-robin (each round runs
every case once, in a shuffled order), so machine noise hits them all alike. See README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks import datagen

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PYTHON = sys.executable
MS = 1000.0

# Modules worth knowing about when a command imports them and the floor does not.
WATCH = (
    "rich",
    "yaml",
    "filelock",
    "platformdirs",
    "csv",
    "html",
    "hypothesis",
    "difflib",
    "tempfile",
    "uuid",
    "zoneinfo",
    "statistics",
    "urllib.parse",
    "typer.rich_utils",
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
    target: float | None = None
    """A ratio to the stack floor (latency) or seconds (scale); None for baselines."""
    expect: str | None = None
    """Text stdout must contain (checked on every run)."""
    after: str | None = None
    """Within a round, run after this case (reset after done)."""
    before: Callable[[], None] | None = None
    """Untimed set-up before every run."""
    calls: int = 0
    times: list[float] = field(default_factory=list)

    def run(self) -> float:
        """Run once, check the outcome, return the wall-clock seconds."""
        argv = self.argv(self.calls)
        self.calls += 1
        if self.before is not None:
            self.before()
        start = time.perf_counter()
        done = subprocess.run(
            argv,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            check=False,
        )
        elapsed = time.perf_counter() - start
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
        return elapsed


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
            case.times.append(case.run())
        print(f"\r  {label} round {number + 1}/{runs}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def summary(times: Sequence[float]) -> dict[str, Any]:
    """Median and spread in milliseconds."""
    ms = sorted(t * MS for t in times)
    if len(ms) >= 2:
        deciles = statistics.quantiles(ms, n=10, method="inclusive")
        quartiles = statistics.quantiles(ms, n=4, method="inclusive")
        p10, p90, iqr = deciles[0], deciles[-1], quartiles[2] - quartiles[0]
    else:
        p10 = p90 = ms[0]
        iqr = 0.0
    return {
        "runs": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "p10_ms": round(p10, 1),
        "p90_ms": round(p90, 1),
        "iqr_ms": round(iqr, 1),
        "min_ms": round(ms[0], 1),
        "max_ms": round(ms[-1], 1),
    }


# --- environments -----------------------------------------------------------------------------


def base_env(work: Path) -> dict[str, str]:
    """The environment of every child: no tpmpath settings leaking in, one bytecode cache.

    PYTHONDONTWRITEBYTECODE (set in some CI and dev shells) would make tpmpath compile its own
    modules on every run, which an installed wheel never does; every child instead reads and
    writes bytecode in one cache in the run's temporary directory (filled by the warm-up).
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TPMPATH_", "_TPMPATH_", "COMP_"))
        and key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "NO_COLOR")
    }
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def console_script() -> str:
    """The installed `tpmpath` next to this Python: what users run."""
    script = Path(PYTHON).parent / "tpmpath"
    if not script.exists():
        raise BenchmarkError(f"No console script at {script}: run `pip install -e .` first.")
    return str(script)


def tpmpath_env(base: dict[str, str], root: Path, curriculum: Path | None = None) -> dict[str, str]:
    env = dict(base, TPMPATH_DATA_DIR=str(root / "data"), TPMPATH_CACHE_DIR=str(root / "cache"))
    if curriculum is not None:
        env["TPMPATH_CURRICULUM"] = str(curriculum)
    return env


def where(tpm: str, env: dict[str, str], *options: str) -> Path:
    """The progress file the CLI uses for these settings (asked of the CLI itself)."""
    done = subprocess.run(
        [tpm, *options, "where"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchmarkError(f"`tpmpath where` failed:\n{done.stderr}")
    return Path(done.stdout.strip())


def baselines(base: dict[str, str]) -> list[Case]:
    """`python -c pass` and the stack floor (with and without rich.table)."""
    return [
        Case("python -c pass", fixed([PYTHON, "-c", "pass"]), base, "baseline"),
        Case("stack floor", fixed([PYTHON, str(BENCH / "floor.py")]), base, "baseline"),
        Case(
            "floor without rich.table",
            fixed([PYTHON, str(BENCH / "floor_no_rich.py")]),
            base,
            "baseline",
        ),
    ]


# --- latency ----------------------------------------------------------------------------------


def latency_cases(tpm: str, base: dict[str, str], work: Path, events: int) -> list[Case]:
    """Everyday commands on the default curriculum with a year of progress."""
    from tpmpath.curriculum import default_curriculum_path, load_curriculum
    from tpmpath.progress import derive

    root = work / "latency"
    env = tpmpath_env(base, root)
    curriculum = load_curriculum(default_curriculum_path())
    progress = datagen.year_of_progress(curriculum, events=events)
    datagen.write_progress(progress, where(tpm, env))
    states = derive(curriculum, progress.events).states
    # done/reset must change something every run: a topic that is todo, or failing that any.
    toggle = next((t.id for t in curriculum.topics if states[t.id].status == "todo"), None)
    toggle = toggle or curriculum.topics[-1].id
    complete = dict(
        env,
        _TPMPATH_COMPLETE="complete_bash",
        COMP_WORDS="tpmpath done api",
        COMP_CWORD="2",
    )
    return [
        Case("tpmpath next", fixed([tpm, "next"]), env, "latency", 1.1),
        Case("tpmpath next --json", fixed([tpm, "next", "--json"]), env, "latency", 1.0, "["),
        Case("tpmpath status", fixed([tpm, "status"]), env, "latency", 1.1, "Overall"),
        Case("tpmpath list --json", fixed([tpm, "list", "--json"]), env, "latency", 1.0, "["),
        Case(f"tpmpath done {toggle}", fixed([tpm, "done", toggle]), env, "latency", 1.0),
        Case(
            f"tpmpath reset {toggle}",
            fixed([tpm, "reset", toggle]),
            env,
            "latency",
            1.0,
            after=f"tpmpath done {toggle}",
        ),
        Case("tpmpath --help", fixed([tpm, "--help"]), env, "latency", 1.1, "Usage"),
        Case(
            "TAB completion (done api<TAB>)", fixed([tpm]), complete, "latency", 1.0, "api-basics"
        ),
    ]


def imported_modules(argv: Sequence[str], env: dict[str, str]) -> set[str]:
    """The modules a command imports (from `-X importtime`, via PYTHONPROFILEIMPORTTIME)."""
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
    """Watched modules (or their submodules) imported by the command but not by the floor."""
    found = []
    for name in WATCH:
        mine = {m for m in modules if m == name or m.startswith(name + ".")}
        if mine - floor:
            found.append(name)
    return found


# --- scale ------------------------------------------------------------------------------------


@dataclass
class ScaleSet:
    """One generated curriculum and history, and the cases that run on it."""

    label: str
    topics: int
    events: int
    cases: list[Case]
    bulk: Case
    info: dict[str, Any]


def scale_set(
    tpm: str, base: dict[str, str], work: Path, topics: int, events: int, report: bool
) -> ScaleSet:
    """Write a curriculum of `topics` topics and a history of `events` events; warm the cache."""
    label = f"{topics:,} topics / {events:,} events"
    root = work / f"scale-{topics}"
    root.mkdir(parents=True)
    started = time.perf_counter()
    curriculum = datagen.big_curriculum(topics)
    path = root / "curriculum.yaml"
    path.write_text(datagen.curriculum_yaml(curriculum), encoding="utf-8")
    env = tpmpath_env(base, root, path)
    history = datagen.long_history(curriculum, events=events)
    written = datagen.write_progress(history, where(tpm, env))
    generated = time.perf_counter() - started
    from tpmpath.progress import derive

    states = derive(curriculum, history.events).states
    todo = [t.id for t in curriculum.topics if states[t.id].status == "todo"]
    ids = [t.id for t in curriculum.topics]
    # A different todo topic each run (warm-up included), so every `done` writes an event.
    pick = [*todo, *ids]
    cases = [
        Case(f"status [{label}]", fixed([tpm, "status"]), env, "scale", 0.5, "Overall"),
        Case(f"next [{label}]", fixed([tpm, "next"]), env, "scale", 0.5),
        Case(
            f"done X [{label}]",
            lambda call: [tpm, "done", pick[call % len(pick)]],
            env,
            "scale",
            0.5,
        ),
    ]
    if report:
        cases.append(
            Case(
                f"report --format json [{label}]",
                fixed([tpm, "report", "--format", "json"]),
                env,
                "scale",
                0.5,
                '"topics"',
            )
        )
    bulk_file = where(tpm, env, "--profile", "bulk")
    bulk = Case(
        f"done all {topics:,} ids at once (empty progress)",
        fixed([tpm, "--profile", "bulk", "done", *ids]),
        env,
        "bulk",
        10.0,
        before=lambda: _remove(bulk_file),
    )
    info = {
        "topics": topics,
        "steps": len(curriculum.steps),
        "requires": sum(len(t.requires) for t in curriculum.topics),
        "targets": sum(1 for t in curriculum.topics if t.target is not None),
        "events": written.events,
        "curriculum_bytes": path.stat().st_size,
        "progress_bytes": written.bytes,
        "generated_s": round(generated, 2),
    }
    return ScaleSet(label, topics, events, cases, bulk, info)


def _remove(path: Path) -> None:
    for stale in (path, path.with_name(path.name + ".bak")):
        stale.unlink(missing_ok=True)


def report_available(tpm: str, env: dict[str, str]) -> bool:
    """Whether this tpmpath has `report --format json` (it was being written when this was)."""
    done = subprocess.run(
        [tpm, "report", "--help"], env=env, capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and "--format" in done.stdout


# --- figures ----------------------------------------------------------------------------------


def figures(case: Case, floor_ms: float, pass_ms: float) -> dict[str, Any]:
    """A case's summary with its ratios to the floor and to `python -c pass`."""
    result = summary(case.times)
    result["argv"] = _shown_argv(case.argv(0))
    median = result["median_ms"]
    result["ratio_floor"] = round(median / floor_ms, 3)
    result["ratio_pass"] = round(median / pass_ms, 2)
    result["above_floor_ms"] = round(median - floor_ms, 1)
    if case.target is not None:
        result["target"] = case.target
        if case.group == "latency":
            result["met"] = result["ratio_floor"] <= case.target
        else:
            result["met"] = median / MS <= case.target
    return result


def _shown_argv(argv: Sequence[str]) -> str:
    words = [Path(a).name if os.sep in a else a for a in argv]
    text = " ".join(words)
    return text if len(text) <= 120 else text[:117] + "..."


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = ""
    with contextlib.suppress(OSError):
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "git_commit": commit,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def table(rows: Iterable[Sequence[str]], headers: Sequence[str]) -> str:
    """A plain text table, numbers right-aligned."""
    rows = [list(r) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        out = [cells[0].ljust(widths[0])]
        out += [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _met(result: dict[str, Any]) -> str:
    if "met" not in result:
        return ""
    return "yes" if result["met"] else "NO"


def print_latency(latency: dict[str, Any]) -> None:
    rows = []
    for name, r in latency["cases"].items():
        target = f"<= {r['target']:.1f}x" if "target" in r else ""
        rows.append(
            [
                name,
                f"{r['median_ms']:.1f}",
                f"{r['p10_ms']:.0f}-{r['p90_ms']:.0f}",
                f"{r['min_ms']:.1f}",
                f"{r['ratio_floor']:.3f}",
                f"{r['ratio_pass']:.1f}",
                target,
                _met(r),
                " ".join(r.get("imports", [])),
            ]
        )
    headers = ["latency", "median ms", "p10-p90", "min", "x floor", "x pass", "target", "met"]
    print(table(rows, [*headers, "imports beyond the floor"]))


def print_scale(scale: dict[str, Any]) -> None:
    rows = []
    for name, r in scale["cases"].items():
        target = f"<= {r['target']:g} s" if "target" in r else ""
        rows.append(
            [
                name,
                f"{r['median_ms']:.1f}",
                f"{r['p10_ms']:.0f}-{r['p90_ms']:.0f}",
                f"{r['min_ms']:.1f}",
                f"{r['ratio_floor']:.2f}",
                target,
                _met(r),
            ]
        )
    for name in scale.get("not_available", []):
        rows.append([name, "n/a", "", "", "", "<= 0.5 s", "not available"])
    print(table(rows, ["scale", "median ms", "p10-p90", "min", "x floor", "target", "met"]))
    rows = [
        [name, f"{g['ratio']:.2f}", f"<= {g['target']:g}", "yes" if g["met"] else "NO"]
        for name, g in scale["growth"].items()
    ]
    if rows:
        print()
        print(
            table(
                rows,
                ["growth 10x data: (t_big - floor)/(t_small - floor)", "ratio", "target", "met"],
            )
        )


# --- main -------------------------------------------------------------------------------------


def run_latency(
    tpm: str, base: dict[str, str], work: Path, runs: int, quick: bool
) -> dict[str, Any]:
    print("latency: default curriculum, a year of progress", file=sys.stderr)
    rng = random.Random(8)
    floor_cases = baselines(base)
    cases = latency_cases(tpm, base, work, events=60 if quick else 300)
    measure([*floor_cases, *cases], runs, rng, label="latency")
    pass_ms, floor_ms = (statistics.median(c.times) * MS for c in floor_cases[:2])
    floor_modules = imported_modules(floor_cases[1].argv(0), base)
    results: dict[str, Any] = {}
    for case in [*floor_cases, *cases]:
        result = figures(case, floor_ms, pass_ms)
        if case.group != "baseline":
            modules = imported_modules(case.argv(0), case.env)
            result["imports"] = notable_imports(modules, floor_modules)
            result["modules"] = len(modules)
        results[case.name] = result
    return {"events": 60 if quick else 300, "cases": results}


def run_scale(tpm: str, base: dict[str, str], work: Path, runs: int, quick: bool) -> dict[str, Any]:
    sizes = [(100, 1_000), (1_000, 10_000)] if quick else [(1_000, 10_000), (10_000, 100_000)]
    floor_cases = baselines(base)[:2]
    probe = tpmpath_env(base, work / "probe")
    has_report = report_available(tpm, probe)
    print("scale: generating data", file=sys.stderr)
    sets = [scale_set(tpm, base, work, t, e, has_report) for t, e in sizes]
    rng = random.Random(10)
    cases = [case for s in sets for case in s.cases]
    measure([*floor_cases, *cases], runs, rng, label="scale")
    bulk_runs = 1 if quick else 3
    measure([s.bulk for s in sets], bulk_runs, rng, warmup=0, label="bulk")
    pass_ms, floor_ms = (statistics.median(c.times) * MS for c in floor_cases)
    results = {c.name: figures(c, floor_ms, pass_ms) for c in [*floor_cases, *cases]}
    results.update({s.bulk.name: figures(s.bulk, floor_ms, pass_ms) for s in sets})
    small, big = sets
    growth: dict[str, Any] = {}
    pairs = [(a.name.split(" [")[0], a, b) for a, b in zip(small.cases, big.cases, strict=True)]
    pairs.append(("done all ids at once", small.bulk, big.bulk))
    for what, a, b in pairs:
        ta, tb = results[a.name]["median_ms"], results[b.name]["median_ms"]
        ratio = (tb - floor_ms) / max(ta - floor_ms, 1.0)
        growth[what] = {"small_ms": ta, "big_ms": tb, "ratio": round(ratio, 2), "target": 12.0}
        growth[what]["met"] = ratio <= 12.0
    unavailable = [] if has_report else [f"report --format json [{s.label}]" for s in sets]
    return {
        "sets": {s.label: s.info for s in sets},
        "cases": results,
        "growth": growth,
        "not_available": unavailable,
        "bulk_runs": bulk_runs,
    }


def write_results(results: dict[str, Any], out: Path) -> list[Path]:
    """`<date>.json` and `latest.json`, each written atomically."""
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    written = []
    for name in (f"{results['date'][:10]}.json", "latest.json"):
        target = out / name
        fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21, help="timed runs per command (21)")
    parser.add_argument("--quick", action="store_true", help="small data sizes (smoke test)")
    parser.add_argument("--only", choices=["latency", "scale"], help="one part only")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    tpm = console_script()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="tpmpath-bench-"))
    results: dict[str, Any] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"runs": args.runs, "quick": args.quick, "only": args.only},
    }
    try:
        base = base_env(work)
        if args.only in (None, "latency"):
            results["latency"] = run_latency(tpm, base, work, args.runs, args.quick)
        if args.only in (None, "scale"):
            results["scale"] = run_scale(tpm, base, work, args.runs, args.quick)
    except BenchmarkError as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"data kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    m = results["machine"]
    print(f"\n{results['date']}  {m['cpu']}  {m['cpu_count']} CPUs  Python {m['python']}")
    if "latency" in results:
        print()
        print_latency(results["latency"])
    if "scale" in results:
        print()
        print_scale(results["scale"])
    for path in write_results(results, args.out):
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

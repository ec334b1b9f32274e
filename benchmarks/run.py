"""Measure tpmpath's speed against the stack floor, in one interleaved run.

    python -m benchmarks.run                   # everything, 21 runs per command (about 4 minutes)
    python benchmarks/run.py                   # the same
    python -m benchmarks.run --only latency    # the everyday commands against the floor
    python -m benchmarks.run --only team-scale # `team` over 1,000 learners against json.load
    python -m benchmarks.run --before OLD/src  # also time another tree, interleaved (before/after)
    python -m benchmarks.run --runs 1 --quick --out /tmp/bench   # the smoke test

Every command runs as a subprocess of the installed console script with stdout to a pipe, as a
user or a shell pipeline runs it. Commands and baselines run round-robin (each round runs every
case once, in a freshly shuffled order), so machine noise hits them all alike. See README.md.
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script, `python benchmarks/run.py`: find the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import datagen  # noqa: E402
from benchmarks.team_scale import print_team_scale, run_team_scale  # noqa: E402
from benchmarks.timing import (  # noqa: E402
    MS,
    BenchmarkError,
    Case,
    fixed,
    imported_modules,
    measure,
    notable_imports,
    summary,
)
from tpmpath.core.models import SCHEMA_VERSION  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PYTHON = sys.executable
BEFORE = " (before)"
STARTUP = "tpmpath --version (start-up)"
SCALE_TARGET_S = 0.5
BULK_TARGET_S = 10.0
GROWTH_TARGET = 12.0
MIN_ABOVE_FLOOR_MS = 5.0

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
        and key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONPATH")
        and key not in ("NO_COLOR", "PYDANTIC_DISABLE_PLUGINS")
    }
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def wrapper_script(work: Path, src: Path) -> str:
    """A console script for another tree, as pip writes one: its entry point moved with the
    packages (tpmpath.cli before them, tpmpath.cli.main after)."""
    packaged = (src / "tpmpath" / "cli" / "main.py").is_file()
    module = "tpmpath.cli.main" if packaged else "tpmpath.cli"
    script = work / "tpmpath-before"
    script.write_text(
        f"#!{PYTHON}\nimport re\nimport sys\nfrom {module} import main\n"
        "if __name__ == '__main__':\n"
        "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
        "    sys.exit(main())\n"
    )
    script.chmod(0o755)
    return str(script)


def console_script() -> str:
    """The installed `tpmpath` next to this Python: what users run."""
    script = Path(PYTHON).parent / "tpmpath"
    if not script.exists():
        raise BenchmarkError(f"No console script at {script}: run `pip install -e .` first.")
    return str(script)


def _read(path: Path) -> bytes:
    """A file's bytes; empty when it is not there."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


@dataclass
class Variant:
    """The tree under test (suffix "") or another one to compare with (PYTHONPATH=src)."""

    suffix: str
    src: Path | None
    script: str | None = None
    """The console script for this tree (None: the installed one)."""

    def command(self, installed: str) -> str:
        return self.script or installed

    def adapt(self, path: Path) -> None:
        """Data written by this tree's models, in the format the other tree reads: older schemas
        differ only in what the generated data never holds (import events, backdating, learner
        ids, devices, gaps, ratings), so the version number is all that changes."""
        if self.src is None:
            return
        for models in (
            self.src / "tpmpath" / "core" / "models.py",
            self.src / "tpmpath" / "models.py",
        ):
            found = re.search(rb"SCHEMA_VERSION: Literal\[(\d+)\]", _read(models))
            if found:
                data = path.read_bytes()
                ours = b'{"schema_version":%d,' % SCHEMA_VERSION
                theirs = b'{"schema_version":%s,' % found[1]
                path.write_bytes(data.replace(ours, theirs, 1))
                return

    def env(
        self, base: dict[str, str], root: Path, curriculum: Path | None = None
    ) -> dict[str, str]:
        env = dict(base, TPMPATH_DATA_DIR=str(root / "data"), TPMPATH_CACHE_DIR=str(root / "cache"))
        if curriculum is not None:
            env["TPMPATH_CURRICULUM"] = str(curriculum)
        if self.src is not None:
            env["PYTHONPATH"] = str(self.src)
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
    """`python -c pass`, the stack floor, and two variants of it for comparison."""
    return [
        Case("python -c pass", fixed([PYTHON, "-c", "pass"]), base, "baseline"),
        Case("stack floor", fixed([PYTHON, str(BENCH / "floor.py")]), base, "baseline"),
        Case(
            "floor without rich.table",
            fixed([PYTHON, str(BENCH / "floor_no_rich.py")]),
            base,
            "baseline",
        ),
        Case(
            "help floor (Typer --help)",
            fixed([PYTHON, str(BENCH / "floor_help.py"), "--help"]),
            base,
            "baseline",
            expect="Usage",
        ),
    ]


# --- latency ----------------------------------------------------------------------------------


def latency_cases(
    tpm: str,
    base: dict[str, str],
    work: Path,
    events: int,
    variant: Variant,
    shipped: Path | None = None,
) -> list[Case]:
    """Everyday commands on the default curriculum with a year of progress (its own data dir).

    `shipped`: the curriculum both trees use when comparing two (each ships its own)."""
    from tpmpath.core.progress import derive
    from tpmpath.curriculum.loader import default_curriculum_path, load_curriculum

    tpm = variant.command(tpm)
    env = variant.env(base, work / f"latency{variant.suffix.strip(' ()')}", shipped)
    curriculum = load_curriculum(shipped or default_curriculum_path())
    progress = datagen.year_of_progress(curriculum, events=events)
    variant.adapt(datagen.write_progress(progress, where(tpm, env)).progress_file)
    states = derive(curriculum, progress.events).states
    # done/reset must change something every run: a topic that is todo, or failing that any.
    todo = [t.id for t in curriculum.topics if states[t.id].status == "todo"]
    toggle = todo[0] if todo else curriculum.topics[-1].id
    complete = dict(
        env, _TPMPATH_COMPLETE="complete_bash", COMP_WORDS="tpmpath done api", COMP_CWORD="2"
    )
    x = variant.suffix
    return [
        Case(f"tpmpath next{x}", fixed([tpm, "next"]), env, "latency", 1.1),
        Case(f"tpmpath next --json{x}", fixed([tpm, "next", "--json"]), env, "latency", 1.0, "["),
        Case(f"tpmpath status{x}", fixed([tpm, "status"]), env, "latency", 1.1, "Overall"),
        Case(f"tpmpath list --json{x}", fixed([tpm, "list", "--json"]), env, "latency", 1.0, "["),
        Case(f"tpmpath done X{x}", fixed([tpm, "done", toggle]), env, "latency", 1.0),
        Case(
            f"tpmpath reset X{x}",
            fixed([tpm, "reset", toggle]),
            env,
            "latency",
            1.0,
            after=f"tpmpath done X{x}",
        ),
        Case(f"tpmpath --help{x}", fixed([tpm, "--help"]), env, "latency", 1.1, "Usage"),
        Case(f"TAB completion{x}", fixed([tpm]), complete, "latency", 1.0, "api-basics"),
    ]


def run_latency(
    tpm: str, base: dict[str, str], work: Path, runs: int, quick: bool, variants: list[Variant]
) -> dict[str, Any]:
    print("latency: the default curriculum and a year of progress", file=sys.stderr)
    events = 60 if quick else 300
    floors = baselines(base)
    # Comparing two trees: both on the older tree's curriculum (the newer one reads it too).
    older = [v.src.parent / "data" / "curriculum.yaml" for v in variants if v.src is not None]
    shipped = older[0] if older else None
    cases = [c for v in variants for c in latency_cases(tpm, base, work, events, v, shipped)]
    measure([*floors, *cases], runs, random.Random(8), label="latency")
    pass_ms, floor_ms, help_ms = (_median_ms(floors[i]) for i in (0, 1, 3))
    floor_modules = imported_modules(floors[1].argv(0), base)
    results: dict[str, Any] = {}
    for case in [*floors, *cases]:
        result = figures(case, floor_ms, pass_ms)
        if case.group != "baseline":
            modules = imported_modules(case.argv(0), case.env)
            result["imports"] = notable_imports(modules, floor_modules)
            result["modules"] = len(modules)
        if "--help" in case.name:
            result["ratio_help_floor"] = round(result["median_ms"] / help_ms, 3)
        results[case.name] = result
    toggle = cases[4].argv(0)[-1]
    return {"events": events, "toggled_topic": toggle, "cases": results}


# --- scale ------------------------------------------------------------------------------------


@dataclass
class ScaleSet:
    """One generated curriculum and history, and the cases that run on it."""

    label: str
    cases: list[Case]
    bulk: Case
    info: dict[str, Any]


def scale_set(
    tpm: str,
    base: dict[str, str],
    work: Path,
    size: tuple[int, int],
    report: bool,
    variant: Variant,
) -> ScaleSet:
    """Write a curriculum of `topics` topics and a history of `events` events."""
    tpm = variant.command(tpm)
    topics, events = size
    label = f"{topics:,} topics / {events:,} events"
    root = work / f"scale-{topics}{variant.suffix.strip(' ()')}"
    root.mkdir(parents=True)
    started = time.perf_counter()
    curriculum = datagen.big_curriculum(topics)
    path = root / "curriculum.yaml"
    path.write_text(datagen.curriculum_yaml(curriculum), encoding="utf-8")
    env = variant.env(base, root, path)
    history = datagen.long_history(curriculum, events=events)
    written = datagen.write_progress(history, where(tpm, env))
    variant.adapt(written.progress_file)
    generated = time.perf_counter() - started
    from tpmpath.core.progress import derive

    states = derive(curriculum, history.events).states
    ids = [t.id for t in curriculum.topics]
    # A different todo topic each run (warm-up included), so every `done` writes an event.
    pick = [i for i in ids if states[i].status == "todo"] + ids
    x = variant.suffix
    cases = [
        Case(
            f"status [{label}]{x}", fixed([tpm, "status"]), env, "scale", SCALE_TARGET_S, "Overall"
        ),
        Case(f"next [{label}]{x}", fixed([tpm, "next"]), env, "scale", SCALE_TARGET_S),
        Case(
            f"done X [{label}]{x}",
            lambda call: [tpm, "done", pick[call % len(pick)]],
            env,
            "scale",
            SCALE_TARGET_S,
        ),
    ]
    if report:
        cases.append(
            Case(
                f"report --format json [{label}]{x}",
                fixed([tpm, "report", "--format", "json"]),
                env,
                "scale",
                SCALE_TARGET_S,
                '"topics"',
            )
        )
    bulk_file = where(tpm, env, "--profile", "bulk")
    bulk = Case(
        f"done {topics:,} ids in one command{x}",
        fixed([tpm, "--profile", "bulk", "done", *ids]),
        env,
        "bulk",
        BULK_TARGET_S,
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
    return ScaleSet(label, cases, bulk, info)


def _remove(path: Path) -> None:
    """Start the bulk profile from empty progress (untimed)."""
    for stale in (path, path.with_name(path.name + ".bak")):
        stale.unlink(missing_ok=True)


def report_available(tpm: str, env: dict[str, str]) -> bool:
    """Whether this tpmpath has `report --format json` (it was being written with this file)."""
    done = subprocess.run(
        [tpm, "report", "--help"], env=env, capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and "--format" in done.stdout


def run_scale(
    tpm: str, base: dict[str, str], work: Path, runs: int, quick: bool, variants: list[Variant]
) -> dict[str, Any]:
    sizes = [(100, 1_000), (1_000, 10_000)] if quick else [(1_000, 10_000), (10_000, 100_000)]
    floors = baselines(base)[:2]
    # tpmpath's own start-up, no data read: what the growth ratios above it leave out.
    floors.append(Case(STARTUP, fixed([tpm, "--version"]), base, "baseline", expect="tpmpath"))
    has_report = report_available(tpm, variants[0].env(base, work / "probe"))
    print("scale: generating data", file=sys.stderr)
    sets = {
        v.suffix: [scale_set(tpm, base, work, size, has_report, v) for size in sizes]
        for v in variants
    }
    everything = [s for group in sets.values() for s in group]
    rng = random.Random(10)
    measure([*floors, *(c for s in everything for c in s.cases)], runs, rng, label="scale")
    bulk_runs = 1 if quick else 3
    measure([s.bulk for s in everything], bulk_runs, rng, warmup=0, label="bulk")
    pass_ms, floor_ms, startup_ms = (_median_ms(c) for c in floors)
    results = {c.name: figures(c, floor_ms, pass_ms) for c in floors}
    for s in everything:
        results.update({c.name: figures(c, floor_ms, pass_ms) for c in [*s.cases, s.bulk]})
    growth: dict[str, Any] = {}
    for suffix, (small, big) in sets.items():
        pairs = [(a.name.split(" [")[0], a, b) for a, b in zip(small.cases, big.cases, strict=True)]
        pairs.append(("done all ids in one command", small.bulk, big.bulk))
        for what, a, b in pairs:
            ta, tb = results[a.name]["median_ms"], results[b.name]["median_ms"]
            entry: dict[str, Any] = {"small_ms": ta, "big_ms": tb, "target": GROWTH_TARGET}
            entry["ratio_above_startup"] = round((tb - startup_ms) / max(ta - startup_ms, 1.0), 2)
            # Within a few ms of the floor the small case measures noise, not work: no ratio.
            if ta - floor_ms >= MIN_ABOVE_FLOOR_MS:
                entry["ratio"] = round((tb - floor_ms) / (ta - floor_ms), 2)
                entry["met"] = entry["ratio"] <= GROWTH_TARGET
            else:
                entry["ratio"] = None
            growth[what + suffix] = entry
    missing = [] if has_report else [f"report --format json [{s.label}]" for s in sets[""]]
    return {
        "sets": {s.label: s.info for s in sets[""]},
        "cases": results,
        "growth": growth,
        "not_available": missing,
        "bulk_runs": bulk_runs,
    }


# --- figures ----------------------------------------------------------------------------------


def _median_ms(case: Case) -> float:
    return statistics.median(case.times) * MS


def figures(case: Case, floor_ms: float, pass_ms: float) -> dict[str, Any]:
    """A case's summary with its ratios to the floor and to `python -c pass`, and its target."""
    result = summary(case.times, case.cpu)
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
    return text if len(text) <= 100 else text[:97] + "..."


def save_figures(out: Path, src: Path | None, name: str, figures: dict[str, Any]) -> None:
    """Write one benchmark's figures to `out`, with when, on what machine and which tree."""
    document = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine()}
    document["src"] = str(src) if src is not None else None
    out.write_text(json.dumps(document | {name: figures}, indent=2) + "\n")


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
    """A plain text table: the first column left-aligned, the others right-aligned."""
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


def _timing_cells(name: str, r: dict[str, Any]) -> list[str]:
    """The columns every table shares: name, median, p10-p90, min, CPU median."""
    return [
        name,
        f"{r['median_ms']:.1f}",
        f"{r['p10_ms']:.0f}-{r['p90_ms']:.0f}",
        f"{r['min_ms']:.1f}",
        f"{r['cpu_median_ms']:.1f}",
    ]


def print_latency(latency: dict[str, Any]) -> None:
    rows = []
    for name, r in latency["cases"].items():
        target = f"<= {r['target']:.1f}x" if "target" in r else ""
        rows.append(
            [
                *_timing_cells(name, r),
                f"{r['ratio_floor']:.3f}",
                f"{r['ratio_pass']:.1f}",
                target,
                _met(r),
                " ".join(r.get("imports", [])),
            ]
        )
    headers = ["latency", "median ms", "p10-p90", "min", "cpu ms", "x floor", "x pass"]
    print(table(rows, [*headers, "target", "met", "imports beyond the floor"]))


def print_scale(scale: dict[str, Any]) -> None:
    rows = []
    for name, r in scale["cases"].items():
        target = f"<= {r['target']:g} s" if "target" in r else ""
        rows.append([*_timing_cells(name, r), f"{r['ratio_floor']:.2f}", target, _met(r)])
    rows += [
        [name, "n/a", "", "", "", "", "<= 0.5 s", "not available"]
        for name in scale["not_available"]
    ]
    headers = ["scale", "median ms", "p10-p90", "min", "cpu ms", "x floor", "target", "met"]
    print(table(rows, headers))
    rows = [
        [
            name,
            f"{g['small_ms']:.0f}",
            f"{g['big_ms']:.0f}",
            "n/a (small case at the floor)" if g["ratio"] is None else f"{g['ratio']:.2f}",
            _met(g),
            f"{g['ratio_above_startup']:.2f}",
        ]
        for name, g in scale["growth"].items()
    ]
    headers = ["growth, 10x the data", "small ms", "big ms", "(big-floor)/(small-floor)", "met"]
    headers.append("(big-startup)/(small-startup)")
    print()
    print(table(rows, headers))


def write_results(results: dict[str, Any], out: Path) -> list[Path]:
    """`<date>.json` and `latest.json`, each written atomically."""
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    written = []
    for name in (f"{results['date'][:10]}.json", "latest.json"):
        fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # results are meant to be committed and read by anyone
        os.replace(tmp, out / name)
        written.append(out / name)
    return written


# --- team over a mentor's folder -------------------------------------------------------------


def run_team(work: Path, base: dict[str, str], runs: int, quick: bool) -> dict[str, Any]:
    """`team` over 1,000 learners against json.load of their files (benchmarks.team_scale)."""
    print("team-scale: generating data", file=sys.stderr)
    learners = 50 if quick else 1_000
    return run_team_scale(work / "team-scale", base, learners, 300, min(runs, 1 if quick else 7))


# --- main -------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="Measure tpmpath against the stack floor."
    )
    parser.add_argument("--runs", type=int, default=21, help="timed runs per command (21)")
    parser.add_argument("--quick", action="store_true", help="small data sizes (smoke test)")
    parser.add_argument("--only", choices=["latency", "scale", "team-scale"], help="one part only")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="SRC",
        help="a `src` directory holding another tpmpath to time alongside, marked (before)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.before is not None and not (args.before / "tpmpath" / "__init__.py").is_file():
        parser.error(f"--before {args.before}: no tpmpath package there")
    variants = [Variant("", None)]
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="tpmpath-bench-"))
    if args.before is not None:
        before = args.before.resolve()
        variants.append(Variant(BEFORE, before, wrapper_script(work, before)))
    results: dict[str, Any] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "runs": args.runs,
            "quick": args.quick,
            "only": args.only,
            "before": str(args.before) if args.before else None,
        },
    }
    try:
        tpm = console_script()
        base = base_env(work)
        if args.only in (None, "latency"):
            results["latency"] = run_latency(tpm, base, work, args.runs, args.quick, variants)
        if args.only in (None, "scale"):
            results["scale"] = run_scale(tpm, base, work, args.runs, args.quick, variants)
        if args.only in (None, "team-scale"):
            results["team_scale"] = run_team(work, base, args.runs, args.quick)
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
    print(f"load average {m['load_average_start']} -> {m['load_average_end']}")
    if "latency" in results:
        print()
        print_latency(results["latency"])
    if "scale" in results:
        print()
        print_scale(results["scale"])
    if "team_scale" in results:
        print()
        print_team_scale(results["team_scale"])
    for path in write_results(results, args.out):
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

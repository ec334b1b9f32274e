"""`team` over a mentor's folder of many learners: its time against merely parsing the same files
with `json.load` in one Python process, and its peak memory (issue 16).

A mentor's shared folder holds one data dir per learner (`<folder>/learner-NNNNN/profiles/
<profile>/<curriculum>.json`), each a year of progress on the shipped curriculum (300 events,
about 64 KB). Both sides run as children of this process, in alternating order, `runs` times:
the baseline `json.load`s every file, `tpmpath team FOLDER --format json` rolls them up; peak
RSS is each child's own (`wait4`).

    python -m benchmarks.team_scale                    # 1,000 learners, 3 runs
    python -m benchmarks.team_scale --learners 10000 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import datagen
from tpmpath.core.models import Curriculum
from tpmpath.curriculum.loader import default_curriculum_path, load_curriculum

RATIO_TARGET = 2.5
MEMORY_TARGET_MB = 150.0
HISTORIES = 8
"""Distinct histories generated (each learner gets one, with a name and id of their own)."""
PARSE = """\
import json, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*/profiles/*/*.json")):
    with path.open("rb") as handle:
        json.load(handle)
"""


def make_team(folder: Path, learners: int, events: int, curriculum: Curriculum) -> int:
    """Write `learners` data dirs under `folder`; the bytes written."""
    histories = []
    for seed in range(HISTORIES):
        progress = datagen.year_of_progress(curriculum, events=events, seed=seed)
        histories.append(datagen.store.serialize(progress))
    total = 0
    for number in range(learners):
        data = histories[number % HISTORIES]
        head_end = data.index(b"\n")
        head = json.loads(data[:head_end] + b"]}")
        head |= {"profile": f"learner-{number:05d}", "learner_id": f"{number:032x}"}
        head.pop("events")
        first = json.dumps(head, separators=(",", ":"))[:-1] + ',"events":['
        path = folder / f"learner-{number:05d}" / "profiles" / "default" / f"{curriculum.id}.json"
        path.parent.mkdir(parents=True)
        content = first.encode() + data[head_end:]
        path.write_bytes(content)
        total += len(content)
    return total


LAUNCH = """\
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([code, wall, used.ru_utime + used.ru_stime, used.ru_maxrss]), file=sys.stderr)
"""
"""Runs one child and says how it went on its last stderr line. Linux counts in a child's peak
RSS the memory of the process that forked it (until its exec), so children are forked from this
small launcher, not from the benchmark holding the data it generated."""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run a child: wall seconds, CPU seconds (user + system), peak RSS in MB, and its stdout;
    it must exit 0."""
    with tempfile.TemporaryFile() as err:
        done = subprocess.run(
            [sys.executable, "-c", LAUNCH, *argv],
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        err.seek(0)
        said = err.read().decode(errors="replace")
    code, wall, cpu, peak_kb = json.loads(said.splitlines()[-1])
    if code != 0 or done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed ({code}): {said[-500:]}")
    return wall, cpu, peak_kb / 1024, done.stdout.decode()


def measure(folder: Path, runs: int, env: dict[str, str], files: bool) -> dict[str, Any]:
    """Both children `runs` times, alternating which goes first; medians and the worst peak."""
    tpm = str(Path(sys.executable).parent / "tpmpath")
    parse_argv = [sys.executable, "-c", PARSE, str(folder)]
    named = sorted(map(str, folder.glob("*/profiles/*/*.json"))) if files else [str(folder)]
    team_argv = [tpm, "team", *named, "--format", "json"]
    # A first roll-up: team's cache emptied (the curriculum's stays warm, as a mentor's is).
    team_cache = Path(env["TPMPATH_CACHE_DIR"]) / "team"
    alone = dict(env, TPMPATH_JOBS="1")  # one process (store.forked), as before 2026-12-02
    timed(parse_argv, env)  # warm the page cache and the bytecode, untimed
    members = len(json.loads(timed(team_argv, env)[3])["members"])  # and team's cache
    rows = {"parse": (parse_argv, env), "team": (team_argv, env)}
    rows |= {"cold": (team_argv, env), "cold_alone": (team_argv, alone)}
    seen: dict[str, list[tuple[float, float, float]]] = {name: [] for name in rows}
    for run in range(runs):
        order = list(rows.items())
        for name, (argv, child_env) in order if run % 2 == 0 else order[::-1]:
            if name.startswith("cold"):
                shutil.rmtree(team_cache, ignore_errors=True)
            seen[name].append(timed(argv, child_env)[:3])
    figures: dict[str, Any] = {
        "members": members,
        "runs": runs,
        "cpus": len(os.sched_getaffinity(0)),
    }
    for name, got in seen.items():
        figures[f"{name}_ms"] = round(statistics.median(r[0] for r in got) * 1000, 1)
        figures[f"{name}_cpu_ms"] = round(statistics.median(r[1] for r in got) * 1000, 1)
        figures[f"{name}_peak_mb"] = round(max(r[2] for r in got), 1)
    for name in rows:
        if name != "parse":
            suffix = "" if name == "team" else f"_{name}"
            figures[f"ratio{suffix}"] = round(figures[f"{name}_ms"] / figures["parse_ms"], 2)
            cpu = figures[f"{name}_cpu_ms"] / figures["parse_cpu_ms"]
            figures[f"ratio{suffix}_cpu"] = round(cpu, 2)
    figures["ratio_target"] = RATIO_TARGET
    figures["ratio_met"] = max(figures["ratio"], figures["ratio_cold"]) <= RATIO_TARGET
    figures["memory_target_mb"] = MEMORY_TARGET_MB
    peaks = [figures[f"{name}_peak_mb"] for name in rows if name != "parse"]
    figures["memory_met"] = max(peaks) < MEMORY_TARGET_MB
    return figures


def run_team_scale(
    work: Path, env: dict[str, str], learners: int, events: int, runs: int, *, files: bool = False
) -> dict[str, Any]:
    """Generate the folder (untimed), then measure; the figures and the data set's size."""
    curriculum = load_curriculum(default_curriculum_path())
    folder = work / "team"
    started = time.perf_counter()
    size = make_team(folder, learners, events, curriculum)
    generated = time.perf_counter() - started
    env = dict(env, TPMPATH_CACHE_DIR=str(work / "cache"), TPMPATH_DATA_DIR=str(work / "data"))
    figures = measure(folder, runs, env, files)
    return {
        "team_argv": "tpmpath team " + ("FILE..." if files else "FOLDER") + " --format json",
        "learners": learners,
        "events_per_learner": events,
        "bytes": size,
        "generated_s": round(generated, 1),
    } | figures


def print_team_scale(result: dict[str, Any]) -> None:
    mb = result["bytes"] / 1e6
    print(f"team over {result['learners']:,} learners x {result['events_per_learner']} events")
    print(f"  ({mb:.1f} MB of JSON; medians of {result['runs']} runs; wall ms, CPU ms, peak MB)")
    rows = [
        ("parse", "json.load of every file"),
        ("team", result["team_argv"]),
        ("cold", "the same, a first time (team's cache empty)"),
        ("cold_alone", "a first time, in one process (TPMPATH_JOBS=1)"),
    ]
    for name, what in rows:
        wall, cpu, peak = (result[f"{name}_{k}"] for k in ("ms", "cpu_ms", "peak_mb"))
        print(f"  {what:46} {wall:7.0f} {cpu:7.0f} {peak:6.1f}")
    peak = max(result[f"{name}_peak_mb"] for name, _ in rows[1:])
    print(
        f"  ratio {result['ratio']} (CPU {result['ratio_cpu']}); a first time "
        f"{result['ratio_cold']} (CPU {result['ratio_cold_cpu']}), in one process "
        f"{result['ratio_cold_alone']} (CPU {result['ratio_cold_alone_cpu']}); target <= "
        f"{RATIO_TARGET}: {_yes(result['ratio_met'])}. Peak {peak} MB per process "
        f"({result['cpus']} CPUs; target < {MEMORY_TARGET_MB:.0f}: {_yes(result['memory_met'])})"
    )


def _yes(met: bool) -> str:
    return "met" if met else "NOT met"


def main(argv: list[str] | None = None) -> int:
    from benchmarks.run import base_env, save_figures

    parser = argparse.ArgumentParser(prog="python -m benchmarks.team_scale", description=__doc__)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", action="store_true", help="name every file, not the folder")
    parser.add_argument(
        "--src", type=Path, help="time the tpmpath in this `src` directory (PYTHONPATH) instead"
    )
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tpmpath-team-"))
    try:
        env = base_env(work)
        if args.src is not None:
            env["PYTHONPATH"] = str(args.src.resolve())
        result = run_team_scale(work, env, args.learners, args.events, args.runs, files=args.files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_team_scale(result)
    if args.out is not None:
        save_figures(args.out, args.src, "team_scale", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

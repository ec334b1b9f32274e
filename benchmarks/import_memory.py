"""`import` of a large export: its peak memory and time, before and after it streamed (issue 13,
item 5).

An export of 150,000 events (`datagen.long_history`, written as `tpmpath export` writes it:
indented) is imported into (a) an empty profile and (b) a profile whose own log holds 150,000
other events. Each import runs as a child of a small launcher (see benchmarks.team_scale), with
its own data and cache folders; peak RSS is the child's own (`wait4`). With `--src OLD/src`, the
tpmpath in that tree runs the same cases in the same rounds (e.g. `git archive main | tar -x -C
/tmp/old`, then `--src /tmp/old/src`).

    python -m benchmarks.import_memory                      # 150,000 events, 1 run
    python -m benchmarks.import_memory --src /tmp/old/src --runs 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import datagen
from benchmarks.team_scale import timed
from tpmpath.curriculum.loader import default_curriculum_path, load_curriculum

CASES = {"empty": "into an empty profile", "own": "into a log of as many other events"}


def make_files(work: Path, events: int) -> dict[str, Path]:
    """The export (indented, as `export` writes it) and the other log (as a progress file)."""
    curriculum = load_curriculum(default_curriculum_path())
    theirs = datagen.long_history(curriculum, events=events, seed=1)
    theirs.learner_id, theirs.profile = "a" * 32, "laptop"
    export = work / "export.json"
    export.write_bytes(datagen.store.serialize(theirs, indent=2))
    ours = datagen.long_history(curriculum, events=events, seed=2)
    ours.learner_id = "a" * 32
    own = work / f"{curriculum.id}.json"
    own.write_bytes(datagen.store.serialize(ours))
    return {"export": export, "own": own}


Row = tuple[float, float, float, int, float, float]


def run_once(work: Path, env: dict[str, str], made: dict[str, Path], case: str, tree: str) -> Row:
    """One import in fresh folders: wall s, CPU s, peak MB, the size of the log it wrote; then
    the first `status` after it: wall s, peak MB."""
    data, cache = work / f"data-{tree}-{case}", work / f"cache-{tree}-{case}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    folder = data / "profiles" / "default"
    folder.mkdir(parents=True, mode=0o700)
    log = folder / made["own"].name
    if case == "own":
        shutil.copyfile(made["own"], log)
    env = dict(env, TPMPATH_DATA_DIR=str(data), TPMPATH_CACHE_DIR=str(cache))
    tpm = str(Path(sys.executable).parent / "tpmpath")
    wall, cpu, peak, _ = timed([tpm, "import", str(made["export"])], env)
    status = timed([tpm, "status"], env)
    return wall, cpu, peak, log.stat().st_size, status[0], status[2]


def measure(
    work: Path, made: dict[str, Path], envs: dict[str, dict[str, str]], runs: int
) -> dict[str, Any]:
    """Every tree and case `runs` times, the trees alternating; medians, and the worst peak."""
    seen: dict[str, list[Row]] = {}
    for run in range(runs):
        trees = list(envs) if run % 2 == 0 else list(envs)[::-1]
        for tree in trees:
            for case in CASES:
                row = run_once(work, envs[tree], made, case, tree)
                seen.setdefault(f"{tree}/{case}", []).append(row)
    figures: dict[str, Any] = {}
    for name, rows in seen.items():
        figures[name] = {
            "wall_s": round(statistics.median(r[0] for r in rows), 2),
            "cpu_s": round(statistics.median(r[1] for r in rows), 2),
            "peak_mb": round(max(r[2] for r in rows), 1),
            "written_mb": round(rows[0][3] / 1e6, 1),
            "status_s": round(statistics.median(r[4] for r in rows), 2),
            "status_peak_mb": round(max(r[5] for r in rows), 1),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    from benchmarks.run import base_env, save_figures

    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_memory", description=__doc__)
    parser.add_argument("--events", type=int, default=150_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--src", type=Path, help="also run the tpmpath in this `src` directory")
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tpmpath-import-"))
    try:
        env = base_env(work) | {"TPMPATH_DEVICE": "bench"}
        envs = {"after": env}
        if args.src is not None:
            envs = {"before": env | {"PYTHONPATH": str(args.src.resolve())}, "after": env}
        started = time.perf_counter()
        made = make_files(work, args.events)
        generated = time.perf_counter() - started
        for tree_env in envs.values():  # warm the bytecode cache, untimed
            timed([str(Path(sys.executable).parent / "tpmpath"), "where"], tree_env)
        result = {
            "events": args.events,
            "export_mb": round(made["export"].stat().st_size / 1e6, 1),
            "own_log_mb": round(made["own"].stat().st_size / 1e6, 1),
            "generated_s": round(generated, 1),
            "runs": args.runs,
        } | measure(work, made, envs, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    show(result)
    if args.out is not None:
        save_figures(args.out, args.src, "import_memory", result)
    return 0


def show(result: dict[str, Any]) -> None:
    print(
        f"import of {result['events']:,} events: an export of {result['export_mb']} MB "
        f"(indented, as `export` writes it); the other log {result['own_log_mb']} MB"
    )
    print(f"  (medians of {result['runs']} run(s); peak RSS is the worst)")
    print(f"  {'':44} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'log MB':>7}  then status: s, MB")
    for name, figures in result.items():
        if not isinstance(figures, dict):
            continue
        tree, case = name.split("/")
        label = f"{tree}: {CASES[case]}"
        print(
            f"  {label:44} {figures['wall_s']:7.2f} {figures['cpu_s']:7.2f} "
            f"{figures['peak_mb']:8.1f} {figures['written_mb']:7.1f}  "
            f"{figures['status_s']:6.2f} {figures['status_peak_mb']:6.1f}"
        )


if __name__ == "__main__":
    sys.exit(main())

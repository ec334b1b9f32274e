"""The benchmarks still work: their data is valid, and the runner completes a tiny run.

No timing is asserted here: speed is measured by `python -m benchmarks.run`, not by the tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from benchmarks import datagen, team_scale
from benchmarks.timing import Case, fixed, notable_imports, round_order, summary

from tpmpath.core.progress import derive
from tpmpath.curriculum.loader import (
    check_curriculum_file,
    default_curriculum_path,
    load_curriculum,
)
from tpmpath.store import files as store

ROOT = Path(__file__).resolve().parents[1]


def test_year_of_progress_is_a_valid_year_of_mixed_activity(tmp_path: Path) -> None:
    curriculum = load_curriculum(default_curriculum_path())
    progress = datagen.year_of_progress(curriculum, events=300)
    path = tmp_path / "progress.json"
    written = datagen.write_progress(progress, path)

    loaded = store.load(path, curriculum.id).progress
    assert written.events == len(loaded.events) >= 300
    span = loaded.events[-1].at - loaded.events[0].at
    assert 330 <= span.days <= 366
    actions = Counter(e.action for e in loaded.events)
    assert {"start", "done", "log", "note", "review"} <= set(actions)
    statuses = Counter(s.status for s in derive(curriculum, loaded.events).states.values())
    assert statuses["done"] > 0 and statuses["todo"] > 0


@pytest.mark.parametrize(("topics", "events"), [(100, 1_000), (1_000, 10_000)])
def test_big_curriculum_and_history_are_valid(tmp_path: Path, topics: int, events: int) -> None:
    curriculum = datagen.big_curriculum(topics)
    yaml_file = tmp_path / "big.yaml"
    yaml_file.write_text(datagen.curriculum_yaml(curriculum), encoding="utf-8")
    assert check_curriculum_file(yaml_file) == []
    reread = load_curriculum(yaml_file)
    assert [t.id for t in reread.topics] == [datagen.topic_id(i) for i in range(topics)]
    assert len(reread.steps) == 50
    assert any(t.requires for t in reread.topics)
    assert any(t.target for t in reread.topics)

    history = datagen.long_history(reread, events=events)
    path = tmp_path / "progress.json"
    datagen.write_progress(history, path)
    loaded = store.load(path, reread.id).progress
    assert len(loaded.events) == events
    states = derive(reread, loaded.events).states
    assert {s.status for s in states.values()} >= {"todo", "in_progress", "done"}


def test_round_order_runs_every_case_once_and_keeps_reset_after_done() -> None:
    import random

    cases = [Case(name, fixed(["true"]), {}, "latency") for name in "abcdef"]
    cases.append(Case("done", fixed(["true"]), {}, "latency"))
    cases.append(Case("reset", fixed(["true"]), {}, "latency", after="done"))
    rng = random.Random(1)
    for _ in range(50):
        order = [c.name for c in round_order(cases, rng)]
        assert sorted(order) == sorted(c.name for c in cases)
        assert order.index("done") < order.index("reset")


def test_summary_and_imports() -> None:
    result = summary([0.010, 0.012, 0.011, 0.030], [0.009, 0.010, 0.011, 0.012])
    assert result["runs"] == 4
    assert result["median_ms"] == 11.5
    assert result["min_ms"] == 10.0 and result["max_ms"] == 30.0
    assert result["p10_ms"] <= result["median_ms"] <= result["p90_ms"]
    assert result["cpu_median_ms"] == 10.5
    assert summary([0.5])["p90_ms"] == 500.0
    found = notable_imports({"rich", "rich.console", "yaml", "json"}, {"rich", "json"})
    assert found == ["rich", "yaml"]


@pytest.mark.slow
def test_the_runner_completes_a_tiny_run(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TPMPATH_")}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--runs", "1", "--quick", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert {"date", "machine", "settings", "latency", "scale", "team_scale"} <= set(results)
    assert results["machine"]["cpu_count"] == os.cpu_count()
    latency = results["latency"]["cases"]
    assert latency["stack floor"]["ratio_floor"] == 1.0
    assert "TAB completion" in latency and "tpmpath next --json" in latency
    assert all(case["runs"] == 1 for case in latency.values())
    scale = results["scale"]
    assert len(scale["sets"]) == 2
    assert "done 1,000 ids in one command" in scale["cases"]
    assert "stack floor" in done.stdout and "growth" in done.stdout
    team = results["team_scale"]
    assert team["members"] == team["learners"] == 50 and team["ratio"] > 0
    assert team["ratio_cold"] > 0 and team["ratio_cold_alone"] > 0
    assert "json.load of every file" in done.stdout


def test_a_mentors_folder_is_a_folder_of_valid_data_dirs(tmp_path: Path) -> None:
    curriculum = load_curriculum(default_curriculum_path())
    size = team_scale.make_team(tmp_path, 3, 40, curriculum)
    files = sorted(tmp_path.glob("*/profiles/*/*.json"))
    assert len(files) == 3 and size == sum(f.stat().st_size for f in files)
    progress = [store.load(f, curriculum.id).progress for f in files]
    assert [p.profile for p in progress] == ["learner-00000", "learner-00001", "learner-00002"]
    assert len({p.learner_id for p in progress}) == 3
    assert all(len(p.events) >= 40 for p in progress)

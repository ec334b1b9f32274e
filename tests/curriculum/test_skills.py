"""Skills in a curriculum: the `skills` list, topics' `skills`, and what validation says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tpmpath.curriculum.loader import check_curriculum_file, load_curriculum
from tpmpath.store.caches import DirCache

LEVELS = "levels: [Unaware, Aware, Can follow, Can explain, Can lead]"
HEAD = 'id: tpm\ntitle: T\nversion: "1"\n'
TOPICS = (
    "steps:\n  - id: s1\n    title: S\n    topics:\n      - {id: a, title: A, skills: [apis]}\n"
)
VALID = HEAD + f"skills:\n  - {{id: apis, title: APIs, {LEVELS}}}\n" + TOPICS


def check(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return [p.removeprefix(f"{path}:") for p in check_curriculum_file(path)]


def test_a_valid_curriculum_with_skills_loads(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(VALID, encoding="utf-8")
    curriculum = load_curriculum(path)
    assert [s.id for s in curriculum.skills] == ["apis"]
    assert curriculum.skill_by_id["apis"].levels[4] == "Can lead"
    assert [t.id for t in curriculum.builders["apis"]] == ["a"]
    assert curriculum.topic_by_id["a"].skills == ["apis"]


def test_the_cache_carries_skills(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(VALID, encoding="utf-8")
    cache = DirCache(tmp_path / "cache")
    load_curriculum(path, cache=cache)
    again = load_curriculum(path, cache=cache)  # from the cache
    assert [s.levels for s in again.skills] == [
        ["Unaware", "Aware", "Can follow", "Can explain", "Can lead"]
    ]
    assert again.topic_by_id["a"].skills == ["apis"]


@pytest.mark.parametrize(
    ("skills", "topic_skills", "expected"),
    [
        (
            f"  - {{id: apis, title: APIs, {LEVELS}}}\n",
            "[apix]",
            [
                "10:36: topic 'a' builds skill 'apix', which is not declared in the top-level "
                "'skills'; did you mean 'apis'?"
            ],
        ),
        (
            f"  - {{id: apis, title: APIs, {LEVELS}}}\n  - {{id: apis, title: B, {LEVELS}}}\n",
            "[apis]",
            ["6:6: duplicate skill id 'apis' (first at line 5)"],
        ),
        (
            "  - {id: apis, title: APIs, levels: [a, b, c, d]}\n",
            "[apis]",
            ["5:29: 'levels' must list exactly five one-line texts, for levels 1 to 5"],
        ),
        (
            "  - {id: apis, title: APIs, levels: [a, b, c, d, e, f]}\n",
            "[apis]",
            ["5:29: 'levels' must list exactly five one-line texts, for levels 1 to 5"],
        ),
        (
            "  - {id: apis, title: APIs, levels: [a, '', c, d, e]}\n",
            "[apis]",
            ["5:41: 'levels' must not contain empty text"],
        ),
        (
            "  - {id: apis, title: APIs}\n",
            "[apis]",
            ["5:5: skill is missing required key 'levels'"],
        ),
        (
            f"  - {{id: 'a pi', title: APIs, {LEVELS}}}\n",
            "[]",
            ["5:6: 'a pi' is not a valid id: use letters, digits, '.', '_' and '-', starting "
             "with a letter or digit"],
        ),
        (
            f"  - {{id: apis, title: APIs, level: [], {LEVELS}}}\n",
            "[apis]",
            ["5:29: unknown key 'level' in skill 'apis'; did you mean 'levels'?"],
        ),
        ("  apis: 1\n", "[]", [
            "4:1: 'skills' must be a list of skills, each a mapping with keys id, title and levels"
        ]),
    ],
)  # fmt: skip
def test_skill_problems(
    tmp_path: Path, skills: str, topic_skills: str, expected: list[str]
) -> None:
    topics = TOPICS.replace("[apis]", topic_skills)
    assert check(tmp_path, HEAD + "skills:\n" + skills + topics) == expected


def test_a_topic_skill_must_be_a_list_of_ids(tmp_path: Path) -> None:
    text = VALID.replace("skills: [apis]}", "skills: apis}")
    assert check(tmp_path, text) == ["10:27: 'skills' must be a list of skill ids"]

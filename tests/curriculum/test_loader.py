"""Loading and validating curriculum files: exact problems, starter, shipped file, cache."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import tpmpath.curriculum.loader as curriculum_module
import tpmpath.curriculum.yamlload
from tpmpath.core.models import Curriculum
from tpmpath.curriculum.checks import reference_problems, too_large
from tpmpath.curriculum.loader import (
    check_curriculum_file,
    default_curriculum_path,
    load_curriculum,
)
from tpmpath.curriculum.starter import STARTER_CURRICULUM
from tpmpath.errors import CurriculumError
from tpmpath.store.caches import DirCache

SRC = Path(__file__).resolve().parents[2] / "src"
HEAD = 'id: tpm\ntitle: T\nversion: "1"\nsteps:\n  - id: s1\n    title: Step one\n    topics:\n'
"""A curriculum up to its first topics list: topics start on line 8, at column 9."""
VALID = HEAD + "      - id: a\n        title: A\n"
ID_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or digit"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Work in a temporary directory, so files are named as a user would type them."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def check(text: str | bytes, name: str = "c.yaml") -> list[str]:
    """The problems check_curriculum_file finds in `text`."""
    path = Path(name)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return check_curriculum_file(path)


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (
            "      - id: api-basics\n        title: A\n        requirs: []\n",
            "10:9: unknown key 'requirs' in topic 'api-basics'; did you mean 'requires'?",
        ),
        (
            "      - id: a\n        title: A\n        colour: red\n",
            "10:9: unknown key 'colour' in topic 'a'; valid keys are id, title, summary, "
            "estimate_hours, requires, resources, target, renamed_from, prompts, review, skills",
        ),
        ("      - id: a\n", "8:9: topic is missing required key 'title'"),
        (
            "      - id: api basics\n        title: A\n",
            f"8:9: 'api basics' is not a valid id: {ID_RULE}",
        ),
        ("      - id: -a\n        title: A\n", f"8:9: '-a' is not a valid id: {ID_RULE}"),
        (
            "      - id: " + "a" * 201 + "\n        title: A\n",
            "8:9: '" + "a" * 40 + "...' is too long for an id (at most 200 characters)",
        ),
        ("      - id: a\n        title: 12\n", "9:9: 'title' must be text (quote it: \"12\")"),
        ("      - id: a\n        title: yes\n", "9:9: 'title' must be text (quote it: \"yes\")"),
        ("      - id: a\n        title: [x]\n", "9:9: 'title' must be text, not a list"),
        ("      - id: a\n        title: {x: 1}\n", "9:9: 'title' must be text, not a mapping"),
        ("      - id: a\n        title: ''\n", "9:9: 'title' must not be empty"),
        ("      - id: a\n        title:\n", "9:9: 'title' must not be empty"),
        (
            "      - id: a\n        title: A\n        summary: 3\n",
            "10:9: 'summary' must be text (quote it: \"3\")",
        ),
        *[
            (
                f"      - id: a\n        title: A\n        estimate_hours: {value}\n",
                "10:9: 'estimate_hours' must be a number greater than 0 and at most 10000",
            )
            for value in ("0", "-1", "four", "'4'", ".inf", ".nan", "true")
        ],
        *[
            (
                f"      - id: a\n        title: A\n        target: {value}\n",
                "10:9: 'target' must be a whole number from 1 to 10000",
            )
            for value in ("0", "10001", "2.5", "'3'")
        ],
        (
            "      - id: a\n        title: A\n        requires: b\n",
            "10:9: 'requires' must be a list of topic ids",
        ),
        (
            "      - id: a\n        title: A\n        renamed_from: [1]\n",
            "10:24: 'renamed_from' must be a list of topic ids",
        ),
        (
            "      - id: a\n        title: A\n        target: 3\n        prompts: hello\n",
            "11:9: 'prompts' must be a list of questions (text)",
        ),
        (
            "      - id: a\n        title: A\n        target: 3\n        prompts: ['']\n",
            "11:19: 'prompts' must not contain empty text",
        ),
        (
            "      - id: a\n        title: A\n        resources:\n          - {title: x}\n",
            "11:13: resource is missing required key 'url'",
        ),
        (
            "      - id: a\n        title: A\n        resources:\n"
            "          - {title: x, url: y, urls: z}\n",
            "11:32: unknown key 'urls' in a resource of topic 'a'; did you mean 'url'?",
        ),
        (
            "      - id: a\n        title: A\n        resources: [x]\n",
            "10:21: 'resources' must be a list of resources, "
            "each a mapping with keys title and url",
        ),
        (
            "      - just text\n",
            "8:9: 'topics' must be a list of topics, each a mapping with at least id and title",
        ),
        (
            "      - id: a\n        title: A\n        prompts: [Why?]\n",
            "10:9: topic 'a' has prompts but no target: "
            "prompts are only asked for practices; add 'target'",
        ),
        (
            "      - id: api-basics\n        title: A\n      - id: b\n        title: B\n"
            "        requires: [api-basic]\n",
            "12:20: topic 'b' requires 'api-basic', which is not a topic in this curriculum; "
            "did you mean 'api-basics'?",
        ),
        (
            "      - id: a\n        title: A\n        requires: [zzz]\n",
            "10:20: topic 'a' requires 'zzz', which is not a topic in this curriculum",
        ),
        (
            "      - id: a\n        title: A\n        renamed_from: [old]\n"
            "      - id: b\n        title: B\n        requires: [old]\n",
            "13:20: topic 'b' requires 'old', which was renamed to 'a'; use the new id",
        ),
        (
            "      - id: a\n        title: A\n        requires: [a]\n",
            "10:20: topic 'a' requires itself",
        ),
        (
            "      - {id: a, title: A}\n      - {id: a, title: B}\n",
            "9:10: duplicate topic id 'a' (first at line 8)",
        ),
        (
            "      - {id: a, title: A}\n      - {id: b, title: B, renamed_from: [a]}\n",
            "9:42: topic 'b' lists 'a' in renamed_from, "
            "but 'a' is the id of a current topic (line 8)",
        ),
        (
            "      - {id: a, title: A, renamed_from: [old]}\n"
            "      - {id: b, title: B, renamed_from: [old]}\n",
            "9:42: topic 'b' lists 'old' in renamed_from, "
            "but another topic already lists 'old' in renamed_from (line 8)",
        ),
    ],
)
def test_topic_problems(topics: str, expected: str) -> None:
    assert check(HEAD + topics) == [f"c.yaml:{expected}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- a\n- b\n",
            ["1:1: the curriculum must be a mapping with keys id, title, version, steps"],
        ),
        (
            "just text\n",
            ["1:1: the curriculum must be a mapping with keys id, title, version, steps"],
        ),
        ("---\n", ["2:1: the curriculum must be a mapping with keys id, title, version, steps"]),
        (
            "id: tpm\ntitel: T\nversion: 2026.1\nsteps: []\n",
            [
                "1:1: curriculum is missing required key 'title'",
                "2:1: unknown key 'titel' in the curriculum; did you mean 'title'?",
                "3:1: 'version' must be text (quote it: \"2026.1\")",
                "4:1: 'steps' must list at least one step",
            ],
        ),
        (
            'id: tpm\ntitle: T\nversion: "1"\nsteps:\n  - just-text\n  - id: s2\n    title: S\n',
            [
                "5:5: 'steps' must be a list of steps, "
                "each a mapping with keys id, title and topics",
                "6:5: step is missing required key 'topics'",
            ],
        ),
        (
            'id: tpm\ntitle: T\nversion: "1"\nsteps:\n  - id: s\n    title: S\n    topics: []\n',
            ["7:5: 'topics' must list at least one topic"],
        ),
        (
            VALID + "  - id: s1\n    title: Again\n    topics:\n      - {id: b, title: B}\n",
            ["10:5: duplicate step id 's1' (first at line 5)"],
        ),
        (
            HEAD
            + "      - {id: a, title: A, requires: [c]}\n"
            + "  - id: s2\n    title: S2\n    topics:\n"
            + "      - {id: b, title: B, requires: [a]}\n"
            + "      - {id: c, title: C, requires: [b]}\n",
            ["12:38: requires form a cycle: a -> c -> b -> a"],
        ),
    ],
)
def test_curriculum_problems(text: str, expected: list[str]) -> None:
    assert check(text) == [f"c.yaml:{problem}" for problem in expected]


def test_all_problems_at_once_sorted_by_line() -> None:
    text = HEAD + (
        "      - id: a\n"  # 8
        "        title: A\n"
        "        requires: [b, zz]\n"  # 10
        "      - id: b\n"
        "        requires: [a]\n"  # 12
        "        estimate_hours: 0\n"
        "      - id: a\n"  # 14
        "        title: A again\n"
    )
    assert check(text.replace('version: "1"', "version: 1")) == [
        "c.yaml:3:1: 'version' must be text (quote it: \"1\")",
        "c.yaml:10:23: topic 'a' requires 'zz', which is not a topic in this curriculum",
        "c.yaml:11:9: topic is missing required key 'title'",
        "c.yaml:12:20: requires form a cycle: a -> b -> a",
        "c.yaml:13:9: 'estimate_hours' must be a number greater than 0 and at most 10000",
        "c.yaml:14:9: duplicate topic id 'a' (first at line 8)",
    ]


def test_yaml_problems_carry_the_path_as_given(in_tmp: Path) -> None:
    (in_tmp / "sub").mkdir()
    assert check("a: 1\na: 2\n", name="sub/../sub/c.yaml") == [
        "sub/../sub/c.yaml:2:1: duplicate key 'a' (first at line 1)"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id: \xff\n", ["c.yaml:1:5: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"]),
        (
            b"id: tpm\ntitle: \xc3\xa9\xe9",
            ["c.yaml:2:9: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8"],
        ),
        (
            b"\xef\xbb\xbfid: \xff\n",
            ["c.yaml:1:5: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"],
        ),
        (b"\xef\xbb\xbf" + VALID.encode(), []),
        (
            VALID.encode("utf-16"),
            ["c.yaml:1:1: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"],
        ),
    ],
)
def test_encoding(content: bytes, expected: list[str]) -> None:
    assert check(content) == expected


def test_size_cap() -> None:
    assert check(VALID + "#" * (2 * 1024 * 1024)) == [
        f"c.yaml: the file is {len(VALID) + 2 * 1024 * 1024} bytes; the limit is 2 MiB"
    ]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (2_097_153, "c.yaml: the file is 2097153 bytes; the limit is 2 MiB"),
        (None, "c.yaml: the file is over 2097152 bytes; the limit is 2 MiB"),
    ],
)
def test_too_large(size: int | None, expected: str) -> None:
    assert too_large("c.yaml", size).problems == [expected]


def test_unreadable_paths(in_tmp: Path) -> None:
    (in_tmp / "folder").mkdir()
    assert check_curriculum_file(Path("missing.yaml")) == [
        "missing.yaml: cannot read: No such file or directory"
    ]
    assert check_curriculum_file(Path("folder")) == ["folder: cannot read: Is a directory"]


NOT_A_FILE = "not a regular file (a pipe or a device?); give a curriculum YAML file"


def test_a_fifo_is_refused_not_waited_on(in_tmp: Path) -> None:
    os.mkfifo("pipe")
    found: list[list[str]] = []
    reader = threading.Thread(
        target=lambda: found.append(check_curriculum_file(Path("pipe"))), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        with open("pipe", "wb"):  # let the waiting reader go
            pass
        reader.join(timeout=10)
        pytest.fail("tpmpath waited for a writer on a FIFO")
    assert found == [[f"pipe: {NOT_A_FILE}"]]
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(Path("pipe"))
    assert caught.value.problems == [f"pipe: {NOT_A_FILE}"]


def test_a_device_is_refused_without_reading_it() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    assert check_curriculum_file(Path("/dev/zero")) == [f"/dev/zero: {NOT_A_FILE}"]


def test_load_returns_the_model_or_raises_every_problem() -> None:
    check(VALID)
    curriculum = load_curriculum(Path("c.yaml"))
    assert isinstance(curriculum, Curriculum)
    assert [topic.id for topic in curriculum.topics] == ["a"]
    Path("c.yaml").write_text(HEAD + "      - id: a\n        titel: A\n", encoding="utf-8")
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(Path("c.yaml"))
    assert caught.value.problems == [
        "c.yaml:8:9: topic is missing required key 'title'",
        "c.yaml:9:9: unknown key 'titel' in topic 'a'; did you mean 'title'?",
    ]


def test_starter_validates() -> None:
    assert check(STARTER_CURRICULUM) == []
    curriculum = load_curriculum(Path("c.yaml"))
    assert len(curriculum.steps) == 2
    assert all(2 <= len(step.topics) <= 3 for step in curriculum.steps)
    assert any(topic.requires for topic in curriculum.topics)
    assert any(topic.target and topic.prompts for topic in curriculum.topics)
    assert "# renamed_from:" in STARTER_CURRICULUM


def test_shipped_curriculum_validates() -> None:
    path = default_curriculum_path()
    if not path.is_file():
        pytest.skip("data/curriculum.yaml is not written yet")
    assert check_curriculum_file(path) == []
    assert load_curriculum(path).steps


def test_long_requires_chain_and_cycle_are_checked_without_recursion() -> None:
    count = 10_000
    topics = [
        {"id": f"t{i}", "title": "T", "requires": [f"t{i - 1}"] if i else []} for i in range(count)
    ]
    data = {
        "id": "big",
        "title": "Big",
        "version": "1",
        "steps": [{"id": "s", "title": "S", "topics": topics}],
    }
    assert reference_problems(data, {}) == []
    topics[0]["requires"] = [f"t{count - 1}"]
    (problem,) = reference_problems(data, {})
    assert problem.message == (
        "requires form a cycle: t0 -> t9999 -> t9998 -> t9997 -> t9996 -> ... (9991 more) "
        "-> t4 -> t3 -> t2 -> t1 -> t0"
    )
    for topic in topics[2:]:  # now 9,999 cycles share one long path: still linear
        topic["requires"] = [*topic["requires"], "t0"]
    assert len(reference_problems(data, {})) == count - 1


# The validated cache


def test_cache_serves_the_validated_curriculum(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(VALID)
    cache = in_tmp / "cache" / "dir"
    first = load_curriculum(Path("c.yaml"), cache=DirCache(cache))
    (entry,) = cache.iterdir()
    assert entry.suffix == ".json"
    assert entry.stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700

    def no_parsing(text: str, source: str) -> object:
        raise AssertionError("the YAML was parsed despite a warm cache")

    monkeypatch.setattr(tpmpath.curriculum.yamlload, "read_yaml", no_parsing)
    assert load_curriculum(Path("c.yaml"), cache=DirCache(cache)) == first


def test_cache_never_serves_a_stale_curriculum(in_tmp: Path) -> None:
    path = Path("c.yaml")
    check(VALID)
    cache = in_tmp / "cache"
    assert load_curriculum(path, cache=DirCache(cache)).steps[0].topics[0].title == "A"
    before = path.stat()
    path.write_text(VALID.replace("title: A", "title: B"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert load_curriculum(path, cache=DirCache(cache)).steps[0].topics[0].title == "B"


@pytest.mark.parametrize(
    "damaged",
    [
        "not json",
        '{"key":"0"}',
        "{CUT}",  # a torn write
        "{EMPTY_TITLE}",  # the right key, but a curriculum that does not validate
    ],
)
def test_damaged_cache_is_ignored_and_repaired(in_tmp: Path, damaged: str) -> None:
    check(VALID)
    cache = in_tmp / "cache"
    load_curriculum(Path("c.yaml"), cache=DirCache(cache))
    (entry,) = cache.iterdir()
    good = entry.read_text()
    damaged = damaged.replace("{CUT}", good[: len(good) // 2])
    damaged = damaged.replace("{EMPTY_TITLE}", good.replace('"title":"A"', '"title":""'))
    entry.write_text(damaged)
    assert load_curriculum(Path("c.yaml"), cache=DirCache(cache)).steps[0].topics[0].title == "A"
    assert entry.read_text() == good


def test_invalid_curriculum_is_never_cached(in_tmp: Path) -> None:
    check(HEAD + "      - id: a\n")
    cache = in_tmp / "cache"
    for _ in range(2):
        with pytest.raises(CurriculumError) as caught:
            load_curriculum(Path("c.yaml"), cache=DirCache(cache))
        assert caught.value.problems == ["c.yaml:8:9: topic is missing required key 'title'"]
    assert not cache.exists() or list(cache.iterdir()) == []


def test_unwritable_cache_is_not_an_error(in_tmp: Path) -> None:
    check(VALID)
    (in_tmp / "file").write_text("")
    cache = in_tmp / "file" / "cache"  # under a regular file: cannot be created, even by root
    assert load_curriculum(Path("c.yaml"), cache=DirCache(cache)).id == "tpm"
    assert load_curriculum(Path("c.yaml"), cache=DirCache(cache)).id == "tpm"


@pytest.mark.parametrize(("warm", "expected"), [(True, "False"), (False, "True")])
def test_warm_cache_does_not_import_yaml(in_tmp: Path, warm: bool, expected: str) -> None:
    check(VALID)
    cache = in_tmp / "cache"
    if warm:
        load_curriculum(Path("c.yaml"), cache=DirCache(cache))
    code = (
        "import sys; from pathlib import Path; "
        "from tpmpath.curriculum.loader import load_curriculum; "
        "from tpmpath.store.caches import DirCache; "
        f"load_curriculum(Path('c.yaml'), cache=DirCache(Path({str(cache)!r}))); "
        "print('yaml' in sys.modules)"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (["src/tpmpath/data/curriculum.yaml", "data/curriculum.yaml"], "src/tpmpath/data"),
        (["data/curriculum.yaml"], "data"),
        ([], "src/tpmpath/data"),
    ],
)
def test_default_path_prefers_the_packaged_copy(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, existing: list[str], expected: str
) -> None:
    for name in existing:
        (in_tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (in_tmp / name).write_text(VALID)
    monkeypatch.setattr(
        curriculum_module, "__file__", str(in_tmp / "src/tpmpath/curriculum/loader.py")
    )
    assert default_curriculum_path() == in_tmp.resolve() / expected / "curriculum.yaml"


# Hostile input: the YAML test suite


def _corpus() -> list[Path]:
    """The YAML test suite's files, from $TPMPATH_CORPORA or ../shared/corpora."""
    roots = [Path(os.environ["TPMPATH_CORPORA"])] if os.environ.get("TPMPATH_CORPORA") else []
    roots.append(Path(__file__).resolve().parents[2].parent / "shared" / "corpora")
    for root in roots:
        for folder in (root / "yaml-test-suite", root):
            files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
            if files:
                return files
    return []


CORPUS = _corpus()


@pytest.mark.parametrize(
    "path",
    CORPUS or [pytest.param(None, marks=pytest.mark.skip(reason="no yaml-test-suite corpus"))],
    ids=lambda path: path.name if isinstance(path, Path) else "missing",
)
def test_yaml_corpus_ends_in_a_clean_error(path: Path) -> None:
    problems = check_curriculum_file(path)
    assert problems, "no file in the YAML test suite is a curriculum"
    pattern = re.compile(re.escape(str(path)) + r"(:\d+:\d+)?: \S")
    assert all(pattern.match(problem) for problem in problems), problems

"""The hardened YAML reader: plain data, positions, and every refusal with its location."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from tpmpath.curriculum import yamlload
from tpmpath.curriculum.yamlload import MAX_DEPTH, read_yaml
from tpmpath.errors import CurriculumError

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
)
ANCHORS = "anchors and aliases (&name / *name) are not allowed in a curriculum"


@pytest.fixture(params=["libyaml", "python"], autouse=True)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run every test with the C parser and with PyYAML's pure-Python fallback."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML was built without libyaml")
        monkeypatch.setattr(yamlload, "_LOADER", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yamlload, "_LOADER", yaml.SafeLoader)
    yield request.param


def problems(text: str) -> list[str]:
    """What read_yaml refuses in `text`, read as f.yaml."""
    with pytest.raises(CurriculumError) as caught:
        read_yaml(text, "f.yaml")
    return caught.value.problems


def test_data_and_positions() -> None:
    text = "id: x\nsteps:\n  - id: a\n    tags: [b, 'c']\n  - 3\n"
    document = read_yaml(text, "f.yaml")
    data, positions = document.data, document.positions
    assert data == {"id": "x", "steps": [{"id": "a", "tags": ["b", "c"]}, 3]}
    assert positions == {
        (): (1, 1),
        ("id",): (1, 1),
        ("steps",): (2, 1),
        ("steps", 0): (3, 5),
        ("steps", 0, "id"): (3, 5),
        ("steps", 0, "tags"): (4, 5),
        ("steps", 0, "tags", 0): (4, 12),
        ("steps", 0, "tags", 1): (4, 15),
        ("steps", 1): (5, 5),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 2026-01-01", "2026-01-01"),  # a timestamp stays text, never a date
        ("a: 2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("a: 4", 4),
        ("a: 0x10", 16),
        ("a: 1_000", 1000),
        ("a: 2.5", 2.5),
        ("a: 2026.1", 2026.1),
        ("a: yes", True),
        ("a: false", False),
        ("a: ~", None),
        ("a:", None),
        ("a: '4'", "4"),
        ('a: "yes"', "yes"),
        ("a: |\n  two\n  lines\n", "two\nlines\n"),
        ("a: <<", "<<"),  # only a merge *key* means something to PyYAML
        ("a: =", "="),
        ("\ufeffa: bom", "bom"),
    ],
)
def test_scalars_are_plain_values(text: str, expected: object) -> None:
    data = read_yaml(text, "f.yaml").data
    assert data == {"a": expected}
    assert type(data["a"]) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["f.yaml:1:1: the file is empty"]),
        ("# only a comment\n", ["f.yaml:1:1: the file is empty"]),
        ("a: &x 1\n", [f"f.yaml:1:4: {ANCHORS}"]),
        ("a: 1\nb: *x\n", [f"f.yaml:2:4: {ANCHORS}"]),
        ("- &x [1]\n", [f"f.yaml:1:3: {ANCHORS}"]),
        (BOMB, [f"f.yaml:1:4: {ANCHORS}"]),
        (
            "a: !!python/object/apply:os.system ['echo owned']\n",
            [
                "f.yaml:1:4: tags like '!!python/object/apply:os.system' "
                "are not allowed in a curriculum"
            ],
        ),
        (
            "a: !!binary aGVsbG8=\n",
            ["f.yaml:1:4: tags like '!!binary' are not allowed in a curriculum"],
        ),
        ("a: !!set {b}\n", ["f.yaml:1:4: tags like '!!set' are not allowed in a curriculum"]),
        ("a: !!str 1\n", ["f.yaml:1:4: tags like '!!str' are not allowed in a curriculum"]),
        ("a: !foo x\n", ["f.yaml:1:4: tags like '!foo' are not allowed in a curriculum"]),
        ("a: ! x\n", ["f.yaml:1:4: tags like '!' are not allowed in a curriculum"]),
        ("!!omap\n- a: 1\n", ["f.yaml:1:1: tags like '!!omap' are not allowed in a curriculum"]),
        ("id: a\ntitle: b\nid: c\n", ["f.yaml:3:1: duplicate key 'id' (first at line 1)"]),
        (
            "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n",
            [
                "f.yaml:4:3: duplicate key 'c' (first at line 3)",
                "f.yaml:5:1: duplicate key 'a' (first at line 1)",
            ],
        ),
        ("1: a\n", ['f.yaml:1:1: keys must be text (quote it: "1")']),
        ("true: a\n", ['f.yaml:1:1: keys must be text (quote it: "true")']),
        ("~: a\n", ['f.yaml:1:1: keys must be text (quote it: "~")']),
        ("?\n: a\n", ["f.yaml:1:2: keys must be text, not empty"]),
        ("? [a]\n: b\n", ["f.yaml:1:3: keys must be text, not a list or a mapping"]),
        ("{a: 1}: b\n", ["f.yaml:1:1: keys must be text, not a list or a mapping"]),
        ("<<: {a: 1}\n", ["f.yaml:1:1: merge keys (<<) are not allowed in a curriculum"]),
        ("a: 1\n---\nb: 2\n", ["f.yaml:2:1: only one YAML document is allowed"]),
        ("--- a\n--- b\n", ["f.yaml:2:1: only one YAML document is allowed"]),
        (
            "a: 1" + "0" * 5000,
            ["f.yaml:1:4: this number has too many digits; quote it if it is text"],
        ),
        (
            "a: " + "[" * 70 + "]" * 70,
            [f"f.yaml:1:{3 + MAX_DEPTH}: nesting is deeper than 64 levels"],
        ),
    ],
)
def test_refused(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_deepest_nesting_allowed() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    data = read_yaml(text, "f.yaml").data
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(data, list)
        data = data[0]
    assert data == []


def test_block_nesting_of_70_levels_is_refused() -> None:
    text = "".join(f"{'  ' * level}k{level}:\n" for level in range(70))
    assert problems(text) == ["f.yaml:65:129: nesting is deeper than 64 levels"]


def test_size_cap() -> None:
    text = "a: " + "x" * (2 * 1024 * 1024)
    assert problems(text) == ["f.yaml: the file is 2097155 bytes; the limit is 2 MiB"]


def test_alias_bomb_is_never_expanded() -> None:
    # A hundred times the bomb above still stops at the first anchor.
    assert problems(BOMB * 100) == [f"f.yaml:1:4: {ANCHORS}"]


@pytest.mark.parametrize("text", ["a: \x01\n", "é: b\nc: \x01\n"])
def test_control_characters(loader: str, text: str) -> None:
    reason = "control characters" if loader == "libyaml" else "special characters"
    line, col = (1, 4) if text.startswith("a") else (2, 4)
    assert problems(text) == [f"f.yaml:{line}:{col}: {reason} are not allowed (character #x0001)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: [b\n",
            {
                "libyaml": "f.yaml:2:1: did not find expected ',' or ']' "
                "(while parsing a flow sequence that starts at line 1)",
                "python": "f.yaml:2:1: expected ',' or ']', but got '<stream end>' "
                "(while parsing a flow sequence that starts at line 1)",
            },
        ),
        (
            "a: b: c\n",
            {
                "libyaml": "f.yaml:1:5: mapping values are not allowed in this context",
                "python": "f.yaml:1:5: mapping values are not allowed here",
            },
        ),
        (
            "a: 'x\n",
            {
                "libyaml": "f.yaml:2:1: found unexpected end of stream "
                "(while scanning a quoted scalar that starts at line 1)",
                "python": "f.yaml:2:1: found unexpected end of stream "
                "(while scanning a quoted scalar that starts at line 1)",
            },
        ),
    ],
)
def test_syntax_errors_are_located(loader: str, text: str, expected: dict[str, str]) -> None:
    assert problems(text) == [expected[loader]]


@pytest.mark.parametrize("error", [RecursionError("too deep"), RuntimeError("boom")])
def test_unexpected_errors_become_curriculum_errors(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def broken(text: str) -> object:
        raise error

    monkeypatch.setattr(yamlload, "_LOADER", broken)
    name = type(error).__name__
    assert problems("a: 1") == [f"f.yaml:1:1: cannot read this YAML ({name}: {error})"]


def test_raw_text_kept_for_non_text_scalars() -> None:
    document = read_yaml("version: 1.10\ntitle: t\nok: yes\n", "f.yaml")
    assert document.data == {"version": 1.1, "title": "t", "ok": True}
    assert document.raw == {("version",): "1.10", ("ok",): "yes"}

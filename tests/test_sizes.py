"""Size limits of the code: no module over 400 lines, no function over 60 (issue 12).

Read from the source with `ast`: every module under src/tpmpath, every function and method,
nested ones too. A function's length runs from its `def` line to its last line, docstring
included (decorators are not counted).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tpmpath"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Temporary: code that other work owns and has not been split yet. Each entry is its length
# today; it may shrink but not grow, and it must go once it fits the limit.
LONG_MODULES: dict[str, int] = {}
LONG_FUNCTIONS: dict[str, int] = {}
"""`path::function` (path under src/tpmpath) -> lines."""


def module_lines(source: str) -> int:
    return len(source.splitlines())


def function_lengths(source: str) -> dict[str, int]:
    """Every function's and method's length by name (`Class.method`, `outer.inner`)."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                assert child.end_lineno is not None
                found[name] = child.end_lineno - child.lineno + 1
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def measured() -> tuple[dict[str, int], dict[str, int]]:
    """(module -> lines, `module::function` -> lines) for the whole of src/tpmpath."""
    modules: dict[str, int] = {}
    functions: dict[str, int] = {}
    for file in sorted(SRC.rglob("*.py")):
        name = file.relative_to(SRC).as_posix()
        source = file.read_text(encoding="utf-8")
        modules[name] = module_lines(source)
        for function, length in function_lengths(source).items():
            functions[f"{name}::{function}"] = length
    return modules, functions


def over(sizes: dict[str, int], limit: int, allowed: dict[str, int]) -> list[str]:
    """What breaks the limit, or its allowance; and allowances that are no longer needed."""
    problems = []
    for name, size in sorted(sizes.items()):
        if name in allowed:
            if size > allowed[name]:
                problems.append(f"{name}: {size} lines, grew past its allowance of {allowed[name]}")
            elif size <= limit:
                problems.append(f"{name}: {size} lines, fits now: remove it from the allow-list")
        elif size > limit:
            problems.append(f"{name}: {size} lines, more than {limit}")
    problems += [
        f"{name}: in the allow-list but not found" for name in allowed if name not in sizes
    ]
    return problems


def test_the_whole_tree_is_measured() -> None:
    modules, functions = measured()
    packages = {name.split("/")[0] for name in modules if "/" in name}
    assert packages == {"cli", "core", "curriculum", "output", "store"}
    assert {"__init__.py", "errors.py", "__main__.py"} <= set(modules)
    assert "core/planning.py::schedule" in functions
    assert "core/progress.py::Summary.add" in functions


def test_no_module_over_400_lines() -> None:
    assert over(measured()[0], MAX_MODULE_LINES, LONG_MODULES) == []


def test_no_function_over_60_lines() -> None:
    assert over(measured()[1], MAX_FUNCTION_LINES, LONG_FUNCTIONS) == []


SAMPLE = '''
class A:
    def short(self) -> None:
        """Doc."""

@decorated
def outer():
    def inner():
        pass
    return inner
'''


def test_function_lengths_count_from_def_to_the_last_line() -> None:
    assert function_lengths(SAMPLE) == {"A.short": 2, "outer": 4, "outer.inner": 2}
    assert module_lines(SAMPLE) == 10


@pytest.mark.parametrize(
    ("sizes", "allowed", "expected"),
    [
        ({"a": 3, "b": 2}, {}, ["a: 3 lines, more than 2"]),
        ({"a": 3}, {"a": 3}, []),
        ({"a": 4}, {"a": 3}, ["a: 4 lines, grew past its allowance of 3"]),
        ({"a": 2}, {"a": 3}, ["a: 2 lines, fits now: remove it from the allow-list"]),
        ({}, {"a": 3}, ["a: in the allow-list but not found"]),
    ],
)
def test_over(sizes: dict[str, int], allowed: dict[str, int], expected: list[str]) -> None:
    assert over(sizes, 2, allowed) == expected

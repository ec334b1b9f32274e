"""The import contract: which package of tpmpath may import what (README, "Architecture").

Read from the source with `ast`, so every import counts: module level, inside functions, and
under TYPE_CHECKING. The table is the contract; a failure names the file, the line and the rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tpmpath"
PACKAGES = ("core", "curriculum", "store", "output", "cli")

ALLOWED: dict[str, set[str]] = {
    # package -> the tpmpath packages it may import (besides itself, errors and the version)
    "core": set(),
    "curriculum": {"core"},
    "store": {"core"},
    "output": {"core"},
    "cli": {"core", "curriculum", "store", "output"},
}
ROOT_MODULES = {"tpmpath", "tpmpath.errors"}
"""Modules at the top of the package every room may use: the version and the error family."""

THIRD_PARTY_HOMES: dict[str, set[str]] = {
    # a library -> the only packages that may import it
    "typer": {"cli"},
    "click": {"cli"},
    "rich": {"output", "cli"},
    "yaml": {"curriculum"},
    "filelock": {"store"},
    "platformdirs": {"store"},
    "fcntl": {"store"},
    "msvcrt": {"store"},
    "tempfile": {"store"},
    "shutil": {"store"},
    "subprocess": {"store"},
}
PURE_FORBIDDEN = {"os", "pathlib", "io", "sys", "subprocess", "socket", "threading"}
"""What core may not import at all: files, processes, the console."""

STORE_ONLY_CALLS = {"os.replace", "os.fsync", "os.rename", "os.link", "os.unlink", "os.remove"}
CLOCK_CALLS = {"now", "today", "utcnow", "time", "monotonic"}


@dataclass(frozen=True)
class Use:
    file: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.file.relative_to(SRC.parent)}:{self.line}: {self.what}"


def _package(file: Path) -> str | None:
    parts = file.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 and parts[0] in PACKAGES else None


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _imports(file: Path) -> list[tuple[int, str]]:
    """Every module `file` imports, absolute, with its line."""
    tree = ast.parse(file.read_text(), filename=str(file))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{file}:{node.lineno}: use absolute imports"
            base = node.module or ""
            found.append((node.lineno, base))
            if base == "tpmpath" or base.startswith("tpmpath."):
                # `from tpmpath.store import files` imports tpmpath.store.files
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _room(module: str) -> str | None:
    """The package of a tpmpath module (None: a root module such as tpmpath.errors)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in PACKAGES else None


def _is_module(module: str) -> bool:
    relative = module.split(".")[1:]
    return (SRC.joinpath(*relative).with_suffix(".py")).exists() or SRC.joinpath(*relative).is_dir()


def layer_violations() -> list[Use]:
    found = []
    for file in _modules():
        package = _package(file)
        seen: set[tuple[int, str | None]] = set()
        for line, module in _imports(file):
            if (line, _room(module)) in seen:
                continue  # `from tpmpath.store import files`: one import, one report
            seen.add((line, _room(module)))
            if not module.startswith("tpmpath") or module in ROOT_MODULES:
                continue
            if not _is_module(module):
                continue  # a name imported from a module, already checked as that module
            room = _room(module)
            if room is None:
                if package is not None:
                    found.append(Use(file, line, f"imports {module}, a top-level module"))
                continue
            if package is not None and room != package and room not in ALLOWED[package]:
                found.append(Use(file, line, f"{package} imports {module}"))
    return found


def library_violations() -> list[Use]:
    found = []
    for file in _modules():
        package = _package(file)
        for line, module in _imports(file):
            top = module.split(".")[0]
            homes = THIRD_PARTY_HOMES.get(top)
            if homes is not None and package not in homes:
                found.append(Use(file, line, f"{package or 'tpmpath'} imports {top}"))
            if package == "core" and top in PURE_FORBIDDEN:
                found.append(Use(file, line, f"core imports {top}"))
    return found


def _calls(file: Path) -> list[tuple[int, str]]:
    tree = ast.parse(file.read_text(), filename=str(file))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name):
                found.append((node.lineno, f"{owner.id}.{node.func.attr}"))
    return found


def call_violations() -> list[Use]:
    found = []
    for file in _modules():
        package = _package(file)
        for line, call in _calls(file):
            if call in STORE_ONLY_CALLS and package != "store":
                found.append(Use(file, line, f"{package} calls {call}"))
            owner, _, name = call.partition(".")
            if package == "core" and owner in {"datetime", "date", "time"} and name in CLOCK_CALLS:
                found.append(Use(file, line, f"core reads the clock ({call})"))
    return found


@pytest.mark.parametrize(
    "check", [layer_violations, library_violations, call_violations], ids=lambda f: f.__name__
)
def test_the_import_contract_holds(check: object) -> None:
    assert callable(check)
    assert [str(use) for use in check()] == []


def test_every_module_lives_in_a_room() -> None:
    loose = {f.name for f in SRC.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py", "errors.py"}


@pytest.mark.parametrize(
    ("file", "source", "expected"),
    [
        ("core/x.py", "import typer\n", ["core imports typer"]),
        ("core/x.py", "from rich.table import Table\n", ["core imports rich"]),
        ("core/x.py", "import os\n", ["core imports os"]),
        ("core/x.py", "def f():\n    from tpmpath.store import files\n", ["core imports"]),
        ("output/x.py", "from tpmpath.store.layout import EventLines\n", ["output imports"]),
        ("store/x.py", "import typer\n", ["store imports typer"]),
        ("cli/x.py", "import subprocess\n", ["cli imports subprocess"]),
        ("cli/x.py", "import os\nos.replace('a', 'b')\n", ["cli calls os.replace"]),
        ("core/x.py", "from datetime import datetime\ndatetime.now()\n", ["core reads the clock"]),
        ("cli/x.py", "from tpmpath.store import files\nimport typer\n", []),
    ],
)
def test_the_checks_catch_a_violation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file: str, source: str, expected: list[str]
) -> None:
    fake = tmp_path / "tpmpath"
    for package in PACKAGES:
        (fake / package).mkdir(parents=True)
        (fake / package / "__init__.py").write_text("")
    (fake / "store" / "files.py").write_text("")
    (fake / "store" / "layout.py").write_text("")
    (fake / file).write_text(source)
    monkeypatch.setattr(__import__(__name__, fromlist=["SRC"]), "SRC", fake)
    found = [
        str(u) for check in (layer_violations, library_violations, call_violations) for u in check()
    ]
    assert len(found) == len(expected)
    for message, wanted in zip(found, expected, strict=True):
        assert wanted in message

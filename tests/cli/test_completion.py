"""completion.py: TAB completion of values, and a completion script for each shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tpmpath.cli.completion import (
    complete_profile,
    complete_setting,
    complete_status,
    complete_step,
    named_shell,
)


class Ctx:
    """The little of a click context the completion functions read."""

    def __init__(self, curriculum: Path | None) -> None:
        self.params = {"profile": "default", "curriculum": curriculum}

    def find_root(self) -> Ctx:
        return self


@pytest.mark.parametrize(
    ("incomplete", "expected"),
    [("", ["hours-per-week", "target-date"]), ("t", ["target-date"]), ("x", [])],
)
def test_setting_keys(incomplete: str, expected: list[str]) -> None:
    assert complete_setting(incomplete) == expected


@pytest.mark.parametrize(
    ("incomplete", "expected"),
    [("", ["todo", "in_progress", "done", "skipped"]), ("d", ["done"]), ("in", ["in_progress"])],
)
def test_statuses(incomplete: str, expected: list[str]) -> None:
    assert complete_status(incomplete) == expected


@pytest.mark.parametrize(
    ("incomplete", "expected"),
    [("", ["basics", "practice", "1", "2"]), ("p", ["practice"]), ("2", ["2"]), ("z", [])],
)
def test_steps_by_id_and_number(tiny: Path, incomplete: str, expected: list[str]) -> None:
    assert complete_step(Ctx(tiny), incomplete) == expected  # type: ignore[arg-type]


def test_steps_of_a_broken_curriculum_complete_to_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    assert complete_step(Ctx(broken), "") == []  # type: ignore[arg-type]
    assert complete_step(Ctx(tmp_path / "missing.yaml"), "") == []  # type: ignore[arg-type]


def test_profiles(isolated: Path) -> None:
    assert complete_profile("") == []  # no data yet
    for name in ("bob", "alice", "al.2"):
        (isolated / "profiles" / name).mkdir(parents=True)
    (isolated / "profiles" / "notes.txt").write_text("not a profile", encoding="utf-8")
    assert complete_profile("") == ["al.2", "alice", "bob"]
    assert complete_profile("ali") == ["alice"]


def test_profiles_complete_to_nothing_when_the_data_dir_is_unusable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TPMPATH_DATA_DIR", "~no-such-user-tpmpath/data")
    assert complete_profile("") == []


def _complete(cli: Invoke, monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    """What bash offers for `line` (the word after its last space is the one completed)."""
    words = line.split(" ")
    monkeypatch.setenv("_TPMPATH_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    result = cli()
    assert result.exit_code == 0, result.output
    return result.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tpmpath config set ", ["hours-per-week", "target-date"]),
        ("tpmpath config get h", ["hours-per-week"]),
        ("tpmpath config unset t", ["target-date"]),
        ("tpmpath list --status ", ["todo", "in_progress", "done", "skipped"]),
        ("tpmpath list --step ", ["basics", "practice", "1", "2"]),
        ("tpmpath list -s b", ["basics"]),
        ("tpmpath report --format ", ["markdown", "json", "csv", "html"]),
        ("tpmpath team --format ", ["table", "markdown", "json", "csv", "html"]),
        ("tpmpath --profile ", ["alice", "default"]),
        ("tpmpath -p a", ["alice"]),
        ("tpmpath done t", ["talk"]),
    ],
)
def test_what_the_shell_is_offered(
    cli: Invoke,
    tiny: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    line: str,
    expected: list[str],
) -> None:
    for name in ("alice", "default"):
        (isolated / "profiles" / name).mkdir(parents=True)
    assert _complete(cli, monkeypatch, line) == expected


SCRIPTS = {
    "bash": "complete -o default -F _tpmpath_completion tpmpath",
    "zsh": "compdef _tpmpath_completion tpmpath",
    "fish": "complete --command tpmpath",
    "powershell": "Register-ArgumentCompleter -Native -CommandName tpmpath",
}


@pytest.mark.parametrize("shell", list(SCRIPTS))
def test_each_shell_gets_its_own_script(cli: Invoke, shell: str) -> None:
    result = cli("--show-completion", shell)
    assert (result.exit_code, result.stderr) == (0, "")
    assert SCRIPTS[shell] in result.stdout
    others = [marker for name, marker in SCRIPTS.items() if name != shell]
    assert not [marker for marker in others if marker in result.stdout]


def test_a_shell_named_after_global_options(cli: Invoke) -> None:
    result = cli("--profile", "alice", "--show-completion", "zsh")
    assert result.exit_code == 0
    assert result.stdout.startswith("#compdef tpmpath\n")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--show-completion", "zsh"], ("--show-completion", "zsh")),
        (["--install-completion", "fish"], ("--install-completion", "fish")),
        (["-p", "alice", "--show-completion", "fish"], ("--show-completion", "fish")),
        (["--profile=alice", "--show-completion", "bash"], ("--show-completion", "bash")),
        (["-p", "--show-completion", "zsh"], None),  # a profile named --show-completion
        (["--show-completion"], None),  # detected by Typer
        (["--show-completion", "tcsh"], None),
        (["note", "a", "--show-completion", "zsh"], None),  # a command's arguments
        (["--", "--show-completion", "zsh"], None),
    ],
)
def test_named_shell(args: list[str], expected: tuple[str, str] | None) -> None:
    assert named_shell(args, {"-p", "--profile", "-c", "--curriculum"}) == expected

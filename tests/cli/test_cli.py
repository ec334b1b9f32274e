"""cli.main: how the console script ends (exit codes, closed pipes, Ctrl-C) without teardown."""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator

import pytest

from tpmpath.cli import main as cli


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    """main() pauses the cycle collector for its one command; the test run needs it back."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


class Ended(Exception):
    """Stands in for os._exit, which would end the test run."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _raise_ended(code: int) -> None:
    raise Ended(code)


def run_main(monkeypatch: pytest.MonkeyPatch, app: Callable[..., None]) -> int:
    monkeypatch.setattr(cli, "app", app)
    monkeypatch.setattr(cli.os, "_exit", _raise_ended)
    with pytest.raises(Ended) as ended:
        cli.main()
    return ended.value.code


def raising(error: BaseException) -> Callable[..., None]:
    def app(**_: object) -> None:
        raise error

    return app


@pytest.mark.parametrize(
    ("error", "code", "stderr"),
    [
        (SystemExit(0), 0, ""),
        (SystemExit(None), 0, ""),
        (SystemExit(2), 2, ""),
        (SystemExit("Aborted!"), 1, "Aborted!\n"),
        (KeyboardInterrupt(), 130, "Interrupted.\n"),
        (BrokenPipeError(), 1, ""),
    ],
    ids=["success", "none", "usage", "text", "ctrl-c", "closed-pipe"],
)
def test_main_ends_with_the_apps_exit_status(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    code: int,
    stderr: str,
) -> None:
    assert run_main(monkeypatch, raising(error)) == code
    assert capsys.readouterr().err == stderr


def test_an_app_that_returns_is_a_success(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_main(monkeypatch, lambda **_: None) == 0


class _ClosedPipe(io.StringIO):
    def flush(self) -> None:
        raise BrokenPipeError


@pytest.mark.parametrize(("code", "expected"), [(0, 1), (2, 2)])
def test_output_that_cannot_be_flushed_fails_a_success(
    monkeypatch: pytest.MonkeyPatch, code: int, expected: int
) -> None:
    monkeypatch.setattr(cli.sys, "stdout", _ClosedPipe())
    monkeypatch.setattr(cli.sys, "stderr", _ClosedPipe())
    monkeypatch.setattr(cli.os, "_exit", _raise_ended)
    with pytest.raises(Ended) as ended:
        cli._exit(code)
    assert ended.value.code == expected

"""The one exception family: the CLI prints these to stderr and exits 1."""

from __future__ import annotations


class TpmpathError(Exception):
    """Something a user can cause or fix; printed without a traceback."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\n{self.hint}"


class CurriculumError(TpmpathError):
    """A curriculum file that cannot be read or does not validate."""

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        self.problems = problems
        super().__init__("\n".join(problems), hint=hint)


class UnknownTopicError(TpmpathError):
    """A TOPIC argument that names no topic, or several by prefix."""


class ProgressFileError(TpmpathError):
    """A progress file that is damaged, foreign or too new; never overwritten."""


class StorageError(TpmpathError):
    """Reading or writing the data directory failed (disk full, permissions, I/O)."""


class LockTimeoutError(TpmpathError):
    """Another tpmpath process held the progress lock for too long."""


class OutputExistsError(TpmpathError):
    """An output file exists and --force was not given, or it is the progress store."""


class InvalidInputError(TpmpathError):
    """An option value or imported file that tpmpath cannot use."""

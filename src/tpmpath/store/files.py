"""Where progress lives; how a progress file is read, validated and upgraded; the locked
transaction in which the store (store.progress_store) changes it.

The write and lock primitives live in store.atomic and store.locks and are re-exported here.
What tpmpath promises about your data, and what it does not, is written down in
docs/data-safety.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from tpmpath.core.models import ID_PATTERN, SCHEMA_VERSION, Progress
from tpmpath.errors import InvalidInputError, ProgressFileError, StorageError
from tpmpath.store.atomic import (
    ensure_private_dir,
    remove_stray_temporaries,
    write_atomic,
    write_output,
)
from tpmpath.store.backups import backup_path
from tpmpath.store.layout import serialize
from tpmpath.store.locks import lock_timeout, locked

MAX_PROGRESS_BYTES = 512 * 1024 * 1024

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only adds the `import` event: a version 1 document is valid as it is."""
    return document


def _to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Version 3 only adds fields and events (devices, gaps, ratings): a version 2 document is
    valid as it is."""
    return document


MIGRATIONS: dict[int, Migration] = {1: _to_v2, 2: _to_v3}
"""MIGRATIONS[n] turns a schema version n document into n + 1."""

_MIGRATION_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


class TooNewError(ProgressFileError):
    """A progress file written by a newer tpmpath: refused and left untouched."""


def _env_dir(variable: str, value: str) -> Path:
    """A directory from an environment variable, `~` expanded."""
    try:
        return Path(value).expanduser().absolute()
    except RuntimeError:  # `~user` for a user that does not exist
        raise InvalidInputError(
            f"{variable}={value!r}: no such user's home folder; give another directory."
        ) from None


def data_dir() -> Path:
    """The one function that knows where progress lives."""
    override = os.environ.get("TPMPATH_DATA_DIR")
    if override:
        return _env_dir("TPMPATH_DATA_DIR", override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("tpmpath", appauthor=False))


def cache_dir() -> Path:
    """Where the validated curriculum cache lives (safe to delete)."""
    override = os.environ.get("TPMPATH_CACHE_DIR")
    if override:
        return _env_dir("TPMPATH_CACHE_DIR", override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tpmpath", appauthor=False))


def profiles_dir() -> Path:
    """`<data dir>/profiles`: a folder per profile."""
    return data_dir() / "profiles"


def progress_path(profile: str, curriculum_id: str) -> Path:
    """`<data dir>/profiles/<profile>/<curriculum id>.json`: one file per profile and curriculum."""
    if not re.fullmatch(ID_PATTERN, profile) or len(profile) > 100:
        raise InvalidInputError(
            f"'{profile}' is not a valid profile name: use letters, digits, '.', '_' and '-'."
        )
    return profiles_dir() / profile / f"{curriculum_id}.json"


def recover_hint(path: Path) -> str:
    """How to get out of a damaged progress file."""
    return (
        f"tpmpath left {path.name} untouched. Run `tpmpath recover` to move it aside and restore "
        "the last good backup (or start fresh); then `tpmpath import FILE` can add an export."
    )


def _damaged(path: Path, why: str) -> ProgressFileError:
    return ProgressFileError(f"{path} is damaged: {why}.", hint=recover_hint(path))


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def parse_progress(data: bytes, path: Path) -> tuple[Progress, int | None]:
    """Validate progress JSON; returns the model and the schema version it was upgraded from."""
    try:
        return _unicode_checked(Progress.model_validate_json(data), data, path), None
    except ValidationError:
        pass  # the fast path failed: find out why (damaged, foreign, or another schema version)
    document = _decode(data, path)
    version = _schema_version(document, path)
    document = upgrade(document, version, path)
    try:
        progress = Progress.model_validate(document)
    except ValidationError as error:
        raise _damaged(path, _first_error(error)) from None
    return _unicode_checked(progress, data, path), (None if version == SCHEMA_VERSION else version)


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _unicode_checked(progress: Progress, data: bytes, path: Path) -> Progress:
    """Refuse a lone surrogate (`"\\ud800"`): JSON allows it, but it cannot be saved as UTF-8."""
    if b"\\u" in data and _SURROGATE_ESCAPE.search(data):  # rare: only then pay for a dump
        try:
            progress.model_dump_json()
        except ValueError:
            raise _damaged(
                path, "it holds text that is not valid Unicode (a lone surrogate)"
            ) from None
    return progress


def _decode(data: bytes, path: Path) -> Any:
    """The JSON document, or a ProgressFileError that says where it breaks."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise _damaged(path, f"it is not valid JSON ({error})") from None
    except (ValueError, RecursionError):  # undecodable bytes, or nesting deeper than Python's stack
        raise _damaged(path, "it is not valid JSON") from None


def _schema_version(document: Any, path: Path) -> int:
    """The document's schema_version; refuses foreign documents and files from a newer tpmpath."""
    version = document.get("schema_version") if isinstance(document, dict) else None
    if type(version) is not int:
        raise ProgressFileError(
            f"{path} is not a tpmpath progress file (it has no schema_version).",
            hint=recover_hint(path),
        )
    if version > SCHEMA_VERSION:
        raise TooNewError(
            f"{path} was written by a newer tpmpath (schema version {version}; this one reads "
            f"up to {SCHEMA_VERSION}).",
            hint="Upgrade tpmpath (`pip install -U tpmpath`); the file was left untouched.",
        )
    return version


def upgrade(
    document: dict[str, Any], version: int, path: Path, *, target: int = SCHEMA_VERSION
) -> dict[str, Any]:
    """Apply MIGRATIONS in order, from schema `version` up to `target`."""
    start = version
    while version < target:
        migration = MIGRATIONS.get(version)
        if migration is None:
            raise ProgressFileError(
                f"{path} has schema version {start}, which this tpmpath cannot upgrade.",
                hint=recover_hint(path),
            )
        try:
            upgraded: object = migration(document)
        except _MIGRATION_ERRORS:
            upgraded = None  # reported just below, like a migration that returns a non-object
        if not isinstance(upgraded, dict):
            raise _damaged(path, f"it cannot be upgraded from schema version {start}")
        document = upgraded
        version += 1
        document["schema_version"] = version
    return document


def read_bytes(path: Path, *, allow_pipe: bool = False) -> bytes | None:
    """A file's content, None if it does not exist; other failures become TpmpathErrors.

    tpmpath's own files must be regular files: a FIFO there would block every command, so it is
    opened without blocking and refused. `allow_pipe` is for files given on the command line
    (`import <(...)`, `team`), where a pipe is what the user meant.
    """
    try:
        flags = os.O_RDONLY | (0 if allow_pipe else os.O_NONBLOCK)
        with os.fdopen(os.open(path, flags), "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(path)
            if not allow_pipe and not stat.S_ISREG(info.st_mode):
                raise ProgressFileError(
                    f"{path} is not a regular file (a pipe or a device?).",
                    hint=recover_hint(path),
                )
            if info.st_size > MAX_PROGRESS_BYTES:
                raise ProgressFileError(
                    f"{path} is {info.st_size} bytes, over tpmpath's 512 MiB limit.",
                    hint=recover_hint(path),
                )
            return read_limited(handle, path, info.st_size if stat.S_ISREG(info.st_mode) else None)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ProgressFileError(
            f"{path} is a directory, not a progress file.", hint=recover_hint(path)
        ) from None
    except OSError as error:
        raise StorageError(
            f"Cannot read {path}: {error.strerror or error}.",
            hint=f"Check the permissions of {path.parent}.",
        ) from None


def read_limited(handle: BinaryIO, path: Path, size: int | None = None) -> bytes:
    """Read to the end, but refuse more than the limit (a device or pipe that never ends).

    `size`: a regular file's size, read in one call (asking for the limit instead costs a
    512 MiB buffer, mapped and unmapped, on every read); what it grew by since is read after.
    """
    if size is not None and size <= MAX_PROGRESS_BYTES:
        data = handle.read(size + 1)
        if len(data) > size:
            data += handle.read(MAX_PROGRESS_BYTES + 1 - len(data))
    else:
        data = handle.read(MAX_PROGRESS_BYTES + 1)
    if len(data) > MAX_PROGRESS_BYTES:
        raise ProgressFileError(f"{path} is over tpmpath's 512 MiB limit.", hint=recover_hint(path))
    return data


def read_head(path: Path) -> Progress | None:
    """The head of a progress file in tpmpath's layout (its first line), or None: what the file
    says about itself without reading its events."""
    try:
        with path.open("rb") as file:
            line = file.readline(1 << 16)
    except OSError:
        return None
    if not line.endswith(b',"events":[\n'):
        return None
    try:
        return Progress.model_validate_json(line[:-1] + b"]}")
    except ValueError:
        return None


@dataclass
class Loaded:
    """A progress file as read: the model, and whether it exists or was upgraded."""

    progress: Progress
    exists: bool
    upgraded_from: int | None = None
    raw: bytes = b""
    """The file's bytes, as read."""


def load(path: Path, curriculum_id: str) -> Loaded:
    """Read and validate the progress file; a missing file is empty progress (nothing written)."""
    return parse_loaded(read_bytes(path), path, curriculum_id)


def parse_loaded(data: bytes | None, path: Path, curriculum_id: str) -> Loaded:
    """Validate the bytes read from `path` (None: there is no file) as progress on a curriculum."""
    if data is None:
        return Loaded(Progress(curriculum_id=curriculum_id), exists=False)
    progress, upgraded_from = parse_progress(data, path)
    check_curriculum(progress, path, curriculum_id)
    return Loaded(progress, exists=True, upgraded_from=upgraded_from, raw=data)


def check_curriculum(progress: Progress, path: Path, curriculum_id: str) -> None:
    """Refuse a progress file (of this profile) kept for another curriculum."""
    if progress.curriculum_id != curriculum_id:
        raise ProgressFileError(
            f"{path} holds progress for curriculum '{progress.curriculum_id}', "
            f"not '{curriculum_id}'.",
            hint=recover_hint(path),
        )


def too_large(path: Path, size: int) -> ProgressFileError:
    """A save refused: tpmpath would then refuse to read the file it wrote."""
    return ProgressFileError(
        f"Saving would make {path} {size} bytes, over tpmpath's 512 MiB limit; "
        "nothing was changed.",
        hint="Import a smaller export, or start a new profile with --profile.",
    )


class Transaction:
    """A locked read-modify-write of one progress file (the store's `_save` writes it).

    `data` is the file as read under the lock; it is validated when `loaded` is first used.
    """

    def __init__(self, path: Path, curriculum_id: str, data: bytes | None) -> None:
        self.path = path
        self.curriculum_id = curriculum_id
        self.data = data

    @cached_property
    def loaded(self) -> Loaded:
        return parse_loaded(self.data, self.path, self.curriculum_id)

    @property
    def progress(self) -> Progress:
        return self.loaded.progress

    def keep_original(self, version: int) -> None:
        """Before the first save in a newer schema, keep the file as it was (never replaced)."""
        kept = self.path.with_name(f"{self.path.name}.v{version}.bak")
        original = read_bytes(self.path)
        if original is not None and not kept.exists():
            write_atomic(kept, original)


@contextlib.contextmanager
def transaction(path: Path, curriculum_id: str) -> Iterator[Transaction]:
    """Lock, load, and hand over the progress for changing; nothing is written unless committed."""
    with locked(path) as held:
        if held:  # a killed writer's temporaries are only safe to delete under the lock
            remove_stray_temporaries(path)
        yield Transaction(path, curriculum_id, read_bytes(path))


__all__ = [
    "MIGRATIONS",
    "Loaded",
    "Transaction",
    "TooNewError",
    "backup_path",
    "cache_dir",
    "data_dir",
    "ensure_private_dir",
    "load",
    "lock_timeout",
    "locked",
    "parse_progress",
    "progress_path",
    "read_bytes",
    "serialize",
    "transaction",
    "upgrade",
    "write_atomic",
    "write_output",
]

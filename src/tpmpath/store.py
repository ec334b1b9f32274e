"""Where data lives and how it is kept safe: paths, locking, atomic writes, schema upgrades.

The recipe (see README, "What tpmpath promises about your data"): an exclusive lock on a separate
`<file>.lock` for the whole read-modify-write; the new content written to a temporary file in the
same directory, fsynced, then renamed over the old one; the previous version kept as `<file>.bak`;
a file that does not validate is never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tpmpath.errors import (
    InvalidInputError,
    LockTimeoutError,
    OutputExistsError,
    ProgressFileError,
    StorageError,
)
from tpmpath.models import ID_PATTERN, SCHEMA_VERSION, Progress

DEFAULT_LOCK_TIMEOUT = 10.0
MAX_PROGRESS_BYTES = 512 * 1024 * 1024

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
"""MIGRATIONS[n] turns a schema version n document into version n + 1 (none yet: v1 is the first)."""


def data_dir() -> Path:
    """The one function that knows where progress lives."""
    override = os.environ.get("TPMPATH_DATA_DIR")
    if override:
        return Path(override).expanduser().absolute()
    from platformdirs import user_data_dir

    return Path(user_data_dir("tpmpath", appauthor=False))


def cache_dir() -> Path:
    """Where the validated curriculum cache lives (safe to delete)."""
    override = os.environ.get("TPMPATH_CACHE_DIR")
    if override:
        return Path(override).expanduser().absolute()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tpmpath", appauthor=False))


def progress_path(profile: str, curriculum_id: str) -> Path:
    """`<data dir>/profiles/<profile>/<curriculum id>.json`: one file per profile and curriculum."""
    import re

    if not re.match(ID_PATTERN, profile) or len(profile) > 100:
        raise InvalidInputError(
            f"'{profile}' is not a valid profile name: use letters, digits, '.', '_' and '-'."
        )
    return data_dir() / "profiles" / profile / f"{curriculum_id}.json"


def lock_timeout() -> float:
    """Seconds to wait for another tpmpath process (`$TPMPATH_LOCK_TIMEOUT`, default 10)."""
    raw = os.environ.get("TPMPATH_LOCK_TIMEOUT")
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1e6:
        raise InvalidInputError(f"TPMPATH_LOCK_TIMEOUT={raw!r} must be a number of seconds >= 0.")
    return value


def ensure_private_dir(path: Path) -> None:
    """Create a directory (and parents) readable by the owner only, whatever the umask."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.stat().st_mode & 0o777 != 0o700:
            path.chmod(0o700)
    except OSError as error:
        raise StorageError(f"Cannot create {path}: {error.strerror or error}.") from None


def _damaged_hint(path: Path) -> str:
    return (
        f"tpmpath left {path.name} untouched. Run `tpmpath recover` to move it aside and restore "
        "the last good backup (or start fresh), or `tpmpath import FILE` to load an export."
    )


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def parse_progress(data: bytes, path: Path) -> tuple[Progress, int | None]:
    """Validate progress JSON; returns the model and the schema version it was upgraded from."""
    try:
        return Progress.model_validate_json(data), None
    except ValidationError:
        pass  # diagnose slowly below: a damaged file, a foreign one, or another schema version
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        reason = str(error) if isinstance(error, json.JSONDecodeError) else "not valid JSON"
        raise ProgressFileError(
            f"{path} is damaged: it is not valid JSON ({reason}).", hint=_damaged_hint(path)
        ) from None
    version = document.get("schema_version") if isinstance(document, dict) else None
    if not isinstance(document, dict) or type(version) is not int:
        raise ProgressFileError(
            f"{path} is not a tpmpath progress file (no schema_version).", hint=_damaged_hint(path)
        )
    if version > SCHEMA_VERSION:
        raise ProgressFileError(
            f"{path} was written by a newer tpmpath (schema version {version}; this one reads "
            f"up to {SCHEMA_VERSION}).",
            hint="Upgrade tpmpath (`pip install -U tpmpath`); the file was left untouched.",
        )
    start = version
    try:
        while version < SCHEMA_VERSION:
            if version not in MIGRATIONS:
                raise ProgressFileError(
                    f"{path} has schema version {version}, which this tpmpath cannot upgrade.",
                    hint=_damaged_hint(path),
                )
            document = MIGRATIONS[version](document)
            version += 1
            document["schema_version"] = version
        return Progress.model_validate(document), (start if start != SCHEMA_VERSION else None)
    except ValidationError as error:
        raise ProgressFileError(
            f"{path} is damaged: {_first_error(error)}.", hint=_damaged_hint(path)
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        raise ProgressFileError(
            f"{path} is damaged: it cannot be upgraded from schema version {start}.",
            hint=_damaged_hint(path),
        ) from None


def read_bytes(path: Path) -> bytes | None:
    """A file's content, None if it does not exist; other failures become StorageError."""
    try:
        size = path.stat().st_size
        if size > MAX_PROGRESS_BYTES:
            raise ProgressFileError(f"{path} is {size} bytes, over tpmpath's 512 MiB limit.")
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ProgressFileError(f"{path} is a directory, not a progress file.") from None
    except OSError as error:
        raise StorageError(f"Cannot read {path}: {error.strerror or error}.") from None


@dataclass
class Loaded:
    """A progress file as read: the model, and whether it exists or was upgraded."""

    progress: Progress
    exists: bool
    upgraded_from: int | None = None


def load(path: Path, curriculum_id: str) -> Loaded:
    """Read and validate the progress file; a missing file is empty progress (nothing written)."""
    data = read_bytes(path)
    if data is None:
        return Loaded(Progress(curriculum_id=curriculum_id), exists=False)
    progress, upgraded_from = parse_progress(data, path)
    if progress.curriculum_id != curriculum_id:
        raise ProgressFileError(
            f"{path} holds progress for curriculum '{progress.curriculum_id}', "
            f"not '{curriculum_id}'.",
            hint=_damaged_hint(path),
        )
    return Loaded(progress, exists=True, upgraded_from=upgraded_from)


def serialize(progress: Progress, *, indent: int | None = None) -> bytes:
    """The bytes of a progress file (compact: files with 100,000 events stay small)."""
    return progress.model_dump_json(exclude_none=True, indent=indent).encode() + b"\n"


def _remove_quietly(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable; best effort (some filesystems refuse directory fsync)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _keep_backup(path: Path) -> None:
    """Keep the current version as `<file>.bak` (a hard link: no copy); best effort."""
    backup = path.with_name(path.name + ".bak")
    staging = path.with_name(f".{path.name}.bak.tmp")
    try:
        _remove_quietly(staging)
        os.link(path, staging)
        os.replace(staging, backup)
    except OSError:
        _remove_quietly(staging)


def write_atomic(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Replace `path` with `data` all at once: readers and crashes see the old or the new file."""
    ensure_private_dir(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
    except OSError as error:
        _remove_quietly(tmp)
        raise _write_error(path, error) from None
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_dir(path.parent)


def _write_error(path: Path, error: OSError) -> StorageError:
    reason = error.strerror or str(error)
    return StorageError(
        f"Could not save {path}: {reason}. Nothing was changed.",
        hint="Free some disk space or fix the permissions of the data directory, then retry.",
    )


def remove_stray_temporaries(path: Path) -> None:
    """Delete temporary files left by a writer that was killed (only call under the lock)."""
    with contextlib.suppress(OSError):
        for stray in path.parent.glob(f".{path.name}.*.tmp"):
            _remove_quietly(stray)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive `<file>.lock` for a read-modify-write, waiting a bounded time."""
    if os.environ.get("TPMPATH_UNSAFE_NO_LOCK") == "1":  # only for the test that proves locking
        yield
        return
    from filelock import FileLock, Timeout

    ensure_private_dir(path.parent)
    timeout = lock_timeout()
    lock = FileLock(f"{path}.lock", timeout=timeout, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            f"Another tpmpath command is updating {path} (waited {timeout:g} s).",
            hint="Retry when it has finished, or raise TPMPATH_LOCK_TIMEOUT.",
        ) from None
    except OSError as error:
        raise StorageError(f"Cannot lock {path}: {error.strerror or error}.") from None
    try:
        yield
    finally:
        lock.release()


class Transaction:
    """A locked read-modify-write of one progress file; `commit()` saves."""

    def __init__(self, path: Path, loaded: Loaded) -> None:
        self.path = path
        self.progress = loaded.progress
        self.loaded = loaded

    def commit(self) -> None:
        """Write the progress atomically (after backing up a file from an older schema)."""
        if self.loaded.upgraded_from is not None:
            backup = self.path.with_name(f"{self.path.name}.v{self.loaded.upgraded_from}.bak")
            original = read_bytes(self.path)
            if original is not None and not backup.exists():
                write_atomic(backup, original)
        write_atomic(self.path, serialize(self.progress), backup=self.loaded.exists)


@contextlib.contextmanager
def transaction(path: Path, curriculum_id: str) -> Iterator[Transaction]:
    """Lock, load, and hand over the progress for changing; nothing is written unless committed."""
    with locked(path):
        remove_stray_temporaries(path)
        yield Transaction(path, load(path, curriculum_id))


def write_output(path: Path, text: str, *, force: bool, protected: list[Path]) -> None:
    """Write a report or export atomically; never over an existing file without --force."""
    target = path.expanduser().absolute()
    for kept in protected:
        if target.resolve() == kept.resolve():
            raise OutputExistsError(f"Refusing to write over the progress store {kept}.")
    if target.is_dir():
        raise OutputExistsError(f"{path} is a directory; give a file name.")
    if target.exists() and not force:
        raise OutputExistsError(f"{path} already exists.", hint="Use --force to overwrite it.")
    if not target.parent.is_dir():
        raise StorageError(f"Cannot write {path}: the folder {target.parent} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as error:
        with contextlib.suppress(NameError):
            _remove_quietly(tmp)
        raise StorageError(f"Could not write {path}: {error.strerror or error}.") from None


def recover(path: Path, curriculum_id: str, now: datetime) -> str:
    """Move a damaged progress file aside and restore the last good backup, if any."""
    with locked(path):
        data = read_bytes(path)
        if data is None:
            return f"{path} does not exist: nothing to recover."
        try:
            load(path, curriculum_id)
        except ProgressFileError:
            pass
        else:
            return f"{path} is valid: nothing to recover."
        aside = path.with_name(f"{path.name}.corrupt-{now:%Y%m%dT%H%M%S}")
        try:
            os.replace(path, aside)
        except OSError as error:
            raise StorageError(f"Cannot move {path} aside: {error.strerror or error}.") from None
        backup = path.with_name(path.name + ".bak")
        restored = read_bytes(backup)
        if restored is not None:
            try:
                parse_progress(restored, backup)
            except ProgressFileError:
                restored = None
        if restored is None:
            return f"Moved the damaged file to {aside}; starting with empty progress."
        write_atomic(path, restored)
        return f"Moved the damaged file to {aside} and restored the last good backup {backup}."

"""The lock every read-modify-write of a progress file holds: `<file>.lock`, exclusive.

A separate, stable lock file (never the data file: a rename swaps that under a lock held on it),
beside the file a symlink points to, opened without following a symlink. Waiting is bounded
(`$TPMPATH_LOCK_TIMEOUT`), then the command fails clearly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tpmpath.errors import InvalidInputError, LockTimeoutError, StorageError
from tpmpath.store.atomic import _hint, _reason, ensure_private_dir, real_file

DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_POLL_SECONDS = 0.01
"""How often a waiting command retries the lock: short, so concurrent commands stay quick."""


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


def locking_disabled() -> bool:
    """True only in the test that proves the lock matters (`TPMPATH_UNSAFE_NO_LOCK=1`)."""
    return os.environ.get("TPMPATH_UNSAFE_NO_LOCK") == "1"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[bool]:
    """Hold the exclusive `<file>.lock` for a read-modify-write; yields False if locking is off.

    The lock is beside the file a symlink points to: two profiles linked to one file share it.
    """
    if locking_disabled():
        yield False
        return
    path = real_file(path)
    ensure_private_dir(path.parent)
    timeout = lock_timeout()
    lock_path = f"{path}.lock"
    try:
        release = _acquire(lock_path, timeout)
    except TimeoutError:
        raise LockTimeoutError(
            f"Another tpmpath command is updating {path}; gave up waiting after {timeout:g} s.",
            hint="Retry when it has finished, or wait longer with TPMPATH_LOCK_TIMEOUT=SECONDS.",
        ) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StorageError(
                f"Cannot lock {path}: {lock_path} is a symbolic link, which tpmpath never follows.",
                hint=f"Remove {lock_path} (tpmpath makes a new one), then run the command again.",
            ) from None
        raise StorageError(
            f"Cannot lock {path}: {_reason(error)}.", hint=_hint(error, path)
        ) from None
    try:
        yield True
    finally:
        release()


def _acquire(lock_path: str, timeout: float) -> Callable[[], None]:
    """Take the lock, polling up to `timeout` s; returns the function that releases it.

    On POSIX this is flock(2) on a descriptor we own: the kernel drops it when the process dies
    (no stale locks), and unlike fcntl(2) record locks no other close() can release it. Calling
    it directly spares every write command the import of filelock (about 10 ms), which is kept
    for Windows.
    """
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        from filelock import FileLock, Timeout

        lock = FileLock(lock_path, timeout=timeout, mode=0o600, poll_interval=LOCK_POLL_SECONDS)
        try:
            lock.acquire()
        except Timeout:
            raise TimeoutError(lock_path) from None
        return lambda: lock.release()
    import fcntl

    # Never through a symlink: a planted `.lock` link must not chmod or create another file.
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with contextlib.suppress(OSError):  # private even if an older tpmpath created it 0644
            os.fchmod(fd, 0o600)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TimeoutError(lock_path) from None
                time.sleep(LOCK_POLL_SECONDS)
    except BaseException:
        os.close(fd)
        raise

    def release() -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    return release

"""The write primitives of the store: private directories, atomic replace, backups, caches and
the files a user names with `-o`.

The recipe (docs/data-safety.md): under the lock (store.locks), new content written to a temporary
file in the same directory, fsynced, then renamed over the old one; the previous version kept as
`<file>.bak`. Whatever fails, the original is left byte-identical and no temporary file stays
behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from tpmpath.errors import InvalidInputError, OutputExistsError, StorageError

STALE_OUTPUT_SECONDS = 3600.0
"""A `-o` temporary untouched this long was left by a killed command (a writer keeps it fresh)."""

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def ensure_private_dir(path: Path) -> None:
    """Create a directory and any missing parents readable by the owner only, whatever the umask."""
    missing: list[Path] = []
    probe = path
    try:
        while not probe.is_dir() and probe != probe.parent:  # is_dir raises ENAMETOOLONG
            missing.append(probe)
            probe = probe.parent
        for directory in reversed(missing):
            try:
                os.mkdir(directory, 0o700)
            except FileExistsError:
                if not directory.is_dir():  # a file in the way: never chmod it
                    raise
            _make_private(directory, 0o700)  # another process may have made it meanwhile
        # The profile directory is tpmpath's own: tighten it even if something loosened it.
        _make_private(path, 0o700)
    except OSError as error:
        raise StorageError(
            f"Cannot create {path}: {_reason(error)}.", hint=_hint(error, path)
        ) from None


def _make_private(path: Path, mode: int) -> None:
    """chmod only when needed: mkdir's mode is filtered by the umask."""
    if path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _hint(error: OSError, path: Path) -> str:
    """What to do about a failed write, by errno."""
    if error.errno in _FULL:
        return "Free some disk space, then retry."
    if error.errno in (errno.EEXIST, errno.ENOTDIR):
        return "A file is where tpmpath needs a folder: move it away, then retry."
    if error.errno in _DENIED:
        return f"Check that you can write to {path.parent} (permissions, read-only disk); retry."
    return "The disk reported an error: check it (and its free space), then retry."


def _write_error(path: Path, error: OSError, *, verb: str = "save") -> StorageError:
    return StorageError(
        f"Could not {verb} {path}: {_reason(error)}. Nothing was changed.",
        hint=_hint(error, path),
    )


def remove_quietly(path: str | Path) -> None:
    """Delete a file if it is there; failing to is not worth an error."""
    with contextlib.suppress(OSError):
        os.unlink(path)


Content = bytes | Sequence[bytes | memoryview]
"""What to write: bytes, or pieces written one after the other."""


def size_of(data: Content) -> int:
    """How many bytes `data` is, in one piece or several."""
    return len(data) if isinstance(data, bytes) else sum(len(part) for part in data)


Stream = Iterator[bytes]
"""Pieces made as they are written (a streamed import): an exception while making them is a
failed write, with nothing changed."""


def _write_all(fd: int, data: Content | Stream) -> None:
    """os.write until every byte is written (a regular file may take a short write)."""
    for part in [data] if isinstance(data, bytes) else data:
        view = memoryview(part)
        while view:
            written = os.write(fd, view)
            if written <= 0:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            view = view[written:]


def write_temporary(directory: Path, name: str, data: Content | Stream) -> str:
    """A new 0600 file `.<name>.XXXX.tmp` in `directory` holding `data`, fsynced; its path."""
    import tempfile

    # mkstemp creates the file 0600 whatever the umask: progress and notes are personal.
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)  # close can report a deferred write error (NFS): it counts as failure
    except BaseException:
        remove_quietly(tmp)
        raise
    return tmp


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable; best effort (some filesystems refuse directory fsync)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def real_file(path: Path) -> Path:
    """The file a symlink points to: a save replaces that file and keeps the user's link."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:  # a name too long, say: whoever uses the path reports it
        return path


def write_atomic(path: Path, data: Content | Stream, *, backup: bool = False) -> None:
    """Replace `path` with `data` all at once: readers and crashes see the old or the new file."""
    ensure_private_dir(path.parent)
    path = real_file(path)
    try:
        tmp = write_temporary(path.parent, path.name, data)
    except OSError as error:
        raise _write_error(path, error) from None
    from tpmpath.store.backups import publish_backup, stage_backup

    staged = stage_backup(path) if backup else None
    try:
        os.replace(tmp, path)
    except BaseException as error:
        remove_quietly(tmp)
        if staged is not None:
            remove_quietly(staged)
        if isinstance(error, OSError):
            raise _write_error(path, error) from None
        raise
    if staged is not None:
        publish_backup(staged, path)
    _fsync_dir(path.parent)


def write_cache(target: Path, blob: bytes) -> None:
    """Replace a cache file at once; a cache that cannot be written is simply not used.

    No fsync: a torn entry fails validation when read and is ignored, which costs only the work
    the cache would have saved.
    """
    import tempfile  # costs ~15 ms (shutil, random): only pay it when writing

    temporary = None
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as file:
            file.write(blob)
        os.replace(temporary, target)
    except OSError:
        if temporary is not None:
            remove_quietly(temporary)


def remove_stray_temporaries(path: Path) -> int:
    """Delete temporaries a killed writer left for `path` (only safe under `locked(path)`, which
    every writer of that file takes, through whichever link); how many."""
    removed = 0
    where = real_file(path)  # writers name their temporaries after the file they replace
    with contextlib.suppress(OSError):
        for stray in where.parent.glob(f".{where.name}.*.tmp"):
            remove_quietly(stray)
            removed += 1
    return removed


def _check_output_target(
    path: Path,
    target: Path,
    force: bool,
    protected: Sequence[Path],
    private_dirs: Sequence[Path],
) -> None:
    """Refuse tpmpath's folders and files, a directory, or an existing file without --force."""
    # Where a rename would land (a symlink named as FILE is itself replaced), and where the
    # name leads (a symlink elsewhere pointing into the data folder).
    places = {_resolve(target.parent) / target.name, _resolve(target)}
    for kept in protected:
        if _resolve(kept) in places:
            raise OutputExistsError(
                f"Refusing to write over tpmpath's own file {kept}.",
                hint="Choose another file name.",
            )
    for folder in private_dirs:
        inside = _resolve(folder)
        if any(place.is_relative_to(inside) for place in places):
            raise OutputExistsError(
                f"Refusing to write {path}: it is inside {folder}, which tpmpath keeps for "
                "itself (progress, backups, caches).",
                hint="Write it to another folder.",
            )
    if target.is_dir():
        raise OutputExistsError(f"{path} is a directory; give a file name.")
    if target.exists() and not force and _is_regular(target):
        raise OutputExistsError(f"{path} already exists.", hint="Use --force to overwrite it.")
    if not target.parent.is_dir():
        raise StorageError(f"Cannot write {path}: the folder {target.parent} does not exist.")


def _resolve(path: Path) -> Path:
    """The real path; a loop of symlinks is the OSError it is (Python 3.11 raises RuntimeError)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def _is_regular(target: Path) -> bool:
    """A plain file (a rename may replace it), not a device, FIFO or socket."""
    return stat.S_ISREG(target.stat().st_mode)


def _write_in_place(path: Path, target: Path, data: Content) -> None:
    """Write into a device or FIFO (`-o /dev/stdout`): renaming over it would replace the device."""
    try:
        with open(target, "wb") as handle:
            handle.writelines([data] if isinstance(data, bytes) else data)
    except OSError as error:
        raise _write_error(path, error, verb="write") from None


def write_output(
    path: Path,
    text: str | Content,
    *,
    force: bool,
    protected: Sequence[Path],
    private_dirs: Sequence[Path],
) -> None:
    """Write a report or export atomically and privately (0600); no overwrite without --force.

    Never over a `protected` file (the progress file, the curriculum in use, an input), nor
    anywhere inside `private_dirs` (the data and cache folders), even with --force. Text is
    written as UTF-8; bytes as they are.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        target = path.expanduser().absolute()
    except RuntimeError:  # `~user/...` for a user that does not exist
        raise InvalidInputError(f"Cannot write {path}: no such user's home folder.") from None
    try:
        _check_output_target(path, target, force, protected, private_dirs)
    except OSError as error:  # a name too long, a loop of symlinks...
        raise _write_error(path, error, verb="write") from None
    if target.exists() and not _is_regular(target):
        _write_in_place(path, target, data)
        return
    remove_stale_outputs(target)
    try:
        tmp = write_temporary(target.parent, target.name, data)
    except OSError as error:
        raise _write_error(path, error, verb="write") from None
    try:
        os.replace(tmp, target)
    except BaseException as error:
        remove_quietly(tmp)
        if isinstance(error, OSError):
            raise _write_error(path, error, verb="write") from None
        raise
    _fsync_dir(target.parent)


def remove_stale_outputs(target: Path) -> int:
    """Delete the temporaries a killed `-o` left beside `target` (they hold a whole report or
    export); how many.

    Only tpmpath's own names for this target (`.<name>.XXXXXXXX.tmp`, as mkstemp makes them),
    only regular files of this user, and only ones untouched for an hour: a command writing the
    same file at this moment keeps its temporary.
    """
    own = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp")
    cutoff = time.time() - STALE_OUTPUT_SECONDS
    uid = os.getuid() if hasattr(os, "getuid") else None
    removed = 0
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if not own.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if (
                stat.S_ISREG(info.st_mode)
                and (uid is None or info.st_uid == uid)
                and info.st_mtime < cutoff
            ):
                remove_quietly(entry.path)
                removed += 1
    return removed


__all__ = [
    "ensure_private_dir",
    "real_file",
    "remove_quietly",
    "remove_stale_outputs",
    "remove_stray_temporaries",
    "write_atomic",
    "write_output",
    "write_temporary",
]


_PIPE_SIZE = 1 << 20


def widen_pipe(stream: TextIO) -> None:
    """Let a pipe hold 1 MiB instead of 64 KiB (Linux): a 20 MB report then goes through in a
    few hundred writes, not thousands of switches to the reader and back (measured: 52 ms -> 34
    ms for 23 MB). Best effort: anything else (a file, a terminal, another OS) stays as it is."""
    try:
        import fcntl  # POSIX only

        fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, OSError, ValueError, AttributeError):
        pass

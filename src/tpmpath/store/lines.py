"""A progress file or export read one event at a time, by the lines store.layout writes.

`layout.serialize` writes the head on the first line and one event per line, so the events can
be validated line by line (each as `Event`, with the rules a full read applies) without holding
the file's models, or even its bytes. A file in any other shape (pretty-printed, hand-edited,
an older schema) is read in full instead, as `files.parse_progress` reads it: so is the rest of a
file at the first line that does not validate, which also gives a damaged file the very error a
full read gives. A full read is bounded by the 512 MiB cap on a file.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import BinaryIO

from tpmpath.core.models import Event, Progress
from tpmpath.errors import ProgressFileError, StorageError
from tpmpath.store import files

_HEAD_END = b',"events":[\n'
_TAIL = b"]}\n"
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class Lines:
    """The head of a progress file (validated when opened) and its events (`events()`).

    `reopen` gives the content from the start again: bytes in memory can be read any number of
    times; a file on disk once (its handle is read as the events are).
    """

    def __init__(self, path: Path, reopen: Callable[[], BinaryIO]) -> None:
        self.path = path
        self._reopen = reopen
        self._full: Progress | None = None
        self.upgraded_from: int | None = None
        """The schema version the file was upgraded from (an older file is read in full)."""
        self._handle: BinaryIO | None = reopen()
        line = self._line(self._handle)
        self._head_size = len(line)
        head = _head(line)
        if head is None:
            self._handle.close()
            self._handle = None
            head = self._whole().model_copy(update={"events": []})
        self.head = head

    def events(self) -> Iterator[Event]:
        """Every event in file order, each validated as it is read."""
        if self._full is not None:
            yield from self._full.events
            return
        handle, self._handle = self._handle, None
        if handle is None:
            handle = self._reopen()
            self._line(handle)  # the head, read when the file was opened
        with handle:
            position = yield from self._events(handle)
            if position is None:
                return
        yield from self._whole().events[position:]

    def _events(self, handle: BinaryIO) -> Generator[Event, None, int | None]:
        """The events of lines laid out as `serialize` writes them; at the first line that is
        not, the generator returns how many it yielded (None: it read the whole file)."""
        validate = Event.model_validate_json
        count, last, size = 0, False, self._head_size
        while True:
            line = self._line(handle)
            size += len(line)
            if size > files.MAX_PROGRESS_BYTES:  # it grew past the cap while it was read
                raise ProgressFileError(
                    f"{self.path} is over tpmpath's 512 MiB limit.",
                    hint=files.recover_hint(self.path),
                )
            if line == _TAIL and (last or count == 0):
                return None if self._line(handle) == b"" else count
            if last:
                return count
            if line.endswith(b",\n"):
                body = line[:-2]
            elif line.endswith(b"\n"):
                body, last = line[:-1], True
            else:
                return count
            if b"\\u" in body and _SURROGATE_ESCAPE.search(body):
                return count  # a lone surrogate: a full read refuses it, and says so
            try:
                event = validate(body)
            except ValueError:
                return count
            yield event
            count += 1

    def _whole(self) -> Progress:
        """The file read in full: what a line could not tell, or the error a full read gives."""
        if self._full is None:
            with self._reopen() as handle:
                data = files.read_limited(handle, self.path)
            self._full, self.upgraded_from = files.parse_progress(data, self.path)
        return self._full

    def _line(self, handle: BinaryIO) -> bytes:
        """The next line of `handle`."""
        try:
            line = handle.readline(files.MAX_PROGRESS_BYTES + 1)
        except OSError as error:
            raise StorageError(f"Cannot read {self.path}: {error.strerror or error}.") from None
        return line


def _head(line: bytes) -> Progress | None:
    """The head line as the head of a progress file of this schema version, or None (the file
    is then read in full, which upgrades an older one or says what is wrong)."""
    if not line.endswith(_HEAD_END) or (b"\\u" in line and _SURROGATE_ESCAPE.search(line)):
        return None
    try:
        return Progress.model_validate_json(line[:-1] + b"]}")
    except ValueError:
        return None


def of_bytes(data: bytes, path: Path) -> Lines:
    """A file already read (a log under the lock): its events may be read several times."""
    return Lines(path, lambda: io.BytesIO(data))


def of_file(path: Path) -> Lines | None:
    """A file named on the command line (None: there is no such file): a regular file is read
    as the events are; a pipe or a device in full first (it cannot be read twice)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - Lines closes it once its events are read
    except FileNotFoundError:
        return None
    except OSError:  # a directory, no permission...: said as a full read says it
        data = files.read_bytes(path, allow_pipe=True)
        return None if data is None else of_bytes(data, path)
    with _closed_on_error(handle):
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size <= files.MAX_PROGRESS_BYTES:
            first = [handle]
            return Lines(path, lambda: first.pop() if first else open(path, "rb"))
    with handle:
        if stat.S_ISREG(info.st_mode):  # over the cap: refused as a full read refuses it
            data = files.read_bytes(path, allow_pipe=True)
        else:
            data = files.read_limited(handle, path)
    return None if data is None else of_bytes(data, path)


@contextlib.contextmanager
def _closed_on_error(handle: BinaryIO) -> Iterator[None]:
    try:
        yield
    except BaseException:
        handle.close()
        raise


def of_stream(handle: BinaryIO, path: Path) -> Lines:
    """Standard input (`import -`), read in full first: it cannot be read twice."""
    return of_bytes(files.read_limited(handle, path), path)


__all__ = ["Lines", "ProgressFileError", "of_bytes", "of_file", "of_stream"]

"""A progress file or export read one event at a time, by the lines tpmpath writes.

`layout.serialize` writes the head on the first line and one event per line; `export` writes it
indented (`serialize(indent=2)`): the head, then each event from a line `    {` to a line `    }`
(JSON text holds no raw newline, so those lines are the events' own). Either way each event is
validated as it is read (as `Event`, by the rules a full read applies), without holding the
file's models, or even its bytes. A file in any other shape (indented otherwise, hand-edited, an
older schema) is read in full instead, as `files.parse_progress` reads it; so is the rest of a
file at the first event that does not validate, which also gives a damaged file the very error a
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
_PRETTY_EVENTS = b'  "events": [\n'
_PRETTY_NO_EVENTS = b'  "events": []\n'
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_UNDOES = re.compile(rb'"undoes": ?"([^"\\]*)"')


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
        self._layout = ""
        self._head_size = 0
        head = self._read_head(self._handle)
        if head is None:
            self._handle.close()
            self._handle = None
            head = self._whole().model_copy(update={"events": []})
        self.head = head

    def _read_head(self, handle: BinaryIO) -> Progress | None:
        """The head, from the first line (`serialize`) or the lines before the events
        (`serialize(indent=2)`, what `export` writes); None: another layout."""
        first = self._line(handle)
        if first.endswith(_HEAD_END):
            self._layout, self._head_size = "lines", len(first)
            return _head(first[:-1] + b"]}")
        if first != b"{\n":
            return None
        parts, size = [first], len(first)
        while True:
            line = self._line(handle)
            size += len(line)
            if line in (_PRETTY_EVENTS, _PRETTY_NO_EVENTS):
                break
            if not line or size > files.MAX_PROGRESS_BYTES:
                return None
            parts.append(line)
        self._layout, self._head_size = ("pretty" if line == _PRETTY_EVENTS else "empty"), size
        return _head(b"".join(parts) + b'  "events": []\n}')

    def events(self) -> Iterator[Event]:
        """Every event in file order, each validated as it is read."""
        if self._full is not None:
            yield from self._full.events
            return
        handle, self._handle = self._handle, None
        if handle is None:
            handle = self._reopen()
            handle.read(self._head_size)  # the head, read when the file was opened
        with handle:
            framed = self._bodies(handle) if self._layout == "lines" else self._objects(handle)
            position = yield from self._validated(framed)
            if position is None:
                return
        yield from self._whole().events[position:]

    def _validated(
        self, bodies: Generator[bytes, None, bool]
    ) -> Generator[Event, None, int | None]:
        """Each event's JSON validated; at the first that is not (or at a line out of place),
        how many were yielded (None: every one, and the file ended as it should)."""
        validate = Event.model_validate_json
        count = 0
        while True:
            try:
                body = next(bodies)
            except StopIteration as end:
                return None if end.value else count
            if b"\\u" in body and _SURROGATE_ESCAPE.search(body):
                return count  # a lone surrogate: a full read refuses it, and says so
            try:
                event = validate(body)
            except ValueError:
                return count
            yield event
            count += 1

    def _bodies(self, handle: BinaryIO) -> Generator[bytes, None, bool]:
        """Each event's line (`serialize`); whether the file ended as it should."""
        lines, last, first = self._lines(handle), False, True
        for line in lines:
            if line == _TAIL and (last or first):
                return next(lines, b"") == b""
            if last:
                return False
            first = False
            if line.endswith(b",\n"):
                yield line[:-2]
            elif line.endswith(b"\n"):
                last = True
                yield line[:-1]
            else:
                return False
        return False

    def _objects(self, handle: BinaryIO) -> Generator[bytes, None, bool]:
        """Each event's lines (`serialize(indent=2)`: `    {` to `    }` at the events' depth,
        JSON text holding no raw newline); whether the file ended as it should."""
        lines = self._lines(handle)
        if self._layout == "empty":
            return next(lines, b"") == b"}\n" and next(lines, b"") == b""
        for line in lines:
            if line != b"    {\n":
                return False
            parts = [b"{"]
            for inner in lines:
                if inner in (b"    },\n", b"    }\n"):
                    break
                parts.append(inner)
            else:
                return False
            yield b"".join(parts) + b"}"
            if inner == b"    }\n":
                return [next(lines, b""), next(lines, b""), next(lines, b"")] == [
                    b"  ]\n",
                    b"}\n",
                    b"",
                ]
        return False

    def _lines(self, handle: BinaryIO) -> Iterator[bytes]:
        """The lines after the head; a file that grows past the cap while it is read is
        refused."""
        size = self._head_size
        try:
            for line in handle:
                size += len(line)
                if size > files.MAX_PROGRESS_BYTES:
                    raise ProgressFileError(
                        f"{self.path} is over tpmpath's 512 MiB limit.",
                        hint=files.recover_hint(self.path),
                    )
                yield line
        except OSError as error:
            raise StorageError(f"Cannot read {self.path}: {error.strerror or error}.") from None

    def undone(self) -> frozenset[str] | None:
        """The batches the file's `undo` events revert, told without reading its events (its
        bytes scanned for the `undoes` key, which JSON text cannot hold unescaped); None when
        they cannot be told so. A reader checks it against the events it reads."""
        if self._full is not None:
            events = self._full.events
            return frozenset(
                e.undoes for e in events if e.action == "undo" and e.undoes is not None
            )
        found: set[bytes] = set()
        with self._reopen() as handle:
            rest = b""
            while block := handle.read(1 << 20):
                block = rest + block
                cut = block.rfind(b"\n") + 1  # a line is scanned once it is whole
                found.update(_UNDOES.findall(block, 0, cut))
                rest = block[cut:]
            found.update(_UNDOES.findall(rest))
        try:
            return frozenset(value.decode() for value in found)
        except UnicodeDecodeError:
            return None

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


def _head(document: bytes) -> Progress | None:
    """The head (a progress file without its events) of this schema version, or None (the file
    is then read in full, which upgrades an older one or says what is wrong)."""
    if b"\\u" in document and _SURROGATE_ESCAPE.search(document):
        return None
    try:
        return Progress.model_validate_json(document)
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

"""Load and validate a curriculum file, with `FILE:LINE:COLUMN` errors and a validated cache.

YAML is imported only when a file has to be parsed: with a warm cache, loading a curriculum is one
file read, a hash of its content and one Pydantic JSON validation.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from tpmpath import __version__
from tpmpath.core.models import Curriculum
from tpmpath.curriculum.checks import (
    MAX_BYTES,
    Problem,
    format_problems,
    reference_problems,
    shape_problems,
    too_large,
)
from tpmpath.errors import CurriculumError

__all__ = [
    "check_curriculum_file",
    "default_curriculum_path",
    "load_curriculum",
]

NOT_A_MAPPING = "the curriculum must be a mapping with keys id, title, version, steps"
_CACHE_FORMAT = "2"
"""Bump when the cache layout or the curriculum model changes (2: skills); part of every key."""


class Cache(Protocol):
    """Where validated curricula are kept between runs (the store's cache folder)."""

    def read(self, name: str) -> bytes | None:
        """The entry's bytes; None when it is missing or cannot be read."""

    def write(self, name: str, blob: bytes) -> None:
        """Replace the entry at once; a cache that cannot be written is simply not used."""


class _CacheEntry(BaseModel):
    """A cache file: the key it is valid for, then the validated curriculum."""

    model_config = ConfigDict(extra="forbid")

    key: str
    curriculum: Curriculum


def default_curriculum_path() -> Path:
    """The shipped curriculum: inside the installed package, else in the source checkout."""
    here = Path(__file__).resolve()
    candidates = (
        here.parents[1] / "data" / "curriculum.yaml",
        here.parents[3] / "data" / "curriculum.yaml",
    )
    return next((path for path in candidates if path.is_file()), candidates[0])


NOT_A_FILE = "not a regular file (a pipe or a device?); give a curriculum YAML file"
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes (one read, capped) and its status; only a regular file is read."""
    source = str(path)
    try:
        # Without O_NONBLOCK, opening a FIFO waits for a writer: forever, for `--curriculum FIFO`.
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK)
        try:
            status = os.fstat(descriptor)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if not stat.S_ISREG(status.st_mode):
                raise CurriculumError([f"{source}: {NOT_A_FILE}"])
            if status.st_size > MAX_BYTES:
                raise too_large(source, status.st_size)
            with os.fdopen(descriptor, "rb", closefd=False) as file:
                content = file.read(MAX_BYTES + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise CurriculumError([f"{source}: cannot read: {error.strerror or error}"]) from None
    if len(content) > MAX_BYTES:  # it grew while we read it
        raise too_large(source)
    return content, status


def _decode(content: bytes, source: str) -> str:
    """Strict UTF-8 (a BOM is allowed), or a problem at the first bad byte."""
    body = content.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start]
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8")) + 1
        line = before.count(b"\n") + 1
        message = f"the file is not valid UTF-8 (byte 0x{body[error.start]:02x}); save it as UTF-8"
        raise CurriculumError(format_problems(source, [Problem(line, col, message)])) from None


def _parse(content: bytes, source: str) -> Curriculum:
    """Parse and validate, reporting every problem at once."""
    from tpmpath.curriculum.yamlload import read_yaml  # imports yaml: only when a file is parsed

    document = read_yaml(_decode(content, source), source)
    data = document.data
    if not isinstance(data, dict):
        line, col = document.positions.get((), (1, 1))
        raise CurriculumError(format_problems(source, [Problem(line, col, NOT_A_MAPPING)]))
    problems = reference_problems(data, document.positions)
    try:
        curriculum = Curriculum.model_validate(data)
    except ValidationError as error:
        problems += shape_problems(error, data, document.positions, document.raw)
    if problems:
        raise CurriculumError(format_problems(source, problems))
    return curriculum


def _cache_key(resolved: Path, status: os.stat_result, content: bytes) -> str:
    """What a cache entry must match: this file, at this size, time and content, read by us."""
    parts = (
        _CACHE_FORMAT,
        __version__,  # a newer tpmpath may read the same YAML differently
        os.fsdecode(resolved),
        str(status.st_size),
        str(status.st_mtime_ns),
        hashlib.sha256(content).hexdigest(),
    )
    return hashlib.sha256("\0".join(parts).encode(errors="surrogateescape")).hexdigest()


def _cached(cache: Cache, name: str, key: str) -> Curriculum | None:
    """The cached curriculum if it is there, current and valid; else None."""
    blob = cache.read(name)
    if blob is None:
        return None
    # The key is written first, so a stale entry is dropped without parsing the rest.
    if not blob.startswith(b'{"key":"' + key.encode() + b'"'):
        return None
    try:
        entry = _CacheEntry.model_validate_json(blob, strict=True)  # our own JSON: no coercion
    except ValueError:  # damaged or hand-edited: parse the YAML again
        return None
    return entry.curriculum if entry.key == key else None


def load_curriculum(path: Path, *, cache: Cache | None = None) -> Curriculum:
    """Read a curriculum file, or raise CurriculumError listing every problem found."""
    content, status = _read(path)
    if cache is None:
        return _parse(content, str(path))
    resolved = path.resolve()
    name = f"{hashlib.sha256(os.fsencode(resolved)).hexdigest()}.json"
    key = _cache_key(resolved, status, content)
    curriculum = _cached(cache, name, key)
    if curriculum is None:
        curriculum = _parse(content, str(path))
        cache.write(name, _CacheEntry(key=key, curriculum=curriculum).model_dump_json().encode())
    return curriculum


def check_curriculum_file(path: Path) -> list[str]:
    """Every problem in a curriculum file as `FILE:LINE:COLUMN: message`; [] when it is valid."""
    try:
        _parse(_read(path)[0], str(path))
    except CurriculumError as error:
        return error.problems
    return []

"""The cache folder: entries by name, safe to lose, never trusted unless sealed.

Every entry ends with a seal, the SHA-256 of what it holds. An entry whose content does not match
its seal (edited by hand, torn, written by something else) is ignored, so a cache can never change
what tpmpath says or saves: at worst it costs the work it would have saved. What an entry is
derived from is part of its content (the curriculum cache's key, a checkpoint's key: the hash of
the progress file's bytes), so the seal binds it to that too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tpmpath.store.atomic import write_cache

_SEAL = len(hashlib.sha256().hexdigest()) + 1  # "\n" + 64 hex digits


def seal(blob: bytes) -> bytes:
    """`blob` with its seal."""
    return blob + b"\n" + hashlib.sha256(blob).hexdigest().encode()


def unseal(sealed: bytes) -> bytes | None:
    """What a sealed entry holds, or None if it does not match its seal."""
    blob, seal_ = sealed[:-_SEAL], sealed[-_SEAL:]
    if len(sealed) < _SEAL or seal_[:1] != b"\n":
        return None
    return blob if hashlib.sha256(blob).hexdigest().encode() == seal_[1:] else None


class DirCache:
    """Entries are sealed files in one folder, read whole and replaced at once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def read(self, name: str) -> bytes | None:
        try:
            return unseal((self.directory / name).read_bytes())
        except OSError:
            return None

    def write(self, name: str, blob: bytes) -> None:
        write_cache(self.directory / name, seal(blob))

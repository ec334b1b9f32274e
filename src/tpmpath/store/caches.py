"""The cache folder as the curriculum loader sees it: entries by name, safe to lose."""

from __future__ import annotations

from pathlib import Path

from tpmpath.store.atomic import write_cache


class DirCache:
    """Entries are files in one folder, read whole and replaced at once (see `write_cache`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def read(self, name: str) -> bytes | None:
        try:
            return (self.directory / name).read_bytes()
        except OSError:
            return None

    def write(self, name: str, blob: bytes) -> None:
        write_cache(self.directory / name, blob)

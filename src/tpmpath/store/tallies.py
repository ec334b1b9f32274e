"""`team`'s cache: what each mentee's progress file tallies to (core.team.Tally), by the SHA-256
of its exact bytes, so that a roll-up of the same folder again reads and hashes every file but
validates and replays only those that changed.

One sealed entry per set of paths rolled up (store.caches), holding the files seen by the last
roll-up only, so it never grows past the folder. Its key binds it to what a tally reads of the
curriculum (ids, targets, old ids) and to this tpmpath; any other entry is ignored. A file whose
bytes are not in it (new, changed, damaged) is read in full, as without a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tpmpath import __version__
from tpmpath.core.models import STATUSES, Curriculum
from tpmpath.core.team import Tally
from tpmpath.store.caches import DirCache

FORMAT = 2


@dataclass(repr=False, eq=False)
class Known:
    """What the cache keeps of one file: whose progress, on which curriculum, and its tally."""

    curriculum_id: str
    profile: str | None
    learner_id: str | None
    tally: Tally
    entry: Any = None
    """How the cache held it, if it came from there (kept as it is)."""


class Tallies:
    """The entry for one roll-up: read when made, written by `save` with what this one saw."""

    def __init__(self, cache_dir: Path | None, paths: Sequence[Path], curriculum: Curriculum):
        self._cache = DirCache(cache_dir / "team") if cache_dir is not None else None
        parts = [f"{FORMAT}", __version__, curriculum.id]
        parts += [f"{t.id}\t{t.target}\t{' '.join(t.renamed_from)}" for t in curriculum.topics]
        self._key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        where = "\n".join(os.fsdecode(p.absolute()) for p in paths)
        self._name = hashlib.sha256(where.encode(errors="surrogateescape")).hexdigest()
        self._old: dict[str, Any] = self._read()
        self._new: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        blob = self._cache.read(self._name) if self._cache is not None else None
        try:
            document = json.loads(blob) if blob is not None else None
        except ValueError:
            return {}
        if not isinstance(document, dict) or document.get("key") != self._key:
            return {}
        files = document.get("files")
        return files if isinstance(files, dict) else {}

    def get(self, data: bytes) -> tuple[str, Known | None]:
        """The file's digest, and what it tallied to when last seen (None: not seen). Any
        process may ask (store.forked): what a roll-up keeps is what `keep` is given."""
        if self._cache is None:
            return "", None
        digest = hashlib.sha256(data).hexdigest()
        entry = self._old.get(digest)
        return digest, _known(entry) if entry is not None else None

    def keep(self, digest: str, known: Known) -> None:
        """Keep what the file of this digest tallies to, for the next roll-up."""
        if self._cache is None or not digest:
            return
        if known.entry is not None:
            self._new[digest] = known.entry
            return
        # One string per file (`id:status:count ...`; ids hold no space or colon): a cache of
        # 10,000 files then costs a few MB of memory, not a dict and lists per topic.
        marks = " ".join(f"{t}:{_INDEX[s]}:{n}" for t, (s, n) in known.tally.marks.items())
        last = known.tally.last.isoformat() if known.tally.last else None
        entry = [known.curriculum_id, known.profile, known.learner_id, marks, last]
        self._new[digest] = entry

    def save(self) -> None:
        """Keep what this roll-up saw (if it saw anything new or less)."""
        if self._cache is None or self._new.keys() == self._old.keys():
            return
        document = {"key": self._key, "files": self._new}
        self._cache.write(self._name, json.dumps(document, separators=(",", ":")).encode())


_INDEX = {status: index for index, status in enumerate(STATUSES)}


def _known(entry: Any) -> Known | None:
    """An entry as `put` wrote it, or None if it is anything else."""
    try:
        curriculum_id, profile, learner_id, marks, last = entry
        split = (mark.split(":") for mark in marks.split(" ") if mark)
        tally = Tally(
            {topic: (STATUSES[int(s)], int(n)) for topic, s, n in split},
            datetime.fromisoformat(last) if last is not None else None,
        )
        return Known(curriculum_id, profile, learner_id, tally, entry)
    except (TypeError, ValueError, IndexError, AttributeError):
        return None

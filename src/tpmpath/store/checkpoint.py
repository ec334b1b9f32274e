"""A checkpoint of derived progress, so a command that reads an unchanged file skips the replay.

The progress file is the one source of truth; this is a cache of what tpmpath derived from it,
kept in the cache directory. After a command has validated a progress file and replayed its
events (`progress.derive`), or appended events to it (`layout.append`), it stores the result,
keyed by the SHA-256 of the file's exact bytes and by everything the replay depends on: the
curriculum's topic ids, renames and practice targets, and tpmpath's version. A later command that
reads the same bytes validates this one document (the state of each topic) instead of every event
and replays nothing. A file changed in any way (an edit, an import, a copy from another machine)
has another hash and is read in full; a checkpoint that is missing, damaged or does not validate
is ignored. Small files skip all this (`session.CHECKPOINT_MIN_BYTES`): replaying them is as quick.

`canonical` says the file is exactly what `layout.serialize` writes, so a change may append its
events to those bytes (`layout.append`) instead of encoding every event again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tpmpath import __version__
from tpmpath.core.gaps import GapState
from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.progress import Derived, Rating, TopicState
from tpmpath.store.atomic import Content, write_cache
from tpmpath.store.caches import seal, unseal

FORMAT = 6
"""Bump when the checkpoint's layout or the meaning of `Derived` changes (6: `Derived.gaps` and
`Derived.ratings`, the skill ratings)."""


class Checkpoint(BaseModel):
    """What `derive` made of one exact progress file, and its head (everything but the events)."""

    # No string cache: it costs more than it saves on 10,000 states (measured: 60 ms vs 72).
    model_config = ConfigDict(extra="forbid", cache_strings="none")

    key: str
    format: Literal[6] = 6
    canonical: bool
    head: Progress
    states: dict[str, TopicState]
    orphans: dict[str, TopicState]
    undone: set[str]
    learning: list[int]
    events: int
    reverted: list[int]
    gaps: dict[str, GapState] = {}
    ratings: dict[str, list[Rating]] = {}

    def derived(self) -> Derived:
        return Derived(
            self.states,
            self.orphans,
            self.undone,
            self.learning,
            self.events,
            self.reverted,
            self.gaps,
            self.ratings,
        )


def key(data: Content, curriculum: Curriculum) -> str:
    """What a checkpoint must match: these bytes, replayed on this curriculum by this tpmpath."""
    return _key(_sha256(data), curriculum)


def _sha256(data: Content) -> str:
    content = hashlib.sha256()
    for part in [data] if isinstance(data, bytes) else data:
        content.update(part)
    return content.hexdigest()


def _key(digest: str, curriculum: Curriculum) -> str:
    parts = [f"{FORMAT}", __version__, digest, curriculum.id]
    # A topic's id, practice target and old ids are all that `derive` reads of the curriculum.
    parts += [f"{t.id}\t{t.target}\t{' '.join(t.renamed_from)}" for t in curriculum.topics]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def location(cache_dir: Path, progress_file: Path) -> Path:
    """One checkpoint per progress file: a new one replaces the last."""
    name = hashlib.sha256(os.fsencode(progress_file.absolute())).hexdigest()
    return cache_dir / "progress" / f"{name}.json"


def load(
    cache_dir: Path, progress_file: Path, data: bytes, curriculum: Curriculum
) -> Checkpoint | None:
    """The checkpoint of exactly these bytes on this curriculum, or None."""
    import threading

    # Hashing 17 MB takes 10 ms and releases the GIL: it runs while the checkpoint is read and
    # validated, and the key is compared after (a stale checkpoint costs one wasted validation).
    try:
        sealed = location(cache_dir, progress_file).read_bytes()
    except OSError:
        return None
    # The checkpoint's seal is checked in the same thread: a hand-edited one is never used.
    digest: list[str] = []
    blob: list[bytes | None] = []

    def check() -> None:
        digest.append(_sha256(data))
        blob.append(unseal(sealed))

    hashing = threading.Thread(target=check)
    hashing.start()
    try:
        # Strict: the checkpoint is tpmpath's own JSON, so nothing needs coercing (10% quicker).
        found = Checkpoint.model_validate_json(sealed[: sealed.rfind(b"\n")], strict=True)
    except ValueError:  # damaged, truncated, hand-edited: replay instead
        return None
    finally:
        hashing.join()
    if blob[0] is None:
        return None
    expected = _key(digest[0], curriculum)
    topics = curriculum.topic_by_id
    if (
        found.key != expected
        or found.head.events
        or len(found.states) != len(topics)
        or not all(topic_id in topics for topic_id in found.states)
    ):
        return None
    return found


def save(
    cache_dir: Path,
    progress_file: Path,
    data: Content,
    curriculum: Curriculum,
    progress: Progress,
    derived: Derived,
    *,
    canonical: bool,
    digest: str | None = None,
) -> None:
    """Store the checkpoint of `data` (which holds `progress`); a cache that cannot be written is
    simply not used. `digest`: the SHA-256 of `data`, when it was hashed as it was written."""
    checkpoint = Checkpoint(
        key=key(data, curriculum) if digest is None else _key(digest, curriculum),
        canonical=canonical,
        head=progress.model_copy(update={"events": []}),
        states=derived.states,
        orphans=derived.orphans,
        undone=derived.undone,
        learning=derived.learning,
        events=derived.events,
        reverted=derived.reverted,
        gaps=derived.gaps,
        ratings=derived.ratings,
    )
    blob = checkpoint.model_dump_json(exclude_defaults=True).encode()
    write_cache(location(cache_dir, progress_file), seal(blob))

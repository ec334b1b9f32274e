"""Pure: a TOPIC argument to a topic id (an id, an old id, or an unambiguous prefix)."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Sequence

from tpmpath.core.models import Curriculum
from tpmpath.errors import UnknownTopicError


def resolve_topic(curriculum: Curriculum, text: str, extra: Iterable[str] = ()) -> str:
    """Map a TOPIC argument (an id, an old id, or an unambiguous prefix) to a topic id."""
    ids = curriculum.topic_by_id
    if text in ids:
        return text
    if text in curriculum.aliases:
        return curriculum.aliases[text]
    extra_ids = [e for e in extra if e not in ids]
    if text in extra_ids:
        return text
    candidates = _prefixed(curriculum, text) + [i for i in extra_ids if i.startswith(text)]
    candidates = candidates if text else []
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        shown = ", ".join(candidates[:8]) + (", ..." if len(candidates) > 8 else "")
        raise UnknownTopicError(
            f"'{text}' matches {len(candidates)} topics: {shown}.",
            hint="Type more of the id to pick one.",
        )
    close = difflib.get_close_matches(text, list(ids), n=3, cutoff=0.5)
    hint = (
        f"Did you mean: {', '.join(close)}?"
        if close
        else "Run `tpmpath list` to see the topic ids."
    )
    raise UnknownTopicError(f"No topic '{text}' in curriculum '{curriculum.id}'.", hint=hint)


def _prefixed(curriculum: Curriculum, text: str) -> list[str]:
    """The topic ids that start with `text`, in curriculum order (a binary search, not a scan)."""
    ids = curriculum.sorted_ids
    found = []
    for index in range(bisect.bisect_left(ids, text), len(ids)):
        if not ids[index].startswith(text):
            break
        found.append(ids[index])
    return sorted(found, key=curriculum.order.__getitem__)


def resolve_topics(
    curriculum: Curriculum, texts: Sequence[str], extra: Iterable[str] = ()
) -> list[str]:
    """Resolve several TOPIC arguments, keeping order and dropping repeats."""
    extra = list(extra)
    seen: dict[str, None] = {}
    for text in texts:
        seen[resolve_topic(curriculum, text, extra)] = None
    return list(seen)

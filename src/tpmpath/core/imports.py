"""Pure: an import told one event at a time (store.streamed streams the files through it).

What is new is an incoming event whose id no log has (the first of duplicates); the order is
core.changes.interleave's, the settings taken core.changes.compare_settings', the import's own
event core.changes.import_marker. This keeps only counts, so that an import of 150,000 events
holds none of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tpmpath.core.models import Event


@dataclass
class ImportCount:
    """What importing an export adds (or, in a dry run, would add), and what it found different:
    what `import` reports, counted as the events go by."""

    filled: dict[str, object] = field(default_factory=dict)
    """Settings unset here that the export sets: they are taken."""
    differing: dict[str, tuple[object, object]] = field(default_factory=dict)
    """Settings set on both sides to different values: (ours, theirs); ours are kept."""
    count: int = 0
    """How many incoming events this profile did not have."""
    topics: Counter[str] = field(default_factory=Counter)
    batches: dict[str, None] = field(default_factory=dict)
    """The batches of the events added, in order (the import event names them, for undo)."""
    undone: set[str] = field(default_factory=set)
    """The batches the added `undo` events revert (a replay must know them from its start)."""

    @property
    def changed(self) -> bool:
        return bool(self.count or self.filled)

    def per_topic(self) -> Counter[str]:
        """How many new events each topic gets: by topic id, `skill:ID` for ratings, `(gaps)`
        for gaps on no topic, "" for the rest (neither can be a topic id)."""
        return Counter(self.topics)


def new_events(
    incoming: Iterable[Event], known: set[str], tally: ImportCount, *, keep_imports: bool = False
) -> Iterator[Event]:
    """The incoming events no log has (by id; the first of duplicates), counted in `tally`;
    `known` gains their ids. Another device's `import` events are left out unless
    `keep_imports` (a sync engine's copy of a log, which `doctor --fix` folds in whole): only
    the device that made an import can undo it."""
    for event in incoming:
        if (event.action == "import" and not keep_imports) or event.id in known:
            continue
        known.add(event.id)
        tally.count += 1
        tally.topics[subject(event)] += 1
        tally.batches[event.batch] = None
        if event.action == "undo" and event.undoes is not None:
            tally.undone.add(event.undoes)
        yield event


def subject(event: Event) -> str:
    """What an event is about, for `import --dry-run`'s count per topic."""
    if event.topic:
        return event.topic
    if event.skill:
        return f"skill:{event.skill}"
    return "(gaps)" if event.gap or event.action == "gap" else ""

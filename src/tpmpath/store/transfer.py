"""Progress moving between files: `export` (every device's log as one file) and `import` (an
export, or a sync engine's copy that `doctor --fix` folds in, into this device's own log)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tpmpath.core.changes import Merge, check_learner, merge_events, merge_import
from tpmpath.core.models import Progress
from tpmpath.store import backups, devices, files, merged

if TYPE_CHECKING:
    from tpmpath.store.progress_store import ProgressStore


def export(store: ProgressStore) -> Progress:
    """Every event of every device's log, validated, and the profile's settings: one file that
    names no device (it is no device's log)."""
    path = store.path
    progress = files.parse_loaded(files.read_bytes(path), path, store.curriculum.id).progress
    others, store.warnings = merged.read_others(store.base, path, store.curriculum.id)
    if others:
        events = merged.merge(path, progress.events, others)
        progress = progress.model_copy(update={"events": events})
    return store._with_settings(progress.model_copy(update={"device": None}))


def import_(
    store: ProgressStore,
    incoming: Progress,
    source: str,
    now: datetime,
    *,
    dry_run: bool,
    force: bool,
    keep_imports: bool,
) -> Merge:
    """Merge an export into this device's log (by event id, skipping what any log has), as one
    batch that `undo` reverts. Another learner's export into a profile with progress is refused
    unless `force`; an empty profile takes the learner id of the export (the second laptop).
    `keep_imports`: keep the import events it holds too (a copy of a log, not an export)."""
    if dry_run:
        state = store.read()
        check_learner(state, incoming, source, store.profile, force=force)
        return merge_import(
            state.events, state.settings, incoming.events, incoming.settings, now, source
        )
    backups.refuse_if_lost(store.path)
    with store._transaction() as tx:
        read = store._read(tx.data)
        state = read.state
        check_learner(state, incoming, source, store.profile, force=force)
        merge = merge_import(
            state.events,
            state.settings,
            incoming.events,
            incoming.settings,
            now,
            source,
            keep_imports=keep_imports,
        )
        if merge.changed:
            store._fill_settings(state.settings, merge.filled, now)
            head = read.head.model_copy()
            if head.created_at is None:
                head.created_at = incoming.created_at
            if not state.events and incoming.learner_id:
                head.learner_id = incoming.learner_id
            devices.stamp(merge.events[-1:])  # the import's own event
            events = merge.events
            if read.own is not None:  # into this device's log: the others have the rest
                events = [*merge_events(read.own, merge.added), merge.events[-1]]
            progress = head.model_copy(update={"events": events})
            store._rewrite(tx, read, progress, added=None)
    return merge

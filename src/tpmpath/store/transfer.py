"""Progress moving between files: `export` (every device's log as one file). `import` (an
export, or a sync engine's copy that `doctor --fix` folds in, into this device's own log) is
streamed: store.streamed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tpmpath.core.models import Progress
from tpmpath.store import files, merged

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

"""Everything that touches the data and cache dirs and writes files: `ProgressStore` (the one API
to a learner's progress: read, change, undo, import, settings, export, recover), atomic files and
locks, the file layout, checkpoints (private to this package), exports and profiles. Imports only
core."""

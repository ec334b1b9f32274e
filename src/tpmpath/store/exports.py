"""Reading other people's progress: exports and progress files given on the command line."""

from __future__ import annotations

from pathlib import Path

from tpmpath.core.models import Curriculum, Progress
from tpmpath.errors import InvalidInputError, ProgressFileError
from tpmpath.store import files as store

_EXPORT_HINT = "Ask its owner for a fresh `tpmpath export`, or leave the file out."
_FOLDER_HINT = "Name the exports in it instead: `tpmpath team {path}/*.json`."


def read_export(path: Path, curriculum: Curriculum) -> Progress:
    """Read a progress file or export; refuse a damaged one or one for another curriculum."""
    try:
        data = store.read_bytes(path, allow_pipe=True)
        if data is None:
            raise InvalidInputError(f"{path}: no such file.")
        progress, _ = store.parse_progress(data, path)
    except ProgressFileError as error:
        if type(error) is not ProgressFileError:
            raise  # e.g. written by a newer tpmpath: its own hint says what to do
        # The store's hint (`tpmpath recover`) is about one's own file, not a mentee's export.
        hint = _FOLDER_HINT.format(path=path) if path.is_dir() else _EXPORT_HINT
        raise ProgressFileError(error.message, hint=hint) from None
    if progress.curriculum_id != curriculum.id:
        raise InvalidInputError(
            f"{path} holds progress for curriculum '{progress.curriculum_id}', "
            f"not the active curriculum '{curriculum.id}'.",
            hint="Roll up one curriculum at a time; pick theirs with "
            "`tpmpath --curriculum FILE team ...`.",
        )
    return progress


def member_name(path: Path, progress: Progress) -> str:
    """The file's stem; for a progress file itself (`<profile>/<curriculum>.json`), the profile."""
    profile = path.absolute().parent.name
    return profile if path.stem == progress.curriculum_id and profile else path.stem

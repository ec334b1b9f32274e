"""Reading progress from elsewhere: an export to import, or mentees' files for `team`."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

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


def read_import(file: Path, curriculum_id: str, stdin: BinaryIO) -> Progress:
    """An export to import (`-`: read from `stdin`), validated like a progress file: old schemas
    upgraded, newer ones refused; one for another curriculum is refused."""
    try:
        data = (
            store.read_limited(stdin, file)
            if str(file) == "-"
            else store.read_bytes(file, allow_pipe=True)
        )
        if data is None:
            raise InvalidInputError(f"{file} does not exist: nothing was imported.")
        incoming, _ = store.parse_progress(data, file)
    except store.TooNewError:
        raise
    except ProgressFileError as error:
        raise InvalidInputError(
            f"Nothing was imported: {error.message}",
            hint="Import a file written by `tpmpath export`; your progress was left unchanged.",
        ) from None
    if incoming.curriculum_id != curriculum_id:
        raise InvalidInputError(
            f"{file} holds progress for curriculum '{incoming.curriculum_id}', but the "
            f"curriculum in use is '{curriculum_id}': nothing was imported.",
            hint="Import it with that curriculum: `tpmpath --curriculum CURRICULUM.yaml import`.",
        )
    return incoming

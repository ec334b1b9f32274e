"""Reading progress from elsewhere: an export to import, or mentees' files for `team`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pydantic import ValidationError

from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.records import ProgressRecord
from tpmpath.errors import InvalidInputError, ProgressFileError
from tpmpath.store import files as store

EXPORT_HINT = "Ask its owner for a fresh `tpmpath export`, or leave the file out."

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from tpmpath.store.lines import Lines
    from tpmpath.store.streamed import Incoming


def read_mentee(path: Path, *, allow_pipe: bool = True) -> ProgressRecord:
    """A mentee's progress file or export (for `team`), validated as records; a damaged one is
    refused with its reason, whatever its curriculum."""
    return parse_mentee(mentee_bytes(path, allow_pipe=allow_pipe), path)


def mentee_bytes(path: Path, *, allow_pipe: bool = True) -> bytes:
    """The bytes of a mentee's file (`read_mentee` reads them, then `parse_mentee`)."""
    with _theirs():
        data = store.read_bytes(path, allow_pipe=allow_pipe)
    if data is None:
        raise InvalidInputError(f"{path}: no such file.")
    return data


def parse_mentee(data: bytes, path: Path) -> ProgressRecord:
    """A mentee's file validated as records: quickly, else as the store reads its own files."""
    with _theirs():
        try:
            return _records().validate_json(data)
        except ValidationError:
            return _upgraded(data, path)


@contextlib.contextmanager
def _theirs() -> Iterator[None]:
    """The store's hint (`tpmpath recover`) is about one's own file, not a mentee's export."""
    try:
        yield
    except ProgressFileError as error:
        if type(error) is not ProgressFileError:
            raise  # e.g. written by a newer tpmpath: its own hint says what to do
        raise ProgressFileError(error.message, hint=EXPORT_HINT) from None


@cache
def _records() -> TypeAdapter[ProgressRecord]:
    from pydantic import TypeAdapter

    return TypeAdapter(ProgressRecord)


def _upgraded(data: bytes, path: Path) -> ProgressRecord:
    """What the quick reading refuses, read as the store reads any progress file: an older
    schema upgraded; a damaged or newer file refused with its reason."""
    progress, _ = store.parse_progress(data, path)
    head = progress.model_dump(exclude={"events"}, exclude_none=True)
    events = [e.model_dump(exclude_none=True) for e in progress.events]
    return _records().validate_python(head | {"events": events})


def foreign(path: Path, theirs: str, curriculum: Curriculum) -> InvalidInputError:
    """The error for a mentee's file named on the command line that is for another curriculum."""
    return InvalidInputError(
        f"{path} holds progress for curriculum '{theirs}', "
        f"not the active curriculum '{curriculum.id}'.",
        hint="Roll up one curriculum at a time; pick theirs with "
        "`tpmpath --curriculum FILE team ...`.",
    )


def member_name(path: Path, progress: Progress) -> str:
    """The profile the export names; else, for a progress file itself
    (`<profile>/<curriculum>.json`), its folder; else the file's stem."""
    return learner_name(path, progress.curriculum_id, progress.profile)


def learner_name(path: Path, curriculum_id: str, profile: str | None) -> str:
    """`member_name`, from what a file says of itself: its curriculum, and its profile, if any."""
    if profile:
        return profile
    folder = path.absolute().parent.name
    return folder if path.stem == curriculum_id and folder else path.stem


def read_import(file: Path, curriculum_id: str, stdin: BinaryIO) -> Incoming:
    """An export to import (`-`: read from `stdin`), validated like a progress file: old schemas
    upgraded, newer ones refused; one for another curriculum is refused. Its head is read now;
    its events as they are merged (store.lines), each validated: a damaged one refuses the
    import with the same error, before anything is changed."""
    from tpmpath.store import lines
    from tpmpath.store.streamed import Incoming

    with _not_imported():
        opened = lines.of_stream(stdin, file) if str(file) == "-" else lines.of_file(file)
        if opened is None:
            raise InvalidInputError(f"{file} does not exist: nothing was imported.")
    head = opened.head
    if head.curriculum_id != curriculum_id:
        raise InvalidInputError(
            f"{file} holds progress for curriculum '{head.curriculum_id}', but the "
            f"curriculum in use is '{curriculum_id}': nothing was imported.",
            hint="Import it with that curriculum: `tpmpath --curriculum CURRICULUM.yaml import`.",
        )
    return Incoming(head, _events(opened), opened.undone())


def _events(opened: Lines) -> Iterator[Event]:
    with _not_imported():
        yield from opened.events()


@contextlib.contextmanager
def _not_imported() -> Iterator[None]:
    """A damaged export is an error in the input: the progress is left unchanged."""
    try:
        yield
    except store.TooNewError:
        raise
    except ProgressFileError as error:
        raise InvalidInputError(
            f"Nothing was imported: {error.message}",
            hint="Import a file written by `tpmpath export`; your progress was left unchanged.",
        ) from None

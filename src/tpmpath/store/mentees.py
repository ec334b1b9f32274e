"""The learners `team` reads: the files named, and folders of learners walked, one learner read
at a time.

A folder may hold exports (one learner each), learners' data dirs (`<learner>/profiles/<profile>/
<curriculum>.json`), profile folders, or folders of any of these, at any depth. In one folder,
the progress files of one learner (the same learner id, or for files that name none, the logs
named after the curriculum: `C.json`, another device's `C@laptop.json`, a sync engine's
conflicted copy `C (conflicted copy).json`) are one learner, their events merged by event id.
Files for another curriculum are passed over in a folder (and refused when named).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from tpmpath.core.models import Curriculum
from tpmpath.core.records import EventRecord, ProgressRecord
from tpmpath.core.team import Learner, Tally, merge_logs, tally
from tpmpath.errors import InvalidInputError
from tpmpath.store import files as store
from tpmpath.store import forked, logs
from tpmpath.store.exports import (
    foreign,
    learner_name,
    mentee_bytes,
    parse_mentee,
    read_mentee,
)
from tpmpath.store.tallies import Known, Tallies


@dataclass
class Found:
    """The files of one learner in a folder walk, before they are read."""

    files: list[Path]
    source: Path
    """The file, or the folder of a learner's several logs."""


@dataclass
class _Task:
    """One learner to read: their files, and whether the file was named on the command line."""

    found: Found
    named: bool


class _Read(NamedTuple):
    """What reading one learner gives back (store.forked may carry it between processes)."""

    learner: Learner | None
    """None: their files are for another curriculum."""
    kept: tuple[str, Known] | None
    """For the cache: the file's digest and what it tallies to."""


def _only_here(task: _Task) -> bool:
    """A named file that is not a plain file (a pipe can be read once) is read in this process."""
    return task.named and not task.found.files[0].is_file()


@dataclass
class Mentees:
    """The learners in the files and folders named, read one at a time (`learners()`)."""

    curriculum: Curriculum
    paths: Sequence[Path]
    cache_dir: Path | None = None
    """Where what each file tallies to is kept (store.tallies); None: nowhere."""
    jobs: int = 1
    """How many processes read learners at once (store.forked.jobs)."""
    read: list[Path] = field(default_factory=list)
    """Every file read so far: `-o` must never write over one."""
    _seen: set[object] = field(default_factory=set)

    def learners(self) -> Iterator[Learner]:
        """Each learner, read when asked for (by `jobs` processes, store.forked); none at all is
        an error that names the paths."""
        self._tallies = Tallies(self.cache_dir, self.paths, self.curriculum)
        count = 0
        for read in forked.ordered(self._read, self._tasks(), self.jobs, here=_only_here):
            if read.kept is not None:
                self._tallies.keep(*read.kept)
            if read.learner is not None:
                count += 1
                yield read.learner
        self._tallies.save()
        if not count:
            named = ", ".join(map(str, self.paths))
            raise InvalidInputError(
                f"No progress on the curriculum '{self.curriculum.id}' in {named}.",
                hint="Give folders that hold exports or learners' data dirs, or pick their "
                "curriculum with `tpmpath --curriculum FILE team ...`.",
            )

    def _tasks(self) -> Iterator[_Task]:
        """The learners to read, in order, found in this process (files named, folders walked)."""
        for path in self.paths:
            if path.is_dir():
                for found in self._walk(path):
                    yield _Task(found, named=False)
            elif self._first(path, _identity(path) if path.exists() else path):
                yield _Task(Found([path], path), named=True)

    def _read(self, task: _Task) -> _Read:
        """Read one learner (in any process): a small result, their events tallied already."""
        found = task.found
        if task.named:  # a file named on the command line: any curriculum but this one is refused
            path = found.files[0]
            learner, kept = self._alone(path, path, allow_pipe=True)
            if isinstance(learner, str):
                raise foreign(path, learner, self.curriculum)
            return _Read(learner, kept)
        if len(found.files) == 1:
            learner, kept = self._alone(found.files[0], found.source, allow_pipe=False)
            return _Read(None if isinstance(learner, str) else learner, kept)
        records = []
        for path in found.files:
            record = read_mentee(path, allow_pipe=False)
            if record["curriculum_id"] == self.curriculum.id:
                records.append(record)
        if not records:
            return _Read(None, None)
        learner = _learner(records, found.files[0], found.source)
        learner.tallied, learner.events = tally(self.curriculum, learner.events), ()
        return _Read(learner, None)

    def _first(self, path: Path, identity: object) -> bool:
        """Whether the file was not read yet (a shell glob plus a name is one person)."""
        if identity in self._seen:
            return False
        self._seen.add(identity)
        self.read.append(path)
        return True

    def _alone(
        self, path: Path, source: Path, *, allow_pipe: bool
    ) -> tuple[Learner | str, tuple[str, Known] | None]:
        """The learner of one file, tallied (or as tallied when its bytes were last seen), or the
        curriculum it is for, if it is not this one; and what the cache is to keep of it."""
        data = mentee_bytes(path, allow_pipe=allow_pipe)
        digest, known = self._tallies.get(data)
        if known is None:
            record = parse_mentee(data, path)
            ours = record["curriculum_id"] == self.curriculum.id
            tallied = tally(self.curriculum, record.get("events", [])) if ours else Tally({}, None)
            profile, learner_id = record.get("profile"), record.get("learner_id")
            known = Known(record["curriculum_id"], profile, learner_id, tallied)
        kept = (digest, known) if digest else None
        if known.curriculum_id != self.curriculum.id:
            return known.curriculum_id, kept
        name = learner_name(path, known.curriculum_id, known.profile)
        learner = Learner(name, str(source), known.profile, known.learner_id, (), known.tally)
        return learner, kept

    def _walk(self, folder: Path | str) -> Iterator[Found]:
        """Each learner under `folder`, depth first in name order; hidden entries (`.git`,
        `_profile.json`) skipped; a folder linked twice is walked once."""
        try:
            identity = _identity(folder)
            if identity in self._seen:
                return
            self._seen.add(identity)
            with os.scandir(folder) as scan:
                entries = sorted([e for e in scan if e.name[0] not in "._"], key=_NAME)
            files = []
            for entry in entries:
                if entry.name.endswith(".json") and entry.is_file():
                    path = Path(entry.path)
                    if self._first(path, _entry_identity(entry, identity[0])):
                        files.append(path)
            folders = [e.path for e in entries if e.is_dir()]  # a Path each costs: str
        except OSError as error:
            raise InvalidInputError(
                f"Cannot read the folder {folder}: {error.strerror or error}."
            ) from None
        yield from self._grouped(files, folder)
        for child in folders:
            yield from self._walk(child)

    def _grouped(self, files: list[Path], folder: Path | str) -> Iterator[Found]:
        """One `Found` per learner among the files of one folder, in name order."""
        cid = self.curriculum.id
        if len(files) == 1:  # the usual profile folder, or an export alone: nothing to group
            yield Found(files, files[0])
            return
        groups: dict[object, Found] = {}
        for path in files:
            head = store.read_head(path)
            if head is not None and head.curriculum_id != cid:
                continue  # another curriculum's log
            if head is not None and head.learner_id:
                key: object = ("learner", head.learner_id)
            elif head is not None and _is_log_name(path.name, cid):
                key = "logs"
            else:
                key = path  # an export, or a file without a readable head: a learner of its own
            found = groups.setdefault(key, Found([], path))
            found.files.append(path)
            if len(found.files) == 2:
                found.source = Path(folder)
        yield from groups.values()


_NAME = attrgetter("name")


def _identity(path: Path | str | os.DirEntry[str]) -> tuple[int, int]:
    """What a file or folder is, however it is reached (a link, `..`, a second name)."""
    info = path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    return info.st_dev, info.st_ino


def _entry_identity(entry: os.DirEntry[str], device: int) -> tuple[int, int]:
    """`_identity` of a folder's entry: the inode its listing gives, unless it is a link."""
    return _identity(entry) if entry.is_symlink() else (device, entry.inode())


def _is_log_name(name: str, curriculum_id: str) -> bool:
    """`C.json`, `C@device.json`, or a sync engine's copy of one (store.logs says which)."""
    return logs.classify(Path(f"{curriculum_id}.json"), name) is not None


def _learner(records: list[ProgressRecord], first: Path, source: Path) -> Learner:
    """One learner from their files' records: named by the profile any of them gives."""
    profile = next((r.get("profile") for r in records if r.get("profile")), None)
    learner_id = next((r.get("learner_id") for r in records if r.get("learner_id")), None)
    events: Sequence[EventRecord] = merge_logs(r.get("events", []) for r in records)
    named = learner_name(first, records[0]["curriculum_id"], profile)
    return Learner(named, str(source), profile, learner_id, events)

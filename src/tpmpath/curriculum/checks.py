"""What is wrong with a curriculum, in plain words and at the line where the user will look.

Two kinds of check: the shape (Pydantic's errors, reworded) and the cross-references between
topics (duplicate ids, unknown or circular `requires`, reused `renamed_from`, prompts on a topic
that is not a practice, duplicate skill ids, topics naming an unknown skill). The cross-reference
checks read the raw data, so they still run when the shape is wrong somewhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from tpmpath.core.models import Curriculum, Resource, Skill, Step, Topic
from tpmpath.errors import CurriculumError

Path_ = tuple[str | int, ...]
"""Where a node is: mapping keys and list indexes from the root."""

MAX_BYTES = 2 * 1024 * 1024
"""Largest curriculum file read; the shipped one is a few dozen KiB."""

ID_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or digit"
_CHILDREN: dict[str, tuple[str, type[BaseModel]]] = {
    "steps": ("step", Step),
    "topics": ("topic", Topic),
    "resources": ("resource", Resource),
    "skills": ("skill", Skill),
}
_FIELD_MESSAGES = {
    "estimate_hours": "'estimate_hours' must be a number greater than 0 and at most 10000",
    "target": "'target' must be a whole number from 1 to 10000",
    "requires": "'requires' must be a list of topic ids",
    "renamed_from": "'renamed_from' must be a list of topic ids",
    "prompts": "'prompts' must be a list of questions (text)",
    "levels": "'levels' must list exactly five one-line texts, for levels 1 to 5",
    "skills": "'skills' must be a list of skill ids",
    "resources": "'resources' must be a list of resources, each a mapping with keys title and url",
    "steps": "'steps' must be a list of steps, each a mapping with keys id, title and topics",
    "topics": "'topics' must be a list of topics, each a mapping with at least id and title",
}
_SUGGESTIONS = 50
"""At most this many "did you mean" searches over topic ids, so 10,000 typos stay fast."""


def too_large(source: str, size: int | None = None) -> CurriculumError:
    """A file over MAX_BYTES; `size` None: it grew while it was read, or it is not a file."""
    what = f"over {MAX_BYTES} bytes" if size is None else f"{size} bytes"
    return CurriculumError([f"{source}: the file is {what}; the limit is 2 MiB"])


class Problem(NamedTuple):
    """One problem; line 0 means the whole file."""

    line: int
    col: int
    message: str


def format_problems(source: str, problems: list[Problem]) -> list[str]:
    """`FILE:LINE:COLUMN: message` lines, sorted by position."""
    ordered = sorted(problems, key=lambda problem: (problem.line, problem.col))
    return [
        f"{source}: {p.message}" if p.line == 0 else f"{source}:{p.line}:{p.col}: {p.message}"
        for p in ordered
    ]


def locate(positions: dict[Path_, tuple[int, int]], path: Path_) -> tuple[int, int]:
    """The position of `path`, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return 1, 1


def _node(data: object, path: Path_) -> object:
    """The raw value at `path`, or None."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _kind(loc: Path_) -> tuple[str, type[BaseModel]]:
    """Which kind of object (and model) the mapping at `loc` is."""
    kind: str = "curriculum"
    model: type[BaseModel] = Curriculum
    for part in loc[::2]:
        kind, model = _CHILDREN.get(str(part), (kind, model))
    return kind, model


def _describe(data: object, loc: Path_) -> str:
    """Name the object at `loc` the way a user would: "topic 'api-basics'"."""
    kind, _ = _kind(loc)
    if kind == "curriculum":
        return "the curriculum"
    if kind == "resource":
        return f"a resource of {_describe(data, loc[:-2])}"
    node = _node(data, loc)
    ident = node.get("id") if isinstance(node, dict) else None
    return f"{kind} '{ident}'" if isinstance(ident, str) else f"a {kind}"


def _closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word`, if any is close."""
    import difflib  # only needed when there are problems

    close = difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


def _unknown_key(data: object, loc: Path_) -> str:
    """Name the unknown key, and the closest valid one."""
    key = str(loc[-1])
    fields = list(_kind(loc[:-1])[1].model_fields)
    where = f"unknown key '{key}' in {_describe(data, loc[:-1])}"
    close = _closest(key, fields)
    if close:
        return f"{where}; did you mean '{close}'?"
    return f"{where}; valid keys are {', '.join(fields)}"


def _text_message(field: str, value: object, raw: str | None) -> str:
    """Why a text field's value is not text."""
    if value is None or value == "":
        return f"'{field}' must not be empty"
    if raw is not None:
        return f"'{field}' must be text (quote it: \"{raw}\")"
    kind = "a list" if isinstance(value, list) else "a mapping"
    return f"'{field}' must be text, not {kind}"


def _message(error: Any, data: object, raw: dict[Path_, str]) -> str:
    """One Pydantic error in plain words."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "extra_forbidden":
        return _unknown_key(data, loc)
    if kind == "missing":
        return f"{_kind(loc[:-1])[0]} is missing required key '{field}'"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id: {ID_RULE}"
    if kind == "string_too_long":
        return f"'{str(value)[:40]}...' is too long for an id (at most 200 characters)"
    if kind == "too_short" and field in _CHILDREN:
        return f"'{field}' must list at least one {_CHILDREN[field][0]}"
    if kind == "string_too_short" and isinstance(loc[-1], int):
        return f"'{field}' must not contain empty text"
    if loc == ("skills",):
        return "'skills' must be a list of skills, each a mapping with keys id, title and levels"
    if field in _FIELD_MESSAGES:
        return _FIELD_MESSAGES[field]
    if kind in ("string_type", "string_too_short"):
        return _text_message(field, value, raw.get(loc))
    return f"'{field}' is not valid: {error['msg']}"


def shape_problems(
    error: ValidationError,
    data: object,
    positions: dict[Path_, tuple[int, int]],
    raw: dict[Path_, str],
) -> list[Problem]:
    """Pydantic's validation errors, located and reworded."""
    problems = []
    for item in error.errors(include_url=False):
        line, col = locate(positions, tuple(item["loc"]))
        problems.append(Problem(line, col, _message(item, data, raw)))
    return problems


def _topics(data: object) -> Iterator[tuple[Path_, dict[str, object]]]:
    """Every topic mapping with its path, skipping what is not shaped like one."""
    steps = data.get("steps") if isinstance(data, dict) else None
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        topics = step.get("topics") if isinstance(step, dict) else None
        for j, topic in enumerate(topics if isinstance(topics, list) else []):
            if isinstance(topic, dict):
                yield ("steps", i, "topics", j), topic


def _ids(data: object, path: Path_, key: str) -> Iterator[tuple[Path_, str]]:
    """The text entries of the id list at `path + (key,)`."""
    values = _node(data, (*path, key))
    for index, value in enumerate(values if isinstance(values, list) else []):
        if isinstance(value, str):
            yield (*path, key, index), value


def _cycle_text(trail: list[str], start: int) -> str:
    """`a -> b -> a` for the cycle from trail[start]; a long one is shortened in constant time."""
    length = len(trail) - start
    if length <= 12:
        names = trail[start:]
    else:  # many back edges into one long path must not cost a full copy each
        names = [*trail[start : start + 5], f"... ({length - 9} more)", *trail[-4:]]
    return " -> ".join([*names, trail[start]])


class _Checker:
    """The cross-reference checks over one curriculum's raw data."""

    def __init__(self, data: object, positions: dict[Path_, tuple[int, int]]) -> None:
        self.data = data
        self.positions = positions
        self.problems: list[Problem] = []
        self.topics = list(_topics(data))
        self.first: dict[str, Path_] = {}  # topic id -> path of the topic that has it first
        self.renamed: dict[str, str] = {}  # old id -> current id
        self.suggestions_left = _SUGGESTIONS

    def add(self, path: Path_, message: str) -> None:
        """Record a problem at `path`."""
        self.problems.append(Problem(*locate(self.positions, path), message))

    def line(self, path: Path_) -> int:
        """The line of `path`."""
        return locate(self.positions, path)[0]

    def run(self) -> list[Problem]:
        """Every cross-reference problem."""
        steps = _node(self.data, ("steps",))
        if isinstance(steps, list):
            self.unique_ids("step", [("steps", i) for i in range(len(steps))], {})
        self.unique_ids("topic", [path for path, _ in self.topics], self.first)
        self.renamed = {
            old: ident
            for ident, path in self.first.items()
            for _, old in _ids(self.data, path, "renamed_from")
        }
        edges = {ident: self.requires(path, ident) for ident, path in self.first.items()}
        self.cycles(edges)
        self.renames()
        self.prompts()
        self.skills()
        return self.problems

    def skills(self) -> None:
        """Report skill ids used twice, and topics that name a skill the curriculum lacks."""
        declared = _node(self.data, ("skills",))
        known: dict[str, Path_] = {}
        if isinstance(declared, list):
            self.unique_ids("skill", [("skills", i) for i in range(len(declared))], known)
        for path, topic in self.topics:
            for entry_path, wanted in _ids(self.data, path, "skills"):
                if wanted in known:
                    continue
                message = f"topic '{topic.get('id')}' builds skill '{wanted}', which is not "
                message += "declared in the top-level 'skills'"
                close = _closest(wanted, known) if self.suggestions_left > 0 else None
                self.suggestions_left -= 1
                self.add(entry_path, f"{message}; did you mean '{close}'?" if close else message)

    def prompts(self) -> None:
        """Report prompts on topics that are not practices: `log` would never ask them."""
        for path, topic in self.topics:
            if topic.get("prompts") and topic.get("target") is None:
                where = _describe(self.data, path)
                message = "prompts are only asked for practices; add 'target'"
                self.add((*path, "prompts"), f"{where} has prompts but no target: {message}")

    def unique_ids(self, kind: str, paths: list[Path_], first: dict[str, Path_]) -> None:
        """Report ids used twice; fill `first` with each id's first holder."""
        for path in paths:
            ident = _node(self.data, (*path, "id"))
            if not isinstance(ident, str):
                continue
            if ident in first:
                earlier = self.line((*first[ident], "id"))
                self.add((*path, "id"), f"duplicate {kind} id '{ident}' (first at line {earlier})")
            else:
                first[ident] = path

    def requires(self, path: Path_, ident: str) -> list[tuple[str, Path_]]:
        """Check one topic's `requires`; return its edges to known topics."""
        edges = []
        for entry_path, wanted in _ids(self.data, path, "requires"):
            if wanted == ident:
                self.add(entry_path, f"topic '{ident}' requires itself")
            elif wanted in self.first:
                edges.append((wanted, entry_path))
            else:
                self.add(entry_path, self.unknown(ident, wanted))
        return edges

    def unknown(self, ident: str, wanted: str) -> str:
        """Say that `wanted` is no topic, and what was probably meant."""
        start = f"topic '{ident}' requires '{wanted}'"
        if wanted in self.renamed:
            return f"{start}, which was renamed to '{self.renamed[wanted]}'; use the new id"
        message = f"{start}, which is not a topic in this curriculum"
        if self.suggestions_left <= 0:
            return message
        self.suggestions_left -= 1
        close = _closest(wanted, self.first)
        return f"{message}; did you mean '{close}'?" if close else message

    def cycles(self, edges: dict[str, list[tuple[str, Path_]]]) -> None:
        """Report each cycle of `requires`, by an iterative depth-first search (linear time)."""
        state: dict[str, int] = {}  # 1: on the current path, 2: finished
        for start in edges:
            if start in state:
                continue
            trail = [start]  # the current path, and where each node of it is in the path
            index = {start: 0}
            stack = [iter(edges[start])]
            state[start] = 1
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    finished = trail.pop()
                    state[finished] = 2
                    del index[finished]
                    stack.pop()
                    continue
                target, entry_path = step
                if target not in state:
                    state[target] = 1
                    index[target] = len(trail)
                    trail.append(target)
                    stack.append(iter(edges[target]))
                elif state[target] == 1:
                    cycle = _cycle_text(trail, index[target])
                    self.add(entry_path, f"requires form a cycle: {cycle}")

    def renames(self) -> None:
        """Report old ids that are current ids, or that two topics claim."""
        claimed: dict[str, Path_] = {}
        for path, topic in self.topics:
            ident = topic.get("id")
            for entry_path, old in _ids(self.data, path, "renamed_from"):
                if old in self.first:
                    line = self.line((*self.first[old], "id"))
                    message = f"'{old}' is the id of a current topic (line {line})"
                elif old in claimed:
                    line = self.line(claimed[old])
                    message = f"another topic already lists '{old}' in renamed_from (line {line})"
                else:
                    claimed[old] = entry_path
                    continue
                listed = f"topic '{ident}' lists '{old}' in renamed_from"
                self.add(entry_path, f"{listed}, but {message}")


def reference_problems(data: object, positions: dict[Path_, tuple[int, int]]) -> list[Problem]:
    """Duplicate ids, unknown or circular requires, reused renamed_from, prompts without target,
    duplicate skills, unknown skills."""
    return _Checker(data, positions).run()

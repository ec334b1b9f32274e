"""A hardened reader for untrusted YAML: plain data plus the line and column of every node.

PyYAML's composer resolves aliases into shared nodes and its constructors build dates, sets and
arbitrary tagged objects. We drive the safe loader's parser event by event and compose plain data
ourselves instead: CSafeLoader's composer is C code that a subclass cannot override, and composing
here lets us refuse an anchor, alias or tag at the first event, before anything is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from tpmpath.curriculum.checks import MAX_BYTES, Path_, Problem, format_problems, too_large
from tpmpath.errors import CurriculumError

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted; a curriculum needs 7."""

_LOADER: Callable[[str], Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
# Plain scalars that resolve to these tags are converted by the safe constructor's own methods.
_CONVERTERS = {
    _CORE + "null": "construct_yaml_null",
    _CORE + "bool": "construct_yaml_bool",
    _CORE + "int": "construct_yaml_int",
    _CORE + "float": "construct_yaml_float",
}


@dataclass
class YamlDocument:
    """Plain data read from YAML, with where each node is."""

    data: object
    positions: dict[Path_, tuple[int, int]]
    """Node path -> 1-based (line, column); a mapping value is at its key."""
    raw: dict[Path_, str] = field(default_factory=dict)
    """Source text of each scalar that did not become a string, for "quote it" hints."""


class _Fatal(Exception):
    """A problem that stops reading at once."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _at(mark: Any) -> tuple[int, int]:
    """A PyYAML mark (0-based) as a 1-based (line, column)."""
    return mark.line + 1, mark.column + 1


def _tag_name(tag: str) -> str:
    """Write a resolved tag back the way users type it."""
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _Composer:
    """Compose one document into plain data, refusing whatever a curriculum must not contain."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.doc = YamlDocument(None, {})
        self.problems: list[Problem] = []

    def document(self) -> YamlDocument:
        """Read the stream's single document."""
        self.loader.get_event()  # StreamStartEvent
        if self.loader.check_event(yaml.StreamEndEvent):
            raise _Fatal(Problem(1, 1, "the file is empty"))
        self.loader.get_event()  # DocumentStartEvent
        self.doc.positions[()] = _at(self.loader.peek_event().start_mark)
        self.doc.data = self.node((), 1)
        self.loader.get_event()  # DocumentEndEvent
        if not self.loader.check_event(yaml.StreamEndEvent):
            line, col = _at(self.loader.peek_event().start_mark)
            raise _Fatal(Problem(line, col, "only one YAML document is allowed"))
        return self.doc

    def node(self, path: Path_, depth: int) -> object:
        """Compose the next node, found at `path`."""
        event = self.loader.get_event()
        self.refuse_anchor_and_tag(event)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if depth > MAX_DEPTH:
            line, col = _at(event.start_mark)
            raise _Fatal(Problem(line, col, f"nesting is deeper than {MAX_DEPTH} levels"))
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(path, depth)
        return self.mapping(path, depth)

    def refuse_anchor_and_tag(self, event: Any) -> None:
        """Refuse aliases and anchors (alias bombs) and explicit tags (arbitrary objects)."""
        line, col = _at(event.start_mark)
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            message = "anchors and aliases (&name / *name) are not allowed in a curriculum"
            raise _Fatal(Problem(line, col, message))
        if event.tag is not None:
            message = f"tags like '{_tag_name(event.tag)}' are not allowed in a curriculum"
            raise _Fatal(Problem(line, col, message))

    def scalar(self, event: Any, path: Path_) -> object:
        """A scalar's value; quoted and block scalars, timestamps and exotic types stay text."""
        if not event.implicit[0]:
            return str(event.value)
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        method = _CONVERTERS.get(tag)
        if method is None:
            return str(event.value)
        try:
            value: object = getattr(self.loader, method)(yaml.ScalarNode(tag, event.value))
        except ValueError:  # an integer longer than Python's 4300-digit limit
            line, col = _at(event.start_mark)
            message = "this number has too many digits; quote it if it is text"
            raise _Fatal(Problem(line, col, message)) from None
        self.doc.raw[path] = event.value
        return value

    def sequence(self, path: Path_, depth: int) -> list[object]:
        """Compose a list; each item is at its own position."""
        items: list[object] = []
        while not self.loader.check_event(yaml.SequenceEndEvent):
            item_path = (*path, len(items))
            self.doc.positions[item_path] = _at(self.loader.peek_event().start_mark)
            items.append(self.node(item_path, depth + 1))
        self.loader.get_event()
        return items

    def mapping(self, path: Path_, depth: int) -> dict[str, object]:
        """Compose a mapping of text keys, reporting duplicates instead of keeping the last."""
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            line, col = _at(self.loader.peek_event().start_mark)
            key = self.key(path, depth)
            if key is None or key in first_line:
                if key is not None:
                    message = f"duplicate key '{key}' (first at line {first_line[key]})"
                    self.problems.append(Problem(line, col, message))
                self.node((*path, "\0skipped"), depth + 1)  # read the value and drop it
                continue
            first_line[key] = line
            self.doc.positions[(*path, key)] = (line, col)
            result[key] = self.node((*path, key), depth + 1)
        self.loader.get_event()
        return result

    def key(self, path: Path_, depth: int) -> str | None:
        """Compose a mapping key; None (with a problem recorded) unless it is text."""
        event = self.loader.peek_event()
        line, col = _at(event.start_mark)
        plain = isinstance(event, yaml.ScalarEvent) and event.implicit[0] and event.tag is None
        if plain and event.value == "<<":
            raise _Fatal(Problem(line, col, "merge keys (<<) are not allowed in a curriculum"))
        key_path = (*path, "\0key")
        key = self.node(key_path, depth + 1)
        if isinstance(key, str):
            return key
        raw = self.doc.raw.pop(key_path, None)
        if isinstance(key, list | dict):
            message = "keys must be text, not a list or a mapping"
        elif not raw:
            message = "keys must be text, not empty"
        else:
            message = f'keys must be text (quote it: "{raw}")'
        self.problems.append(Problem(line, col, message))
        return None


def _reader_problem(error: yaml.YAMLError, text: str) -> Problem:
    """Locate a reader error, whose position is a byte offset in libyaml, a character in Python."""
    position = int(getattr(error, "position", 0))
    if _LOADER is yaml.SafeLoader:
        before = text[:position]
    else:
        before = text.encode(errors="surrogatepass")[:position].decode(errors="ignore")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    character = getattr(error, "character", None)
    reason = getattr(error, "reason", "this character is not allowed")
    detail = f" (character #x{character:04x})" if isinstance(character, int) else ""
    return Problem(line, col, f"{reason}{detail}")


def _yaml_problem(error: yaml.YAMLError, text: str) -> Problem:
    """A PyYAML error as a located problem in plain words."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return _reader_problem(error, text)
    mark = error.problem_mark or error.context_mark
    line, col = _at(mark) if mark is not None else (1, 1)
    message = error.problem or error.context or "this is not valid YAML"
    if error.problem and error.context:
        where = f" that starts at line {error.context_mark.line + 1}" if error.context_mark else ""
        message = f"{message} ({error.context}{where})"
    return Problem(line, col, message)


def read_yaml(text: str, source: str) -> YamlDocument:
    """Read one YAML document as plain data and positions, or raise CurriculumError."""
    size = len(text.encode(errors="surrogatepass"))
    if size > MAX_BYTES:
        raise too_large(source, size)
    text = text.removeprefix("\ufeff")
    composer: _Composer | None = None
    try:
        composer = _Composer(_LOADER(text))
        document = composer.document()
    except _Fatal as fatal:
        problems = [fatal.problem]
    except yaml.YAMLError as error:
        problems = [_yaml_problem(error, text)]
    except Exception as error:  # a bug or limit in the reader must still end in a clean error
        problems = [Problem(1, 1, f"cannot read this YAML ({type(error).__name__}: {error})")]
    else:
        problems = []
    finally:
        if composer is not None:
            composer.loader.dispose()
    if composer is not None:
        problems = composer.problems + problems
    if problems:
        raise CurriculumError(format_problems(source, problems))
    return document

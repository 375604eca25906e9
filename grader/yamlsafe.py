"""Safe YAML loading that keeps every value's file position and refuses hostile documents."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from grader.errors import InputError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Document",
    "Position",
    "load_yaml_bytes",
    "load_yaml_file",
    "load_yaml_text",
    "read_file_bytes",
]

MAX_FILE_BYTES = 2_000_000
"""Largest file read: a full chapter-3 submission is a few kilobytes. Generous enough that
one absurd field (a pasted megabyte) is refused by the field's own limit, as one unparsed
item, instead of losing the whole submission."""
MAX_NODES = 20_000
"""Most YAML nodes after alias expansion, so a "billion laughs" document is refused."""
MAX_DEPTH = 50
"""Deepest nesting of mappings and lists (a submission needs 5)."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """1-based line and column of a node in its file."""

    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """Plain data (dicts, lists, strings, None) plus the position of every path in it."""

    data: Any
    file: str
    positions: Mapping[PathKey, Position] = field(default_factory=dict)
    key_positions: Mapping[PathKey, Position] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    """The text's lines, to show the one an error is on."""

    def position(self, path: PathKey, *, key: bool = False) -> Position | None:
        """Where the value (or, with `key`, the key) at `path` starts, else its nearest ancestor."""
        if key and tuple(path) in self.key_positions:
            return self.key_positions[tuple(path)]
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def error(self, path: PathKey, message: str, expected: str | None = None,
              cls: type[InputError] = InputError, *, key: bool = False,
              msg_key: str | None = None, params: dict[str, object] | None = None
              ) -> InputError:
        """An error located at `path` (at its key with `key`), with the catalogue message
        `msg_key` and the line it is on."""
        pos = self.position(path, key=key)
        line = pos.line if pos else None
        source = self.lines[line - 1][:200] if line and 1 <= line <= len(self.lines) else None
        return cls(message, file=self.file, line=line, column=pos.column if pos else None,
                   expected=expected, key=msg_key, params=params, source=source)


def read_file_bytes(path: str | Path, name: str | None = None, *,
                    cls: type[InputError] = InputError) -> bytes:
    """The bytes of a regular file of at most `MAX_FILE_BYTES`, read without blocking.

    Directories, FIFOs, sockets and devices are refused before anything is read (a FIFO or
    a terminal would make the grader wait forever); an oversized file is refused from its
    size alone, so a 50 MB file costs one `fstat`.
    """
    name = str(path) if name is None else name
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        if Path(path).is_dir():
            raise cls("is a directory, not a file", file=name, expected="a YAML file",
                      key="input.file.directory")
        fd = os.open(path, flags)
    except OSError as exc:
        raise cls(f"cannot read the file: {exc.strerror or exc}", file=name,
                  key="input.file.unreadable",
                  params={"reason": exc.strerror or str(exc)}) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise cls("is a directory, not a file", file=name, expected="a YAML file",
                      key="input.file.directory")
        if not stat.S_ISREG(info.st_mode):
            raise cls("is not a regular file (a device, pipe or socket)", file=name,
                      expected="a YAML file", key="input.file.not_regular")
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(name, cls)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise cls(f"cannot read the file: {exc.strerror or exc}", file=name,
                  key="input.file.unreadable",
                  params={"reason": exc.strerror or str(exc)}) from None
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        raise _too_large(name, cls)
    return b"".join(chunks)


def _too_large(name: str, cls: type[InputError]) -> InputError:
    return cls(f"file is larger than {MAX_FILE_BYTES:,} bytes", file=name,
               expected="a submission of a few kilobytes", key="input.file.too_large",
               params={"limit": f"{MAX_FILE_BYTES:,}"})


def load_yaml_file(path: str | Path, *, name: str | None = None,
                   cls: type[InputError] = InputError) -> Document:
    """Read and parse a YAML file; every failure is an `InputError` naming the file
    (as `name`, when given: a batch names files relative to the class folder)."""
    shown = name or str(path)
    return load_yaml_bytes(read_file_bytes(path, shown, cls=cls), shown, cls=cls)


def load_yaml_bytes(raw: bytes, name: str, *, cls: type[InputError] = InputError) -> Document:
    """Decode (UTF-8, optional BOM, or UTF-16 with BOM) and parse."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(name, cls)
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[: exc.start] and encoding != "utf-16":
            _refuse_nul(raw[: exc.start].decode(encoding), name, cls)
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[: exc.start].rsplit(b"\n", 1)[-1].decode(encoding, "replace")) + 1
        what = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise cls(f"the file is not valid {what} text (byte 0x{raw[exc.start]:02x})",
                  file=name, line=line, column=column,
                  expected="a UTF-8 encoded YAML file; save it again as UTF-8",
                  key="input.file.encoding",
                  params={"encoding": what, "byte": f"{raw[exc.start]:02x}"}) from None
    return load_yaml_text(text, name, cls=cls)


def load_yaml_text(text: str, name: str = "<input>", *,
                   cls: type[InputError] = InputError) -> Document:
    """Parse YAML text into plain data where every scalar stays a string."""
    if len(text) > MAX_FILE_BYTES:
        raise _too_large(name, cls)
    if "\x00" in text:
        _refuse_nul(text, name, cls)
    builder = _Builder(name, cls)
    loader = _Loader(text)
    try:
        data = builder.run(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "end of stream" in problem and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed quote: where it opened, not the file's end
        if "nesting depth" in problem:
            # Newer libyaml stops deep flow collections while scanning ahead, before the
            # builder sees them: say it the same way as the builder's own limit.
            problem = f"the document is nested more than {MAX_DEPTH} levels deep"
            raise cls(problem, file=name, line=mark.line + 1 if mark else None,
                      column=mark.column + 1 if mark else None, key="input.yaml.too_deep",
                      params={"depth": MAX_DEPTH}) from None
        from grader.yamlhints import hint_for

        hint = hint_for(text, mark.line + 1 if mark else None, problem)
        if hint is not None:
            raise cls(f"YAML syntax error: {problem}", file=name, line=hint.line,
                      column=hint.column, key=hint.key, params=dict(hint.params),
                      source=hint.source) from None
        line = mark.line + 1 if mark else None
        raise cls(f"YAML syntax error: {problem}", file=name, line=line,
                  column=mark.column + 1 if mark else None, key=_syntax_key(problem),
                  source=_line_of(text, line)) from None
    except yaml.reader.ReaderError as exc:
        line, column = _offset_position(text, exc.position, byte_offset=_Loader is not
                                        yaml.SafeLoader)
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        raise cls(f"YAML error: the character {shown} is not allowed ({exc.reason})",
                  file=name, line=line, column=column,
                  expected="printable text; remove the control character",
                  key="input.yaml.control_char", params={"char": shown}) from None
    except yaml.YAMLError as exc:
        raise cls(f"YAML error: {str(exc).splitlines()[0] if str(exc) else 'invalid YAML'}",
                  file=name, key="input.yaml.syntax") from None
    except InputError as exc:
        if exc.source is None and exc.line is not None:
            exc.source = _line_of(text, exc.line)
        raise
    finally:
        loader.dispose()
    if builder.empty:
        raise cls("the file is empty", file=name, expected="a YAML mapping",
                  key="input.file.empty")
    return Document(data=data, file=name, positions=builder.positions,
                    key_positions=builder.key_positions, lines=tuple(text.splitlines()))


_SYNTAX_KEYS = (
    # (words of PyYAML's problem, message key): the student's view of the parser's words
    ("could not find expected ':'", "input.yaml.missing_colon"),
    ("did not find expected key", "input.yaml.indent"),
    ("expected <block end>", "input.yaml.indent"),
    ("did not find expected '-' indicator", "input.yaml.indent"),
    ("bad indentation", "input.yaml.indent"),
    ("end of stream", "input.yaml.unclosed_quote"),
    ("cannot start any token", "input.yaml.bad_start"),
    ("did not find expected alphabetic", "input.yaml.anchor"),
    ("did not find expected alphanumeric", "input.yaml.anchor"),
)


def _syntax_key(problem: str) -> str:
    """The catalogue message for a PyYAML problem the hints did not place."""
    return next((key for words, key in _SYNTAX_KEYS if words in problem), "input.yaml.syntax")


def _line_of(text: str, line: int | None) -> str | None:
    """The 1-based `line` of `text` (shown under an error with a caret), if it exists."""
    if line is None:
        return None
    lines = text.splitlines()
    return lines[line - 1][:200] if 1 <= line <= len(lines) else None


def _refuse_nul(text: str, name: str, cls: type[InputError]) -> NoReturn:
    line = text.count("\n", 0, text.index("\x00")) + 1
    raise cls("the file contains NUL bytes (binary data, or UTF-16 text without a "
              "byte-order mark?)", file=name, line=line,
              expected="a UTF-8 encoded YAML text file", key="input.file.nul")


def _offset_position(text: str, offset: int, *, byte_offset: bool) -> tuple[int, int]:
    """1-based line and column of a reader offset (libyaml counts UTF-8 bytes)."""
    prefix = (text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace")
              if byte_offset else text[:offset])
    return prefix.count("\n") + 1, len(prefix.rsplit("\n", 1)[-1]) + 1


# Characters YAML refuses when written raw (outside its printable set): refused as escapes
# in double-quoted scalars too, so `"\e[2J"` cannot reach a TA's terminal.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NULL_VALUES = frozenset({"", "~", "null", "Null", "NULL"})
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass
class _Anchor:
    """What an anchor names: its data, node count, height and positions below it."""

    data: Any
    key_text: str | None      # the scalar's text, when it can stand as a mapping key
    count: int
    height: int
    path: PathKey
    positions: list[tuple[PathKey, Position]]
    key_positions: list[tuple[PathKey, Position]]


@dataclass
class _Frame:
    """An open mapping or sequence."""

    container: Any            # dict or list; a scalar's own value for a scalar anchor
    path: PathKey
    depth: int
    anchor: str | None
    count_at_start: int
    pos_at_start: int
    keypos_at_start: int
    key: str | None = None      # mapping: the key whose value comes next
    max_depth: int = 0


class _Builder:
    """Builds plain data straight from parser events, without recursion.

    Node counts include alias expansion, nesting is bounded, tags other than YAML's
    standard ones, merge keys and duplicate keys are refused, each at its line and column.
    Working from events (instead of composing a node graph first) means a hostile document
    is refused as soon as a bound is crossed, and nothing recurses, however deep the input.
    """

    def __init__(self, file: str, cls: type[InputError]) -> None:
        self.file = file
        self.cls = cls
        self.count = 0
        self.empty = True
        self.positions: dict[PathKey, Position] = {}
        self.key_positions: dict[PathKey, Position] = {}
        self._pos_log: list[tuple[PathKey, Position]] = []
        self._keypos_log: list[tuple[PathKey, Position]] = []
        self._anchors: dict[str, _Anchor] = {}
        self._open_anchors: set[str] = set()

    def fail(self, mark: Any, message: str, expected: str | None = None, *,
             key: str = "input.yaml.syntax", **params: object) -> InputError:
        return self.cls(message, file=self.file, line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None, expected=expected,
                        key=key, params=params)

    # -- bookkeeping -------------------------------------------------------------------
    def _position(self, path: PathKey, mark: Any) -> None:
        if path not in self.positions:
            pos = Position(mark.line + 1, mark.column + 1)
            self.positions[path] = pos
            self._pos_log.append((path, pos))

    def _key_position(self, path: PathKey, mark: Any) -> None:
        pos = Position(mark.line + 1, mark.column + 1)
        self.key_positions[path] = pos
        self._keypos_log.append((path, pos))

    def _grow(self, n: int, depth: int, mark: Any) -> None:
        self.count += n
        if self.count > MAX_NODES:
            raise self.fail(mark, f"the document has more than {MAX_NODES:,} nodes "
                                  "(aliases expanded)", "a plain submission without aliases",
                            key="input.yaml.too_many", limit=f"{MAX_NODES:,}")
        if depth > MAX_DEPTH:
            raise self.fail(mark, f"the document is nested more than {MAX_DEPTH} levels deep",
                            key="input.yaml.too_deep", depth=MAX_DEPTH)

    def _check_tag(self, tag: str, mark: Any) -> None:
        if tag not in _STANDARD_TAGS:
            raise self.fail(mark, f"the tag {tag!r} is not allowed", "plain YAML without tags",
                            key="input.yaml.tag", tag=tag)

    def _check_text(self, event: Any) -> None:
        """Double-quoted scalars may spell any character as an escape: refuse the ones YAML
        refuses raw (control characters), which could rewrite a TA's terminal."""
        bad = _UNPRINTABLE.search(event.value)
        if bad is not None:
            raise self.fail(event.start_mark,
                            f"the text contains the control character U+{ord(bad.group()):04X}",
                            "printable text (remove the escape sequence)",
                            key="input.yaml.control_char", char=f"U+{ord(bad.group()):04X}")

    # -- the event loop ----------------------------------------------------------------
    def run(self, loader: Any) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        get_event = loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return root
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event.start_mark, "YAML syntax error: a second document "
                                    "('---') follows the first", "one document per file",
                                    key="input.yaml.second_document")
                continue
            if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                continue
            frame = stack[-1] if stack else None
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                if done.anchor is not None:
                    self._register(done.anchor, done.container, None, done)
                if stack:
                    stack[-1].max_depth = max(stack[-1].max_depth, done.max_depth)
                continue
            # A mapping waiting for its key.
            if frame is not None and type(frame.container) is dict and frame.key is None:
                frame.key = self._key(event, frame)
                continue
            if frame is None:
                path: PathKey = ()
                depth = 0
            elif type(frame.container) is dict:
                assert frame.key is not None
                path = frame.path + (frame.key,)
                depth = frame.depth + 1
            else:
                path = frame.path + (len(frame.container),)
                depth = frame.depth + 1
            self.empty = False
            mark = event.start_mark
            if kind is yaml.AliasEvent:
                value = self._alias(event, path, depth)
            elif kind is yaml.ScalarEvent:
                self._grow(1, depth, mark)
                tag = event.tag
                text = event.value
                if tag is None or tag == "!":
                    # Untagged: only a plain null matters; every other plain scalar is the
                    # text the student wrote (even `=` or `<<`, which YAML 1.1 tags oddly).
                    value = None if event.implicit[0] and text in _NULL_VALUES else text
                else:
                    self._check_tag(tag, mark)
                    value = None if tag == _NULL and text in _NULL_VALUES else text
                if event.style == '"':
                    self._check_text(event)
                self._position(path, mark)
                if event.anchor is not None:
                    self._declare(event.anchor, mark)
                    self._register(event.anchor, value, text,
                                   _Frame(value, path, depth, None, self.count - 1,
                                          len(self._pos_log) - 1, len(self._keypos_log)))
            else:  # a mapping or a sequence starts
                self._grow(1, depth, mark)
                tag = event.tag
                if tag is not None and tag != "!":
                    self._check_tag(tag, mark)
                self._position(path, mark)
                value = {} if kind is yaml.MappingStartEvent else []
                if event.anchor is not None:
                    self._declare(event.anchor, mark)
                stack.append(_Frame(value, path, depth, event.anchor, self.count - 1,
                                    len(self._pos_log) - 1, len(self._keypos_log),
                                    max_depth=depth))
            if frame is None:
                root = value
            elif type(frame.container) is dict:
                assert frame.key is not None
                frame.container[frame.key] = value
                frame.key = None
            else:
                frame.container.append(value)
            if frame is not None and kind is not yaml.MappingStartEvent \
                    and kind is not yaml.SequenceStartEvent:
                height = (self._anchors[event.anchor].height if kind is yaml.AliasEvent
                          else 0)
                frame.max_depth = max(frame.max_depth, depth + height)

    def _key(self, event: Any, frame: _Frame) -> str:
        mark = event.start_mark
        if type(event) is yaml.ScalarEvent:
            if event.tag == _MERGE or (event.value == "<<" and event.implicit[0]
                                       and event.tag is None):
                raise self.fail(mark, "merge keys ('<<') are not allowed",
                                "every field written out", key="input.yaml.merge_key")
            if event.style == '"':
                self._check_text(event)
            key = str(event.value)
            if event.anchor is not None:
                self._declare(event.anchor, mark)
                self._register(event.anchor, key, key,
                               _Frame(key, frame.path + (key,), frame.depth + 1, None,
                                      self.count, len(self._pos_log), len(self._keypos_log)))
        elif type(event) is yaml.AliasEvent:
            anchor = self._anchors.get(str(event.anchor))
            if anchor is None or anchor.key_text is None:
                raise self.fail(mark, "a mapping key must be a plain name",
                                key="input.yaml.plain_key")
            key = anchor.key_text
        else:
            raise self.fail(mark, "a mapping key must be a plain name",
                            key="input.yaml.plain_key")
        if key in frame.container:
            raise self.fail(mark, f"duplicate key {key!r}", "each key once",
                            key="input.yaml.duplicate_key", name=key)
        self._key_position(frame.path + (key,), mark)
        return key

    def _declare(self, anchor: str, mark: Any) -> None:
        if anchor in self._anchors or anchor in self._open_anchors:
            raise self.fail(mark, f"the anchor &{anchor} is defined twice", "each anchor once",
                            key="input.yaml.anchor")
        self._open_anchors.add(anchor)

    def _register(self, anchor: str, data: Any, key_text: str | None, frame: _Frame) -> None:
        self._open_anchors.discard(anchor)
        self._anchors[anchor] = _Anchor(
            data=data, key_text=key_text, count=self.count - frame.count_at_start,
            height=frame.max_depth - frame.depth if frame.max_depth else 0, path=frame.path,
            positions=self._pos_log[frame.pos_at_start + 1:],
            key_positions=self._keypos_log[frame.keypos_at_start:])

    def _alias(self, event: Any, path: PathKey, depth: int) -> Any:
        mark = event.start_mark
        anchor = self._anchors.get(event.anchor)
        if anchor is None:
            if event.anchor in self._open_anchors:
                raise self.fail(mark, f"the alias *{event.anchor} refers to a node that "
                                      "contains it", "a plain submission without aliases",
                                key="input.yaml.anchor")
            raise self.fail(mark, f"found undefined alias *{event.anchor}",
                            "an anchor &name defined before its use", key="input.yaml.anchor")
        self._grow(anchor.count, depth + anchor.height, mark)
        self._position(path, mark)
        cut = len(anchor.path)
        for sub, pos in anchor.positions:
            new = path + sub[cut:]
            if new not in self.positions:
                self.positions[new] = pos
                self._pos_log.append((new, pos))
        for sub, pos in anchor.key_positions:
            new = path + sub[cut:]
            self.key_positions[new] = pos
            self._keypos_log.append((new, pos))
        return anchor.data

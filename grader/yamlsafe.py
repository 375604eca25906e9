"""Safe YAML loading that keeps every value's file position and refuses hostile documents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.errors import InputError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Document",
    "Position",
    "load_yaml_bytes",
    "load_yaml_file",
    "load_yaml_text",
]

MAX_FILE_BYTES = 1_000_000
"""Largest file read: a full chapter-3 submission is a few kilobytes."""
MAX_NODES = 20_000
"""Most YAML nodes after alias expansion, so a "billion laughs" document is refused."""

_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
              cls: type[InputError] = InputError, *, key: bool = False) -> InputError:
        """An error located at `path` (at its key with `key`)."""
        pos = self.position(path, key=key)
        return cls(message, file=self.file, line=pos.line if pos else None,
                   column=pos.column if pos else None, expected=expected)


def load_yaml_file(path: str | Path, *, cls: type[InputError] = InputError) -> Document:
    """Read and parse a YAML file; every failure is an `InputError` naming the file."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise cls("is a directory, not a file", file=name, expected="a YAML file")
        with p.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise cls(f"cannot read the file: {exc.strerror or exc}", file=name) from None
    if len(raw) > MAX_FILE_BYTES:
        raise cls(f"file is larger than {MAX_FILE_BYTES:,} bytes", file=name,
                  expected="a submission of a few kilobytes")
    return load_yaml_bytes(raw, name, cls=cls)


def load_yaml_bytes(raw: bytes, name: str, *, cls: type[InputError] = InputError) -> Document:
    """Decode (UTF-8, optional BOM, or UTF-16 with BOM) and parse."""
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise cls("the file is not valid UTF-8 text", file=name, line=line,
                  expected="a UTF-8 encoded YAML file") from None
    return load_yaml_text(text, name, cls=cls)


def load_yaml_text(text: str, name: str = "<input>", *,
                   cls: type[InputError] = InputError) -> Document:
    """Parse YAML text into plain data where every scalar stays a string."""
    if "\x00" in text:
        raise cls("the file contains NUL bytes (binary data?)", file=name,
                  expected="a YAML text file")
    try:
        root = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise cls(f"YAML syntax error: {problem}", file=name,
                  line=mark.line + 1 if mark else None,
                  column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise cls(f"YAML error: {exc}", file=name) from None
    if root is None:
        raise cls("the file is empty", file=name, expected="a YAML mapping")
    builder = _Builder(name, cls)
    data = builder.build(root, ())
    return Document(data=data, file=name, positions=builder.positions,
                    key_positions=builder.key_positions)


class _Builder:
    """Turns composed nodes into plain data, counting nodes across alias expansion."""

    def __init__(self, file: str, cls: type[InputError]) -> None:
        self.file = file
        self.cls = cls
        self.count = 0
        self.positions: dict[PathKey, Position] = {}
        self.key_positions: dict[PathKey, Position] = {}

    def fail(self, node: yaml.Node, message: str, expected: str | None = None) -> InputError:
        return self.cls(message, file=self.file, line=node.start_mark.line + 1,
                        column=node.start_mark.column + 1, expected=expected)

    def build(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"the document has more than {MAX_NODES:,} nodes "
                                  "(aliases expanded)", "a plain submission without aliases")
        if depth > 50:
            raise self.fail(node, "the document is nested more than 50 levels deep")
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(node, f"the tag {node.tag!r} is not allowed",
                            "plain YAML without tags")
        self.positions.setdefault(path, Position(node.start_mark.line + 1,
                                                 node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null",
                                                                         "NULL"):
                return None
            return str(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "merge keys ('<<') are not allowed",
                                    "every field written out")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a mapping key must be a plain name")
                key = str(key_node.value)
                if key in out:
                    raise self.fail(key_node, f"duplicate key {key!r}", "each key once")
                self.key_positions[path + (key,)] = Position(key_node.start_mark.line + 1,
                                                        key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - composer makes 3 kinds

"""YAML read safely, with the line of every value, so that a coordinator's mistake in a procedure file is
reported as ``line 42, rules[3].refer[0].legal_basis: …`` rather than as a stack trace (issue 4 §1).

Only plain data is accepted: mappings, sequences, strings, numbers, booleans and null (``yaml.SafeLoader``
resolves no tags, so a file cannot build Python objects). Duplicate keys are an error: YAML would silently
keep the last one, and a rule that exists twice with different conditions is exactly the kind of mistake
a review must see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

# A procedure is a document of a few hundred lines; far bigger input is a mistake or an attack.
MAX_BYTES = 1_000_000
MAX_DEPTH = 40


@dataclass(frozen=True)
class SourceError:
    """A problem at a place in the file: 1-based line (0 when unknown), the path to the value, the message."""

    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}, {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class Located:
    """The parsed data and, for every path into it, the line it came from."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one (a missing key: its mapping)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 0


class YamlSourceError(Exception):
    def __init__(self, error: SourceError) -> None:
        self.error = error
        super().__init__(str(error))


def format_path(path: Path) -> str:
    """``("rules", 3, "refer", 0, "legal_basis")`` → ``rules[3].refer[0].legal_basis``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _build(node: yaml.Node, path: Path, lines: dict[Path, int], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise YamlSourceError(SourceError(_line(node), format_path(path), "nested too deeply"))
    lines[path] = _line(node)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        raise YamlSourceError(
            SourceError(_line(node), format_path(path), f"not plain data: the tag {node.tag}")
        )
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSourceError(
                    SourceError(_line(key_node), format_path(path), "a key must be a plain word")
                )
            key = str(yaml.SafeLoader.construct_scalar(_CONSTRUCTOR, key_node))
            if key in out:
                raise YamlSourceError(
                    SourceError(_line(key_node), format_path((*path, key)), "this key appears twice")
                )
            out[key] = _build(value_node, (*path, key), lines, depth + 1)
            lines[(*path, key)] = _line(key_node)  # a value's problems are reported on its key's line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, depth + 1) for i, item in enumerate(node.value)]
    return _CONSTRUCTOR.construct_object(node, deep=True)


class _Constructor(yaml.SafeLoader):
    def __init__(self) -> None:
        super().__init__("")


_CONSTRUCTOR = _Constructor()


def load(text: str) -> Located:
    """Parse ``text``; a syntax error, an alias bomb or an oversized file raises ``YamlSourceError``."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlSourceError(SourceError(0, "", f"the file is larger than {MAX_BYTES // 1000} kB"))
    if "\x00" in text:
        raise YamlSourceError(SourceError(0, "", "the file contains a NUL character"))
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlSourceError(SourceError(line, "", f"not valid YAML: {exc.problem or exc.context}")) from exc
    except yaml.YAMLError as exc:
        raise YamlSourceError(SourceError(0, "", f"not valid YAML: {exc}")) from exc
    if root is None:
        return Located(None, {(): 1})
    if _has_alias(root, set()):
        raise YamlSourceError(SourceError(_line(root), "", "anchors and aliases (& and *) are not allowed"))
    lines: dict[Path, int] = {}
    try:
        data = _build(root, (), lines, 0)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlSourceError(
            SourceError(mark.line + 1 if mark else 0, "", f"not plain data: {exc.problem}")
        ) from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise YamlSourceError(SourceError(0, "", f"not plain data: {exc}")) from exc
    return Located(data, lines)


def _has_alias(node: yaml.Node, seen: set[int]) -> bool:
    """Aliases let a few bytes expand to gigabytes ("billion laughs"); procedures never need them."""
    if id(node) in seen:
        return True
    if getattr(node, "anchor", None):
        return True
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return any(_has_alias(k, seen) or _has_alias(v, seen) for k, v in node.value)
    if isinstance(node, yaml.SequenceNode):
        return any(_has_alias(item, seen) for item in node.value)
    return False

"""Read YAML into plain data while remembering where every value came from.

PyYAML's safe loader is close to what people need, but it silently keeps the
last of two duplicate keys and it has no memory of line numbers once the data
is built. So we compose the node tree ourselves (with the C parser when it is
there), build the data from it, and keep a map from each field path to its
node. The map lets validation errors point at a line and lets us explain the
YAML 1.1 surprises (`no` read as false, `1:30` read as 90) in plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
# Guards against alias bombs: far above any hand-written dossier.
MAX_NODES = 200_000

Path = tuple[str | int, ...]


@dataclass
class Spot:
    """Where a value sits in its file, and how it was written there."""

    line: int
    column: int
    raw: str | None = None  # the scalar's text as typed, None for lists and mappings
    tag: str = ""
    plain: bool = True  # False when the scalar was quoted or a block scalar


@dataclass
class Source:
    """Data read from one YAML document, with the spot of every value and key."""

    data: Any
    values: dict[Path, Spot] = field(default_factory=dict)
    keys: dict[Path, Spot] = field(default_factory=dict)

    def spot(self, path: Path) -> Spot:
        """The spot of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.values:
                return self.values[prefix]
        return Spot(1, 1)


def describe_surprise(spot: Spot) -> str | None:
    """Explain a plain scalar that YAML 1.1 turned into something other than text."""
    if not spot.plain or spot.raw is None:
        return None
    kind = spot.tag.removeprefix(YAML_TAG)
    if kind == "bool":
        reads = "true" if spot.raw.lower() in {"yes", "true", "on", "y"} else "false"
        return f"`{spot.raw}` is read by YAML as {reads}"
    if kind == "int" and ":" in spot.raw:
        return f"`{spot.raw}` is read by YAML as a base-60 number"
    if kind in {"int", "float"}:
        return f"`{spot.raw}` is read by YAML as a number"
    if kind == "timestamp":
        return f"`{spot.raw}` is read by YAML as a date"
    if kind == "null" and spot.raw:
        return f"`{spot.raw}` is read by YAML as empty"
    return None


def quote_hint(raw: str) -> str:
    escaped = raw.replace("\\", "\\\\").replace('"', '\\"')
    return f'put it in quotes: "{escaped}"'


_READABLE = {
    "timestamp": "a real date such as 2026-12-02",
    "int": "a number",
    "float": "a number",
    "bool": "true or false",
}

_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


class _Builder:
    def __init__(self, loader: Any, relpath: str, line_offset: int) -> None:
        self.loader = loader
        self.relpath = relpath
        self.line_offset = line_offset
        self.problems: list[Problem] = []
        self.source = Source(data=None)
        self.count = 0
        self.stack: set[int] = set()

    def spot_of(self, node: yaml.Node) -> Spot:
        mark = node.start_mark
        spot = Spot(mark.line + 1 + self.line_offset, mark.column + 1, tag=node.tag or "")
        if isinstance(node, yaml.ScalarNode):
            spot.raw = node.value
            spot.plain = not node.style
        return spot

    def problem(self, node: yaml.Node, path: Path, message: str) -> None:
        spot = self.spot_of(node)
        self.problems.append(Problem(self.relpath, spot.line, spot.column, dotted(path), message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        self.source.values[path] = self.spot_of(node)
        if node.tag not in _PLAIN_TAGS:
            self.problem(
                node,
                path,
                f"unsupported YAML tag {node.tag!r}; dossiers use plain YAML values only",
            )
            return None
        if id(node) in self.stack:
            self.problem(node, path, "an alias refers to the list or mapping that contains it")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.stack.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        if node.tag == YAML_TAG + "int" and not node.style and _SEXAGESIMAL.match(node.value):
            self.problem(
                node,
                path,
                f"`{node.value}` is read by YAML 1.1 as a base-60 number; write a decimal number "
                f'(1.5 for an hour and a half) or text in quotes ("{node.value}")',
            )
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception as exc:  # explicit tags (`!!timestamp 0`) fail in many ways
            reason = ""
            if isinstance(exc, (yaml.YAMLError, ValueError, OverflowError)):
                reason = f" ({shown(getattr(exc, 'problem', None) or str(exc))})"
            kind = node.tag.removeprefix(YAML_TAG)
            expected = _READABLE.get(kind, f"a {kind}")
            self.problem(node, path, f"expected {expected}, found `{shown(node.value)}`{reason}")
            return None

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == YAML_TAG + "merge":
                self.problem(
                    key_node,
                    (*path, "<<"),
                    "merge keys (<<) are not supported; write the fields out",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in {
                YAML_TAG + "str",
                YAML_TAG + "int",
                YAML_TAG + "bool",
                YAML_TAG + "float",
                YAML_TAG + "null",
            }:
                self.problem(key_node, path, "a field name must be plain text")
                continue
            key = key_node.value
            key_path = (*path, key)
            line = key_node.start_mark.line + 1 + self.line_offset
            if key in first_seen:
                self.problem(
                    key_node,
                    key_path,
                    f"duplicate key `{shown(key)}` (first at line {first_seen[key]}); "
                    "YAML would silently keep only the last one",
                )
                continue
            first_seen[key] = line
            self.source.keys[key_path] = self.spot_of(key_node)
            result[key] = self.build(value_node, key_path)
        return result


class _TooBig(Exception):
    pass


def dotted(path: Path) -> str:
    """`('interviews', 0, 'when')` -> `interviews[0].when`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{shown(part)}" if text else shown(part)
    return text


def shown(text: str) -> str:
    """Text for a one-line message: as typed, or escaped if it holds line breaks or controls."""
    return text if text.isprintable() else repr(text)[1:-1]


def _unreadable(exc: yaml.YAMLError, text: str, relpath: str, line_offset: int) -> Problem:
    """A one-line problem for YAML errors that carry no mark (bad characters)."""
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        pos = exc.position
        if exc.encoding != "unicode":  # libyaml counts UTF-8 bytes, not characters
            pos = len(text.encode("utf-8", "surrogatepass")[:pos].decode("utf-8", "ignore"))
        before = text[:pos]
        line = before.count("\n") + 1 + line_offset
        column = pos - (before.rfind("\n") + 1) + 1
        return Problem(
            relpath,
            line,
            column,
            "",
            f"invalid YAML: expected printable text, found the character "
            f"U+{exc.character:04X}, which YAML does not allow; remove it",
        )
    return Problem(relpath, 1 + line_offset, 0, "", "invalid YAML: " + " ".join(str(exc).split()))


def read_yaml(text: str, relpath: str, line_offset: int = 0) -> tuple[Source, list[Problem]]:
    """Parse one YAML document. Returns the data with its spots, and any problems."""
    try:
        loader = _Loader(text)  # the pure-Python reader checks characters right here
    except yaml.YAMLError as exc:
        return Source(None), [_unreadable(exc, text, relpath, line_offset)]
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = (mark.line + 1 + line_offset) if mark else 0
            column = (mark.column + 1) if mark else 0
            reason = exc.problem or "invalid YAML"
            if exc.context:
                reason = f"{reason} ({exc.context})"
            return Source(None), [Problem(relpath, line, column, "", f"invalid YAML: {reason}")]
        except yaml.YAMLError as exc:
            return Source(None), [_unreadable(exc, text, relpath, line_offset)]
        if node is None:
            return Source(None), []
        builder = _Builder(loader, relpath, line_offset)
        try:
            builder.source.data = builder.build(node, ())
        except _TooBig:
            return Source(None), [
                Problem(relpath, 1 + line_offset, 0, "", "the document expands to too many values")
            ]
        except RecursionError:
            return Source(None), [
                Problem(relpath, 1 + line_offset, 0, "", "the document is nested too deeply")
            ]
        return builder.source, builder.problems
    finally:
        loader.dispose()

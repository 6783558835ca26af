"""Read YAML into plain data while remembering where every value came from.

PyYAML's safe loader is close to what people need, but it silently keeps the
last of two duplicate keys and it has no memory of line numbers once the data
is built. So we compose the node tree ourselves (with the C parser when it is
there), build the data from it, and keep a map from each field path to its
node. The map lets validation errors point at a line and lets us explain the
YAML 1.1 surprises (`no` read as false, `1:30` read as 90) in plain words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from ..errors import Problem
from ..model import DATE_TEXT, OFFSET_TEXT, TIME_TEXT
from .yaml_hints import MAX_REPAIRS, MORE, explain_syntax

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader (PyYAML's C one when built), used only to compose nodes."""


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


def spot_at(node: yaml.Node, line_offset: int = 0) -> Spot:
    """The spot of a node of the composed tree."""
    mark = node.start_mark
    spot = Spot(mark.line + 1 + line_offset, mark.column + 1, tag=node.tag or "")
    if isinstance(node, yaml.ScalarNode):
        spot.raw = node.value
        spot.plain = not node.style
    return spot


class Spots(Mapping[Path, Spot]):
    """The spots of a document's values (or keys), made only when one is asked for.

    Most files have no problem, and then no spot is ever needed: keeping the node
    of each path is far cheaper than making a Spot for every value up front.
    """

    __slots__ = ("_made", "_nodes", "_offset")

    def __init__(self, nodes: dict[Path, yaml.Node] | None = None, line_offset: int = 0) -> None:
        self._nodes: dict[Path, yaml.Node] = {} if nodes is None else nodes
        self._offset = line_offset
        self._made: dict[Path, Spot] = {}

    def __getitem__(self, path: Path) -> Spot:
        spot = self._made.get(path)
        if spot is None:
            spot = self._made[path] = spot_at(self._nodes[path], self._offset)
        return spot

    def __contains__(self, path: object) -> bool:
        return path in self._nodes

    def __iter__(self) -> Iterator[Path]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)


@dataclass
class Source:
    """Data read from one YAML document, with the spot of every value and key."""

    data: Any
    values: Mapping[Path, Spot] = field(default_factory=Spots)
    keys: Mapping[Path, Spot] = field(default_factory=Spots)
    #: Plain values that YAML 1.1 (this reader) and YAML 1.2 (editors) read differently.
    differs: dict[Path, str] = field(default_factory=dict)
    #: A key inside `{...}` with no value, after a text value: a comma split that text.
    splits: dict[Path, Path] = field(default_factory=dict)
    #: After a syntax error: the data of the text as repaired, to find the other mistakes.
    recovered: Source | None = None
    touched: frozenset[int] = frozenset()  # lines the repair changed
    #: False when no text value can hold a control character: the reader refuses them
    #: raw, so only the escapes of a double-quoted scalar make one (and a lone `\r`
    #: is counted too, though YAML reads it as a line break).
    may_hold_controls: bool = True

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

# YAML 1.2 core schema, the reading of editors and JSON tools.
_CORE_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_CORE_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^[-+]?[0-9]+$")
_CORE_OCT = re.compile(r"^0o[0-7]+$")
_CORE_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_CORE_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_CORE_INF = re.compile(r"^[-+]?\.(inf|Inf|INF)$")
_CORE_NAN = re.compile(r"^\.(nan|NaN|NAN)$")
# The date and date-time forms JSON Schema's `format` accepts (RFC 3339), written the
# way YAML and Python agree on them.
_STRICT_STAMP = re.compile(rf"^{DATE_TEXT}(T{TIME_TEXT}{OFFSET_TEXT}?)?$")


def yaml12(raw: str) -> Any:
    """What a YAML 1.2 reader (core schema) makes of a plain scalar."""
    if _CORE_NULL.match(raw):
        return None
    if _CORE_BOOL.match(raw):
        return raw.lower() == "true"
    if _CORE_INT.match(raw):
        return int(raw)
    if _CORE_OCT.match(raw):
        return int(raw[2:], 8)
    if _CORE_HEX.match(raw):
        return int(raw[2:], 16)
    if _CORE_FLOAT.match(raw):
        return float(raw)
    if _CORE_INF.match(raw):
        return float("-inf") if raw.startswith("-") else float("inf")
    if _CORE_NAN.match(raw):
        return float("nan")
    return raw


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # both NaN
    return type(a) is type(b) and a == b


def plain_number(value: float) -> str:
    """A number as a user would type it: `1000`, not `1e+03` or `1000.0`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _as_read(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {plain_number(value)}"
    if isinstance(value, str):
        return "text"
    return "a date" if value is not None else "empty"


def yaml_versions_differ(raw: str, value: Any) -> str | None:
    """Why a plain scalar read as `value` by YAML 1.1 is read otherwise by YAML 1.2, or None.

    Editors check `dossier.yml` against its JSON Schema with a YAML 1.2 reader; this
    checker reads YAML 1.1. Where the two disagree, neither answer is safe.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        if _STRICT_STAMP.match(raw):
            return None  # an editor reads the same date as text in date / date-time form
        return (
            f"`{raw}` is read as a date here but as text by editors (YAML 1.2); "
            f"write it as {value.isoformat()} (a T between date and time, and seconds)"
        )
    other = yaml12(raw)
    if _same(value, other):
        return None
    said = (
        f"`{raw}` is read as {_as_read(value)} here but as {_as_read(other)} by editors (YAML 1.2)"
    )
    if isinstance(value, bool):
        return f"{said}; write {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return (
                f"{said}; write the number you mean without the leading zero "
                f"({plain_number(value)} or {plain_number(other)})"
            )
        return f"{said}; write {plain_number(value)}"
    # Read as text here: quoting keeps it text for editors too.
    fix = quote_hint(raw)
    if isinstance(other, (int, float)) and not isinstance(other, bool):
        fix += f", or write {plain_number(other)} for a number"
    return f"{said}; {fix}"


_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_STR = YAML_TAG + "str"
_INT = YAML_TAG + "int"
_KEY_TAGS = frozenset(YAML_TAG + name for name in ("str", "int", "bool", "float", "null"))
#: The first characters of every plain scalar that YAML 1.2's core schema reads as
#: something other than text (see `yaml12`). Plain text starting with any other
#: character reads as the same text in both versions, so it needs no closer look.
_NOT_ONLY_TEXT = frozenset("~nNtTfF+-.0123456789")
_MERGE = YAML_TAG + "merge"
_NULL = YAML_TAG + "null"


class _Builder:
    def __init__(self, loader: Any, relpath: str, line_offset: int) -> None:
        self.loader = loader
        self.relpath = relpath
        self.line_offset = line_offset
        self.problems: list[Problem] = []
        self.values: dict[Path, yaml.Node] = {}
        self.keys: dict[Path, yaml.Node] = {}
        self.source = Source(
            data=None,
            values=Spots(self.values, line_offset),
            keys=Spots(self.keys, line_offset),
            may_hold_controls=False,
        )
        self.count = 0
        self.stack: set[int] = set()

    def spot_of(self, node: yaml.Node) -> Spot:
        return spot_at(node, self.line_offset)

    def problem(self, node: yaml.Node, path: Path, message: str) -> None:
        spot = self.spot_of(node)
        self.problems.append(Problem(self.relpath, spot.line, spot.column, dotted(path), message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        self.values[path] = node
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            self.problem(
                node,
                path,
                f"unsupported YAML tag {node.tag!r}; dossiers use plain YAML values only",
            )
            return None
        if node.__class__ is _ScalarNode:  # never on the stack: only collections are
            if tag == _STR:
                return self.text(node, path)
            return self.scalar(node, path)
        if id(node) in self.stack:
            self.problem(node, path, "an alias refers to the list or mapping that contains it")
            return None
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.stack.discard(id(node))

    def text(self, node: yaml.ScalarNode, path: Path) -> str:
        """What the constructor gives for text (`construct_yaml_str`), without its calls:
        text is most of a dossier."""
        value = node.value
        style = node.style
        if not style:
            if not value or value[0] in _NOT_ONLY_TEXT:
                why = yaml_versions_differ(value, value)
                if why:
                    self.source.differs[path] = why
        elif style == '"':
            self.source.may_hold_controls = True
        if "\r" in value:
            self.source.may_hold_controls = True
        return value

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag == _INT and not node.style and _SEXAGESIMAL.match(node.value):
            self.problem(
                node,
                path,
                f"`{node.value}` is read by YAML 1.1 as a base-60 number; write a decimal number "
                f'(1.5 for an hour and a half) or text in quotes ("{node.value}")',
            )
            return None
        try:
            value = self.loader.construct_object(node, deep=True)
        except Exception as exc:  # explicit tags (`!!timestamp 0`) fail in many ways
            reason = ""
            if isinstance(exc, (yaml.YAMLError, ValueError, OverflowError)):
                reason = f" ({shown(getattr(exc, 'problem', None) or str(exc))})"
            kind = node.tag.removeprefix(YAML_TAG)
            expected = _READABLE.get(kind, f"a {kind}")
            self.problem(node, path, f"expected {expected}, found `{shown(node.value)}`{reason}")
            return None
        if not node.style:  # every tag that reaches here is plain (`build` refused others)
            why = yaml_versions_differ(node.value, value)
            if why:
                self.source.differs[path] = why
        return value

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.keys
        previous: tuple[Path, yaml.Node] | None = None
        flow = node.flow_style
        for key_node, value_node in node.value:
            key_tag = key_node.tag
            if key_tag == _MERGE:
                self.problem(
                    key_node,
                    (*path, "<<"),
                    "merge keys (<<) are not supported; write the fields out",
                )
                continue
            if key_node.__class__ is not _ScalarNode or key_tag not in _KEY_TAGS:
                self.problem(key_node, path, "a field name must be plain text")
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in result:
                # The first key node of this path is the one kept in `keys`.
                line = keys[key_path].start_mark.line + 1 + self.line_offset
                self.problem(
                    key_node,
                    key_path,
                    f"duplicate key `{shown(key)}` (first at line {line}); "
                    "YAML would silently keep only the last one",
                )
                continue
            keys[key_path] = key_node
            if value_node.__class__ is _ScalarNode and value_node.tag == _STR:
                # `build` for text, inline: most values of a dossier are text.
                self.count += 1
                if self.count > MAX_NODES:
                    raise _TooBig
                self.values[key_path] = value_node
                result[key] = self.text(value_node, key_path)
            else:
                result[key] = self.build(value_node, key_path)
            if not flow:
                continue
            if (
                previous is not None
                and previous[1].__class__ is _ScalarNode
                and previous[1].tag == _STR
                and _empty(value_node)
            ):
                self.source.splits[key_path] = previous[0]
            previous = (key_path, value_node)
        return result


_ScalarNode = yaml.ScalarNode


def _empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL and not node.value


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


def _read_once(
    text: str, relpath: str, line_offset: int
) -> tuple[Source, list[Problem], yaml.MarkedYAMLError | None]:
    try:
        loader = _Loader(text)  # the pure-Python reader checks characters right here
    except yaml.YAMLError as exc:
        return Source(None), [_unreadable(exc, text, relpath, line_offset)], None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            return Source(None), [], exc
        except yaml.YAMLError as exc:
            return Source(None), [_unreadable(exc, text, relpath, line_offset)], None
        if node is None:
            return Source(None), [], None
        builder = _Builder(loader, relpath, line_offset)
        try:
            builder.source.data = builder.build(node, ())
        except _TooBig:
            return (
                Source(None),
                [
                    Problem(
                        relpath, 1 + line_offset, 0, "", "the document expands to too many values"
                    )
                ],
                None,
            )
        except RecursionError:
            return (
                Source(None),
                [Problem(relpath, 1 + line_offset, 0, "", "the document is nested too deeply")],
                None,
            )
        return builder.source, builder.problems, None
    finally:
        loader.dispose()


def read_yaml(
    text: str, relpath: str, line_offset: int = 0, *, recover: bool = False
) -> tuple[Source, list[Problem]]:
    """Parse one YAML document. Returns the data with its spots, and any problems.

    With `recover`, after a syntax error the text is repaired as the message
    suggests and read again, so the file's other mistakes can be reported too:
    the data comes back in `Source.recovered` (problems on the repaired lines are
    left out). Without it, the message says that more errors may follow.
    """
    source, problems, error = _read_once(text, relpath, line_offset)
    if error is None:
        return source, problems
    found: list[Problem] = []
    touched: set[int] = set()
    current = text
    for _ in range(MAX_REPAIRS if recover else 1):
        syntax = explain_syntax(error, current)
        found.append(Problem(relpath, syntax.line + line_offset, syntax.column, "", syntax.message))
        if not recover or syntax.repaired is None or syntax.repaired == current:
            break
        touched |= {line + line_offset for line in syntax.touched}
        current = syntax.repaired
        again, more, error = _read_once(current, relpath, line_offset)
        if error is None:
            result = Source(None, recovered=again, touched=frozenset(touched))
            return result, found + [p for p in more if p.line not in touched]
    last = found[-1]
    found[-1] = replace(last, message=last.message + MORE)
    return Source(None), found

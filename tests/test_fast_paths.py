"""The quick paths of the build give exactly what the slower, obvious code gave.

Issue #14 made the cold build cheaper: the YAML reader keeps nodes and makes a
line/column spot only when a problem asks for one, reads text without the
constructor and looks tags up in a table; SVG attributes skip `quoteattr` when
there is nothing to escape, and the commonest SVG elements are written as one
f-string each instead of through `_tag`. Each is checked here against the code it replaced
(kept below as the oracle), on the shipped examples, on every bad input of
test_loader.py and on generated input. (Calendars, written without icalendar
since, are checked against it in test_calendar_ics.py.)
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_dossier.errors import Problem
from interview_dossier.load import yamlsource
from interview_dossier.load.yamlsource import (
    _PLAIN_TAGS,
    _SEXAGESIMAL,
    MAX_NODES,
    YAML_TAG,
    Source,
    Spot,
    _empty,
    _Loader,
    _read_once,
    _TooBig,
    _unreadable,
    dotted,
    shown,
    yaml_versions_differ,
)
from interview_dossier.load.yamlsource import Path as FieldPath
from interview_dossier.render import pictures
from test_loader import BAD_INPUTS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "dossiers"
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = dt.date(2026, 11, 25)

# ---------------------------------------------------------------- the oracle: the reader before #14


class _EagerBuilder:
    """The builder as it was: a Spot for every value and key, the constructor for every
    scalar, PyYAML's own resolver."""

    def __init__(self, loader: Any, relpath: str, line_offset: int) -> None:
        self.loader = loader
        self.relpath = relpath
        self.line_offset = line_offset
        self.problems: list[Problem] = []
        self.source = Source(data=None, values={}, keys={})
        self.count = 0
        self.stack: set[int] = set()

    def spot_of(self, node: yaml.Node) -> Spot:
        mark = node.start_mark
        spot = Spot(mark.line + 1 + self.line_offset, mark.column + 1, tag=node.tag or "")
        if isinstance(node, yaml.ScalarNode):
            spot.raw = node.value
            spot.plain = not node.style
        return spot

    def problem(self, node: yaml.Node, path: FieldPath, message: str) -> None:
        spot = self.spot_of(node)
        self.problems.append(Problem(self.relpath, spot.line, spot.column, dotted(path), message))

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        self.source.values[path] = self.spot_of(node)  # type: ignore[index]
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

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        if node.tag == YAML_TAG + "int" and not node.style and _SEXAGESIMAL.match(node.value):
            self.problem(
                node,
                path,
                f"`{node.value}` is read by YAML 1.1 as a base-60 number; write a decimal number "
                f'(1.5 for an hour and a half) or text in quotes ("{node.value}")',
            )
            return None
        try:
            value = self.loader.construct_object(node, deep=True)
        except Exception as exc:
            reason = ""
            if isinstance(exc, (yaml.YAMLError, ValueError, OverflowError)):
                reason = f" ({shown(getattr(exc, 'problem', None) or str(exc))})"
            kind = node.tag.removeprefix(YAML_TAG)
            expected = yamlsource._READABLE.get(kind, f"a {kind}")
            self.problem(node, path, f"expected {expected}, found `{shown(node.value)}`{reason}")
            return None
        if not node.style and node.tag in _PLAIN_TAGS:
            why = yaml_versions_differ(node.value, value)
            if why:
                self.source.differs[path] = why
        return value

    def mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        previous: tuple[FieldPath, yaml.Node] | None = None
        for key_node, value_node in node.value:
            if key_node.tag == YAML_TAG + "merge":
                self.problem(
                    key_node,
                    (*path, "<<"),
                    "merge keys (<<) are not supported; write the fields out",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in {
                YAML_TAG + name for name in ("str", "int", "bool", "float", "null")
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
            self.source.keys[key_path] = self.spot_of(key_node)  # type: ignore[index]
            result[key] = self.build(value_node, key_path)
            if (
                node.flow_style
                and previous is not None
                and isinstance(previous[1], yaml.ScalarNode)
                and previous[1].tag == YAML_TAG + "str"
                and _empty(value_node)
            ):
                self.source.splits[key_path] = previous[0]
            previous = (key_path, value_node)
        return result


_PlainLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def eager_read(text: str, relpath: str, line_offset: int) -> tuple[Any, ...]:
    """What `_read_once` gave before #14, as comparable plain data."""
    try:
        loader = _PlainLoader(text)
    except yaml.YAMLError as exc:
        return _comparable(Source(None), [_unreadable(exc, text, relpath, line_offset)], None)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            return _comparable(Source(None), [], exc)
        except yaml.YAMLError as exc:
            return _comparable(Source(None), [_unreadable(exc, text, relpath, line_offset)], None)
        if node is None:
            return _comparable(Source(None), [], None)
        builder = _EagerBuilder(loader, relpath, line_offset)
        try:
            builder.source.data = builder.build(node, ())
        except _TooBig:
            too_many = Problem(
                relpath, 1 + line_offset, 0, "", "the document expands to too many values"
            )
            return _comparable(Source(None), [too_many], None)
        except RecursionError:
            deep = Problem(relpath, 1 + line_offset, 0, "", "the document is nested too deeply")
            return _comparable(Source(None), [deep], None)
        return _comparable(builder.source, builder.problems, None)
    finally:
        loader.dispose()


def quick_read(text: str, relpath: str, line_offset: int) -> tuple[Any, ...]:
    """What `_read_once` gives now, in the same form."""
    return _comparable(*_read_once(text, relpath, line_offset))


def _comparable(
    source: Source, problems: list[Problem], error: yaml.MarkedYAMLError | None
) -> tuple[Any, ...]:
    return (
        _plain(source.data),
        problems,
        dict(source.values),
        dict(source.keys),
        source.differs,
        source.splits,
        None if error is None else str(error),
    )


def _plain(value: Any) -> Any:
    """Data with NaN made comparable (NaN != NaN) and types kept apart (1 == True)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def same_reading(text: str, relpath: str = "dossiers/x/dossier.yml", offset: int = 0) -> None:
    assert quick_read(text, relpath, offset) == eager_read(text, relpath, offset)


# ---------------------------------------------------------------- YAML: corpora


def _yaml_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*/dossier.yml"))]
    for note in sorted(EXAMPLES.glob("*/*.md")):
        text = note.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            texts.append(text.split("---\n", 2)[1])
    for case in BAD_INPUTS:
        for path, content in case.files.items():
            if isinstance(content, bytes):
                try:
                    content = content.decode("utf-8-sig")
                except UnicodeDecodeError:
                    continue
            if path.endswith(".md"):
                parts = content.split("---\n", 2)
                content = parts[1] if len(parts) == 3 else content
            texts.append(content)
    return texts


YAML_TEXTS = _yaml_texts()


def test_the_corpus_is_large_and_has_problems() -> None:
    # The comparison below means something only if it meets both clean and bad files.
    assert len(YAML_TEXTS) > 80
    readings = [quick_read(t, "x.yml", 0) for t in YAML_TEXTS]
    assert sum(1 for r in readings if r[1]) >= 10  # problems while reading
    assert sum(1 for r in readings if r[4]) >= 10  # YAML 1.1/1.2 differences
    assert sum(1 for r in readings if r[6]) >= 5  # syntax errors


@pytest.mark.parametrize("index", range(len(YAML_TEXTS)))
def test_reader_reads_examples_and_bad_inputs_as_before(index: int) -> None:
    same_reading(YAML_TEXTS[index])
    same_reading(YAML_TEXTS[index], "dossiers/x/note.md", 3)


# ---------------------------------------------------------------- YAML: generated

TRICKY = [
    "no", "No", "yes", "on", "off", "y", "n", "true", "False", "null", "Null", "~", "",
    "1:30", "-1:30", "190:20:30", "0o17", "0x1F", "017", "09", "1_000", "1e3", "1.0e+3",
    ".5", "+.5", "-7", ".inf", "-.Inf", ".nan", ".NaN", "2026-02-30", "2026-12-02",
    "2026-12-02 10:00:00", "2026-12-02T10:00:00+01:00", "2026-12-02t10:00:00Z", "12:00",
    "!!str 12", "!!int x", "!!float 1", "!!timestamp 0", "!!bool yes", "!!python/name:os.system",
    "&a 1", "*a", "Acme", "Acme, Inc", "a: b", "€ 90000", "90k", "80,000", "tab\there",
    "[1, 2]", "{a: 1, b}", "{a: b, c}", "'quoted'", '"dq"', "|\n  block", ">\n  folded",
    "=", "<<: {a: 1}", "#comment", "- item", "?", "%", "@", "`",
]  # fmt: skip

plain_scalar = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
)
keys = st.one_of(
    st.sampled_from(["company", "role", "when", "a", "b", "1", "no", "~"]), plain_scalar
)


def _block(depth: int) -> st.SearchStrategy[str]:
    """YAML text built line by line, plain scalars written as they are (often wrong)."""
    if depth == 0:
        return plain_scalar
    child = _block(depth - 1)
    entry = st.tuples(keys, st.one_of(plain_scalar, child))
    pad = "  " * (3 - depth)

    def as_mapping(entries: list[tuple[str, str]]) -> str:
        return "\n" + "\n".join(f"{pad}{k}: {v}" for k, v in entries)

    def as_list(items: list[str]) -> str:
        return "\n" + "\n".join(f"{pad}- {v}" for v in items)

    return st.one_of(
        plain_scalar,
        st.lists(entry, max_size=4).map(as_mapping),
        st.lists(st.one_of(plain_scalar, child), max_size=3).map(as_list),
        st.lists(st.tuples(keys, plain_scalar), max_size=3).map(
            lambda es: "{" + ", ".join(f"{k}: {v}" for k, v in es) + "}"
        ),
    )


documents = st.one_of(
    _block(3).map(lambda s: s.lstrip("\n")),
    st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(max_size=10),
            st.dates(),
            st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
        ),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=12,
    ).map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
)


@SETTINGS
@given(documents, st.integers(min_value=0, max_value=5))
def test_reader_reads_generated_yaml_as_before(text: str, offset: int) -> None:
    same_reading(text, "dossiers/x/dossier.yml", offset)


@SETTINGS
@given(plain_scalar, st.booleans())
def test_resolver_gives_pyyaml_tags(value: str, implicit: bool) -> None:
    ours = _Loader("")
    theirs = _PlainLoader("")
    try:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            assert ours.resolve(kind, value, (implicit, not implicit)) == theirs.resolve(
                kind, value, (implicit, not implicit)
            )
    finally:
        ours.dispose()
        theirs.dispose()


def test_spots_are_made_only_when_asked_for() -> None:
    source, problems, _ = _read_once("company: Acme\nrole: [a, b]\n", "x.yml", 2)
    assert problems == []
    assert isinstance(source.values, yamlsource.Spots) and source.values._made == {}
    assert source.spot(("role", 1)) == Spot(4, 11, raw="b", tag=YAML_TAG + "str")
    assert source.keys[("role",)] == Spot(4, 1, raw="role", tag=YAML_TAG + "str")
    assert ("nothing",) not in source.values and len(source.values) == 5


# ---------------------------------------------------------------- SVG attributes


def _quoted_attrs(attrs: dict[str, object | None]) -> str:
    """`pictures._attrs` as it was: `quoteattr` on every value."""
    return "".join(
        f" {name}={quoteattr(pictures._num(value) if isinstance(value, float) else str(value))}"
        for name, value in attrs.items()
        if value is not None
    )


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(["x", "y", "class", "aria-label", "d"]),
        st.one_of(
            st.none(),
            st.floats(),
            st.integers(),
            st.booleans(),
            st.text(),
            st.sampled_from(['a"b', "a'b", "a\"b'c", "<&>", "x\ny", "\t", "\r"]),
        ),
    )
)
def test_svg_attributes_are_escaped_as_before(attrs: dict[str, object | None]) -> None:
    assert pictures._attrs(attrs) == _quoted_attrs(attrs)


def _old_num(value: float) -> str:
    """`pictures._num` as it was: two decimals, trailing zeros and point dropped."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@SETTINGS
@given(st.lists(st.one_of(st.floats(), st.integers(min_value=-(2**60), max_value=2**60))))
def test_svg_numbers_are_written_as_before(values: list[float]) -> None:
    # Twice: the second time each number comes from the table of numbers written.
    for value in values + values + [-0.0, 0.0, 0, -0.001, 0.005, 1e300, math.inf, math.nan]:
        assert pictures._num(value) == _old_num(value)


def test_the_table_of_svg_numbers_stays_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pictures, "_MAX_NUMBERS", 30)
    pictures._numbers.clear()
    for n in range(100):
        assert pictures._num(n / 7) == _old_num(n / 7)
        assert len(pictures._numbers) <= 30


# ---------------------------------------------------------------- SVG elements written directly

NUMBERS = st.one_of(st.floats(), st.integers(min_value=-(2**53), max_value=2**53))
VALUES = st.one_of(
    st.none(),
    st.floats(),
    st.text(),
    st.sampled_from(['a"b', "a'b", "<&>", "x\ny", "700", "#b71c1c"]),
)
EXTRA = st.dictionaries(
    st.sampled_from(["fill", "font-weight", "fill-opacity", "data-kind"]), VALUES, max_size=3
)


@SETTINGS
@given(x=NUMBERS, y=NUMBERS, size=NUMBERS, words=st.text(), attrs=EXTRA)
def test_a_text_label_is_the_tag_it_stands_for(
    x: float, y: float, size: float, words: str, attrs: dict[str, object | None]
) -> None:
    slow = pictures._tag(
        "text",
        {"x": float(x), "y": float(y), "font-size": float(size), "fill": "currentColor", **attrs},
        escape(words),
    )
    assert pictures._text(x, y, words, size, **attrs) == slow


@SETTINGS
@given(x1=st.floats(), x2=st.floats(), y1=st.floats(), y2=st.floats(), more=EXTRA)
def test_a_line_is_the_tag_it_stands_for(
    x1: float, x2: float, y1: float, y2: float, more: dict[str, object | None]
) -> None:
    slow = pictures._tag("line", {"x1": x1, "x2": x2, "y1": y1, "y2": y2, **more})
    assert pictures._line(x1, x2, y1, y2, pictures._attrs(more)) == slow
    faint = {"stroke": "currentColor", "stroke-opacity": "0.5"}
    assert pictures._baseline(y1) == pictures._tag(
        "line", {"x1": 12.0, "x2": 288.0, "y1": y1, "y2": y1, **faint}
    )


@SETTINGS
@given(
    cx=st.floats(),
    cy=st.floats(),
    lane=st.sampled_from(pictures.LANES),
    fill=st.sampled_from([pictures.PAST, "#c62828"]),
    day=st.dates(),
    what=st.text(),
    state=st.one_of(st.sampled_from(["past", "done", "overdue", "upcoming"]), st.text()),
)
def test_a_timeline_dot_is_the_tag_it_stands_for(
    cx: float,
    cy: float,
    lane: tuple[str, str, str],
    fill: str,
    day: dt.date,
    what: str,
    state: str,
) -> None:
    kind, _, colour = lane
    event = pictures.TimelineEvent(day, kind, what, state)
    for colour_ in (fill, colour):
        slow = pictures._tag(
            "circle",
            {
                "cx": cx,
                "cy": cy,
                "r": "5.5" if state != "overdue" else "6.5",
                "fill": colour_,
                "stroke": "#fff",
                "stroke-width": "1.5",
                "data-kind": kind,
                "data-date": day.isoformat(),
                "data-state": state,
            },
            pictures._tag("title", {}, escape(f"{pictures._long_day(day)}: {what} ({state})")),
        )
        assert pictures._dot(cx, cy, colour_, kind, event) == slow

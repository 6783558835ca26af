"""Property tests: any input either loads or is refused with clear, placed problems."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

import yaml
from helpers import branches
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from interview_dossier.cli.main import main
from interview_dossier.errors import Problem
from interview_dossier.load.loader import _LEADING, control_problem, load_all, parse_note, slugify
from interview_dossier.load.yamlsource import yaml12
from interview_dossier.model import DossierFacts, NoteMeta, json_schema, one_line

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("dossiers/*/dossier.yml"))]
FACTS_REL = "dossiers/x/dossier.yml"
NOTE_REL = "dossiers/x/note.md"

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- strategies

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["no", "yes", "on", "1:30", "2026-02-30", "~", "0x1F", "1e3", ".5", "null"]),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)
FIELD_NAMES = sorted(
    set(DossierFacts.model_fields)
    | {"when", "what", "due", "date", "base", "minimum", "desired", "low", "high", "name"}
    | {"hours", "unpaid_hours", "stress", "timezone", "private", "done", "compnay"}
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=20,
)
documents = st.dictionaries(keys, values, max_size=8)

SCHEMA = json_schema()


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


class _EditorSafeDumper(yaml.SafeDumper):
    """Quotes text that a YAML 1.2 reader would take for a number, as `check` asks."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if not isinstance(yaml12(text), str) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_EditorSafeDumper.add_representer(str, _represent_text)


def dump_quoted(data: Any) -> str:
    """`dump`, with the text `check` would ask to quote already quoted."""
    return yaml.dump(data, Dumper=_EditorSafeDumper, allow_unicode=True, sort_keys=False)


@st.composite
def structured_yaml(draw: st.DrawFn) -> str:
    data = draw(documents)
    if draw(st.booleans()):
        data = {"company": draw(st.text(max_size=10)), "role": "Engineer", **data}
    return dump(data)


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(EXAMPLE_TEXTS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        else:
            at = draw(st.integers(min_value=0, max_value=len(lines[i])))
            # Any character a UTF-8 file can hold: a lone surrogate has no encoding.
            char = draw(
                st.one_of(
                    st.sampled_from(list(":-[]{}#&*!|>'\"%@` \t\n")),
                    st.characters(blacklist_categories=("Cs",)),
                )
            )
            lines[i] = lines[i][:at] + char + lines[i][at:]
    return "".join(lines)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


@st.composite
def example_with_a_wrong_value(draw: st.DrawFn) -> str:
    """A shipped example with one to three values replaced: reaches deep into the model."""
    data = yaml.safe_load(draw(st.sampled_from(EXAMPLE_TEXTS)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(data)[1:]))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(values)
    return dump(data)


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as `value`, extremes included."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, (int, float)):
        return st.one_of(
            st.integers(min_value=0, max_value=10**30),
            st.floats(min_value=0, allow_infinity=True),
        )
    if isinstance(value, dt.datetime):
        return st.datetimes(timezones=st.timezones())
    if isinstance(value, dt.date):
        return st.dates()
    if isinstance(value, str):
        return st.text(min_size=1, max_size=30)
    return st.just(value)


@st.composite
def example_with_other_values(draw: st.DrawFn) -> str:
    """A shipped example with some values changed to others of their kind: mostly valid."""
    data = yaml.safe_load(draw(st.sampled_from(EXAMPLE_TEXTS)))
    leaves = [p for p in _paths(data)[1:] if not isinstance(_at(data, p), (dict, list))]
    for path in draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=6)):
        _at(data, path[:-1])[path[-1]] = draw(_like(_at(data, path)))
    return dump(data)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


any_facts_text = st.one_of(
    st.text(),
    structured_yaml(),
    mutated_example(),
    example_with_a_wrong_value(),
    example_with_other_values(),
)


# ---------------------------------------------------------------- invariants


def check_problems(problems: list[Problem], allowed_paths: set[str], text: str | None) -> None:
    lines = text.count("\n") + 2 if text is not None else None
    for p in problems:
        assert p.path in allowed_paths, p
        assert p.message.strip(), p
        assert "\n" not in p.message and "\r" not in p.message, p
        assert p.severity == "error", p
        assert p.line >= 0 and p.column >= 0, p
        if p.path.endswith((".yml", ".md")):
            assert p.line >= 1, p
            if lines is not None:
                assert p.line <= lines, p
        assert str(p).startswith(p.path) and "\n" not in str(p), p


def load_text(content: str | bytes) -> tuple[list[Any], list[Problem]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / FACTS_REL
        path.parent.mkdir(parents=True)
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        path.write_bytes(content)
        before = path.read_bytes(), path.stat().st_mtime_ns
        result = load_all(root / "dossiers", root)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        return result


@SETTINGS
@given(any_facts_text)
def test_any_facts_text_loads_or_is_refused(text: str) -> None:
    dossiers, problems = load_text(text)
    if problems:
        assert dossiers == []
        check_problems(problems, {FACTS_REL, "dossiers/x"}, text)
    else:
        assert len(dossiers) == 1
        assert dossiers[0].path == "dossiers/x"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_load_or_are_refused(raw: bytes) -> None:
    dossiers, problems = load_text(raw)
    assert bool(dossiers) != bool(problems)
    check_problems(problems, {FACTS_REL}, None)


@SETTINGS
@given(
    front=st.one_of(
        st.text(),
        st.dictionaries(
            st.one_of(st.sampled_from(sorted(NoteMeta.model_fields)), keys), values
        ).map(dump),
        st.fixed_dictionaries(
            {},
            optional={
                "title": st.text(max_size=10),
                "section": st.sampled_from(["notes", "people", "peple", "homework"]),
                "private": st.one_of(st.booleans(), st.sampled_from(["maybe", "yes", "no"])),
                "date": st.one_of(st.dates(), st.just("2026-02-30")),
                "mentor": st.booleans(),
            },
        ).map(dump),
    ),
    closing=st.sampled_from(["---\n", "...\n", "--- \r\n", ""]),
    body=st.text(max_size=40),
)
def test_any_front_matter_loads_or_is_refused(front: str, closing: str, body: str) -> None:
    text = f"---\n{front}{'' if front.endswith(chr(10)) else chr(10)}{closing}{body}"
    note, problems = parse_note(text, NOTE_REL, "note")
    if problems:
        assert note is None
        check_problems(problems, {NOTE_REL}, text)
    else:
        assert note is not None
        assert note.path == NOTE_REL and note.name == "note"


@SETTINGS
@given(st.text())
def test_any_note_text_loads_or_is_refused(text: str) -> None:
    note, problems = parse_note(text, NOTE_REL, "note")
    assert (note is None) == bool(problems)
    check_problems(problems, {NOTE_REL}, text)
    # U+0085, U+2028 and U+2029 are line breaks to a note, as to str.splitlines.
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if note is not None and not text.lstrip("\ufeff \t\r\n").startswith("---"):
        # Without front matter the whole text is the note, less the blank lines (and a
        # byte-order mark) before it: they are where front matter would have started.
        assert note.body == text[_LEADING.match(text).end() :]


def run_cli(*args: str) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code


@settings(max_examples=30, deadline=None)
@given(
    st.one_of(example_with_other_values(), example_with_a_wrong_value(), mutated_example()),
    st.sampled_from(["text", "json", "github"]),
    st.booleans(),
)
def test_check_command_returns_0_or_1(text: str, fmt: str, private: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FACTS_REL
        path.parent.mkdir(parents=True)
        path.write_bytes(text.encode("utf-8"))
        args = ["check", tmp, "--today", "2026-11-25", "--format", fmt]
        code = run_cli(*args, *(["--private"] if private else []))
        assert code in (0, 1)
        assert path.read_bytes() == text.encode("utf-8")


# Control characters are refused by `new` and `check` (tests/test_notes_front_matter.py).
names = st.text(min_size=1, max_size=30).filter(
    lambda s: bool(s.strip()) and control_problem(s, "") is None
)


@settings(max_examples=40, deadline=None)
@given(company=names, role=names)
def test_new_dossier_keeps_any_name_and_passes_check(company: str, role: str) -> None:
    assume(slugify(company))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        today = dt.date(2026, 11, 25).isoformat()
        dossiers_dir = str(root / "dossiers")
        new = ["new", f"--role={role}", f"--dir={dossiers_dir}", "--", company]
        assert run_cli(*new[:-2], f"--today={today}", *new[-2:]) == 0
        dossiers, problems = load_all(root / "dossiers", root)
        assert problems == []
        # Names are one-line fields: a line break in them is folded into a space.
        assert (dossiers[0].facts.company, dossiers[0].facts.role) == (
            one_line(company),
            one_line(role),
        )
        assert run_cli("check", str(root), "--today", today) == 0
        assert run_cli(*new) == 1  # never overwrites


# ---------------------------------------------------------------- what check accepts, builds

TRICKY_TEXT = [
    "a\nb",
    "Senior\nengineer\n",
    "# heading\n\n- item\n- [ ] task",
    "<script>alert(1)</script>",
    "{{ config }} {% raw %}",
    "[link](javascript:alert(1))",
    "Zürich — 東京 — Москва — 🙂",
    "a\u2028b\u0085c",
    "x" * 3000,
    "word " * 600,
]
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe"]


def _number(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    high = node["maximum"]
    if node["type"] == "integer":
        low = node.get("minimum", node.get("exclusiveMinimum", -1) + 1)
        return st.one_of(st.sampled_from([low, high]), st.integers(low, high))
    if "exclusiveMinimum" in node:
        low, above = node["exclusiveMinimum"], True
    else:
        low, above = node["minimum"], False
    edges = [high, low + 1e-9] if above else [low, high, high - 0.001]
    return st.one_of(
        st.sampled_from(edges),
        st.integers(int(low) + above, int(high)),
        st.floats(low, high, exclude_min=above, allow_nan=False, allow_infinity=False),
    )


def _text(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "const" in node:
        return st.just(node["const"])
    if node.get("format") == "date":
        return st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)).map(dt.date.isoformat)
    if "anyOf" in node:  # an interview's `when`, with an offset
        return st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2035, 12, 31)).map(
            lambda t: t.replace(microsecond=0).isoformat() + "+01:00"
        )
    if node.get("pattern") == "^[A-Z]{3}$":
        return st.sampled_from(["EUR", "USD", "GBP", "JPY"])
    # Control characters other than tab and line breaks are refused by `check` (they
    # would reach terminals and calendars raw): accepted dossiers hold none.
    return st.one_of(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters=_REFUSED),
            min_size=1,
            max_size=40,
        ).filter(str.strip),
        st.sampled_from(TRICKY_TEXT),
    )


_REFUSED = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x0D])


def from_schema(node: dict[str, Any], skip: frozenset[str] = frozenset()) -> st.SearchStrategy[Any]:
    """Values of a schema node: the same bounds, choices and forms `check` uses."""
    options = []
    for branch in branches(SCHEMA, node):
        kind = branch.get("type")
        if kind == "object":
            props = {k: v for k, v in branch.get("properties", {}).items() if k not in skip}
            required = set(branch.get("required", []))
            options.append(
                st.fixed_dictionaries(
                    {
                        k: st.deferred(lambda v=v: from_schema(v))
                        for k, v in props.items()
                        if k in required
                    },
                    optional={
                        k: st.deferred(lambda v=v: from_schema(v))
                        for k, v in props.items()
                        if k not in required and k != "timezone"
                    },
                )
            )
        elif kind == "array":
            options.append(
                st.lists(st.deferred(lambda b=branch: from_schema(b["items"])), max_size=2)
            )
        elif kind in {"integer", "number"}:
            options.append(_number(branch))
        elif kind == "boolean":
            options.append(st.booleans())
        else:
            options.append(_text(branch))
    return st.one_of(options)


def _order_ranges(data: Any) -> Any:
    """`low` never above `high`: a rule across two fields, so drawn values are sorted."""
    if isinstance(data, dict):
        if isinstance(data.get("low"), (int, float)) and isinstance(data.get("high"), (int, float)):
            data["low"], data["high"] = sorted((data["low"], data["high"]))
        for value in data.values():
            _order_ranges(value)
    elif isinstance(data, list):
        for value in data:
            _order_ranges(value)
    return data


@st.composite
def accepted_dossier(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    facts = _order_ranges(draw(from_schema(SCHEMA, frozenset({"private", "public"}))))
    note = draw(
        st.one_of(
            st.sampled_from(TRICKY_TEXT),
            st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters=_REFUSED),
                max_size=300,
            ),
        )
    )
    return facts, note


def _write_dossier(root: Path, facts: dict[str, Any], note: str) -> None:
    folder = root / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text(dump_quoted(facts), encoding="utf-8")
    (folder / "note.md").write_text(f"---\ntitle: A note\n---\n{note}\n", encoding="utf-8")


def core_build(root: Path) -> int:
    """load -> share -> analyse -> render -> Markdown and calendars, as the plugin runs them."""
    import markdown
    from interview_dossier.analyse.analysis import analyse_all
    from interview_dossier.mkdocs_plugin.plugin import MARKDOWN_EXTENSIONS
    from interview_dossier.privacy.filter import share
    from interview_dossier.render.calendars import calendar_files
    from interview_dossier.render.pages import Renderer, build_site

    dossiers, problems = load_all(root / "dossiers", root)
    assert problems == []
    today = dt.date(2026, 11, 25)
    pages = 0
    for shared in (False, True):
        chosen = [share(d) for d in dossiers] if shared else dossiers
        site = build_site(analyse_all(chosen, today), Renderer(), share=shared)
        for page in site.pages:
            markdown.markdown(
                page.content,
                extensions=list(MARKDOWN_EXTENSIONS),
                extension_configs=MARKDOWN_EXTENSIONS,
            )
            pages += 1
        files = calendar_files(chosen, today)
        for data in files.values():
            assert data.startswith(b"BEGIN:VCALENDAR")
    return pages


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
@given(accepted_dossier())
@example(({"company": "0", "role": "0E0"}, "a\nb"))  # text an editor reads as a number
def test_what_check_accepts_the_core_pipeline_builds(case: tuple[dict[str, Any], str]) -> None:
    facts, note = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write_dossier(root, facts, note)
        assert run_cli("check", str(root), "--today", "2026-11-25") == 0, dump_quoted(facts)
        assert core_build(root) > 0


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(accepted_dossier())
def test_what_check_accepts_mkdocs_builds(case: tuple[dict[str, Any], str]) -> None:
    """A few real `mkdocs build --strict` runs on drawn dossiers."""
    from sitebuild import make_project, mkdocs_build

    facts, note = case
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p")
        _write_dossier(root, facts, note)
        assert run_cli("check", str(root), "--today", "2026-11-25") == 0
        done = mkdocs_build(root)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr


def test_the_reported_build_crashes_now_build(tmp_path: Path) -> None:
    """A 400-digit salary is refused by check; a folded `role: >` is accepted and builds."""
    big = f"company: Acme\nrole: Engineer\noffers:\n  - date: 2026-11-24\n    base: {'9' * 400}\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FACTS_REL
        path.parent.mkdir(parents=True)
        path.write_text(big, encoding="utf-8")
        assert run_cli("check", tmp, "--today", "2026-11-25") == 1
    from sitebuild import make_project, mkdocs_build

    folded = "company: Acme\nrole: >\n  Senior platform\n  engineer\nlevel: |\n  Senior\n"
    root = make_project(tmp_path / "p", {"acme": {"dossier.yml": folded}})
    assert run_cli("check", str(root), "--today", "2026-11-25") == 0
    dossiers, _ = load_all(root / "dossiers", root)
    assert (dossiers[0].facts.role, dossiers[0].facts.level) == (
        "Senior platform engineer",
        "Senior",
    )
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr[-3000:]
    page = (root / "site" / "opportunities" / "acme" / "index.html").read_text(encoding="utf-8")
    assert "Senior platform engineer" in page

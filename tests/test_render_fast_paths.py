"""The quick paths of page rendering give exactly what Jinja's own code gave.

Issue #14 made rendering cheaper: each `{{ … }}` is written through one call of
`markup.output` instead of Jinja's `escape(finalize(value))`, and escaped values
are remembered. Checked here against a plain Jinja environment with the same
finalize (the oracle), for every kind of place a value can be written, with values
from data that must stay text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_dossier.render import display, markup, pictures
from interview_dossier.render import note_html as notes
from interview_dossier.render.pages import Renderer
from markupsafe import Markup

PAYLOADS = [
    "![x](x){: onerror=alert(1) }",
    "[t](javascript:alert(1))",
    "</title><img src=x onerror=alert(1)>",
    "a|b | c",
    "*x* _y_ `z` ~~w~~ ==m== :smile: $x$ @me #h +p",
    "- item",
    "1. first",
    "  code?  ",
    "two\nlines\r\nand more\n\n",
    "--smart-dashes",
    "plain words",
    "",
]


class _Html:
    """An object that knows its own HTML, as Jinja's `__html__` protocol allows."""

    def __init__(self, html: str) -> None:
        self.html = html

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return "str-not-html"


# Every kind of place a `{{ }}` can sit in a template.
POSITIONS = {
    "plain": "{{ v }}",
    "expression": "{{ v ~ '!' }}|{{ v if v else 'empty' }}|{{ [v, v]|join(', ') }}",
    "filter": "{{ v|upper }}|{{ v|replace('a', 'b') }}|{{ v|e }}|{{ v|default('x') }}",
    "filter block": "{% filter upper %}<b>{{ v }}</b>{% endfilter %}",
    "macro": "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m(v) }}",
    "call block": (
        "{% macro box() %}<div>{{ caller() }}</div>{% endmacro %}"
        "{% call box() %}{{ v }}{% endcall %}"
    ),
    "call block with arguments": (
        "{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}"
        "{% call(x) each([v, v]) %}[{{ x }}]{% endcall %}"
    ),
    "set block": "{% set s %}<p>{{ v }}</p>{% endset %}{{ s }}{{ s|length }}",
    "loop": "{% for x in [v, none, 3] %}{{ loop.index }}={{ x }};{% endfor %}",
    "not escaped block": "{% autoescape false %}{{ v }}{% endautoescape %}",
    "volatile block": "{% autoescape flag %}{{ v }}{% endautoescape %}",
    "constants": "{{ '*a* <b>' }}{{ 1 + 2 }}{{ none }}{{ 'x' ~ 'y' }}",
}


def _oracle() -> jinja2.Environment:
    """Jinja's own code path: `escape(finalize(value))` for each `{{ }}`."""
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=markup.finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(markup.FILTERS)
    return env


_ENVS = (Renderer().env, _oracle())


@pytest.fixture(scope="module")
def envs() -> tuple[jinja2.Environment, jinja2.Environment]:
    return _ENVS


_COMPILED: dict[tuple[int, str], jinja2.Template] = {}


def _compiled(env: jinja2.Environment, src: str) -> jinja2.Template:
    key = (id(env), src)
    if key not in _COMPILED:
        _COMPILED[key] = env.from_string(src)
    return _COMPILED[key]


def _both(envs: tuple[jinja2.Environment, jinja2.Environment], src: str, **ctx: Any) -> str:
    ours, oracle = envs
    got = _compiled(ours, src).render(**ctx)
    assert got == _compiled(oracle, src).render(**ctx)
    return got


def test_the_renderer_writes_values_through_one_output_call() -> None:
    code = Renderer().env.compile("{{ v }}{% macro m(x) %}{{ x }}{% endmacro %}", raw=True)
    assert code.count("environment.output(") == 2
    assert "escape(" not in code.split("def root", 1)[1]


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("value", PAYLOADS)
def test_data_is_escaped_as_by_jinja_in_every_position(
    envs: tuple[jinja2.Environment, jinja2.Environment], position: str, value: str
) -> None:
    for flag in (True, False):
        _both(envs, POSITIONS[position], v=value, flag=flag)


@pytest.mark.parametrize("value", PAYLOADS)
def test_data_stays_text_in_every_position(
    envs: tuple[jinja2.Environment, jinja2.Environment], value: str
) -> None:
    t = str(markup.text(value))
    expected = {
        "plain": t,
        "filter": f"{markup.text(value.upper())}|{markup.text(value.replace('a', 'b'))}|{t}|{t}",
        "filter block": f"<B>{t.upper()}</B>",
        "macro": f"<i>{t}</i>",
        "call block": f"<div>{t}</div>",
        "call block with arguments": f"[{t}][{t}]",
        "set block": f"<p>{t}</p>{len(t) + 7}",
        "loop": f"1={t};2=;3=3;",
        "volatile block": t,
    }
    for position, wanted in expected.items():
        assert _both(envs, POSITIONS[position], v=value, flag=True) == wanted, position


@pytest.mark.parametrize("position", POSITIONS)
def test_markup_and_html_objects_pass_as_before(
    envs: tuple[jinja2.Environment, jinja2.Environment], position: str
) -> None:
    for value in (Markup("<b>kept</b>"), _Html("<u>own</u>"), None, 42, 1.5, ["a*", "b"]):
        for flag in (True, False):
            _both(envs, POSITIONS[position], v=value, flag=flag)
    assert _both(envs, "{{ v }}", v=Markup("<b>kept</b>")) == "<b>kept</b>"
    assert _both(envs, "{{ v }}", v=_Html("<u>own</u>")) == "<u>own</u>"
    assert _both(envs, "[{{ v }}]", v=None) == "[]"


def test_an_undefined_value_still_fails(
    envs: tuple[jinja2.Environment, jinja2.Environment],
) -> None:
    for env in envs:
        with pytest.raises(jinja2.UndefinedError):
            env.from_string("{{ missing }}").render()
        with pytest.raises(jinja2.UndefinedError):
            env.from_string("{% macro m() %}{{ nope }}{% endmacro %}{{ m() }}").render()


@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet=st.sampled_from("ab <>&\"'-1.*_[](){}!|\n\r\t:#=$@~^`\\+ ")))
def test_any_text_is_written_as_by_jinja(value: str) -> None:
    envs = _ENVS
    for src in POSITIONS.values():
        _both(envs, src, v=value, flag=True)


# The escaping before issue #14, kept as the oracle: one regular expression decided
# whether a value needed any escaping.
_OLD_SPECIAL = re.compile(r"[&<>\"'\\`*_{}\[\]()!|~^#+=:$@\r\n]|^[ \t\d-]|--|[ \t]$")


def _old_text(value: Any) -> str:
    plain = str(value)
    if not _OLD_SPECIAL.search(plain):
        return plain
    if "\n" not in plain and "\r" not in plain:
        return markup._line(plain)
    lines = markup._NEWLINES.split(plain)
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "<br>".join(markup._line(line) for line in lines)


TRICKY = st.text(alphabet=st.sampled_from("a1٣²- \t\r\n.&<>*_[]{}|#:$@~^+=!`\\'\"é"))


@settings(max_examples=1000, deadline=None)
@given(value=st.one_of(TRICKY, st.text(), st.integers(), st.floats()))
def test_text_escapes_as_before(value: Any) -> None:
    # Twice: the second time the escaped value comes from the memo.
    for _ in range(2):
        assert markup.text(value) == _old_text(value)
        assert markup.output(value) == _old_text(value)
    if isinstance(value, str) and markup._is_plain(value):
        assert not _OLD_SPECIAL.search(value)


@pytest.mark.parametrize("value", ["", " ", "-", "1", "٣", "²", "a ", "a--b", "a-b", "x\n", "ok"])
def test_text_escapes_edges_as_before(value: str) -> None:
    assert markup.text(value) == _old_text(value)


def test_the_memo_of_escaped_values_stays_small(monkeypatch: Any) -> None:
    monkeypatch.setattr(markup, "MEMO_LIMIT", 50)
    markup._memo.clear()
    for n in range(120):
        assert markup.output(f"{n}. *x*") == _old_text(f"{n}. *x*")
        assert len(markup._memo) <= 50
    long = "*" * (markup.MEMO_LONGEST + 1)
    assert markup.output(long) == _old_text(long)
    assert long not in markup._memo
    assert markup.output("1. *x*") == _old_text("1. *x*")


# ---------------------------------------------------------------- notes


def test_an_ordinary_note_is_not_parsed_again_for_its_depth(monkeypatch: Any) -> None:
    def no_parse() -> None:
        raise AssertionError("the HTML was parsed for its depth")

    monkeypatch.setattr(notes, "_Depth", no_parse)
    html = notes.note_to_html("## A heading\n\n- **bold** [link](https://example.com)\n" * 20)
    assert html.count("<li>") == 20


@pytest.mark.parametrize("levels", [notes.MAX_HTML_DEPTH - 2, notes.MAX_HTML_DEPTH - 1])
def test_html_depth_up_to_the_limit_is_shown(levels: int) -> None:
    # The wrapping <p> adds one level; this note's "<" count is far above the limit.
    body = "<span>" * levels + "deep" + "</span>" * levels
    assert "deep" in notes.note_to_html(body)


@pytest.mark.parametrize("levels", [notes.MAX_HTML_DEPTH, notes.MAX_HTML_DEPTH + 50])
def test_html_deeper_than_the_limit_is_an_error(levels: int) -> None:
    body = "<span>" * levels + "deep" + "</span>" * levels
    with pytest.raises(notes.NoteError, match="nests HTML elements"):
        notes.note_to_html(body)


# ---------------------------------------------------------------- template globals


class _Entry:
    def __init__(self, private: bool) -> None:
        self.private = private


class _Dossier:
    def private_paths(self) -> set[str]:
        return {"compensation.minimum"}


def test_the_badges_are_python_globals_giving_the_macros_html() -> None:
    env = Renderer().env
    assert env.globals["entry_badge"] is display.entry_badge
    macros = env.get_template("pages/macros.j2").module
    for share in (False, True):
        for private in (False, True):
            entry = _Entry(private)
            assert display.entry_badge(entry, share) == macros.entry_badge(entry, share)
        for path in ("compensation.minimum", "people.notes"):
            shown = display.private_badge(path, _Dossier(), share)
            assert shown == macros.private_badge(path, _Dossier(), share)
    assert display.entry_badge(_Entry(True), False) == display.PRIVATE_BADGE


NAMES = [*dir(dict), *dir(type), *dir(object), "title", "missing", "__name__", "__dict__", "mro"]


@pytest.mark.parametrize("name", sorted(set(NAMES)))
def test_dict_attributes_are_found_as_by_jinja(name: str) -> None:
    ours, oracle = Renderer().env, _oracle()
    assert type(ours).getattr is not jinja2.Environment.getattr
    for value in ({name: "item", "title": "t"}, {}, {1: 2}):
        got, wanted = ours.getattr(value, name), oracle.getattr(value, name)
        assert type(got) is type(wanted)
        if not isinstance(wanted, jinja2.Undefined):
            assert got == wanted


# ---------------------------------------------------------------- dates


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    minutes=st.integers(min_value=0, max_value=24 * 60 - 1),
    offset=st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_dates_are_written_as_strftime_writes_them(day: dt.date, minutes: int, offset: int) -> None:
    zone = dt.timezone(dt.timedelta(minutes=offset))
    when = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), zone)
    # The same instant in UTC is an equal datetime, often on another day.
    for value in (day, when, when.astimezone(dt.timezone.utc)):
        assert display.written_date(value) == f"{value:%a} {value.day} {value:%b %Y}"
        assert pictures._day(value) == f"{value.day} {value:%b}"
    assert display.month_name(day.month) == f"{day:%b}"
    assert display.weekday_name(day.weekday()) == f"{day:%a}"
    html = display.when_html(when, "Europe/Amsterdam", countdown=True)
    assert f'data-written="{markup.text(f"{when:%H:%M}")}"' in html
    assert f'data-written-day="{when:%a}"' in html
    assert str(markup.text(f"{when:%a} {when.day} {when:%b %Y}, {when:%H:%M}")) in html


def test_a_written_date_is_remembered() -> None:
    display.written_date(dt.date(2026, 12, 3))
    hits = display._written_day.cache_info().hits
    display.written_date(dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.timezone.utc))
    assert display._written_day.cache_info().hits == hits + 1

"""Text is text: a value from the user's files is written as exactly what was typed.

The page templates are Markdown; every `{{ value }}` that is not Markup goes through
`markup.text`, which escapes it for HTML and for Markdown. Checked in every kind of
place a value can sit in a template, and through Python-Markdown itself.
"""

from __future__ import annotations

from typing import Any

import jinja2
import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_dossier.render import display, markup
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


ENV = Renderer().env


def _render(src: str, **ctx: Any) -> str:
    return ENV.from_string(src).render(**ctx)


@pytest.mark.parametrize("value", PAYLOADS)
def test_data_stays_text_in_every_position(value: str) -> None:
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
        assert _render(POSITIONS[position], v=value, flag=True) == wanted, position


def test_markup_and_html_objects_are_kept_and_none_is_nothing() -> None:
    assert _render("{{ v }}", v=Markup("<b>kept</b>")) == "<b>kept</b>"
    assert _render("{{ v }}", v=_Html("<u>own</u>")) == "<u>own</u>"
    assert _render("[{{ v }}]", v=None) == "[]"
    assert _render("{{ v }}", v=42) == "42"


def test_an_undefined_value_fails() -> None:
    with pytest.raises(jinja2.UndefinedError):
        _render("{{ missing }}")
    with pytest.raises(jinja2.UndefinedError):
        _render("{% macro m() %}{{ nope }}{% endmacro %}{{ m() }}")


EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.tasklist"]


@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet=st.sampled_from("ab <>&\"'-1.*_[](){}!|:#=$@~^`\\+ ")))
def test_any_one_line_text_reads_back_through_markdown_as_typed(value: str) -> None:
    html = markdown.markdown(f"Said: {markup.text(value)}", extensions=EXTENSIONS)
    page = BeautifulSoup(html, "html.parser")
    assert page.find_all(True) == [page.p]  # one paragraph, no element made of the text
    assert page.p.get_text() == f"Said: {value}"


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
    assert ENV.globals["entry_badge"] is display.entry_badge
    macros = ENV.get_template("pages/macros.j2").module
    for share in (False, True):
        for private in (False, True):
            entry = _Entry(private)
            assert display.entry_badge(entry, share) == macros.entry_badge(entry, share)
        for path in ("compensation.minimum", "people.notes"):
            shown = display.private_badge(path, _Dossier(), share)
            assert shown == macros.private_badge(path, _Dossier(), share)
    assert display.entry_badge(_Entry(True), False) == display.PRIVATE_BADGE

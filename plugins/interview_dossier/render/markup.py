"""Text is text: user values enter the generated Markdown as exactly what was typed.

The pages are Markdown rendered by MkDocs, so HTML escaping alone is not enough:
`[t](javascript:…)` or `![x](x){: onerror=… }` is plain text to an HTML escaper
and live markup to Markdown. `text()` escapes a value for both. Every character
that Markdown (or a common extension) could read as syntax becomes a numeric
character reference; Python-Markdown passes those through untouched and the
browser shows the exact character again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

#: Always escaped. HTML's own five, then Markdown's inline syntax and the
#: characters of common extensions (attr_list `{}`, tables `|`, tilde/caret `~^`,
#: mark `=`, emoji `:`, arithmatex `$`, magiclink `@`, headings `#`, lists `+`).
_ALWAYS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&#34;",
    "'": "&#39;",
    **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~^#+=:$@"},
}
_ESCAPE = str.maketrans(_ALWAYS)
# `-` matters where a line can start (list, rule, setext heading) and in runs
# (`--` for smart dashes); `.` after leading digits makes an ordered list ("1.").
_DASH_START = re.compile(r"^-|-(?=-)|(?<=-)-")
_NUMBERED = re.compile(r"^(\d+)\.")
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$")
_NEWLINES = re.compile(r"\r\n?|\n")

#: The URL schemes a link from data may use; anything else is shown as text.
LINK_SCHEMES = ("http", "https", "mailto", "tel")
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop these anywhere in a URL ("java\tscript:") and C0 controls and
# spaces at its ends, so the scheme is judged on what the browser will read.
_URL_DROPPED = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))


def _line(line: str) -> str:
    line = line.translate(_ESCAPE)
    if line.startswith("-") or "--" in line:
        line = _DASH_START.sub("&#45;", line)
    if line[:1].isdigit():
        line = _NUMBERED.sub(r"\1&#46;", line)
    if line[:1] in " \t" or line[-1:] in " \t":
        # Leading spaces could start a code block; trailing ones a hard line break.
        line = _EDGE_SPACE.sub(_space_entities, line)
    return line


def _space_entities(match: re.Match[str]) -> str:
    return match.group().replace(" ", "&#32;").replace("\t", "&#9;")


def _escape(plain: str) -> str:
    if "\n" not in plain and "\r" not in plain:
        return _line(plain)
    lines = _NEWLINES.split(plain)
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "<br>".join(_line(line) for line in lines)


def text(value: Any) -> Markup:
    """`value` as Markdown source that renders to exactly its text.

    Newlines become `<br>`, so a value can never start a block of its own
    (a heading, a list, a table row, a fence).
    """
    return Markup(_escape(str(value)))


def finalize(value: Any) -> Any:
    """Jinja's `finalize`: every `{{ … }}` that is not already Markup is text.

    Markup is what templates and Python build on purpose (macros, pictures,
    links, rendered notes); everything else, above all user data, is escaped.
    """
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    return text(value)


def safe_url(url: str, schemes: Iterable[str] = LINK_SCHEMES) -> str | None:
    """`url` as the browser would read it if its scheme is allowed, else None.

    A URL without a scheme is refused too: a link from data must say where it goes.
    """
    cleaned = _URL_DROPPED.sub("", url).strip(_URL_EDGES)
    match = _SCHEME.match(cleaned)
    if match is None or match.group(1).lower() not in set(schemes):
        return None
    if match.group(1).lower() in WEB_SCHEMES and not cleaned[match.end() :].startswith("//"):
        return None  # "http:evil" has no host: not a web address anyone meant
    return cleaned


def link(words: Any, url: Any, schemes: Iterable[str] = LINK_SCHEMES) -> Markup:
    """An HTML link to `url` labelled `words`, or plain text if the URL is not allowed.

    The link is raw HTML, not `[…](…)`: the URL is escaped like any text (the
    browser decodes character references in attributes), so Markdown never sees it.
    """
    target = safe_url(str(url), schemes) if url else None
    label = text(words)
    if target is None:
        if url and str(url) != str(words):
            return label + Markup(" (") + text(url) + Markup(")")
        return label
    return Markup(f'<a href="{text(target)}">{label}</a>')


def web_link(value: Any) -> Markup:
    """A place that is a web address becomes a tappable link; anything else is text."""
    return link(value, value, WEB_SCHEMES)


def heading(level: int) -> Markup:
    """The `#` marks of a Markdown heading, for templates that compute the level."""
    if not 1 <= int(level) <= 6:
        raise ValueError(f"heading level {level} is not between 1 and 6")
    return Markup("#" * int(level))


# Jinja's own `join`, `replace` and `escape` return Markup that is escaped for HTML
# only, which `finalize` would then pass through: these versions escape for both.


@pass_eval_context
def join(
    eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: str | None = None
) -> Markup:
    items = [getattr(v, attribute) if attribute else v for v in value]
    sep = d if hasattr(d, "__html__") else Markup(str(d).translate(_ESCAPE))
    return Markup(sep).join(finalize(v) for v in items)


def replace(value: Any, old: str, new: str, count: int | None = None) -> Markup:
    plain = str(value)
    result = plain.replace(old, new) if count is None else plain.replace(old, new, count)
    return text(result)


def escape(value: Any) -> Markup:
    return finalize(value)


def forceescape(value: Any) -> Markup:
    return text(str(value))


FILTERS = {
    "join": join,
    "replace": replace,
    "e": escape,
    "escape": escape,
    "forceescape": forceescape,
    "urlize": forceescape,  # URLs become links only through `link`, never by guessing
    "web_link": web_link,
}
GLOBALS = {"link": link, "heading": heading}

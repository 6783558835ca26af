"""Notes: the one place where the user writes Markdown, rendered to HTML here.

A note is converted by Python-Markdown with the extensions the pages use, its
headings moved below the note's own title, and passed through an HTML sanitizer
(nh3) that keeps the formatting and drops scripts, event handlers and unsafe URLs:
notes are pasted from e-mails and web pages. Only the owner's own notes on the
owner's own site may keep raw HTML, and only with `unsafe_raw_html_in_notes`. The page template
places the result as a raw HTML block, so MkDocs does not read it again as
Markdown (it still rewrites and checks the note's links to other pages).
"""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..load.note_limits import MAX_DEPTH, MAX_HTML_DEPTH, NoteError, check_markdown
from .markup import LINK_SCHEMES, safe_url

#: The extensions of the generated pages (see the MkDocs plugin) that matter in notes.
EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]
EXTENSION_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True}}

# The sanitizer's allow-list: the formatting notes use, nothing that runs.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
    "label", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"checked", "disabled"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
    "details": {"open"},
}
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    attributes=_ATTRIBUTES,
    tag_attribute_values={"input": {"type": {"checkbox"}}},
    url_schemes=set(LINK_SCHEMES),
    filter_style_properties={"text-align"},  # table column alignment, nothing else
    link_rel="noopener noreferrer",
)


def sanitize(html: str) -> str:
    """`html` with only formatting left: no script, event handler, style or unsafe URL."""
    return _CLEANER.clean(html)


_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))


class _ShiftHeadings(Treeprocessor):
    """Moves the note's headings so the highest sits one level below the note title."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.top = 2  # the level the note's highest heading becomes

    def run(self, root: Element) -> None:
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        if not headings:
            return
        shift = self.top - min(int(el.tag[1]) for el in headings)
        for el in headings:
            el.tag = f"h{min(6, max(1, int(el.tag[1]) + shift))}"


_VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _Depth(HTMLParser):
    """The deepest nesting of elements in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)


_local = threading.local()  # one converter per thread (`mkdocs serve` builds in a thread)


def _converter(line_breaks: bool) -> tuple[markdown.Markdown, _ShiftHeadings]:
    name = "md_breaks" if line_breaks else "md"
    if not hasattr(_local, name):
        extensions = [*EXTENSIONS, "nl2br"] if line_breaks else EXTENSIONS
        md = markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)
        shift = _ShiftHeadings(md)
        md.treeprocessors.register(shift, "dossier_shift_headings", 1)
        setattr(_local, name, (md, shift))
    converter: tuple[markdown.Markdown, _ShiftHeadings] = getattr(_local, name)
    return converter


def note_to_html(
    body: str, *, title_level: int = 3, sanitized: bool = False, line_breaks: bool = False
) -> Markup:
    """A note's Markdown as HTML, its headings below a title at `title_level`.

    With `line_breaks`, each line break inside a paragraph stays a line break, as
    typed in a text box (a mentor's comment), instead of joining the lines.
    Raises NoteError for a note Markdown cannot read in reasonable time and depth.
    """
    check_markdown(body)
    md, shift = _converter(line_breaks)
    shift.top = min(6, title_level + 1)
    try:
        html = md.reset().convert(body)
    except RecursionError:
        raise NoteError(
            f"the note is nested too deeply for Markdown (more than {MAX_DEPTH} levels "
            "of lists, quotes or HTML elements): flatten it"
        ) from None
    if sanitized:
        html = sanitize(_unclosed_as_text(html))
    # Each start tag begins with "<": HTML with no more "<" than the limit cannot
    # nest deeper than it, and most notes are far below it, so need no parse.
    if html.count("<") > MAX_HTML_DEPTH:
        depth = _Depth()
        depth.feed(html)
        depth.close()
        if depth.deepest > MAX_HTML_DEPTH:
            raise NoteError(
                f"the note nests HTML elements {depth.deepest} deep; at most {MAX_HTML_DEPTH} "
                "can be shown: flatten it"
            )
    # markdown="0": inside the page's `markdown` sections this stays HTML.
    return Markup(f'<div class="dossier-note-body" markdown="0">\n{html}\n</div>')


_TAG_TEXT = re.compile(r"<[^<>]*>")
#: Elements whose content is text up to their end tag: left open, they hide the rest.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed"})


class _Dropped(HTMLParser):
    """What the sanitizer takes out of a note's HTML, in the words `check` uses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.open_raw: str | None = None
        self.raw_at = (0, 0)  # (line, column) of the open raw-text element's start tag
        self.hidden = ""

    def _add(self, what: str) -> None:
        if what not in self.found:
            self.found.append(what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            self._add(f"<{tag}>")
            if tag in _RAW_TEXT:
                self.open_raw, self.hidden, self.raw_at = tag, "", self.getpos()
        allowed = _ATTRIBUTES.get(tag, set()) | _ATTRIBUTES["*"]
        for name, value in attrs:
            if name.startswith("on") or (name == "style" and name not in allowed):
                self._add(name)
            elif (
                name in allowed
                and name in {"href", "src"}
                and value
                and ":" in value.split("/", 1)[0]
                and safe_url(value) is None
            ):
                self._add(f"a {value.split(':', 1)[0].strip().lower()}: link")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open_raw:
            self.open_raw = None

    def handle_data(self, data: str) -> None:
        if self.open_raw is not None:
            self.hidden += data


def _unclosed_as_text(html: str) -> str:
    """`html` with an unclosed `<style>` or `<script>` written as text.

    The sanitizer would drop everything after such a tag, as its content: the rest of
    the note would vanish without a word.
    """
    for _ in range(20):
        found = _Dropped()
        found.feed(html)
        if found.open_raw is None:
            break
        line, column = found.raw_at
        at = sum(len(part) + 1 for part in html.split("\n")[: line - 1]) + column
        html = f"{html[:at]}&lt;{html[at + 1 :]}"
    return html


def dropped_html(body: str) -> list[str]:
    """What the sanitizer removes from a note, as `check` names it; [] for plain notes.

    A `<style>` or `<script>` left open would hide everything after it; it is shown as
    text instead, and named with the first words after it.
    """
    if "<" not in body and "javascript" not in body.lower() and "{:" not in body:
        return []
    try:
        html = str(note_to_html(body))
    except NoteError:
        return []  # reported as an error by the loader
    found = _Dropped()
    found.feed(html)
    rest = found.rawdata  # what the parser holds back, waiting for an end tag
    found.close()
    words = found.found
    if found.open_raw is not None:
        hidden = " ".join(_TAG_TEXT.sub(" ", found.hidden + rest).split())
        shown = hidden if len(hidden) <= 60 else hidden[:57] + "..."
        words.append(f"an unclosed <{found.open_raw}>, shown as text with what follows ({shown!r})")
    return words

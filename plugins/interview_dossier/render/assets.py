"""Our CSS, JavaScript and page HTML as the built site serves them: small.

A phone on a slow connection pays for every byte and every request before the
first paint. So the build serves our styles as one minified file and our scripts
as one minified file, and trims the indentation out of each page. Material's own
files are already minified and are left alone.

Pure functions over text: no MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import rcssmin
import rjsmin

# Where whitespace is content, or may be: kept byte for byte.
_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def minify_js(text: str) -> str:
    """A script without comments and needless whitespace; its behaviour unchanged."""
    return rjsmin.jsmin(text).strip()


def minify_css(text: str) -> str:
    """A style sheet without comments and needless whitespace."""
    return rcssmin.cssmin(text).strip()


def bundle_js(texts: Iterable[str]) -> str:
    """Several scripts as one file, each minified, in order.

    Each of ours is a self-contained function expression; the `;` keeps one from
    being read as a call on the one before.
    """
    return ";\n".join(minify_js(text) for text in texts) + "\n"


def bundle_css(texts: Iterable[str]) -> str:
    """Several style sheets as one file, each minified, in order."""
    return "\n".join(minify_css(text) for text in texts) + "\n"


def trim_html(html: str) -> str:
    """The page without the indentation of its markup.

    A line break followed by spaces and more line breaks renders as one space,
    exactly as a single line break does; inside <pre>, <textarea>, <script> and
    <style> nothing is touched.
    """
    out: list[str] = []
    start = 0
    for kept in _KEPT.finditer(html):
        out.append(_INDENT.sub("\n", html[start : kept.start()]))
        out.append(kept.group(0))
        start = kept.end()
    out.append(_INDENT.sub("\n", html[start:]))
    return "".join(out)

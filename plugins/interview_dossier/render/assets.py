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


_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_LATER = re.compile(r"\b(defer|async)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
#: Material's own script, written at the end of each page's body.
_THEME_BUNDLE = re.compile(r"(^|/)assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def defer_scripts(html: str, own_dir: str) -> str:
    """The page with its scripts run after parsing, so the first paint waits for none.

    A script without `defer` stops the parser until it has arrived and run; the
    browser shows nothing until then. Deferred scripts run once the page is read,
    in document order and before DOMContentLoaded, which is what ours (under
    `own_dir`) and Material's bundle expect. The page is changed only when every
    script that would block or is deferred already is one of those and no inline
    script follows the bundle: another script may need the theme's objects as it loads.
    """
    blocking: list[re.Match[str]] = []
    after_bundle = False
    for tag in _SCRIPT.finditer(html):
        attributes = tag.group(1)
        kind = _TYPE.search(attributes)
        if kind and kind.group(1).lower() not in ("text/javascript", "application/javascript"):
            continue  # data (JSON) or a module, which is deferred already
        src = _SRC.search(attributes)
        if src is None:
            if after_bundle:
                return html  # inline code after the theme's script may rely on it
            continue
        url = src.group(1)
        if _LATER.search(_QUOTED.sub("", attributes)):
            if not _THEME_BUNDLE.search(url) and f"{own_dir}/" not in url:
                # Another plugin's deferred script (a passphrase share's decryption)
                # may use the theme's objects: it must keep running after the bundle.
                return html
            continue
        if _THEME_BUNDLE.search(url):
            after_bundle = True
        elif f"{own_dir}/" not in url:
            return html
        blocking.append(tag)
    out = []
    start = 0
    for tag in blocking:
        out.append(html[start : tag.end(1)])
        out.append(" defer")
        start = tag.end(1)
    out.append(html[start:])
    return "".join(out)

"""Offline support for the built site: what the service worker precaches, its cache
name, the web app manifest and the home-screen icons.

Pure functions over paths and bytes: no MkDocs import. The MkDocs adapter
(`mkdocs_plugin/offline.py`) decides when each one runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
#: The Web Worker stand-in for file://, loaded by SEARCH_ON_DEMAND there only.
SHIM = "iframe-worker-shim.js"
#: Holds back Material's search worker and index until the reader opens search.
SEARCH_ON_DEMAND = "search-on-demand.js"
#: SEARCH_ON_DEMAND as served, in <head> before Material's bundle. Material skips
#: its CDN copy of the shim when a polyfill's URL contains "iframe-worker".
SEARCH_POLYFILL = "search-on-demand.iframe-worker.js"
#: Folds accents and case out of the pages and queries search gets; loaded by
#: SEARCH_ON_DEMAND, next to it, when the reader opens search.
SEARCH_FOLD = "search-fold.js"
#: Icons written by the build: (file name, pixel size).
ICONS = (
    ("icon-180.png", 180),  # the home screen of an iPhone
    ("icon-192.png", 192),  # the manifest's, for Android and desktop apps
    ("icon-512.png", 512),
)
TOUCH_ICON = ICONS[0][0]
#: The browser tab's icon: the manifest's 192 px one, which a browser fetches anyway
#: (a 32 px file of its own would be one more download on every first view).
FAVICON = ICONS[1][0]
#: localStorage key of the large-type mode; also read by templates/assets/reading.js.
LARGE_TYPE_KEY = "dossier:large-type"

# Material's primary palette colours (--md-primary-fg-color), for the manifest and icons.
PRIMARY_COLOURS = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "black": "#000000",
    "white": "#ffffff",
}
DEFAULT_PRIMARY = "indigo"

LUNR_DIR = "assets/javascripts/lunr/"
#: The index as a script, for search from file:// (see mkdocs_plugin/offline.py).
SEARCH_INDEX_SCRIPT = "search/search_index.js"


def primary_colour(palette: object) -> str:
    """The theme's primary colour as hex; Material's indigo when unset or custom."""
    if isinstance(palette, list):
        palette = palette[0] if palette else {}
    name = palette.get("primary") if isinstance(palette, dict) else None
    return PRIMARY_COLOURS.get(str(name), PRIMARY_COLOURS[DEFAULT_PRIMARY])


def lunr_files(langs: Sequence[str]) -> set[str]:
    """The stemmer files Material's search worker imports for these languages.

    Mirrors `setupSearchLanguages` in Material's search worker: English needs none.
    """
    wanted: set[str] = set()
    for lang in langs:
        if lang == "ja":
            wanted.add("tinyseg.js")
        elif lang in ("hi", "th"):
            wanted.add("wordcut.js")
        if lang != "en":
            wanted.add(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        wanted.add("min/lunr.multi.min.js")
    if wanted:
        wanted.add("min/lunr.stemmer.support.min.js")
    return {LUNR_DIR + name for name in wanted}


def precache_paths(paths: Iterable[str], search_langs: Sequence[str] = ("en",)) -> list[str]:
    """The built files a reader's device keeps, as sorted POSIX paths.

    Every file of the build except: the service worker itself, hidden files, source
    maps and the gzipped sitemap (for developers and crawlers, never requested by a
    page), the script copy of the search index (read on file:// only, where no
    service worker runs), and search stemmers for languages this site does not use.
    """
    needed_lunr = lunr_files(search_langs)
    keep = []
    for path in paths:
        name = PurePosixPath(path).name
        if path == SERVICE_WORKER or name.startswith("."):
            continue
        if name.endswith(".map") or path in ("sitemap.xml.gz", SEARCH_INDEX_SCRIPT):
            continue
        if path.startswith(LUNR_DIR) and path not in needed_lunr:
            continue
        keep.append(path)
    return sorted(keep)


def site_files(site_dir: Path) -> list[str]:
    """Every file under `site_dir`, as POSIX paths relative to it.

    Listed with `os.scandir`, whose entries know their kind: thousands of files at
    1000 dossiers, where a `Path` and a `stat` per file took a quarter of a second.
    Like `Path.rglob`, it does not descend into linked folders.
    """
    found: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir() and not entry.is_symlink():
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file():
                    found.append(prefix + entry.name)

    walk(str(site_dir), "")
    return sorted(found)


def build_hash(site_dir: Path, paths: Iterable[str]) -> str:
    """A short hash of these files' names and bytes: the same build, the same hash."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((site_dir / path).read_bytes()).digest())
    return digest.hexdigest()[:16]


def service_worker(body: str, cache_version: str, paths: Sequence[str]) -> str:
    """The service worker script: the build's constants, then the static body."""
    head = (
        "/* Generated by the dossier plugin at build time: do not edit. */\n"
        f"const CACHE_VERSION = {json.dumps(cache_version)};\n"
        f"const PRECACHE = {json.dumps(list(paths), indent=0)};\n"
    )
    return head + body


def manifest(name: str, description: str, colour: str) -> str:
    """The web app manifest; every URL in it is relative to the manifest itself."""
    icons: list[dict[str, str]] = [
        {"src": f"assets/dossier/{file}", "sizes": f"{size}x{size}", "type": "image/png"}
        for file, size in ICONS
        if size >= 192
    ]
    # The motif keeps to the middle of the icon, so the 512 px one is also maskable.
    icons.append({**icons[-1], "purpose": "maskable"})
    data = {
        "name": name,
        "short_name": name if len(name) <= 12 else "Dossier",
        "description": description,
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def head_tags(root: str, colour: str, *, manifest_link: bool) -> str:
    """Tags for each page's <head>; `root` is the relative URL of the site root ("../../")."""
    tags = []
    if manifest_link:
        tags.append(f'<link rel="manifest" href="{root}{MANIFEST}">')
    tags += [
        f'<meta name="theme-color" content="{colour}">',
        f'<link rel="apple-touch-icon" href="{root}assets/dossier/{TOUCH_ICON}">',
        # Set before the first paint, so large type never flashes in at normal size.
        "<script>try{if(localStorage.getItem("
        f'"{LARGE_TYPE_KEY}")==="1")'
        'document.documentElement.classList.add("dossier-large-type")}catch(e){}</script>',
    ]
    return "".join(tags)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@lru_cache(maxsize=16)
def icon_png(size: int, colour: str) -> bytes:
    """A square PNG: a white index card with three lines, on the theme colour.

    The card stays inside the middle 60 %, the safe zone of a maskable icon.
    """
    bg = bytes(_rgb(colour))
    white = b"\xff\xff\xff"
    left, right = round(size * 0.27), round(size * 0.73)
    top, bottom = round(size * 0.22), round(size * 0.78)
    radius = max(1, round(size * 0.05))
    line_left, line_right = round(size * 0.34), round(size * 0.66)
    line_height = max(1, round(size * 0.045))
    line_tops = [round(size * f) for f in (0.34, 0.46, 0.58)]
    short_right = round(size * 0.56)

    rows = []
    for y in range(size):
        row = bytearray(bg * size)
        if top <= y < bottom:
            # Round the card's corners: shorten the row near the top and bottom edges.
            edge = min(y - top, bottom - 1 - y)
            inset = 0
            if edge < radius:
                dy = radius - edge - 0.5
                inset = round(radius - (radius * radius - dy * dy) ** 0.5)
            row[(left + inset) * 3 : (right - inset) * 3] = white * (right - left - 2 * inset)
            for i, line_top in enumerate(line_tops):
                if line_top <= y < line_top + line_height:
                    end = short_right if i == len(line_tops) - 1 else line_right
                    row[line_left * 3 : end * 3] = bg * (end - line_left)
        rows.append(b"\0" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )

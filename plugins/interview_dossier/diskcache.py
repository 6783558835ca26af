"""What a build made, kept on disk for the next one, and never trusted over its inputs.

`mkdocs serve` keeps its caches in memory; a fresh `mkdocs build` starts a new
process with nothing. The cache folder (`cache_dir`, `.cache/dossier` by default,
covered by .gitignore) keeps what is costly to make again: parsed dossiers
(loader.py), the rendered pages of each dossier and the compiled templates
(render.py), and each dossier's serialised calendar events and the time zones
they use (calendar_ics.py).

Every entry is stored with the key it was made under: a digest of everything it
was made from, including this package's code and the versions of the libraries
that shape the output. An entry whose key differs, or that cannot be read back, is
made again and replaced. A cache is never an error: a read-only or full disk only
costs speed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Libraries whose version changes what a page or a calendar holds.
SHAPING_LIBRARIES = (
    "interview-dossier",
    "jinja2",
    "markupsafe",
    "markdown",
    "pymdown-extensions",
    "nh3",
    "pydantic",
    "pydantic-core",
    "pyyaml",
    "icalendar",
)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def code_fingerprint() -> bytes:
    """This package's code and the shaping libraries' versions: a new release, a
    local edit of a module or an upgraded library makes every stored entry stale."""
    digest = hashlib.blake2b(digest_size=16)
    for name in SHAPING_LIBRARIES:
        digest.update(f"{name}={_version(name)}\0".encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


def files_fingerprint(folders: Iterable[str | Path]) -> bytes:
    """Every file under `folders` (templates, method pages, checklists), by content."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        base = Path(folder)
        digest.update(str(base).encode("utf-8") + b"\0\0")
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            data = path.read_bytes()
            digest.update(f"{path.relative_to(base).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.digest()


def key_of(*parts: str | bytes) -> str:
    """One key from its parts; each part is length-prefixed, so parts never run together."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


class DiskStore:
    """Entries in one folder, each a pickle of `(key, value)` under a hashed name.

    The folder sits in the user's own working tree (like .venv) and only this code
    writes it; whatever is wrong with an entry, the caller makes the value again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0

    def _path(self, name: str) -> Path:
        hashed = hashlib.blake2b(name.encode("utf-8"), digest_size=12).hexdigest()
        return self.folder / f"{hashed}.pickle"

    def get(self, name: str, key: str) -> Any | None:
        try:
            with self._path(name).open("rb") as handle:
                stored_key, value = pickle.load(handle)
        except Exception:
            return None
        if stored_key != key:
            return None
        self.hits += 1
        return value

    def put(self, name: str, key: str, value: Any) -> None:
        path = self._path(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, path)
        except (OSError, pickle.PicklingError):
            pass  # a read-only or full disk only costs speed

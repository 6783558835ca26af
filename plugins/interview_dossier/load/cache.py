"""The one disk cache: parsed dossiers, kept as JSON between builds.

A fresh `mkdocs build` or `dossier build` starts a new process; without this it
would parse every `dossier.yml` and note again. Each dossier folder has one entry:
the dossier as the model dumps it to JSON, stored with a key made of the bytes of
every file of the folder and of this package's code and the versions of the
libraries that parse it. On a load the entry is used only when its key is the
folder's key and the JSON validates through the model again; anything else
(absent, stale, damaged, written by someone else) is ignored and written anew.

Data only: the entry is read with `json` and the model, never with `pickle`,
`marshal` or anything else that can run code. And it lives in the user's own cache
folder (`$XDG_CACHE_HOME/interview-dossier`, `~/.cache/interview-dossier` by
default, or `$DOSSIER_CACHE_DIR`), never in the project: a cloned repository
cannot bring entries of its own.

`mkdocs serve` keeps the plugin, and with it this object, between rebuilds: in
memory an entry is keyed by the files' modification times and sizes, so a save
re-reads only the dossier whose files changed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..model import Dossier

#: Libraries whose version can change what a parsed dossier holds.
PARSING_LIBRARIES = ("interview-dossier", "pydantic", "pydantic-core", "pyyaml", "markdown")
FORMAT = 1


@dataclass(frozen=True)
class FileStamp:
    """What we know of a file without reading it: enough to tell it changed."""

    mtime_ns: int
    size: int


Stamps = tuple[tuple[str, FileStamp], ...]


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def code_fingerprint() -> str:
    """This package's code (every module) and the parsing libraries' versions."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"format {FORMAT}\0".encode())
    for name in PARSING_LIBRARIES:
        digest.update(f"{name}={_version(name)}\0".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def user_cache_dir() -> Path:
    """Where entries live: $DOSSIER_CACHE_DIR, else the user's cache folder."""
    if chosen := os.environ.get("DOSSIER_CACHE_DIR"):
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "interview-dossier"


class ParseCache:
    """Parsed dossiers: in memory for `mkdocs serve`, and on disk as JSON (see above).

    `folder` is the disk location (None: memory only).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._memory: dict[Path, tuple[Stamps, Dossier]] = {}
        self.parsed = 0  # dossiers read from their files, for the tests and the bench
        self.from_disk = 0

    def _entry_path(self, folder: Path) -> Path:
        assert self.folder is not None
        name = hashlib.blake2b(str(folder.absolute()).encode("utf-8"), digest_size=16)
        return self.folder / f"{name.hexdigest()}.json"

    def get(
        self, folder: Path, where: str, files: Sequence[Path], stamps: Stamps
    ) -> Dossier | None:
        """The dossier of `folder` (`where` from the root) if an entry for exactly
        these files is kept."""
        kept = self._memory.get(folder)
        if kept is not None and kept[0] == stamps:
            return kept[1]
        if self.folder is None:
            return None
        try:
            key = content_key(where, files)
            stored = json.loads(self._entry_path(folder).read_text(encoding="utf-8"))
            if not (isinstance(stored, dict) and stored.get("key") == key):
                return None
            dossier = Dossier.model_validate_json(json.dumps(stored["dossier"]))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, ValidationError):
            return None  # absent, unreadable, stale or damaged: the files are read instead
        self.from_disk += 1
        self._memory[folder] = (stamps, dossier)
        return dossier

    def put(
        self, folder: Path, where: str, files: Sequence[Path], stamps: Stamps, dossier: Dossier
    ) -> None:
        self.parsed += 1
        self._memory[folder] = (stamps, dossier)
        if self.folder is None:
            return
        try:
            entry = {
                "key": content_key(where, files),
                "dossier": json.loads(dossier.model_dump_json()),
            }
            path = self._entry_path(folder)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(entry), encoding="utf-8")
            os.replace(partial, path)
        except OSError:
            pass  # a read-only or full disk only costs speed


def content_key(where: str, files: Sequence[Path]) -> str:
    """The key of a folder's entry: the code's fingerprint, the folder's path from the
    root (pages name files by it) and every file's name and bytes."""
    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=20)
    digest.update(where.encode("utf-8"))
    for path in files:
        data = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()

"""Rebuild only what changed under `mkdocs serve --dirty`.

MkDocs' dirty builds skip a page when `File.is_modified()` says it has not
changed. A generated file has no source to compare, so MkDocs always counts it as
changed, and every save rebuilt all pages: at 100 dossiers about 600 pages, each
carrying Material's nav, for a one-line edit. Here each generated file remembers a
hash of its content from the previous build and reports a change only when the
content differs or its output is missing.

What a dirty build would otherwise get wrong, and how it is kept right:

* The nav is printed into every page. When it changes (a dossier added, removed,
  renamed or moved to another status) or `mkdocs.yml` changes, every page is
  rebuilt, the user's own docs pages included.
* Material's search index keeps the entries of pages not rebuilt from the previous
  build (its search plugin's `search_index_prev`, the one name of another
  library's that this relies on; tests/test_serve_incremental.py checks the served
  index), but drops only the first rebuilt page's old entries. The old entries of
  every rebuilt page, and of every page that no longer exists, are dropped here.
* A dossier that was removed leaves its pages in the site folder; they are
  deleted after the build.
* MkDocs warns about any dirty build, which `strict: true` turns into a failure;
  that one warning is dropped while this plugin takes care of what it warns about.

A full build (`mkdocs build`, plain `mkdocs serve`) is unaffected: every file then
counts as modified, as before, and nothing is kept for the next build.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

DIRTY_WARNING = "A 'dirty' build is being performed"


class GeneratedFile(File):
    """A generated file that says truthfully whether it changed since the last build."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


class IncrementalBuild:
    """State kept across `mkdocs serve` rebuilds by the plugin instance."""

    def __init__(self) -> None:
        self.dirty = False
        self.rebuild_all = True
        self._layout: bytes | None = None  # the nav and mkdocs.yml of the last build
        self._contents: dict[str, str | bytes] = {}
        self._next_contents: dict[str, str | bytes] = {}
        self._outputs: dict[str, str] = {}  # where each generated file was written
        self._next_outputs: dict[str, File] = {}
        self._filter = _DropDirtyWarning()
        #: Pages built in the current build (their URLs); for tests and the benchmark.
        self.built: list[str] = []

    def startup(self, *, dirty: bool) -> None:
        self.dirty = dirty
        logger = logging.getLogger("mkdocs.commands.build")
        if dirty:
            logger.addFilter(self._filter)
        else:
            logger.removeFilter(self._filter)

    def start(self, config: MkDocsConfig) -> None:
        """on_config, once the nav is known: decide whether everything must be rebuilt."""
        config_file = config.config_file_path
        layout = repr(config.nav).encode("utf-8") + (
            Path(config_file).read_bytes() if config_file else b""
        )
        self.rebuild_all = not self.dirty or layout != self._layout
        self._layout = layout
        self._next_contents = {}
        self._next_outputs = {}
        self.built = []

    def file(
        self,
        config: MkDocsConfig,
        src_uri: str,
        content: str | bytes,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> File:
        """A generated file, marked changed only if its content differs from last build."""
        file = GeneratedFile.generated(config, src_uri, content=content, inclusion=inclusion)
        if not self.dirty:
            return file  # changed: a full build writes every file
        before = self._contents.get(src_uri)
        file.changed = self.rebuild_all or not (before is content or before == content)
        self._next_contents[src_uri] = content
        self._next_outputs[src_uri] = file
        return file

    def files(self, files: Files) -> None:
        """on_files: when the layout changed, the user's own pages are rebuilt too."""
        if not (self.dirty and self.rebuild_all):
            return
        for file in files:
            if not isinstance(file, GeneratedFile):
                file.is_modified = lambda: True  # type: ignore[method-assign]

    def prune_search(self, config: MkDocsConfig, files: Files) -> None:
        """on_env, before any page is built: drop the old search entries of pages
        that no longer exist and of pages about to be built again (they bring their
        new entries). One pass over the entries, however many pages are rebuilt."""
        index = _previous_search_index(config)
        if index is None:
            return
        kept = {f.url for f in files.documentation_pages() if not f.is_modified()}
        index.entries = [e for e in index.entries if _page_of(e["location"]) in kept]

    def page_built(self, url: str) -> None:
        """on_page_context: record the page built (for the tests and the benchmark)."""
        self.built.append(url)

    def finish(self) -> None:
        """on_post_build: remove the outputs of generated files that are gone."""
        if self.dirty:
            for src_uri, dest in self._outputs.items():
                if src_uri not in self._next_outputs:
                    Path(dest).unlink(missing_ok=True)
        # Paths, not the files: these would keep this build's pages alive. MkDocs has
        # worked out each path already (writing the file, or asking is_modified).
        self._outputs = {src: f.abs_dest_path for src, f in self._next_outputs.items()}
        self._contents, self._next_outputs = self._next_contents, {}


def _previous_search_index(config: MkDocsConfig) -> Any:
    """Material's search index kept from the previous dirty build, if any."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return getattr(plugin, "search_index_prev", None)
    return None

"""MkDocs events for the dossier plugin. The work happens in the core."""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..analyse import AnalysisCache, analyse_all
from ..assets import bundle_css, bundle_js, defer_scripts, trim_html
from ..calendar_ics import CalendarCache, ZoneStore, calendar_files
from ..comparison import load_me_or_raise, load_rates_or_raise
from ..diskcache import DiskStore, code_fingerprint, key_of
from ..errors import DossierError
from ..loader import DossierCache, load_or_raise
from ..model import Dossier
from ..render import (
    PageCache,
    Renderer,
    Site,
    build_site,
    default_templates_dir,
    template_problem,
)
from ..share import share as share_dossier
from ..tables import label_cells
from .comments import CommentSupport
from .config import DossierConfig
from .incremental import IncrementalBuild
from .offline import OfflineSupport

log = get_plugin_logger(__name__)

# Markdown features the generated pages use; added when mkdocs.yml lacks them.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True},
}
ASSET_DIR = "assets/dossier"
# Served as one minified style sheet and one minified script (see assets.py), with
# the offline support's own pieces after these, and the card's debrief button in the
# owner's build.
STYLE = "dossier.css"
SCRIPT = "dossier.js"
STYLES = ("dossier.css",)
SCRIPTS = ("dossier.js", "times.js")


class DossierPlugin(BasePlugin[DossierConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Kept across `mkdocs serve` rebuilds (see on_startup): an edit to one
        # dossier re-reads, re-analyses and re-renders that dossier only.
        self.cache = DossierCache()
        self.analyses = AnalysisCache()
        self.pages = PageCache()
        self.calendar_cache = CalendarCache()
        self.offline = OfflineSupport()
        self.comments = CommentSupport()
        self.incremental = IncrementalBuild()
        self.command = "build"
        self.site: Site | None = None
        self.root = Path.cwd()
        self.templates_override: Path | None = None
        self.share = False
        #: Every dossier as loaded, and the ones the pages are made of (a share build
        #: checks its output against the difference).
        self.loaded: list[Dossier] = []
        self.dossiers: list[Dossier] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds,
        # so the parse cache survives; per-build state is reset in on_config.
        self.command = command
        self.incremental.startup(dirty=dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site = None
        self.root = Path(config.config_file_path).resolve().parent
        dossiers_dir = self.root / self.config.dossiers_dir
        override = self.root / self.config.templates_dir
        self.templates_override = override if override.is_dir() else None
        store = self.root / self.config.cache_dir if self.config.cache_dir else None
        self.cache.store = store
        self.pages.store = DiskStore(store / "pages") if store else None
        share = self.config.share or os.environ.get("DOSSIER_SHARE") == "1"
        self.share = share
        only = set(self.config.only) | {
            s for s in os.environ.get("DOSSIER_ONLY", "").split(",") if s
        }

        try:
            dossiers = load_or_raise(dossiers_dir, self.root, self.cache)
            rates = load_rates_or_raise(dossiers_dir, self.root)
            me = load_me_or_raise(dossiers_dir, self.root)
        except DossierError as exc:
            # The loader's report already names file, line and field: no traceback needed.
            raise PluginError(exc.report()) from None
        self.loaded = list(dossiers)
        if only:
            unknown = sorted(only - {d.slug for d in dossiers})
            if unknown:
                raise PluginError(f"dossier: no dossier with slug {', '.join(unknown)}")
            dossiers = [d for d in dossiers if d.slug in only]
        if share:
            dossiers = [share_dossier(d) for d in dossiers]
        self.dossiers = list(dossiers)

        today = self._today()
        renderer = Renderer(
            self.templates_override,
            default_templates_dir(),
            compiled=store / "templates" if store else None,
        )
        docs_dir = Path(config.docs_dir)
        own_home = (docs_dir / "index.md").exists() and self._shared_doc("index.md")
        home = "dashboard.md" if own_home else "index.md"
        analyses = analyse_all(
            dossiers, today, self.analyses, rates=rates, signature=me.name if me else None
        )
        self.pages.context = _stable_repr(self.analyses.context)
        try:
            self.site = build_site(
                analyses,
                renderer,
                share=share,
                home=home,
                rates=rates,
                nav_limit=self.config.nav_dossiers,
                cache=self.pages,
                owner=me.name if me else None,
            )
        except TemplateError as exc:
            raise PluginError(f"dossier: {template_problem(exc)}") from None
        except DossierError as exc:  # a note Markdown cannot read: named, no traceback
            raise PluginError(exc.report()) from None
        self.comments.configure(share=share, dossiers=dossiers, today=today, pages=self.site.pages)
        # From the same (possibly shared) dossiers as the pages: nothing private gets in.
        self.calendars = self._calendar_files(dossiers, today, store)

        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = options
        config.nav = self._nav(config, docs_dir)
        self.incremental.start(config)
        self.offline.configure(
            config, command=self.command, service_worker=self.config.service_worker
        )
        assets = renderer.base_dir / "assets"
        scripts = [*SCRIPTS, *self.offline.scripts, *self.comments.scripts]
        self.assets = {
            STYLE: bundle_css(
                (assets / name).read_text(encoding="utf-8")
                for name in (*STYLES, *self.offline.styles)
            ),
            SCRIPT: bundle_js((assets / name).read_text(encoding="utf-8") for name in scripts),
        }
        config.extra_css.append(f"{ASSET_DIR}/{STYLE}")
        config.extra_javascript.append(f"{ASSET_DIR}/{SCRIPT}")
        if self.command != "serve" and not share:
            self._forget_models()
        return config

    def _forget_models(self) -> None:
        """Let go of the dossiers, analyses and caches once the pages are made.

        Only `mkdocs serve` reuses them, and a share build checks its output against
        them. Kept for the rest of a build, these hundreds of thousands of objects
        would be walked again by each of Python's full garbage collections while
        MkDocs converts every page.
        """
        self.cache = DossierCache()
        self.analyses = AnalysisCache()
        self.pages = PageCache()
        self.calendar_cache = CalendarCache()
        self.loaded, self.dossiers = [], []

    def _calendar_files(
        self, dossiers: list[Dossier], today: dt.date, store: Path | None
    ) -> dict[str, bytes]:
        """The calendars, with each dossier's serialised events taken from the disk
        cache when its content, the date and the code are the same as when stored."""
        if store is None:
            return calendar_files(dossiers, today, cache=self.calendar_cache)
        disk = DiskStore(store / "calendars")
        zones = self.calendar_cache.zones
        if zones is None or zones.store.folder != store / "zones":
            self.calendar_cache.zones = ZoneStore(DiskStore(store / "zones"))
        memory = self.calendar_cache.events
        made: dict[str, tuple[str, str]] = {}
        for d in dossiers:
            entry = memory.get(d.slug)
            if entry is not None and entry[0] is d and entry[1] == today:
                continue  # kept in memory under `mkdocs serve`
            name = f"{d.slug}\0{self.share}"
            key = key_of(code_fingerprint(), today.isoformat(), d.model_dump_json())
            blocks = disk.get(name, key)
            if isinstance(blocks, tuple):
                memory[d.slug] = (d, today, blocks)
            else:
                made[d.slug] = (name, key)
        files = calendar_files(dossiers, today, cache=self.calendar_cache)
        for slug, (name, key) in made.items():
            disk.put(name, key, memory[slug][2])
        return files

    def _today(self) -> dt.date:
        fixed = self.config.today or os.environ.get("DOSSIER_TODAY")
        return dt.date.fromisoformat(fixed) if fixed else dt.date.today()

    def _nav(self, config: MkDocsConfig, docs_dir: Path) -> list[Any]:
        assert self.site is not None
        nav: list[Any] = list(self.site.nav)
        if config.nav:
            return nav + self._shared_nav(list(config.nav))
        # Without an explicit nav, the user's own pages follow ours, in path order.
        own = sorted(
            p.relative_to(docs_dir).as_posix()
            for p in docs_dir.rglob("*.md")
            if not any(part.startswith(".") for part in p.relative_to(docs_dir).parts)
        )
        return nav + [p for p in own if self._shared_doc(p)]

    def _shared_doc(self, path: str) -> bool:
        """Whether a file of docs_dir belongs in this build: always, but in a share
        build only when `share_docs` lists it."""
        if not self.share:
            return True
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.config.share_docs)

    def _shared_nav(self, items: list[Any]) -> list[Any]:
        """The user's nav without the pages a share build leaves out."""
        kept: list[Any] = []
        for item in items:
            if isinstance(item, dict):
                item = {
                    k: v for k, v in item.items() if not isinstance(v, str) or self._kept_link(v)
                }
                item = {
                    k: self._shared_nav(v) if isinstance(v, list) else v for k, v in item.items()
                }
                item = {k: v for k, v in item.items() if v != []}
                if item:
                    kept.append(item)
            elif isinstance(item, list):
                if sub := self._shared_nav(item):
                    kept.append(sub)
            elif not isinstance(item, str) or self._kept_link(item):
                kept.append(item)
        return kept

    def _kept_link(self, target: str) -> bool:
        return "://" in target or self._shared_doc(target)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        if self.share:
            self._leave_out_own_files(files, config)
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"dossier: {page.path} exists in docs_dir and would be replaced; rename it"
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(self.incremental.file(config, page.path, page.content, inclusion))
        for name, text in self.assets.items():
            files.append(self.incremental.file(config, f"{ASSET_DIR}/{name}", text))
        for path, data in self.calendars.items():
            files.append(self.incremental.file(config, path, data))
        self.offline.add_files(files, config)
        self.comments.add_files(files, config)
        self.incremental.files(files)
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Rendered notes go in after the page's Markdown, never through it (render.py).
        ours = self.site.page_by_path.get(page.file.src_uri) if self.site else None
        html = ours.fill_fragments(html) if ours is not None else html
        # Every page's tables, ours and the user's: stacked blocks on a phone.
        return label_cells(html)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.incremental.prune_search(config, files)
        return env

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.incremental.page_built(config, page.url)
        return context

    def _leave_out_own_files(self, files: Files, config: MkDocsConfig) -> None:
        """A share keeps, of docs_dir, only what `share_docs` lists (and the site's
        own extra CSS and JavaScript): any other page may hold what the dossiers hide."""
        docs_dir = Path(config.docs_dir).resolve()
        extras = {str(p) for p in [*config.extra_css, *config.extra_javascript]}
        own = [
            f
            for f in files
            if f.generated_by is None
            and f.abs_src_path
            and docs_dir in Path(f.abs_src_path).resolve().parents
        ]
        for pattern in self.config.share_docs:
            if not any(fnmatch.fnmatchcase(f.src_uri, pattern) for f in own):
                raise PluginError(
                    f"dossier: share_docs: `{pattern}` matches no file in {config.docs_dir}"
                )
        for f in own:
            if not self._shared_doc(f.src_uri) and f.src_uri not in extras:
                files.remove(f)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = self.comments.page_html(output, page)
        output = defer_scripts(self.offline.page_head(_safe_title(output, page), page), ASSET_DIR)
        return trim_html(output)

    # Last of all (Material's offline plugin writes its search index copy at -100):
    # the service worker lists every file the build wrote.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.incremental.finish()
        self.offline.finish(config)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.root / self.config.dossiers_dir))
        if self.templates_override is not None:
            server.watch(str(self.templates_override))
        return server


def _stable_repr(value: object) -> str:
    """`repr(value)` when it says the same in every process, else "" (no disk cache):
    an object without a repr of its own shows its memory address."""
    text = repr(value)
    return "" if " at 0x" in text else text


def _safe_title(output: str, page: Page) -> str:
    """The page's <title> with its text escaped again.

    Material writes `page.title | striptags` there, and `striptags` decodes
    character references: a company named `</title><img onerror=…>` would end the
    title and start markup. Page titles come from a user's heading when the nav
    does not list the page (beyond `nav_dossiers`).
    """
    if not page.title:
        return output
    plain = Markup(page.title).striptags()
    safe = str(escape(plain))
    if safe == plain:
        return output
    return output.replace(f"<title>{plain}", f"<title>{safe}", 1)

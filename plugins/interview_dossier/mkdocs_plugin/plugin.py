"""MkDocs events for the dossier plugin. The work happens in the core."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..analyse import AnalysisCache, analyse_all
from ..calendar_ics import CalendarCache, calendar_files
from ..comparison import load_me_or_raise, load_rates_or_raise
from ..errors import DossierError
from ..loader import DossierCache, load_or_raise
from ..render import (
    PageCache,
    Renderer,
    Site,
    build_site,
    default_templates_dir,
    template_problem,
)
from ..share import share as share_dossier
from .config import DossierConfig
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
ASSETS = ("dossier.css", "dossier.js")
ASSET_DIR = "assets/dossier"


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
        self.command = "build"
        self.site: Site | None = None
        self.root = Path.cwd()
        self.templates_override: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds,
        # so the parse cache survives; per-build state is reset in on_config.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site = None
        self.root = Path(config.config_file_path).resolve().parent
        dossiers_dir = self.root / self.config.dossiers_dir
        override = self.root / self.config.templates_dir
        self.templates_override = override if override.is_dir() else None
        share = self.config.share or os.environ.get("DOSSIER_SHARE") == "1"
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
        if only:
            unknown = sorted(only - {d.slug for d in dossiers})
            if unknown:
                raise PluginError(f"dossier: no dossier with slug {', '.join(unknown)}")
            dossiers = [d for d in dossiers if d.slug in only]
        if share:
            dossiers = [share_dossier(d) for d in dossiers]

        today = self._today()
        renderer = Renderer(self.templates_override, default_templates_dir())
        docs_dir = Path(config.docs_dir)
        home = "dashboard.md" if (docs_dir / "index.md").exists() else "index.md"
        try:
            self.site = build_site(
                analyse_all(
                    dossiers, today, self.analyses, rates=rates, signature=me.name if me else None
                ),
                renderer,
                share=share,
                home=home,
                rates=rates,
                nav_limit=self.config.nav_dossiers,
                cache=self.pages,
            )
        except TemplateError as exc:
            raise PluginError(f"dossier: {template_problem(exc)}") from None
        self.assets = {
            name: (renderer.base_dir / "assets" / name).read_text(encoding="utf-8")
            for name in ASSETS
        }
        # From the same (possibly shared) dossiers as the pages: nothing private gets in.
        self.calendars = calendar_files(dossiers, today, cache=self.calendar_cache)

        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = options
        config.extra_css.append(f"{ASSET_DIR}/dossier.css")
        config.extra_javascript.append(f"{ASSET_DIR}/dossier.js")
        config.nav = self._nav(config, docs_dir)
        self.offline.configure(
            config, command=self.command, service_worker=self.config.service_worker
        )
        return config

    def _today(self) -> dt.date:
        fixed = self.config.today or os.environ.get("DOSSIER_TODAY")
        return dt.date.fromisoformat(fixed) if fixed else dt.date.today()

    def _nav(self, config: MkDocsConfig, docs_dir: Path) -> list[Any]:
        assert self.site is not None
        nav: list[Any] = list(self.site.nav)
        if config.nav:
            return nav + list(config.nav)
        # Without an explicit nav, the user's own pages follow ours, in path order.
        own = sorted(
            p.relative_to(docs_dir).as_posix()
            for p in docs_dir.rglob("*.md")
            if not any(part.startswith(".") for part in p.relative_to(docs_dir).parts)
        )
        return nav + own

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"dossier: {page.path} exists in docs_dir and would be replaced; rename it"
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(config, page.path, content=page.content, inclusion=inclusion)
            )
        for name, text in self.assets.items():
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=text))
        for path, data in self.calendars.items():
            files.append(File.generated(config, path, content=data))
        self.offline.add_files(files, config)
        return files

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.offline.page_head(output, page)

    # Last of all (Material's offline plugin writes its search index copy at -100):
    # the service worker lists every file the build wrote.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.offline.finish(config)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.root / self.config.dossiers_dir))
        if self.templates_override is not None:
            server.watch(str(self.templates_override))
        return server

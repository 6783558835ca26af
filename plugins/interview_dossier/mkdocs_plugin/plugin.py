"""MkDocs events for the dossier plugin. The work happens in the core."""

from __future__ import annotations

import datetime as dt
import fnmatch
import gc
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

from ..analyse.analysis import AnalysisCache
from ..build import Built, Options, build
from ..errors import DossierError
from ..load.cache import ParseCache, user_cache_dir
from ..model import Dossier
from ..render.assets import bundle_css, bundle_js, defer_scripts, trim_html
from ..render.pages import PageMemo, Renderer, Site, default_templates_dir, template_problem
from ..render.tables import label_cells
from .comment_support import CommentSupport
from .config import DossierConfig
from .incremental import IncrementalBuild
from .offline_support import OfflineSupport

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
# the offline support's own pieces after these. The card's debrief button has a
# script of its own, on the cards only (comment_support.py).
STYLE = "dossier.css"
SCRIPT = "dossier.js"
STYLES = ("dossier.css",)
SCRIPTS = ("dossier.js", "times.js")


class DossierPlugin(BasePlugin[DossierConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Kept across `mkdocs serve` rebuilds (see on_startup): an edit to one
        # dossier re-reads and re-analyses that dossier only.
        self.cache = ParseCache()
        self.analyses = AnalysisCache()
        self.pages = PageMemo()
        self.renderer: Renderer | None = None
        self._templates_seen: tuple[tuple[str, int], ...] = ()
        self.offline = OfflineSupport()
        self.comments = CommentSupport()
        self.incremental = IncrementalBuild()
        self.command = "build"
        self.built: Built | None = None
        self.root = Path.cwd()
        self.templates_override: Path | None = None
        self.share = False

    @property
    def site(self) -> Site | None:
        return self.built.site if self.built else None

    @property
    def loaded(self) -> list[Dossier]:
        """Every dossier as loaded (a share's self-check searches for what they hold)."""
        return self.built.loaded if self.built else []

    @property
    def dossiers(self) -> list[Dossier]:
        """The dossiers the pages are made of."""
        return self.built.dossiers if self.built else []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds,
        # so the parse cache survives; per-build state is reset in on_config.
        self.command = command
        self.incremental.startup(dirty=dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.root = Path(config.config_file_path).resolve().parent
        override = self.root / self.config.templates_dir
        self.templates_override = override if override.is_dir() else None
        self.cache.folder = user_cache_dir() if self.config.cache else None
        self.share = self.config.share or os.environ.get("DOSSIER_SHARE") == "1"
        docs_dir = Path(config.docs_dir)
        own_home = (docs_dir / "index.md").exists() and self._shared_doc("index.md")
        options = Options(
            today=self._today(),
            share=self.share,
            only=set(self.config.only)
            | set(filter(None, os.environ.get("DOSSIER_ONLY", "").split(","))),
            home="dashboard.md" if own_home else "index.md",
            nav_limit=self.config.nav_dossiers,
            calendars=self.config.calendars,
            pictures=self.config.pictures,
            raw_html_notes=self.config.unsafe_raw_html_in_notes,
        )
        renderer = self._renderer()
        try:
            self.built = build(
                self.root / self.config.dossiers_dir,
                self.root,
                renderer,
                options,
                cache=self.cache,
                analyses_cache=self.analyses,
                page_memo=self.pages if self.command == "serve" else None,
            )
        except TemplateError as exc:
            raise PluginError(f"dossier: {template_problem(exc)}") from None
        except DossierError as exc:
            # The report already names file, line and field: no traceback needed.
            raise PluginError(exc.report()) from None
        self.comments.configure(
            share=self.share,
            dossiers=self.built.dossiers,
            today=options.today,
            pages=self.built.site.pages,
            enabled=self.config.comments,
        )
        for name, extension_options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = extension_options
        config.nav = self._nav(config, docs_dir)
        self.incremental.start(config)
        self.offline.configure(
            config, command=self.command, service_worker=self.config.service_worker
        )
        self.assets = self._assets(renderer.base_dir / "assets")
        config.extra_css.append(f"{ASSET_DIR}/{STYLE}")
        config.extra_javascript.append(f"{ASSET_DIR}/{SCRIPT}")
        if self.command == "build":
            # Nothing made so far is garbage: keep the cycle collector from walking
            # the dossiers, analyses and pages again while MkDocs converts each page.
            gc.freeze()
        return config

    def _renderer(self) -> Renderer:
        """The Renderer of the last build while no template file changed (under
        `mkdocs serve` it then has every template compiled already), else a new one."""
        if self.renderer is not None and self.command == "serve":
            same_folder = self.renderer.override_dir == self.templates_override
            if same_folder and self.renderer.signature() == self._templates_seen:
                return self.renderer
        self.renderer = Renderer(self.templates_override, default_templates_dir())
        self._templates_seen = self.renderer.signature() if self.command == "serve" else ()
        return self.renderer

    def _assets(self, folder: Path) -> dict[str, str]:
        """Our style sheet and script, each one minified file (see render/assets.py)."""
        scripts = [*SCRIPTS, *self.offline.scripts]
        styles = [*STYLES, *self.offline.styles]
        return {
            STYLE: bundle_css((folder / name).read_text(encoding="utf-8") for name in styles),
            SCRIPT: bundle_js((folder / name).read_text(encoding="utf-8") for name in scripts),
        }

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
        if self.built is None:  # switched off (`enabled: false`)
            return files
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
        for path, data in self.built.calendars.items():
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
        if self.built is None:
            return env
        self.incremental.prune_search(config, files)
        return env

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.built is None:
            return context
        self.incremental.page_built(page.url)
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
        if self.built is None:
            return output
        output = self.comments.page_html(output, page)
        output = defer_scripts(self.offline.page_head(_safe_title(output, page), page), ASSET_DIR)
        output = trim_html(output)
        return _noindex(output) if self.share else output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # 404.html is made from a template, not a page.
        if self.share and template_name.endswith(".html"):
            return _noindex(output_content)
        return output_content

    # Last of all (Material's offline plugin writes its search index copy at -100):
    # the service worker lists every file the build wrote.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.built is None:
            return
        self.incremental.finish()
        self.offline.finish(config)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        server.watch(str(self.root / self.config.dossiers_dir))
        if self.templates_override is not None:
            server.watch(str(self.templates_override))
        return server


#: Shared pages are for one mentor. robots.txt counts only at a host's root (a
#: project's GitHub Pages site is not one), so each page asks for itself.
NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def _noindex(html: str) -> str:
    head_end = html.find("</head>")
    return html if head_end < 0 else html[:head_end] + NOINDEX + html[head_end:]


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

"""Offline use of the built site, as MkDocs events the dossier plugin forwards.

* Search loads when the reader opens it (`search-on-demand.js`), not on every page.
* From a file (file://): search runs through our local iframe-worker shim, never
  Material's CDN copy, loaded when search opens and only there; `search/search_index.js`
  is there for it.
* From a static host: a service worker generated after the build precaches every
  file a page needs, under a cache name that changes with the build; a web app
  manifest and icons let the site sit on a phone's home screen.
* Under `mkdocs serve` no service worker is installed; one left by a built copy on
  the same address is retired.
* On every page: the reading aids for a phone and for paper (`reading.css`,
  `reading.js`: large type, tick targets, print layout), served inside the
  plugin's one style sheet and one script (see `scripts` and `styles`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..render import offline_files as offline
from ..render.assets import minify_js
from ..render.pages import default_templates_dir

ASSET_DIR = "assets/dossier"
REGISTER = "register-service-worker.js"
STYLES = ("reading.css",)
MATERIAL_FAVICON = "assets/images/favicon.png"


def _is_remote(url: object) -> bool:
    text = str(url)
    return text.startswith(("http://", "https://", "//"))


class OfflineSupport:
    """Per-build state of the offline features; reset by `configure` on every build."""

    def __init__(self) -> None:
        self.serving = False
        self.service_worker = True
        self.colour = offline.PRIMARY_COLOURS[offline.DEFAULT_PRIMARY]
        self.templates = default_templates_dir()

    def configure(self, config: MkDocsConfig, *, command: str, service_worker: bool) -> None:
        """on_config: the local shim, our scripts, and the icon as favicon."""
        self.serving = command == "serve"
        self.service_worker = service_worker
        self.colour = offline.primary_colour(config.theme.get("palette"))

        # Whichever of Material's offline plugin and ours configures first, only the
        # local shim remains: a CDN copy would break search without a network.
        polyfills = [
            p
            for p in config.extra.get("polyfills", [])
            if not ("iframe-worker" in str(p) and _is_remote(p))
        ]
        local = f"{ASSET_DIR}/{offline.SEARCH_POLYFILL}"
        if local not in polyfills:
            polyfills.insert(0, local)
        config.extra["polyfills"] = polyfills

        if config.theme.get("favicon") == MATERIAL_FAVICON:
            config.theme["favicon"] = f"{ASSET_DIR}/{offline.FAVICON}"

    @property
    def _installs_worker(self) -> bool:
        return self.service_worker and not self.serving

    @property
    def scripts(self) -> tuple[str, ...]:
        """Our scripts for every page, for the plugin's one script file."""
        return ("reading.js", REGISTER) if self._installs_worker else ("reading.js",)

    @property
    def styles(self) -> tuple[str, ...]:
        """Our style sheets for every page, for the plugin's one style file."""
        return STYLES

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """on_files: search scripts, icons and the manifest, generated into the site."""
        assets = self.templates / "assets"
        # In <head>, before Material's bundle: search and its index wait until the
        # reader opens search; the folding script (and from a file, the shim) is
        # loaded then, next to it.
        for name, source in (
            (offline.SEARCH_POLYFILL, offline.SEARCH_ON_DEMAND),
            (offline.SHIM, offline.SHIM),
            (offline.SEARCH_FOLD, offline.SEARCH_FOLD),
        ):
            text = minify_js((assets / source).read_text(encoding="utf-8")) + "\n"
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=text))
        for name, size in offline.ICONS:
            png = offline.icon_png(size, self.colour)
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=png))
        if self.service_worker:
            text = offline.manifest(config.site_name, config.site_description or "", self.colour)
            files.append(File.generated(config, offline.MANIFEST, content=text))

    def page_head(self, output: str, page: Page) -> str:
        """on_post_page: manifest, theme colour, touch icon and large type in <head>."""
        # With or without directory URLs, each "/" in a page's URL is one folder down.
        root = "../" * page.url.count("/")
        tags = offline.head_tags(root, self.colour, manifest_link=self.service_worker)
        head_end = output.find("</head>")
        if head_end < 0:
            return output
        return output[:head_end] + tags + output[head_end:]

    def finish(self, config: MkDocsConfig) -> None:
        """on_post_build, after every other plugin wrote its files: the service worker."""
        site = Path(config.site_dir)
        search = site / "search"
        index = search / "search_index.json"
        # Material reads this copy of the index on file://; its offline plugin
        # writes it too, but search from a file must not depend on that plugin.
        if index.is_file() and not (search / "search_index.js").is_file():
            text = index.read_text(encoding="utf-8")
            (search / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")

        worker = site / offline.SERVICE_WORKER
        if self.serving:
            retire = self.templates / "offline" / "retire-service-worker.js"
            worker.write_text(retire.read_text(encoding="utf-8"), encoding="utf-8")
            return
        if not self.service_worker:
            worker.unlink(missing_ok=True)
            return
        paths = offline.precache_paths(offline.site_files(site), _search_langs(config, index))
        version = offline.build_hash(site, paths)
        body = (self.templates / "offline" / "service-worker.js").read_text(encoding="utf-8")
        worker.write_text(offline.service_worker(body, version, paths), encoding="utf-8")


def _search_langs(config: MkDocsConfig, index: Path) -> list[str]:
    """The languages Material's search worker will load stemmers for.

    They are the search plugin's `lang`, which it writes into the index's config;
    the index (30 MB at 1000 dossiers) is parsed for them only without the plugin.
    """
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        langs = getattr(getattr(plugin, "config", None), "lang", None)
        if langs:
            return [str(lang) for lang in langs]
    if not index.is_file():
        return ["en"]
    data: Any = json.loads(index.read_text(encoding="utf-8"))
    langs = data.get("config", {}).get("lang", ["en"])
    return [str(lang) for lang in langs] or ["en"]

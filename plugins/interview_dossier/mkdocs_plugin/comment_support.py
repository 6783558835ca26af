"""Comments and debriefs in the browser, as MkDocs events the dossier plugin forwards.

* A share build: every page gets the comments script; an opportunity's pages offer
  "Comment on ..." at each section, every page offers to send the comments.
* The owner's own build: only the opportunity cards get the script, which offers a
  debrief there. No other page loads it, so the own site has no comment UI. A card
  loads it on the first tap of its "Debrief" button (`debrief-on-demand.js`, on the
  cards only), or at once when this browser keeps some already.

The script and its data go into each page's HTML, outside the page's content, so a
passphrase-protected share still finds them. The data is ids and labels only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..model import Dossier
from ..render import comment_data as comments
from ..render.assets import minify_css, minify_js
from ..render.pages import DOSSIER_PAGES, PREFIX, default_templates_dir
from ..render.pages import Page as SitePage

ASSET_DIR = "assets/dossier"
SCRIPT = "comments.js"
STYLE = "comments.css"
ON_DEMAND = "debrief-on-demand.js"
CARD = "index"


class CommentSupport:
    """Per-build state: which pages get the script, in which mode, for which share."""

    def __init__(self) -> None:
        self.enabled = True
        self.share = False
        self.share_id = comments.OWN_SITE
        self.dossier_pages: dict[str, tuple[str, str]] = {}

    def configure(
        self,
        *,
        share: bool,
        dossiers: Sequence[Dossier],
        today: dt.date,
        pages: Sequence[SitePage],
        enabled: bool = True,
    ) -> None:
        """on_config, after the pages are made: the share id and each page's dossier."""
        self.enabled = enabled
        self.share = share
        self.share_id = comments.share_id(dossiers, today) if share else comments.OWN_SITE
        slugs = {d.slug for d in dossiers}
        stems = {stem for stem, _, _ in DOSSIER_PAGES}
        self.dossier_pages = {}
        for page in pages:
            parts = page.path.split("/")
            if len(parts) == 3 and parts[0] == PREFIX and parts[1] in slugs:
                stem = parts[2].removesuffix(".md")
                if stem in stems:
                    self.dossier_pages[page.path] = (parts[1], stem)

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """on_files: the script and its styles, minified."""
        if not self.enabled:
            return
        assets = default_templates_dir() / "assets"
        script = minify_js((assets / SCRIPT).read_text(encoding="utf-8"))
        style = minify_css((assets / STYLE).read_text(encoding="utf-8"))
        stub = minify_js((assets / ON_DEMAND).read_text(encoding="utf-8"))
        for name, text in ((SCRIPT, script), (STYLE, style), (ON_DEMAND, stub)):
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=text + "\n"))

    def _data(self, page: Page) -> dict[str, object] | None:
        slug, stem = self.dossier_pages.get(page.file.src_uri, (None, None))
        if not self.enabled:
            return None
        if self.share:
            return comments.page_data(mode="comment", share=self.share_id, slug=slug, page=stem)
        if stem == CARD:
            return comments.page_data(mode="debrief", share=self.share_id, slug=slug, page=stem)
        return None

    def page_html(self, output: str, page: Page) -> str:
        """on_post_page: the page's data, the script and its styles, where they belong."""
        data = self._data(page)
        if data is None:
            return output
        root = "../" * page.url.count("/")
        head_end = output.find("</head>")
        body_end = output.rfind("</body>")
        if head_end < 0 or body_end < 0:
            return output
        style_url = f"{root}{ASSET_DIR}/{STYLE}"
        script_url = f"{root}{ASSET_DIR}/{SCRIPT}"
        json_data = comments.page_data_json(data)
        if not self.share:
            # The debrief: ON_DEMAND loads these two when the card's button is tapped.
            holder = (
                f'<script type="application/json" id="dossier-comments-data"'
                f' data-script="{script_url}" data-style="{style_url}">{json_data}</script>\n'
                f'<script src="{root}{ASSET_DIR}/{ON_DEMAND}"></script>\n'
            )
            return output[:body_end] + holder + output[body_end:]
        style = f'<link rel="stylesheet" href="{style_url}">\n'
        script = (
            f'<script type="application/json" id="dossier-comments-data">{json_data}</script>\n'
            f'<script src="{script_url}"></script>\n'
        )
        return output[:head_end] + style + output[head_end:body_end] + script + output[body_end:]

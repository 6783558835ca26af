"""The first paint waits for nothing but the page and its style sheets (issue 26).

A script without `defer` stops the parser where it stands; on a slow phone
connection the page then stays blank until it has arrived. Ours and Material's
run after parsing, in their written order, when every script of the page is one
we know; a site that adds a script of its own keeps the theme's as they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import build_ok, make_project

PAGES = [
    "index.html",
    "opportunities/northwind-robotics/index.html",
    "opportunities/northwind-robotics/numbers.html",
    "method/04-zopa.html",
    "format.html",
]


def external_scripts(path: Path) -> list[tuple[str, bool]]:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [
        (str(s["src"]).split("/")[-1], s.has_attr("defer") or s.has_attr("async"))
        for s in page.find_all("script", src=True)
        if s.get("type") in (None, "", "text/javascript")
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ok(make_project(tmp_path_factory.mktemp("paint") / "project", examples=True))


def test_no_script_holds_back_the_first_paint(site: Path) -> None:
    for rel in PAGES:
        scripts = external_scripts(site / rel)
        names = [name for name, _ in scripts]
        # The search stand-in first (it must wrap what the theme starts), then the
        # theme's bundle, then ours: deferred scripts run in this order.
        assert names[0] == "search-on-demand.iframe-worker.js", names
        assert names[1].startswith("bundle.") and names[2] == "dossier.js", names
        assert all(deferred for _, deferred in scripts), (rel, scripts)


def test_a_script_of_the_sites_own_keeps_the_theme_scripts_as_they_were(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", examples=True)
    (root / "docs" / "mine.js").write_text("window.mine = typeof document$;\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "extra_javascript:\n  - mine.js\n", encoding="utf-8"
    )
    scripts = external_scripts(build_ok(root) / "index.html")
    assert ("mine.js", False) in scripts
    # It may use the theme's objects: the theme's bundle still runs before it.
    assert [deferred for name, deferred in scripts if name.startswith("bundle.")] == [False]

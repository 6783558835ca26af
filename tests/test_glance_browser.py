"""The five-minute glance on a phone (issue 10): light pages, times in the reader's
zone, no sideways scrolling at 320 and 390 px, legible pictures.

One build of the repository's example (mkdocs.yml, docs/, dossiers/) per module,
in a temporary folder, with DOSSIER_TODAY fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import PHONE_CONTEXT_OPTIONS, serve_directory
from sitebuild import build_ok, make_project

pytestmark = pytest.mark.browser

CARD = "opportunities/northwind-robotics/index.html"
SEARCH_LOADS = re.compile(r"search/search_index\.js(on)?$|workers/search\.[^/]*\.js$")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("glance") / "project", examples=True)
    return build_ok(root)


def context(browser: Any, **options: Any) -> Any:
    return browser.new_context(**{**PHONE_CONTEXT_OPTIONS, **options})


@pytest.fixture
def page_requests(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A phone context and the URLs its pages asked for (not its service worker)."""
    ctx = context(browser)
    seen: list[str] = []
    ctx.on("request", lambda r: seen.append(r.url) if r.service_worker is None else None)
    try:
        yield ctx, seen
    finally:
        ctx.close()


def search(page: Any, words: str) -> Any:
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").press_sequentially(words, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    return results


# Weight ---------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["file", "loopback"])
def test_search_loads_only_when_the_reader_opens_it(
    page_requests: tuple[Any, list[str]], site: Path, how: str
) -> None:
    ctx, seen = page_requests
    if how == "file":
        ctx.route(re.compile(r"^(?!file:|data:|blob:).*"), lambda r: r.abort())
        ctx.set_offline(True)
    page = ctx.new_page()
    with serve_directory(site) as base:
        url = (site / CARD).as_uri() if how == "file" else f"{base}/{CARD}"
        page.goto(url)
        page.wait_for_load_state("load")
        page.wait_for_timeout(1000)  # Material would have asked for the index by now
        assert [u for u in seen if SEARCH_LOADS.search(u)] == []
        assert any(u.endswith(CARD) for u in seen)

        results = search(page, "telemetry")
        assert results.count() >= 1
        index = "search_index.js" if how == "file" else "search_index.json"
        assert any(u.endswith(index) for u in seen), seen

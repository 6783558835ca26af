"""The glance, round two (issue 26), in Chromium: nothing scrolls sideways inside a
page and no table cell is cut at 320 and 390 px; table rows stack on a phone;
search folds accents and case, from a file and over http; in Large type the first
screen of a 320 px phone shows when and where.

One build of the repository's examples plus one dossier with accented names, and
one build with `nav_dossiers: 1` for the stage pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser import PHONE_CONTEXT_OPTIONS, serve_directory
from sitebuild import build_ok, make_project

pytestmark = pytest.mark.browser

ACCENTS = """\
company: Café Zoë Systems
role: Platform Engineer
status: interviewing
interviews:
  - when: 2026-12-14T10:00:00
    timezone: Europe/Madrid
    stage: Panel
    people: [Íñigo Zubiría]
people:
  - name: Íñigo Zubiría
    role: Hiring manager
    background: Built the payments team at Søren & Renée Ltd
"""

# Every page type of a site: home, a card and each tab, the comparison pages,
# a stage page, a method page and a page of the user's own docs/.
PAGE_TYPES = [
    "index.html",
    "opportunities/northwind-robotics/index.html",
    "opportunities/northwind-robotics/prepare.html",
    "opportunities/northwind-robotics/numbers.html",
    "opportunities/northwind-robotics/log.html",
    "opportunities/northwind-robotics/scripts.html",
    "opportunities/lumen-health/index.html",
    "opportunities/lumen-health/prepare.html",
    "opportunities/lumen-health/numbers.html",
    "opportunities/lumen-health/log.html",
    "opportunities/ottervale-logistics/notes.html",
    "opportunities/offers.html",
    "opportunities/network.html",
    "method/04-zopa.html",
    "method/05-budget.html",
    "format.html",
]
STAGE_PAGE = "opportunities/stage/interviewing.html"

# Inside the page's content: any box that scrolls sideways, any table cell that
# reaches past the content's edge or whose text does not fit in it. A cell that is
# 1 px wide or less is one hidden from sight on purpose (a table's header row).
CONTENT_FACTS = """() => {
    const content = document.querySelector(".md-content");
    const edge = content.getBoundingClientRect();
    const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "");
    const found = {scrollers: [], cut: [], cells: 0};
    for (const el of [content, ...content.querySelectorAll("*")]) {
        const style = getComputedStyle(el);
        if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
            found.scrollers.push(`${name(el)} (${el.scrollWidth} > ${el.clientWidth})`);
        }
    }
    for (const cell of content.querySelectorAll("td, th")) {
        const box = cell.getBoundingClientRect();
        if (box.width <= 1) continue;
        found.cells += 1;
        if (box.left < edge.left - 0.5 || box.right > edge.right + 0.5
            || cell.scrollWidth > cell.clientWidth + 1) {
            found.cut.push(cell.textContent.trim().slice(0, 40));
        }
    }
    return found;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("phone") / "project",
        {"cafe-zoe": {"dossier.yml": ACCENTS}},
        examples=True,
    )
    return build_ok(root)


@pytest.fixture(scope="module")
def compact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("phone-compact") / "project",
        examples=True,
        plugin_options={"nav_dossiers": 1},
    )
    return build_ok(root)


def context(browser: Any, **options: Any) -> Any:
    return browser.new_context(**{**PHONE_CONTEXT_OPTIONS, **options})


@pytest.mark.parametrize(("width", "height"), [(320, 640), (390, 844)])
def test_no_page_type_scrolls_sideways_inside_or_cuts_a_cell(
    browser: Any, site: Path, compact: Path, width: int, height: int
) -> None:
    ctx = context(browser, viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        problems = []
        cells = 0
        pages = [site / rel for rel in PAGE_TYPES] + [compact / STAGE_PAGE]
        for path in pages:
            assert path.is_file(), path
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            scroll, client = page.evaluate(
                "[document.scrollingElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                problems.append(f"{path.name}: the page is {scroll} px wide")
            facts = page.evaluate(CONTENT_FACTS)
            cells += facts["cells"]
            if facts["scrollers"]:
                problems.append(f"{path}: scrolls sideways inside: {facts['scrollers']}")
            if facts["cut"]:
                problems.append(f"{path}: cells cut: {facts['cut']}")
        assert problems == [], f"at {width} px:\n" + "\n".join(problems)
        assert cells >= 50  # the tables were there to be checked
    finally:
        ctx.close()


# The rows of the market-data table on a Numbers page: each cell's box and label.
BUDGET_ROWS = """() => {
    const heading = document.getElementById("negotiation-budget");
    let table = heading.nextElementSibling;
    while (table && !table.querySelector("table")) table = table.nextElementSibling;
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.innerText.trim() || null);
    return [...table.querySelectorAll("tbody tr")].map((row) => [...row.cells].map((cell, i) => ({
        head: heads[i],
        label: cell.dataset.label || null,
        top: cell.getBoundingClientRect().top,
        text: cell.innerText.trim(),
        before: getComputedStyle(cell, "::before").content,
    })));
}"""


def test_on_a_phone_each_table_row_is_a_block_of_labelled_values(browser: Any, site: Path) -> None:
    numbers = (site / "opportunities/lumen-health/numbers.html").as_uri()
    ctx = context(browser, viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.goto(numbers)
        rows = page.evaluate(BUDGET_ROWS)
        assert rows, "no budget rows"
        for cells in rows:
            # Each cell is labelled with its column's header (a column without one, none).
            assert [c["label"] for c in cells] == [c["head"] for c in cells]
            assert "Used" in [c["label"] for c in cells]
            tops = [c["top"] for c in cells]
            assert tops == sorted(tops) and len(set(tops)) == len(tops), cells  # stacked
            labelled = [c for c in cells if c["label"]]
            assert all(c["before"] not in ("none", "normal") for c in labelled), cells
    finally:
        ctx.close()
    # On a wide screen the table stays a table: a row's cells side by side.
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = wide.new_page()
        page.goto(numbers)
        for cells in page.evaluate(BUDGET_ROWS):
            assert len({round(c["top"]) for c in cells}) == 1, cells
            assert all(c["before"] in ("none", "normal") for c in cells), cells
    finally:
        wide.close()


# Search --------------------------------------------------------------------------------


def search(page: Any, url: str, words: str) -> list[str]:
    """The results for `words`, typed as a person types them, on a fresh page."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").press_sequentially(words, delay=30)
    # Material writes "N matching documents" (or "No matching documents") once done.
    page.wait_for_function(
        "() => /matching/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=15_000,
    )
    page.wait_for_timeout(400)  # the last keystroke's search, not an earlier one
    return page.locator(".md-search-result__item").all_inner_texts()


@pytest.mark.parametrize("how", ["file", "http"])
def test_search_folds_accents_and_case(browser: Any, site: Path, how: str) -> None:
    ctx = context(browser)
    try:
        if how == "file":
            ctx.route(re.compile(r"^(?!file:|data:|blob:).*"), lambda r: r.abort())
        page = ctx.new_page()
        card = "opportunities/northwind-robotics/index.html"
        with serve_directory(site) as base:
            url = (site / card).as_uri() if how == "file" else f"{base}/{card}"
            # "Nörthwínd": the other way round, accents typed and none in the text.
            queries = ("Inigo", "ZUBIRIA", "zoe", "Soren", "RENEE", "cafe", "Nörthwínd")
            found = {words: search(page, url, words) for words in queries}
        for words, results in found.items():
            assert results, f"{words!r} found nothing ({how})"
        assert any("Íñigo" in r for r in found["Inigo"]), found["Inigo"]
        assert any("Zoë" in r for r in found["zoe"]), found["zoe"]
        assert any("Northwind" in r for r in found["Nörthwínd"]), found["Nörthwínd"]
    finally:
        ctx.close()


# Large type ------------------------------------------------------------------------------


def test_large_type_first_screen_at_320_shows_when_and_where(browser: Any, site: Path) -> None:
    ctx = context(browser, viewport={"width": 320, "height": 640})
    try:
        page = ctx.new_page()
        page.goto((site / "opportunities/northwind-robotics/index.html").as_uri())
        page.locator(".dossier-large-type-toggle").click()
        page.reload()
        page.evaluate("window.scrollTo(0, 0)")  # the first screen, as the card opens
        assert page.evaluate("document.documentElement.classList.contains('dossier-large-type')")
        when = page.locator(".dossier-card .dossier-next").bounding_box()
        where = page.locator(".dossier-card .dossier-place").bounding_box()
        assert when is not None and where is not None
        assert when["y"] >= 0 and where["y"] + where["height"] <= 640, (when, where)
        # Large means large: the time reads at least at 20 px.
        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.dossier-next')).fontSize)"
        )
        assert size >= 20, size
    finally:
        ctx.close()

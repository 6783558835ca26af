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


# Every page type at 320 and 390 px ------------------------------------------------

PAGE_TYPES = [
    "index.html",
    CARD,
    "opportunities/northwind-robotics/prepare.html",
    "opportunities/northwind-robotics/numbers.html",
    "opportunities/northwind-robotics/log.html",
    "opportunities/northwind-robotics/scripts.html",
    # An offer on the table: offer labels in the pictures, current and earlier.
    "opportunities/lumen-health/index.html",
    "opportunities/lumen-health/numbers.html",
    "opportunities/ottervale-logistics/notes.html",
    "opportunities/offers.html",
    "opportunities/network.html",
    "method/04-zopa.html",
    "method/05-budget.html",
    "format.html",
]

# For each SVG picture: text boxes that intersect, text crossed by a line, smallest text.
PICTURE_FACTS = """() => {
    const boxes = (els) => els.map((el) => el.getBoundingClientRect());
    const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const found = {overlaps: [], crossed: [], outside: [], smallest: 99, pictures: 0};
    for (const svg of document.querySelectorAll("article svg")) {
        found.pictures += 1;
        const texts = [...svg.querySelectorAll("text")];
        const tb = boxes(texts);
        const frame = svg.getBoundingClientRect();
        for (let i = 0; i < tb.length; i++) {
            // A label cut by the picture's edge reads wrong ("k · below floor").
            if (tb[i].left < frame.left - 0.5 || tb[i].right > frame.right + 0.5) {
                found.outside.push(texts[i].textContent);
            }
            for (let j = i + 1; j < tb.length; j++) {
                if (meet(tb[i], tb[j])) found.overlaps.push([texts[i].textContent, texts[j].textContent]);
            }
            const size = parseFloat(getComputedStyle(texts[i]).fontSize);
            const scale = svg.getScreenCTM().a;
            found.smallest = Math.min(found.smallest, size * scale);
        }
        for (const line of svg.querySelectorAll("line")) {
            const r = line.getBoundingClientRect();
            // A line's box has no width (or height): widen it by half a pixel to meet a box.
            const lb = {left: r.left - 0.5, right: r.right + 0.5, top: r.top - 0.5, bottom: r.bottom + 0.5};
            tb.forEach((b, i) => { if (meet(lb, b)) found.crossed.push(texts[i].textContent); });
        }
    }
    return found;
}"""


@pytest.mark.parametrize(("width", "height"), [(320, 640), (390, 844)])
def test_every_page_type_fits_the_phone_and_its_pictures_read(
    browser: Any, site: Path, width: int, height: int
) -> None:
    ctx = context(browser, viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        pictures = 0
        problems = []
        for rel in PAGE_TYPES:
            page.goto((site / rel).as_uri())
            page.wait_for_load_state("load")
            scroll, client = page.evaluate(
                "[document.scrollingElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert client == width
            if scroll > client:
                problems.append(f"{rel} is {scroll} px wide")
            facts = page.evaluate(PICTURE_FACTS)
            pictures += facts["pictures"]
            if facts["overlaps"]:
                problems.append(f"{rel}: labels overlap: {facts['overlaps']}")
            if facts["crossed"]:
                problems.append(f"{rel}: lines cross {facts['crossed']}")
            if facts["outside"]:
                problems.append(f"{rel}: labels cut by the picture's edge: {facts['outside']}")
            if width == 390 and facts["pictures"] and facts["smallest"] < 12:
                problems.append(f"{rel}: picture text at {facts['smallest']:.1f} px")
        assert problems == [], f"at {width} px:\n" + "\n".join(problems)
        assert pictures >= 5
    finally:
        ctx.close()


# Times for the reader ---------------------------------------------------------------

AMSTERDAM = """\
company: Tulip Systems
role: Staff Engineer
status: interviewing
interviews:
  - when: 2026-12-10T15:00:00
    timezone: Europe/Amsterdam
    stage: Panel
    format: video
    place: https://meet.example/tulip-panel
"""


@pytest.fixture(scope="module")
def amsterdam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("glance-zones") / "project",
        {"tulip-systems": {"dossier.yml": AMSTERDAM}},
    )
    return build_ok(root) / "opportunities/tulip-systems/index.html"


@pytest.mark.parametrize(
    ("zone", "local"), [("Europe/Lisbon", "14:00"), ("America/New_York", "09:00")]
)
def test_the_card_shows_the_readers_time_and_the_interviewers_beside_it(
    browser: Any, amsterdam: Path, zone: str, local: str
) -> None:
    ctx = context(browser, timezone_id=zone)
    try:
        page = ctx.new_page()
        page.goto(amsterdam.as_uri())
        when = page.locator(".dossier-card time.dossier-when").first
        text = when.inner_text()
        assert f"{local} your time · 15:00 in Amsterdam" in text, text
        assert text.startswith("Thu 10 Dec"), text
        # The meeting link is a link.
        link = page.locator(".dossier-card a[href='https://meet.example/tulip-panel']")
        assert link.count() == 1
        # The log lists the same interview in the reader's zone too.
        page.goto(amsterdam.with_name("log.html").as_uri())
        logged = page.locator("article time.dossier-when").first.inner_text()
        assert f"{local} your time · 15:00 in Amsterdam" in logged, logged
    finally:
        ctx.close()


def test_without_javascript_the_card_names_the_written_zone(browser: Any, amsterdam: Path) -> None:
    ctx = context(browser, timezone_id="America/New_York", java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(amsterdam.as_uri())
        when = page.locator(".dossier-card time.dossier-when").first
        assert when.inner_text() == "Thu 10 Dec 2026, 15:00 Amsterdam time"
        assert when.get_attribute("datetime") == "2026-12-10T15:00+01:00"
    finally:
        ctx.close()

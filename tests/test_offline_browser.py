"""The built example site in a real browser, on a phone: from a file, offline, on paper.

One build of the repository's example (mkdocs.yml, docs/, dossiers/) per module,
in a temporary folder, with DOSSIER_TODAY fixed.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import PhoneContext, serve_directory
from sitebuild import build_ok, make_project

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 844
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("offline-browser") / "project", examples=True)
    return build_ok(root)


@pytest.fixture
def local_only(phone: PhoneContext) -> Iterator[PhoneContext]:
    """The phone, with every request that is not file:/data:/blob: refused and recorded."""
    phone.route(
        re.compile(r"^(?!file:|data:|blob:).*"),
        lambda route: route.abort("internetdisconnected"),
    )
    phone.set_offline(True)
    yield phone
    assert [u for u in phone.requests if not u.startswith(LOCAL_SCHEMES)] == []


def cards(site: Path) -> list[Path]:
    found = sorted(site.glob("opportunities/*/index.html"))
    assert len(found) >= 4
    return found


def open_file(context: Any, path: Path) -> Any:
    page = context.new_page()
    page.goto(path.as_uri())
    return page


def no_sideways_scroll(page: Any) -> tuple[int, int]:
    return page.evaluate(
        "[document.scrollingElement.scrollWidth, document.documentElement.clientWidth]"
    )


def search(page: Any, words: str) -> Any:
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(words, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    return results


# From a file ---------------------------------------------------------------------


def test_pages_opened_from_a_file_request_nothing_off_the_device(
    local_only: PhoneContext, site: Path
) -> None:
    pages = [site / "index.html", *cards(site)]
    pages += [
        site / "opportunities/northwind-robotics" / n for n in ("prepare.html", "scripts.html")
    ]
    pages += [site / "opportunities/network.html", site / "method/08-pressure.html"]
    page = local_only.new_page()
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
    search(page, "telemetry")
    assert any(u.startswith("file:") for u in local_only.requests)


def test_search_finds_pages_offline_from_a_file(local_only: PhoneContext, site: Path) -> None:
    page = open_file(local_only, site / "opportunities/lumen-health/index.html")
    results = search(page, "telemetry")
    assert results.count() >= 1
    links = page.locator(".md-search-result__item a").evaluate_all("a => a.map(x => x.href)")
    assert any("northwind-robotics" in href for href in links), links
    # A result is a working link, still from the file system.
    results.first.locator("a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file:")
    assert "northwind" in page.url or "Northwind" in page.content()


def test_every_card_is_one_tap_from_the_home_page(local_only: PhoneContext, site: Path) -> None:
    page = open_file(local_only, site / "index.html")
    for card in cards(site):
        slug = card.parent.name
        link = page.locator(f"article a[href='opportunities/{slug}/index.html']").first
        link.click()
        page.wait_for_load_state("load")
        assert Path(page.url.removeprefix("file://")) == card
        assert page.locator("h1.dossier-card-title").is_visible()
        page.go_back()


def test_no_page_is_wider_than_the_phone(local_only: PhoneContext, site: Path) -> None:
    paths = [site / "index.html", site / "opportunities/network.html", site / "format.html"]
    for card in cards(site):
        paths += [card, *sorted(p for p in card.parent.glob("*.html") if p != card)]
    paths += sorted(site.glob("method/*.html"))[:3]
    page = local_only.new_page()
    for large in (False, True):
        page.goto((site / "index.html").as_uri())
        page.evaluate(
            f"localStorage.{'setItem' if large else 'removeItem'}('dossier:large-type', '1')"
        )
        for path in paths:
            page.goto(path.as_uri())
            scroll_width, client_width = no_sideways_scroll(page)
            assert client_width == 390
            assert scroll_width <= client_width, f"{path.relative_to(site)} (large type: {large})"


def test_the_card_shows_when_where_who_and_numbers_on_the_first_screen(
    local_only: PhoneContext, site: Path
) -> None:
    page = local_only.new_page()
    for card in cards(site):
        page.goto(card.as_uri())
        facts = page.evaluate(
            """() => {
                const card = document.querySelector(".dossier-card");
                const bottom = (el) => el.getBoundingClientRect().bottom + window.scrollY;
                const when = card.querySelector("#when-and-where");
                const numbers = card.querySelector("#your-numbers");
                const firstNumber = numbers.parentElement.querySelector("#your-numbers ~ figure svg");
                return {
                    status: bottom(card.querySelector("p")),
                    when: when ? bottom(card.querySelector(".dossier-next")) : null,
                    numbers: bottom(numbers),
                    firstNumber: firstNumber ? bottom(firstNumber) : null,
                    noInterview: card.textContent.includes("No upcoming interview"),
                };
            }"""
        )
        name = card.parent.name
        assert facts["when"] is not None or facts["noInterview"], name
        for key in ("status", "when", "numbers"):
            if facts[key] is not None:
                assert facts[key] <= PHONE_HEIGHT, f"{name}: {key} at {facts[key]}"
        if name == "northwind-robotics":
            # The next interview: time, place, then the people; the numbers come with it.
            assert "Thu 3 Dec" in page.locator(".dossier-next").inner_text()
            assert "Speicherstadt" in page.locator(".dossier-place").inner_text()
            who = page.locator(".dossier-who").inner_text()
            assert "Jonas Brandt" in who and "Tobias Lindqvist" in who
            assert facts["firstNumber"] <= PHONE_HEIGHT, facts


# Things to tap -------------------------------------------------------------------


def test_ticks_survive_a_reload_and_have_names(local_only: PhoneContext, site: Path) -> None:
    card = site / "opportunities/northwind-robotics/index.html"
    page = open_file(local_only, card)
    sleep = page.get_by_role("checkbox", name="I am rested and have energy for this.")
    rushed = page.get_by_role("checkbox", name="I will arrive on time, calm and prepared.")
    assert not sleep.is_checked() and not rushed.is_checked()
    # A thumb taps the line's text, not the small box.
    page.locator(".task-list-item", has_text="I am rested").tap()
    assert sleep.is_checked()
    # A keyboard reaches the box and ticks it with Space.
    rushed.focus()
    page.keyboard.press("Space")
    assert rushed.is_checked()
    page.reload()
    assert sleep.is_checked() and rushed.is_checked()
    # Unticking is remembered too.
    page.locator(".task-list-item", has_text="I am rested").tap()
    page.reload()
    assert not sleep.is_checked() and rushed.is_checked()

    prepare = open_file(local_only, site / "opportunities/northwind-robotics/prepare.html")
    homework = prepare.get_by_role("checkbox", name="Funding rounds raised")
    prepare.locator(".task-list-item", has_text="Funding rounds raised").tap()
    assert homework.is_checked()
    prepare.reload()
    assert homework.is_checked()
    # Ticks are per page: the same list elsewhere starts empty.
    other = open_file(local_only, site / "opportunities/lumen-health/prepare.html")
    assert not other.get_by_role("checkbox", name="Funding rounds raised").is_checked()
    names = prepare.locator(".task-list-item input").evaluate_all(
        "boxes => boxes.map(b => b.getAttribute('aria-label') || '')"
    )
    assert names and all(names), "every checkbox needs a name for a screen reader"


def test_state_check_ticks_last_one_day_homework_ticks_stay(
    local_only: PhoneContext, site: Path
) -> None:
    import datetime as dt

    day_one = dt.datetime(2026, 12, 2, 8, 0)
    card_path = site / "opportunities/lumen-health/index.html"
    card = local_only.new_page()
    card.clock.set_fixed_time(day_one)
    card.goto(card_path.as_uri())
    state = card.get_by_role("checkbox", name="I expect a fair hearing, not a rejection.")
    card.locator(".task-list-item", has_text="fair hearing").tap()
    assert state.is_checked()
    prepare = local_only.new_page()
    prepare.clock.set_fixed_time(day_one)
    prepare.goto((site / "opportunities/lumen-health/prepare.html").as_uri())
    prepare.locator(".task-list-item", has_text="Funding rounds raised").tap()

    card.reload()
    assert state.is_checked()  # later the same day: still ticked
    next_day = day_one + dt.timedelta(days=1)
    card.clock.set_fixed_time(next_day)
    card.reload()
    assert not state.is_checked()  # a new day asks again
    prepare.clock.set_fixed_time(next_day)
    prepare.reload()
    assert prepare.get_by_role("checkbox", name="Funding rounds raised").is_checked()


def test_rehearsal_hides_the_answer_until_tapped(local_only: PhoneContext, site: Path) -> None:
    page = open_file(local_only, site / "opportunities/lumen-health/scripts.html")
    phrase = page.get_by_text(
        '"I\'d like a moment to think that through. Can we come back to this later?"'
    )
    assert phrase.count() == 1 and not phrase.is_visible()
    page.locator("summary", has_text="1. Pause").tap()
    assert phrase.is_visible()
    # With a keyboard: focus the next prompt, Enter opens it.
    # Worded for the pressure logged last (Lumen's: rushed first).
    second = page.get_by_text('"They are hurrying me so I don\'t think it through. Noted."')
    assert not second.is_visible()
    page.locator("summary", has_text="2. Name it to yourself").focus()
    page.keyboard.press("Enter")
    assert second.is_visible()

    card = open_file(local_only, site / "opportunities/lumen-health/index.html")
    objection = card.locator(".dossier-card details.dossier-rehearse").first
    answer = objection.locator("p").first
    assert not answer.is_visible()
    objection.locator("summary").tap()
    assert answer.is_visible()


def test_large_type_is_a_toggle_button_that_persists(local_only: PhoneContext, site: Path) -> None:
    card = site / "opportunities/northwind-robotics/index.html"
    page = open_file(local_only, card)
    button = page.get_by_role("button", name="Large type")
    assert button.get_attribute("aria-pressed") == "false"
    size = "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    normal = page.evaluate(size)
    button.tap()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(size) >= normal * 1.25
    page.reload()
    assert page.get_by_role("button", name="Large type").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.classList.contains('dossier-large-type')")
    # The mode holds on every page of the site, not only the card.
    page.goto((site / "opportunities/northwind-robotics/prepare.html").as_uri())
    assert page.evaluate(size) >= normal * 1.25
    page.goto(card.as_uri())
    page.get_by_role("button", name="Large type").tap()
    page.reload()
    assert page.get_by_role("button", name="Large type").get_attribute("aria-pressed") == "false"
    assert page.evaluate(size) == normal


# From a static host, then offline ------------------------------------------------


def test_service_worker_keeps_the_site_working_offline(phone: PhoneContext, site: Path) -> None:
    with serve_directory(site) as base:
        page = phone.new_page()
        first = page.goto(f"{base}/index.html")
        assert first is not None and first.ok and not first.from_service_worker
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)

        phone.set_offline(True)
        # A page never visited, straight from the worker's cache.
        response = page.goto(f"{base}/opportunities/lumen-health/numbers.html")
        assert response is not None and response.status == 200
        assert response.from_service_worker
        assert "Lumen Health" in page.locator("h1").first.inner_text()
        # Styles came along: the header has the theme colour.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
            == "rgb(64, 81, 181)"
        )
        # "dir/" is the same page as "dir/index.html"; a search highlight query too.
        for url in (
            "opportunities/northwind-robotics/",
            "opportunities/northwind-robotics/index.html?h=robot",
        ):
            response = page.goto(f"{base}/{url}")
            assert response is not None and response.status == 200, url
            assert response.from_service_worker
            assert page.locator("h1.dossier-card-title").is_visible()
        # Search works offline over http too (the index comes from the cache).
        assert search(page, "telemetry").count() >= 1
        # An unknown address is never answered with a cached page and a 200.
        response = page.goto(f"{base}/opportunities/no-such-page.html")
        assert response is not None and response.status == 404
        assert response.from_service_worker
        assert "404" in page.locator("h1").first.inner_text()
    assert phone.offsite_requests() == []


def test_service_worker_scope_follows_a_sub_path(
    phone: PhoneContext, site: Path, tmp_path: Path
) -> None:
    host = tmp_path / "host"
    host.mkdir()
    (host / "notes").symlink_to(site, target_is_directory=True)
    with serve_directory(host) as base:
        page = phone.new_page()
        page.goto(f"{base}/notes/opportunities/lumen-health/prepare.html")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
        scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
        assert scope == f"{base}/notes/"
        assert page.evaluate("caches.keys()")[0].startswith("dossier:/notes/:")
        phone.set_offline(True)
        response = page.goto(f"{base}/notes/method/08-pressure.html")
        assert response is not None and response.status == 200
        assert response.from_service_worker


def test_a_new_build_replaces_the_old_cache(
    phone: PhoneContext, site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    with serve_directory(copy) as base:
        page = phone.new_page()
        page.goto(f"{base}/index.html")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
        old = page.evaluate("caches.keys()")
        assert len(old) == 1

        # A "new build": one page and the worker's version change.
        card = copy / "opportunities/harbor-analytics/index.html"
        card.write_text(card.read_text(encoding="utf-8").replace("Harbor", "Harbour"), "utf-8")
        worker = copy / "sw.js"
        text = worker.read_text(encoding="utf-8")
        worker.write_text(re.sub(r'CACHE_VERSION = "\w+"', 'CACHE_VERSION = "new"', text), "utf-8")

        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        deadline = time.monotonic() + 20
        while page.evaluate("caches.keys()") != [old[0].rsplit(":", 1)[0] + ":new"]:
            assert time.monotonic() < deadline, page.evaluate("caches.keys()")
            page.wait_for_timeout(100)
        phone.set_offline(True)
        page.goto(f"{base}/opportunities/harbor-analytics/index.html")
        assert "Harbour Analytics" in page.locator("h1").first.inner_text()


# On paper ------------------------------------------------------------------------


def test_each_card_prints_on_one_page_without_navigation(browser: Any, site: Path) -> None:
    page = browser.new_page()
    try:
        for card in cards(site):
            page.goto(card.as_uri())
            pdf = page.pdf(format="A4")
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pages == 1, f"{card.parent.name} prints on {pages} pages"
            page.emulate_media(media="print")
            for chrome in (
                ".md-header",
                ".md-sidebar--primary",
                ".md-footer",
                ".dossier-large-type-toggle",
            ):
                assert not page.locator(chrome).first.is_visible(), chrome
            answers = page.locator(".dossier-card details.dossier-rehearse p")
            for i in range(answers.count()):
                assert answers.nth(i).is_visible(), "rehearsal answers belong on paper"
            page.emulate_media(media=None)
    finally:
        page.close()

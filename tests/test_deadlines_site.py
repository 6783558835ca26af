"""Deadlines and messages on the built site: the offer's answer date on the card's first
screen and in the dashboard's Next up, overdue items apart, messages shown line by line
with a copy button that copies exactly what is shown, and links checked by `--strict`.

One build of the examples plus the golden ultimatum and expired-deadline dossiers.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import PHONE_CONTEXT_OPTIONS, serve_directory
from sitebuild import REPO, article, build_ok, make_project, mkdocs_build, text_of

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("deadlines") / "project", examples=True)
    for slug in ("ultimatum", "expired"):
        shutil.copytree(GOLDEN / "dossiers" / slug, root / "dossiers" / slug)
    return build_ok(root)


def card(site: Path, slug: str) -> Any:
    return article(site / "opportunities" / slug / "index.html")


def test_the_card_shows_the_answer_date_with_their_deadline(site: Path) -> None:
    line = card(site, "ultimatum").select_one(".dossier-answer-by")
    assert line is not None
    assert text_of(line).startswith("Answer by Fri 27 Nov")
    assert "(you ask for Mon 30 Nov" in text_of(line)
    assert line.select_one(".dossier-overdue") is None


def test_an_expired_deadline_is_red_on_card_and_dashboard(site: Path) -> None:
    line = card(site, "expired").select_one(".dossier-answer-by")
    assert line is not None and line.select_one(".dossier-overdue") is not None
    assert "Answer by Fri 20 Nov" in text_of(line)
    # Without `reply_by` the card says how to set it.
    assert "reply_by:" in text_of(card(site, "expired"))
    home = article(site / "index.html")
    (expired,) = [li for li in home.select(".dossier-next-up li") if "Fernhill Labs" in text_of(li)]
    assert expired.select_one(".dossier-overdue") is not None
    assert "Answer by Fri 20 Nov" in text_of(expired)


def test_next_up_keeps_the_next_deadline_and_the_overdue_apart(site: Path) -> None:
    items = [text_of(li) for li in article(site / "index.html").select(".dossier-next-up li")]
    assert any(i.startswith("Interview:") for i in items), items
    assert any(i.startswith("Offer: overdue Answer by Fri 20 Nov") for i in items), items
    (due,) = [i for i in items if i.startswith("Due:")]
    assert "overdue" not in due
    # Northwind's references are overdue in the examples: listed apart, not hidden.
    assert any(i.startswith("Overdue: overdue Tue 24 Nov") and "Northwind" in i for i in items)


def test_the_lumen_offer_deadline_is_on_its_card(site: Path) -> None:
    line = card(site, "lumen-health").select_one(".dossier-answer-by")
    assert line is not None and "Answer by Fri 4 Dec" in text_of(line)


def test_messages_keep_their_lines(site: Path) -> None:
    page = article(site / "opportunities" / "ultimatum" / "scripts.html")
    shown = page.select_one("#pause-text")
    assert shown is not None
    last = shown.select("p")[-1]
    assert [s.strip() for s in last.strings] == ["Best regards,", "Alex Moreau"]
    assert last.select("br")


def test_every_reschedule_link_leads_somewhere(site: Path) -> None:
    for folder in (site / "opportunities").iterdir():
        index = folder / "index.html"
        if not index.is_file():
            continue
        for link in article(index).select("a[href*='#reschedule']"):
            target = article(folder / link["href"].split("#")[0])
            assert target.select_one("#reschedule") is not None, folder.name


def test_a_dead_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    card = (REPO / "templates" / "pages" / "card.md.j2").read_text(encoding="utf-8")
    broken = card + "\n[missing](scripts.md#no-such-heading)\n"
    root = make_project(tmp_path / "p", examples=True, templates={"pages/card.md.j2": broken})
    done = mkdocs_build(root)
    assert done.returncode != 0
    assert "no-such-heading" in done.stderr


@pytest.mark.parametrize("config", ["mkdocs.yml", "templates/init/mkdocs.yml"])
def test_links_and_anchors_are_checked(config: str) -> None:
    found = yaml.safe_load((REPO / config).read_text(encoding="utf-8"))
    assert found["strict"] is True
    assert found["validation"]["links"]["anchors"] == "warn"
    assert found["validation"]["links"]["not_found"] == "warn"


# ---------------------------------------------------------------- in Chromium, at 390 px


@pytest.fixture
def phone_page(browser: Any, site: Path) -> Iterator[tuple[Any, str]]:
    with serve_directory(site) as base:
        ctx = browser.new_context(**PHONE_CONTEXT_OPTIONS)
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        try:
            yield ctx.new_page(), base
        finally:
            ctx.close()


def first_screen(page: Any, selector: str) -> str:
    """The text of the first element matching `selector`, asserting it is on screen."""
    el = page.locator(selector).first
    el.wait_for(state="visible")
    box = el.bounding_box()
    assert box is not None and box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE_CONTEXT_OPTIONS["viewport"]["height"], box
    return str(el.inner_text())


@pytest.mark.browser
def test_the_answer_date_is_on_the_first_screen(phone_page: tuple[Any, str]) -> None:
    page, base = phone_page
    page.goto(f"{base}/opportunities/ultimatum/index.html")
    text = first_screen(page, ".dossier-answer-by")
    assert "Answer by" in text and "Fri 27 Nov" in text and "Mon 30 Nov" in text
    # Beside an upcoming interview too (Lumen's card has one), and red once expired.
    page.goto(f"{base}/opportunities/lumen-health/index.html")
    assert "Answer by Fri 4 Dec" in first_screen(page, ".dossier-answer-by")
    page.goto(f"{base}/opportunities/expired/index.html")
    # Red: the build's "overdue" mark, or the "N days late" the page's script puts for it.
    red = ".dossier-answer-by :is(.dossier-overdue, .dossier-late)"
    assert re.search(r"overdue|late", first_screen(page, red))
    page.goto(f"{base}/index.html")
    text = first_screen(page, ".dossier-next-up li:has-text('Answer by')")
    assert "Answer by" in text


@pytest.mark.browser
def test_copy_copies_exactly_the_message_shown(phone_page: tuple[Any, str]) -> None:
    page, base = phone_page
    page.goto(f"{base}/opportunities/ultimatum/scripts.html")
    golden = (GOLDEN / "messages" / "ultimatum" / "pause.txt").read_text(encoding="utf-8")
    expected = golden.replace("Robin Okafor", "Alex Moreau")  # the examples' _me.yml
    button = page.locator("button.dossier-copy[data-copy-target='pause-text']")
    button.click()
    page.wait_for_function("document.querySelector('button.dossier-copy').dataset.copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == expected.strip()
    assert button.get_attribute("data-copied") == copied
    assert page.locator("#pause-text").inner_text().strip() == copied


def test_the_card_compares_your_win_with_the_offer(site: Path) -> None:
    lines = [text_of(p) for p in card(site, "ultimatum").select(".dossier-win")]
    assert lines == [
        "Level: Senior (you want Staff), below your win",
        "Work format: hybrid (you want remote), below your win",
    ]


def test_step_four_is_on_scripts_pages_only_with_an_offer(site: Path) -> None:
    def steps(slug: str) -> list[str]:
        page = article(site / "opportunities" / slug / "scripts.html")
        return [text_of(s) for s in page.select("details.dossier-rehearse > summary")]

    assert [s.split(".")[0] for s in steps("northwind-robotics")] == ["1", "2", "3", "5"]
    four = [s for s in steps("ultimatum") if s.startswith("4.")]
    assert four == ["4. State your position"]

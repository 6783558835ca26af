"""Picture text on a phone: at 320 and 390 px every label reads at 12 px or more,
stays inside its picture and never lies over another label (issue 26, items 2-3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from picture_sites import build_site, make_project

GOLDEN = Path(__file__).parent / "golden" / "dossiers"

# An offer withdrawn after a higher one: history must not look live.
WITHDRAWN = """\
company: Fernhill Labs
role: Staff Engineer
status: offer
compensation:
  currency: EUR
  desired: {base: 150000}
  minimum: 120000
  market:
    - source: Survey
      low: 110000
      high: 160000
offers:
  - label: First written offer
    date: 2026-11-10
    base: 145000
    withdrawn: true
  - label: Second written offer
    date: 2026-11-18
    base: 131000
    sign_on: 10000
"""

#: Each label's size in CSS px, its box against the picture's, and the labels that overlap.
MEASURE = """() => [...document.querySelectorAll('figure.dossier-picture svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    return {words: t.textContent, px, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  const overlaps = [];
  texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) overlaps.push([a.words, b.words]);
  }));
  return {kind: svg.closest('figure').className, box: {left: box.left, right: box.right,
    top: box.top, bottom: box.bottom}, texts, overlaps};
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("picture-text")
    dossiers = {"fernhill-labs": WITHDRAWN}
    dossiers["madrid"] = (GOLDEN / "madrid" / "dossier.yml").read_text(encoding="utf-8")
    make_project(root, examples=("lumen-health", "northwind-robotics"), dossiers=dossiers)
    return build_site(root)


def pages(site: Path) -> list[Path]:
    found = [site / "index.html", site / "opportunities" / "offers.html"]
    for slug in ("lumen-health", "northwind-robotics", "fernhill-labs", "madrid"):
        found += [
            site / "opportunities" / slug / f"{name}.html" for name in ("index", "numbers", "log")
        ]
    return found


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390])
def test_picture_text_is_readable_inside_and_apart(site: Path, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True)
    try:
        page = context.new_page()
        seen = 0
        for path in pages(site):
            page.goto(path.as_uri())
            for fig in page.evaluate(MEASURE):
                where = f"{path.relative_to(site)} {fig['kind']} at {width} px"
                box = fig["box"]
                assert box["right"] <= width, where
                for t in fig["texts"]:
                    seen += 1
                    assert t["px"] >= 12, f"{where}: {t['words']!r} at {t['px']:.1f} px"
                    inside = (
                        t["left"] >= box["left"] - 0.5
                        and t["right"] <= box["right"] + 0.5
                        and t["top"] >= box["top"] - 0.5
                        and t["bottom"] <= box["bottom"] + 0.5
                    )
                    assert inside, f"{where}: {t['words']!r} crosses the picture's edge"
                assert fig["overlaps"] == [], f"{where}: labels overlap"
        assert seen > 100  # every page type drew its pictures
    finally:
        context.close()


@pytest.mark.browser
def test_a_withdrawn_offer_is_drawn_muted_and_marked(site: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto((site / "opportunities" / "fernhill-labs" / "index.html").as_uri())
        dot = page.locator("figure.dossier-zopa circle[data-state=withdrawn]")
        assert dot.count() == 1
        assert dot.get_attribute("data-verdict") == "history"
        assert dot.get_attribute("fill") == "#fff"  # hollow, grey outline: muted
        labels = page.locator("figure.dossier-zopa text").all_text_contents()
        past = [t for t in labels if "145" in t]
        assert past and all("withdrawn" in t for t in past), labels
        assert not any("target" in t or "floor" in t for t in past), past
    finally:
        context.close()

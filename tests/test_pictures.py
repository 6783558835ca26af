"""Pictures drawn at build time: ZOPA, pipeline and timeline, from the core to a phone."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from browser import PhoneContext
from interview_dossier.analyse.analysis import Analysis, analyse_all
from interview_dossier.model import Dossier, DossierFacts, Status
from interview_dossier.privacy.filter import share
from interview_dossier.render.pages import STATUS_GROUPS
from interview_dossier.render.pictures import pictures_for
from interview_dossier.render.pictures.pipeline import pipeline_picture, stage_groups
from interview_dossier.render.pictures.timeline import timeline_events, timeline_picture
from picture_sites import article, build_site, make_project, words

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 11, 25)


def analysis(facts: dict[str, Any], slug: str = "acme") -> Analysis:
    dossier = Dossier(slug=slug, path=f"dossiers/{slug}", facts=DossierFacts.model_validate(facts))
    return analyse_all([dossier], TODAY)[0]


def figure(markup: object) -> ET.Element:
    """The whole <figure>: SVG and caption must be well-formed XML together."""
    return ET.fromstring(str(markup))


def marks(fig: ET.Element, kind: str) -> list[ET.Element]:
    return [e for e in fig.iter() if e.get("data-kind") == kind]


def caption_lines(fig: ET.Element) -> list[str]:
    return ["".join(li.itertext()) for li in fig.iter("li")]


ACME = {
    "company": "Acme",
    "role": "Engineer",
    "compensation": {
        "currency": "EUR",
        "desired": {"base": 95000},
        "minimum": 80000,
        "market": [{"source": "Survey", "low": 78000, "high": 100000}],
        "company_range": {"low": 85000, "high": 98000},
    },
    "offers": [
        {"label": "Middle offer", "date": "2026-11-20", "base": 88000},
        {"label": "Low offer", "date": "2026-11-10", "base": 76000},
        {"label": "High offer", "date": "2026-11-24", "base": 99000},
    ],
}


# ---------------------------------------------------------------- ZOPA, in the core


def test_zopa_positions_follow_the_numbers() -> None:
    fig = figure(pictures_for(analysis(ACME)).zopa)
    offers = {float(e.get("data-value")): float(e.get("cx")) for e in marks(fig, "offer")}
    assert sorted(offers) == [76000, 88000, 99000]
    # Each line is drawn in pieces, one per lane, all at one x, in one group.
    (floor_line,), (target_line,) = marks(fig, "floor"), marks(fig, "target")
    floor_xs = {e.get("x1") for e in floor_line.iter(f"{SVG}line")}
    target_xs = {e.get("x1") for e in target_line.iter(f"{SVG}line")}
    assert len(floor_xs) == len(target_xs) == 1
    # A piece in each lane: the market's, their range's and each offer's.
    assert len(list(floor_line.iter(f"{SVG}line"))) == 2 + len(marks(fig, "offer"))
    floor_x, target_x = float(floor_xs.pop()), float(target_xs.pop())
    assert floor_line.get("data-value") == "80000" and target_line.get("data-value") == "95000"

    # 76,000 < floor 80,000 < 88,000 < target 95,000 < 99,000, left to right.
    assert offers[76000] < floor_x < offers[88000] < target_x < offers[99000]
    # One scale for everything: equal steps in money are equal steps in x.
    per_unit_low = (offers[88000] - offers[76000]) / (88000 - 76000)
    per_unit_high = (offers[99000] - offers[88000]) / (99000 - 88000)
    assert per_unit_low == pytest.approx(per_unit_high, rel=0.01)

    (market,) = marks(fig, "market")
    (theirs,) = marks(fig, "company-range")
    m_left, m_right = float(market.get("x")), float(market.get("x")) + float(market.get("width"))
    c_left, c_right = float(theirs.get("x")), float(theirs.get("x")) + float(theirs.get("width"))
    # Market 78,000-100,000 wraps their range 85,000-98,000.
    assert m_left < c_left < c_right < m_right
    assert m_left < floor_x < c_left


def test_zopa_offer_verdicts_are_marked_and_named() -> None:
    fig = figure(pictures_for(analysis(ACME)).zopa)
    verdicts = {e.get("data-value"): e.get("data-verdict") for e in marks(fig, "offer")}
    # Only the current offer has a live verdict; the earlier ones are history.
    assert verdicts == {"76000": "history", "88000": "history", "99000": "meets-target"}
    low = next(e for e in marks(fig, "offer") if e.get("data-value") == "76000")
    assert "dossier-history" in low.get("class", "").split()
    assert low.get("data-state") == "earlier"
    svg_text = " | ".join("".join(t.itertext()) for t in fig.iter(f"{SVG}text"))
    assert "Low offer: 76,000 · earlier" in svg_text
    assert "below floor" not in svg_text and "between floor" not in svg_text
    assert "Low offer: 76,000 EUR a year, earlier (history, not on the table)" in caption_lines(fig)


def test_zopa_text_alternative_lists_the_same_values() -> None:
    fig = figure(pictures_for(analysis(ACME)).zopa)
    svg = fig.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    assert svg.get("viewBox", "").startswith("0 0 300 ") and svg.get("width") == "100%"
    title_id = svg.get("aria-labelledby", "")
    assert svg.find(f"{SVG}title").get("id") == title_id
    # Described by its caption, which lists the values once for every reader.
    caption = fig.find("figcaption")
    assert caption is not None and caption.get("id") == svg.get("aria-describedby")

    expected = [
        "Floor: 80,000 EUR a year",
        "Target: 95,000 EUR a year",
        "Market: 78,000 to 100,000 EUR a year",
        "Their stated range: 85,000 to 98,000 EUR a year",
        "Middle offer: 88,000 EUR a year, earlier (history, not on the table)",
        "Low offer: 76,000 EUR a year, earlier (history, not on the table)",
        "High offer: 99,000 EUR a year, at or above target",
        "Zone of possible agreement: 85,000 to 98,000 EUR a year, from their bottom to their"
        " top. Your target, 95,000 EUR a year, is inside it.",
    ]
    assert caption_lines(fig) == expected
    assert all(line in "".join(caption.itertext()) for line in expected)
    # Every number drawn is in the text alternative.
    drawn = {float(e.get("data-value")) for e in fig.iter() if e.get("data-value")}
    drawn |= {float(e.get(k)) for e in fig.iter() for k in ("data-low", "data-high") if e.get(k)}
    text = " ".join(expected)
    assert all(f"{v:,.0f}" in text for v in drawn)


def test_share_build_draws_no_floor() -> None:
    own = Dossier(slug="acme", path="dossiers/acme", facts=DossierFacts.model_validate(ACME))
    shared = share(own)
    assert shared.facts.compensation.minimum is None
    fig = figure(pictures_for(analyse_all([shared], TODAY)[0]).zopa)
    assert marks(fig, "floor") == []
    assert "80,000" not in ET.tostring(fig, encoding="unicode")
    assert not any(line.startswith("Floor") for line in caption_lines(fig))
    # Without a floor, nothing is called "below floor" either.
    assert {e.get("data-verdict") for e in marks(fig, "offer")} == {"history", "meets-target"}


def test_user_text_in_a_picture_stays_text() -> None:
    label = """<b>&"x'</b>"""
    facts = {
        **ACME,
        "company": "A<i>c</i>me & Co",
        "offers": [{**ACME["offers"][0], "label": label}],
    }
    fig = figure(pictures_for(analysis(facts)).zopa)  # parses: nothing broke the markup
    tags = {e.tag.removeprefix(SVG) for e in fig.iter()}
    assert not tags & {"b", "i", "script"}
    assert f"{label}: 88,000 EUR a year, between floor and target" in caption_lines(fig)
    assert "A<i>c</i>me & Co" in fig.find(f"{SVG}svg").find(f"{SVG}title").text


def test_compact_zopa_is_smaller_and_says_the_same() -> None:
    pictures = pictures_for(analysis(ACME))
    full, compact = figure(pictures.zopa), figure(pictures.zopa_compact)

    def height(fig: ET.Element) -> float:
        return float(fig.find(f"{SVG}svg").get("viewBox").split()[3])

    assert height(compact) < height(full)
    caption = "".join(compact.find("figcaption").itertext())
    for line in caption_lines(full):
        # The card leaves out the zone sentence (it is on the Numbers page, and on the
        # card when there is no zone) and earlier offers (history on the Numbers page).
        if not line.startswith("Zone of possible agreement") and not line.endswith(")"):
            assert line in caption
    ids = {e.get("id") for e in full.iter() if e.get("id")}
    assert not ids & {e.get("id") for e in compact.iter() if e.get("id")}


def test_no_numbers_no_zopa() -> None:
    assert str(pictures_for(analysis({"company": "Acme", "role": "Engineer"})).zopa) == ""


# ---------------------------------------------------------------- pipeline and timeline


def test_pipeline_has_a_bar_per_group_sized_by_count() -> None:
    dossiers = [
        analysis({"company": name, "role": "R", "status": status}, slug=name.lower())
        for name, status in (("A", "interviewing"), ("B", "interviewing"), ("C", "offer"))
    ]
    groups = stage_groups(dossiers, STATUS_GROUPS)
    fig = figure(pipeline_picture(groups))
    bars = {e.get("data-group"): e for e in marks(fig, "stage-group")}
    assert list(bars) == [title for title, _ in STATUS_GROUPS]  # every group, empty ones too
    assert bars["Interviewing"].get("data-count") == "2"
    assert bars["Offers"].get("data-count") == "1"
    assert bars["Closed"].get("data-count") == "0"
    two, one = float(bars["Interviewing"].get("width")), float(bars["Offers"].get("width"))
    assert two == pytest.approx(2 * one)
    assert "Interviewing: 2 (A, B)" in caption_lines(fig)
    assert "Researching: 0" in caption_lines(fig)
    assert Status.offer in dict(STATUS_GROUPS)["Offers"]


def test_timeline_puts_today_between_past_and_upcoming() -> None:
    facts = DossierFacts.model_validate(
        {
            "company": "Acme",
            "role": "Engineer",
            "interviews": [
                {"when": "2026-11-10T10:00:00+01:00", "stage": "Screen"},
                {"when": "2026-12-03T10:00:00", "timezone": "Europe/Berlin", "stage": "Onsite"},
            ],
            "commitments": [
                {"what": "Send references", "due": "2026-11-20"},
                {"what": "Send the exercise", "due": "2026-11-18", "done": True},
            ],
            "offers": [
                {"label": "Offer", "date": "2026-11-24", "base": 1, "deadline": "2026-12-04"}
            ],
            "stage_log": [{"date": "2026-11-10", "what": "Screen"}],
        }
    )
    events = timeline_events(facts, TODAY)
    fig = figure(timeline_picture("acme", events, TODAY))
    today = marks(fig, "today")[0]
    assert {e.get("x1") for e in marks(fig, "today")} == {today.get("x1")}
    today_x = float(today.get("x1"))
    circles = [e for e in fig.iter(f"{SVG}circle")]
    states = {(c.get("data-kind"), c.get("data-date")): c.get("data-state") for c in circles}
    assert states == {
        ("interview", "2026-11-10"): "past",
        ("interview", "2026-12-03"): "upcoming",
        ("commitment", "2026-11-20"): "overdue",
        ("commitment", "2026-11-18"): "done",
        ("deadline", "2026-12-04"): "upcoming",
        ("step", "2026-11-10"): "past",
    }
    for c in circles:
        x = float(c.get("cx"))
        assert (x < today_x) == (c.get("data-date") < TODAY.isoformat())
    # Later dates sit further right.
    xs = {c.get("data-date"): float(c.get("cx")) for c in circles}
    assert (
        xs["2026-11-10"] < xs["2026-11-18"] < xs["2026-11-20"] < xs["2026-12-03"] < xs["2026-12-04"]
    )
    lines = caption_lines(fig)
    assert "Thu 3 Dec 2026 · Interview · Onsite · upcoming" in lines
    assert "Fri 20 Nov 2026 · Commitment · Send references · overdue" in lines
    assert "Today is Wed 25 Nov 2026" in "".join(fig.find("figcaption").itertext())


# ---------------------------------------------------------------- in the built site


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("examples") / "project",
        examples=("northwind-robotics", "lumen-health", "harbor-analytics", "ottervale-logistics"),
    )
    return build_site(root)


def test_numbers_page_shows_the_zopa_under_compensation(example_site: Path) -> None:
    page = article(example_site / "opportunities" / "lumen-health" / "numbers.html")
    fig = page.select_one("figure.dossier-zopa")
    assert fig is not None
    heading = fig.find_previous(["h2"])
    assert heading is not None and words(heading).startswith("Compensation")
    svg = fig.select_one("svg[role=img]")
    assert svg is not None and svg.select_one("title")
    assert fig.select_one("figcaption")["id"] == svg["aria-describedby"]
    items = [words(li) for li in fig.select("figcaption li")]
    assert "Floor: 85,000 EUR a year" in items  # Lumen's floor is listed under `public:`
    assert "First offer: 78,000 EUR a year, earlier (history, not on the table)" in items
    verdicts = {c["data-value"]: c["data-verdict"] for c in svg.select("[data-kind=offer]")}
    # The revised offer's base is below the floor: that is its verdict, whatever its total.
    assert verdicts == {"78000": "history", "82000": "below-floor"}
    overlap = svg.select_one("[data-kind=overlap]")
    assert overlap is not None
    assert (overlap["data-low"], overlap["data-high"]) == ("85000", "88000")
    assert (
        "Zone of possible agreement: 85,000 to 88,000 EUR a year, from your floor to their top."
        " Your target, 90,000 EUR a year, is above their top." in items
    )


def test_card_and_log_carry_their_pictures(example_site: Path) -> None:
    card = article(example_site / "opportunities" / "northwind-robotics" / "index.html")
    compact = card.select_one("figure.dossier-zopa")
    assert compact is not None
    assert words(compact.find_previous(["h2", "h3"])).startswith("Your numbers")
    assert card.select_one('a[href="northwind-robotics.ics"]') is not None

    # The dashboard lists its stages as text (tests/test_mentor_view.py), no picture.
    home = article(example_site / "index.html")
    assert home.select_one('a[href="calendar.ics"]') is not None

    log = article(example_site / "opportunities" / "northwind-robotics" / "log.html")
    timeline = log.select_one("figure.dossier-timeline svg[role=img]")
    assert timeline is not None
    assert timeline.select_one("[data-kind=today]")["data-date"] == "2026-11-25"
    assert timeline.select_one("[data-kind=commitment][data-state=overdue]") is not None


def test_share_build_pictures_leave_the_private_floor_out(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", examples=("northwind-robotics", "lumen-health"))
    site = build_site(root, share=True)
    northwind = article(site / "opportunities" / "northwind-robotics" / "numbers.html")
    fig = northwind.select_one("figure.dossier-zopa")
    assert fig is not None and fig.select("[data-kind=floor]") == []
    assert "80,000" not in str(fig)  # Northwind's floor is private by default
    lumen = article(site / "opportunities" / "lumen-health" / "numbers.html")
    assert lumen.select_one("figure.dossier-zopa [data-kind=floor]")["data-value"] == "85000"


@pytest.mark.browser
def test_zopa_fits_a_phone_screen(example_site: Path, phone: PhoneContext, tmp_path: Path) -> None:
    page = phone.new_page()
    page.goto((example_site / "opportunities" / "lumen-health" / "numbers.html").as_uri())
    svg = page.locator("figure.dossier-zopa svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    assert box is not None
    assert 200 < box["width"] <= 390
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate(
        "document.scrollingElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert page.locator("figure.dossier-zopa figcaption li").first.is_visible()
    shot = tmp_path / "zopa.png"
    svg.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
    assert phone.offsite_requests() == []

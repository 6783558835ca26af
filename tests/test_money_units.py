"""Money with units: the eleven findings of issue 23, each reproduced, and the rules
that fix them (one basis for every comparison, base and total judged apart)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from interview_dossier.analyse.analysis import Analysis, analyse_all
from interview_dossier.analyse.warnings import warnings
from interview_dossier.load.loader import parse_facts
from interview_dossier.model import Dossier, DossierFacts
from interview_dossier.privacy.filter import share
from interview_dossier.render.pages import Renderer
from interview_dossier.render.pictures import pictures_for
from picture_sites import article, build_site, make_project, words

TODAY = dt.date(2026, 11, 25)


def dossier(slug: str, **facts: Any) -> Dossier:
    data = {"company": slug.title(), "role": "Engineer", **facts}
    return Dossier(slug=slug, path=f"dossiers/{slug}", facts=DossierFacts.model_validate(data))


def analysis(d: Dossier, *others: Dossier, today: dt.date = TODAY) -> Analysis:
    return analyse_all([d, *others], today)[0]


def text(a: Analysis, name: str) -> str:
    found = {m.name: m for m in a.messages}
    assert name in found, f"no {name} message; offered: {sorted(found)}"
    return str(Renderer().message(name, found[name].values).unescape())


# Madrid: EUR, 14 monthly payments, an ultimatum.
MADRID = {
    "status": "offer",
    "compensation": {
        "currency": "EUR",
        "period": "month",
        "payments_per_year": 14,
        "desired": {"base": 6000},
        "minimum": 5500,
        "market": [{"source": "Survey", "low": 4640, "high": 6070}],
        "company_range": {"low": 5000, "high": 6200},
    },
    "offers": [{"label": "Written offer", "date": "2026-11-20", "base": 5657}],
}


# 1. Positions against the market and their range are on the same basis as the offer.
def test_market_and_range_positions_compare_like_with_like() -> None:
    v = analysis(dossier("madrid", **MADRID)).current_offer
    assert v is not None and v.base == 5657 * 14
    assert (v.market, v.company_range) == ("within", "within")


# 2. A market point has a period; a figure far off the target's scale is pointed out.
def test_a_yearly_market_point_in_a_monthly_dossier() -> None:
    facts = {**MADRID, "compensation": {**MADRID["compensation"]}}
    facts["compensation"]["market"] = [
        {"source": "Yearly survey", "low": 65000, "high": 85000, "period": "year"}
    ]
    d = dossier("madrid", **facts)
    v = analysis(d).current_offer
    assert v is not None and v.market == "within"  # 79,198 a year, inside 65,000-85,000
    fig = str(pictures_for(analysis(d)).zopa)
    assert "910k" not in fig and "85,000" in fig
    # Without the period, the same figures are yearly figures typed into a monthly dossier.
    facts["compensation"]["market"] = [{"source": "Yearly survey", "low": 65000, "high": 85000}]
    found = warnings(dossier("madrid", **facts), TODAY)
    words = [p.message for p in found if p.field == "compensation.market[0]"]
    assert words and "looks yearly: add `period: year`" in words[0]


# 3. A red line's money limit is on the offer's basis.
def test_a_monthly_min_base_fires_against_a_monthly_offer() -> None:
    d = dossier(
        "m",
        status="offer",
        compensation={"period": "month", "payments_per_year": 14},
        red_lines=[{"rule": "At least 4,400 a month", "min_base": 4400}],
        offers=[{"date": "2026-11-20", "base": 4200}],
    )
    (check,) = analysis(d).red_lines
    assert check.status == "breached"


LUMEN_REVISED = {
    "status": "offer",
    "compensation": {"minimum": 85000, "desired": {"base": 90000, "bonus": 5000}},
    "offers": [
        {"label": "Revised offer", "date": "2026-11-24", "base": 82000, "bonus": 6000,
         "sign_on": 5000, "equity_total": 20000, "vesting_years": 4, "deadline": "2026-12-04"}
    ],
}  # fmt: skip


# 4. The floor is a salary floor: the base is judged against it, the total against the target.
def test_the_headline_judges_the_base_against_the_floor_first() -> None:
    v = analysis(dossier("lumen", **LUMEN_REVISED)).current_offer
    assert v is not None and v.verdict == "below-floor"
    assert (v.floor_check, v.target_check) == ("below", "below")
    assert v.summary.startswith(
        "Base 82,000 EUR a year is below your floor of 85,000 EUR a year: decline or renegotiate."
    )
    assert "Annualised total 94,250 EUR a year is 750 EUR a year short of your target" in v.summary


def test_a_total_floor_is_said_explicitly() -> None:
    facts = {**LUMEN_REVISED, "compensation": {**LUMEN_REVISED["compensation"]}}
    facts["compensation"]["minimum_applies_to"] = "total"
    v = analysis(dossier("lumen", **facts)).current_offer
    assert v is not None and v.verdict == "below-target" and v.floor_check == "meets"


# 5. The counter never asks for less than the offer on any component.
def test_the_counter_asks_where_the_gap_is_never_below_the_offer() -> None:
    d = dossier(
        "c",
        status="offer",
        compensation={"minimum": 80000, "desired": {"base": 90000, "bonus": 10000}},
        offers=[{"label": "Offer", "date": "2026-11-20", "base": 95000, "sign_on": 10000}],
    )
    said = text(analysis(d), "counter")
    assert "90,000" not in said
    assert "bonus" in said and "10,000" in said


# 6. Below the floor there is a renegotiate message that keeps the floor to yourself.
def test_below_the_floor_a_renegotiate_message_that_hides_the_floor() -> None:
    d = dossier(
        "r",
        status="offer",
        compensation={"minimum": 85000, "desired": {"base": 92000}},
        offers=[{"label": "Offer", "date": "2026-11-20", "base": 84300}],
    )
    a = analysis(d)
    said = text(a, "renegotiate")
    assert "85,000" not in said and "700" not in said
    assert "84,300" in said and "92,000" in said
    assert "decline-mismatch" in {m.name for m in a.messages}


def test_a_floor_above_the_market_top_is_said_on_the_card_and_by_check() -> None:
    d = dossier(
        "hi",
        compensation={"minimum": 100000, "desired": {"base": 110000},
                      "market": [{"source": "Survey", "low": 70000, "high": 95000}]},
    )  # fmt: skip
    a = analysis(d)
    assert any("floor" in n and "above the top of the market" in n for n in a.money_notes)
    found = [p.message for p in warnings(d, TODAY)]
    assert any("above the top of the market" in m for m in found)


# 7. An offer elsewhere counts for the BATNA only when you would take it, and it is live.
def test_an_offer_below_its_floor_by_base_does_not_make_a_strong_batna() -> None:
    me = dossier("me", status="interviewing")
    a = analysis(me, dossier("lumen", **LUMEN_REVISED))
    assert a.batna.strength != "strong"
    assert "below your floor" in a.batna.reason


def test_a_rating_is_shown_beside_the_facts_and_never_silences_them() -> None:
    me = dossier(
        "me", status="interviewing", batna=[{"what": "Lumen Health offer", "strength": "strong"}]
    )
    other = {**LUMEN_REVISED, "compensation": {"minimum": 80000}}
    a = analysis(me, dossier("lumen", **other), today=dt.date(2026, 12, 7))
    assert "rate \u201cLumen Health offer\u201d strong" in a.batna.reason
    assert "expired on 4 December" in a.batna.reason
    assert "say no calmly" not in a.batna.reason


# 8. The fit review reads the site's own facts.
def test_the_fit_review_reads_breached_red_lines_and_the_floor() -> None:
    scores = {k: {"score": 4} for k in ("tasks", "money", "boundaries", "values")}
    d = dossier(
        "f",
        status="offer",
        compensation={"minimum": 85000},
        red_lines=[{"rule": "At most two office days", "max_office_days": 2}],
        offers=[{"date": "2026-11-20", "base": 80000, "office_days": 4}],
        fit=scores,
    )
    fit = analysis(d).fit
    assert "exists on all four" not in fit.verdict
    assert "boundaries" in fit.verdict.lower() and "money" in fit.verdict.lower()
    assert "you scored" in fit.verdict.lower()


# 9. A share says the floor is not in this copy, and nothing else about it.
def test_a_share_makes_no_claim_that_needs_the_floor() -> None:
    d = dossier(
        "s",
        status="offer",
        compensation={"minimum": 85000, "desired": {"base": 95000}},
        offers=[{"label": "Offer", "date": "2026-11-20", "base": 84000}],
    )
    a = analysis(share(d))
    v = a.current_offer
    assert v is not None and v.floor_check == "withheld"
    assert "floor" in v.summary and "not in this copy" in v.summary
    assert "between" not in v.summary and "below your floor" not in v.summary
    said = " ".join(why for _, why in a.messages_left_out)
    assert "not below your floor" not in said
    assert "counter" not in {m.name for m in a.messages}  # it would say the floor is met
    words = " ".join(z.word for z in _zopa_offers(a))
    assert "floor" not in words or "not in this copy" in words


def _zopa_offers(a: Analysis) -> list[Any]:
    from interview_dossier.render.pictures.zopa import zopa

    z = zopa(a)
    return list(z.offers) if z else []


# 10. A thousands separator is refused with the number to write.
@pytest.mark.parametrize(
    ("field", "typed", "write"),
    [
        ("compensation.minimum", "5.300", "5300"),
        ("offers[0].base", "150.000", "150000"),
        ("compensation.desired.base", "1.234.567", "1234567"),
    ],
)
def test_a_thousands_separator_is_refused(field: str, typed: str, write: str) -> None:
    values = {"compensation.minimum": "4000", "offers[0].base": "4000",
              "compensation.desired.base": "4000"}  # fmt: skip
    values[field] = typed
    yml = (
        "company: Acme\nrole: Engineer\ncompensation:\n"
        f"  minimum: {values['compensation.minimum']}\n"
        f"  desired:\n    base: {values['compensation.desired.base']}\n"
        f"offers:\n  - date: 2026-11-20\n    base: {values['offers[0].base']}\n"
    )
    facts, problems = parse_facts(yml, "dossiers/acme/dossier.yml")
    assert facts is None
    found = [p for p in problems if p.field == field]
    assert found, problems
    assert f"write {write}" in found[0].message and found[0].line > 1


def test_decimals_that_are_not_separators_are_kept() -> None:
    yml = "company: Acme\nrole: Engineer\ncompensation:\n  minimum: 5300.5\n"
    facts, problems = parse_facts(yml, "dossiers/acme/dossier.yml")
    assert not problems and facts is not None and facts.compensation.minimum == 5300.5


# 11. Withdrawn and superseded offers are drawn as history, never with a live verdict.
def test_a_withdrawn_offer_is_drawn_as_history() -> None:
    d = dossier(
        "w",
        status="offer",
        compensation={"minimum": 120000, "desired": {"base": 150000}},
        offers=[
            {"label": "First", "date": "2026-11-01", "base": 145000, "withdrawn": True},
            {"label": "Second", "date": "2026-11-10", "base": 140000},
        ],
    )
    pics = pictures_for(analysis(d))
    for key in ("zopa", "zopa_compact"):
        fig = str(getattr(pics, key))
        circles = re.findall(r"<circle[^>]*data-kind=\"offer\"[^>]*>", fig)
        past = [c for c in circles if 'data-state="withdrawn"' in c]
        assert len(past) == 1, circles
        assert 'data-verdict="history"' in past[0]
        labels = re.findall(r"<text[^>]*>(.*?)</text>", fig)
        first = [t for t in labels if "withdrawn" in t]
        assert first, labels
        assert not any("between floor" in t or "target" in t for t in first)


# 11. The Numbers page: one basis, the unit on every figure, the ZOPA sentence once.
def test_the_numbers_page_labels_every_figure_and_says_the_zone_once(tmp_path: Path) -> None:
    madrid = (Path(__file__).parent / "golden" / "dossiers" / "madrid" / "dossier.yml").read_text(
        encoding="utf-8"
    )
    site = build_site(make_project(tmp_path, dossiers={"madrid": madrid}))
    page = article(site / "opportunities" / "madrid" / "numbers.html")
    for svg in page.select("svg"):
        svg.decompose()  # the picture's own text alternative; the caption says it as text
    said = words(page)
    assert said.count("Zone of possible agreement") == 1
    assert "All figures are gross, in EUR a year" in said
    assert "per month" not in said
    # Each figure with its period and payments: the floor as written, the yearly survey as is.
    assert "77,000 EUR a year (14 × 5,500)" in said
    assert "65,000 to 85,000 EUR a year" in said
    assert "Base 76,300 EUR a year (14 × 5,450) is below your floor" in said


def test_a_share_says_a_private_money_limit_is_not_in_the_copy() -> None:
    d = dossier(
        "s",
        status="offer",
        red_lines=[
            {"rule": "Kept private", "private": True, "max_office_days": 1},
            {"rule": "No on-call"},
            {"rule": "A base I can live on", "min_base": 90000},
        ],
        offers=[{"label": "Offer", "date": "2026-11-20", "base": 95000}],
    )
    checks = {c.red_line.rule: c for c in analysis(share(d)).red_lines}
    assert "Kept private" not in checks
    assert checks["A base I can live on"].status == "withheld"
    assert checks["A base I can live on"].summary == "its money limit is not in this copy"
    assert checks["No on-call"].status == "unchecked"  # nothing was withheld from it
    assert {c.status for c in analysis(d).red_lines} == {"unknown", "unchecked", "holds"}

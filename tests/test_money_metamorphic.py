"""Metamorphic properties of the money verdicts: one dossier written three ways.

A generated opportunity is written per year; per month with 12, 13 or 14 payments;
and with its offers in another currency, at a rate in `_rates.yml`. The three give
the same verdicts, red-line results, BATNA and messages: only the figures differ.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from interview_dossier.analyse.analysis import Analysis, analyse_all
from interview_dossier.load.settings import Rates
from interview_dossier.model import Dossier, DossierFacts
from interview_dossier.render.pages import Renderer

TODAY = dt.date(2026, 11, 25)
RATE = 0.5  # 1 USD = 0.5 EUR: exact in binary, so no rounding decides a verdict

monthly = st.integers(min_value=1000, max_value=12000)
maybe = st.one_of(st.none(), monthly)


@st.composite
def opportunity(draw: Any) -> dict[str, Any]:
    """Monthly figures; each writing below multiplies them out."""
    return {
        "floor": draw(maybe),
        "target": draw(maybe),
        "target_bonus": draw(st.one_of(st.none(), st.integers(0, 1500))),
        "market": draw(st.one_of(st.none(), st.tuples(monthly, st.integers(0, 4000)))),
        "range": draw(st.one_of(st.none(), st.tuples(monthly, st.integers(0, 4000)))),
        "min_base": draw(maybe),
        "on_total": draw(st.booleans()),
        "offers": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "base": monthly,
                        "bonus": st.one_of(st.none(), st.integers(0, 1500)),
                        "sign_on": st.one_of(st.none(), st.integers(0, 20000)),
                        "equity_total": st.one_of(st.none(), st.integers(0, 80000)),
                        "office_days": st.one_of(st.none(), st.integers(0, 5)),
                        "withdrawn": st.booleans(),
                    }
                ),
                min_size=0,
                max_size=3,
            )
        ),
        "status": draw(st.sampled_from(["interviewing", "offer"])),
        "rating": draw(st.sampled_from([None, "strong", "medium"])),
    }


def written(slug: str, o: dict[str, Any], way: str, payments: int) -> Dossier:
    """The opportunity written per year, per month, or with offers in USD."""
    month = way == "month"
    base_scale = 1 if month else payments  # a salary comes `payments` times a year
    loose_scale = 1 if month else 12  # a bonus per month comes 12 times
    money = 1 / RATE if way == "usd" else 1  # offers only: USD amounts

    def salary(v: int | None) -> int | None:
        return None if v is None else v * base_scale

    comp: dict[str, Any] = {"currency": "EUR", "period": "month" if month else "year"}
    if month:
        comp["payments_per_year"] = payments
    if o["floor"] is not None:
        comp["minimum"] = salary(o["floor"])
    if o["on_total"]:
        comp["minimum_applies_to"] = "total"
    desired: dict[str, Any] = {}
    if o["target"] is not None:
        desired["base"] = salary(o["target"])
    if o["target_bonus"] is not None:
        desired["bonus"] = o["target_bonus"] * loose_scale
    comp["desired"] = desired
    if o["market"]:
        low, span = o["market"]
        comp["market"] = [{"source": "Survey", "low": salary(low), "high": salary(low + span)}]
    if o["range"]:
        low, span = o["range"]
        comp["company_range"] = {"low": salary(low), "high": salary(low + span)}
    red_lines: list[dict[str, Any]] = [{"rule": "Three office days at most", "max_office_days": 3}]
    if o["min_base"] is not None:
        red_lines.append({"rule": "A base I can live on", "min_base": salary(o["min_base"])})
    offers = []
    for i, x in enumerate(o["offers"]):
        offer: dict[str, Any] = {
            "label": f"Offer {i + 1}",
            "date": f"2026-11-{10 + i:02d}",
            "base": salary(x["base"]) * money,
            "withdrawn": x["withdrawn"],
        }
        if way == "usd":
            offer["currency"] = "USD"
        if x["bonus"] is not None:
            offer["bonus"] = x["bonus"] * loose_scale * money
        for key in ("sign_on", "equity_total"):
            if x[key] is not None:
                offer[key] = x[key] * money
        if x["office_days"] is not None:
            offer["office_days"] = x["office_days"]
        offers.append(offer)
    facts: dict[str, Any] = {
        "company": slug.title(),
        "role": "Engineer",
        "status": o["status"],
        "compensation": comp,
        "red_lines": red_lines,
        "offers": offers,
        "people": [{"name": "Dana Lee", "role": "recruiter"}],
    }
    if o["rating"]:
        facts["batna"] = [{"what": "My current job", "strength": o["rating"]}]
    return Dossier(slug=slug, path=f"dossiers/{slug}", facts=DossierFacts.model_validate(facts))


def masked(text: str) -> str:
    """A sentence without its figures: units in brackets, numbers and currencies go."""
    text = re.sub(r" \(\d+ × [\d,.]+\)", "", text)
    text = re.sub(r" \(from [\d,.]+ [A-Z]{3}\)", "", text)
    text = re.sub(r"\d[\d,.]*", "N", text)
    return re.sub(r"\b(EUR|USD)\b", "CUR", text)


def outcome(a: Analysis) -> dict[str, Any]:
    renderer = Renderer()
    return {
        "verdicts": [
            (
                v.state,
                v.verdict,
                v.floor_check,
                v.target_check,
                v.market,
                v.company_range,
                v.measure,
                tuple(p for p, _, _ in v.gaps),
                v.zone,
            )
            for v in a.offers
        ],
        "red_lines": [(c.status, tuple(b.kind for b in c.breaches)) for c in a.red_lines],
        "batna": (a.batna.strength, masked(a.batna.reason)),
        "fit": masked(a.fit.verdict),
        "zopa": a.zopa.exists,
        "messages": [
            (m.name, masked(str(renderer.message(m.name, m.values).unescape()))) for m in a.messages
        ],
        "left_out": [(title, masked(why)) for title, why in a.messages_left_out],
    }


@settings(max_examples=60, deadline=None)
@given(
    me=opportunity(),
    other=opportunity(),
    payments=st.sampled_from([12, 13, 14]),
)
def test_a_dossier_written_three_ways_gives_the_same_verdicts(
    me: dict[str, Any], other: dict[str, Any], payments: int
) -> None:
    results = {}
    for way in ("year", "month", "usd"):
        rates = Rates(base="EUR", rates={"USD": RATE}) if way == "usd" else None
        pair = [written("me", me, way, payments), written("other", other, way, payments)]
        results[way] = [outcome(a) for a in analyse_all(pair, TODAY, rates=rates)]
    assert results["month"] == results["year"]
    assert results["usd"] == results["year"]

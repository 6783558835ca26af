"""Offers compared: the formulas, exchange rates from `_rates.yml`, and the page itself."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from interview_dossier.analyse.analysis import Analysis, analyse_all
from interview_dossier.analyse.comparison import compare_offers
from interview_dossier.load.settings import load_rates
from interview_dossier.model import Dossier, DossierFacts
from interview_dossier.render.pictures.offers import comparison_picture
from picture_sites import article, build_site, make_project, words

TODAY = dt.date(2026, 11, 25)


def analyses(*dossiers: dict[str, Any]) -> list[Analysis]:
    models = [
        Dossier(slug=f["company"].lower(), path="dossiers/x", facts=DossierFacts.model_validate(f))
        for f in dossiers
    ]
    return analyse_all(models, TODAY)


def one_offer(offer: dict[str, Any], **facts: Any) -> dict[str, Any]:
    base = {"company": "Acme", "role": "Engineer", "offers": [{"date": "2026-11-20", **offer}]}
    return {**base, **facts}


# ---------------------------------------------------------------- the formulas, by hand


def test_first_year_and_annualised_totals() -> None:
    offer = {"base": 82000, "bonus": 6000, "sign_on": 5000, "equity_total": 20000}
    (row,) = compare_offers(analyses(one_offer(offer)), None).compared
    # first year = 82,000 + 6,000 + 5,000 + 20,000 / 4 = 98,000
    assert row.first_year == 98000
    # annualised = 82,000 + 6,000 + (5,000 + 20,000) / 4 = 88,000 + 6,250 = 94,250
    assert row.annualised == 94250
    assert row.totals.equity_per_year == 5000


def test_monthly_amounts_are_taken_per_year_and_vesting_is_the_offers() -> None:
    offer = {
        "period": "month",
        "base": 7000,
        "bonus": 500,
        "sign_on": 3000,
        "equity_total": 12000,
        "vesting_years": 3,
    }
    (row,) = compare_offers(analyses(one_offer(offer)), None).compared
    # base 7,000 x 12 = 84,000; bonus 500 x 12 = 6,000; equity 12,000 / 3 = 4,000 a year
    # first year = 84,000 + 6,000 + 3,000 + 4,000 = 97,000
    assert row.first_year == 97000
    # annualised = 84,000 + 6,000 + (3,000 + 12,000) / 3 = 90,000 + 5,000 = 95,000
    assert row.annualised == 95000


def test_hourly_base_and_missing_parts() -> None:
    (row,) = compare_offers(analyses(one_offer({"period": "hour", "base": 50})), None).compared
    # 50 an hour x 2,080 hours = 104,000; no bonus, sign-on or equity: both totals are the base
    assert row.first_year == row.annualised == 104000


def test_ranked_by_annualised_total() -> None:
    a = one_offer({"label": "A", "base": 90000, "sign_on": 20000})  # 110,000 / 95,000
    b = one_offer({"label": "B", "base": 96000}, company="Beta")  # 96,000 / 96,000
    comparison = compare_offers(analyses(a, b), None)
    assert [c.totals.label for c in comparison.compared] == ["B", "A"]
    assert comparison.currency == "EUR" and comparison.problem == ""


# ---------------------------------------------------------------- currencies


def test_mixed_currencies_without_rates_are_refused() -> None:
    eur = one_offer({"label": "Home", "base": 80000})
    usd = one_offer({"label": "Abroad", "base": 100000, "currency": "USD"}, company="Beta")
    comparison = compare_offers(analyses(eur, usd), None)
    assert comparison.compared == ()
    assert comparison.currency is None
    assert comparison.missing == ("EUR", "USD")
    assert comparison.problem.startswith("Cannot compare")
    assert "EUR and USD" in comparison.problem
    assert str(comparison_picture(comparison)) == ""


def test_with_rates_other_currencies_are_converted(tmp_path: Path) -> None:
    (tmp_path / "_rates.yml").write_text("base: EUR\nrates:\n  USD: 0.92\n", encoding="utf-8")
    rates, problems = load_rates(tmp_path, tmp_path.parent)
    assert problems == [] and rates is not None
    eur = one_offer({"label": "Home", "base": 80000, "bonus": 5000})
    usd = one_offer({"label": "Abroad", "base": 100000, "currency": "USD"}, company="Beta")
    gbp = one_offer({"label": "London", "base": 70000, "currency": "GBP"}, company="Gamma")
    comparison = compare_offers(analyses(eur, usd, gbp), rates)
    # 100,000 USD x 0.92 = 92,000 EUR, ahead of 80,000 + 5,000 = 85,000 EUR
    assert [(c.totals.label, c.annualised) for c in comparison.compared] == [
        ("Abroad", pytest.approx(92000)),
        ("Home", 85000),
    ]
    assert comparison.conversions == [("USD", 0.92)]
    assert [t.label for t in comparison.not_compared] == ["London"]
    assert comparison.missing == ("GBP",)
    assert "no rate for GBP" in comparison.problem


def test_bad_rates_file_names_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "_rates.yml").write_text(
        "base: EUR\nrates:\n  usd: 0.92\n  GBP: -1\nbase_currency: EUR\n", encoding="utf-8"
    )
    rates, problems = load_rates(tmp_path, tmp_path.parent)
    assert rates is None
    found = {(p.path, p.line, p.field) for p in problems}
    name = f"{tmp_path.name}/_rates.yml"
    assert found == {
        (name, 3, "rates.usd"),
        (name, 4, "rates.GBP"),
        (name, 5, "base_currency"),
    }
    messages = " ".join(p.message for p in problems)
    assert "three-letter currency code" in messages and "above 0" in messages


# ---------------------------------------------------------------- the page in a real site

ACME = """\
company: Acme
role: Engineer
status: offer
red_lines:
  - rule: Base at least 80,000
    min_base: 80000
offers:
  - label: First offer
    date: 2026-11-20
    base: 78000
    bonus: 4000
    work_format: hybrid
    office_days: 1
  - label: Revised offer
    date: 2026-11-24
    base: 82000
    bonus: 6000
    sign_on: 5000
    equity_total: 20000
    work_format: hybrid
"""

BETA_USD = """\
company: Beta
role: Engineer
status: offer
compensation:
  currency: USD
offers:
  - label: US offer
    date: 2026-11-22
    base: 100000
    work_format: remote
"""


def offers_page(site: Path) -> Any:
    return article(site / "opportunities" / "offers.html")


def test_page_compares_offers_in_a_table_and_a_picture(tmp_path: Path) -> None:
    site = build_site(make_project(tmp_path / "p", dossiers={"acme": ACME}))
    page = offers_page(site)
    table = page.find("h2", id="compared-in-eur").find_next("table")
    rows = [[words(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [
        [
            "Acme : Revised offer",
            "98,000 EUR",
            "94,250 EUR",
            "hybrid",
            "none breached",
        ],
        [
            "Acme : First offer (earlier)",
            "82,000 EUR",
            "82,000 EUR",
            "hybrid, 1 office day a week",
            "Breached: base 78,000 EUR a year, your limit is 80,000 EUR a year",
        ],
    ]
    assert page.select_one('a[href="acme/numbers.html"]') is not None
    text = words(page)
    assert "First year = base + bonus + sign-on + equity total ÷ vesting years" in text
    assert "Annualised = base + bonus + (sign-on + equity total) ÷ vesting years" in text

    fig = ET.fromstring(str(page.select_one("figure.dossier-offers")))
    bars = {(e.get("data-offer"), e.get("data-kind")): e for e in fig.iter() if e.get("data-value")}
    revised_first = bars[("0", "first-year")]
    assert revised_first.get("data-value") == "98000"
    widths = {key: float(e.get("width")) for key, e in bars.items()}
    # 98,000 / 82,000: bar lengths follow the amounts, from zero.
    ratio = widths[("0", "first-year")] / widths[("1", "first-year")]
    assert ratio == pytest.approx(98 / 82, rel=1e-3)  # widths are rounded to 0.01
    assert widths[("0", "annualised")] < widths[("0", "first-year")]


def test_page_says_it_cannot_compare_without_rates(tmp_path: Path) -> None:
    site = build_site(make_project(tmp_path / "p", dossiers={"acme": ACME, "beta": BETA_USD}))
    page = offers_page(site)
    warning = page.select_one(".admonition.warning")
    assert warning is not None
    text = words(warning)
    assert "Cannot compare" in text and "EUR and USD" in text
    assert "Beta, US offer (USD)" in text
    assert page.select_one("figure.dossier-offers") is None
    headings = [words(h) for h in page.select("h2")]
    assert "Not compared" in " ".join(headings)
    assert "100,000 USD" in words(page)


def test_page_converts_with_the_users_rates(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "p",
        dossiers={"acme": ACME, "beta": BETA_USD},
        rates="base: EUR\nrates:\n  USD: 0.92\ndate: 2026-11-20\n",
    )
    page = offers_page(build_site(project))
    assert page.select_one(".admonition.warning") is None
    table = page.find("h2", id="compared-in-eur").find_next("table")
    first_rows = [words(tr.select("td")[0]) for tr in table.select("tbody tr")]
    assert first_rows[0] == "Acme : Revised offer"
    assert first_rows[1] == "Beta : US offer"  # 100,000 USD x 0.92 = 92,000 EUR
    assert "92,000 EUR" in words(table.select("tbody tr")[1])
    assert "1 USD = 0.92 EUR" in words(page)


def test_bad_rates_file_stops_the_build_with_its_place(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "p", dossiers={"acme": ACME}, rates="base: EUR\nrates:\n  USD: lots\n"
    )
    env = {**os.environ, "DOSSIER_TODAY": "2026-11-25", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "dossiers/_rates.yml:3:8: error: rates.USD: expected a number" in result.stderr
    assert "Traceback" not in result.stderr


def test_offers_page_sits_in_the_nav_after_the_opportunities(tmp_path: Path) -> None:
    site = build_site(make_project(tmp_path / "p", dossiers={"acme": ACME}))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="opportunities/offers.html"' in html
    assert html.index("opportunities/acme/index.html") < html.index("opportunities/offers.html")


def test_page_gives_one_figure_per_opportunity_with_the_rates_date(tmp_path: Path) -> None:
    eu = "company: Eu\nrole: R\nstatus: offer\noffers:\n" + (
        "  - {label: First, date: 2026-11-01, base: 70000}\n"
        "  - {label: Second, date: 2026-11-10, base: 60000}\n"
    )
    us = "company: Us\nrole: R\nstatus: offer\ncompensation: {currency: USD}\noffers:\n" + (
        "  - {label: Only, date: 2026-11-01, base: 100000}\n"
    )
    pt = "company: Pt\nrole: R\nstatus: offer\ncompensation:\n" + (
        "  {currency: EUR, period: month, payments_per_year: 14}\n"
        "offers:\n  - {label: Lisbon, date: 2026-11-01, base: 3900}\n"
    )
    project = make_project(
        tmp_path / "p",
        dossiers={"eu": eu, "us": us, "pt": pt},
        rates="base: EUR\nrates: {USD: 0.9}\ndate: 2026-11-20\n",
    )
    page = offers_page(build_site(project))
    heading = page.find("h2", id="best-offer-per-opportunity")
    assert heading is not None
    assert "Rates from _rates.yml of Fri 20 Nov 2026" in words(heading.find_next("p"))
    table = heading.find_next("table")
    rows = [[words(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["Us", "Only", "90,000 EUR (from 100,000 USD)"],
        ["Eu", "Second", "60,000 EUR"],  # the current offer, not the higher earlier one
        ["Pt", "Lisbon", "54,600 EUR"],  # 3,900 a month in 14 payments
    ]

"""Offers compared across opportunities, and the exchange rates they need.

Rates come only from `_rates.yml` in the dossiers folder, written by the user;
nothing is ever fetched. Without a rate an offer is not compared, and the page
says which offers and which currencies are missing.

Formulas, with base and bonus turned into amounts per year first:

    first_year = base + bonus + sign_on + equity_total / vesting_years
    annualised = base + bonus + (sign_on + equity_total) / vesting_years
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import RATES_FILE, Offer, Rates
from .analysis import Analysis
from .money import HOURS_PER_YEAR
from .verdicts import OfferVerdict


@dataclass(frozen=True)
class OfferTotals:
    """One offer's totals per year, in its own currency."""

    offer: Offer
    slug: str
    company: str
    status: str
    label: str
    currency: str
    base: float  # per year
    bonus: float  # per year, at the stated target
    sign_on: float
    equity_total: float
    vesting_years: float
    work_format: str
    breaches: tuple[str, ...]
    state: str = "current"  # current | earlier | withdrawn

    @property
    def closed(self) -> bool:
        return self.status in {"accepted", "declined", "withdrawn", "rejected"}

    @property
    def equity_per_year(self) -> float:
        return self.equity_total / self.vesting_years

    @property
    def first_year(self) -> float:
        return self.base + self.bonus + self.sign_on + self.equity_per_year

    @property
    def annualised(self) -> float:
        return self.base + self.bonus + (self.sign_on + self.equity_total) / self.vesting_years


@dataclass(frozen=True)
class ComparedOffer:
    totals: OfferTotals
    rate: float  # 1 unit of the offer's currency in the comparison currency
    first_year: float
    annualised: float


@dataclass(frozen=True)
class OfferComparison:
    currency: str | None  # what offers are compared in; None when nothing can be
    compared: tuple[ComparedOffer, ...]  # best annualised total first
    not_compared: tuple[OfferTotals, ...]
    missing: tuple[str, ...]  # currencies without a rate
    problem: str  # why some offers are not compared; empty when all are
    rates: Rates | None
    hours_per_year: int = HOURS_PER_YEAR
    hidden: int = 0  # compared offers not shown (see `top`)
    figures: tuple[OpportunityFigure, ...] = ()  # one per opportunity, see opportunity_figures

    def top(self, limit: int) -> OfferComparison:
        """At most `limit` offers compared (the best) and `limit` not compared, for a
        page that must stay small."""
        if len(self.compared) <= limit and len(self.not_compared) <= limit:
            return self
        hidden = max(len(self.compared) - limit, 0) + max(len(self.not_compared) - limit, 0)
        return replace(
            self,
            compared=self.compared[:limit],
            not_compared=self.not_compared[:limit],
            hidden=hidden,
            figures=self.figures[:limit],
        )

    @property
    def conversions(self) -> list[tuple[str, float]]:
        """The rates used: (currency, value of 1 unit in the comparison currency)."""
        return sorted(
            {
                (c.totals.currency, c.rate)
                for c in self.compared
                if c.totals.currency != self.currency
            }
        )

    @property
    def count(self) -> int:
        return len(self.compared) + len(self.not_compared) + self.hidden


def work_format(offer: Offer, a: Analysis) -> str:
    facts = a.dossier.facts
    fmt = offer.work_format or facts.work_format
    days = offer.office_days if offer.office_days is not None else facts.office_days
    hours = offer.hours_per_week if offer.hours_per_week is not None else facts.hours_per_week
    parts = [fmt.value if fmt else "format not stated"]
    if days is not None:
        parts.append(f"{days} office day{'s' if days != 1 else ''} a week")
    if hours is not None:
        parts.append(f"{hours:g} hours a week")
    return ", ".join(parts)


def offer_totals(a: Analysis, verdict: OfferVerdict) -> OfferTotals:
    offer, facts = verdict.offer, a.dossier.facts
    amounts = verdict.amounts
    return OfferTotals(
        offer=offer,
        slug=a.dossier.slug,
        company=facts.company,
        status=facts.status.value,
        label=verdict.label,
        currency=amounts.currency,
        base=amounts.base,
        bonus=amounts.bonus,
        sign_on=amounts.sign_on,
        equity_total=amounts.equity_total,
        vesting_years=amounts.vesting_years,
        work_format=work_format(offer, a),
        breaches=verdict.breaches,
        state=verdict.state,
    )


@dataclass(frozen=True)
class OpportunityFigure:
    """One opportunity's current offer as one figure in the comparison currency."""

    slug: str
    company: str
    label: str
    currency: str  # the offer's own currency
    annualised: float  # in the offer's own currency
    figure: float | None  # in the comparison currency; None when it cannot be converted
    missing: str  # why not


def opportunity_figures(analyses: Sequence[Analysis]) -> tuple[OpportunityFigure, ...]:
    """Each opportunity with a current offer, best figure first, the unconverted last."""
    found = [
        OpportunityFigure(
            a.dossier.slug,
            a.dossier.facts.company,
            a.current_offer.label,
            a.current_offer.currency,
            a.current_offer.amounts.annualised,
            a.offer_figure,
            a.offer_figure_missing,
        )
        for a in analyses
        if a.current_offer is not None
    ]
    found.sort(key=lambda f: (f.figure is None, -(f.figure or 0), f.company.lower(), f.slug))
    return tuple(found)


def compare_offers(analyses: Sequence[Analysis], rates: Rates | None) -> OfferComparison:
    """Every offer of every opportunity, in one currency when the rates allow it."""
    totals = [offer_totals(a, v) for a in analyses for v in a.offers]
    currencies = sorted({t.currency for t in totals})
    if rates is not None:
        currency: str | None = rates.base
    elif len(currencies) <= 1:
        currency = currencies[0] if currencies else None
    else:
        currency = None

    compared, left_out = [], []
    for t in totals:
        rate = 1.0 if t.currency == currency else (rates.rate(t.currency) if rates else None)
        if currency is None or rate is None:
            left_out.append(t)
        else:
            compared.append(ComparedOffer(t, rate, t.first_year * rate, t.annualised * rate))
    compared.sort(key=lambda c: (-c.annualised, c.totals.company.lower(), c.totals.label))

    missing = tuple(sorted({t.currency for t in left_out} - ({currency} if currency else set())))
    if currency is None and left_out:
        missing = tuple(currencies)
        problem = (
            f"Cannot compare: the offers are in {_and(currencies)}, and there are no exchange "
            f"rates. Add `{RATES_FILE}` to your dossiers folder with rates for {_and(currencies)}."
        )
    elif left_out:
        problem = (
            f"Cannot compare {len(left_out)} offer{'s' if len(left_out) != 1 else ''}: "
            f"no rate for {_and(list(missing))} in `{RATES_FILE}` (base {currency})."
        )
    else:
        problem = ""
    return OfferComparison(
        currency,
        tuple(compared),
        tuple(left_out),
        missing,
        problem,
        rates,
        figures=opportunity_figures(analyses),
    )


def _and(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]

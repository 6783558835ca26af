"""Each offer against the floor, the target, the market and their range."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import (
    DossierFacts,
    Offer,
)
from .money import (
    OfferAmounts,
    RateTable,
    convert,
    money,
    offer_amounts,
    offer_label,
    offer_name,
    per_year,
)


@dataclass(frozen=True)
class OfferVerdict:
    offer: Offer
    label: str
    name: str  # as a sentence names it, e.g. "the revised offer"
    state: str  # current | earlier | withdrawn
    amounts: OfferAmounts  # per year, in the offer's currency
    currency: str  # the offer's own currency
    comparable: bool  # could be judged in the dossier's currency
    rate: float | None  # 1 unit of the offer's currency in the dossier's currency
    measure: str  # "base" | "annualised total": the figure judged
    figure: float | None  # that figure in the dossier's currency
    verdict: str  # below-floor | below-target | meets-target | no-reference | other-currency
    summary: str
    market: str  # below | within | above | unknown
    company_range: str  # below | within | above | unknown
    breaches: tuple[str, ...] = ()  # red lines this offer breaches, in words

    @property
    def base(self) -> float:
        return self.amounts.base

    @property
    def current(self) -> bool:
        return self.state == "current"

    @property
    def zone(self) -> str:
        """The verdict in a few words, for tables and pictures."""
        return VERDICT_WORDS.get(self.verdict, self.verdict.replace("-", " "))

    @property
    def tone(self) -> str:
        return {
            "below-floor": "danger",
            "below-target": "warning",
            "meets-target": "success",
        }.get(self.verdict, "info")


VERDICT_WORDS = {
    "below-floor": "below floor",
    "below-target": "between floor and target",
    "meets-target": "at or above target",
    "no-reference": "no target set",
    "other-currency": "not compared",
}


def market_range(facts: DossierFacts) -> tuple[float, float] | None:
    points = facts.compensation.market
    if not points:
        return None
    return (min(p.low for p in points), max(p.high for p in points))


def _position(value: float, bounds: tuple[float, float] | None) -> str:
    if bounds is None:
        return "unknown"
    low, high = bounds
    if value < low:
        return "below"
    if value > high:
        return "above"
    return "within"


def floor_and_target(facts: DossierFacts, measure: str) -> tuple[float | None, float | None]:
    """Your floor and target per year; the target of a total counts every part you want."""
    comp = facts.compensation
    desired = comp.desired
    floor = (
        per_year(comp.minimum, comp.period, comp.payments_per_year)
        if comp.minimum is not None
        else None
    )
    target = None
    if desired.base is not None:
        target = per_year(desired.base, comp.period, comp.payments_per_year)
        if measure != "base":
            target += per_year((desired.bonus or 0) + (desired.equity or 0), comp.period)
    return floor, target


def offer_verdict(
    facts: DossierFacts,
    offer: Offer,
    breaches: Sequence[str] = (),
    *,
    state: str = "current",
    rates: RateTable | None = None,
) -> OfferVerdict:
    """Judge one offer against your floor and target, in the dossier's currency."""
    comp = facts.compensation
    amounts = offer_amounts(facts, offer)
    label = offer_label(offer)
    measure = "annualised total" if amounts.extras else "base"
    raw = amounts.annualised if amounts.extras else amounts.base
    rate = convert(1.0, amounts.currency, comp.currency, rates)
    figure = raw * rate if rate is not None else None
    company = (comp.company_range.low, comp.company_range.high) if comp.company_range else None
    common = (offer, label, offer_name(offer), state, amounts, amounts.currency)
    if figure is None:
        why = (
            f"In {amounts.currency}, not {comp.currency}: add both to `_rates.yml` to judge it "
            "against your numbers."
        )
        return OfferVerdict(
            *common, False, None, measure, None, "other-currency", why, "unknown", "unknown",
            tuple(breaches),
        )  # fmt: skip
    cur = comp.currency
    floor, target = floor_and_target(facts, measure)
    what = f"{'Base' if measure == 'base' else 'Annualised total'} {money(figure, cur)}"
    if amounts.currency != cur:
        what += f" (from {money(raw, amounts.currency)})"
    if floor is not None and figure < floor:
        verdict = "below-floor"
        summary = f"{what} is below your floor of {money(floor, cur)}: decline or renegotiate."
    elif target is not None and figure < target:
        verdict = "below-target"
        gap = money(target - figure, cur)
        if floor is not None:
            summary = (
                f"{what} is between your floor of {money(floor, cur)} and your target of "
                f"{money(target, cur)}: negotiate for the {gap} missing."
            )
        else:
            summary = f"{what} is {gap} short of your target of {money(target, cur)}: negotiate."
    elif target is not None:
        verdict = "meets-target"
        word = "meets" if figure == target else "is above"
        summary = f"{what} {word} your target of {money(target, cur)}."
    elif floor is not None:
        verdict = "meets-target"
        summary = f"{what} is above your floor; set a target to judge it further."
    else:
        verdict = "no-reference"
        summary = f"{what}; set a target and a floor to judge it."
    if measure != "base":
        first = amounts.first_year * rate
        if round(first) != round(figure):
            summary += f" First-year total: {money(first, cur)}."
        base = amounts.base * rate
        if floor is not None and base < floor <= figure:
            summary += f" Base alone, {money(base, cur)}, is below your floor."
    base_here = amounts.base * rate
    return OfferVerdict(
        *common, True, rate, measure, figure, verdict, summary,
        _position(base_here, market_range(facts)), _position(base_here, company),
        tuple(breaches),
    )  # fmt: skip

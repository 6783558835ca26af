"""Amounts: periods, currencies and the offers' figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..model import (
    DossierFacts,
    Offer,
    Period,
)

HOURS_PER_YEAR = 2080  # 40 hours x 52 weeks, to put hourly pay next to yearly pay


class RateTable(Protocol):
    """What the analysis needs of `_rates.yml` (see comparison.Rates)."""

    base: str

    def rate(self, currency: str) -> float | None: ...


def per_year(amount: float, period: Period, payments: int = 12) -> float:
    """An amount per period as an amount per year; a monthly salary comes `payments` times."""
    if period is Period.month:
        return float(amount) * payments
    if period is Period.hour:
        return float(amount) * HOURS_PER_YEAR
    return float(amount)


def convert(amount: float, source: str, target: str, rates: RateTable | None) -> float | None:
    """`amount` in `source` currency as `target` currency, or None without both rates."""
    if source == target:
        return float(amount)
    if rates is None:
        return None
    have, want = rates.rate(source), rates.rate(target)
    if have is None or want is None:
        return None
    return float(amount) * have / want


def money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


# ---------------------------------------------------------------- amounts with their units
#
# Every comparison the site makes is on one basis: gross per year, in the dossier's
# currency. A figure is turned into that basis here, from the units it was written in
# (period, payments a year, currency), and shown with those units beside it, so a
# reader can always tell a yearly figure from a monthly one.

#: The parts of pay an offer or a target may have.
COMPONENTS = ("base", "bonus", "sign_on", "equity")
COMPONENT_WORDS = {
    "base": "base salary",
    "bonus": "bonus",
    "sign_on": "sign-on bonus",
    "equity": "equity",
    "total": "total",
}


@dataclass(frozen=True)
class Units:
    """How a figure was written: its currency, period and payments a year."""

    currency: str
    period: Period
    payments: int = 12

    def per_year(self, amount: float) -> float:
        return per_year(amount, self.period, self.payments)

    def from_year(self, yearly: float) -> float:
        """A yearly figure back in these units (a monthly salary: one of its payments)."""
        if self.period is Period.month:
            return yearly / self.payments
        if self.period is Period.hour:
            return yearly / HOURS_PER_YEAR
        return yearly

    def show(self, yearly: float) -> str:
        """A yearly figure with its units: "74,200 EUR a year (14 × 5,300)"."""
        text = f"{money(yearly, self.currency)} a year"
        if self.period is Period.month:
            return f"{text} ({self.payments} × {self.from_year(yearly):,.0f})"
        if self.period is Period.hour:
            return f"{text} ({HOURS_PER_YEAR} h × {self.from_year(yearly):,.2f})"
        return text

    def show_range(self, low: float, high: float) -> str:
        """Two yearly figures with their units: "70,000 to 86,800 EUR a year (14 × 5,000 to
        6,200)"."""
        text = f"{low:,.0f} to {money(high, self.currency)} a year"
        if self.period is Period.month:
            a, b = self.from_year(low), self.from_year(high)
            return f"{text} ({self.payments} × {a:,.0f} to {b:,.0f})"
        if self.period is Period.hour:
            a, b = self.from_year(low), self.from_year(high)
            return f"{text} ({HOURS_PER_YEAR} h × {a:,.2f} to {b:,.2f})"
        return text

    def written_range(self, low: float, high: float) -> str:
        """Two amounts as written in these units, shown per year with their units."""
        return self.show_range(self.per_year(low), self.per_year(high))

    def written(self, amount: float | None) -> str:
        """An amount as written in these units, shown per year with its units."""
        return "—" if amount is None else self.show(self.per_year(amount))

    @property
    def loose(self) -> Units:
        """The same period without the extra payments: a bonus per month comes 12 times."""
        return Units(self.currency, self.period)

    @property
    def words(self) -> str:
        """ "a year", "a month, 14 payments a year", "an hour"."""
        if self.period is Period.month:
            return f"a month, {self.payments} payments a year"
        return "an hour" if self.period is Period.hour else "a year"


def dossier_units(facts: DossierFacts) -> Units:
    """The units the compensation is written in: the floor, the target, the red lines."""
    comp = facts.compensation
    return Units(comp.currency, comp.period, comp.payments_per_year)


def units_of(facts: DossierFacts, period: Period | None, payments: int | None) -> Units:
    """Units of a figure that may give its own period and payments, else the compensation's."""
    comp = facts.compensation
    own = period or comp.period
    if payments is None:
        payments = comp.payments_per_year if own is comp.period else 12
    return Units(comp.currency, own, payments)


def yearly(amount: float | None, units: Units) -> float | None:
    return None if amount is None else units.per_year(amount)


def floor_per_year(facts: DossierFacts) -> float | None:
    """Your floor per year, in the dossier's currency; None when not set or withheld."""
    return yearly(facts.compensation.minimum, dossier_units(facts))


def target_parts(facts: DossierFacts) -> dict[str, float]:
    """What you want of each part of pay, per year; only the parts you set."""
    desired = facts.compensation.desired
    units = dossier_units(facts)
    parts: dict[str, float] = {}
    if desired.base is not None:
        parts["base"] = units.per_year(desired.base)
    # A bonus or equity value per month is not paid in the extra instalments.
    loose = Units(units.currency, units.period)
    if desired.bonus is not None:
        parts["bonus"] = loose.per_year(desired.bonus)
    if desired.equity is not None:
        parts["equity"] = loose.per_year(desired.equity)
    return parts


def target_total(facts: DossierFacts) -> float | None:
    """Your target for the whole package per year: every part you want, once a base is set."""
    parts = target_parts(facts)
    return sum(parts.values()) if "base" in parts else None


def market_per_year(facts: DossierFacts) -> tuple[float, float] | None:
    """The market's lowest low and highest high, per year, each point in its own units."""
    points = facts.compensation.market
    if not points:
        return None
    yearly_points = [
        (units_of(facts, p.period, p.payments_per_year).per_year(p.low),
         units_of(facts, p.period, p.payments_per_year).per_year(p.high))
        for p in points
    ]  # fmt: skip
    return (min(p[0] for p in yearly_points), max(p[1] for p in yearly_points))


def range_per_year(facts: DossierFacts) -> tuple[float, float] | None:
    """Their stated range per year, in its own units."""
    found = facts.compensation.company_range
    if found is None:
        return None
    units = units_of(facts, found.period, found.payments_per_year)
    return (units.per_year(found.low), units.per_year(found.high))


def min_base_per_year(facts: DossierFacts, min_base: float | None) -> float | None:
    """A red line's lowest base, written in the compensation's units, per year."""
    return yearly(min_base, dossier_units(facts))


def offer_label(offer: Offer) -> str:
    return offer.label or f"Offer of {offer.date.isoformat()}"


def offer_name(offer: Offer) -> str:
    """The offer as a sentence names it: "the revised offer", "the offer of 24 November"."""
    if not offer.label:
        return f"the offer of {offer.date.day} {offer.date:%B}"
    label = offer.label
    # "Revised offer" reads "the revised offer"; keep "Q4 package" or "Acme offer" as written.
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        first = label.split()[0]
        if first.lower() in {
            "first",
            "second",
            "third",
            "revised",
            "final",
            "new",
            "verbal",
            "written",
            "initial",
            "updated",
            "counter",
            "improved",
            "offer",
        }:
            label = label[0].lower() + label[1:]
    return label if label.lower().startswith("the ") else f"the {label}"


@dataclass(frozen=True)
class OfferAmounts:
    """One offer's parts per year, in its own currency (see comparison for the formulas)."""

    currency: str
    base: float
    bonus: float
    sign_on: float
    equity_total: float
    vesting_years: float

    @property
    def extras(self) -> bool:
        return bool(self.bonus or self.sign_on or self.equity_total)

    @property
    def first_year(self) -> float:
        return self.base + self.bonus + self.sign_on + self.equity_total / self.vesting_years

    @property
    def annualised(self) -> float:
        return self.base + self.bonus + (self.sign_on + self.equity_total) / self.vesting_years

    def parts(self) -> dict[str, float]:
        """Each part of pay per year, as the annualised total counts it."""
        return {
            "base": self.base,
            "bonus": self.bonus,
            "sign_on": self.sign_on / self.vesting_years,
            "equity": self.equity_total / self.vesting_years,
        }


def offer_amounts(facts: DossierFacts, offer: Offer) -> OfferAmounts:
    comp = facts.compensation
    period = offer.period or comp.period
    payments = offer.payments_per_year or comp.payments_per_year
    return OfferAmounts(
        currency=offer.currency or comp.currency,
        base=per_year(offer.base, period, payments),
        bonus=per_year(offer.bonus or 0, period),
        sign_on=float(offer.sign_on or 0),
        equity_total=float(offer.equity_total or 0),
        vesting_years=float(offer.vesting_years),
    )


def current_offer(offers: Sequence[Offer]) -> Offer | None:
    """The offer on the table: the latest one not withdrawn (the later in the list on a tie)."""
    live = [(o.date, i, o) for i, o in enumerate(offers) if not o.withdrawn]
    return max(live, key=lambda t: (t[0], t[1]))[2] if live else None

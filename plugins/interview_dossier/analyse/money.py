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

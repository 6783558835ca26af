"""Each offer against the floor, the target, the market and their range."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..model import (
    DossierFacts,
    Offer,
    Period,
)
from .money import (
    OfferAmounts,
    RateTable,
    Units,
    convert,
    dossier_units,
    floor_per_year,
    market_per_year,
    money,
    offer_amounts,
    offer_label,
    offer_name,
    range_per_year,
    target_parts,
    target_total,
)

#: What a share build says where a verdict would need your floor.
FLOOR_WITHHELD = "the floor is not in this copy"


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
    measure: str  # "base" | "annualised total": the figure judged against the target
    figure: float | None  # that figure per year in the dossier's currency
    verdict: str  # below-floor | below-target | meets-target | no-reference | other-currency
    summary: str
    market: str  # below | within | above | unknown: the base against the market
    company_range: str  # below | within | above | unknown: the base against their range
    breaches: tuple[str, ...] = ()  # red lines this offer breaches, in words
    #: The first question: is the base (or the total, for a total floor) at least the floor?
    #: below | meets | none (no floor set) | withheld (a share: the floor is not in it)
    floor_check: str = "none"
    #: The second question: where does the total stand against the target?
    #: below | meets | none (no target set)
    target_check: str = "none"
    floor: float | None = None  # per year, in the dossier's currency
    target: float | None = None  # the whole package you want, per year
    base_figure: float | None = None  # the base per year in the dossier's currency
    #: Where the offer falls short of what you want: (part, offered, wanted) per year in
    #: the dossier's currency; part is base, bonus or equity, or "total" for the rest.
    gaps: tuple[tuple[str, float, float], ...] = ()
    #: The units the offer was written in, in its own currency, to show its figures.
    offered_units: Units | None = None
    #: The summary's answers to the two questions, without the first-year aside.
    headline: str = ""

    @property
    def base(self) -> float:
        return self.amounts.base

    @property
    def current(self) -> bool:
        return self.state == "current"

    @property
    def live(self) -> bool:
        """False for history: a withdrawn or earlier offer has no live verdict."""
        return self.state == "current"

    @property
    def zone(self) -> str:
        """The verdict in a few words, for tables and pictures."""
        if self.verdict == "below-target" and self.floor_check == "withheld":
            return "below target (floor not in this copy)"
        if self.verdict == "meets-target" and self.floor_check == "withheld":
            return "at or above target (floor not in this copy)"
        if self.verdict == "below-target" and self.floor_check == "none":
            return "below target"
        if self.verdict == "meets-target" and self.target is None:
            return "above floor"
        return VERDICT_WORDS.get(self.verdict, self.verdict.replace("-", " "))

    @property
    def tone(self) -> str:
        return {
            "below-floor": "danger",
            "below-target": "warning",
            "meets-target": "success",
        }.get(self.verdict, "info")


VERDICT_WORDS = {
    "below-floor": "base below floor",
    "below-target": "between floor and target",
    "meets-target": "at or above target",
    "no-reference": "no target set",
    "other-currency": "not compared",
}


def market_range(facts: DossierFacts) -> tuple[float, float] | None:
    """The market per year, each point in its own units (see money.market_per_year)."""
    return market_per_year(facts)


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
    """Your floor and target per year: the target of the base alone, or of the whole package."""
    parts = target_parts(facts)
    target = parts.get("base") if measure == "base" else target_total(facts)
    return floor_per_year(facts), target


def offer_verdict(
    facts: DossierFacts,
    offer: Offer,
    breaches: Sequence[str] = (),
    *,
    state: str = "current",
    rates: RateTable | None = None,
    withheld: Collection[str] = (),
) -> OfferVerdict:
    """Judge one offer: its base against your floor, then its total against your target.

    Both on one basis: per year, gross, in the dossier's currency. `withheld` holds the
    field paths a share build removed: a floor not in this copy is never taken for none.
    """
    comp = facts.compensation
    amounts = offer_amounts(facts, offer)
    label = offer_label(offer)
    measure = "annualised total" if amounts.extras else "base"
    rate = convert(1.0, amounts.currency, comp.currency, rates)
    common = (offer, label, offer_name(offer), state, amounts, amounts.currency)
    if rate is None:
        return _in_another_currency(facts, offer, common, measure, breaches)
    cur = comp.currency
    units = dossier_units(facts)
    year = Units(cur, Period.year)
    own = Units(cur, offer.period or comp.period, offer.payments_per_year or comp.payments_per_year)
    base = amounts.base * rate
    total = amounts.annualised * rate
    figure = total
    floor = floor_per_year(facts)
    target = target_total(facts)
    wanted = target_parts(facts)
    # A target of the base alone reads in the compensation's units; a package per year.
    target_units = units if set(wanted) == {"base"} else year
    on_total = comp.minimum_applies_to == "total"

    # The first question: the floor, a salary floor unless you said it is on the total.
    if floor is None:
        withheld_floor = "compensation.minimum" in withheld
        floor_check = "withheld" if withheld_floor else "none"
    else:
        floor_check = "below" if (total if on_total else base) < floor else "meets"
    # The second question: the whole package against the whole package you want.
    target_check = "none" if target is None else ("below" if total < target else "meets")

    base_words = f"Base {own.show(base)}"
    total_words = f"{'Annualised total' if measure != 'base' else 'Base'} {year.show(total)}"
    if amounts.currency != cur:
        base_words += f" (from {money(amounts.base, amounts.currency)})"
        if measure != "base":
            total_words += f" (from {money(amounts.annualised, amounts.currency)})"
    verdict = _verdict(floor_check, target_check)
    sentences = _sentences(
        _Judged(floor_check, target_check, measure, on_total, floor, target, total, cur),
        base_words,
        total_words,
        units,
        target_units,
    )
    headline = " ".join(sentences)
    if measure != "base":
        first = amounts.first_year * rate
        if round(first) != round(total):
            sentences.append(f"First-year total: {year.show(first)}.")

    offered = {k: v * rate for k, v in amounts.parts().items()}
    gaps = _gaps(offered, wanted, total, target)
    return OfferVerdict(
        *common, True, rate, measure, figure, verdict, " ".join(sentences),
        _position(base, market_per_year(facts)), _position(base, range_per_year(facts)),
        tuple(breaches), floor_check, target_check, floor, target, base, tuple(gaps),
        Units(amounts.currency, own.period, own.payments), headline,
    )  # fmt: skip


@dataclass(frozen=True)
class _Judged:
    """What the two questions found, for the sentences that say it."""

    floor_check: str
    target_check: str
    measure: str
    on_total: bool
    floor: float | None
    target: float | None
    total: float
    currency: str


def _verdict(floor_check: str, target_check: str) -> str:
    """The offer's zone: the floor decides first, then the target."""
    if floor_check == "below":
        return "below-floor"
    if target_check == "below":
        return "below-target"
    if target_check == "meets" or floor_check == "meets":
        return "meets-target"
    return "no-reference"


def _sentences(
    j: _Judged, base_words: str, total_words: str, units: Units, target_units: Units
) -> list[str]:
    """The floor's answer when it fails, then the target's, each on its named basis."""
    year, cur, floor, target, total = (
        Units(j.currency, Period.year),
        j.currency,
        j.floor,
        j.target,
        j.total,
    )
    sentences: list[str] = []
    if j.floor_check == "below":
        judged = f"Annualised total {year.show(total)}" if j.on_total else base_words
        sentences.append(
            f"{judged} is below your floor of {units.show(floor or 0)}: decline or renegotiate."
        )
    if target is not None:
        gap = target - total
        judged = total_words if (j.measure != "base" or j.floor_check != "below") else "The base"
        if j.target_check == "below":
            if j.floor_check == "meets" and j.measure == "base" and not j.on_total:
                sentences.append(
                    f"{total_words} is between your floor of {units.show(floor or 0)} and your "
                    f"target of {target_units.show(target)}: negotiate for the {money(gap, cur)} a "
                    "year missing."
                )
            else:
                if j.floor_check == "meets":
                    what = "Annualised total" if j.on_total else base_words
                    shown = year.show(total) if j.on_total else ""
                    sentences.append(
                        f"{what}{' ' + shown if shown else ''} is at or above your floor of "
                        f"{units.show(floor or 0)}."
                    )
                advice = ": negotiate." if j.floor_check in {"meets", "none"} else "."
                sentences.append(
                    f"{judged} is {money(gap, cur)} a year short of your target of "
                    f"{target_units.show(target)}{advice}"
                )
        else:
            word = "meets" if round(total) == round(target) else "is above"
            sentences.append(f"{judged} {word} your target of {target_units.show(target)}.")
    elif j.floor_check == "meets":
        sentences.append(
            f"{base_words} is at or above your floor of {units.show(floor or 0)}; set a target "
            "to judge the offer further."
        )
    elif j.floor_check != "below":
        sentences.append(f"{total_words}; set a target and a floor to judge it.")
    if j.floor_check == "withheld":
        sentences.append(f"{FLOOR_WITHHELD[0].upper()}{FLOOR_WITHHELD[1:]}.")
    return sentences


def _in_another_currency(
    facts: DossierFacts,
    offer: Offer,
    common: tuple[object, ...],
    measure: str,
    breaches: Sequence[str],
) -> OfferVerdict:
    """An offer that cannot be judged: its currency has no rate in `_rates.yml`."""
    comp, currency = facts.compensation, common[-1]
    why = (
        f"In {currency}, not {comp.currency}: add both to `_rates.yml` to judge it "
        "against your numbers."
    )
    written = Units(
        str(currency),
        offer.period or comp.period,
        offer.payments_per_year or comp.payments_per_year,
    )
    return OfferVerdict(
        *common, False, None, measure, None, "other-currency", why, "unknown", "unknown",
        tuple(breaches), offered_units=written, headline=why,
    )  # type: ignore[arg-type]  # fmt: skip


def _gaps(
    offered: dict[str, float], wanted: dict[str, float], total: float, target: float | None
) -> list[tuple[str, float, float]]:
    """(part, offered, wanted) for each part of pay below what you want, then the total."""
    gaps = [
        (part, offered.get(part, 0.0), want)
        for part, want in wanted.items()
        if want > offered.get(part, 0.0) + 0.5
    ]
    if target is not None and total + 0.5 < target:
        gaps.append(("total", total, target))
    return gaps

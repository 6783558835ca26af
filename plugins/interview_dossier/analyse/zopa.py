"""The zone of possible agreement: floor, target, market, their range, offers."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..model import (
    DossierFacts,
)
from .money import dossier_units, range_per_year
from .verdicts import OfferVerdict, floor_and_target


@dataclass(frozen=True)
class Zopa:
    """Where your side (from the floor up) and theirs (their range or offers) overlap.

    Figures are base pay per year in the dossier's currency, each from its own units. `low`/`high` is the zone
    of possible agreement, None when there is none or it cannot be known yet.
    """

    currency: str
    floor: float | None
    target: float | None
    their_low: float | None
    their_high: float | None
    their_side: str  # "their range" | "their offers" | ""
    low: float | None
    high: float | None
    statement: str

    @property
    def exists(self) -> bool | None:
        """True or False when it can be told, None when a figure is missing."""
        if self.low is not None:
            return True
        if self.floor is not None and self.their_high is not None:
            return False
        return None


def zopa(
    facts: DossierFacts,
    verdicts: Sequence[OfferVerdict] = (),
    withheld: Collection[str] = (),
) -> Zopa:
    comp = facts.compensation
    cur = comp.currency
    units = dossier_units(facts)

    def money(value: float, _: str) -> str:
        return units.show(value)

    floor, target = floor_and_target(facts, "base")
    their_low = their_high = None
    side = ""
    found = range_per_year(facts)
    if found is not None:
        their_low, their_high = found
        side = "their range"
    else:
        # Their offers show what they are ready to pay at least; a withdrawn one no longer
        # does. An offer is not their bottom: the zone runs from your floor to the best one.
        known = [
            v.amounts.base * v.rate
            for v in verdicts
            if v.state != "withdrawn" and v.rate is not None
        ]
        if known:
            their_high, side = max(known), "their offers"
    top = "their top" if side == "their range" else "their best offer so far"
    low = high = None
    if floor is None and "compensation.minimum" in withheld:
        statement = "The floor is not in this copy, so the zone of agreement is not shown."
    elif floor is None:
        statement = "Set a floor to see whether a zone of agreement exists."
    elif their_high is None:
        statement = "Their side is not known yet: ask for their range."
    elif their_high < floor:
        statement = (
            f"No zone of agreement: {top}, {money(their_high, cur)}, is below your floor, "
            f"{money(floor, cur)}."
        )
    else:
        low, high = max(floor, their_low or floor), their_high
        start = "your floor" if low == floor else "their bottom"
        statement = (
            f"Zone of possible agreement: {units.show_range(low, high)}, from {start} to {top}."
        )
        if target is not None:
            if target > high:
                statement += f" Your target, {money(target, cur)}, is above {top}."
            elif target >= low:
                statement += f" Your target, {money(target, cur)}, is inside it."
            else:
                statement += f" All of it is at or above your target, {money(target, cur)}."
    return Zopa(cur, floor, target, their_low, their_high, side, low, high, statement)

"""What `dossier check` points out that is valid but likely wrong or late."""

from __future__ import annotations

import datetime as dt

from ..errors import Problem
from ..model import (
    Dossier,
    DossierFacts,
    Period,
)
from .budget import budget
from .deadlines import answer_commitments, offer_entry, open_offer
from .money import (
    dossier_units,
    floor_per_year,
    market_per_year,
    target_parts,
    units_of,
)

#: A market or range figure this many times the target (or a sixth of it) on the same
#: basis was almost surely written in other units than it says.
SCALE = 6


def market_notes(facts: DossierFacts) -> list[tuple[str, str]]:
    """(field, sentence): your floor or target above the top of the market you noted."""
    market = market_per_year(facts)
    if market is None:
        return []
    units = dossier_units(facts)
    top = market[1]
    found = []
    floor = floor_per_year(facts)
    if floor is not None and floor > top:
        found.append((
            "compensation.minimum",
            f"Your floor, {units.show(floor)}, is above the top of the market you noted, "
            f"{units.show(top)}: check that it is realistic, or find better market data.",
        ))  # fmt: skip
    target = target_parts(facts).get("base")
    if target is not None and target > top:
        found.append((
            "compensation.desired.base",
            f"Your target base, {units.show(target)}, is above the top of the market you "
            f"noted, {units.show(top)}: be ready to show why you are worth more.",
        ))  # fmt: skip
    return found


def scale_problems(facts: DossierFacts) -> list[tuple[str, str]]:
    """(field, sentence): market or range figures on another scale than your target."""
    units = dossier_units(facts)
    parts = target_parts(facts)
    reference = parts.get("base") or floor_per_year(facts)
    if not reference:
        return []
    comp = facts.compensation
    ranges = [(f"compensation.market[{i}]", p) for i, p in enumerate(comp.market)]
    if comp.company_range is not None:
        ranges.append(("compensation.company_range", comp.company_range))
    found = []
    for where, r in ranges:
        own = units_of(facts, r.period, r.payments_per_year)
        low, high = own.per_year(r.low), own.per_year(r.high)
        said = f"{r.low:,.0f} to {r.high:,.0f} {own.words}"
        if low > SCALE * reference:
            fix = (
                "yearly: add `period: year`"
                if own.period is Period.month
                else ("like a mistake: check the figures")
            )
            found.append((
                where,
                f"{said} is more than {SCALE} times your target ({units.show(reference)}) "
                f"on the same basis; it looks {fix}",
            ))  # fmt: skip
        elif high * SCALE < reference:
            fix = (
                "monthly: add `period: month`"
                if own.period is Period.year
                else ("like a mistake: check the figures")
            )
            found.append((
                where,
                f"{said} is less than a sixth of your target ({units.show(reference)}) "
                f"on the same basis; it looks {fix}",
            ))  # fmt: skip
    return found


def warnings(dossier: Dossier, today: dt.date) -> list[Problem]:
    """Things `dossier check` points out that are valid but likely wrong or late."""
    facts = dossier.facts
    path = f"{dossier.path}/dossier.yml"
    found: list[Problem] = []

    def warn(field_: str, message: str) -> None:
        found.append(Problem(path, 0, 0, field_, message, "warning"))

    comp = facts.compensation
    if (
        comp.minimum is not None
        and comp.desired.base is not None
        and comp.minimum > comp.desired.base
    ):
        warn(
            "compensation.minimum",
            f"your minimum ({comp.minimum:,}) is above your desired base ({comp.desired.base:,})",
        )
    for where, words in scale_problems(facts) + market_notes(facts):
        warn(where, words)
    merged = answer_commitments(facts)  # said once, with the offer's deadline below
    for i, c in enumerate(facts.commitments):
        if not c.done and c.due < today and i not in merged:
            warn(f"commitments[{i}]", f"overdue since {c.due.isoformat()}: {c.what}")
    offer = open_offer(facts)
    answer = offer_entry(facts, today, None)
    if offer is not None and answer is not None and answer.overdue:
        warn(
            f"offers[{facts.offers.index(offer)}].deadline",
            f"the offer is still open and the date to answer it, {answer.date.isoformat()}, "
            "has passed: answer now, or ask for time (the Scripts page says it was missed)",
        )
    for i, interview in enumerate(facts.interviews):
        if interview.when.date() < today and not interview.notes:
            warn(
                f"interviews[{i}].notes",
                f"the interview of {interview.when.date().isoformat()} is past and has no notes",
            )
    for use in budget(facts, today):
        if use.over:
            warn(
                f"budget.{use.key}",
                f"{use.name.lower()} is over budget: {use.used:g} {use.unit}, limit {use.limit:g}",
            )
    return found

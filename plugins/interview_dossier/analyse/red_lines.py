"""Red lines checked against the terms on the table and the ones before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import (
    DossierFacts,
    Offer,
    Period,
    RedLine,
    WorkFormat,
)
from .money import RateTable, Units, convert, dossier_units, offer_amounts, offer_name

_FORMAT_RANK = {WorkFormat.remote: 0, WorkFormat.hybrid: 1, WorkFormat.office: 2}
_LEVELS = [
    ("intern", 0), ("junior", 1), ("middle", 2), ("mid", 2), ("senior", 3),
    ("lead", 4), ("staff", 4), ("principal", 5), ("head", 6), ("director", 6), ("vp", 7),
]  # fmt: skip


def level_rank(level: str | None) -> int | None:
    if not level:
        return None
    words = level.lower().replace("-", " ").split()
    ranks = [rank for name, rank in _LEVELS if name in words]
    return max(ranks) if ranks else None


@dataclass(frozen=True)
class Terms:
    """What is known of the conditions, from the dossier or from one offer."""

    source: str  # as a sentence names it: "the role as described", "the revised offer"
    work_format: WorkFormat | None
    office_days: int | None
    hours_per_week: float | None
    level: str | None
    base: float | None  # per year, in the dossier's currency
    currency: str = ""
    #: The compensation's units: a red line's `min_base` is written in them.
    units: Units | None = None
    #: The units the base was offered in, to show it as it was written.
    offered: Units | None = None


@dataclass(frozen=True)
class Breach:
    """One red line crossed by one set of terms, as facts a sentence can be made of."""

    kind: str  # work_format | office_days | hours | level | base
    found: str  # what the terms say, e.g. "4 office days a week"
    limit: str  # your limit, e.g. "2"

    @property
    def words(self) -> str:
        return f"{self.found}, your limit is {self.limit}"


@dataclass(frozen=True)
class RedLineCheck:
    red_line: RedLine
    status: str  # breached | holds | unknown | unchecked | withheld (a share: limit not in it)
    evidence: tuple[str, ...]  # the breaches in words
    about: str = "the role as described"  # the terms it was checked against
    breaches: tuple[Breach, ...] = ()
    history: tuple[str, ...] = ()  # earlier offers that breached it, in words
    breached_before: tuple[str, ...] = ()  # the names of those earlier offers

    @property
    def status_words(self) -> str:
        """The check in a few words, for a list that names the terms once."""
        if self.status == "breached":
            return "; ".join(self.evidence)
        return {
            "holds": "holds",
            "unknown": "not known yet",
            "withheld": "its money limit is not in this copy",
        }.get(self.status, "not checkable")

    @property
    def summary(self) -> str:
        """The check in one plain sentence naming the terms it is about."""
        if self.status == "breached":
            return f"breached by {self.about}: {'; '.join(self.evidence)}"
        if self.status == "holds":
            return f"holds for {self.about}"
        if self.status == "unknown":
            return f"not known yet for {self.about}"
        if self.status == "withheld":
            return "its money limit is not in this copy"
        return "not checkable from the facts"


def role_terms(facts: DossierFacts) -> Terms:
    return Terms(
        "the role as described",
        facts.work_format,
        facts.office_days,
        facts.hours_per_week,
        facts.level,
        None,
        facts.compensation.currency,
        dossier_units(facts),
    )


def offer_terms(facts: DossierFacts, offer: Offer, rates: RateTable | None = None) -> Terms:
    amounts = offer_amounts(facts, offer)
    return Terms(
        offer_name(offer),
        offer.work_format or facts.work_format,
        offer.office_days if offer.office_days is not None else facts.office_days,
        offer.hours_per_week if offer.hours_per_week is not None else facts.hours_per_week,
        offer.level or facts.level,
        convert(amounts.base, amounts.currency, facts.compensation.currency, rates),
        facts.compensation.currency,
        dossier_units(facts),
        Units(
            facts.compensation.currency,
            offer.period or facts.compensation.period,
            offer.payments_per_year or facts.compensation.payments_per_year,
        ),
    )


def known_terms(facts: DossierFacts, rates: RateTable | None = None) -> list[Terms]:
    """The role as described, then every offer."""
    return [role_terms(facts)] + [offer_terms(facts, o, rates) for o in facts.offers]


def _office_days(t: Terms) -> int | None:
    if t.office_days is not None:
        return t.office_days
    if t.work_format is WorkFormat.office:
        return 5
    if t.work_format is WorkFormat.remote:
        return 0
    return None


def _breaches(line: RedLine, t: Terms) -> tuple[bool, list[Breach]]:
    """(whether anything could be checked, the breaches) of one red line by one set of terms."""
    found: list[Breach] = []
    known = False
    if line.min_work_format is not None and t.work_format is not None:
        known = True
        if _FORMAT_RANK[t.work_format] > _FORMAT_RANK[line.min_work_format]:
            found.append(
                Breach("work_format", f"{t.work_format.value} work", line.min_work_format.value)
            )
    days = _office_days(t)
    if line.max_office_days is not None and days is not None:
        known = True
        if days > line.max_office_days:
            plural = "s" if days != 1 else ""
            found.append(
                Breach(
                    "office_days", f"{days} office day{plural} a week", str(line.max_office_days)
                )
            )
    if line.max_hours_per_week is not None and t.hours_per_week is not None:
        known = True
        if t.hours_per_week > line.max_hours_per_week:
            found.append(
                Breach(
                    "hours", f"{t.hours_per_week:g} hours a week", f"{line.max_hours_per_week:g}"
                )
            )
    if line.min_level is not None:
        have, need = level_rank(t.level), level_rank(line.min_level)
        if have is not None and need is not None:
            known = True
            if have < need:
                found.append(Breach("level", f"level {t.level}", f"at least {line.min_level}"))
    if line.min_base is not None and t.base is not None:
        known = True
        # The limit is written in the compensation's units, like the floor: a monthly
        # `min_base` is compared with the monthly base, both turned into a year.
        units = t.units or Units(t.currency, Period.year)
        limit = units.per_year(line.min_base)
        if t.base < limit:
            shown = (t.offered or units).show(t.base)
            found.append(Breach("base", f"base {shown}", units.show(limit)))
    return known, found


def check_red_line(
    line: RedLine, terms: Terms | Sequence[Terms], limit_withheld: bool = False
) -> RedLineCheck:
    """Check one red line against the terms that are current (or several, all at once).

    `limit_withheld`: a share build removed this line's private `min_base`. When that
    was its only limit it is "withheld" there, never "holds" or "not checkable".
    """
    limits = [
        line.min_work_format, line.max_office_days, line.max_hours_per_week, line.min_level, line.min_base
    ]  # fmt: skip
    many = [terms] if isinstance(terms, Terms) else list(terms)
    about = many[-1].source if many else "the role as described"
    if all(v is None for v in limits):
        if limit_withheld:
            return RedLineCheck(line, "withheld", (), about)
        return RedLineCheck(line, "unchecked", (), about)
    found: list[Breach] = []
    evidence: list[str] = []
    known = False
    for t in many:
        k, b = _breaches(line, t)
        known = known or k
        found += b
        evidence += [x.words if len(many) == 1 else f"{t.source}: {x.words}" for x in b]
    if found:
        return RedLineCheck(line, "breached", tuple(evidence), about, tuple(found))
    return RedLineCheck(line, "holds" if known else "unknown", (), about)

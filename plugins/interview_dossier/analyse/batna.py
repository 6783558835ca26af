"""Alternatives: the other live opportunities and how strong the BATNA is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import (
    Dossier,
    Status,
)
from .money import RateTable, current_offer, offer_name
from .red_lines import _breaches, offer_terms
from .verdicts import FLOOR_WITHHELD, offer_verdict

#: How many other live opportunities a BATNA section links to; the rest are counted.
BATNA_SHOWN = 10
_LIVE_RANK = {Status.offer: 0, Status.interviewing: 1, Status.applied: 2, Status.researching: 3}


@dataclass(frozen=True)
class OfferStanding:
    """Whether one opportunity's current offer is an alternative you would really take."""

    slug: str
    company: str
    counts: bool
    words: str  # e.g. "Lumen Health's revised offer is above your floor there"


def offer_standing(
    d: Dossier, rates: RateTable | None = None, today: dt.date | None = None
) -> OfferStanding | None:
    """The standing of a live opportunity's current offer; None when it has none.

    It counts only when its own verdict, from the same function as its card, says the
    base is at or above its floor and no red line is crossed, and it is still open.
    """
    facts = d.facts
    offer = current_offer(facts.offers)
    if offer is None or not facts.status.live:
        return None
    name = f"{facts.company}'s {offer_name(offer).removeprefix('the ')}"
    if offer.deadline is not None and today is not None and offer.deadline < today:
        when = f"{offer.deadline.day} {offer.deadline:%B}"
        return OfferStanding(d.slug, facts.company, False, f"{name} expired on {when}")
    terms = offer_terms(facts, offer, rates)
    broken = [line.rule for line in facts.red_lines if _breaches(line, terms)[1]]
    verdict = offer_verdict(facts, offer, rates=rates, withheld=d.withheld_fields)
    if broken:
        return OfferStanding(d.slug, facts.company, False, f"{name} breaches a red line")
    if verdict.verdict == "other-currency":
        return OfferStanding(d.slug, facts.company, False, f"{name} has no rate to judge it")
    if verdict.floor_check == "below":
        what = "total" if facts.compensation.minimum_applies_to == "total" else "base"
        return OfferStanding(
            d.slug, facts.company, False, f"{name} has a {what} below your floor there"
        )
    if verdict.floor_check == "withheld":
        return OfferStanding(
            d.slug,
            facts.company,
            False,
            f"{name}: {FLOOR_WITHHELD.replace('the floor', 'its floor')}",
        )
    if verdict.floor_check == "none":
        return OfferStanding(d.slug, facts.company, False, f"{name} has no floor to judge it by")
    return OfferStanding(
        d.slug,
        facts.company,
        True,
        f"{name} is at or above your floor there and breaks no red line",
    )


@dataclass(frozen=True)
class LiveSet:
    """The live opportunities, summarised once so each BATNA costs O(1)."""

    top: tuple[Dossier, ...]  # the most advanced, BATNA_SHOWN + 1 of them
    count: int
    offers: int
    good: tuple[OfferStanding, ...] = ()  # offers you would take, the first two
    poor: tuple[OfferStanding, ...] = ()  # offers that do not count, the first two

    @classmethod
    def of(
        cls,
        dossiers: Sequence[Dossier],
        rates: RateTable | None = None,
        today: dt.date | None = None,
    ) -> LiveSet:
        live = [d for d in dossiers if d.facts.status.live]
        ranked = sorted(
            live, key=lambda d: (_LIVE_RANK[d.facts.status], d.facts.company.lower(), d.slug)
        )
        offers = sum(1 for d in live if d.facts.status is Status.offer)
        good: list[OfferStanding] = []
        poor: list[OfferStanding] = []
        for d in ranked:
            if len(good) >= 2 and len(poor) >= 2:
                break
            found = offer_standing(d, rates, today)
            if found is None:
                continue
            bucket = good if found.counts else poor
            if len(bucket) < 2:
                bucket.append(found)
        return cls(tuple(ranked[: BATNA_SHOWN + 1]), len(live), offers, tuple(good), tuple(poor))

    def signature(self) -> tuple[object, ...]:
        """What a BATNA shows of the live set; equal signatures give equal BATNAs."""
        shown = tuple((d.slug, d.facts.company, d.facts.role, d.facts.status) for d in self.top)
        return (shown, self.count, self.offers, self.good, self.poor)


@dataclass(frozen=True)
class Batna:
    strength: str  # strong | medium | weak
    live: tuple[Dossier, ...]  # the user's other live opportunities, most advanced first
    more: int  # other live opportunities not listed in `live`
    reason: str  # why, naming the alternative that decides it


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quoted(what: str) -> str:
    return f"\u201c{what}\u201d"


def batna(dossier: Dossier, live: LiveSet) -> Batna:
    """How strong your alternatives are, from those you would really take."""
    own_live = dossier.facts.status.live
    others = tuple(d for d in live.top if d.slug != dossier.slug)[:BATNA_SHOWN]
    other_count = live.count - (1 if own_live else 0)
    more = other_count - len(others)
    good = [g for g in live.good if g.slug != dossier.slug]
    poor = [p for p in live.poor if p.slug != dossier.slug]
    written = dossier.facts.batna
    rated = {
        level: [a for a in written if a.strength == level] for level in ("strong", "medium", "weak")
    }
    not_counted = ""
    if poor:
        not_counted = " Not counted: " + "; ".join(p.words for p in poor) + "."
    if good:
        reason = f"{_first_up(good[0].words)}, so you can say no calmly."
        return Batna("strong", others, more, reason)
    if rated["strong"] and not poor:
        reason = f"You rate {_quoted(rated['strong'][0].what)} strong, so you can say no calmly."
        return Batna("strong", others, more, reason)
    if rated["strong"]:
        # Your rating stands beside the facts and never silences them.
        facts = "; ".join(p.words for p in poor)
        reason = (
            f"You rate {_quoted(rated['strong'][0].what)} strong; yet {facts}. "
            "Check that alternative before you count on it."
        )
        return Batna("medium", others, more, reason)
    parts = []
    if rated["medium"]:
        parts.append(f"you rate {_quoted(rated['medium'][0].what)} medium")
    if other_count:
        plural = "es are" if other_count != 1 else " is"
        parts.append(f"{other_count} other process{plural} live")
    if parts:
        reason = _first_up(f"{' and '.join(parts)}; no offer you would take yet.")
        return Batna("medium", others, more, reason + not_counted)
    reason = "No alternative you would really take yet"
    if rated["weak"]:
        reason += f" ({_quoted(rated['weak'][0].what)} is rated weak)"
    reason += ". Start another process before you negotiate hard."
    return Batna("weak", others, more, reason + not_counted)

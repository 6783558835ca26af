"""Dates that matter: commitments and offer deadlines, the next interview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import (
    DossierFacts,
)

SOON_DAYS = 7


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    what: str
    kind: str  # commitment | offer
    overdue: bool
    soon: bool


def deadlines(facts: DossierFacts, today: dt.date) -> tuple[Deadline, ...]:
    items = [
        Deadline(
            c.due,
            c.what,
            "commitment",
            c.due < today,
            today <= c.due <= today + dt.timedelta(SOON_DAYS),
        )
        for c in facts.commitments
        if not c.done
    ]
    for offer in facts.offers:
        if offer.deadline and offer.deadline >= today and facts.outcome is None:
            what = f"Answer {offer.label or 'the offer'}"
            items.append(
                Deadline(
                    offer.deadline,
                    what,
                    "offer",
                    False,
                    offer.deadline <= today + dt.timedelta(SOON_DAYS),
                )
            )
    return tuple(sorted(items, key=lambda d: (d.date, d.what)))


def upcoming_interviews(facts: DossierFacts, today: dt.date):  # type: ignore[no-untyped-def]
    return sorted((i for i in facts.interviews if i.when.date() >= today), key=lambda i: i.when)

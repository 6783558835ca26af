"""Dates that matter: commitments and offer deadlines, the next interview."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import (
    Commitment,
    DossierFacts,
    Offer,
)
from .money import current_offer

SOON_DAYS = 7

#: Words that make a commitment the promise to answer an offer.
_ANSWER_WORDS = re.compile(r"\b(answer|reply|respond|decision|decide)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    what: str
    kind: str  # commitment | offer
    overdue: bool
    soon: bool
    #: For the offer's entry: the company's deadline, the date you ask for (`reply_by`)
    #: and the date you promised in a commitment to answer it.
    their_date: dt.date | None = None
    asked: dt.date | None = None
    promised: dt.date | None = None
    #: Who the answer or the commitment is promised to.
    to: str | None = None


def next_working_day(day: dt.date) -> dt.date:
    """The first Monday-to-Friday after `day`."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def open_offer(facts: DossierFacts) -> Offer | None:
    """The offer still waiting for your answer: the current one, while the process is live."""
    if facts.outcome is not None or not facts.status.live:
        return None
    return current_offer(facts.offers)


def answer_commitments(facts: DossierFacts) -> tuple[int, ...]:
    """The open commitments that promise an answer to the open offer (indexes).

    They and the offer's deadline are one date to keep, so they are shown as one entry.
    """
    offer = open_offer(facts)
    if offer is None:
        return ()
    return tuple(
        i
        for i, c in enumerate(facts.commitments)
        if not c.done and c.due >= offer.date and _ANSWER_WORDS.search(c.what)
    )


def offer_entry(facts: DossierFacts, today: dt.date, label: str | None) -> Deadline | None:
    """The open offer's answer date as one entry, with the promise to answer it.

    Its date is their deadline (the date you cannot miss until they agree to another:
    then change `deadline`), else the promise you made. It is overdue once that day
    has passed: a live offer left unanswered.
    """
    offer = open_offer(facts)
    if offer is None:
        return None
    promised: list[Commitment] = [facts.commitments[i] for i in answer_commitments(facts)]
    if offer.deadline is None and not promised:
        return None
    promise = max(c.due for c in promised) if promised else None
    day = offer.deadline or promise
    assert day is not None
    return Deadline(
        day,
        f"Answer {label or 'the offer'}",
        "offer",
        day < today,
        today <= day <= today + dt.timedelta(SOON_DAYS),
        their_date=offer.deadline,
        asked=offer.reply_by,
        promised=promise,
        to=next((c.to for c in promised if c.to), None),
    )


def deadlines(facts: DossierFacts, today: dt.date) -> tuple[Deadline, ...]:
    merged = set(answer_commitments(facts))
    items = [
        Deadline(
            c.due,
            c.what,
            "commitment",
            c.due < today,
            today <= c.due <= today + dt.timedelta(SOON_DAYS),
            to=c.to,
        )
        for i, c in enumerate(facts.commitments)
        if not c.done and i not in merged
    ]
    offer = open_offer(facts)
    entry = offer_entry(facts, today, offer.label if offer else None)
    if entry is not None:
        items.append(entry)
    return tuple(sorted(items, key=lambda d: (d.date, d.what)))


def upcoming_interviews(facts: DossierFacts, today: dt.date):  # type: ignore[no-untyped-def]
    return sorted((i for i in facts.interviews if i.when.date() >= today), key=lambda i: i.when)

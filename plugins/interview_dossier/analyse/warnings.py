"""What `dossier check` points out that is valid but likely wrong or late."""

from __future__ import annotations

import datetime as dt

from ..errors import Problem
from ..model import (
    Dossier,
)
from .budget import budget
from .deadlines import answer_commitments, offer_entry, open_offer


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

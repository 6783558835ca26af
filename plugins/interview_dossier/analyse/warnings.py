"""What `dossier check` points out that is valid but likely wrong or late."""

from __future__ import annotations

import datetime as dt

from ..errors import Problem
from ..model import (
    Dossier,
)
from .budget import budget


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
    for i, c in enumerate(facts.commitments):
        if not c.done and c.due < today:
            warn(f"commitments[{i}]", f"overdue since {c.due.isoformat()}: {c.what}")
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

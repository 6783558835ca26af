"""The negotiation budget: time, stages, unpaid work, pauses."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from ..model import (
    DossierFacts,
)


@dataclass(frozen=True)
class BudgetUse:
    key: str  # the field of `budget` that sets the limit
    name: str
    used: float
    limit: float | None
    unit: str

    @property
    def over(self) -> bool:
        return self.limit is not None and self.used > self.limit

    @property
    def percent(self) -> int | None:
        if not self.limit:
            return None
        return round(100 * self.used / self.limit)


@dataclass(frozen=True)
class Pause:
    """A wait between two stages of the process (or since the last one, while it is live)."""

    start: dt.date
    end: dt.date
    after: str  # the stage it follows
    before: str | None  # the stage that ended it; None while still waiting

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def process_end(facts: DossierFacts, today: dt.date) -> dt.date:
    """The day counting stops: today for a live process, its closing day otherwise."""
    if facts.status.live:
        return today
    if facts.outcome is not None and facts.outcome.date is not None:
        return min(facts.outcome.date, today)
    dates = [s.date for s in facts.stage_log] + [o.date for o in facts.offers]
    return min(max(dates), today) if dates else today


def pauses(facts: DossierFacts, today: dt.date) -> tuple[Pause, ...]:
    """The waits between stages, in order; the last one runs to today while the process is live."""
    stages = sorted((s for s in facts.stage_log if s.stage), key=lambda s: s.date)
    found = [
        Pause(one.date, two.date, one.what, two.what) for one, two in itertools.pairwise(stages)
    ]
    if stages and facts.status.live and today > stages[-1].date:
        found.append(Pause(stages[-1].date, today, stages[-1].what, None))
    return tuple(found)


def budget(facts: DossierFacts, today: dt.date) -> tuple[BudgetUse, ...]:
    steps = facts.stage_log
    end = process_end(facts, today)
    first = min((s.date for s in steps), default=None)
    weeks = ((end - first).days / 7) if first else 0.0
    stress = max((s.stress for s in steps if s.stress is not None), default=0)
    longest = max((p.days for p in pauses(facts, end)), default=0)
    b = facts.budget
    return (
        BudgetUse("weeks", "Time", round(max(weeks, 0.0), 1), b.weeks, "weeks"),
        BudgetUse("stages", "Stages", sum(1 for s in steps if s.stage), b.stages, "stages"),
        BudgetUse(
            "effort_hours", "Effort", float(sum(s.hours for s in steps)), b.effort_hours, "hours"
        ),
        BudgetUse(
            "unpaid_hours",
            "Unpaid test work",
            float(sum(s.unpaid_hours for s in steps)),
            b.unpaid_hours,
            "hours",
        ),
        BudgetUse("pause_days", "Longest pause", float(longest), b.pause_days, "days"),
        BudgetUse("stress", "Highest stress", stress, b.stress, "of 5"),
    )


def long_pauses(facts: DossierFacts, today: dt.date) -> tuple[Pause, ...]:
    """Pauses longer than `budget.pause_days`."""
    limit = facts.budget.pause_days
    if limit is None:
        return ()
    return tuple(p for p in pauses(facts, process_end(facts, today)) if p.days > limit)

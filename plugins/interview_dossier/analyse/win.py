"""Your win (`win:`) against the current offer: level and work format, compared."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import DossierFacts, Offer, WorkFormat

#: Seniority words in rising order; a level is ranked by the highest word it holds.
LEVEL_RANKS = {
    "intern": 0, "trainee": 0, "graduate": 1, "junior": 1, "associate": 1,
    "mid": 2, "middle": 2, "intermediate": 2, "regular": 2,
    "senior": 3, "sr": 3,
    "lead": 4, "staff": 4, "tech lead": 4, "team lead": 4,
    "principal": 5, "architect": 5,
    "head": 6, "manager": 6, "director": 7, "vp": 8, "cto": 9, "chief": 9,
}  # fmt: skip

#: How much of the week a format leaves you away from the office.
FORMAT_RANKS = {WorkFormat.office: 0, WorkFormat.hybrid: 1, WorkFormat.remote: 2}


def level_rank(level: str) -> int | None:
    """A level's rank from its words ("Senior II" -> 3, "Staff engineer" -> 4), or None."""
    text = " " + " ".join(re.findall(r"[a-z]+", level.lower())) + " "
    found = [rank for word, rank in LEVEL_RANKS.items() if f" {word} " in text]
    return max(found) if found else None


@dataclass(frozen=True)
class WinCheck:
    what: str  # "level" | "work format"
    wanted: str
    offered: str
    verdict: str  # "meets" | "below" | "differs"

    @property
    def words(self) -> str:
        gap = {"meets": "meets your win", "below": "below your win", "differs": "not your win"}
        return f"{self.what}: {self.offered} (you want {self.wanted}), {gap[self.verdict]}"


def win_checks(facts: DossierFacts, offer: Offer | None) -> tuple[WinCheck, ...]:
    """Compare the win's level and work format with the offer (or the role as described)."""
    found = []
    level = (offer.level if offer else None) or facts.level
    if facts.win.level and level:
        want, got = level_rank(facts.win.level), level_rank(level)
        if want is not None and got is not None:
            verdict = "meets" if got >= want else "below"
        else:
            same = level.strip().lower() == facts.win.level.strip().lower()
            verdict = "meets" if same else "differs"
        found.append(WinCheck("Level", facts.win.level, level, verdict))
    fmt = (offer.work_format if offer else None) or facts.work_format
    if facts.win.work_format and fmt:
        verdict = "meets" if FORMAT_RANKS[fmt] >= FORMAT_RANKS[facts.win.work_format] else "below"
        found.append(WinCheck("Work format", facts.win.work_format.value, fmt.value, verdict))
    return tuple(found)

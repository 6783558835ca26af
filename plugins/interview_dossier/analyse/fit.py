"""The fit review across the four dimensions, read against the site's own facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import (
    DossierFacts,
)

if TYPE_CHECKING:
    from .red_lines import RedLineCheck
    from .verdicts import OfferVerdict


@dataclass(frozen=True)
class FitLine:
    key: str
    title: str
    score: int | None
    note: str | None
    #: What the site's facts say about this dimension when they rule a zone out, else None.
    fact: str | None = None


FIT_TITLES = {
    "tasks": "Tasks and expectations",
    "money": "Money and responsibilities",
    "boundaries": "Boundaries and work format",
    "values": "Values and communication",
}

#: Red lines about boundaries and work format, by the kind of limit they set.
BOUNDARY_KINDS = {"work_format", "office_days", "hours"}


@dataclass(frozen=True)
class FitReview:
    lines: tuple[FitLine, ...]

    @property
    def scored(self) -> tuple[FitLine, ...]:
        return tuple(line for line in self.lines if line.score is not None)

    @property
    def weakest(self) -> FitLine | None:
        return min(self.scored, key=lambda f: (f.score, f.key)) if self.scored else None

    @property
    def ruled_out(self) -> tuple[FitLine, ...]:
        """Dimensions where the facts say there is no zone, whatever the scores."""
        return tuple(line for line in self.lines if line.fact is not None)

    @property
    def scores(self) -> str:
        """Your own scores in a few words: "tasks 4, money 2, ..."."""
        shown = [f"{line.key} {line.score}" for line in self.scored]
        return ", ".join(shown)

    @property
    def verdict(self) -> str:
        facts = ""
        if self.ruled_out:
            facts = " ".join(
                f"No zone of agreement on {line.title.lower()}: {line.fact}."
                for line in self.ruled_out
            )
            if self.scored:
                facts += f" You scored: {self.scores}."
            return facts
        if len(self.scored) < len(self.lines):
            missing = ", ".join(line.title.lower() for line in self.lines if line.score is None)
            return f"Not reviewed yet: {missing}."
        weak = [
            line.title.lower() for line in self.lines if line.score is not None and line.score <= 2
        ]
        if weak:
            return f"No healthy zone of agreement yet on {', '.join(weak)}."
        return "A zone of agreement exists on all four dimensions."


def _facts(checks: Sequence[RedLineCheck], current: OfferVerdict | None) -> dict[str, str]:
    """What the red lines and the floor say, per dimension, when they rule a zone out."""
    found: dict[str, list[str]] = {}
    for check in checks:
        if check.status != "breached":
            continue
        kinds = {b.kind for b in check.breaches}
        if kinds & BOUNDARY_KINDS:
            found.setdefault("boundaries", []).append(
                f"{check.about} breaches \u201c{check.red_line.rule}\u201d"
            )
        if "base" in kinds:
            found.setdefault("money", []).append(
                f"{check.about} breaches \u201c{check.red_line.rule}\u201d"
            )
    if current is not None and current.floor_check == "below":
        found.setdefault("money", []).insert(0, f"the base of {current.name} is below your floor")
    return {key: "; ".join(dict.fromkeys(words)) for key, words in found.items()}


def fit(
    facts: DossierFacts,
    checks: Sequence[RedLineCheck] = (),
    current: OfferVerdict | None = None,
) -> FitReview:
    ruled = _facts(checks, current)
    return FitReview(
        tuple(
            FitLine(
                key,
                title,
                getattr(facts.fit, key).score,
                getattr(facts.fit, key).note,
                ruled.get(key),
            )
            for key, title in FIT_TITLES.items()
        )
    )

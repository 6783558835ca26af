"""The fit review across the four dimensions."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import (
    DossierFacts,
)


@dataclass(frozen=True)
class FitLine:
    key: str
    title: str
    score: int | None
    note: str | None


FIT_TITLES = {
    "tasks": "Tasks and expectations",
    "money": "Money and responsibilities",
    "boundaries": "Boundaries and work format",
    "values": "Values and communication",
}


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
    def verdict(self) -> str:
        if len(self.scored) < len(self.lines):
            missing = ", ".join(line.title.lower() for line in self.lines if line.score is None)
            return f"Not reviewed yet: {missing}."
        weak = [
            line.title.lower() for line in self.lines if line.score is not None and line.score <= 2
        ]
        if weak:
            return f"No healthy zone of agreement yet on {', '.join(weak)}."
        return "A zone of agreement exists on all four dimensions."


def fit(facts: DossierFacts) -> FitReview:
    return FitReview(
        tuple(
            FitLine(key, title, getattr(facts.fit, key).score, getattr(facts.fit, key).note)
            for key, title in FIT_TITLES.items()
        )
    )

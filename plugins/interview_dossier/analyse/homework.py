"""Homework progress: how much of the research each dossier has done."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import (
    DossierFacts,
)


@dataclass(frozen=True)
class HomeworkArea:
    key: str
    title: str
    done: int
    total: int
    missing: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class HomeworkProgress:
    areas: tuple[HomeworkArea, ...]
    gaps: tuple[str, ...]  # skills gaps with no plan to cover them

    @property
    def done(self) -> int:
        return sum(a.done for a in self.areas)

    @property
    def total(self) -> int:
        return sum(a.total for a in self.areas)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


_COMPANY_FIELDS = {
    "business": "what they do",
    "markets": "markets",
    "clients": "clients",
    "products": "products",
    "tech": "technology",
    "news": "last year's news",
    "growth": "growth",
    "funding": "funding",
    "pivots": "pivots",
}


def homework(facts: DossierFacts) -> HomeworkProgress:
    hw = facts.homework
    company_missing = tuple(
        label for key, label in _COMPANY_FIELDS.items() if not getattr(hw.company, key)
    )
    company = HomeworkArea(
        "company",
        "Company",
        len(_COMPANY_FIELDS) - len(company_missing),
        len(_COMPANY_FIELDS),
        company_missing,
    )

    role_checks = {
        "hidden tasks": bool(hw.role.hidden_tasks),
        "real priorities": bool(hw.role.priorities),
        "the pain to solve": bool(hw.role.pain),
    }
    role = _area("role", "Role", role_checks)

    people_checks = {"interviewers named": bool(facts.people)}
    for person in facts.people:
        people_checks[f"background of {person.name}"] = bool(
            person.role and (person.background or person.interests or person.links)
        )
    people = _area("people", "People", people_checks)

    skills_checks = {"where you fit": bool(hw.skills.fits), "your gaps": bool(hw.skills.gaps)}
    for gap in hw.skills.gaps:
        skills_checks[f"cover for {gap.gap}"] = bool(gap.cover)
    skills = _area("skills", "Skills match", skills_checks)

    uncovered = tuple(g.gap for g in hw.skills.gaps if not g.cover)
    return HomeworkProgress((company, role, people, skills), uncovered)


def _area(key: str, title: str, checks: dict[str, bool]) -> HomeworkArea:
    missing = tuple(name for name, ok in checks.items() if not ok)
    return HomeworkArea(key, title, len(checks) - len(missing), len(checks), missing)

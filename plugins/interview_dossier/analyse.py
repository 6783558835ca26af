"""Derived facts: progress, verdicts, breaches, budgets, deadlines.

Everything a page shows that is not typed by the user is computed here, so
templates only print. Functions are pure: the reference date comes in as an
argument, which keeps builds reproducible and tests exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import Problem
from .model import (
    Dossier,
    DossierFacts,
    Offer,
    Period,
    RedLine,
    Status,
    WorkFormat,
)

HOURS_PER_YEAR = 2080  # 40 hours x 52 weeks, to put hourly pay next to yearly pay
SOON_DAYS = 7


# ---------------------------------------------------------------- homework


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


# ---------------------------------------------------------------- money


def per_year(amount: float, period: Period) -> float:
    if period is Period.month:
        return amount * 12
    if period is Period.hour:
        return amount * HOURS_PER_YEAR
    return amount


@dataclass(frozen=True)
class OfferVerdict:
    offer: Offer
    label: str
    base: float  # per year, in the dossier's currency
    currency: str
    comparable: bool
    verdict: str  # below-floor | below-target | meets-target | no-reference | other-currency
    summary: str
    market: str  # below | within | above | unknown
    company_range: str  # below | within | above | unknown
    breaches: tuple[str, ...] = ()

    @property
    def tone(self) -> str:
        return {
            "below-floor": "danger",
            "below-target": "warning",
            "meets-target": "success",
        }.get(self.verdict, "info")


def market_range(facts: DossierFacts) -> tuple[float, float] | None:
    points = facts.compensation.market
    if not points:
        return None
    return (min(p.low for p in points), max(p.high for p in points))


def _position(value: float, bounds: tuple[float, float] | None) -> str:
    if bounds is None:
        return "unknown"
    low, high = bounds
    if value < low:
        return "below"
    if value > high:
        return "above"
    return "within"


def money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def offer_verdict(facts: DossierFacts, offer: Offer, breaches: Sequence[str] = ()) -> OfferVerdict:
    comp = facts.compensation
    currency = offer.currency or comp.currency
    base = per_year(offer.base, offer.period or comp.period)
    label = offer.label or f"Offer of {offer.date.isoformat()}"
    if currency != comp.currency:
        return OfferVerdict(
            offer, label, base, currency, False, "other-currency",
            f"In {currency}, not {comp.currency}: add a rate to compare it with your numbers.",
            "unknown", "unknown", tuple(breaches),
        )  # fmt: skip
    floor = per_year(comp.minimum, comp.period) if comp.minimum is not None else None
    target = per_year(comp.desired.base, comp.period) if comp.desired.base is not None else None
    shown = money(base, currency)
    if floor is not None and base < floor:
        verdict = "below-floor"
        summary = (
            f"Base {shown} is below your floor of {money(floor, currency)}: decline or renegotiate."
        )
    elif target is not None and base < target:
        verdict = "below-target"
        gap = money(target - base, currency)
        summary = (
            f"Base {shown} is {gap} short of your target of {money(target, currency)}: negotiate."
        )
    elif target is not None:
        verdict = "meets-target"
        summary = f"Base {shown} meets your target of {money(target, currency)}."
    elif floor is not None:
        verdict = "meets-target" if base >= floor else "below-floor"
        summary = f"Base {shown} is above your floor; set a target to judge it further."
    else:
        verdict = "no-reference"
        summary = f"Base {shown}; set a target and a floor to judge it."
    company = (comp.company_range.low, comp.company_range.high) if comp.company_range else None
    return OfferVerdict(
        offer, label, base, currency, True, verdict, summary,
        _position(base, market_range(facts)), _position(base, company), tuple(breaches),
    )  # fmt: skip


# ---------------------------------------------------------------- red lines

_FORMAT_RANK = {WorkFormat.remote: 0, WorkFormat.hybrid: 1, WorkFormat.office: 2}
_LEVELS = [
    ("intern", 0), ("junior", 1), ("middle", 2), ("mid", 2), ("senior", 3),
    ("lead", 4), ("staff", 4), ("principal", 5), ("head", 6), ("director", 6), ("vp", 7),
]  # fmt: skip


def level_rank(level: str | None) -> int | None:
    if not level:
        return None
    words = level.lower().replace("-", " ").split()
    ranks = [rank for name, rank in _LEVELS if name in words]
    return max(ranks) if ranks else None


@dataclass(frozen=True)
class Terms:
    """What is known of the conditions, from the dossier or from one offer."""

    source: str
    work_format: WorkFormat | None
    office_days: int | None
    hours_per_week: float | None
    level: str | None
    base: float | None


@dataclass(frozen=True)
class RedLineCheck:
    red_line: RedLine
    status: str  # breached | holds | unknown | unchecked
    evidence: tuple[str, ...]


def known_terms(facts: DossierFacts) -> list[Terms]:
    terms = [
        Terms(
            "the role as described",
            facts.work_format,
            facts.office_days,
            facts.hours_per_week,
            facts.level,
            None,
        )
    ]
    for offer in facts.offers:
        label = offer.label or f"the offer of {offer.date.isoformat()}"
        terms.append(
            Terms(
                label,
                offer.work_format or facts.work_format,
                offer.office_days if offer.office_days is not None else facts.office_days,
                offer.hours_per_week if offer.hours_per_week is not None else facts.hours_per_week,
                offer.level or facts.level,
                per_year(offer.base, offer.period or facts.compensation.period)
                if (offer.currency or facts.compensation.currency) == facts.compensation.currency
                else None,
            )
        )
    return terms


def _office_days(t: Terms) -> int | None:
    if t.office_days is not None:
        return t.office_days
    if t.work_format is WorkFormat.office:
        return 5
    if t.work_format is WorkFormat.remote:
        return 0
    return None


def check_red_line(line: RedLine, terms: Sequence[Terms]) -> RedLineCheck:
    limits = [
        line.min_work_format, line.max_office_days, line.max_hours_per_week, line.min_level, line.min_base
    ]  # fmt: skip
    if all(v is None for v in limits):
        return RedLineCheck(line, "unchecked", ())
    breaches: list[str] = []
    known = False
    for t in terms:
        if line.min_work_format is not None and t.work_format is not None:
            known = True
            if _FORMAT_RANK[t.work_format] > _FORMAT_RANK[line.min_work_format]:
                breaches.append(
                    f"{t.source}: {t.work_format.value} work, you accept {line.min_work_format.value} at most"
                )
        days = _office_days(t)
        if line.max_office_days is not None and days is not None:
            known = True
            if days > line.max_office_days:
                breaches.append(
                    f"{t.source}: {days} office days a week, your limit is {line.max_office_days}"
                )
        if line.max_hours_per_week is not None and t.hours_per_week is not None:
            known = True
            if t.hours_per_week > line.max_hours_per_week:
                breaches.append(
                    f"{t.source}: {t.hours_per_week:g} hours a week, your limit is {line.max_hours_per_week:g}"
                )
        if line.min_level is not None:
            have, need = level_rank(t.level), level_rank(line.min_level)
            if have is not None and need is not None:
                known = True
                if have < need:
                    breaches.append(
                        f"{t.source}: level {t.level}, you need at least {line.min_level}"
                    )
        if line.min_base is not None and t.base is not None:
            known = True
            if t.base < line.min_base:
                breaches.append(
                    f"{t.source}: base {t.base:,.0f}, your limit is {line.min_base:,.0f}"
                )
    if breaches:
        return RedLineCheck(line, "breached", tuple(breaches))
    return RedLineCheck(line, "holds" if known else "unknown", ())


# ---------------------------------------------------------------- budget


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


def budget(facts: DossierFacts, today: dt.date) -> tuple[BudgetUse, ...]:
    steps = facts.stage_log
    first = min((s.date for s in steps), default=None)
    weeks = ((today - first).days / 7) if first else 0.0
    stress = max((s.stress for s in steps if s.stress is not None), default=0)
    b = facts.budget
    return (
        BudgetUse("weeks", "Time", round(max(weeks, 0.0), 1), b.weeks, "weeks"),
        BudgetUse("stages", "Stages", sum(1 for s in steps if s.stage), b.stages, "stages"),
        BudgetUse(
            "unpaid_hours",
            "Unpaid test work",
            float(sum(s.unpaid_hours for s in steps)),
            b.unpaid_hours,
            "hours",
        ),
        BudgetUse("stress", "Highest stress", stress, b.stress, "of 5"),
    )


# ---------------------------------------------------------------- dates


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


# ---------------------------------------------------------------- fit


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


# ---------------------------------------------------------------- BATNA


#: How many other live opportunities a BATNA section links to; the rest are counted.
BATNA_SHOWN = 10
_LIVE_RANK = {Status.offer: 0, Status.interviewing: 1, Status.applied: 2, Status.researching: 3}


@dataclass(frozen=True)
class LiveSet:
    """The live opportunities, summarised once so each BATNA costs O(1)."""

    top: tuple[Dossier, ...]  # the most advanced, BATNA_SHOWN + 1 of them
    count: int
    offers: int

    @classmethod
    def of(cls, dossiers: Sequence[Dossier]) -> LiveSet:
        live = [d for d in dossiers if d.facts.status.live]
        ranked = sorted(
            live, key=lambda d: (_LIVE_RANK[d.facts.status], d.facts.company.lower(), d.slug)
        )
        offers = sum(1 for d in live if d.facts.status is Status.offer)
        return cls(tuple(ranked[: BATNA_SHOWN + 1]), len(live), offers)

    def signature(self) -> tuple[object, ...]:
        """What a BATNA shows of the live set; equal signatures give equal BATNAs."""
        shown = tuple((d.slug, d.facts.company, d.facts.role, d.facts.status) for d in self.top)
        return (shown, self.count, self.offers)


@dataclass(frozen=True)
class Batna:
    strength: str  # strong | medium | weak
    live: tuple[Dossier, ...]  # the user's other live opportunities, most advanced first
    more: int  # other live opportunities not listed in `live`
    reason: str


def batna(dossier: Dossier, live: LiveSet) -> Batna:
    own_live = dossier.facts.status.live
    others = tuple(d for d in live.top if d.slug != dossier.slug)[:BATNA_SHOWN]
    other_count = live.count - (1 if own_live else 0)
    more = other_count - len(others)
    other_offers = live.offers - (1 if dossier.facts.status is Status.offer else 0)
    written = dossier.facts.batna
    if any(a.strength == "strong" for a in written) or other_offers > 0:
        reason = "You have a strong alternative: you can say no calmly."
        return Batna("strong", others, more, reason)
    if written or other_count:
        return Batna("medium", others, more, "You have alternatives; keep them moving.")
    reason = "No alternative yet: start another process before you negotiate hard."
    return Batna("weak", others, more, reason)


# ---------------------------------------------------------------- scripts


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def script_context(
    facts: DossierFacts,
    checks: Sequence[RedLineCheck],
    verdicts: Sequence[OfferVerdict],
    today: dt.date,
) -> dict[str, str]:
    contacts = [
        p
        for p in facts.people
        if p.role and any(w in p.role.lower() for w in ("hr", "recruit", "talent", "people"))
    ]
    contacts = (
        contacts
        or [p for p in facts.people if p.role and "hiring" in p.role.lower()]
        or list(facts.people)
    )
    contact = _first_name(contacts[0].name) if contacts else "there"
    offer_dates = sorted(o.deadline for o in facts.offers if o.deadline and o.deadline >= today)
    reply = offer_dates[0] if offer_dates else today + dt.timedelta(days=3)

    mismatch: list[str] = []
    for v in verdicts:
        if v.verdict in {"below-floor", "below-target"}:
            mismatch.append(f"the base salary ({money(v.base, v.currency)} a year)")
            break
    for check in checks:
        if check.status == "breached":
            mismatch.append(check.red_line.rule[0].lower() + check.red_line.rule[1:])
    flags: list[str] = []
    if facts.pressure:
        flags.append("how decisions and deadlines are handled")
    if any(c.status == "breached" and c.red_line.max_hours_per_week is not None for c in checks):
        flags.append("the expected working hours")
    return {
        "company": facts.company,
        "role": facts.role,
        "contact": contact,
        "reply_by": f"{reply:%A} {reply.day} {reply:%B}",
        "mismatch": " and ".join(mismatch) if mismatch else "the terms we discussed",
        "red_flags": " and ".join(flags) if flags else "the way we would work together",
    }


# ---------------------------------------------------------------- all of it


@dataclass(frozen=True)
class Analysis:
    dossier: Dossier
    today: dt.date
    homework: HomeworkProgress
    offers: tuple[OfferVerdict, ...]
    red_lines: tuple[RedLineCheck, ...]
    budget: tuple[BudgetUse, ...]
    deadlines: tuple[Deadline, ...]
    next_interview: object | None
    batna: Batna
    fit: FitReview
    scripts: dict[str, str] = field(default_factory=dict)

    @property
    def best_offer(self) -> OfferVerdict | None:
        comparable = [v for v in self.offers if v.comparable]
        return max(comparable, key=lambda v: (v.base, v.label)) if comparable else None

    @property
    def next_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None

    @property
    def overdue(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.deadlines if d.overdue)

    @property
    def breached(self) -> tuple[RedLineCheck, ...]:
        return tuple(c for c in self.red_lines if c.status == "breached")

    @property
    def open_mentor_notes(self) -> int:
        return sum(1 for n in self.dossier.notes if n.meta.mentor and not n.meta.done)


def analyse(dossier: Dossier, live: LiveSet | Sequence[Dossier], today: dt.date) -> Analysis:
    facts = dossier.facts
    if not isinstance(live, LiveSet):
        live = LiveSet.of(live)
    terms = known_terms(facts)
    checks = tuple(check_red_line(line, terms) for line in facts.red_lines)
    verdicts = []
    for offer in facts.offers:
        label = offer.label or f"the offer of {offer.date.isoformat()}"
        own = [e for c in checks for e in c.evidence if e.startswith(label + ":")]
        verdicts.append(offer_verdict(facts, offer, own))
    upcoming = upcoming_interviews(facts, today)
    return Analysis(
        dossier=dossier,
        today=today,
        homework=homework(facts),
        offers=tuple(verdicts),
        red_lines=checks,
        budget=budget(facts, today),
        deadlines=deadlines(facts, today),
        next_interview=upcoming[0] if upcoming else None,
        batna=batna(dossier, live),
        fit=fit(facts),
        scripts=script_context(facts, checks, verdicts, today),
    )


class AnalysisCache:
    """Analyses kept between `mkdocs serve` rebuilds.

    An entry is reused when the loader handed back the very same dossier object
    (its files did not change), the live set looks the same and the date is the
    same; an analysis depends on nothing else.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Dossier, tuple[object, ...], dt.date, Analysis]] = {}
        self.computed = 0

    def get(self, d: Dossier, live: tuple[object, ...], today: dt.date) -> Analysis | None:
        entry = self._entries.get(d.slug)
        if entry and entry[0] is d and entry[1] == live and entry[2] == today:
            return entry[3]
        return None

    def put(self, d: Dossier, live: tuple[object, ...], today: dt.date, a: Analysis) -> None:
        self.computed += 1
        self._entries[d.slug] = (d, live, today, a)


def analyse_all(
    dossiers: Sequence[Dossier], today: dt.date, cache: AnalysisCache | None = None
) -> list[Analysis]:
    """Analyse every dossier; the live set is summarised once, so this stays linear."""
    live = LiveSet.of(dossiers)
    if cache is None:
        return [analyse(d, live, today) for d in dossiers]
    signature = live.signature()
    results = []
    for d in dossiers:
        a = cache.get(d, signature, today)
        if a is None:
            a = analyse(d, live, today)
            cache.put(d, signature, today, a)
        results.append(a)
    return results


# ---------------------------------------------------------------- check warnings


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

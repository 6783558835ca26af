"""Derived facts: progress, verdicts, breaches, budgets, deadlines.

Everything a page shows that is not typed by the user is computed here, so
templates only print. Functions are pure: the reference date comes in as an
argument, which keeps builds reproducible and tests exact.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from .errors import Problem
from .heap import older_objects_set_aside
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


class RateTable(Protocol):
    """What the analysis needs of `_rates.yml` (see comparison.Rates)."""

    base: str

    def rate(self, currency: str) -> float | None: ...


def per_year(amount: float, period: Period, payments: int = 12) -> float:
    """An amount per period as an amount per year; a monthly salary comes `payments` times."""
    if period is Period.month:
        return float(amount) * payments
    if period is Period.hour:
        return float(amount) * HOURS_PER_YEAR
    return float(amount)


def convert(amount: float, source: str, target: str, rates: RateTable | None) -> float | None:
    """`amount` in `source` currency as `target` currency, or None without both rates."""
    if source == target:
        return float(amount)
    if rates is None:
        return None
    have, want = rates.rate(source), rates.rate(target)
    if have is None or want is None:
        return None
    return float(amount) * have / want


def money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def offer_label(offer: Offer) -> str:
    return offer.label or f"Offer of {offer.date.isoformat()}"


def offer_name(offer: Offer) -> str:
    """The offer as a sentence names it: "the revised offer", "the offer of 24 November"."""
    if not offer.label:
        return f"the offer of {offer.date.day} {offer.date:%B}"
    label = offer.label
    # "Revised offer" reads "the revised offer"; keep "Q4 package" or "Acme offer" as written.
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        first = label.split()[0]
        if first.lower() in {
            "first",
            "second",
            "third",
            "revised",
            "final",
            "new",
            "verbal",
            "written",
            "initial",
            "updated",
            "counter",
            "improved",
            "offer",
        }:
            label = label[0].lower() + label[1:]
    return label if label.lower().startswith("the ") else f"the {label}"


@dataclass(frozen=True)
class OfferAmounts:
    """One offer's parts per year, in its own currency (see comparison for the formulas)."""

    currency: str
    base: float
    bonus: float
    sign_on: float
    equity_total: float
    vesting_years: float

    @property
    def extras(self) -> bool:
        return bool(self.bonus or self.sign_on or self.equity_total)

    @property
    def first_year(self) -> float:
        return self.base + self.bonus + self.sign_on + self.equity_total / self.vesting_years

    @property
    def annualised(self) -> float:
        return self.base + self.bonus + (self.sign_on + self.equity_total) / self.vesting_years


def offer_amounts(facts: DossierFacts, offer: Offer) -> OfferAmounts:
    comp = facts.compensation
    period = offer.period or comp.period
    payments = offer.payments_per_year or comp.payments_per_year
    return OfferAmounts(
        currency=offer.currency or comp.currency,
        base=per_year(offer.base, period, payments),
        bonus=per_year(offer.bonus or 0, period),
        sign_on=float(offer.sign_on or 0),
        equity_total=float(offer.equity_total or 0),
        vesting_years=float(offer.vesting_years),
    )


def current_offer(offers: Sequence[Offer]) -> Offer | None:
    """The offer on the table: the latest one not withdrawn (the later in the list on a tie)."""
    live = [(o.date, i, o) for i, o in enumerate(offers) if not o.withdrawn]
    return max(live, key=lambda t: (t[0], t[1]))[2] if live else None


@dataclass(frozen=True)
class OfferVerdict:
    offer: Offer
    label: str
    name: str  # as a sentence names it, e.g. "the revised offer"
    state: str  # current | earlier | withdrawn
    amounts: OfferAmounts  # per year, in the offer's currency
    currency: str  # the offer's own currency
    comparable: bool  # could be judged in the dossier's currency
    rate: float | None  # 1 unit of the offer's currency in the dossier's currency
    measure: str  # "base" | "annualised total": the figure judged
    figure: float | None  # that figure in the dossier's currency
    verdict: str  # below-floor | below-target | meets-target | no-reference | other-currency
    summary: str
    market: str  # below | within | above | unknown
    company_range: str  # below | within | above | unknown
    breaches: tuple[str, ...] = ()  # red lines this offer breaches, in words

    @property
    def base(self) -> float:
        return self.amounts.base

    @property
    def current(self) -> bool:
        return self.state == "current"

    @property
    def zone(self) -> str:
        """The verdict in a few words, for tables and pictures."""
        return VERDICT_WORDS.get(self.verdict, self.verdict.replace("-", " "))

    @property
    def tone(self) -> str:
        return {
            "below-floor": "danger",
            "below-target": "warning",
            "meets-target": "success",
        }.get(self.verdict, "info")


VERDICT_WORDS = {
    "below-floor": "below floor",
    "below-target": "between floor and target",
    "meets-target": "at or above target",
    "no-reference": "no target set",
    "other-currency": "not compared",
}


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


def floor_and_target(facts: DossierFacts, measure: str) -> tuple[float | None, float | None]:
    """Your floor and target per year; the target of a total counts every part you want."""
    comp = facts.compensation
    desired = comp.desired
    floor = (
        per_year(comp.minimum, comp.period, comp.payments_per_year)
        if comp.minimum is not None
        else None
    )
    target = None
    if desired.base is not None:
        target = per_year(desired.base, comp.period, comp.payments_per_year)
        if measure != "base":
            target += per_year((desired.bonus or 0) + (desired.equity or 0), comp.period)
    return floor, target


def offer_verdict(
    facts: DossierFacts,
    offer: Offer,
    breaches: Sequence[str] = (),
    *,
    state: str = "current",
    rates: RateTable | None = None,
) -> OfferVerdict:
    """Judge one offer against your floor and target, in the dossier's currency."""
    comp = facts.compensation
    amounts = offer_amounts(facts, offer)
    label = offer_label(offer)
    measure = "annualised total" if amounts.extras else "base"
    raw = amounts.annualised if amounts.extras else amounts.base
    rate = convert(1.0, amounts.currency, comp.currency, rates)
    figure = raw * rate if rate is not None else None
    company = (comp.company_range.low, comp.company_range.high) if comp.company_range else None
    common = (offer, label, offer_name(offer), state, amounts, amounts.currency)
    if figure is None:
        why = (
            f"In {amounts.currency}, not {comp.currency}: add both to `_rates.yml` to judge it "
            "against your numbers."
        )
        return OfferVerdict(
            *common, False, None, measure, None, "other-currency", why, "unknown", "unknown",
            tuple(breaches),
        )  # fmt: skip
    cur = comp.currency
    floor, target = floor_and_target(facts, measure)
    what = f"{'Base' if measure == 'base' else 'Annualised total'} {money(figure, cur)}"
    if amounts.currency != cur:
        what += f" (from {money(raw, amounts.currency)})"
    if floor is not None and figure < floor:
        verdict = "below-floor"
        summary = f"{what} is below your floor of {money(floor, cur)}: decline or renegotiate."
    elif target is not None and figure < target:
        verdict = "below-target"
        gap = money(target - figure, cur)
        if floor is not None:
            summary = (
                f"{what} is between your floor of {money(floor, cur)} and your target of "
                f"{money(target, cur)}: negotiate for the {gap} missing."
            )
        else:
            summary = f"{what} is {gap} short of your target of {money(target, cur)}: negotiate."
    elif target is not None:
        verdict = "meets-target"
        word = "meets" if figure == target else "is above"
        summary = f"{what} {word} your target of {money(target, cur)}."
    elif floor is not None:
        verdict = "meets-target"
        summary = f"{what} is above your floor; set a target to judge it further."
    else:
        verdict = "no-reference"
        summary = f"{what}; set a target and a floor to judge it."
    if measure != "base":
        first = amounts.first_year * rate
        if round(first) != round(figure):
            summary += f" First-year total: {money(first, cur)}."
        base = amounts.base * rate
        if floor is not None and base < floor <= figure:
            summary += f" Base alone, {money(base, cur)}, is below your floor."
    base_here = amounts.base * rate
    return OfferVerdict(
        *common, True, rate, measure, figure, verdict, summary,
        _position(base_here, market_range(facts)), _position(base_here, company),
        tuple(breaches),
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

    source: str  # as a sentence names it: "the role as described", "the revised offer"
    work_format: WorkFormat | None
    office_days: int | None
    hours_per_week: float | None
    level: str | None
    base: float | None  # per year, in the dossier's currency
    currency: str = ""


@dataclass(frozen=True)
class Breach:
    """One red line crossed by one set of terms, as facts a sentence can be made of."""

    kind: str  # work_format | office_days | hours | level | base
    found: str  # what the terms say, e.g. "4 office days a week"
    limit: str  # your limit, e.g. "2"

    @property
    def words(self) -> str:
        return f"{self.found}, your limit is {self.limit}"


@dataclass(frozen=True)
class RedLineCheck:
    red_line: RedLine
    status: str  # breached | holds | unknown | unchecked
    evidence: tuple[str, ...]  # the breaches in words
    about: str = "the role as described"  # the terms it was checked against
    breaches: tuple[Breach, ...] = ()
    history: tuple[str, ...] = ()  # earlier offers that breached it, in words
    breached_before: tuple[str, ...] = ()  # the names of those earlier offers

    @property
    def status_words(self) -> str:
        """The check in a few words, for a list that names the terms once."""
        if self.status == "breached":
            return "; ".join(self.evidence)
        return {"holds": "holds", "unknown": "not known yet"}.get(self.status, "not checkable")

    @property
    def summary(self) -> str:
        """The check in one plain sentence naming the terms it is about."""
        if self.status == "breached":
            return f"breached by {self.about}: {'; '.join(self.evidence)}"
        if self.status == "holds":
            return f"holds for {self.about}"
        if self.status == "unknown":
            return f"not known yet for {self.about}"
        return "not checkable from the facts"


def role_terms(facts: DossierFacts) -> Terms:
    return Terms(
        "the role as described",
        facts.work_format,
        facts.office_days,
        facts.hours_per_week,
        facts.level,
        None,
        facts.compensation.currency,
    )


def offer_terms(facts: DossierFacts, offer: Offer, rates: RateTable | None = None) -> Terms:
    amounts = offer_amounts(facts, offer)
    return Terms(
        offer_name(offer),
        offer.work_format or facts.work_format,
        offer.office_days if offer.office_days is not None else facts.office_days,
        offer.hours_per_week if offer.hours_per_week is not None else facts.hours_per_week,
        offer.level or facts.level,
        convert(amounts.base, amounts.currency, facts.compensation.currency, rates),
        facts.compensation.currency,
    )


def known_terms(facts: DossierFacts, rates: RateTable | None = None) -> list[Terms]:
    """The role as described, then every offer."""
    return [role_terms(facts)] + [offer_terms(facts, o, rates) for o in facts.offers]


def _office_days(t: Terms) -> int | None:
    if t.office_days is not None:
        return t.office_days
    if t.work_format is WorkFormat.office:
        return 5
    if t.work_format is WorkFormat.remote:
        return 0
    return None


def _breaches(line: RedLine, t: Terms) -> tuple[bool, list[Breach]]:
    """(whether anything could be checked, the breaches) of one red line by one set of terms."""
    found: list[Breach] = []
    known = False
    if line.min_work_format is not None and t.work_format is not None:
        known = True
        if _FORMAT_RANK[t.work_format] > _FORMAT_RANK[line.min_work_format]:
            found.append(
                Breach("work_format", f"{t.work_format.value} work", line.min_work_format.value)
            )
    days = _office_days(t)
    if line.max_office_days is not None and days is not None:
        known = True
        if days > line.max_office_days:
            plural = "s" if days != 1 else ""
            found.append(
                Breach(
                    "office_days", f"{days} office day{plural} a week", str(line.max_office_days)
                )
            )
    if line.max_hours_per_week is not None and t.hours_per_week is not None:
        known = True
        if t.hours_per_week > line.max_hours_per_week:
            found.append(
                Breach(
                    "hours", f"{t.hours_per_week:g} hours a week", f"{line.max_hours_per_week:g}"
                )
            )
    if line.min_level is not None:
        have, need = level_rank(t.level), level_rank(line.min_level)
        if have is not None and need is not None:
            known = True
            if have < need:
                found.append(Breach("level", f"level {t.level}", f"at least {line.min_level}"))
    if line.min_base is not None and t.base is not None:
        known = True
        if t.base < line.min_base:
            found.append(
                Breach(
                    "base", f"base {money(t.base, t.currency)}", money(line.min_base, t.currency)
                )
            )
    return known, found


def check_red_line(line: RedLine, terms: Terms | Sequence[Terms]) -> RedLineCheck:
    """Check one red line against the terms that are current (or several, all at once)."""
    limits = [
        line.min_work_format, line.max_office_days, line.max_hours_per_week, line.min_level, line.min_base
    ]  # fmt: skip
    many = [terms] if isinstance(terms, Terms) else list(terms)
    about = many[-1].source if many else "the role as described"
    if all(v is None for v in limits):
        return RedLineCheck(line, "unchecked", (), about)
    found: list[Breach] = []
    evidence: list[str] = []
    known = False
    for t in many:
        k, b = _breaches(line, t)
        known = known or k
        found += b
        evidence += [x.words if len(many) == 1 else f"{t.source}: {x.words}" for x in b]
    if found:
        return RedLineCheck(line, "breached", tuple(evidence), about, tuple(found))
    return RedLineCheck(line, "holds" if known else "unknown", (), about)


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


# ---------------------------------------------------------------- ZOPA


@dataclass(frozen=True)
class Zopa:
    """Where your side (from the floor up) and theirs (their range or offers) overlap.

    Figures are base pay per year in the dossier's currency. `low`/`high` is the zone
    of possible agreement, None when there is none or it cannot be known yet.
    """

    currency: str
    floor: float | None
    target: float | None
    their_low: float | None
    their_high: float | None
    their_side: str  # "their range" | "their offers" | ""
    low: float | None
    high: float | None
    statement: str

    @property
    def exists(self) -> bool | None:
        """True or False when it can be told, None when a figure is missing."""
        if self.low is not None:
            return True
        if self.floor is not None and self.their_high is not None:
            return False
        return None


def zopa(facts: DossierFacts, verdicts: Sequence[OfferVerdict] = ()) -> Zopa:
    comp = facts.compensation
    cur = comp.currency
    floor, target = floor_and_target(facts, "base")
    their_low = their_high = None
    side = ""
    if comp.company_range:
        their_low = per_year(comp.company_range.low, comp.period, comp.payments_per_year)
        their_high = per_year(comp.company_range.high, comp.period, comp.payments_per_year)
        side = "their range"
    else:
        # Their offers show what they are ready to pay; a withdrawn one no longer does.
        known = [
            v.amounts.base * v.rate
            for v in verdicts
            if v.state != "withdrawn" and v.rate is not None
        ]
        if known:
            their_low, their_high, side = min(known), max(known), "their offers"
    top = "their top" if side == "their range" else "their best offer so far"
    low = high = None
    if floor is None:
        statement = "Set a floor to see whether a zone of agreement exists."
    elif their_high is None:
        statement = "Their side is not known yet: ask for their range."
    elif their_high < floor:
        statement = (
            f"No zone of agreement: {top}, {money(their_high, cur)}, is below your floor, "
            f"{money(floor, cur)}."
        )
    else:
        low, high = max(floor, their_low or floor), their_high
        start = "your floor" if low == floor else "their bottom"
        statement = (
            f"Zone of possible agreement: {money(low, cur)} to {money(high, cur)}, "
            f"from {start} to {top}."
        )
        if target is not None:
            if target > high:
                statement += f" Your target, {money(target, cur)}, is above {top}."
            elif target >= low:
                statement += f" Your target, {money(target, cur)}, is inside it."
            else:
                statement += f" All of it is at or above your target, {money(target, cur)}."
    return Zopa(cur, floor, target, their_low, their_high, side, low, high, statement)


# ---------------------------------------------------------------- BATNA


#: How many other live opportunities a BATNA section links to; the rest are counted.
BATNA_SHOWN = 10
_LIVE_RANK = {Status.offer: 0, Status.interviewing: 1, Status.applied: 2, Status.researching: 3}


@dataclass(frozen=True)
class OfferStanding:
    """Whether one opportunity's current offer is an alternative you would really take."""

    slug: str
    company: str
    counts: bool
    words: str  # e.g. "Lumen Health's revised offer is above your floor there"


def offer_standing(
    d: Dossier, rates: RateTable | None = None, today: dt.date | None = None
) -> OfferStanding | None:
    """The standing of a live opportunity's current offer; None when it has none."""
    facts = d.facts
    offer = current_offer(facts.offers)
    if offer is None or not facts.status.live:
        return None
    if offer.deadline is not None and today is not None and offer.deadline < today:
        return OfferStanding(d.slug, facts.company, False, f"{facts.company}'s offer has expired")
    terms = offer_terms(facts, offer, rates)
    broken = [line.rule for line in facts.red_lines if _breaches(line, terms)[1]]
    verdict = offer_verdict(facts, offer, rates=rates)
    name = f"{facts.company}'s {offer_name(offer).removeprefix('the ')}"
    if broken:
        return OfferStanding(d.slug, facts.company, False, f"{name} breaches a red line")
    if verdict.verdict == "below-floor":
        return OfferStanding(d.slug, facts.company, False, f"{name} is below your floor there")
    if verdict.verdict == "other-currency":
        return OfferStanding(d.slug, facts.company, False, f"{name} has no rate to judge it")
    if facts.compensation.minimum is None:
        return OfferStanding(d.slug, facts.company, False, f"{name} has no floor to judge it by")
    return OfferStanding(
        d.slug,
        facts.company,
        True,
        f"{name} is at or above your floor there and breaks no red line",
    )


@dataclass(frozen=True)
class LiveSet:
    """The live opportunities, summarised once so each BATNA costs O(1)."""

    top: tuple[Dossier, ...]  # the most advanced, BATNA_SHOWN + 1 of them
    count: int
    offers: int
    good: tuple[OfferStanding, ...] = ()  # offers you would take, the first two
    poor: tuple[OfferStanding, ...] = ()  # offers that do not count, the first two

    @classmethod
    def of(
        cls,
        dossiers: Sequence[Dossier],
        rates: RateTable | None = None,
        today: dt.date | None = None,
    ) -> LiveSet:
        live = [d for d in dossiers if d.facts.status.live]
        ranked = sorted(
            live, key=lambda d: (_LIVE_RANK[d.facts.status], d.facts.company.lower(), d.slug)
        )
        offers = sum(1 for d in live if d.facts.status is Status.offer)
        good: list[OfferStanding] = []
        poor: list[OfferStanding] = []
        for d in ranked:
            if len(good) >= 2 and len(poor) >= 2:
                break
            found = offer_standing(d, rates, today)
            if found is None:
                continue
            bucket = good if found.counts else poor
            if len(bucket) < 2:
                bucket.append(found)
        return cls(tuple(ranked[: BATNA_SHOWN + 1]), len(live), offers, tuple(good), tuple(poor))

    def signature(self) -> tuple[object, ...]:
        """What a BATNA shows of the live set; equal signatures give equal BATNAs."""
        shown = tuple((d.slug, d.facts.company, d.facts.role, d.facts.status) for d in self.top)
        return (shown, self.count, self.offers, self.good, self.poor)


@dataclass(frozen=True)
class Batna:
    strength: str  # strong | medium | weak
    live: tuple[Dossier, ...]  # the user's other live opportunities, most advanced first
    more: int  # other live opportunities not listed in `live`
    reason: str  # why, naming the alternative that decides it


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quoted(what: str) -> str:
    return f"\u201c{what}\u201d"


def batna(dossier: Dossier, live: LiveSet) -> Batna:
    """How strong your alternatives are, from those you would really take."""
    own_live = dossier.facts.status.live
    others = tuple(d for d in live.top if d.slug != dossier.slug)[:BATNA_SHOWN]
    other_count = live.count - (1 if own_live else 0)
    more = other_count - len(others)
    good = [g for g in live.good if g.slug != dossier.slug]
    poor = [p for p in live.poor if p.slug != dossier.slug]
    written = dossier.facts.batna
    rated = {
        level: [a for a in written if a.strength == level] for level in ("strong", "medium", "weak")
    }
    not_counted = ""
    if poor:
        not_counted = " Not counted: " + "; ".join(p.words for p in poor) + "."
    if good:
        reason = f"{_first_up(good[0].words)}, so you can say no calmly."
        return Batna("strong", others, more, reason)
    if rated["strong"]:
        reason = f"You rate {_quoted(rated['strong'][0].what)} strong, so you can say no calmly."
        return Batna("strong", others, more, reason + not_counted)
    parts = []
    if rated["medium"]:
        parts.append(f"you rate {_quoted(rated['medium'][0].what)} medium")
    if other_count:
        plural = "es are" if other_count != 1 else " is"
        parts.append(f"{other_count} other process{plural} live")
    if parts:
        reason = _first_up(f"{' and '.join(parts)}; no offer you would take yet.")
        return Batna("medium", others, more, reason + not_counted)
    reason = "No alternative you would really take yet"
    if rated["weak"]:
        reason += f" ({_quoted(rated['weak'][0].what)} is rated weak)"
    reason += ". Start another process before you negotiate hard."
    return Batna("weak", others, more, reason + not_counted)


# ---------------------------------------------------------------- scripts


@dataclass(frozen=True)
class Script:
    """One message to send or say, as facts; templates/scripts/<name>.md.j2 words it."""

    name: str
    title: str
    when: str
    values: dict[str, object]


def reply_by(today: dt.date) -> dt.date:
    """A date to promise an answer by: the next working day after tomorrow, never today."""
    day = today + dt.timedelta(days=2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def answer_date(current: OfferVerdict | None, today: dt.date) -> dt.date:
    """The offer's deadline while it is still ahead, else the computed reply-by date."""
    deadline = current.offer.deadline if current else None
    return deadline if deadline is not None and deadline > today else reply_by(today)


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def and_list(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


#: What a logged pressure sign says about how the two sides differ, for the red-flags decline.
SIGN_AREAS = {
    "rushed": "how much time a decision is given",
    "threat": "how deadlines are set",
    "guilt": "how commitment is asked for",
    "vague-authority": "how rules are explained",
    "emotion": "whether decisions rest on facts",
    "belittling": "how people speak to each other",
    "other": "how the work is organised",
}

_FORMAT_ACCEPTED = {
    WorkFormat.remote: "remote work",
    WorkFormat.hybrid: "hybrid or remote work",
    WorkFormat.office: "any format",
}


def _reason(b: Breach, line: RedLine) -> str:
    """One breach as a clause: what the terms say, then the limit."""
    if b.kind == "base":
        amount = b.found.removeprefix("base ")
        return f"a base salary of {amount} a year, where I need at least {b.limit}"
    if b.kind == "work_format":
        assert line.min_work_format is not None
        return f"{b.found}, where I need {_FORMAT_ACCEPTED[line.min_work_format]}"
    if b.kind == "level":
        level = b.found.removeprefix("level ")
        return f"the level of {level}, where I am looking for {line.min_level} or above"
    return f"{b.found}, where my limit is {b.limit}"


def _contact(facts: DossierFacts) -> str | None:
    """First name of the person to write to: HR or a recruiter first, then the hiring manager."""
    people = [p for p in facts.people if not p.private]
    words = ("hr", "recruiter", "talent", "people")
    hr = [p for p in people if p.role and any(w in p.role.lower().split() for w in words)]
    chosen = hr or [p for p in people if p.role and "hiring" in p.role.lower()] or people
    names = chosen[0].name.split() if chosen else []
    return names[0] if names else None


def _said(text: str) -> str:
    """What was said, without the quotes the user may already have put around it."""
    said = " ".join(text.split()).strip("\"'\u201c\u201d\u2018\u2019 ")
    return said if said.endswith((".", "!", "?")) else said + "."


def _in_sentence(name: str) -> str:
    """A name in the middle of a sentence: "Team day" -> "team day", "CTO chat" stays."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _mismatch(
    facts: DossierFacts, current: OfferVerdict | None, checks: Sequence[RedLineCheck]
) -> list[str]:
    """The conditions that miss, as clauses: the floor, then each red line crossed now."""
    cur = facts.compensation.currency
    reasons: list[str] = []
    if current is not None and current.verdict == "below-floor" and current.figure is not None:
        floor, _ = floor_and_target(facts, current.measure)
        what = "a base salary" if current.measure == "base" else "a total"
        reasons.append(
            f"{what} of {money(current.figure, cur)} a year, "
            f"where I need at least {money(floor or 0, cur)}"
        )
    for check in checks:
        for b in check.breaches:
            if b.kind == "base" and reasons and current is not None and current.measure == "base":
                continue  # the floor already speaks for the base salary
            reasons.append(_reason(b, check.red_line))
    return reasons


def _red_flags(facts: DossierFacts, checks: Sequence[RedLineCheck]) -> dict[str, object]:
    """What a red-flags message can name: the latest pressure logged, and the hours."""
    flags: dict[str, object] = {}
    areas: list[str] = []
    if facts.pressure:
        event = max(facts.pressure, key=lambda e: e.date)
        areas = [SIGN_AREAS[s] for s in dict.fromkeys(event.signs)] or [SIGN_AREAS["other"]]
        flags = {"flag_date": long_date(event.date), "said": _said(event.said)}
    if any(b.kind == "hours" for c in checks for b in c.breaches):
        areas.append("how long a normal week is")
    if areas:
        flags["areas"] = and_list(areas)
    return flags


def scripts(
    facts: DossierFacts,
    current: OfferVerdict | None,
    checks: Sequence[RedLineCheck],
    today: dt.date,
    signature: str | None,
    next_interview: object | None,
) -> tuple[tuple[Script, ...], tuple[tuple[str, str], ...]]:
    """The scripts that fit this stage, and the ones left out with why."""
    offers_made = [o for o in facts.offers if not o.withdrawn]
    offer_words = None
    if current is not None:
        single = len(offers_made) == 1 and not current.offer.label
        offer_words = "your offer" if single else "your " + current.name.removeprefix("the ")
    answer_by = answer_date(current, today)
    given = current is not None and current.offer.deadline == answer_by
    base: dict[str, object] = {
        "company": facts.company,
        "role": facts.role,
        "contact": _contact(facts),
        "signature": signature,
        "offer": offer_words,
        "reply_by": long_date(answer_by),
        "deadline_given": given,
        # Whether you have met them yet: a message should not thank them for talks that never were.
        "met": any(i.when.date() < today for i in facts.interviews)
        or bool(facts.pressure)
        or any(s.stage and s.date <= today for s in facts.stage_log),
    }
    comp = facts.compensation
    reasons = _mismatch(facts, current, checks)
    flags = _red_flags(facts, checks)

    found: list[Script] = []
    left_out: list[tuple[str, str]] = []

    def add(name: str, title: str, when: str, **values: object) -> None:
        found.append(Script(name, title, when, {**base, **values}))

    status = facts.status
    if not status.live:
        style = facts.outcome.decline_style if facts.outcome else None
        closed = f"This process is {status.value}: only the message that closed it is kept."
        if status is Status.declined and current is not None:
            if style == "mismatch" and reasons:
                add("decline-mismatch", "Decline: the conditions do not match", closed,
                    reasons=and_list(reasons))  # fmt: skip
            elif style == "red-flags" and flags:
                add("decline-red-flags", "Decline: red flags", closed, **flags)
            elif style == "honest":
                add("decline-honest", "Decline: honest, without detail", closed)
        elif status is Status.withdrawn and current is None:
            add("withdraw", "Withdraw from the process", closed)
        if not found:
            left_out.append(("Scripts", f"This process is {status.value}."))
        return tuple(found), tuple(left_out)

    if current is not None:
        add("pause", "Ask for time", "When you need a few days to weigh the offer.")
        if current.verdict == "below-target" and comp.desired.base is not None:
            target = per_year(comp.desired.base, comp.period, comp.payments_per_year)
            add("counter", "Counter-proposal", "Between your floor and your target: negotiate.",
                target=money(target, comp.currency),
                offered=money(current.amounts.base, current.currency))  # fmt: skip
        else:
            left_out.append(("Counter-proposal", f"Not needed: {current.name} is {current.zone}."))
        add("decline-honest", "Decline: honest, without detail", "For reasons mostly your own.")
        if reasons:
            add("decline-mismatch", "Decline: the conditions do not match",
                "When the offer misses your floor or crosses a red line.",
                reasons=and_list(reasons))  # fmt: skip
        else:
            left_out.append((
                "Decline: the conditions do not match",
                f"Not offered: {current.name} is not below your floor and crosses none of your "
                "checkable red lines. Between floor and target you negotiate.",
            ))  # fmt: skip
    elif status is not Status.researching:
        add("withdraw", "Withdraw from the process", "Before an offer, when you decide to stop.")
        if reasons:
            add("decline-mismatch", "Withdraw: the conditions do not match",
                "When the role as described crosses a red line.",
                reasons=and_list(reasons))  # fmt: skip
        left_out.append(("Ask for time, counter, decline", "No offer yet: these come with one."))
    else:
        left_out.append(("Withdraw and decline", "Nothing to withdraw yet: you have not applied."))
    if flags:
        title = "Decline: red flags" if current else "Withdraw: red flags"
        add("decline-red-flags", title, "When what you saw does not fit how you want to work.",
            **flags)  # fmt: skip
    else:
        left_out.append(("Red flags", "Not offered: no pressure logged, no hours limit crossed."))
    if next_interview is not None:
        when: dt.datetime = next_interview.when  # type: ignore[attr-defined]
        stage: str | None = next_interview.stage  # type: ignore[attr-defined]
        add("reschedule", "Reschedule an interview", "When the state check says not today.",
            interview=_in_sentence(stage or "interview"), interview_date=long_date(when.date()))  # fmt: skip
    else:
        left_out.append(("Reschedule an interview", "No upcoming interview."))
    return tuple(found), tuple(left_out)


# ---------------------------------------------------------------- all of it


@dataclass(frozen=True)
class Analysis:
    dossier: Dossier
    today: dt.date
    homework: HomeworkProgress
    offers: tuple[OfferVerdict, ...]  # every offer, in the dossier's order
    red_lines: tuple[RedLineCheck, ...]  # checked against the current terms
    budget: tuple[BudgetUse, ...]
    deadlines: tuple[Deadline, ...]
    next_interview: object | None
    batna: Batna
    fit: FitReview
    zopa: Zopa
    scripts: tuple[Script, ...] = ()
    scripts_left_out: tuple[tuple[str, str], ...] = ()  # (title, why)
    long_pauses: tuple[Pause, ...] = ()
    #: The date you promise an answer by: the offer's deadline, else a computed reply-by date.
    answer_by: dt.date = dt.date.min
    #: The one currency offers are compared in across the site, and the current offer's
    #: annualised total in it (None with the reason in `offer_figure_missing`).
    base_currency: str | None = None
    offer_figure: float | None = None
    offer_figure_missing: str = ""

    @property
    def current_offer(self) -> OfferVerdict | None:
        """The offer on the table: the latest one not withdrawn."""
        return next((v for v in self.offers if v.current), None)

    @property
    def offer_history(self) -> tuple[OfferVerdict, ...]:
        """Earlier and withdrawn offers, newest first."""
        past = [v for v in self.offers if not v.current]
        return tuple(sorted(past, key=lambda v: v.offer.date, reverse=True))

    @property
    def best_offer(self) -> OfferVerdict | None:
        """What this opportunity offers now: its current offer."""
        return self.current_offer

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


def _history(line: RedLine, past: Sequence[Terms]) -> tuple[str, ...]:
    out = []
    for t in past:
        found = _breaches(line, t)[1]
        if found:
            out.append(f"{t.source} breached it: {'; '.join(b.words for b in found)}")
    return tuple(out)


def analyse(
    dossier: Dossier,
    live: LiveSet | Sequence[Dossier],
    today: dt.date,
    *,
    rates: RateTable | None = None,
    signature: str | None = None,
    base_currency: str | None = None,
) -> Analysis:
    facts = dossier.facts
    if not isinstance(live, LiveSet):
        live = LiveSet.of(live, rates, today)
    now = current_offer(facts.offers)
    terms_now = offer_terms(facts, now, rates) if now is not None else role_terms(facts)
    past = sorted((o for o in facts.offers if o is not now), key=lambda o: o.date, reverse=True)
    past_terms = [offer_terms(facts, o, rates) for o in past]
    checks = tuple(
        replace(
            check_red_line(line, terms_now),
            history=_history(line, past_terms),
            breached_before=tuple(t.source for t in past_terms if _breaches(line, t)[1]),
        )
        for line in facts.red_lines
    )
    verdicts = []
    for offer in facts.offers:
        terms = offer_terms(facts, offer, rates)
        own = [b.words for line in facts.red_lines for b in _breaches(line, terms)[1]]
        state = "current" if offer is now else ("withdrawn" if offer.withdrawn else "earlier")
        verdicts.append(offer_verdict(facts, offer, own, state=state, rates=rates))
    current = next((v for v in verdicts if v.current), None)
    upcoming = upcoming_interviews(facts, today)
    next_interview = upcoming[0] if upcoming else None
    found, left_out = scripts(facts, current, checks, today, signature, next_interview)
    figure, missing = None, ""
    if current is not None:
        if base_currency is None:
            missing = "offers are in several currencies and there is no `_rates.yml`"
        else:
            figure = convert(current.amounts.annualised, current.currency, base_currency, rates)
            if figure is None:
                missing = f"no rate for {current.currency} in `_rates.yml`"
    return Analysis(
        dossier=dossier,
        today=today,
        homework=homework(facts),
        offers=tuple(verdicts),
        red_lines=checks,
        budget=budget(facts, today),
        deadlines=deadlines(facts, today),
        next_interview=next_interview,
        batna=batna(dossier, live),
        fit=fit(facts),
        zopa=zopa(facts, verdicts),
        scripts=found,
        scripts_left_out=left_out,
        long_pauses=long_pauses(facts, today),
        answer_by=answer_date(current, today),
        base_currency=base_currency,
        offer_figure=figure,
        offer_figure_missing=missing,
    )


def comparison_currency(dossiers: Sequence[Dossier], rates: RateTable | None) -> str | None:
    """The one currency offers are compared in: the rates' base, or the only one in use."""
    if rates is not None:
        return rates.base
    found = {o.currency or d.facts.compensation.currency for d in dossiers for o in d.facts.offers}
    if len(found) > 1:
        return None
    return found.pop() if found else None


class AnalysisCache:
    """Analyses kept between `mkdocs serve` rebuilds.

    An entry is reused when the loader handed back the very same dossier object
    (its files did not change), the live set looks the same and the date is the
    same; an analysis depends on nothing else.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Dossier, tuple[object, ...], dt.date, Analysis]] = {}
        self.computed = 0
        #: What every analysis of the last `analyse_all` depended on besides its own
        #: dossier: the live set's signature, rates, signature and base currency.
        self.context: tuple[object, ...] = ()

    def get(self, d: Dossier, live: tuple[object, ...], today: dt.date) -> Analysis | None:
        entry = self._entries.get(d.slug)
        if entry and entry[0] is d and entry[1] == live and entry[2] == today:
            return entry[3]
        return None

    def put(self, d: Dossier, live: tuple[object, ...], today: dt.date, a: Analysis) -> None:
        self.computed += 1
        self._entries[d.slug] = (d, live, today, a)


@older_objects_set_aside()  # the dossiers need no collector's walks (heap.py)
def analyse_all(
    dossiers: Sequence[Dossier],
    today: dt.date,
    cache: AnalysisCache | None = None,
    *,
    rates: RateTable | None = None,
    signature: str | None = None,
) -> list[Analysis]:
    """Analyse every dossier; the live set is summarised once, so this stays linear."""
    live = LiveSet.of(dossiers, rates, today)
    base = comparison_currency(dossiers, rates)

    def one(d: Dossier) -> Analysis:
        return analyse(d, live, today, rates=rates, signature=signature, base_currency=base)

    if cache is None:
        return [one(d) for d in dossiers]
    key = cache.context = (live.signature(), rates, signature, base)
    results = []
    for d in dossiers:
        a = cache.get(d, key, today)
        if a is None:
            a = one(d)
            cache.put(d, key, today, a)
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

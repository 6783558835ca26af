"""All of one dossier's derived facts, and every dossier's at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import (
    Dossier,
    Period,
    RedLine,
)
from .batna import Batna, LiveSet, batna
from .budget import BudgetUse, Pause, budget, long_pauses
from .deadlines import Deadline, deadlines, upcoming_interviews
from .fit import FitReview, fit
from .homework import HomeworkProgress, homework
from .messages import Message, answer_date, messages
from .money import RateTable, Units, convert, current_offer, dossier_units, units_of
from .red_lines import RedLineCheck, Terms, _breaches, check_red_line, offer_terms, role_terms
from .verdicts import OfferVerdict, offer_verdict
from .warnings import market_notes
from .win import WinCheck, win_checks
from .zopa import Zopa, zopa


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
    messages: tuple[Message, ...] = ()
    messages_left_out: tuple[tuple[str, str], ...] = ()  # (title, why)
    long_pauses: tuple[Pause, ...] = ()
    #: The date you ask to answer by: your `reply_by`, else a working day after their
    #: deadline, else a computed reply-by date.
    answer_by: dt.date = dt.date.min
    #: The one currency offers are compared in across the site, and the current offer's
    #: annualised total in it (None with the reason in `offer_figure_missing`).
    base_currency: str | None = None
    offer_figure: float | None = None
    offer_figure_missing: str = ""
    #: Your win's level and work format against the current offer (or the role).
    win: tuple[WinCheck, ...] = ()
    #: Your floor or target above the top of the market you noted, in sentences.
    money_notes: tuple[str, ...] = ()

    @property
    def units(self) -> Units:
        """The compensation's units: every money figure of the dossier is shown with them."""
        return dossier_units(self.dossier.facts)

    def units_of(self, period: Period | None, payments: int | None) -> Units:
        """The units of a market point or range that may give its own period."""
        return units_of(self.dossier.facts, period, payments)

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
        """The next date still ahead; what is overdue is in `overdue`, shown apart."""
        return next((d for d in self.deadlines if not d.overdue), None)

    @property
    def answer(self) -> Deadline | None:
        """The open offer's answer date (with any promise to answer it), expired or not."""
        return next((d for d in self.deadlines if d.kind == "offer"), None)

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
    withheld = dossier.withheld_fields
    checks = tuple(
        replace(
            check_red_line(line, terms_now, f"red_lines[{i}].min_base" in withheld),
            history=_history(line, past_terms),
            breached_before=tuple(t.source for t in past_terms if _breaches(line, t)[1]),
        )
        for i, line in enumerate(facts.red_lines)
    )
    verdicts = []
    for offer in facts.offers:
        terms = offer_terms(facts, offer, rates)
        own = [b.words for line in facts.red_lines for b in _breaches(line, terms)[1]]
        state = "current" if offer is now else ("withdrawn" if offer.withdrawn else "earlier")
        verdicts.append(
            offer_verdict(facts, offer, own, state=state, rates=rates, withheld=withheld)
        )
    current = next((v for v in verdicts if v.current), None)
    upcoming = upcoming_interviews(facts, today)
    next_interview = upcoming[0] if upcoming else None
    found, left_out = messages(facts, current, checks, today, signature, next_interview)
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
        fit=fit(facts, checks, current),
        zopa=zopa(facts, verdicts, withheld),
        messages=found,
        messages_left_out=left_out,
        long_pauses=long_pauses(facts, today),
        answer_by=answer_date(current, today),
        base_currency=base_currency,
        offer_figure=figure,
        offer_figure_missing=missing,
        win=win_checks(facts, now),
        money_notes=tuple(words for _, words in market_notes(facts)),
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

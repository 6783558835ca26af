"""The messages the candidate can send, filled from the facts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import (
    DossierFacts,
    Offer,
    RedLine,
    Status,
    WorkFormat,
)
from .budget import budget
from .deadlines import next_working_day
from .money import Units, dossier_units, money
from .red_lines import Breach, RedLineCheck
from .verdicts import FLOOR_WITHHELD, OfferVerdict


@dataclass(frozen=True)
class Message:
    """One message to send or say, as facts; templates/messages/<name>.md.j2 words it."""

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
    """The date to ask to answer by: the one you chose (`reply_by`) while it is ahead;
    else the working day after their deadline while that is ahead; else a computed
    reply-by date. Their deadline is theirs: it is never offered as the time you need."""
    offer = current.offer if current else None
    if offer is not None and offer.reply_by is not None and offer.reply_by >= today:
        return offer.reply_by
    if offer is not None and offer.deadline is not None and offer.deadline >= today:
        return next_working_day(offer.deadline)
    return reply_by(today)


def offer_name(facts: DossierFacts, offer: Offer) -> str:
    """An offer as the company knows it, by kind and date: "your revised offer of
    24 November". Never the owner's `label`, which is a note to self."""
    made = sorted((o.date for o in facts.offers), key=lambda d: d)
    if len(facts.offers) == 1:
        return "your offer"
    kind = "offer" if offer.date == made[0] else "revised offer"
    return f"your {kind} of {offer.date.day} {offer.date:%B}"


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def and_list(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


#: The areas a red-flags or mismatch message may name, in neutral words, and the words in
#: what was said that point to each. Only the area reaches the message, never the quote.
AREA_WORDS = {
    "overtime": ("overtime", "late night", "late nights", "weekend", "weekends", "evening",
                 "evenings", "hours", "long days", "on call", "crunch"),
    "office presence": ("office", "on-site", "onsite", "on site", "in person", "remote",
                        "hybrid", "commute", "come in", "comes in", "coming in"),
    "decision time": ("answer", "deadline", "end of day", "today", "tomorrow", "decide",
                      "decision", "waiting", "other candidates", "queue"),
    "pay": ("salary", "pay", "budget", "money", "compensation", "raise", "bonus", "equity"),
}  # fmt: skip

#: The area a pressure sign points to when what was said names none.
SIGN_AREAS = {"rushed": "decision time", "threat": "decision time"}

#: The area each kind of red-line breach is about.
BREACH_AREAS = {
    "hours": "overtime",
    "office_days": "office presence",
    "work_format": "work format",
    "level": "level",
    "base": "pay",
}

#: A spent part of the negotiation budget, as the area a message names.
BUDGET_AREAS = {
    "weeks": "the length of the process",
    "stages": "the number of stages",
    "effort_hours": "the time the process asks for",
    "unpaid_hours": "unpaid work",
    "pause_days": "the pauses between stages",
    "stress": "the strain of the process",
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
        return f"a base salary of {amount}, where I need at least {b.limit}"
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


#: An interview as a message names it: by its format, never by the stage name you gave it.
MEETINGS = {"video": "video call", "phone": "phone call", "onsite": "meeting at your office"}


def _mismatch(
    facts: DossierFacts, current: OfferVerdict | None, checks: Sequence[RedLineCheck]
) -> list[str]:
    """The conditions that miss, as clauses: the floor, then each red line crossed now."""
    units = dossier_units(facts)
    on_total = facts.compensation.minimum_applies_to == "total"
    reasons: list[str] = []
    if current is not None and current.floor_check == "below" and current.floor is not None:
        value = current.figure if on_total else current.base_figure
        what = "a total" if on_total else "a base salary"
        reasons.append(
            f"{what} of {units.show(value or 0)}, where I need at least {units.show(current.floor)}"
        )
    for check in checks:
        for b in check.breaches:
            if b.kind == "base" and reasons and not on_total:
                continue  # the floor already speaks for the base salary
            reasons.append(_reason(b, check.red_line))
    return reasons


def said_areas(said: str, signs: Sequence[str]) -> list[str]:
    """The areas what was said is about, from its words, else from its signs."""

    def words(text: str) -> str:
        return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()) + " "

    text = words(said)
    found = [area for area, hints in AREA_WORDS.items() if any(words(w) in text for w in hints)]
    return found or [SIGN_AREAS[s] for s in signs if s in SIGN_AREAS][:1]


def _red_flags(facts: DossierFacts, checks: Sequence[RedLineCheck]) -> dict[str, object]:
    """What a red-flags message names: the areas of the latest pressure logged and of the
    red lines crossed, each once; and, for the quoting variant only, what was said."""
    flags: dict[str, object] = {}
    areas: list[str] = []
    if facts.pressure:
        event = max(facts.pressure, key=lambda e: e.date)
        areas = said_areas(event.said, event.signs)
        flags = {"flag_date": long_date(event.date), "said": _said(event.said)}
    if any(b.kind == "hours" for c in checks for b in c.breaches):
        areas.append("overtime")
    if facts.pressure or areas:
        flags["areas"] = and_list(list(dict.fromkeys(areas)) or ["the way we would work together"])
    return flags


def mismatch_areas(
    facts: DossierFacts,
    current: OfferVerdict | None,
    checks: Sequence[RedLineCheck],
    today: dt.date,
) -> list[str]:
    """What misses, as areas named once each (never a figure or your floor): pay below
    the floor, each red line crossed, each part of the negotiation budget spent."""
    areas: list[str] = []
    if current is not None and current.verdict == "below-floor":
        areas.append("pay")
    areas += [BREACH_AREAS.get(b.kind, "the terms") for c in checks for b in c.breaches]
    areas += [BUDGET_AREAS[u.key] for u in budget(facts, today) if u.over and u.key in BUDGET_AREAS]
    return list(dict.fromkeys(areas))


def pressure_steps(
    facts: DossierFacts,
    current: OfferVerdict | None,
    steps: Sequence[dict[str, object]],
    today: dt.date,
) -> list[dict[str, object]]:
    """The five steps of the answer to pressure, worded for the pressure logged.

    A step may hold `by_sign:` phrases for the latest pressure's first sign. Step 4
    (state your position) names a date, so it is kept only while an offer waits for
    your answer; the date is the one you ask for, never their deadline.
    """
    event = max(facts.pressure, key=lambda e: e.date) if facts.pressure else None
    signs = list(event.signs) if event else []
    waiting = current is not None and facts.status.live and facts.outcome is None
    answer = long_date(answer_date(current, today))
    found = []
    for number, step in enumerate(steps, 1):
        if step.get("needs_offer") and not waiting:
            continue
        by_sign = step.get("by_sign") or {}
        assert isinstance(by_sign, dict)
        phrase = next((by_sign[s] for s in signs if s in by_sign), step["phrase"])
        phrase = str(phrase).replace("{answer_by}", answer)
        found.append({**step, "number": number, "phrase": phrase})
    return found


#: Each part of pay as a counter-proposal asks for it.
ASK_WORDS = {
    "base": "a base salary",
    "bonus": "a bonus",
    "equity": "equity",
    "total": "a total package",
}


def _offered(facts: DossierFacts, current: OfferVerdict) -> str:
    """What the offer holds, each part with its units: "a base salary of 95,000 EUR a year
    and a sign-on bonus of 10,000 EUR"."""
    o, cur = current.offer, current.currency
    own = Units(
        cur,
        o.period or facts.compensation.period,
        o.payments_per_year or facts.compensation.payments_per_year,
    )
    loose = Units(cur, own.period)
    parts = [f"a base salary of {own.show(current.amounts.base)}"]
    if o.bonus:
        parts.append(f"a bonus of {loose.show(current.amounts.bonus)}")
    if o.sign_on:
        parts.append(f"a sign-on bonus of {money(o.sign_on, cur)}")
    if o.equity_total:
        parts.append(f"equity of {money(o.equity_total, cur)} over {o.vesting_years:g} years")
    return and_list(parts)


def money_messages(
    facts: DossierFacts,
    current: OfferVerdict,
    add: Callable[..., None],
    left_out: list[tuple[str, str]],
) -> None:
    """The counter-proposal between floor and target, the renegotiation below the floor.

    The counter asks only where the offer falls short, part by part, and never for less
    than the offer holds; the renegotiation asks to close the gap without naming the floor.
    """
    units = dossier_units(facts)
    if current.floor_check == "withheld":
        left_out.append((
            "Counter-proposal and renegotiation",
            f"Not in this copy: which one fits depends on the floor, and {FLOOR_WITHHELD}.",
        ))  # fmt: skip
        return
    asks = []
    for part, _, want in current.gaps:
        if part == "total" and len(current.gaps) > 1:
            continue  # the parts say where the gap is
        shown = units.show(want) if part == "base" else f"{money(want, units.currency)} a year"
        asks.append(f"{ASK_WORDS[part]} of {shown}")
    offered = _offered(facts, current)
    if current.verdict == "below-target" and asks:
        add("counter", "Counter-proposal", "Between your floor and your target: negotiate.",
            offered=offered, asks=and_list(asks))  # fmt: skip
    elif current.verdict == "below-floor":
        base_ask = next((want for part, _, want in current.gaps if part == "base"), None)
        add("renegotiate", "Renegotiate: below your floor",
            "When the offer is below your floor but you would rather close the gap than "
            "walk away. It asks for your target and keeps your floor to yourself.",
            offered=offered, ask=units.show(base_ask) if base_ask is not None else None)  # fmt: skip
        left_out.append((
            "Counter-proposal",
            f"Not offered: the base of {current.name} is below your floor; renegotiate or decline.",
        ))  # fmt: skip
    else:
        left_out.append(("Counter-proposal", f"Not needed: {current.name} is {current.zone}."))


def messages(
    facts: DossierFacts,
    current: OfferVerdict | None,
    checks: Sequence[RedLineCheck],
    today: dt.date,
    signature: str | None,
    next_interview: object | None,
) -> tuple[tuple[Message, ...], tuple[tuple[str, str], ...]]:
    """The messages that fit this stage, and the ones left out with why."""
    base = _facts_for_messages(facts, current, today, signature)
    reasons = _mismatch(facts, current, checks)
    areas = mismatch_areas(facts, current, checks, today)
    flags = _red_flags(facts, checks)

    found: list[Message] = []
    left_out: list[tuple[str, str]] = []

    def add(name: str, title: str, when: str, **values: object) -> None:
        found.append(Message(name, title, when, {**base, **values}))

    status = facts.status
    if not status.live:
        _closing_message(facts, current, add, left_out, reasons, areas, flags)
        return tuple(found), tuple(left_out)

    if current is not None:
        add("pause", "Ask for time", "When you need a few days to weigh the offer.")
        money_messages(facts, current, add, left_out)
        add("decline-honest", "Decline: honest, without detail", "For reasons mostly your own.")
        if current.floor_check == "withheld" and not areas:
            left_out.append((
                "Decline: the conditions do not match",
                f"Not in this copy: whether it fits depends on the floor, and {FLOOR_WITHHELD}.",
            ))  # fmt: skip
        elif areas:
            add("decline-mismatch", "Decline: the conditions do not match",
                "When the offer misses your floor, crosses a red line or the process has "
                "spent your negotiation budget.",
                reasons=and_list(reasons), areas=and_list(areas))  # fmt: skip
        else:
            left_out.append((
                "Decline: the conditions do not match",
                f"Not offered: {current.name} is not below your floor and crosses none of your "
                "checkable red lines, and your negotiation budget is not spent. Between floor "
                "and target you negotiate.",
            ))  # fmt: skip
    elif status is not Status.researching:
        add("withdraw", "Withdraw from the process", "Before an offer, when you decide to stop.")
        if areas:
            add("decline-mismatch", "Withdraw: the conditions do not match",
                "When the role as described crosses a red line or the process has spent "
                "your negotiation budget.",
                reasons=and_list(reasons), areas=and_list(areas))  # fmt: skip
        left_out.append(("Ask for time, counter, decline", "No offer yet: these come with one."))
    else:
        left_out.append(("Withdraw and decline", "Nothing to withdraw yet: you have not applied."))
    if flags:
        title = "Decline: red flags" if current else "Withdraw: red flags"
        add("decline-red-flags", title, "When what you saw does not fit how you want to work.",
            **flags)  # fmt: skip
        if "said" in flags:
            add("decline-red-flags-quoted", title + ", quoting what was said",
                "Only if you choose to cite it: it repeats their words, with the date, to "
                "the person who said them. The message above names the area alone.",
                **flags)  # fmt: skip
    else:
        left_out.append(("Red flags", "Not offered: no pressure logged, no hours limit crossed."))
    if next_interview is not None:
        when: dt.datetime = next_interview.when  # type: ignore[attr-defined]
        kind: str | None = next_interview.format  # type: ignore[attr-defined]
        add("reschedule", "Reschedule an interview", "When the state check says not today.",
            interview=MEETINGS.get(kind or "", "interview"),
            interview_date=long_date(when.date()))  # fmt: skip
    else:
        left_out.append(("Reschedule an interview", "No upcoming interview."))
    return tuple(found), tuple(left_out)


def _facts_for_messages(
    facts: DossierFacts, current: OfferVerdict | None, today: dt.date, signature: str | None
) -> dict[str, object]:
    """What every message may say: facts meant for the company, never your notes."""
    offer = current.offer if current is not None else None
    answer_by = answer_date(current, today)
    deadline = offer.deadline if offer is not None else None
    live = facts.status.live and facts.outcome is None
    base: dict[str, object] = {
        "company": facts.company,
        "role": facts.role,
        "contact": _contact(facts),
        "signature": signature,
        "offer": offer_name(facts, offer) if offer is not None else None,
        # The date you ask for; their deadline is named as theirs, never as the time you need.
        "reply_by": long_date(answer_by),
        "their_deadline": long_date(deadline) if deadline is not None else None,
        "deadline_given": deadline is not None and answer_by <= deadline,
        # A live offer whose deadline passed unanswered: every message says so first.
        "deadline_missed": live and deadline is not None and deadline < today,
        # Whether you have met them yet: a message should not thank them for talks that never were.
        "met": any(i.when.date() < today for i in facts.interviews)
        or bool(facts.pressure)
        or any(s.stage and s.date <= today for s in facts.stage_log),
    }
    return base


def _closing_message(
    facts: DossierFacts,
    current: OfferVerdict | None,
    add: Callable[..., None],
    left_out: list[tuple[str, str]],
    reasons: list[str],
    areas: list[str],
    flags: dict[str, object],
) -> None:
    """A closed process keeps only the message that closed it, if it fits what you chose."""
    status = facts.status
    style = facts.outcome.decline_style if facts.outcome else None
    closed = f"This process is {status.value}: only the message that closed it is kept."
    if status is Status.declined and current is not None:
        if style == "mismatch" and areas:
            add("decline-mismatch", "Decline: the conditions do not match", closed,
                reasons=and_list(reasons), areas=and_list(areas))  # fmt: skip
            return
        if style == "red-flags" and flags:
            add("decline-red-flags", "Decline: red flags", closed, **flags)
            return
        if style == "honest":
            add("decline-honest", "Decline: honest, without detail", closed)
            return
    elif status is Status.withdrawn and current is None:
        add("withdraw", "Withdraw from the process", closed)
        return
    left_out.append(("Scripts", f"This process is {status.value}."))

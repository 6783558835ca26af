"""The analysis on its own: exact figures and invariants, no MkDocs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_dossier.analyse.analysis import analyse, analyse_all
from interview_dossier.analyse.batna import BATNA_SHOWN
from interview_dossier.analyse.messages import reply_by
from interview_dossier.analyse.money import per_year
from interview_dossier.analyse.verdicts import offer_verdict
from interview_dossier.analyse.zopa import zopa
from interview_dossier.model import Dossier, DossierFacts, Period

TODAY = dt.date(2026, 11, 25)


def dossier(slug: str, **facts: object) -> Dossier:
    data = {"company": slug.title(), "role": "Engineer", **facts}
    return Dossier(slug=slug, path=f"dossiers/{slug}", facts=DossierFacts.model_validate(data))


def test_batna_lists_a_bounded_number_of_other_live_opportunities() -> None:
    many = [dossier(f"co{i:02d}", status="interviewing") for i in range(BATNA_SHOWN + 3)]
    many.append(dossier("closed", status="declined"))
    many.append(dossier("hot", status="offer"))
    results = {a.dossier.slug: a.batna for a in analyse_all(many, TODAY)}
    first = results["co00"]
    assert len(first.live) == BATNA_SHOWN
    assert first.live[0].slug == "hot"  # an offer is the strongest alternative, listed first
    assert "co00" not in [d.slug for d in first.live]
    assert first.more == (BATNA_SHOWN + 3 + 1 - 1) - BATNA_SHOWN
    # "hot" is at the offer stage but has no offer written down: nothing to judge, so
    # it is a live process, not a strong alternative.
    assert first.strength == "medium"
    assert results["hot"].strength == "medium"
    assert "closed" not in [d.slug for b in results.values() for d in b.live]


def test_lonely_dossier_has_a_weak_batna() -> None:
    (only,) = analyse_all([dossier("solo", status="applied")], TODAY)
    assert only.batna.strength == "weak" and only.batna.live == () and only.batna.more == 0


amounts = st.integers(min_value=1, max_value=500_000)


@settings(max_examples=200, deadline=None)
@given(base=amounts, floor=amounts, target=amounts)
def test_offer_verdict_follows_floor_and_target(base: int, floor: int, target: int) -> None:
    d = dossier(
        "x",
        compensation={"minimum": floor, "desired": {"base": target}},
        offers=[{"date": "2026-11-01", "base": base}],
    )
    verdict = offer_verdict(d.facts, d.facts.offers[0])
    if base < floor:
        assert verdict.verdict == "below-floor"
    elif base < target:
        assert verdict.verdict == "below-target"
    else:
        assert verdict.verdict == "meets-target"
    assert verdict.base == base


@settings(max_examples=100, deadline=None)
@given(
    funded=st.lists(st.sampled_from(["business", "markets", "clients", "news"]), unique=True),
    gaps=st.lists(st.booleans(), max_size=5),
    used=st.integers(min_value=0, max_value=40),
    limit=st.integers(min_value=0, max_value=40),
)
def test_progress_and_budget_invariants(
    funded: list[str], gaps: list[bool], used: int, limit: int
) -> None:
    d = dossier(
        "y",
        homework={
            "company": {k: "known" for k in funded},
            "skills": {
                "gaps": [
                    {"gap": f"g{i}", "cover": "plan" if c else None} for i, c in enumerate(gaps)
                ]
            },
        },
        budget={"unpaid_hours": limit},
        stage_log=[{"date": "2026-11-01", "what": "Take-home", "unpaid_hours": used}],
    )
    a = analyse(d, [d], TODAY)
    assert 0 <= a.homework.percent <= 100
    assert a.homework.done <= a.homework.total
    company = next(area for area in a.homework.areas if area.key == "company")
    assert company.done == len(funded)
    assert len(a.homework.gaps) == gaps.count(False)
    unpaid = next(u for u in a.budget if u.key == "unpaid_hours")
    assert unpaid.used == used and unpaid.over == (used > limit)


def test_fit_review_names_weak_and_missing_dimensions() -> None:
    partial = analyse(dossier("p", fit={"tasks": {"score": 4}, "money": {"score": 2}}), [], TODAY)
    assert (
        partial.fit.verdict
        == "Not reviewed yet: boundaries and work format, values and communication."
    )
    full = {k: {"score": 4} for k in ("tasks", "money", "boundaries", "values")}
    full["money"] = {"score": 2, "note": "Below market"}
    weak = analyse(dossier("w", fit=full), [], TODAY)
    assert weak.fit.verdict == "No healthy zone of agreement yet on money and responsibilities."
    assert weak.fit.weakest is not None and weak.fit.weakest.key == "money"
    full["money"] = {"score": 3}
    assert analyse(dossier("h", fit=full), [], TODAY).fit.verdict.startswith("A zone of agreement")


def test_next_interview_and_deadlines_are_relative_to_today() -> None:
    d = dossier(
        "t",
        status="offer",
        interviews=[
            {"when": "2026-11-20T10:00:00+01:00"},
            {"when": "2026-12-02T10:00:00+01:00", "stage": "Final"},
            {"when": "2026-11-28T10:00:00+01:00", "stage": "Tech"},
        ],
        commitments=[
            {"what": "Late", "due": "2026-11-24"},
            {"what": "Done", "due": "2026-11-20", "done": True},
            {"what": "Soon", "due": "2026-11-27"},
        ],
        offers=[{"date": "2026-11-21", "base": 1, "deadline": "2026-11-26", "label": "Offer A"}],
    )
    a = analyse(d, [d], TODAY)
    assert a.next_interview.stage == "Tech"  # type: ignore[union-attr]
    assert [(x.what, x.overdue, x.soon) for x in a.deadlines] == [
        ("Late", True, False),
        ("Answer Offer A", False, True),
        ("Soon", False, True),
    ]
    assert [x.what for x in a.overdue] == ["Late"]


def test_a_large_offer_comparison_keeps_the_best_and_counts_the_rest() -> None:
    from interview_dossier.analyse.comparison import compare_offers

    many = [
        dossier(
            f"o{i:02d}", status="offer", offers=[{"date": "2026-11-01", "base": 1000 * (i + 1)}]
        )
        for i in range(60)
    ]
    full = compare_offers(analyse_all(many, TODAY), None)
    top = full.top(50)
    assert (len(top.compared), top.hidden, top.count) == (50, 10, 60)
    assert top.compared[0].totals.slug == "o59"  # the highest annualised total first
    assert full.top(100) is full
    mixed = compare_offers(
        analyse_all(
            [
                dossier(
                    f"m{i:02d}",
                    status="offer",
                    offers=[{"date": "2026-11-01", "base": 1, "currency": cur}],
                )
                for i, cur in enumerate(["USD", "EUR"] * 40)
            ],
            TODAY,
        ),
        None,
    )
    assert len(mixed.compared) == 0 and len(mixed.not_compared) == 80
    capped = mixed.top(50)
    assert (len(capped.not_compared), capped.hidden, capped.count) == (50, 30, 80)


# ---------------------------------------------------------------- offers in time


dates = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(dates, st.booleans()), min_size=1, max_size=6))
def test_current_offer_is_the_latest_not_withdrawn(offers: list[tuple[dt.date, bool]]) -> None:
    d = dossier(
        "t",
        offers=[
            {"label": f"Offer {i}", "date": day.isoformat(), "base": 1000 + i, "withdrawn": gone}
            for i, (day, gone) in enumerate(offers)
        ],
    )
    a = analyse(d, [d], TODAY)
    standing = [(day, i) for i, (day, gone) in enumerate(offers) if not gone]
    if not standing:
        assert a.current_offer is None
    else:
        _, index = max(standing)  # the latest date; on a tie, the later in the list
        assert a.current_offer is not None and a.current_offer.label == f"Offer {index}"
    assert len(a.offer_history) == len(offers) - (1 if standing else 0)
    assert all(not v.current for v in a.offer_history)
    assert {v.state for v in a.offer_history} <= {"earlier", "withdrawn"}


def test_red_lines_judge_the_current_offer_and_keep_the_first_as_history() -> None:
    d = dossier(
        "lumen",
        red_lines=[{"rule": "Base pay at least 80,000 EUR", "min_base": 80000}],
        offers=[
            {"label": "First offer", "date": "2026-11-20", "base": 78000},
            {"label": "Revised offer", "date": "2026-11-24", "base": 82000},
        ],
    )
    (check,) = analyse(d, [d], TODAY).red_lines
    assert check.status == "holds"
    assert check.summary == "holds for the revised offer"
    assert check.history == (
        "the first offer breached it: base 78,000 EUR a year, your limit is 80,000 EUR a year",
    )


def test_a_withdrawn_offer_is_history_and_the_earlier_one_is_current_again() -> None:
    d = dossier(
        "w",
        red_lines=[{"rule": "Base pay at least 80,000 EUR", "min_base": 80000}],
        offers=[
            {"label": "First offer", "date": "2026-11-20", "base": 78000},
            {"label": "Better offer", "date": "2026-11-24", "base": 90000, "withdrawn": True},
        ],
    )
    a = analyse(d, [d], TODAY)
    assert a.current_offer is not None and a.current_offer.label == "First offer"
    assert a.red_lines[0].status == "breached"
    assert [v.state for v in a.offer_history] == ["withdrawn"]


@pytest.mark.parametrize(
    ("base", "zone", "words"),
    [
        (80000, "below-floor", "is below your floor of 85,000 EUR a year: decline or renegotiate."),
        (
            88000,
            "below-target",
            "between your floor of 85,000 EUR a year and your target of 95,000 EUR a year: negotiate",
        ),
        (95000, "meets-target", "meets your target of 95,000 EUR a year."),
        (99000, "meets-target", "is above your target of 95,000 EUR a year."),
    ],
)
def test_verdict_wording_separates_the_three_zones(base: int, zone: str, words: str) -> None:
    d = dossier(
        "z",
        compensation={"minimum": 85000, "desired": {"base": 95000}},
        offers=[{"date": "2026-11-01", "base": base}],
    )
    v = offer_verdict(d.facts, d.facts.offers[0])
    assert v.verdict == zone and v.measure == "base"
    assert words in v.summary and v.summary.startswith(f"Base {base:,} EUR")


def test_verdict_weighs_the_annualised_total_and_says_so() -> None:
    d = dossier(
        "t",
        compensation={"minimum": 85000, "desired": {"base": 90000, "bonus": 5000}},
        offers=[
            {"date": "2026-11-24", "base": 86000, "bonus": 2000, "sign_on": 5000,
             "equity_total": 20000, "vesting_years": 4}
        ],
    )  # fmt: skip
    v = offer_verdict(d.facts, d.facts.offers[0])
    # 86,000 + 2,000 + (5,000 + 20,000) / 4 = 94,250; the target counts base and bonus: 95,000.
    assert v.measure == "annualised total" and v.figure == 94250
    assert v.verdict == "below-target" and v.floor_check == "meets"
    assert v.summary.startswith(
        "Base 86,000 EUR a year is at or above your floor of 85,000 EUR a year. "
        "Annualised total 94,250 EUR a year is 750 EUR a year short of your target of "
        "95,000 EUR a year: negotiate."
    )
    assert "First-year total: 98,000 EUR a year." in v.summary


# ---------------------------------------------------------------- money


@settings(max_examples=100, deadline=None)
@given(monthly=st.integers(min_value=1, max_value=50_000), payments=st.sampled_from([12, 13, 14]))
def test_monthly_pay_is_annualised_with_its_payments(monthly: int, payments: int) -> None:
    d = dossier(
        "m",
        compensation={"period": "month", "payments_per_year": payments},
        offers=[{"date": "2026-11-01", "base": monthly}],
    )
    v = offer_verdict(d.facts, d.facts.offers[0])
    assert v.base == monthly * payments
    assert per_year(monthly, Period.month, payments) == monthly * payments
    assert per_year(monthly, Period.year, payments) == monthly  # a yearly amount stays


def test_a_lisbon_offer_in_14_payments() -> None:
    d = dossier(
        "lisbon",
        compensation={"period": "month", "payments_per_year": 14, "minimum": 4000},
        offers=[{"date": "2026-11-01", "base": 3900}],
    )
    v = offer_verdict(d.facts, d.facts.offers[0])
    assert v.base == 54600
    assert (
        "Base 54,600 EUR a year (14 × 3,900) is below your floor of 56,000 EUR a year (14 × 4,000)"
        in v.summary
    )
    # The offer may say its own payments; it wins over the dossier's.
    d = dossier(
        "lisbon13",
        compensation={"period": "month", "payments_per_year": 14},
        offers=[{"date": "2026-11-01", "base": 3900, "payments_per_year": 13}],
    )
    assert offer_verdict(d.facts, d.facts.offers[0]).base == 50700


class Rates:
    base = "EUR"

    def __init__(self, rates: dict[str, float]) -> None:
        self.rates = rates

    def rate(self, currency: str) -> float | None:
        return 1.0 if currency == self.base else self.rates.get(currency)


def test_an_offer_in_another_currency_is_converted_with_the_rates() -> None:
    d = dossier(
        "us",
        compensation={"currency": "EUR", "minimum": 100000},
        offers=[{"date": "2026-11-01", "currency": "USD", "base": 118000}],
    )
    v = offer_verdict(d.facts, d.facts.offers[0], rates=Rates({"USD": 0.92}))
    assert v.comparable and v.figure == pytest.approx(108560)
    assert v.verdict == "meets-target"
    assert "108,560 EUR a year (from 118,000 USD)" in v.summary


@settings(max_examples=100, deadline=None)
@given(base=amounts, rate=st.floats(min_value=0.01, max_value=100, allow_nan=False))
def test_conversion_is_proportional_and_never_mixes(base: int, rate: float) -> None:
    d = dossier(
        "x",
        compensation={"currency": "EUR"},
        offers=[{"date": "2026-11-01", "currency": "GBP", "base": base}],
    )
    v = offer_verdict(d.facts, d.facts.offers[0], rates=Rates({"GBP": rate}))
    assert v.figure == pytest.approx(base * rate)
    # Without a rate the offer is not judged: no figure, no verdict in EUR.
    for rates in (None, Rates({})):
        v = offer_verdict(d.facts, d.facts.offers[0], rates=rates)
        assert not v.comparable and v.figure is None and v.verdict == "other-currency"
        assert "GBP" in v.summary and "_rates.yml" in v.summary


def test_the_dashboard_figure_is_in_one_currency_or_says_why_not() -> None:
    eur = dossier("eur", status="offer", offers=[{"date": "2026-11-01", "base": 90000}])
    usd = dossier(
        "usd", status="offer", offers=[{"date": "2026-11-01", "currency": "USD", "base": 100000}]
    )
    mixed = {a.dossier.slug: a for a in analyse_all([eur, usd], TODAY)}
    assert all(a.offer_figure is None for a in mixed.values())
    assert "several currencies" in mixed["eur"].offer_figure_missing
    converted = {
        a.dossier.slug: a for a in analyse_all([eur, usd], TODAY, rates=Rates({"USD": 0.9}))
    }
    assert converted["eur"].offer_figure == 90000 and converted["usd"].offer_figure == 90000
    missing = {a.dossier.slug: a for a in analyse_all([eur, usd], TODAY, rates=Rates({}))}
    assert missing["usd"].offer_figure is None
    assert missing["usd"].offer_figure_missing == "no rate for USD in `_rates.yml`"


# ---------------------------------------------------------------- ZOPA


@settings(max_examples=200, deadline=None)
@given(floor=amounts, low=amounts, span=st.integers(min_value=0, max_value=100_000))
def test_zopa_is_the_overlap_of_your_floor_and_their_range(floor: int, low: int, span: int) -> None:
    high = low + span
    d = dossier("z", compensation={"minimum": floor, "company_range": {"low": low, "high": high}})
    z = zopa(d.facts)
    if high < floor:
        assert z.exists is False and z.low is None
        assert (
            f"their top, {high:,} EUR a year, is below your floor, {floor:,} EUR a year"
            in z.statement
        )
    else:
        assert z.exists is True
        assert (z.low, z.high) == (max(floor, low), high)


def test_zopa_from_offers_when_there_is_no_range_and_unknown_without_a_floor() -> None:
    d = dossier(
        "o",
        compensation={"minimum": 85000},
        offers=[{"date": "2026-11-01", "base": 75000}],
    )
    z = analyse(d, [d], TODAY).zopa
    assert z.their_side == "their offers" and z.exists is False
    assert (
        "their best offer so far, 75,000 EUR a year, is below your floor, 85,000 EUR a year"
        in z.statement
    )
    assert (
        zopa(dossier("n", compensation={"company_range": {"low": 1, "high": 2}}).facts).exists
        is None
    )


def test_an_offer_is_not_their_bottom_the_zone_runs_from_your_floor_to_their_best() -> None:
    d = dossier(
        "b",
        compensation={"minimum": 120000, "desired": {"base": 140000}},
        offers=[
            {"date": "2026-10-01", "base": 150000, "withdrawn": True},
            {"date": "2026-11-01", "base": 125000},
            {"date": "2026-11-10", "base": 131000},
        ],
    )
    z = analyse(d, [d], TODAY).zopa
    assert (z.low, z.high, z.their_low, z.their_high) == (120000, 131000, None, 131000)
    assert z.statement.startswith(
        "Zone of possible agreement: 120,000 to 131,000 EUR a year, "
        "from your floor to their best offer so far."
    )


# ---------------------------------------------------------------- BATNA


def _other(slug: str, base: int, **extra: object) -> Dossier:
    return dossier(
        slug,
        status="offer",
        compensation={"minimum": 85000},
        offers=[{"label": "Offer", "date": "2026-11-20", "base": base, **extra}],
    )


def test_a_live_offer_above_its_floor_makes_a_strong_batna_and_is_named() -> None:
    me = dossier("me", status="interviewing")
    (a, _) = analyse_all([me, _other("good", 90000)], TODAY)
    assert a.batna.strength == "strong"
    assert a.batna.reason.startswith("Good's offer is at or above your floor there")


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (_other("low", 80000), "Low's offer has a base below your floor there"),
        (
            dossier(
                "far", status="offer", compensation={"minimum": 85000},
                red_lines=[{"rule": "Two office days", "max_office_days": 2}],
                offers=[{"label": "Offer", "date": "2026-11-20", "base": 90000, "office_days": 5}],
            ),
            "Far's offer breaches a red line",
        ),
    ],
)  # fmt: skip
def test_an_offer_below_floor_or_across_a_red_line_is_not_strong(other: Dossier, why: str) -> None:
    me = dossier("me", status="interviewing")
    (a, _) = analyse_all([me, other], TODAY)
    assert a.batna.strength == "medium"  # one other live process, nothing you would take
    assert a.batna.reason.startswith("1 other process is live; no offer you would take yet.")
    assert f"Not counted: {why}." in a.batna.reason


def test_a_weak_alternative_does_not_lift_the_batna() -> None:
    me = dossier("me", status="interviewing", batna=[{"what": "Freelance", "strength": "weak"}])
    (a,) = analyse_all([me], TODAY)
    assert a.batna.strength == "weak"
    assert "\u201cFreelance\u201d is rated weak" in a.batna.reason
    rated = dossier("me", batna=[{"what": "My contract", "kind": "contract", "strength": "strong"}])
    (b,) = analyse_all([rated], TODAY)
    assert b.batna.strength == "strong" and "\u201cMy contract\u201d" in b.batna.reason


# ---------------------------------------------------------------- budget


def test_budget_checks_effort_and_pauses_and_stops_when_the_process_closes() -> None:
    log = [
        {"date": "2026-09-01", "what": "Screen", "hours": 1},
        {"date": "2026-10-01", "what": "Onsite", "hours": 6},
    ]
    budget_ = {"effort_hours": 5, "pause_days": 21, "weeks": 6}
    live = analyse(dossier("l", status="interviewing", stage_log=log, budget=budget_), [], TODAY)
    uses = {u.key: u for u in live.budget}
    assert uses["effort_hours"].used == 7 and uses["effort_hours"].over
    # 30 days from screen to onsite, and 55 days of silence since, while still live.
    assert [(p.days, p.before) for p in live.long_pauses] == [(30, "Onsite"), (55, None)]
    assert uses["pause_days"].used == 55
    closed = analyse(
        dossier(
            "c", status="declined", stage_log=log, budget=budget_,
            outcome={"decision": "declined", "date": "2026-10-08"},
        ),
        [], TODAY,
    )  # fmt: skip
    uses = {u.key: u for u in closed.budget}
    assert uses["weeks"].used == 5.3  # 1 Sep to 8 Oct, not to today
    assert [p.days for p in closed.long_pauses] == [30]


# ---------------------------------------------------------------- scripts


@settings(max_examples=100, deadline=None)
@given(today=dates)
def test_reply_by_is_a_working_day_after_tomorrow(today: dt.date) -> None:
    day = reply_by(today)
    assert day.weekday() < 5
    assert day > today + dt.timedelta(days=1)
    assert all((today + dt.timedelta(days=n)).weekday() >= 5 for n in range(2, (day - today).days))


@pytest.mark.parametrize("status", ["researching", "applied", "interviewing", "offer"])
def test_no_offer_no_thanks_for_one(status: str) -> None:
    d = dossier(status, status=status, interviews=[{"when": "2026-12-01T10:00:00+01:00"}])
    names = {s.name for s in analyse(d, [d], TODAY).messages}
    assert not names & {"pause", "counter", "decline-honest"}
    assert ("withdraw" in names) == (status in {"applied", "interviewing", "offer"})


def test_scripts_follow_the_current_offer_zone() -> None:
    def names(base: int) -> set[str]:
        d = dossier(
            "s",
            status="offer",
            compensation={"minimum": 85000, "desired": {"base": 95000}},
            offers=[{"date": "2026-11-20", "base": base, "deadline": "2026-12-04"}],
        )
        a = analyse(d, [d], TODAY)
        assert a.answer_by == dt.date(2026, 12, 7)  # the working day after their deadline
        return {s.name for s in a.messages}

    # Below the floor: decline, or renegotiate without naming the floor.
    assert names(80000) == {"pause", "decline-honest", "decline-mismatch", "renegotiate"}
    assert names(90000) == {"pause", "counter", "decline-honest"}  # negotiate, not decline
    assert names(99000) == {"pause", "decline-honest"}

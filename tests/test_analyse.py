"""The analysis on its own: exact figures and invariants, no MkDocs."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from interview_dossier.analyse import BATNA_SHOWN, analyse, analyse_all, offer_verdict
from interview_dossier.model import Dossier, DossierFacts

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
    from interview_dossier.comparison import compare_offers

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

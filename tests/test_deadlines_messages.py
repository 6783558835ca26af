"""Deadlines you cannot miss, and messages you can send as written.

The offer's deadline is its own entry (with the promise to answer it), an expired one
is said by `check` and by every message written after it, the candidate's `reply_by`
is the date the messages ask for, and no note meant for the owner reaches a message.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from helpers import TODAY as CLI_TODAY
from helpers import run, write_tree
from interview_dossier.analyse.analysis import analyse
from interview_dossier.analyse.messages import pressure_steps
from interview_dossier.model import Dossier, DossierFacts
from interview_dossier.render.pages import Renderer
from pydantic import BaseModel

TODAY = dt.date(2026, 11, 25)
REPO = Path(__file__).resolve().parents[1]


def dossier(slug: str, **facts: object) -> Dossier:
    data = {"company": slug.title(), "role": "Engineer", **facts}
    return Dossier(slug=slug, path=f"dossiers/{slug}", facts=DossierFacts.model_validate(data))


def texts(d: Dossier, today: dt.date = TODAY) -> dict[str, str]:
    renderer = Renderer()
    a = analyse(d, [d], today, signature="Robin Okafor")
    return {m.name: str(renderer.message(m.name, m.values).unescape()) for m in a.messages}


ULTIMATUM: dict[str, Any] = {
    "status": "offer",
    "compensation": {"desired": {"base": 120000}, "minimum": 100000},
    "pressure": [
        {
            "date": "2026-11-24",
            "said": "Answer by Friday or it is gone.",
            "signs": ["threat", "rushed"],
        }
    ],
    "commitments": [{"what": "Give them my answer on the offer", "due": "2026-11-30"}],
    "offers": [
        {"date": "2026-11-23", "base": 110000, "deadline": "2026-11-27", "reply_by": "2026-11-30"}
    ],
}


# ---------------------------------------------------------------- deadlines


def test_the_offer_deadline_and_the_promise_to_answer_it_are_one_entry() -> None:
    a = analyse(d := dossier("u", **ULTIMATUM), [d], TODAY)
    (entry,) = a.deadlines
    assert entry.kind == "offer"
    assert entry.date == entry.their_date == dt.date(2026, 11, 27)  # theirs, until changed
    assert entry.asked == entry.promised == dt.date(2026, 11, 30)
    assert a.answer == entry == a.next_deadline


def test_next_deadline_and_overdue_are_apart() -> None:
    d = dossier(
        "o",
        status="offer",
        commitments=[{"what": "Send references", "due": "2026-11-20"}],
        offers=[{"date": "2026-11-21", "base": 1, "deadline": "2026-11-27"}],
    )
    a = analyse(d, [d], TODAY)
    assert a.next_deadline is not None and a.next_deadline.kind == "offer"
    assert [x.what for x in a.overdue] == ["Send references"]


def test_an_expired_deadline_of_a_live_offer_is_overdue_and_said() -> None:
    d = dossier("e", status="offer", offers=[{"date": "2026-11-16", "base": 1,
                                              "deadline": "2026-11-20"}])  # fmt: skip
    a = analyse(d, [d], TODAY)
    assert a.answer is not None and a.answer.overdue
    assert a.overdue == (a.answer,)
    for name, text in texts(d).items():
        if name != "counter":  # the counter-proposal's words belong to the money work
            assert "Friday 20 November, and that date has passed" in text, name


def test_a_closed_process_has_no_offer_deadline() -> None:
    d = dossier("c", status="declined", offers=[{"date": "2026-11-16", "base": 1,
                                                 "deadline": "2026-11-20"}],
                outcome={"decision": "declined"})  # fmt: skip
    assert analyse(d, [d], TODAY).deadlines == ()


def test_check_warns_about_an_expired_offer_deadline(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/acme/dossier.yml": (
                "company: Acme\nrole: Engineer\nstatus: offer\noffers:\n"
                "  - date: 2026-11-16\n    base: 70000\n    deadline: 2026-11-20\n"
            )
        },
    )
    done = run("check", "--today", CLI_TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "warning: offers[0].deadline: the offer is still open" in done.stdout
    assert "2026-11-20" in done.stdout


# ---------------------------------------------------------------- the date you ask for


def test_ask_for_time_proposes_your_date_and_names_theirs_as_theirs() -> None:
    pause = texts(dossier("u", **ULTIMATUM))["pause"]
    assert "Could I have until Monday 30 November" in pause
    assert "Your offer asks for an answer by Friday 27 November." in pause
    assert "as your offer asks" not in pause


def test_without_reply_by_a_working_day_after_their_deadline_is_asked_for() -> None:
    facts = {**ULTIMATUM, "offers": [{"date": "2026-11-23", "base": 110000,
                                      "deadline": "2026-11-27"}]}  # fmt: skip
    pause = texts(dossier("u", **facts))["pause"]
    assert "Could I have until Monday 30 November" in pause  # Friday's next working day


CHECKLIST_STEPS = Renderer().checklists["pressure_steps"]


def test_step_four_names_your_date_and_only_while_an_offer_waits() -> None:
    d = dossier("u", **ULTIMATUM)
    a = analyse(d, [d], TODAY)
    steps = pressure_steps(d.facts, a.current_offer, CHECKLIST_STEPS, TODAY)
    (four,) = [s for s in steps if s["id"] == "state-position"]
    assert "Monday 30 November" in str(four["phrase"])
    assert "Friday 27 November" not in str(four["phrase"])
    for facts in ({"status": "interviewing"}, {**ULTIMATUM, "status": "declined"}):
        d = dossier("n", **facts)
        a = analyse(d, [d], TODAY)
        ids = [s["id"] for s in pressure_steps(d.facts, a.current_offer, CHECKLIST_STEPS, TODAY)]
        assert "state-position" not in ids and len(ids) == 4
        numbers = [s["number"] for s in pressure_steps(d.facts, None, CHECKLIST_STEPS, TODAY)]
        assert numbers == [1, 2, 3, 5]  # the method's numbers, not renumbered


@pytest.mark.parametrize(
    ("sign", "word"),
    [("rushed", "hurrying"), ("threat", "threat"), ("guilt", "guilty"),
     ("vague-authority", "authority")],
)  # fmt: skip
def test_naming_the_pressure_fits_the_sign_logged(sign: str, word: str) -> None:
    d = dossier("p", status="interviewing",
                pressure=[{"date": "2026-11-20", "said": "x", "signs": [sign]}])  # fmt: skip
    steps = pressure_steps(d.facts, None, CHECKLIST_STEPS, TODAY)
    (two,) = [s for s in steps if s["id"] == "name-it"]
    assert word in str(two["phrase"]) and "fear" not in str(two["phrase"])


def test_step_one_keeps_coming_back_to_it_later() -> None:
    assert "come back to this later" in CHECKLIST_STEPS[0]["phrase"]


# ---------------------------------------------------------------- red flags and mismatch


def test_red_flags_names_the_area_without_quote_or_date() -> None:
    d = dossier(
        "r",
        status="offer",
        red_lines=[{"rule": "45 hours", "max_hours_per_week": 45}],
        pressure=[
            {
                "date": "2026-11-12",
                "said": "Late nights are how we win.",
                "signs": ["vague-authority", "guilt"],
            }
        ],
        offers=[{"date": "2026-11-16", "base": 1, "hours_per_week": 55}],
    )
    found = texts(d)
    plain = found["decline-red-flags"]
    assert "expectations about overtime." in plain
    assert "Late nights" not in plain and "12 November" not in plain
    assert plain.count("overtime") == 1  # said once, though both the quote and the red line say it
    assert "Late nights are how we win." in found["decline-red-flags-quoted"]


def test_mismatch_lists_each_area_once_and_never_the_floor() -> None:
    d = dossier(
        "m",
        status="offer",
        compensation={"desired": {"base": 90000}, "minimum": 80000},
        red_lines=[
            {"rule": "Two days", "max_office_days": 2},
            {"rule": "Forty hours", "max_hours_per_week": 40},
        ],
        offers=[{"date": "2026-11-16", "base": 70000, "office_days": 5, "hours_per_week": 45}],
    )
    text = texts(d)["decline-mismatch"]
    assert "when it comes to pay, office presence and overtime." in text
    assert "80,000" not in text and "70,000" not in text
    assert "not be good for either of us" in text


def test_a_spent_budget_leads_to_the_mismatch_decline() -> None:
    d = dossier(
        "b",
        status="offer",
        budget={"stages": 2},
        stage_log=[{"date": f"2026-11-{n:02d}", "what": "Round"} for n in (2, 9, 16)],
        offers=[{"date": "2026-11-20", "base": 1}],
    )
    assert "when it comes to the number of stages." in texts(d)["decline-mismatch"]


# ---------------------------------------------------------------- facts, never notes

#: Text fields whose words are facts meant for the company, and may reach a message.
FACTS_FOR_THE_COMPANY = {
    "company", "role", "level", "people[].name", "pressure[].said", "offers[].level",
}  # fmt: skip
#: Text fields that are not free text: field paths and time zone names.
NOT_FREE_TEXT = {"private", "public", "interviews[].timezone"}
MARK = "QZXMARK"


def _text_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, bool]]:
    """(path, is a list of text) of every free-text field of a model, recursively."""
    found = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        inner = _optional(field.annotation)
        if typing.get_origin(inner) is list:
            item = _optional(typing.get_args(inner)[0])
            if isinstance(item, type) and issubclass(item, BaseModel):
                found += _text_fields(item, f"{path}[].")
            elif _is_text(item):
                found.append((path, True))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            found += _text_fields(inner, f"{path}.")
        elif _is_text(inner) and "pattern" not in repr(field.metadata):
            found.append((path, False))
    return found


def _optional(tp: Any) -> Any:
    """`X | None` -> X."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(tp) if a is not type(None))
    return tp


def _is_text(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        return typing.get_args(tp)[0] is str and "pattern" not in repr(tp)
    return tp is str


def _mark(data: dict[str, Any], path: str, as_list: bool, n: int) -> None:
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        for entry in data.get(head[:-2], []):
            _mark(entry, rest, as_list, n)
    elif rest:
        if head == "outcome" and head not in data:
            return  # an outcome holds a decision; only the closed stages have one
        _mark(data.setdefault(head, {}), rest, as_list, n)
    else:
        data[head] = [f"{MARK}{n}"] if as_list else f"{MARK}{n} words"


def _full(status: str, **more: Any) -> dict[str, Any]:
    when = "2026-12-01T10:00:00+01:00"
    return {
        "company": "Acme",
        "role": "Engineer",
        "status": status,
        "interviews": [
            {"when": when, "format": "video", "people": ["Dana Lee"]},
            {"when": "2026-11-20T10:00:00+01:00"},
        ],
        "people": [
            {
                "name": "Dana Lee",
                "role": "Recruiter",
                "links": [{"title": "t", "url": "https://example.org"}],
                "interests": ["x"],
            }
        ],
        "compensation": {
            "desired": {"base": 90000},
            "minimum": 80000,
            "market": [{"source": "s", "low": 1, "high": 2}],
        },
        "red_lines": [{"rule": "r", "max_hours_per_week": 40, "min_level": "Senior"}],
        "budget": {"stages": 1},
        "stage_log": [{"date": "2026-11-02", "what": "w"}, {"date": "2026-11-09", "what": "w"}],
        "objections": [{"objection": "o", "answer": "a"}],
        "batna": [{"what": "w"}],
        "pressure": [
            {"date": "2026-11-20", "said": "Late nights, answer today.", "signs": ["rushed"]}
        ],
        "commitments": [{"what": "Answer the offer", "due": "2026-11-30", "to": "Dana Lee"}],
        "feedback": [{"date": "2026-11-10"}],
        "links": [{"title": "t", "url": "https://example.org"}],
        "homework": {"skills": {"gaps": [{"gap": "g"}]}},
        **more,
    }


OFFERS = [
    {"label": "l1", "date": "2026-11-10", "base": 85000, "hours_per_week": 50, "level": "Mid"},
    {"label": "l2", "date": "2026-11-20", "base": 85000, "deadline": "2026-11-24",
     "reply_by": "2026-11-30", "level": "Mid"},
]  # fmt: skip

STAGES = [
    _full("interviewing"),
    _full("offer", offers=OFFERS),
    *(
        _full("declined", offers=OFFERS, outcome={"decision": "declined", "decline_style": s})
        for s in ("honest", "mismatch", "red-flags")
    ),
    _full("withdrawn", outcome={"decision": "withdrawn", "reason": "r"}),
]


def test_no_note_for_the_owner_reaches_a_message() -> None:
    fields = [
        (p, lst)
        for p, lst in _text_fields(DossierFacts)
        if p not in FACTS_FOR_THE_COMPANY | NOT_FREE_TEXT
    ]
    # The generated list covers the fields this test was written for, and more.
    names = {p for p, _ in fields}
    assert {"offers[].label", "interviews[].stage", "red_lines[].because",
            "pressure[].response", "commitments[].what", "outcome.reason"} <= names  # fmt: skip
    seen: set[str] = set()
    for data in STAGES:
        for n, (path, as_list) in enumerate(fields):
            _mark(data, path, as_list, n)
        d = Dossier(slug="acme", path="dossiers/acme", facts=DossierFacts.model_validate(data))
        found = texts(d)
        assert found, data["status"]
        seen |= set(found)
        for name, text in found.items():
            assert MARK not in text, (data["status"], name, text)
    assert {"pause", "counter", "decline-honest", "decline-mismatch", "decline-red-flags",
            "decline-red-flags-quoted", "withdraw", "reschedule"} <= seen  # fmt: skip


def test_the_calendar_holds_the_offer_deadline_and_the_promise_as_one_event() -> None:
    from interview_dossier.render.calendars import dossier_events

    d = dossier("u", **ULTIMATUM)
    events = [e.ical("x@y") for e in dossier_events(d, TODAY)]
    assert len(events) == 1, events
    (text,) = events
    assert b"DTSTART;VALUE=DATE:20261127" in text
    assert b"2026-11-30" in text.replace(b"\r\n ", b"")  # the date you ask for, same entry


# ---------------------------------------------------------------- your win against the offer


@pytest.mark.parametrize(
    ("wanted", "offered", "verdict"),
    [("Senior", "Mid-level", "below"), ("Senior", "Staff engineer", "meets"),
     ("Lead", "Senior Lead", "meets"), ("Principal", "Senior II", "below"),
     ("Grade 7", "Grade 6", "differs")],
)  # fmt: skip
def test_the_win_level_is_compared_by_rank_not_title_words(
    wanted: str, offered: str, verdict: str
) -> None:
    d = dossier("w", status="offer", win={"level": wanted, "work_format": "remote"},
                offers=[{"date": "2026-11-20", "base": 1, "level": offered,
                         "work_format": "hybrid"}])  # fmt: skip
    level, fmt = analyse(d, [d], TODAY).win
    assert (level.what, level.verdict) == ("Level", verdict)
    assert (fmt.what, fmt.verdict, fmt.offered) == ("Work format", "below", "hybrid")

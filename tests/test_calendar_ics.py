"""Calendars read back as the facts they were made from.

Each .ics file is parsed with icalendar and compared, event by event, with the
dossier: interviews at their instants with their zones and durations, open
commitments and offer deadlines as all-day events, alarms, texts with TEXT's
special characters and control characters. Run on the shipped examples (also kept
as golden files, regenerated with DOSSIER_UPDATE_GOLDEN=1 and read before a
commit) and on generated dossiers with named zones, bare offsets, the repeated
autumn hour, long and multi-byte texts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from interview_dossier.analyse.deadlines import answer_commitments, offer_entry, open_offer
from interview_dossier.load.loader import load_or_raise
from interview_dossier.model import Dossier, DossierFacts, Interview
from interview_dossier.render.calendars import (
    ALL_CALENDAR,
    ALL_NAME,
    PRODID,
    all_calendar,
    calendar_files,
    dossier_calendar,
)
from pydantic import ValidationError

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 25)
UTC = dt.timezone.utc
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- checks

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
GOLDEN = Path(__file__).parent / "golden" / "calendars"
UPDATE = os.environ.get("DOSSIER_UPDATE_GOLDEN") == "1"


def shown(value: str) -> str:
    """A text as a calendar app reads it back: control characters as visible escapes,
    and a written `\\N` as a line break (as icalendar reads it)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", value).replace("\\N", "\n")


def _instant(interview: Interview) -> dt.datetime:
    when = interview.when
    if interview.timezone and when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(interview.timezone))
    return when


def reads_back_as_the_facts(d: Dossier, today: dt.date) -> None:
    """Parsed by icalendar, the dossier's calendar holds exactly its dated facts."""
    facts = d.facts
    events = Calendar.from_ical(dossier_calendar(d, today)).walk("VEVENT")
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids), "every event has its own UID"
    stamp = dt.datetime.combine(today, dt.time(), UTC)
    assert all(e.decoded("dtstamp") == stamp for e in events)

    timed = [e for e in events if isinstance(e.decoded("dtstart"), dt.datetime)]
    assert len(timed) == len(facts.interviews)
    for interview in facts.interviews:
        # In UTC: Python never calls an ambiguous local time equal to another zone's.
        start = _instant(interview).astimezone(UTC)
        what = f"{interview.stage or 'Interview'} — {facts.company}"
        duration = dt.timedelta(minutes=interview.duration_minutes)
        found = [
            e
            for e in timed
            if e.decoded("dtstart").astimezone(UTC) == start
            and _real_duration(e) == duration
            and str(e["summary"]) == shown(what)
        ]
        assert found, f"no event for {what} at {start}, {duration}"
        event = found[0]
        timed.remove(event)
        assert str(event.get("location", "")) == shown(interview.place or "")
        description = str(event["description"])
        assert shown(f"{facts.company}, {facts.role}") in description
        for person in interview.people:
            assert shown(person) in description
        triggers = sorted(a.decoded("trigger") for a in event.subcomponents)
        assert triggers == [-dt.timedelta(days=1), -dt.timedelta(hours=1)]

    day_events = sorted(
        (str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"))
        for e in events
        if not isinstance(e.decoded("dtstart"), dt.datetime)
    )
    # An offer's deadline and a promise to answer it are one entry (analyse/deadlines.py).
    merged = answer_commitments(facts)
    expected = [
        (shown(f"Due: {c.what} — {facts.company}"), c.due)
        for n, c in enumerate(facts.commitments)
        if not c.done and n not in merged
    ]
    offer = open_offer(facts)
    answer = offer_entry(facts, today, offer.label if offer else None)
    if answer is not None:
        expected.append((shown(f"{answer.what} — {facts.company}"), answer.date))
    assert [(s, start) for s, start, _ in day_events] == sorted(expected)
    assert all(end - start == dt.timedelta(days=1) for _, start, end in day_events)


def _real_duration(event: Any) -> dt.timedelta:
    """The time between start and end as elapsed time, across a clock change too."""
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    return end.astimezone(UTC) - start.astimezone(UTC)


def files_agree(dossiers: list[Dossier], today: dt.date) -> dict[str, bytes]:
    """The site's files are each dossier's calendar and one with every event."""
    files = calendar_files(dossiers, today)
    assert set(files) == {ALL_CALENDAR} | {f"opportunities/{d.slug}/{d.slug}.ics" for d in dossiers}
    for d in dossiers:
        assert files[f"opportunities/{d.slug}/{d.slug}.ics"] == dossier_calendar(d, today)
    assert files[ALL_CALENDAR] == all_calendar(dossiers, today)
    every = Calendar.from_ical(files[ALL_CALENDAR])
    assert str(every["prodid"]) == PRODID and str(every["x-wr-calname"]) == ALL_NAME
    one_by_one = sorted(
        str(e["uid"])
        for d in dossiers
        for e in Calendar.from_ical(dossier_calendar(d, today)).walk("VEVENT")
    )
    assert sorted(str(e["uid"]) for e in every.walk("VEVENT")) == one_by_one
    return files


# ---------------------------------------------------------------- the shipped examples


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 3, 1), dt.date(2027, 1, 1)])
def test_the_examples_calendars_read_back_as_their_facts(today: dt.date) -> None:
    dossiers = load_or_raise(ROOT / "dossiers", ROOT)
    files = files_agree(dossiers, today)
    for d in dossiers:
        reads_back_as_the_facts(d, today)
    whole = files[ALL_CALENDAR]
    # What the examples exercise: a VTIMEZONE, UTC and local times, all-day
    # events, escaped commas, folded lines, multi-byte characters.
    lines = whole.split(b"\r\n")
    assert b"BEGIN:VTIMEZONE" in lines and b"TRANSP:TRANSPARENT" in lines
    assert any(b";TZID=" in x for x in lines) and any(x.endswith(b"00Z") for x in lines)
    assert b"\\," in whole
    assert any(x.startswith(b" ") for x in lines) and not whole.isascii()


# ---------------------------------------------------------------- generated dossiers

# Named zones, with clock changes, odd offsets and names icalendar counts as UTC.
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Europe/Lisbon",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/Argentina/ComodRivadavia",
    "Etc/GMT+5",
    "UTC",
    "Etc/UTC",
    "Zulu",
]
# Instants (UTC) of clock changes: times around them fall in the gap or the repeat.
CHANGES = [
    dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # Europe: 03:00 -> 02:00
    dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # Europe: 02:00 -> 03:00
    dt.datetime(2026, 11, 1, 6, 0, tzinfo=UTC),  # New York: 02:00 -> 01:00
    dt.datetime(2026, 4, 4, 15, 0, tzinfo=UTC),  # Lord Howe: half an hour back
]

# TEXT's specials, `\N`, a caret, control characters, and characters of 2, 3 and 4
# octets, so that folds meet escapes and multi-byte characters.
SPECIALS = [*',;\\\n\r^":N ', "\\N", "\r\n", *"\x00\x01\x1b\x7f\t"]
WIDE = [*"éЖ—€漢𝄞🙂"]
letters = st.one_of(
    st.sampled_from(SPECIALS + WIDE),
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from("abcdefghij"),
)
texts = st.builds(
    lambda first, rest: first + "".join(rest),
    st.sampled_from(["A", "é", "漢", "𝄞"]),
    st.lists(letters, max_size=110),
)
days = st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31))
offsets = st.integers(-14 * 4, 14 * 4).map(lambda q: dt.timezone(dt.timedelta(minutes=15 * q)))
instants = st.one_of(
    st.builds(
        lambda change, minutes: change + dt.timedelta(minutes=minutes),
        st.sampled_from(CHANGES),
        st.integers(-200, 200),
    ),
    st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2028, 12, 31), timezones=st.just(UTC)),
)


@st.composite
def interviews(draw: st.DrawFn) -> dict[str, Any]:
    zone = draw(st.none() | st.sampled_from(ZONES))
    if zone and draw(st.booleans()):  # a wall-clock time in the zone
        when: dt.datetime = draw(st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2028, 12, 31)))
    else:  # an instant written with an offset, with or without a zone
        when = draw(instants).astimezone(draw(offsets))
    found: dict[str, Any] = {
        "when": when.replace(microsecond=0),
        "duration_minutes": draw(st.integers(1, 24 * 60)),
    }
    if zone:
        found["timezone"] = zone
    for field, values in [
        ("stage", texts),
        ("place", texts),
        ("format", st.sampled_from(["video", "phone", "onsite"])),
    ]:
        if draw(st.booleans()):
            found[field] = draw(values)
    found["people"] = draw(st.lists(texts, max_size=3))
    return found


@st.composite
def facts(draw: st.DrawFn) -> dict[str, Any]:
    commitments = draw(
        st.lists(
            st.fixed_dictionaries(
                {"what": texts, "due": days, "done": st.booleans()},
                optional={"to": texts},
            ),
            max_size=3,
        )
    )
    offers = draw(
        st.lists(
            st.fixed_dictionaries(
                {"date": days, "base": st.just(1000)},
                optional={"label": texts, "deadline": days},
            ),
            max_size=2,
        )
    )
    found = {
        "company": draw(texts),
        "role": draw(texts),
        "interviews": draw(st.lists(interviews(), max_size=3)),
        # Repeats: the same entry twice has the same UID, which gets numbered.
        "commitments": commitments + commitments[: draw(st.integers(0, 1))],
        "offers": offers,
    }
    if draw(st.booleans()):
        found["outcome"] = {"decision": "declined"}
    return found


@st.composite
def dossiers(draw: st.DrawFn) -> list[Dossier]:
    found = []
    for n, data in enumerate(draw(st.lists(facts(), min_size=1, max_size=3))):
        try:
            made = DossierFacts.model_validate(data)
        except ValidationError:  # a wall-clock time in a gap or a repeat, a blank name
            assume(False)
        found.append(Dossier(slug=f"d{n}", path=f"dossiers/d{n}", facts=made))
    return found


@SETTINGS
@given(dossiers(), st.sampled_from([TODAY, dt.date(2025, 2, 28), dt.date(2028, 12, 31)]))
def test_generated_calendars_read_back_as_their_facts(found: list[Dossier], today: dt.date) -> None:
    files_agree(found, today)
    for d in found:
        reads_back_as_the_facts(d, today)


def _facts_with(text: str, **interview: Any) -> list[Dossier]:
    data = {
        "company": "Acme",
        "role": "Engineer",
        "interviews": [{"when": "2026-12-02T10:00:00+01:00", "stage": text, **interview}],
        "commitments": [{"what": text, "due": "2026-12-01"}] * 2,
    }
    return [Dossier(slug="acme", path="dossiers/acme", facts=DossierFacts.model_validate(data))]


# Texts that put each kind of character right at a fold: the line `SUMMARY:<text> —
# Acme` folds after 74 octets, so the character at offset 74 - len("SUMMARY:") = 66 of
# the text ends the first piece or starts the next.
AT_THE_FOLD = [
    "a" * n + mark + "b" * 100
    for n in range(60, 70)
    for mark in ["é", "漢", "𝄞", "\\", ",", ";", "\n", "\\N", "^", "\x01", "\\\\"]
]


@pytest.mark.parametrize("text", AT_THE_FOLD)
def test_a_special_or_wide_character_at_the_fold(text: str) -> None:
    found = _facts_with(text, timezone="Europe/Berlin", place=text, people=[text])
    files_agree(found, TODAY)
    reads_back_as_the_facts(found[0], TODAY)


@pytest.mark.parametrize(
    ("when", "zone", "written"),
    [
        # The second 02:30 of Berlin's autumn night is written in UTC ...
        ("2026-10-25T02:30:00+01:00", "Europe/Berlin", b"DTSTART:20261025T013000Z"),
        # ... the first keeps its local time and zone.
        (
            "2026-10-25T02:30:00+02:00",
            "Europe/Berlin",
            b"DTSTART;TZID=Europe/Berlin:20261025T023000",
        ),
        ("2026-12-02T10:00:00+05:30", None, b"DTSTART:20261202T043000Z"),
        ("2026-12-02T10:00:00", "Etc/UTC", b"DTSTART:20261202T100000Z"),
    ],
)
def test_times_as_written(when: str, zone: str | None, written: bytes) -> None:
    found = _facts_with("Onsite", when=when, **({"timezone": zone} if zone else {}))
    files_agree(found, TODAY)
    reads_back_as_the_facts(found[0], TODAY)
    assert written in dossier_calendar(found[0], TODAY).split(b"\r\n")


# ---------------------------------------------------------------- what the writer relies on


def test_zone_names_need_no_quoting_as_a_parameter() -> None:
    """A TZID is written as is: no IANA name holds a character RFC 5545 would quote."""
    assert all(re.fullmatch(r"[A-Za-z0-9/_+-]+", name) for name in available_timezones())


def test_the_examples_calendars_match_their_golden_files() -> None:
    """What an app imports, byte for byte; read a changed file before committing it."""
    files = calendar_files(load_or_raise(ROOT / "dossiers", ROOT), TODAY)
    for name, data in files.items():
        path = GOLDEN / name.rsplit("/", 1)[-1]
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        assert path.is_file(), f"no golden file {path.name}; run with DOSSIER_UPDATE_GOLDEN=1"
        assert data == path.read_bytes(), path.name

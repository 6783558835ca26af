"""Our own .ics writer gives icalendar's bytes, and reads back as the facts.

calendar_ics.py writes events without icalendar (building its components cost more
than the rest of a dossier's build). The oracle below is the code it replaced:
the same events made of icalendar's components and serialised by icalendar. Both
are run on the shipped examples and on generated dossiers with named zones, bare
offsets, the repeated autumn hour, all-day deadlines, long and multi-byte texts,
TEXT's special characters and control characters.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event, Timezone
from interview_dossier.analyse.deadlines import answer_commitments, offer_entry, open_offer
from interview_dossier.load.loader import load_or_raise
from interview_dossier.model import Dossier, DossierFacts, Interview
from interview_dossier.render.calendars import (
    ALL_CALENDAR,
    ALL_NAME,
    PRODID,
    CalendarCache,
    _text,
    all_calendar,
    calendar_files,
    dossier_calendar,
    uid,
)
from pydantic import ValidationError

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 25)
UTC = dt.timezone.utc
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- the oracle: icalendar's components


def _alarm(trigger: dt.timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def _start(interview: Interview) -> dt.datetime:
    if interview.timezone:
        return interview.when.astimezone(ZoneInfo(interview.timezone))
    return interview.when.astimezone(UTC)


def _as_written(moment: dt.datetime) -> dt.datetime:
    if moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(UTC)
    return moment


def _end(start: dt.datetime, minutes: int) -> dt.datetime:
    return (start.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)


def _interview(d: Dossier, interview: Interview, stamp: dt.datetime) -> Event:
    facts = d.facts
    start = _start(interview)
    what = interview.stage or "Interview"
    event = Event()
    event.add("uid", uid(d.slug, "interview", interview.when.isoformat()))
    event.add("dtstamp", stamp)
    event.add("dtstart", _as_written(start))
    event.add("dtend", _as_written(_end(start, interview.duration_minutes)))
    summary = f"{what} — {facts.company}"
    event.add("summary", _text(summary))
    if interview.place:
        event.add("location", _text(interview.place))
    lines = [f"{facts.company}, {facts.role}", f"Stage: {what}"]
    if interview.format:
        lines.append(f"Format: {interview.format}")
    if interview.people:
        lines.append(f"With: {', '.join(interview.people)}")
    event.add("description", _text("\n".join(lines)))
    event.add_component(_alarm(dt.timedelta(days=-1), _text(f"Tomorrow: {summary}")))
    event.add_component(_alarm(dt.timedelta(hours=-1), _text(f"In an hour: {summary}")))
    return event


def _all_day(
    d: Dossier, kind: str, day: dt.date, summary: str, description: str, stamp: dt.datetime
) -> Event:
    event = Event()
    event.add("uid", uid(d.slug, kind, day.isoformat(), summary))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", _text(summary))
    event.add("description", _text(description))
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(dt.timedelta(hours=9), _text(summary)))
    return event


def reference_events(d: Dossier, today: dt.date) -> list[Event]:
    facts = d.facts
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=UTC)
    events = [_interview(d, i, stamp) for i in facts.interviews]
    # Which entries there are is the deadlines module's (an offer's deadline and the
    # promise to answer it are one); how each is serialised is what this oracle checks.
    merged = answer_commitments(facts)
    for n, c in enumerate(facts.commitments):
        if c.done or n in merged:
            continue
        to = f" (to {c.to})" if c.to else ""
        events.append(
            _all_day(
                d, "commitment", c.due, f"Due: {c.what} — {facts.company}",
                f"You committed to this{to}. {facts.company}, {facts.role}.", stamp,
            )
        )  # fmt: skip
    offer = open_offer(facts)
    answer = offer_entry(facts, today, offer.label if offer else None)
    if answer is not None:
        asked = answer.asked or answer.promised
        said = (
            f" You ask to answer by {asked.isoformat()}." if asked and asked != answer.date else ""
        )
        promised = f" You promised it{' to ' + answer.to if answer.to else ''}." if merged else ""
        events.append(
            _all_day(
                d, "offer-deadline", answer.date, f"{answer.what} — {facts.company}",
                f"Your answer to the offer is due today.{said}{promised} "
                f"{facts.company}, {facts.role}.",
                stamp,
            )
        )  # fmt: skip
    return events


def _when(event: Event) -> str:
    start = event.decoded("dtstart")
    if isinstance(start, dt.datetime):
        return start.astimezone(UTC).isoformat()
    return start.isoformat()


@lru_cache(maxsize=64)
def _timezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    return Timezone.from_tzid(tzid, first_date=first, last_date=last)


def reference_calendar(name: str, events: Iterable[Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text(name))
    seen: dict[str, int] = {}
    ordered = sorted(events, key=lambda e: (_when(e), str(e["uid"])))
    for event in ordered:
        key = str(event["uid"])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            del event["uid"]
            event.add("uid", key.replace("@", f"-{seen[key]}@", 1))
        cal.add_component(event)
    years = [e.decoded("dtstart").year for e in ordered]
    if years:
        first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
        for n, tzid in enumerate(sorted(cal.get_missing_tzids())):
            cal.subcomponents.insert(n, _timezone(tzid, first, last))
    return cal.to_ical()


def reference_files(dossiers: list[Dossier], today: dt.date) -> dict[str, bytes]:
    files = {
        f"opportunities/{d.slug}/{d.slug}.ics": reference_calendar(
            f"{d.facts.company} — {d.facts.role}", reference_events(d, today)
        )
        for d in dossiers
    }
    everything = [e for d in dossiers for e in reference_events(d, today)]
    files[ALL_CALENDAR] = reference_calendar(ALL_NAME, everything)
    return files


# ---------------------------------------------------------------- checks


def same_as_reference(dossiers: list[Dossier], today: dt.date) -> None:
    """Every way of making calendars gives the oracle's bytes."""
    expected = reference_files(dossiers, today)
    assert calendar_files(dossiers, today) == expected
    cache = CalendarCache()
    calendar_files(dossiers, today, cache=cache)
    assert calendar_files(dossiers, today, cache=cache) == expected  # from cached events
    assert all_calendar(dossiers, today) == expected[ALL_CALENDAR]
    for d in dossiers:
        assert dossier_calendar(d, today) == expected[f"opportunities/{d.slug}/{d.slug}.ics"]


def _text_of(value: Any) -> str:
    # icalendar's escaping reads a written `\N` as a line break; so do we.
    return str(value).replace("\\N", "\n")


def reads_back_as_the_facts(d: Dossier, today: dt.date) -> None:
    """Parsed by icalendar, our calendar holds the oracle's events, field by field."""
    parsed = Calendar.from_ical(dossier_calendar(d, today)).walk("VEVENT")
    expected = sorted(reference_events(d, today), key=lambda e: (_when(e), str(e["uid"])))
    assert len(parsed) == len(expected)
    seen: dict[str, int] = {}
    for got, want in zip(parsed, expected, strict=True):
        key = str(want["uid"])
        seen[key] = n = seen.get(key, 0) + 1
        assert str(got["uid"]) == (key if n == 1 else key.replace("@", f"-{n}@", 1))
        for name in ("summary", "location", "description", "transp"):
            assert (name in got) == (name in want)
            if name in want:
                assert str(got[name]) == _text_of(want[name]), name
        for name in ("dtstamp", "dtstart", "dtend"):
            a, b = got.decoded(name), want.decoded(name)
            assert (type(a), a) == (type(b), b), name
            assert got[name].params.get("TZID") == want[name].params.get("TZID")
        alarms = [(str(a["description"]), a.decoded("trigger")) for a in got.subcomponents]
        assert alarms == [
            (_text_of(a["description"]), a.decoded("trigger")) for a in want.subcomponents
        ]


# ---------------------------------------------------------------- the shipped examples


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 3, 1), dt.date(2027, 1, 1)])
def test_the_examples_calendars_are_icalendars_bytes(today: dt.date) -> None:
    dossiers = load_or_raise(ROOT / "dossiers", ROOT)
    same_as_reference(dossiers, today)
    for d in dossiers:
        reads_back_as_the_facts(d, today)
    whole = calendar_files(dossiers, today)[ALL_CALENDAR]
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
def test_generated_calendars_are_icalendars_bytes(found: list[Dossier], today: dt.date) -> None:
    same_as_reference(found, today)
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
    same_as_reference(found, TODAY)
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
    same_as_reference(found, TODAY)
    assert written in dossier_calendar(found[0], TODAY).split(b"\r\n")


# ---------------------------------------------------------------- what the writer relies on


def test_zone_names_need_no_quoting_as_a_parameter() -> None:
    """A TZID is written as is: no IANA name holds a character RFC 5545 would quote."""
    assert all(re.fullmatch(r"[A-Za-z0-9/_+-]+", name) for name in available_timezones())


def test_importing_the_plugin_leaves_icalendar_out_until_a_zone_needs_it() -> None:
    """icalendar costs tens of ms to import; a build without a named zone never does."""
    script = """
import datetime as dt, sys
import interview_dossier.mkdocs_plugin.plugin
from interview_dossier.calendar_ics import calendar_files
from interview_dossier.model import Dossier, DossierFacts
facts = DossierFacts.model_validate({"company": "A", "role": "B",
    "interviews": [{"when": "2026-12-02T10:00:00+01:00"}],
    "commitments": [{"what": "C", "due": "2026-12-01"}]})
d = Dossier(slug="a", path="dossiers/a", facts=facts)
calendar_files([d], dt.date(2026, 11, 25))
print("icalendar" in sys.modules)
facts = facts.model_copy(update={"interviews": [
    facts.interviews[0].model_validate({"when": "2026-12-02T10:00:00", "timezone": "Asia/Tokyo"})]})
calendar_files([d.model_copy(update={"facts": facts})], dt.date(2026, 11, 25))
print("icalendar" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "True"]

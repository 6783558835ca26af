"""Calendars (.ics) of interviews, open commitments and offer deadlines.

Built from the same dossiers the site uses: in a share build they are already
stripped of everything private. The output is reproducible byte for byte: UIDs
come from the content (not from list positions), DTSTAMP from the reference
date, and time zones are written in a fixed order.

Events are written here directly: they use a handful of properties, and building
icalendar's components for them cost more than the rest of a dossier's build. The
lines are the bytes icalendar writes for the same components (property order,
TEXT escaping, folding; tests/test_calendar_ics.py holds icalendar's version as
the oracle). icalendar itself is imported only for a named time zone: to name it
as icalendar does and to write its VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..analyse.deadlines import answer_commitments, offer_entry, open_offer
from ..model import Dossier, Interview
from .pages import PREFIX

DOMAIN = "dossier.invalid"
PRODID = "-//Dossier//interview-dossier//EN"
ALL_CALENDAR = "calendar.ics"
UTC = dt.timezone.utc

# Alarm triggers, as RFC 5545 durations relative to the start.
DAY_BEFORE = "-P1D"
HOUR_BEFORE = "-PT1H"
MORNING = "PT9H"  # the alarm of an all-day deadline: 09:00 on the day


# The loader refuses control characters; should one get through, a calendar app or
# a terminal showing the file must not receive it raw. A bare CR would end a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    """Text for an event property, with control characters written as visible escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", value)


def _escaped(value: str) -> str:
    r"""RFC 5545 TEXT, escaped in icalendar's order: its first step reads a written
    `\N` as a line break, so we do too."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def uid(slug: str, kind: str, *content: str) -> str:
    """A UID that stays the same across builds and does not depend on list order."""
    digest = hashlib.sha1("|".join((slug, kind, *content)).encode("utf-8")).hexdigest()
    return f"{digest[:24]}@{DOMAIN}"


# RFC 5545 folds content lines at 75 octets. icalendar ends a piece before the
# character that would bring it to 75 octets, so every piece holds at most 74
# (a continuation line's leading space not counted), never splits a UTF-8
# character, and starts a new piece with a backslash or caret that would end one,
# so that an escape is never split.
FOLD_LIMIT = 75
_PIECE = FOLD_LIMIT - 1
_CONTINUATION = 0b1000_0000  # UTF-8 bytes 10xxxxxx continue a character
_ESCAPES = b"\\^"


def _fold(data: bytes) -> bytes:
    if len(data) < FOLD_LIMIT:
        return data
    pieces = []
    start = 0
    while len(data) - start > _PIECE:
        cut = start + _PIECE
        while data[cut] & 0b1100_0000 == _CONTINUATION:
            cut -= 1
        if data[cut - 1] in _ESCAPES:
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _line(name: str, value: str) -> bytes:
    """One content line, folded; `value` is already in iCalendar's notation."""
    return _fold(f"{name}:{value}".encode())


def _text_line(name: str, value: str) -> bytes:
    return _fold(f"{name}:{_escaped(_text(value))}".encode())


def _date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _moment(name: str, moment: dt.datetime) -> tuple[bytes, str | None]:
    """A DATE-TIME line: in UTC with `Z`, or local with the zone's TZID (also returned)."""
    clock = f"{_date(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    tzid = None if moment.tzinfo is UTC else _tzid(moment.tzinfo)
    if tzid is None:
        return _line(name, clock + "Z"), None
    return _line(f"{name};TZID={tzid}", clock), tzid


@lru_cache(maxsize=64)
def _tzid(zone: dt.tzinfo) -> str | None:
    """The TZID icalendar gives a zone, or None where it names UTC (written with `Z`).

    Zones equal to UTC (`Etc/UTC`, `Zulu`, ...) are UTC to icalendar; its table of
    equal zones decides. Zone names are IANA names: letters, digits and `/_+-`, so
    the parameter value needs no quoting (a test checks every name).
    """
    from icalendar.timezone.tzid import tzid_from_tzinfo

    tzid = tzid_from_tzinfo(zone)
    assert tzid is not None, zone
    return None if tzid == "UTC" else tzid


def _stamp(today: dt.date) -> bytes:
    return _line("DTSTAMP", _date(today) + "T000000Z")


def _alarm(trigger: str, text: str) -> bytes:
    # VALARM's properties in icalendar's order: alphabetical.
    return b"\r\n".join(
        (
            b"BEGIN:VALARM",
            b"ACTION:DISPLAY",
            _text_line("DESCRIPTION", text),
            _line("TRIGGER", trigger),
            b"END:VALARM",
        )
    )


@dataclass
class Event:
    """One event as written, but for its UID line: a calendar numbers repeated UIDs."""

    when: str  # its start in UTC (or its day), ISO: calendars list events by it
    uid: str
    year: int  # of the start as written: the VTIMEZONEs cover the years used
    tzids: frozenset[str]
    head: bytes  # BEGIN:VEVENT to DTSTAMP
    tail: bytes  # after UID, to END:VEVENT

    def ical(self, uid: str) -> bytes:
        return b"".join((self.head, b"\r\nUID:", uid.encode(), b"\r\n", self.tail, b"\r\n"))


def _start(interview: Interview) -> dt.datetime:
    # A zone name gives a local time with TZID; a bare offset is written in UTC.
    if interview.timezone:
        return interview.when.astimezone(ZoneInfo(interview.timezone))
    return interview.when.astimezone(UTC)


def _as_written(moment: dt.datetime) -> dt.datetime:
    """The time as the calendar can state it: local with its TZID, or in UTC where the
    local reading would name another instant (the second pass of an autumn hour)."""
    if moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(UTC)
    return moment


def _end(start: dt.datetime, minutes: int) -> dt.datetime:
    # In real time: a 60-minute interview lasts 60 minutes across a clock change too.
    # (Adding to a zoned datetime in Python moves the wall clock instead.)
    assert start.tzinfo is not None
    return (start.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)


def interview_event(d: Dossier, interview: Interview, stamp: bytes) -> Event:
    facts = d.facts
    local = _start(interview)
    start = _as_written(local)
    what = interview.stage or "Interview"
    summary = f"{what} — {facts.company}"
    dtstart, zone = _moment("DTSTART", start)
    dtend, end_zone = _moment("DTEND", _as_written(_end(local, interview.duration_minutes)))
    lines = [f"{facts.company}, {facts.role}", f"Stage: {what}"]
    if interview.format:
        lines.append(f"Format: {interview.format}")
    if interview.people:
        lines.append(f"With: {', '.join(interview.people)}")
    tail = [_text_line("DESCRIPTION", "\n".join(lines))]
    if interview.place:
        tail.append(_text_line("LOCATION", interview.place))
    tail += [
        _alarm(DAY_BEFORE, f"Tomorrow: {summary}"),
        _alarm(HOUR_BEFORE, f"In an hour: {summary}"),
        b"END:VEVENT",
    ]
    return Event(
        when=start.astimezone(UTC).isoformat(),
        uid=uid(d.slug, "interview", interview.when.isoformat()),
        year=start.year,
        tzids=frozenset(z for z in (zone, end_zone) if z),
        head=b"\r\n".join((b"BEGIN:VEVENT", _text_line("SUMMARY", summary), dtstart, dtend, stamp)),
        tail=b"\r\n".join(tail),
    )


def _all_day(
    d: Dossier, kind: str, day: dt.date, summary: str, description: str, stamp: bytes
) -> Event:
    head = (
        b"BEGIN:VEVENT",
        _text_line("SUMMARY", summary),
        _line("DTSTART;VALUE=DATE", _date(day)),
        _line("DTEND;VALUE=DATE", _date(day + dt.timedelta(days=1))),
        stamp,
    )
    tail = (
        _text_line("DESCRIPTION", description),
        b"TRANSP:TRANSPARENT",  # a deadline does not make you busy all day
        _alarm(MORNING, summary),
        b"END:VEVENT",
    )
    return Event(
        when=day.isoformat(),
        uid=uid(d.slug, kind, day.isoformat(), summary),
        year=day.year,
        tzids=frozenset(),
        head=b"\r\n".join(head),
        tail=b"\r\n".join(tail),
    )


def dossier_events(d: Dossier, today: dt.date) -> list[Event]:
    """Interviews, open commitments and offer deadlines of one opportunity."""
    facts, stamp = d.facts, _stamp(today)
    events = [interview_event(d, i, stamp) for i in facts.interviews]
    merged = answer_commitments(facts)  # one entry with the offer's deadline, below
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


def _numbered(events: Iterable[Event]) -> list[tuple[Event, str]]:
    """Events in calendar order, each with its UID: repeats (two entries with the same
    content would share one) are numbered."""
    seen: dict[str, int] = {}
    found = []
    for event in sorted(events, key=lambda e: (e.when, e.uid)):
        seen[event.uid] = n = seen.get(event.uid, 0) + 1
        found.append((event, event.uid if n == 1 else event.uid.replace("@", f"-{n}@", 1)))
    return found


def _calendar(name: str, events: Iterable[Event]) -> bytes:
    return assemble(name, _blocks(events))


def dossier_calendar(d: Dossier, today: dt.date) -> bytes:
    return _calendar(f"{d.facts.company} — {d.facts.role}", dossier_events(d, today))


ALL_NAME = "Interview dossier"
_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class EventBlock:
    """One event, serialised once, with what the combined calendar needs to place it."""

    order: tuple[str, str]  # (start in UTC, UID as made): the order _calendar uses
    tzids: frozenset[str]
    year: int
    ical: bytes


def _blocks(events: Iterable[Event]) -> tuple[EventBlock, ...]:
    return tuple(
        EventBlock((e.when, e.uid), e.tzids, e.year, e.ical(made)) for e, made in _numbered(events)
    )


def event_blocks(d: Dossier, today: dt.date) -> tuple[EventBlock, ...]:
    """The events of one dossier, serialised, with repeated UIDs numbered as _calendar does.

    UIDs start with a hash of the slug, so repeats only happen within one dossier.
    """
    return _blocks(dossier_events(d, today))


@lru_cache(maxsize=256)
def _timezone_ical(tzid: str, first: dt.date, last: dt.date) -> bytes:
    from icalendar import Timezone

    return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()


@lru_cache(maxsize=4096)
def _head_ical(name: str) -> bytes:
    # VCALENDAR's properties in icalendar's order for it. Cached: under `mkdocs serve`
    # every dossier's file is assembled again on each rebuild.
    return b"\r\n".join(
        (
            b"BEGIN:VCALENDAR",
            b"VERSION:2.0",
            _text_line("PRODID", PRODID),
            b"CALSCALE:GREGORIAN",
            b"METHOD:PUBLISH",
            # icalendar writes this X- property as it is, unescaped (RFC 7265's UNKNOWN).
            _line("X-WR-CALNAME", _text(name)),
            b"",
        )
    )


def assemble(name: str, blocks: Iterable[EventBlock]) -> bytes:
    """A calendar made of serialised events, listed by start (and UID), after the
    VTIMEZONE of every zone used, sorted by name, covering only the years needed."""
    ordered = sorted(blocks, key=lambda b: b.order)
    written = b""
    if ordered:
        years = [b.year for b in ordered]
        first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
        tzids = sorted(set().union(*(b.tzids for b in ordered)))
        written = b"".join(_timezone_ical(t, first, last) for t in tzids)
    return _head_ical(name) + written + b"".join(b.ical for b in ordered) + _END


def all_calendar(dossiers: Sequence[Dossier], today: dt.date) -> bytes:
    return assemble(ALL_NAME, [b for d in dossiers for b in event_blocks(d, today)])


def calendar_name(d: Dossier) -> str:
    return f"{d.slug}.ics"


def calendar_files(
    dossiers: Sequence[Dossier], today: dt.date, prefix: str = PREFIX
) -> dict[str, bytes]:
    """The site's calendar files: one per opportunity beside its pages, and one for all.

    Each event is serialised once and both kinds of file are assembled from it.
    """
    files = {}
    everything: list[EventBlock] = []
    for d in dossiers:
        blocks = event_blocks(d, today)
        everything.extend(blocks)
        name = f"{d.facts.company} — {d.facts.role}"
        files[f"{prefix}/{d.slug}/{calendar_name(d)}"] = assemble(name, blocks)
    files[ALL_CALENDAR] = assemble(ALL_NAME, everything)
    return files

"""Calendars (.ics) of interviews, open commitments and offer deadlines.

Built from the same dossiers the site uses: in a share build they are already
stripped of everything private. The output is reproducible byte for byte: UIDs
come from the content (not from list positions), DTSTAMP from the reference
date, and time zones are written in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, Timezone

from .model import Dossier, Interview
from .render import PREFIX

DOMAIN = "dossier.invalid"
PRODID = "-//Dossier//interview-dossier//EN"
MORNING = dt.timedelta(hours=9)  # the alarm of an all-day deadline: 09:00 on the day
ALL_CALENDAR = "calendar.ics"


# The loader refuses control characters; should one get through, a calendar app or
# a terminal showing the file must not receive it raw. A bare CR would end a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    """Text for an event property, with control characters written as visible escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", value)


def uid(slug: str, kind: str, *content: str) -> str:
    """A UID that stays the same across builds and does not depend on list order."""
    digest = hashlib.sha1("|".join((slug, kind, *content)).encode("utf-8")).hexdigest()
    return f"{digest[:24]}@{DOMAIN}"


# RFC 5545 folds content lines at 75 octets; icalendar folds a line once the octets
# counted so far reach this limit, so a shorter line comes out as it went in.
FOLD_LIMIT = 75


def to_ical(component: Component) -> bytes:
    """`component.to_ical()`, the same bytes, quicker: most content lines are short,
    and a short line needs none of icalendar's folding, which walks a line character
    by character. Long lines (and anything unusual) are folded by icalendar itself."""
    out = []
    for line in component.content_lines():
        if not line:
            continue
        data = line.encode("utf-8")
        if len(data) < FOLD_LIMIT and "\n" not in line:
            out.append(data)
        else:
            out.append(line.to_ical())
    return b"\r\n".join(out) + b"\r\n"


def _stamp(today: dt.date) -> dt.datetime:
    return dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _alarm(trigger: dt.timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def _start(interview: Interview) -> dt.datetime:
    # A zone name gives a local time with TZID; a bare offset is written in UTC.
    if interview.timezone:
        return interview.when.astimezone(ZoneInfo(interview.timezone))
    return interview.when.astimezone(dt.timezone.utc)


def _as_written(moment: dt.datetime) -> dt.datetime:
    """The time as the calendar can state it: local with its TZID, or in UTC where the
    local reading would name another instant (the second pass of an autumn hour)."""
    if moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(dt.timezone.utc)
    return moment


def _end(start: dt.datetime, minutes: int) -> dt.datetime:
    # In real time: a 60-minute interview lasts 60 minutes across a clock change too.
    # (Adding to a zoned datetime in Python moves the wall clock instead.)
    assert start.tzinfo is not None
    return (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes)).astimezone(
        start.tzinfo
    )


def interview_event(d: Dossier, interview: Interview, stamp: dt.datetime) -> Event:
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
    event.add("transp", "TRANSPARENT")  # a deadline does not make you busy all day
    event.add_component(_alarm(MORNING, _text(summary)))
    return event


def dossier_events(d: Dossier, today: dt.date) -> list[Event]:
    """Interviews, open commitments and offer deadlines of one opportunity."""
    facts, stamp = d.facts, _stamp(today)
    events = [interview_event(d, i, stamp) for i in facts.interviews]
    for c in facts.commitments:
        if c.done:
            continue
        to = f" (to {c.to})" if c.to else ""
        events.append(
            _all_day(
                d, "commitment", c.due, f"Due: {c.what} — {facts.company}",
                f"You committed to this{to}. {facts.company}, {facts.role}.", stamp,
            )
        )  # fmt: skip
    if facts.outcome is None:
        for o in facts.offers:
            if o.deadline:
                label = o.label or "the offer"
                events.append(
                    _all_day(
                        d, "offer-deadline", o.deadline, f"Answer {label} — {facts.company}",
                        f"They asked for your answer to {label} by today. {facts.company}, {facts.role}.",
                        stamp,
                    )
                )  # fmt: skip
    return events


def _head(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text(name))
    return cal


def _calendar(name: str, events: Iterable[Event]) -> bytes:
    cal = _head(name)
    seen: dict[str, int] = {}
    ordered = sorted(events, key=lambda e: (_when(e), str(e["uid"])))
    for event in ordered:
        # Two entries with the same content would share a UID; number the repeats.
        key = str(event["uid"])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            del event["uid"]
            event.add("uid", key.replace("@", f"-{seen[key]}@", 1))
        cal.add_component(event)
    _add_timezones(cal, ordered)
    return to_ical(cal)


def _when(event: Event) -> str:
    start = event.decoded("dtstart")
    if isinstance(start, dt.datetime):
        return start.astimezone(dt.timezone.utc).isoformat()
    return start.isoformat()


def _add_timezones(cal: Calendar, events: Sequence[Event]) -> None:
    """VTIMEZONE for every zone used, sorted by name, covering only the years needed."""
    years = [e.decoded("dtstart").year for e in events]
    if not years:
        return
    first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
    for n, tzid in enumerate(sorted(cal.get_missing_tzids())):
        cal.subcomponents.insert(n, Timezone.from_tzid(tzid, first_date=first, last_date=last))


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


def event_blocks(d: Dossier, today: dt.date) -> tuple[EventBlock, ...]:
    """The events of one dossier, serialised, with repeated UIDs numbered as _calendar does.

    UIDs start with a hash of the slug, so repeats only happen within one dossier.
    """
    events = sorted(dossier_events(d, today), key=lambda e: (_when(e), str(e["uid"])))
    seen: dict[str, int] = {}
    blocks = []
    for event in events:
        key = str(event["uid"])
        order = (_when(event), key)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            del event["uid"]
            event.add("uid", key.replace("@", f"-{seen[key]}@", 1))
        probe = Calendar()
        probe.add_component(event)
        tzids = frozenset(probe.get_missing_tzids())
        blocks.append(EventBlock(order, tzids, event.decoded("dtstart").year, to_ical(event)))
    return tuple(blocks)


@lru_cache(maxsize=256)
def _timezone_ical(tzid: str, first: dt.date, last: dt.date) -> bytes:
    return to_ical(Timezone.from_tzid(tzid, first_date=first, last_date=last))


@lru_cache(maxsize=4096)
def _head_ical(name: str) -> bytes:
    # Serialising the header costs more than assembling a small calendar: under
    # `mkdocs serve` every dossier's file is assembled again on each rebuild.
    return to_ical(_head(name))


def assemble(name: str, blocks: Iterable[EventBlock]) -> bytes:
    """A calendar made of serialised events: the same bytes as _calendar, without
    serialising every event again (under `mkdocs serve`, only changed dossiers are)."""
    start = _head_ical(name)
    assert start.endswith(_END)
    ordered = sorted(blocks, key=lambda b: b.order)
    zones = b""
    if ordered:
        years = [b.year for b in ordered]
        first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
        tzids = sorted(set().union(*(b.tzids for b in ordered)))
        zones = b"".join(_timezone_ical(t, first, last) for t in tzids)
    return start[: -len(_END)] + zones + b"".join(b.ical for b in ordered) + _END


def all_calendar(
    dossiers: Sequence[Dossier],
    today: dt.date,
    cache: dict[str, tuple[object, object, tuple[EventBlock, ...]]] | None = None,
) -> bytes:
    blocks: list[EventBlock] = []
    for d in dossiers:
        entry = cache.get(d.slug) if cache is not None else None
        if entry is not None and entry[0] is d and entry[1] == today:
            found = entry[2]
        else:
            found = event_blocks(d, today)
            if cache is not None:
                cache[d.slug] = (d, today, found)
        blocks.extend(found)
    return assemble(ALL_NAME, blocks)


def calendar_name(d: Dossier) -> str:
    return f"{d.slug}.ics"


class CalendarCache:
    """Serialised events kept between `mkdocs serve` rebuilds.

    Entries are reused for the very same dossier object (its files did not
    change) on the same day.
    """

    def __init__(self) -> None:
        self.events: dict[str, tuple[object, object, tuple[EventBlock, ...]]] = {}


def calendar_files(
    dossiers: Sequence[Dossier],
    today: dt.date,
    prefix: str = PREFIX,
    cache: CalendarCache | None = None,
) -> dict[str, bytes]:
    """The site's calendar files: one per opportunity beside its pages, and one for all.

    Each event is serialised once and both kinds of file are assembled from it.
    """
    store = cache.events if cache is not None else {}
    files = {}
    everything: list[EventBlock] = []
    for d in dossiers:
        entry = store.get(d.slug)
        if entry is not None and entry[0] is d and entry[1] == today:
            blocks = entry[2]
        else:
            blocks = event_blocks(d, today)
            store[d.slug] = (d, today, blocks)
        everything.extend(blocks)
        name = f"{d.facts.company} — {d.facts.role}"
        files[f"{prefix}/{d.slug}/{calendar_name(d)}"] = assemble(name, blocks)
    files[ALL_CALENDAR] = assemble(ALL_NAME, everything)
    return files

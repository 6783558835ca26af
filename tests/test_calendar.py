"""Calendars (.ics): time zones, alarms, stable UIDs, byte-identical builds, privacy."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from interview_dossier.cli.main import main
from interview_dossier.load.loader import load_dossier
from interview_dossier.render.calendars import dossier_calendar
from picture_sites import article, build_site, make_project

TODAY = dt.date(2026, 11, 25)

ACME = """\
company: Acme
role: Platform Engineer
interviews:
  - when: 2026-12-03T10:00:00
    timezone: Europe/Berlin
    duration_minutes: 90
    stage: System design onsite
    format: onsite
    place: Acme HQ, Hamburg
    people: [Jonas Brandt, Aiyana Reyes]
  - when: 2026-12-10T09:30:00-05:00
    stage: Call with the CTO
    format: video
commitments:
  - what: Send two references
    due: 2026-11-28
  - what: Send the take-home
    due: 2026-11-20
    done: true
offers:
  - label: First offer
    date: 2026-11-24
    base: 90000
    deadline: 2026-12-04
"""

# The same facts with the lists in another order.
ACME_REORDERED = """\
company: Acme
role: Platform Engineer
interviews:
  - when: 2026-12-10T09:30:00-05:00
    stage: Call with the CTO
    format: video
  - when: 2026-12-03T10:00:00
    timezone: Europe/Berlin
    duration_minutes: 90
    stage: System design onsite
    format: onsite
    place: Acme HQ, Hamburg
    people: [Jonas Brandt, Aiyana Reyes]
commitments:
  - what: Send the take-home
    due: 2026-11-20
    done: true
  - what: Send two references
    due: 2026-11-28
offers:
  - label: First offer
    date: 2026-11-24
    base: 90000
    deadline: 2026-12-04
"""


def calendar_of(tmp_path: Path, text: str, slug: str = "acme") -> icalendar.Calendar:
    folder = tmp_path / "dossiers" / slug
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text(text, encoding="utf-8")
    dossier, problems = load_dossier(folder, tmp_path)
    assert problems == [] and dossier is not None
    return icalendar.Calendar.from_ical(dossier_calendar(dossier, TODAY))


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_interview_with_a_zone_name_keeps_its_zone(tmp_path: Path) -> None:
    cal = calendar_of(tmp_path, ACME)
    onsite = events(cal)["System design onsite — Acme"]
    assert onsite["dtstart"].params["TZID"] == "Europe/Berlin"
    start = onsite.decoded("dtstart")
    assert start == dt.datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert onsite.decoded("dtend") - start == dt.timedelta(minutes=90)
    assert str(onsite["location"]) == "Acme HQ, Hamburg"
    description = str(onsite["description"])
    assert "Stage: System design onsite" in description
    assert "Format: onsite" in description
    assert "With: Jonas Brandt, Aiyana Reyes" in description
    zones = [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == ["Europe/Berlin"]
    assert b"DTSTART;TZID=Europe/Berlin:20261203T100000" in cal.to_ical()


def test_interview_with_only_an_offset_is_written_in_utc(tmp_path: Path) -> None:
    cal = calendar_of(tmp_path, ACME)
    call = events(cal)["Call with the CTO — Acme"]
    assert "TZID" not in call["dtstart"].params
    start = call.decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(0)
    # 09:30 at -05:00 is 14:30 UTC: the same instant.
    assert start == dt.datetime(2026, 12, 10, 14, 30, tzinfo=dt.timezone.utc)
    assert b"DTSTART:20261210T143000Z" in cal.to_ical()


def test_interviews_have_two_alarms_and_deadlines_one_in_the_morning(tmp_path: Path) -> None:
    found = events(calendar_of(tmp_path, ACME))
    for name in ("System design onsite — Acme", "Call with the CTO — Acme"):
        alarms = found[name].walk("VALARM")
        assert len(alarms) == 2
        assert sorted(a.decoded("trigger") for a in alarms) == [
            dt.timedelta(days=-1),
            dt.timedelta(hours=-1),
        ]
        assert {a["trigger"].to_ical() for a in alarms} == {b"-P1D", b"-PT1H"}
        assert all(str(a["action"]) == "DISPLAY" for a in alarms)

    due = found["Due: Send two references — Acme"]
    assert due.decoded("dtstart") == dt.date(2026, 11, 28)  # all day: a date, not a time
    assert due.decoded("dtend") == dt.date(2026, 11, 29)
    (morning,) = due.walk("VALARM")
    assert morning.decoded("trigger") == dt.timedelta(hours=9)

    answer = found["Answer First offer — Acme"]
    assert answer.decoded("dtstart") == dt.date(2026, 12, 4)
    assert len(answer.walk("VALARM")) == 1
    # A commitment already done is not in the calendar.
    assert not any("take-home" in name for name in found)
    assert len(found) == 4


def test_uids_are_stable_and_do_not_depend_on_list_order(tmp_path: Path) -> None:
    first = calendar_of(tmp_path / "a", ACME)
    again = calendar_of(tmp_path / "b", ACME)
    moved = calendar_of(tmp_path / "c", ACME_REORDERED)

    def uids(cal: icalendar.Calendar) -> dict[str, str]:
        return {str(e["summary"]): str(e["uid"]) for e in cal.walk("VEVENT")}

    assert uids(first) == uids(again) == uids(moved)
    assert len(set(uids(first).values())) == 4
    assert all(uid.endswith("@dossier.invalid") for uid in uids(first).values())
    assert first.to_ical() == moved.to_ical()  # same facts, same bytes


def test_an_offer_deadline_leaves_once_the_process_has_ended(tmp_path: Path) -> None:
    ended = ACME + "outcome:\n  decision: declined\n"
    assert not any(name.startswith("Answer") for name in events(calendar_of(tmp_path, ended)))


def _cli_calendar(root: Path, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "DOSSIER_TODAY": "2026-11-25"}
    code = "import sys; from interview_dossier.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, "calendar", str(root), "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_two_runs_write_byte_identical_files(tmp_path: Path) -> None:
    # Two zones and a fresh interpreter with another hash seed each time: no set order leaks.
    lisbon = ACME.replace("Acme", "Beta").replace("Europe/Berlin", "Europe/Lisbon")
    root = make_project(tmp_path / "p", dossiers={"acme": ACME, "beta": lisbon})
    _cli_calendar(root, tmp_path / "one", "1")
    _cli_calendar(root, tmp_path / "two", "2")
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == ["acme.ics", "beta.ics", "calendar.ics"]
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    everything = icalendar.Calendar.from_ical((tmp_path / "one" / "calendar.ics").read_bytes())
    assert [str(tz["tzid"]) for tz in everything.walk("VTIMEZONE")] == [
        "Europe/Berlin",
        "Europe/Lisbon",
    ]
    assert len(everything.walk("VEVENT")) == 8


def test_site_build_links_calendars_and_builds_them_the_same_twice(tmp_path: Path) -> None:
    first = build_site(make_project(tmp_path / "a", dossiers={"acme": ACME}))
    second = build_site(make_project(tmp_path / "b", dossiers={"acme": ACME}))
    for path in ("calendar.ics", "opportunities/acme/acme.ics"):
        data = (first / path).read_bytes()
        assert data == (second / path).read_bytes()
        assert len(icalendar.Calendar.from_ical(data).walk("VEVENT")) == 4
    card = article(first / "opportunities" / "acme" / "index.html")
    assert card.select_one('a[href="acme.ics"]') is not None
    home = article(first / "index.html")
    assert home.select_one('a[href="calendar.ics"]') is not None


def test_share_build_calendars_hold_nothing_private(tmp_path: Path) -> None:
    secret = ACME.replace(
        "interviews:\n",
        "interviews:\n"
        "  - when: 2026-12-01T08:00:00+01:00\n"
        "    private: true\n"
        "    stage: SENTINEL-SECRET-STAGE\n"
        "    place: SENTINEL-SECRET-PLACE\n",
    )
    secret = secret.replace(
        "commitments:\n",
        "commitments:\n  - what: SENTINEL-SECRET-PROMISE\n    due: 2026-12-02\n    private: true\n",
    )
    root = make_project(tmp_path / "p", dossiers={"acme": secret})
    own = build_site(root)
    assert b"SENTINEL-SECRET-STAGE" in (own / "calendar.ics").read_bytes()  # the test can fail
    shared = build_site(root, share=True)
    calendars = list(shared.rglob("*.ics"))
    assert len(calendars) == 2
    for path in calendars:
        data = path.read_bytes()
        assert b"SENTINEL" not in data, path
        assert len(icalendar.Calendar.from_ical(data).walk("VEVENT")) == 4


def test_calendar_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", dossiers={"acme": ACME})
    out = tmp_path / "out"
    assert main(["calendar", str(root), "--out", str(out), "--today", "2026-11-25"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["acme.ics", "calendar.ics"]

    one = tmp_path / "one"
    assert main(["calendar", str(root / "dossiers" / "acme"), "--out", str(one)]) == 0
    assert [p.name for p in one.iterdir()] == ["acme.ics"]

    broken = make_project(
        tmp_path / "q", dossiers={"bad": "company: Bad\nrole: R\nstatus: maybe\n"}
    )
    nowhere = tmp_path / "nowhere"
    capsys.readouterr()
    assert main(["calendar", str(broken), "--out", str(nowhere)]) == 1
    err = capsys.readouterr().err
    assert "dossiers/bad/dossier.yml:3" in err and "status" in err
    assert "Traceback" not in err
    assert not nowhere.exists()  # nothing written

    assert main(["calendar", str(tmp_path / "missing"), "--out", str(nowhere)]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["calendar", str(root)])  # --out is required
    assert usage.value.code == 2


def test_the_combined_calendar_holds_every_dossiers_events_once_numbered() -> None:
    import datetime as dt

    from interview_dossier.load.loader import load_all
    from interview_dossier.model import Dossier, DossierFacts
    from interview_dossier.render.calendars import (
        ALL_NAME,
        _calendar,
        all_calendar,
        calendar_files,
        dossier_calendar,
        dossier_events,
    )

    repo = Path(__file__).resolve().parents[1]
    dossiers, problems = load_all(repo / "dossiers", repo)
    assert problems == []
    twins = DossierFacts.model_validate(
        {
            "company": "Twin",
            "role": "Dev",
            "interviews": [
                {"when": "2026-12-01T09:00:00", "timezone": "America/New_York"},
                {"when": "2026-12-01T09:00:00", "timezone": "America/New_York"},
            ],
            "commitments": [{"what": "Same", "due": "2026-12-02"}] * 2,
        }
    )
    dossiers.append(Dossier(slug="twin", path="dossiers/twin", facts=twins))
    today = dt.date(2026, 11, 25)
    whole = _calendar(ALL_NAME, (e for d in dossiers for e in dossier_events(d, today)))
    assert all_calendar(dossiers, today) == whole
    first = calendar_files(dossiers, today)
    assert first["calendar.ics"] == whole
    for d in dossiers:  # each opportunity's file too, from the same serialised events
        assert first[f"opportunities/{d.slug}/{d.slug}.ics"] == dossier_calendar(d, today)
    assert b"-2@dossier.invalid" in whole  # the repeated UID was numbered


# ---------------------------------------------------------------- clock changes

UTC = dt.timezone.utc

#: Interviews around the 2026 clock changes: (zone, `when` as written, minutes,
#: start in UTC). Each one crosses the change, so the wall clock and real time differ.
CLOCK_CHANGES = [
    # Europe/Berlin: 29 March 02:00 -> 03:00, 25 October 03:00 -> 02:00.
    ("Europe/Berlin", "2026-03-29T01:30:00", 60, dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
    (
        "Europe/Berlin",
        "2026-10-25T02:30:00+02:00",
        60,
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    ),
    (
        "Europe/Berlin",
        "2026-10-25T02:30:00+01:00",
        45,
        dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    ),
    ("Europe/Berlin", "2026-10-25T01:30:00", 90, dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)),
    # America/New_York: 8 March 02:00 -> 03:00, 1 November 02:00 -> 01:00.
    ("America/New_York", "2026-03-08T01:30:00", 60, dt.datetime(2026, 3, 8, 6, 30, tzinfo=UTC)),
    (
        "America/New_York",
        "2026-11-01T01:30:00-04:00",
        60,
        dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    ),
    ("America/New_York", "2026-11-01T00:45:00", 120, dt.datetime(2026, 11, 1, 4, 45, tzinfo=UTC)),
]


def _clock_change_dossier(zone: str, when: str, minutes: int) -> str:
    return (
        "company: Acme\nrole: Engineer\ninterviews:\n"
        f"  - when: {when}\n    timezone: {zone}\n    duration_minutes: {minutes}\n"
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None and moment.utcoffset() is not None
    return moment.astimezone(UTC)


@pytest.mark.parametrize(
    ("zone", "when", "minutes", "start"), CLOCK_CHANGES, ids=[c[1] for c in CLOCK_CHANGES]
)
def test_interviews_across_a_clock_change_last_their_real_duration(
    zone: str, when: str, minutes: int, start: dt.datetime, tmp_path: Path
) -> None:
    """Read back by two parsers, the event starts at the right instant and lasts `minutes`."""
    folder = tmp_path / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text(_clock_change_dossier(zone, when, minutes), "utf-8")
    dossier, problems = load_dossier(folder, tmp_path)
    assert problems == [] and dossier is not None
    data = dossier_calendar(dossier, TODAY)

    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    begin, end = _utc(event.decoded("dtstart")), _utc(event.decoded("dtend"))
    assert (begin, end - begin) == (start, dt.timedelta(minutes=minutes))

    import vobject

    (parsed,) = vobject.readComponents(data.decode("utf-8"))
    other = parsed.vevent
    begin2, end2 = _utc(other.dtstart.value), _utc(other.dtend.value)
    assert (begin2, end2 - begin2) == (start, dt.timedelta(minutes=minutes))
    # Where it can, the calendar keeps the local time and its zone.
    if "TZID" in event["dtstart"].params:
        assert event["dtstart"].params["TZID"] == zone


@pytest.mark.parametrize(
    ("zone", "when", "words"),
    [
        ("Europe/Berlin", "2026-03-29T02:30:00", "the clocks jump from 02:00 to 03:00"),
        ("America/New_York", "2026-03-08T02:15:00", "the clocks jump from 02:00 to 03:00"),
        ("Europe/Berlin", "2026-10-25T02:30:00", "2026-10-25T02:30:00+02:00 (the first)"),
        ("America/New_York", "2026-11-01T01:30:00", "2026-11-01T01:30:00-05:00 (the second)"),
    ],
    ids=[
        "berlin-spring-gap",
        "new-york-spring-gap",
        "berlin-autumn-twice",
        "new-york-autumn-twice",
    ],
)
def test_a_time_the_clock_change_makes_unclear_writes_no_calendar(
    zone: str, when: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A time in the spring gap does not exist; one in the autumn repeat needs its offset."""
    root = make_project(tmp_path / "p", dossiers={"acme": _clock_change_dossier(zone, when, 60)})
    out = tmp_path / "out"
    assert main(["calendar", str(root), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"dossiers/acme/dossier.yml:4:11: error: interviews[0].when: {when} " in err
    assert words in err and zone in err
    assert not out.exists()

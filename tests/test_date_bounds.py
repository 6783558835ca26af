"""Every date `check` accepts builds: years before 1900 or after 2200 are refused with
their field and line; the dates at the edges build pages, pictures and calendars."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run
from interview_dossier.load.loader import parse_facts, parse_note
from sitebuild import build_ok, make_project

BASE = "company: Acme\nrole: Lead\nstatus: offer\n"


@pytest.mark.parametrize(
    ("extra", "field", "line"),
    [
        ("commitments:\n  - what: Call back\n    due: 0001-01-01\n", "commitments[0].due", 6),
        ("commitments:\n  - what: Call back\n    due: 9999-12-31\n", "commitments[0].due", 6),
        (
            "offers:\n  - date: 2026-11-20\n    base: 1\n    deadline: 2201-01-01\n",
            "offers[0].deadline",
            7,
        ),
        ("stage_log:\n  - date: 1899-12-31\n    what: Applied\n", "stage_log[0].date", 5),
        ("interviews:\n  - when: 9999-12-31T23:00:00-10:00\n", "interviews[0].when", 5),
        ("interviews:\n  - when: 0001-01-01T00:30:00+05:00\n", "interviews[0].when", 5),
        (
            "interviews:\n  - when: 9999-12-31T23:00:00\n    timezone: Pacific/Kiritimati\n",
            "interviews[0].when",
            5,
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v else None,
)
def test_a_year_out_of_range_is_refused_with_field_and_line(
    extra: str, field: str, line: int
) -> None:
    facts, problems = parse_facts(BASE + extra, "dossiers/acme/dossier.yml")
    assert facts is None
    assert [(p.field, p.line) for p in problems] == [(field, line)]
    assert "1900" in problems[0].message and "2200" in problems[0].message


def test_a_note_date_out_of_range_is_refused() -> None:
    note, problems = parse_note("---\ntitle: Old\ndate: 0001-01-01\n---\n\nx\n", "n.md", "n")
    assert note is None and [(p.field, p.line) for p in problems] == [("date", 3)]


EDGES = (
    BASE
    + """\
interviews:
  - when: 1900-01-01T00:30:00+14:00
    stage: First
  - when: 2200-12-31T23:00:00-12:00
    stage: Last
    duration_minutes: 1440
  - when: 2200-12-31T23:30:00
    timezone: Pacific/Kiritimati
    stage: Zoned
commitments:
  - what: Early
    due: 1900-01-01
  - what: Late
    due: 2200-12-31
stage_log:
  - date: 1900-01-01
    what: Applied
    stage: true
  - date: 2200-12-31
    what: Heard back
    stage: true
offers:
  - date: 1900-01-01
    base: 90000
    deadline: 2200-12-31
"""
)


def test_the_edge_years_build_pages_pictures_and_calendars(tmp_path: Path) -> None:
    root = make_project(tmp_path / "repo", {"acme": {"dossier.yml": EDGES}})
    checked = run("check", cwd=root, env={"DOSSIER_TODAY": "2026-11-25"})
    assert "error" not in checked.stdout, checked.stdout
    site = build_ok(root)
    assert (site / "opportunities/acme/index.html").is_file()
    assert list(site.rglob("*.ics"))
    done = run("calendar", "--out", "cal", cwd=root, env={"DOSSIER_TODAY": "2026-11-25"})
    assert done.returncode == 0, done.stderr

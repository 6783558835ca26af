"""Share builds: not one byte of anything private may reach the output."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from sitebuild import all_bytes, article, build_ok, make_project, run_share, text_of

# One unique sentinel for every place the format lets a user mark private.
SECRET = {
    "floor": "86421",  # compensation.minimum, private by default
    "person_notes": "SNTL-PERSON-NOTES",  # people.notes, private by default
    "funding": "SNTL-FIELD-FUNDING",  # private: homework.company.funding
    "interview_notes": "SNTL-FIELD-INTERVIEW-NOTES",  # private: interviews.notes
    "market_source": "SNTL-FIELD-MARKET",  # private: compensation.market
    "market_high": "99917",
    "feedback_received": "SNTL-FIELD-FEEDBACK-RECEIVED",  # private: feedback.received
    "interview": "SNTL-ENTRY-INTERVIEW",
    "person": "SNTL-ENTRY-PERSON",
    "red_line": "SNTL-ENTRY-REDLINE",
    "step": "SNTL-ENTRY-STEP",
    "objection": "SNTL-ENTRY-OBJECTION",
    "answer": "SNTL-ENTRY-ANSWER",
    "alternative": "SNTL-ENTRY-BATNA",
    "pressure": "SNTL-ENTRY-PRESSURE",
    "commitment": "SNTL-ENTRY-COMMITMENT",
    "feedback": "SNTL-ENTRY-FEEDBACK",
    "offer_label": "SNTL-ENTRY-OFFER",
    "offer_base": "93337",
    "note_title": "SNTL-NOTE-TITLE",
    "note_author": "SNTL-NOTE-AUTHOR",
    "note_body": "SNTL-NOTE-BODY",
}

SECRET_DOSSIER = f"""\
company: Quiet Harbour
role: Platform Lead
status: offer
private: [homework.company.funding, interviews.notes, compensation.market, feedback.received]
interviews:
  - when: 2026-12-03T10:00:00+01:00
    stage: Final round
    notes: {SECRET["interview_notes"]}
    people: [Ana Ruiz, {SECRET["person"]}]
  - when: 2026-12-04T10:00:00+01:00
    timezone: Europe/Berlin
    stage: {SECRET["interview"]}
    private: true
people:
  - name: Ana Ruiz
    role: recruiter
    notes: {SECRET["person_notes"]}
  - name: {SECRET["person"]}
    role: founder
    private: true
homework:
  company:
    business: Ships containers
    funding: {SECRET["funding"]}
compensation:
  currency: EUR
  desired: {{base: 100000}}
  minimum: {SECRET["floor"]}
  market:
    - source: {SECRET["market_source"]}
      low: 80000
      high: {SECRET["market_high"]}
red_lines:
  - rule: Remote at least three days
    max_office_days: 2
  - rule: {SECRET["red_line"]}
    private: true
stage_log:
  - date: 2026-11-01
    what: Recruiter call
  - date: 2026-11-02
    what: {SECRET["step"]}
    private: true
objections:
  - objection: Too senior for us?
    answer: Seniority shortens the ramp-up.
  - objection: {SECRET["objection"]}
    answer: {SECRET["answer"]}
    private: true
batna:
  - what: Current contract
  - what: {SECRET["alternative"]}
    private: true
pressure:
  - date: 2026-11-10
    said: {SECRET["pressure"]}
    private: true
commitments:
  - what: Send portfolio
    due: 2026-12-01
  - what: {SECRET["commitment"]}
    due: 2026-12-02
    private: true
feedback:
  - date: 2026-11-05
    asked: How was the pitch?
    received: {SECRET["feedback_received"]}
  - date: 2026-11-06
    asked: {SECRET["feedback"]}
    private: true
offers:
  - label: Written offer
    date: 2026-11-20
    base: 95000
    deadline: 2026-12-05
  - label: {SECRET["offer_label"]}
    date: 2026-11-21
    base: {SECRET["offer_base"]}
    private: true
"""

PRIVATE_NOTE = f"""\
---
title: {SECRET["note_title"]}
author: {SECRET["note_author"]}
private: true
section: people
---

{SECRET["note_body"]}
"""

MENTOR_OPEN = "---\ntitle: Sharpen the pitch\nmentor: true\nauthor: Sam Okafor\nsection: objections\n---\n\nLead with the outcome.\n"
MENTOR_DONE = "---\ntitle: Ask for time\nmentor: true\nauthor: Sam Okafor\ndone: true\nsection: scripts\n---\n\nUse the pause script.\n"
OTHER = "company: Other Co\nrole: Engineer\nstatus: applied\n"


def needles(value: str) -> list[bytes]:
    """The ways a value can appear: as typed, and as a formatted number."""
    forms = {value}
    if value.isdigit():
        forms.add(f"{int(value):,}")
    return [f.encode() for f in forms]


def zip_bytes(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        found = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, data in list(found.items()):
        if name.endswith(".gz"):
            found[name + "!gunzip"] = gzip.GzipFile(fileobj=io.BytesIO(data)).read()
    return found


def hits(files: dict[str, bytes]) -> dict[str, list[str]]:
    return {
        key: sorted(name for name, data in files.items() if any(n in data for n in needles(value)))
        for key, value in SECRET.items()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(
        tmp_path_factory.mktemp("share"),
        {
            "quiet-harbour": {
                "dossier.yml": SECRET_DOSSIER,
                "private.md": PRIVATE_NOTE,
                "mentor-open.md": MENTOR_OPEN,
                "mentor-done.md": MENTOR_DONE,
            },
            "other-co": {"dossier.yml": OTHER},
        },
    )


@pytest.fixture(scope="module")
def shared(project: Path) -> Path:
    result = run_share(project, "--out", "shared", "--zip", "shared.zip")
    assert result.returncode == 0, result.stderr
    return project


def test_full_build_shows_every_sentinel(project: Path, tmp_path: Path) -> None:
    # Proves the leak test can fail: the same sentinels are all in the normal build.
    site = build_ok(project)
    found = hits(all_bytes(site))
    assert [key for key, where in found.items() if not where] == []


def test_share_folder_holds_no_sentinel(shared: Path) -> None:
    files = all_bytes(shared / "shared")
    assert any(name.endswith("search_index.json") for name in files)
    assert any(name.startswith("sitemap.xml") for name in files)
    assert {key: where for key, where in hits(files).items() if where} == {}


def test_share_zip_holds_no_sentinel(shared: Path) -> None:
    files = zip_bytes(shared / "shared.zip")
    assert "site/index.html" in files
    assert {key: where for key, where in hits(files).items() if where} == {}


def test_share_home_names_what_was_left_out_by_section_only(shared: Path) -> None:
    body = text_of(article(shared / "shared" / "index.html"))
    assert "Shared copy" in body
    assert "Quiet Harbour : Alternatives (BATNA), Commitments, Compensation" in body
    for section in ("Feedback", "Homework", "Interviews", "Notes", "People", "Offers", "Red lines"):
        assert section in body


def test_full_build_badges_private_items(project: Path) -> None:
    site = build_ok(project)
    numbers = article(site / "opportunities" / "quiet-harbour" / "numbers.html")
    badges = numbers.select(".dossier-private")
    assert len(badges) >= 3  # the floor, the private market point, the private offer


def test_subset_share_contains_only_the_chosen_dossier(project: Path) -> None:
    result = run_share(project, "--out", "only-other", "other-co")
    assert result.returncode == 0, result.stderr
    files = all_bytes(project / "only-other")
    assert not [
        n for n, data in files.items() if b"Quiet Harbour" in data or b"quiet-harbour" in data
    ]
    assert (project / "only-other" / "opportunities" / "other-co" / "index.html").is_file()


def test_share_refuses_to_overwrite_a_foreign_folder(project: Path) -> None:
    keep = project / "keep"
    keep.mkdir()
    (keep / "mine.txt").write_text("mine", encoding="utf-8")
    result = run_share(project, "--out", "keep")
    assert result.returncode == 1
    assert "not empty" in result.stderr
    assert (keep / "mine.txt").read_text(encoding="utf-8") == "mine"
    result = run_share(project, "--out", ".")
    assert result.returncode == 1 and "refusing" in result.stderr
    assert "Traceback" not in result.stderr


def test_share_with_unknown_slug_fails_clearly(project: Path) -> None:
    result = run_share(project, "--out", "nothing", "no-such-slug")
    assert result.returncode == 1
    assert "no dossier with slug no-such-slug" in result.stderr
    assert "Traceback" not in result.stderr


def test_mentor_comments_render_attributed_and_count_until_done(project: Path) -> None:
    site = build_ok(project)
    prepare = text_of(article(site / "opportunities" / "quiet-harbour" / "prepare.html"))
    assert (
        "Sharpen the pitch" in prepare
        and "Comment from Sam Okafor" in prepare
        and "open" in prepare
    )
    scripts = text_of(article(site / "opportunities" / "quiet-harbour" / "scripts.html"))
    assert "Ask for time" in scripts and "Comment from Sam Okafor · done" in scripts
    home = text_of(article(site / "index.html"))
    assert "Open mentor comments" in home and "Quiet Harbour : 1 open" in home


def test_a_mistyped_private_path_is_an_error_not_a_leak(tmp_path: Path) -> None:
    yml = "company: A\nrole: B\nprivate: [compensation.minimun, company]\n"
    root = make_project(tmp_path, {"a": {"dossier.yml": yml}})
    result = run_share(root, "--out", "out")
    assert result.returncode == 1
    assert "dossiers/a/dossier.yml:3:11" in result.stderr
    assert "`minimun` is not a field of compensation" in result.stderr
    assert "`company` names the dossier and is always shared" in result.stderr
    assert not (root / "out" / "index.html").exists()


def test_a_private_required_field_removes_its_record_and_only_that() -> None:
    from interview_dossier.model import Dossier, DossierFacts
    from interview_dossier.share import share

    facts = DossierFacts.model_validate(
        {
            "company": "A",
            "role": "B",
            "private": [
                "compensation.company_range.low",
                "compensation.market.date",
                "offers.base",
            ],
            "compensation": {
                "company_range": {"low": 1, "high": 2},
                "market": [{"source": "Survey", "low": 1, "high": 2, "date": "2026-01-01"}],
            },
            "offers": [{"date": "2026-11-01", "base": 5}],
        }
    )
    shared = share(Dossier(slug="a", path="dossiers/a", facts=facts))
    comp = shared.facts.compensation
    assert comp.company_range is None  # a range without its low end cannot stand
    assert [(m.source, m.date) for m in comp.market] == [("Survey", None)]  # date was optional
    assert shared.facts.offers == []  # an offer without its base is left out whole
    assert shared.withheld == ("Compensation", "Offers")

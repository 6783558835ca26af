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
    from interview_dossier.privacy.filter import share

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


# ------------------------------------------------ findings of the privacy review

NESTED = """\
company: Nested Co
role: Analyst
status: offer
compensation:
  minimum: 61000
  market:
    - source: Public survey
      low: 70000
      high: 80000
    - source: SNTL-NESTED-MARKET
      low: 81234
      high: 97531
      note: SNTL-NESTED-MARKET-NOTE
      private: true
"""

ALL_PEOPLE_PRIVATE = """\
company: Crowd Co
role: Engineer
status: interviewing
private: [people]
interviews:
  - when: 2026-12-03T10:00:00+01:00
    stage: Panel
    people: [Ingmar Quellhorst, Wilma Freeman]
people:
  - name: Ingmar Quellhorst
    role: CTO
commitments:
  - what: Send the case study
    due: 2026-12-10
    to: Ingmar Quellhorst
"""

ONE_PERSON_PRIVATE = """\
company: Variant Co
role: Engineer
status: interviewing
interviews:
  - when: 2026-12-04T10:00:00+01:00
    stage: Final
    people: ["  oskar   VANTERPOOL", Ana Visible]
people:
  - name: Oskar Vanterpool
    private: true
  - name: Ana Visible
commitments:
  - what: Call back
    due: 2026-12-11
    to: OSKAR vanterpool
"""

RED_LINE_DEFAULT = """\
company: Limit Co
role: Engineer
status: offer
red_lines:
  - rule: Base pay of at least my floor
    min_base: 75319
offers:
  - label: First offer
    date: 2026-11-20
    base: 70000
"""

RED_LINE_PUBLIC = """\
company: Open Limit Co
role: Engineer
status: offer
public: [red_lines.min_base]
red_lines:
  - rule: Base pay of at least my floor
    min_base: 75413
offers:
  - label: First offer
    date: 2026-11-20
    base: 70000
"""


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("findings"),
        {
            "nested-co": {"dossier.yml": NESTED},
            "crowd-co": {"dossier.yml": ALL_PEOPLE_PRIVATE},
            "variant-co": {"dossier.yml": ONE_PERSON_PRIVATE},
            "limit-co": {"dossier.yml": RED_LINE_DEFAULT},
            "open-limit-co": {"dossier.yml": RED_LINE_PUBLIC},
        },
    )
    result = run_share(root, "--out", "shared")
    assert result.returncode == 0, result.stderr
    build_ok(root)
    return root


def files_with(files: dict[str, bytes], *values: str) -> list[str]:
    """Names of the files that hold any value, case and formatting aside."""
    forms = [n.lower() for v in values for n in needles(v)]
    return sorted(name for name, data in files.items() if any(f in data.lower() for f in forms))


def test_a_private_market_point_leaves_no_byte_in_a_share(findings: Path) -> None:
    secrets = ("SNTL-NESTED-MARKET", "81234", "97531")
    assert files_with(all_bytes(findings / "site"), *secrets)  # the full build shows it
    assert files_with(all_bytes(findings / "shared"), *secrets) == []
    numbers = text_of(article(findings / "shared/opportunities/nested-co/numbers.html"))
    assert "Public survey" in numbers


def test_check_private_lists_a_private_market_point() -> None:
    from interview_dossier.load.loader import parse_facts
    from interview_dossier.model import Dossier
    from interview_dossier.privacy.filter import private_places

    facts, problems = parse_facts(NESTED, "dossier.yml")
    assert facts is not None, problems
    places = private_places(Dossier(slug="n", path="dossiers/nested-co", facts=facts))
    assert places == ["compensation.minimum", "compensation.market[1]"]


def test_check_private_command_names_the_nested_entry(findings: Path) -> None:
    from helpers import run

    done = run("check", "--private", "dossiers/nested-co", cwd=findings)
    assert done.returncode == 0, done.stderr
    assert (
        "dossiers/nested-co: private, left out of share builds: "
        "compensation.minimum, compensation.market[1]"
    ) in done.stdout


def test_private_people_leaves_no_name_in_interviews_calendar_or_search(findings: Path) -> None:
    names = ("Ingmar Quellhorst", "Wilma Freeman")
    full = all_bytes(findings / "site")
    assert any(name.endswith(".ics") for name in files_with(full, *names))
    assert any(name.endswith("search_index.json") for name in files_with(full, *names))
    shared = all_bytes(findings / "shared")
    assert files_with(shared, "Ingmar", "Quellhorst", "Wilma", "Freeman") == []
    assert any(name.endswith("crowd-co.ics") for name in shared)  # the calendar is still there
    log = text_of(article(findings / "shared/opportunities/crowd-co/log.html"))
    assert "Panel" in log and "Send the case study" in log


def test_a_private_person_is_matched_whatever_the_case_and_spacing(findings: Path) -> None:
    assert files_with(all_bytes(findings / "site"), "Vanterpool")
    shared = all_bytes(findings / "shared")
    assert files_with(shared, "Vanterpool") == []
    assert any(name.endswith("variant-co.ics") for name in files_with(shared, "Ana Visible"))


def test_red_line_pay_limit_is_private_unless_listed_as_public(findings: Path) -> None:
    full = all_bytes(findings / "site")
    assert files_with(full, "75319")
    full_numbers = text_of(article(findings / "site/opportunities/limit-co/numbers.html"))
    assert "your limit is 75,319" in full_numbers
    assert files_with(all_bytes(findings / "shared"), "75319") == []
    numbers = text_of(article(findings / "shared/opportunities/limit-co/numbers.html"))
    assert "Base pay of at least my floor" in numbers  # the rule stays, its limit does not
    home = text_of(article(findings / "shared/index.html"))
    assert "Limit Co : Red lines" in home
    shown = text_of(article(findings / "shared/opportunities/open-limit-co/numbers.html"))
    assert "your limit is 75,413" in shown  # `public: [red_lines.min_base]` shares it


def test_a_path_both_private_and_public_is_an_error_with_its_line(tmp_path: Path) -> None:
    from helpers import run

    yml = (
        "company: A\nrole: B\n"
        "private:\n  - compensation.minimum\n  - people\n"
        "public:\n  - people.notes\n  - compensation.minimum\n"
        "compensation:\n  minimum: 64021\n"
    )
    root = make_project(tmp_path, {"a": {"dossier.yml": yml}})
    done = run("check", cwd=root)
    assert done.returncode == 1
    assert (
        "dossiers/a/dossier.yml:7:5: error: public[0]: `people.notes` is listed under both "
        "`private:` (as part of `people`) and `public:`"
    ) in done.stdout
    assert (
        "dossiers/a/dossier.yml:8:5: error: public[1]: `compensation.minimum` is listed under "
        "both `private:` and `public:`"
    ) in done.stdout
    result = run_share(root, "--out", "out")
    assert result.returncode == 1
    assert "dossiers/a/dossier.yml:8:5" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "out").exists() or files_with(all_bytes(root / "out"), "64021") == []

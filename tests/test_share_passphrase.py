"""Passphrase-protected share builds: every page encrypted, nothing readable without it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sitebuild
from sitebuild import TODAY, all_bytes, article, make_project, soup, text_of

PASSPHRASE = "quiet lantern orbit stäple 42"
PASS_VAR = "DOSSIER_TEST_SHARE_PASSPHRASE"

# Sentinels in places that are NOT private: a plain share shows every one of them,
# a protected share none, because every page is encrypted.
PUBLIC = {
    "stage": "SNTL-PUB-STAGE",  # interviews.stage, also in the calendars
    "person": "SNTL-PUB-PERSON",  # people.name
    "business": "SNTL-PUB-BUSINESS",  # homework.company.business
    "red_line": "SNTL-PUB-REDLINE",  # red_lines.rule
    "objection": "SNTL-PUB-OBJECTION",  # objections.objection
    "answer": "SNTL-PUB-ANSWER",  # objections.answer
    "commitment": "SNTL-PUB-COMMITMENT",  # commitments.what, also in the calendars
    "note_title": "SNTL-PUB-NOTE-TITLE",  # a note's title: a heading, so in the page's toc
    "note_body": "SNTL-PUB-NOTE-BODY",
    "own_page": "SNTL-PUB-OWN-PAGE",  # a page of the user's own, which asks not to be encrypted
}

DOSSIER = f"""\
company: Lantern Works
role: Staff Engineer
status: interviewing
interviews:
  - when: 2026-12-03T10:00:00+01:00
    stage: {PUBLIC["stage"]}
people:
  - name: {PUBLIC["person"]}
    role: recruiter
homework:
  company:
    business: {PUBLIC["business"]}
red_lines:
  - rule: {PUBLIC["red_line"]}
objections:
  - objection: {PUBLIC["objection"]}
    answer: {PUBLIC["answer"]}
commitments:
  - what: {PUBLIC["commitment"]}
    due: 2026-12-01
"""

NOTE = f"""\
---
title: {PUBLIC["note_title"]}
section: objections
---

{PUBLIC["note_body"]}
"""

# encryptcontent reads `password: ""` as "do not encrypt this page"; a share ignores it.
OWN_PAGE = f'---\npassword: ""\n---\n\n# Own page\n\n{PUBLIC["own_page"]}\n'

CARD = Path("opportunities") / "lantern-works" / "index.html"


def run_share(root: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    # Never let a passphrase from the calling shell into a test.
    return sitebuild.run_share(root, *args, unset=(PASS_VAR,), **kwargs)


def hits(files: dict[str, bytes], needles: dict[str, str]) -> dict[str, list[str]]:
    return {
        key: sorted(name for name, data in files.items() if value.encode() in data)
        for key, value in needles.items()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("protected"),
        {"lantern-works": {"dossier.yml": DOSSIER, "pitch.md": NOTE}},
        plugin_options={"share_docs": ["own.md"]},  # a share keeps only the pages listed
    )
    (root / "docs" / "own.md").write_text(OWN_PAGE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def protected(project: Path) -> Path:
    before = sorted(p.name for p in project.iterdir())
    result = run_share(
        project,
        "--out",
        "protected",
        "--zip",
        "protected.zip",
        "--passphrase-env",
        PASS_VAR,
        env={PASS_VAR: PASSPHRASE},
    )
    assert result.returncode == 0, result.stderr
    assert "passphrase" in result.stdout
    assert PASSPHRASE not in result.stdout + result.stderr
    # Nothing beside the output: no key cache, no share links next to mkdocs.yml.
    after = sorted(p.name for p in project.iterdir())
    assert sorted({*before, "protected", "protected.zip"}) == after
    return project / "protected"


def test_plain_share_shows_every_sentinel(project: Path) -> None:
    # Proves the leak test below can fail: without a passphrase all of them are there.
    result = run_share(project, "--out", "plain")
    assert result.returncode == 0, result.stderr
    found = hits(all_bytes(project / "plain"), PUBLIC)
    assert [key for key, where in found.items() if not where] == []
    assert any(name.endswith(".ics") for name in found["commitment"])


def test_protected_share_holds_no_sentinel_and_no_passphrase(protected: Path) -> None:
    files = all_bytes(protected)
    assert {key: where for key, where in hits(files, PUBLIC).items() if where} == {}
    assert [name for name, data in files.items() if PASSPHRASE.encode() in data] == []
    assert [name for name, data in files.items() if "stäple".encode() in data] == []
    with zipfile.ZipFile(protected.parent / "protected.zip") as archive:
        zipped = {info.filename: archive.read(info) for info in archive.infolist()}
    assert "site/index.html" in zipped
    assert {key: where for key, where in hits(zipped, PUBLIC).items() if where} == {}


def test_protected_share_search_index_is_empty(protected: Path) -> None:
    import json

    index = json.loads((protected / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    # The copy Material reads from a file (file://) is the cleaned one too.
    script = (protected / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(script.removeprefix("var __index = ")) == index


def test_every_page_is_encrypted_and_calendars_are_inside(protected: Path) -> None:
    pages = [p for p in protected.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 10
    for page in pages:
        body = article(page)
        assert body.select_one("#mkdocs-encrypted-content") is not None, page
        assert body.select_one("input#mkdocs-content-password[type=password]") is not None
        # The page's table of contents is encrypted with it.
        for toc in soup(page).select("nav.md-nav--secondary"):
            assert "display:none" in toc.get("style", "").replace(" ", ""), page
    assert "Own page" not in text_of(article(protected / "own.html"))
    # Calendar files cannot be encrypted: none is left in the copy.
    assert not list(protected.rglob("*.ics"))
    # Nav titles (company and role) stay readable, by design.
    assert "Lantern Works" in text_of(soup(protected / CARD).select_one("nav.md-nav--primary"))


def _strictly_local(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("file:", "data:", "blob:"))]


@pytest.mark.browser
def test_passphrase_round_trip_offline_on_a_phone(protected: Path, phone: Any) -> None:
    phone.set_offline(True)
    page = phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((protected / CARD).as_uri())
    box = page.locator("#mkdocs-content-password")
    box.wait_for(state="visible")
    assert PUBLIC["objection"] not in page.inner_text("body")

    box.fill("not the passphrase at all")
    page.locator("#mkdocs-decrypt-button").click()
    message = page.locator("#mkdocs-decrypt-msg")
    message.filter(has_text="Wrong passphrase").wait_for(timeout=30_000)
    assert PUBLIC["objection"] not in page.inner_text("body")
    assert PUBLIC["answer"] not in page.content()

    box.fill(PASSPHRASE)
    page.locator("#mkdocs-decrypt-button").click()
    objection = page.get_by_text(PUBLIC["objection"], exact=True)
    objection.wait_for(state="visible", timeout=30_000)
    objection.click()  # the answer sits in a "rehearse" fold
    page.get_by_text(PUBLIC["answer"]).wait_for(state="visible")
    assert page.locator("#mkdocs-content-password").count() == 0
    # The calendar is a download link inside the decrypted page.
    link = page.locator('a[download="lantern-works.ics"]')
    assert (link.get_attribute("href") or "").startswith("data:text/calendar;base64,")

    # The key stays for this tab: the next page opens without asking again.
    page.goto((protected / "opportunities" / "lantern-works" / "prepare.html").as_uri())
    page.get_by_text(PUBLIC["note_body"]).wait_for(state="visible", timeout=30_000)
    assert errors == []
    assert _strictly_local(phone.requests) == []
    assert phone.requests  # the listener did record the file: requests


@pytest.mark.browser
def test_toc_opens_with_the_page_on_a_wide_screen(protected: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto((protected / "opportunities" / "lantern-works" / "prepare.html").as_uri())
        toc = page.locator("nav.md-nav--secondary").last
        assert not toc.is_visible()
        page.locator("#mkdocs-content-password").fill(PASSPHRASE)
        page.keyboard.press("Enter")
        toc.get_by_text(PUBLIC["note_title"]).wait_for(state="visible", timeout=30_000)
    finally:
        context.close()
    assert _strictly_local(requests) == []


def test_unset_passphrase_variable_is_a_usage_error(project: Path) -> None:
    result = run_share(project, "--out", "nothing", "--passphrase-env", "DOSSIER_NO_SUCH_VAR")
    assert result.returncode == 2
    assert "--passphrase-env DOSSIER_NO_SUCH_VAR: no such variable, or empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "nothing").exists()


def test_short_passphrase_is_refused(project: Path) -> None:
    result = run_share(
        project, "--out", "nothing", "--passphrase-env", PASS_VAR, env={PASS_VAR: "short"}
    )
    assert result.returncode == 2
    assert "at least 12 characters" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "nothing").exists()


def test_passphrase_options_exclude_each_other(project: Path) -> None:
    result = run_share(
        project, "--out", "nothing", "--passphrase-env", PASS_VAR, "--passphrase-prompt"
    )
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


def test_prompt_asks_twice_and_refuses_a_mismatch(project: Path) -> None:
    result = run_share(
        project, "--out", "nothing", "--passphrase-prompt", stdin=f"{PASSPHRASE}\nsomething else\n"
    )
    assert result.returncode == 2
    assert "the two passphrases differ" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "nothing").exists()
    result = run_share(project, "--out", "nothing", "--passphrase-prompt", stdin="")
    assert result.returncode == 2 and "no passphrase was typed" in result.stderr


def test_prompt_builds_a_protected_copy(project: Path) -> None:
    result = run_share(
        project, "--out", "prompted", "--passphrase-prompt", stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n"
    )
    assert result.returncode == 0, result.stderr
    assert article(project / "prompted" / CARD).select_one("#mkdocs-encrypted-content")
    assert {k: w for k, w in hits(all_bytes(project / "prompted"), PUBLIC).items() if w} == {}


def test_missing_encryption_package_fails_clearly(project: Path) -> None:
    code = (
        "import sys; sys.modules['encryptcontent'] = None; "
        "from interview_dossier.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "share", "--out", "nothing", "--passphrase-env", PASS_VAR],
        cwd=project,
        env={**os.environ, PASS_VAR: PASSPHRASE, "DOSSIER_TODAY": TODAY},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "mkdocs-encryptcontent-plugin" in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "nothing").exists()

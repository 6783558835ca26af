"""Nothing private slips through a spelling: names in any Unicode form, case or spacing,
short names, amounts in the forms people write them, and passphrase shares checked
before they are encrypted."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from interview_dossier.load.loader import parse_facts, parse_note
from interview_dossier.mkdocs_plugin.sharebuild import without_ciphertext
from interview_dossier.model import Dossier, DossierFacts
from interview_dossier.privacy.filter import share
from interview_dossier.privacy.selfcheck import find_leaks, private_values
from sitebuild import all_bytes, make_project, run_share

DATA = Path(__file__).parent / "data"
PASSPHRASE = "quiet lantern orbit stäple 42"

NFC = unicodedata.normalize("NFC", "Zoë Müller")
NFD = unicodedata.normalize("NFD", "Zoë Müller")


def spellings(name: str) -> list[str]:
    """The same name as a reader sees it: other normal forms, cases and spacings."""
    nfd = unicodedata.normalize("NFD", name)
    return [
        nfd,
        unicodedata.normalize("NFC", name),
        nfd.upper(),
        "  " + "\u00a0\u00a0".join(name.lower().split()) + " ",
        name.replace(" ", "\u2009"),
        name.replace(" ", " \u200b"),  # a zero-width space, invisible on screen
    ]


def visible(data: bytes) -> str:
    """A file's text as a reader meets it: one normal form, case and spacing aside,
    JSON escapes read."""
    text = data.decode("utf-8", "replace")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.replace("\u200b", "").split())


def facts(name: str, reference: str) -> str:
    return yaml.safe_dump(
        {
            "company": "Lantern Works",
            "role": "Staff Engineer",
            "status": "interviewing",
            "people": [{"name": name, "private": True}, {"name": "Ana Visible"}],
            "interviews": [
                {
                    "when": "2026-12-03T10:00:00+01:00",
                    "stage": "Panel",
                    "people": [reference, "Ana Visible"],
                }
            ],
            "commitments": [{"what": "Send the case study", "due": "2026-12-01", "to": reference}],
        },
        allow_unicode=True,
        sort_keys=False,
    )


# --- the share filter --------------------------------------------------------------


@pytest.mark.parametrize("reference", spellings(NFC), ids=repr)
def test_a_private_person_is_taken_off_in_any_spelling_of_the_name(reference: str) -> None:
    loaded, problems = parse_facts(facts(NFC, reference), "dossiers/x/dossier.yml")
    assert loaded is not None, problems
    note, problems = parse_note(
        f"---\ntitle: Debrief\nauthor: {reference}\n---\n\nFine.\n", "n", "n"
    )
    assert note is not None, problems
    kept = share(Dossier(slug="x", path="dossiers/x", facts=loaded, notes=(note,)))
    assert kept.facts.interviews[0].people == ["Ana Visible"]
    assert kept.facts.commitments[0].to is None
    assert kept.notes[0].meta.author is None


def test_a_name_written_in_nfd_never_reaches_a_share_build(tmp_path: Path) -> None:
    root = make_project(tmp_path / "repo", {"lantern": {"dossier.yml": facts(NFC, NFD)}})
    result = run_share(root, "--out", "shared")
    assert result.returncode == 0, result.stderr
    files = all_bytes(root / "shared")
    assert any(name.endswith(".ics") for name in files)
    assert [name for name, data in files.items() if "müller" in visible(data)] == []
    assert [name for name, data in files.items() if "ana visible" in visible(data)]


# --- the self-check ----------------------------------------------------------------


def dossier(data: dict[str, object]) -> Dossier:
    return Dossier(slug="acme", path="dossiers/acme", facts=DossierFacts.model_validate(data))


def leaks_of(
    full: dict[str, object], kept: dict[str, object], page: str, name: str = "page.html"
) -> list[str]:
    """The fields whose private value the self-check finds in one output file."""
    secrets = private_values([dossier(full)], [dossier(kept)])
    found = find_leaks({name: page.encode()}, secrets, [dossier(kept)])
    return sorted(leak.secret.leaf.where.split(" ")[1] for leak in found)


PLAIN = {"company": "Acme", "role": "Lead"}


@pytest.mark.parametrize("written", spellings(NFC), ids=repr)
@pytest.mark.parametrize("listed", [NFC, NFD], ids=["listed-nfc", "listed-nfd"])
def test_the_check_finds_a_private_name_in_any_spelling(listed: str, written: str) -> None:
    full = {**PLAIN, "people": [{"name": listed, "private": True}]}
    page = f"<p>Met {written} on Monday</p>"
    assert leaks_of(full, PLAIN, page) == ["people[0].name"]
    as_json = json.dumps({"text": f"Met {written}"})  # \u escapes, as a search index has
    assert leaks_of(full, PLAIN, as_json) == ["people[0].name"]


@pytest.mark.parametrize("name", ["Li", "Eva", "Bo"])
def test_the_check_finds_short_private_names_as_whole_words(name: str) -> None:
    full = {**PLAIN, "people": [{"name": name, "private": True}]}
    assert leaks_of(full, PLAIN, f"<p>Ask {name.upper()} about the team.</p>") == ["people[0].name"]
    # Part of a longer word, or markup that spells the same letters, is not the name.
    decoys = f"<ul><li>Evan, Boris and Lisa</li></ul><b>Bold</b> {name}x x{name}"
    assert leaks_of(full, PLAIN, decoys) == []


def forms_table() -> list[tuple[int, str, bool]]:
    data = yaml.safe_load((DATA / "amount_forms.yml").read_text(encoding="utf-8"))
    rows = []
    for block in data["amounts"]:
        rows += [(block["amount"], f, True) for f in block["found"]]
        rows += [(block["amount"], f, False) for f in block["not_found"]]
    return rows


@pytest.mark.parametrize(("amount", "written", "found"), forms_table(), ids=repr)
def test_the_check_knows_the_forms_of_an_amount(amount: int, written: str, found: bool) -> None:
    full = {**PLAIN, "compensation": {"minimum": amount}}
    leaks = leaks_of(full, PLAIN, f"<p>My walk-away is {written} a year.</p>")
    assert leaks == (["compensation.minimum"] if found else [])


def test_rounded_figures_on_a_chart_axis_are_not_taken_for_a_private_amount() -> None:
    full = {**PLAIN, "compensation": {"minimum": 80000}}
    axis = '<svg><text x="1">70k</text><text x="2">80k</text><text x="3">90k</text></svg>'
    assert leaks_of(full, PLAIN, axis) == []
    # A search index runs the pictures' labels into the text: the page is searched instead.
    index = json.dumps({"docs": [{"text": "Market 70k\u201390kTarget 80kEUR a year"}]})
    assert leaks_of(full, PLAIN, index, "search/search_index.json") == []
    assert leaks_of(full, PLAIN, index.replace("80k", "80,000"), "search/search_index.json") == [
        "compensation.minimum"
    ]
    assert leaks_of(full, PLAIN, '<svg><text x="2">Floor 80,000</text></svg>') == [
        "compensation.minimum"
    ]


# --- whole shares: the passphrase share and the calendars --------------------------

FLOOR_FACTS = """\
company: Lantern Works
role: Staff Engineer
status: interviewing
compensation:
  desired: {base: 98000}
  minimum: 80000
people:
  - name: Ana Visible
    notes: She will push hard on the on-call rota in the final round
"""


def test_a_passphrase_share_is_checked_before_it_is_encrypted(tmp_path: Path) -> None:
    note = (
        "---\ntitle: Money\n---\n\nMy walk-away is 80,000.\n\n"
        "Ana: she will push hard on the on-call rota in the final round, so be ready.\n"
    )
    root = make_project(
        tmp_path / "repo", {"lantern": {"dossier.yml": FLOOR_FACTS, "money.md": note}}
    )
    plain = run_share(root, "--out", "plain")
    assert plain.returncode == 1 and "compensation.minimum" in plain.stderr
    result = run_share(
        root, "--out", "shared", "--passphrase-env", "SHARE_PASS", env={"SHARE_PASS": PASSPHRASE}
    )
    assert result.returncode == 1, result.stdout
    assert "compensation.minimum" in result.stderr
    assert "people[0].notes" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "shared").exists()
    assert not [p for p in root.iterdir() if p.name.endswith(".partial")]


def test_a_passphrase_share_checks_the_calendars_it_hides_in_pages(tmp_path: Path) -> None:
    # The floor in a commitment reaches the calendar, which moves into an encrypted page.
    commitment = "commitments:\n  - what: Say no below 80,000\n    due: 2026-12-01\n"
    root = make_project(tmp_path / "repo", {"lantern": {"dossier.yml": FLOOR_FACTS + commitment}})
    result = run_share(
        root, "--out", "shared", "--passphrase-env", "SHARE_PASS", env={"SHARE_PASS": PASSPHRASE}
    )
    assert result.returncode == 1, result.stdout
    assert ".ics" in result.stderr and "compensation.minimum" in result.stderr
    assert not (root / "shared").exists()


def test_a_protected_page_is_checked_without_its_ciphertext() -> None:
    """Base64 ciphertext holds `80K+` or `80000/` by chance; its plain text is checked."""
    blob = "GmxLZD2APMV5wo/ucTQg1A==;oDb+eF2lind80K+bQO1080000/Zmq=="
    page = f'<div id="mkdocs-encrypted-content" style="display:none">{blob}</div><p>Hi</p>'
    full = {**PLAIN, "compensation": {"minimum": 80000}}
    assert leaks_of(full, PLAIN, page) == ["compensation.minimum"]  # as any text would be
    cleaned = without_ciphertext(page.encode()).decode()
    assert "<p>Hi</p>" in cleaned and leaks_of(full, PLAIN, cleaned) == []
    assert leaks_of(full, PLAIN, cleaned + "<p>80,000</p>") == ["compensation.minimum"]


def test_a_passphrase_share_of_the_examples_is_made(tmp_path: Path) -> None:
    """Each build encrypts anew: the check must not depend on what the ciphertext holds."""
    root = make_project(tmp_path / "repo", examples=True)
    env = {"SHARE_PASS": PASSPHRASE}
    for out in ("one", "two"):
        result = run_share(root, "--out", out, "--passphrase-env", "SHARE_PASS", env=env)
        assert result.returncode == 0, result.stderr

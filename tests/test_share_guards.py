"""A share that checks itself, writes nothing partial, and overwrites nothing of yours."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from interview_dossier.model import Dossier, DossierFacts
from interview_dossier.privacy.selfcheck import find_leaks, private_values
from interview_dossier.render.calendars import dossier_calendar
from sitebuild import TODAY, all_bytes, make_project, run_share

FLOOR = 75319
FACTS = f"""\
company: Acme Robotics
role: Platform Lead
status: interviewing
compensation:
  desired: {{base: 98000}}
  minimum: {FLOOR}
"""
PUBLIC_NOTE = "---\ntitle: Pitch\n---\n\nOpen with the fleet story.\n"


def project(tmp_path: Path, *, docs: bool = True, **files: str) -> Path:
    """A repository with one dossier; with `docs`, its docs/about.md goes into shares."""
    return make_project(
        tmp_path / "repo",
        {"acme-robotics": {"dossier.yml": FACTS, "pitch.md": PUBLIC_NOTE, **files}},
        plugin_options={"share_docs": ["about.md"]} if docs else {},
    )


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_about(root: Path, text: str) -> None:
    (root / "docs" / "about.md").write_text(f"# About\n\n{text}\n", encoding="utf-8")


def test_share_fails_naming_a_listed_docs_page_that_quotes_the_floor(tmp_path: Path) -> None:
    root = project(tmp_path)
    write_about(root, "My floor is 75\u202f319 EUR a year.")  # a narrow no-break space
    result = run_share(root, "--out", "shared", "--zip", "shared.zip")
    assert result.returncode == 1
    assert "about.html: shows the private value of" in result.stderr
    assert "compensation.minimum" in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing written: no folder, no zip, no half-built copy beside them.
    written = sorted(p.name for p in root.iterdir())
    assert written == ["docs", "dossiers", "mkdocs.yml"]


def test_share_fails_naming_the_note_that_quotes_a_private_figure(tmp_path: Path) -> None:
    root = project(tmp_path, **{"money.md": "---\ntitle: Money\n---\n\nI walk below 75,319.\n"})
    write_about(root, "Nothing private here.")
    result = run_share(root, "--out", "shared")
    assert result.returncode == 1
    assert "opportunities/acme-robotics/" in result.stderr
    assert "still shared at dossiers/acme-robotics/money.md body" in result.stderr
    assert not (root / "shared").exists()


def test_share_fails_when_a_kept_field_holds_a_private_amount(tmp_path: Path) -> None:
    offer = "offers:\n  - label: Written offer\n    date: 2026-11-20\n    base: 75319\n"
    root = project(tmp_path, **{"dossier.yml": FACTS + offer})
    write_about(root, "Nothing private here.")
    result = run_share(root, "--out", "shared")
    assert result.returncode == 1
    assert "still shared at dossiers/acme-robotics/dossier.yml offers[0].base" in result.stderr


def test_a_failed_share_leaves_the_previous_share_untouched(tmp_path: Path) -> None:
    root = project(tmp_path)
    write_about(root, "Nothing private here.")
    assert run_share(root, "--out", "shared", "--zip", "shared.zip").returncode == 0
    before = fingerprint(root / "shared"), (root / "shared.zip").read_bytes()
    write_about(root, f"My floor is {FLOOR:,}.")
    result = run_share(root, "--out", "shared", "--zip", "shared.zip")
    assert result.returncode == 1 and "about.html" in result.stderr
    assert (fingerprint(root / "shared"), (root / "shared.zip").read_bytes()) == before
    assert not [p for p in root.iterdir() if p.name.endswith(".partial")]


def test_docs_pages_go_into_a_share_only_when_listed(tmp_path: Path) -> None:
    root = project(tmp_path)
    write_about(root, "SNTL-LISTED-PAGE")
    (root / "docs" / "diary.md").write_text("# Diary\n\nSNTL-UNLISTED-PAGE\n", encoding="utf-8")
    result = run_share(root, "--out", "shared")
    assert result.returncode == 0, result.stderr
    files = all_bytes(root / "shared")
    assert "about.html" in files and "diary.html" not in files and "format.html" not in files
    assert any(b"SNTL-LISTED-PAGE" in data for data in files.values())
    assert not [n for n, data in files.items() if b"SNTL-UNLISTED-PAGE" in data]
    # The shipped format guide quotes the examples' private floor: never in a share.
    assert not [n for n, data in files.items() if b"Your floor" in data and b"format" in data]


def test_a_share_docs_entry_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path)  # lists about.md, which does not exist
    result = run_share(root, "--out", "shared")
    assert result.returncode == 1
    assert "share_docs: `about.md` matches no file in" in result.stderr
    assert "Traceback" not in result.stderr and not (root / "shared").exists()


def test_zip_never_overwrites_a_file_that_is_not_a_previous_zip(tmp_path: Path) -> None:
    root = project(tmp_path, docs=False)
    for target in ("mkdocs.yml", "dossiers/acme-robotics/dossier.yml", "docs/format.md"):
        before = (root / target).read_bytes()
        result = run_share(root, "--out", "shared", "--zip", target)
        assert result.returncode == 1, target
        assert f"--zip {target}: " in result.stderr and "Traceback" not in result.stderr
        assert (root / target).read_bytes() == before
    assert not (root / "shared").exists()
    (root / "notes.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip, not ours
    assert run_share(root, "--out", "shared", "--zip", "notes.zip").returncode == 1
    # A zip a share wrote is replaced.
    assert run_share(root, "--out", "shared", "--zip", "shared.zip").returncode == 0
    assert run_share(root, "--out", "shared", "--zip", "shared.zip").returncode == 0
    with zipfile.ZipFile(root / "shared.zip") as archive:
        assert "site/index.html" in archive.namelist()


def test_reshare_deletes_only_what_the_previous_share_wrote(tmp_path: Path) -> None:
    root = project(tmp_path, docs=False, **{"other.md": "---\ntitle: Other\n---\n\nx\n"})
    (root / "dossiers" / "beta").mkdir()
    (root / "dossiers" / "beta" / "dossier.yml").write_text(
        "company: Beta\nrole: Lead\n", encoding="utf-8"
    )
    assert run_share(root, "--out", "shared").returncode == 0
    shared = root / "shared"
    manifest = json.loads((shared / ".dossier-share").read_text(encoding="utf-8"))
    assert "opportunities/beta/index.html" in manifest["files"]
    (shared / "README-for-mentor.txt").write_text("mine", encoding="utf-8")
    (shared / "opportunities" / "beta" / "my-comments.txt").write_text("mine", encoding="utf-8")
    result = run_share(root, "--out", "shared", "acme-robotics")
    assert result.returncode == 0, result.stderr
    assert (shared / "README-for-mentor.txt").read_text(encoding="utf-8") == "mine"
    assert (shared / "opportunities" / "beta" / "my-comments.txt").read_text() == "mine"
    assert not (shared / "opportunities" / "beta" / "index.html").exists()
    assert (shared / "opportunities" / "acme-robotics" / "index.html").is_file()
    # A file of yours where the new share would write is never replaced.
    (shared / "opportunities" / "beta" / "index.html").write_text("mine", encoding="utf-8")
    result = run_share(root, "--out", "shared")
    assert result.returncode == 1 and "was not written by the previous share" in result.stderr
    assert (shared / "opportunities" / "beta" / "index.html").read_text() == "mine"


def test_a_manifest_naming_files_outside_the_share_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, docs=False)
    assert run_share(root, "--out", "shared").returncode == 0
    (root / "shared" / ".dossier-share").write_text(
        json.dumps({"files": ["../mkdocs.yml"]}), encoding="utf-8"
    )
    result = run_share(root, "--out", "shared")
    assert result.returncode == 1 and "not inside" in result.stderr
    assert (root / "mkdocs.yml").is_file()


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "DOSSIER_TODAY": TODAY},
    )


def test_schema_out_never_overwrites_a_file_that_is_not_a_previous_schema(
    tmp_path: Path,
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    done = cli("schema", "--out", "mkdocs.yml", cwd=tmp_path)
    assert done.returncode == 2 and "not a schema written by `dossier schema`" in done.stderr
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: x\n"
    assert cli("schema", "--out", "schema.json", cwd=tmp_path).returncode == 0
    assert cli("schema", "--out", "schema.json", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))["title"] == "Dossier"


@pytest.mark.parametrize("slug", ["../outside", "/tmp/abs", "a/b", "..", "Acme Corp", ".hidden"])
def test_new_slug_stays_inside_the_dossiers_folder(slug: str, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    done = cli("new", "Acme", "--role", "Lead", "--slug", slug, cwd=tmp_path / "work")
    assert done.returncode == 2 and "--slug" in done.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["work"]


def test_a_weak_passphrase_is_refused_with_a_reason(tmp_path: Path) -> None:
    root = project(tmp_path)
    for weak in ("aaaaaaaaaaaa", "password1234", "abcdefghijklmnop"):
        result = run_share(root, "--out", "shared", "--passphrase-env", "WEAK", env={"WEAK": weak})
        assert result.returncode == 2, weak
        assert "the passphrase is too easy to guess" in result.stderr
        assert weak not in result.stderr and not (root / "shared").exists()


def test_calendar_writes_control_characters_as_visible_escapes() -> None:
    facts = DossierFacts.model_validate(
        {
            "company": "Acme\x1b[2J",
            "role": "Lead\rX",
            "interviews": [
                {"when": "2026-12-01T10:00:00+01:00", "stage": "S\x00", "place": "P\x07"}
            ],
            "commitments": [{"what": "W\x1b", "due": "2026-12-02"}],
        }
    )
    data = dossier_calendar(
        Dossier(slug="acme", path="dossiers/acme", facts=facts), dt.date(2026, 11, 1)
    )
    assert [c for c in set(data) if c < 32 and c not in (9, 10, 13)] == []
    assert data.count(b"\r") == data.count(b"\r\n")
    assert b"Acme\\x1b[2J" in data


# --- the self-check on its own: a filter that forgot something is caught ------------


def dossier(slug: str, data: dict[str, object]) -> Dossier:
    return Dossier(slug=slug, path=f"dossiers/{slug}", facts=DossierFacts.model_validate(data))


def test_the_check_finds_what_a_faulty_filter_kept() -> None:
    full = dossier(
        "acme",
        {
            "company": "Acme",
            "role": "Lead",
            "people": [{"name": "Ines Okoro-Brandt", "private": True}, {"name": "Bo Li"}],
            "interviews": [
                {"when": "2026-12-01T10:00:00+01:00", "people": ["ines  okoro-brandt", "Bo Li"]}
            ],
            "compensation": {"minimum": FLOOR},
            "homework": {"company": {"funding": "SNTL Series C"}},
        },
    )
    # A filter that removed the person and the floor, but not the name in the interview.
    kept = dossier(
        "acme",
        {
            "company": "Acme",
            "role": "Lead",
            "people": [{"name": "Bo Li"}],
            "interviews": [
                {"when": "2026-12-01T10:00:00+01:00", "people": ["ines  okoro-brandt", "Bo Li"]}
            ],
        },
    )
    secrets = private_values([full], [kept])
    assert {s.leaf.where.split(" ")[1] for s in secrets} == {
        "people[0].name",
        "compensation.minimum",
        "homework.company.funding",
    }
    files = {
        "card.html": b"<li>Ines   OKORO-Brandt</li>",
        "numbers.html": "floor 75\u00a0319 and 175,319 and 75.3k".encode(),
        "search/search_index.json": json.dumps({"text": "SNTL Series C"}).encode(),
        "calendar.ics": b"DESCRIPTION:nothing",
        "clean.html": b"Bo Li 175319 75,3190 SNTL Series CD",
    }
    leaks = find_leaks(files, secrets, [kept])
    assert sorted((leak.file, leak.secret.leaf.where.split(" ")[1]) for leak in leaks) == [
        ("card.html", "people[0].name"),
        ("numbers.html", "compensation.minimum"),
        ("search/search_index.json", "homework.company.funding"),
    ]
    (card,) = [leak for leak in leaks if leak.file == "card.html"]
    assert card.public_at == ("dossiers/acme/dossier.yml interviews[0].people[0]",)

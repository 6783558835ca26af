"""`dossier calendar` checks a shared calendar for private values, and guards its
folder as `dossier share --out` does: it overwrites only calendars it wrote."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import run

FACTS = """\
company: Acme
role: Lead
status: interviewing
compensation:
  minimum: 80000
people:
  - name: Ingrid Quellhorst
    private: true
  - name: Ana Visible
commitments:
  - what: Send the case study
    due: 2026-12-01
    to: Ana Visible
"""
LEAKY = """\
  - what: Tell Ingrid Quellhorst I walk below 80,000
    due: 2026-12-02
"""


def repo(tmp_path: Path, facts: str = FACTS) -> Path:
    folder = tmp_path / "repo" / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text(facts, encoding="utf-8")
    return tmp_path / "repo"


def calendar(root: Path, *args: str) -> object:
    return run("calendar", *args, cwd=root, env={"DOSSIER_TODAY": "2026-11-25"})


def test_a_shared_calendar_is_checked_for_private_values(tmp_path: Path) -> None:
    root = repo(tmp_path, FACTS + LEAKY)
    done = calendar(root, "--share", "--out", "cal")
    assert done.returncode == 1, done.stdout
    assert "compensation.minimum" in done.stderr and "people[0].name" in done.stderr
    assert "acme.ics" in done.stderr
    assert not (root / "cal").exists()


def test_a_clean_shared_calendar_is_written(tmp_path: Path) -> None:
    root = repo(tmp_path)
    done = calendar(root, "--share", "--out", "cal")
    assert done.returncode == 0, done.stderr
    data = (root / "cal" / "acme.ics").read_bytes()
    assert b"Send the case study" in data and b"Quellhorst" not in data


def test_calendar_replaces_its_own_files(tmp_path: Path) -> None:
    root = repo(tmp_path)
    assert calendar(root, "--out", "cal").returncode == 0
    done = calendar(root, "--out", "cal")
    assert done.returncode == 0, done.stderr


def test_calendar_never_overwrites_a_file_it_did_not_write(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "cal").mkdir()
    mine = root / "cal" / "calendar.ics"
    mine.write_text("BEGIN:VCALENDAR\nPRODID:-//Someone else//EN\nEND:VCALENDAR\n")
    done = calendar(root, "--out", "cal")
    assert done.returncode != 0 and "calendar.ics" in done.stderr
    assert mine.read_text() == "BEGIN:VCALENDAR\nPRODID:-//Someone else//EN\nEND:VCALENDAR\n"
    assert not (root / "cal" / "acme.ics").exists()  # nothing written, not even the rest


def test_calendar_never_writes_through_a_symlink(tmp_path: Path) -> None:
    root = repo(tmp_path)
    outside = tmp_path / "outside.ics"
    outside.write_text("precious")
    (root / "cal").mkdir()
    os.symlink(outside, root / "cal" / "acme.ics")
    done = calendar(root, "--out", "cal")
    assert done.returncode != 0 and "acme.ics" in done.stderr
    assert outside.read_text() == "precious"
    os.symlink(root / "cal", root / "linked")
    done = calendar(root, "--out", "linked")
    assert done.returncode != 0 and "linked" in done.stderr


@pytest.mark.parametrize("out", ["dossiers", "dossiers/acme", "dossiers/acme/cal"])
def test_calendar_never_writes_into_the_dossiers(tmp_path: Path, out: str) -> None:
    root = repo(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    done = calendar(root, "--out", out)
    assert done.returncode != 0 and "--out" in done.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_calendar_of_a_dossiers_folder_elsewhere_guards_that_folder(tmp_path: Path) -> None:
    root = repo(tmp_path)
    done = calendar(root, "dossiers/acme", "--out", "dossiers/acme/cal")
    assert done.returncode != 0 and "--out" in done.stderr
    assert not (root / "dossiers" / "acme" / "cal").exists()


# --- `dossier share` with the dossiers somewhere else --------------------------------


@pytest.mark.parametrize(
    "args",
    [("--out", "notes/acme/shared"), ("--out", "shared", "--zip", "notes/acme/shared.zip")],
    ids=["out", "zip"],
)
def test_share_guards_the_configured_dossiers_folder(tmp_path: Path, args: tuple[str, ...]) -> None:
    from sitebuild import make_project, run_share

    root = make_project(tmp_path / "repo", plugin_options={"dossiers_dir": "notes"})
    (root / "notes" / "acme").mkdir(parents=True)
    (root / "notes" / "acme" / "dossier.yml").write_text(FACTS, encoding="utf-8")
    before = sorted(p.relative_to(root) for p in (root / "notes").rglob("*"))
    done = run_share(root, *args)
    assert done.returncode != 0, done.stdout
    assert "inside the dossiers folder" in done.stderr
    assert sorted(p.relative_to(root) for p in (root / "notes").rglob("*")) == before

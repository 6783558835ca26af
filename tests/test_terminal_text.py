"""`check` output is text: C0 and C1 controls and bidi controls in a message, a field or
a file name reach the terminal as visible escapes, in every --format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import run
from interview_dossier.errors import Problem, problems_as_json

#: Characters that steer a terminal or reorder what it shows.
HOSTILE = "\x1b[2J\x9b31m\x85\u202e\u2066\u200f\x07\x00\x7f\u2028"
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def test_a_problem_shows_controls_as_escapes_in_every_format() -> None:
    p = Problem(f"dossiers/a{HOSTILE}.md", 3, 1, f"f{HOSTILE}", f"found {HOSTILE} here", "warning")
    for shown in (str(p), p.as_github(), problems_as_json([p])):
        assert RAW.findall(shown) == [], shown
    back = json.loads(problems_as_json([p]))[0]
    assert back["message"] == f"found {HOSTILE} here"  # JSON readers still get the text
    assert "\\u202e" in str(p) and "\\x9b" in p.as_github()


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_output_holds_no_raw_control_from_a_file_name(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text("company: Acme\nrole: Lead\n", encoding="utf-8")
    name = "evil\u202egpj\x9b.md"
    (folder / name).write_text("---\ntitle: x\nsectoin: notes\n---\n\nbody\n", encoding="utf-8")
    done = run("check", "--format", fmt, cwd=tmp_path)
    assert done.returncode == 1
    assert "sectoin" in done.stdout
    assert RAW.findall(done.stdout + done.stderr) == []


def test_check_private_lists_a_private_note_with_its_name_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text("company: Acme\nrole: Lead\n", encoding="utf-8")
    name = "evil\u202egpj\x9b.md"
    (folder / name).write_text("---\ntitle: x\nprivate: true\n---\n\nbody\n", encoding="utf-8")
    done = run("check", "--private", cwd=tmp_path)
    assert done.returncode == 0 and "left out of share builds: note" in done.stdout
    assert RAW.findall(done.stdout + done.stderr) == []

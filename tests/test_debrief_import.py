"""A debrief keeps its shape on import: headings stay headings, it names the interview
it follows, and its pressure and promises come out as the YAML to paste, with where."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import run, write_tree
from interview_dossier.load.loader import parse_facts, parse_note
from sitebuild import article, build_ok, make_project, text_of

FACTS = """\
company: Acme
role: Engineer
status: interviewing
interviews:
  - when: 2026-11-18T10:00:00+01:00
    stage: Recruiter screen
  - when: 2026-11-24T14:00:00+01:00
    stage: System design
    format: video
# My notes on what they promised go below.
commitments:
  - what: Send references
    due: 2026-11-30
"""

DEBRIEF = """\
---
dossier-comment: 1
share: own
kind: debrief
dossier: acme
section: timeline
date: 2026-11-25
---
What they asked:
Design a rate limiter.
Pressure you saw:
They wanted my salary number today.
Promises made, by you or them:
Send two code samples by Friday.
How it felt:
Rushed, but fair.
"""


def test_a_debrief_keeps_headings_names_its_interview_and_prints_the_yaml(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dossiers/acme/dossier.yml": FACTS, "debrief.txt": DEBRIEF})
    done = run("comments", "import", "debrief.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (note_path,) = (tmp_path / "dossiers/acme").glob("debrief-*.md")
    note, problems = parse_note(note_path.read_text(encoding="utf-8"), "n.md", "n")
    assert problems == [] and note is not None
    assert note.meta.title == "Debrief: System design, Tue 24 Nov 2026"
    body = note.body
    for heading in ("What they asked", "Pressure you saw", "How it felt"):
        assert f"\n## {heading}\n\n" in "\n" + body
    # dossier.yml is left as written; the entries to add are printed, with file and line.
    assert (tmp_path / "dossiers/acme/dossier.yml").read_text(encoding="utf-8") == FACTS
    out = done.stdout
    assert "dossiers/acme/dossier.yml: add at the end of the file\npressure:\n" in out
    assert "dossiers/acme/dossier.yml:11: add under `commitments:`\n" in out
    # Pasted where it says, the file still loads, with the new entries.
    pressure = out.split("add at the end of the file\n")[1].split("\n\n")[0]
    commitment = out.split("add under `commitments:`\n")[1].split("\n\n")[0].rstrip("\n")
    commitment = "\n".join(line for line in commitment.split("\n") if line.startswith("  "))
    lines = FACTS.rstrip("\n").split("\n")
    pasted = "\n".join(lines[:11] + commitment.split("\n") + lines[11:]) + "\n" + pressure + "\n"
    facts, found = parse_facts(pasted, "dossier.yml")
    assert found == [] and facts is not None, (found, pasted)
    assert facts.pressure[0].said == "They wanted my salary number today."
    assert facts.commitments[0].what == "Send two code samples by Friday."
    assert yaml.safe_load(pasted)["commitments"][1]["what"] == "Send references"


def test_on_the_log_page_a_debrief_s_parts_are_headings(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"acme": {"dossier.yml": FACTS}})
    (root / "debrief.txt").write_text(DEBRIEF, encoding="utf-8")
    assert run("comments", "import", "debrief.txt", cwd=root).returncode == 0
    log = article(build_ok(root) / "opportunities/acme/log.html")
    headings = [text_of(h) for h in log.select("h2, h3, h4, h5")]
    assert any(h.startswith("Debrief: System design") for h in headings), headings
    for part in ("What they asked", "Pressure you saw", "How it felt"):
        (heading,) = [h for h in log.select("h2, h3, h4, h5, h6") if text_of(h) == part]
        assert "Design a rate limiter" not in text_of(heading)

"""Filled scripts, checked against golden files that a person has read.

Every script of every example dossier, and of purpose-made dossiers at each stage
(tests/golden/dossiers/), is rendered as plain text and compared with
tests/golden/messages/<dossier>/<script>.txt. After a deliberate change, regenerate
them with `DOSSIER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_messages.py`,
then read every changed file before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from interview_dossier.analyse.analysis import analyse_all
from interview_dossier.load.loader import load_all
from interview_dossier.load.settings import load_me, load_rates
from interview_dossier.render.pages import Renderer

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 25)
UPDATE = os.environ.get("DOSSIER_UPDATE_GOLDEN") == "1"


def filled_scripts(dossiers_dir: Path, today: dt.date = TODAY) -> dict[str, dict[str, str]]:
    """{dossier slug: {script name: plain text}} for one dossiers folder."""
    dossiers, problems = load_all(dossiers_dir, dossiers_dir.parent)
    assert not problems, problems
    rates, problems = load_rates(dossiers_dir, dossiers_dir.parent)
    assert not problems, problems
    me, problems = load_me(dossiers_dir, dossiers_dir.parent)
    assert not problems, problems
    renderer = Renderer()
    signature = me.name if me else None
    return {
        a.dossier.slug: {
            s.name: renderer.message(s.name, s.values).unescape() + "\n" for s in a.messages
        }
        for a in analyse_all(dossiers, today, rates=rates, signature=signature)
    }


SOURCES = {"examples": REPO / "dossiers", "stages": GOLDEN / "dossiers"}
CASES = [
    (source, slug, name, text)
    for source, folder in SOURCES.items()
    for slug, scripts in filled_scripts(folder).items()
    for name, text in scripts.items()
]


@pytest.mark.parametrize(
    ("source", "slug", "name", "text"), CASES, ids=[f"{c[1]}/{c[2]}" for c in CASES]
)
def test_filled_script_matches_its_golden_file(
    source: str, slug: str, name: str, text: str
) -> None:
    path = GOLDEN / "messages" / slug / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.relative_to(REPO)}; see this module's docstring"
    assert text == path.read_text(encoding="utf-8")

"""Real MkDocs builds for the picture, calendar and offers tests (a helper, not tests).

A project is the repository's own mkdocs.yml and docs/, plus the example dossiers
asked for and purpose-made ones, written into a temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-25"


def make_project(
    root: Path,
    *,
    examples: tuple[str, ...] = (),
    dossiers: dict[str, str] | None = None,
    rates: str | None = None,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    folder = root / "dossiers"
    folder.mkdir(exist_ok=True)
    for name in examples:
        shutil.copytree(REPO / "dossiers" / name, folder / name)
    for slug, text in (dossiers or {}).items():
        (folder / slug).mkdir()
        (folder / slug / "dossier.yml").write_text(text, encoding="utf-8")
    if rates is not None:
        (folder / "_rates.yml").write_text(rates, encoding="utf-8")
    return root


def build_site(root: Path, *, share: bool = False) -> Path:
    """A strict, in-process `mkdocs build` of the project at `root`; returns the site folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOSSIER_TODAY", TODAY)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        if share:
            mp.setenv("DOSSIER_SHARE", "1")
        else:
            mp.delenv("DOSSIER_SHARE", raising=False)
        mp.delenv("DOSSIER_ONLY", raising=False)
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        build(config)
    return root / "site"


def article(path: Path) -> BeautifulSoup:
    """The content area of a built page."""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = page.select_one("article")
    assert found is not None, f"no article in {path}"
    return found


def words(node: BeautifulSoup) -> str:
    return " ".join(node.get_text(" ").split())

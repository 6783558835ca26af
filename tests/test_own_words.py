"""Our own words: no run of 8 words of the project's text is the method article's.

The method is adapted from "Job Interview Negotiation: How to Prepare and Win Fairly"
(Maryna Khomich, 3 Dec 2025); its wording is not ours to copy. The repository keeps
only salted hashes of the article's 8-word runs (tests/data/article-8grams.txt, made by
tests/make_article_hashes.py from a copy of the article given on the command line),
never its text. Text is compared lowercased, as words only. The cited title is the only
run allowed to match.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from own_words import gram_hashes, grams, hashed
from sitebuild import article, build_ok, make_project, text_of

REPO = Path(__file__).resolve().parents[1]
HASHES = Path(__file__).parent / "data" / "article-8grams.txt"
TITLE = "Job Interview Negotiation: How to Prepare and Win Fairly"


ARTICLE = set(HASHES.read_text(encoding="utf-8").split())
ALLOWED = gram_hashes(TITLE)


def shared(text: str) -> list[str]:
    """The 8-word runs of `text` that are the article's (the title aside)."""
    return sorted({g for g in grams(text) if hashed(g) in ARTICLE - ALLOWED})


def project_files() -> list[Path]:
    found = [REPO / "README.md", REPO / "CHANGELOG.md"]
    for folder in ("templates", "docs", "tests/golden/messages"):
        found += [p for p in (REPO / folder).rglob("*") if p.is_file()]
    return [p for p in found if p.suffix in {".md", ".j2", ".yml", ".yaml", ".js", ".txt"}]


def test_the_hashes_are_there() -> None:
    assert len(ARTICLE) > 1000  # one per run of the article, about 3,400 words
    assert ALLOWED <= ARTICLE  # the title is in the article, so it must be allowed


@pytest.mark.parametrize("path", project_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_file_shares_8_words_with_the_article(path: Path) -> None:
    assert shared(path.read_text(encoding="utf-8")) == []


def test_no_built_page_shares_8_words_with_the_article(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = build_ok(make_project(tmp_path_factory.mktemp("words") / "p", examples=True))
    found = {}
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        runs = shared(text_of(article(page)))
        if runs:
            found[str(page.relative_to(site))] = runs
    assert found == {}

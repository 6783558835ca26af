"""Every page of a share, plain or protected, asks search engines not to index it.

A share published on GitHub Pages has readable page titles (company, role) even
when every page is encrypted. `robots.txt` counts only at a host's root, which a
project's Pages site is not, so each page carries its own `noindex`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sitebuild
from sitebuild import build_ok, make_project, soup

PASS_VAR = "DOSSIER_TEST_NOINDEX_PASSPHRASE"
DOSSIER = "company: Lantern Works\nrole: Staff Engineer\nstatus: interviewing\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(
        tmp_path_factory.mktemp("noindex"), {"lantern-works": {"dossier.yml": DOSSIER}}
    )


def robots(site: Path) -> dict[str, list[str]]:
    """Each HTML page's robots meta values."""
    return {
        page.relative_to(site).as_posix(): [
            m.get("content", "") for m in soup(page).select('head meta[name="robots"]')
        ]
        for page in sorted(site.rglob("*.html"))
    }


@pytest.mark.parametrize("protect", [False, True], ids=["plain", "passphrase"])
def test_every_shared_page_says_noindex(project: Path, protect: bool) -> None:
    out = f"shared-{protect}"
    args = ["--passphrase-env", PASS_VAR] if protect else []
    done = sitebuild.run_share(
        project, "--out", out, *args, env={PASS_VAR: "quiet lantern orbit stäple 42"}
    )
    assert done.returncode == 0, done.stderr
    pages = robots(project / out)
    assert "index.html" in pages and "404.html" in pages
    assert "opportunities/lantern-works/index.html" in pages
    assert {name: found for name, found in pages.items() if found != ["noindex, nofollow"]} == {}


def test_the_own_site_is_left_to_its_owner(project: Path) -> None:
    site = build_ok(project)
    assert {name: found for name, found in robots(site).items() if found} == {}

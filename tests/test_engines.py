"""A second engine: the example site built by ProperDocs reads the same as MkDocs' build.

ProperDocs continues MkDocs 1.6 and loads `mkdocs.plugins` entry points. Both builds
are strict, run as a user would (a subprocess each), from separate copies of the
example project so that neither reuses the other's cache.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest
from interview_dossier import __version__
from interview_dossier.cli import main
from sitebuild import TODAY, article, make_project, text_of

ENGINES = ("mkdocs", "properdocs")


def engine_build(engine: str, root: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", "site"],
        cwd=root,
        env={**os.environ, "DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{engine}: {done.stderr}"
    return root / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        engine: engine_build(engine, make_project(tmp_path_factory.mktemp(engine), examples=True))
        for engine in ENGINES
    }


def pages(site: Path) -> dict[str, str]:
    """Each HTML page's main content as text, by its path in the site."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        found[name] = "" if name == "404.html" else text_of(article(path))
    return found


def test_properdocs_builds_the_same_pages_with_the_same_text(sites: dict[str, Path]) -> None:
    mkdocs, properdocs = (pages(sites[e]) for e in ENGINES)
    assert len(mkdocs) > 20  # the example dossiers' pages, the method, the docs
    assert sorted(properdocs) == sorted(mkdocs)
    assert {n: t for n, t in properdocs.items() if t != mkdocs[n]} == {}
    for name in ("index.html", "opportunities/northwind-robotics/index.html", "engines.html"):
        assert mkdocs[name], name


def test_version_names_the_engine_and_the_theme(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    version = importlib.metadata.version
    assert lines == [
        f"dossier {__version__}",
        f"engine: mkdocs {version('mkdocs')}",
        f"also installed: properdocs {version('properdocs')} "
        "(`properdocs build -f mkdocs.yml` builds with it)",
        f"theme: mkdocs-material {version('mkdocs-material')}",
    ]

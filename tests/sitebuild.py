"""Build real MkDocs sites from dossier folders made in a temporary directory."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-25"


def make_project(
    root: Path,
    dossiers: dict[str, dict[str, str | bytes]] | None = None,
    *,
    examples: bool = False,
    templates: dict[str, str] | None = None,
    plugin_options: dict[str, object] | None = None,
) -> Path:
    """Write a project: the repository's mkdocs.yml and docs/, plus dossier folders."""
    root.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for i, plugin in enumerate(config["plugins"]):
        if isinstance(plugin, dict) and "dossier" in plugin:
            options = dict(plugin["dossier"] or {})
            options.update(plugin_options or {})
            config["plugins"][i] = {"dossier": options}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    target = root / "dossiers"
    if examples:
        shutil.copytree(REPO / "dossiers", target, dirs_exist_ok=True)
    target.mkdir(exist_ok=True)
    for slug, files in (dossiers or {}).items():
        folder = target / slug
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    for name, text in (templates or {}).items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def mkdocs_build(
    root: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a subprocess, as a user would run it."""
    full_env = {**os.environ, "DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(root / "site"),
            *extra,
        ],
        cwd=root,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def build_ok(root: Path, **kwargs: object) -> Path:
    result = mkdocs_build(root, **kwargs)  # type: ignore[arg-type]
    assert result.returncode == 0, result.stderr
    return root / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path) -> BeautifulSoup:
    """The page's content area, without nav, header and footer."""
    page = soup(path)
    found = page.select_one("article.md-content__inner")
    assert found is not None, f"no article in {path}"
    return found


def text_of(node: BeautifulSoup) -> str:
    return " ".join(node.get_text(" ").split())


def run_share(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    unset: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """`dossier share ARGS` in a subprocess, from `root`, as a user would run it."""
    full_env = {k: v for k, v in os.environ.items() if k not in unset}
    full_env.update({"DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", "share", *args],
        cwd=root,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,  # no controlling terminal: getpass reads standard input
    )


def all_bytes(folder: Path) -> dict[str, bytes]:
    """Every file's bytes under `folder`, with gzip files opened too."""
    found: dict[str, bytes] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        found[name] = path.read_bytes()
        if path.suffix == ".gz":
            found[name + "!gunzip"] = gzip.decompress(found[name])
    return found

"""What `dossier --version` reports: this version, the engine and the theme it found.

Read from the installed distributions' metadata; nothing is imported.
"""

from __future__ import annotations

import importlib.metadata

from .. import __version__

#: The engine `dossier build`, `serve` and `share` run, and one that also builds the site.
ENGINE, OTHER_ENGINE, THEME = "mkdocs", "properdocs", "mkdocs-material"


def installed(name: str) -> str | None:
    """The installed version of distribution NAME, or None."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def version_text() -> str:
    engine, other, theme = (installed(n) for n in (ENGINE, OTHER_ENGINE, THEME))
    lines = [
        f"dossier {__version__}",
        f"engine: {ENGINE} {engine}" if engine else f"engine: {ENGINE} not found",
    ]
    if other:
        lines.append(
            f"also installed: {OTHER_ENGINE} {other} "
            f"(`{OTHER_ENGINE} build -f mkdocs.yml` builds with it)"
        )
    lines.append(f"theme: {THEME} {theme}" if theme else f"theme: {THEME} not found")
    return "\n".join(lines)

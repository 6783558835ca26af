"""The dossiers folder's own settings: `_rates.yml` (exchange rates) and `_me.yml` (your name).

Rates come only from `_rates.yml`, written by the user; nothing is ever fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem
from ..model import ME_FILE, RATES_FILE, Me, Rates, Record
from .loader import decode
from .problems import validation_problems
from .yamlsource import read_yaml


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_settings(
    dossiers_dir: Path, root: Path | None, name: str, model: type[Record], example: str
) -> tuple[Any, list[Problem]]:
    """Read one settings file of the dossiers folder; (None, []) when there is none."""
    path = dossiers_dir / name
    if not path.is_file():
        return None, []
    relpath = _relative(path, root or dossiers_dir.parent)
    text, problems = decode(path.read_bytes(), relpath)
    if text is None:
        return None, problems
    source, problems = read_yaml(text, relpath)
    if problems:
        return None, problems
    if not isinstance(source.data, dict):
        what = "the file is empty" if source.data is None else "this is not a mapping of fields"
        return None, [Problem(relpath, 1, 1, "", f"{what}; expected {example}")]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        return None, validation_problems(exc, source, relpath, model)


def load_rates(dossiers_dir: Path, root: Path | None = None) -> tuple[Rates | None, list[Problem]]:
    """Read `_rates.yml` from the dossiers folder; (None, []) when there is none."""
    return _load_settings(
        dossiers_dir, root, RATES_FILE, Rates, "`base:` and `rates:`, e.g. base: EUR"
    )


def load_me(dossiers_dir: Path, root: Path | None = None) -> tuple[Me | None, list[Problem]]:
    """Read `_me.yml` from the dossiers folder; (None, []) when there is none."""
    return _load_settings(dossiers_dir, root, ME_FILE, Me, "`name:`, e.g. name: Alex Moreau")

"""The dossiers folder's own settings: `_rates.yml` (exchange rates) and `_me.yml` (your name).

Rates come only from `_rates.yml`, written by the user; nothing is ever fetched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StrictFloat, StrictInt, ValidationError, model_validator

from ..errors import Problem
from ..model import Record
from .loader import decode, validation_problems
from .yamlsource import read_yaml

RATES_FILE = "_rates.yml"
ME_FILE = "_me.yml"


def _currency(value: str) -> str:
    if len(value) != 3 or not value.isascii() or not value.isupper() or not value.isalpha():
        raise ValueError(f"expected a three-letter currency code such as USD, found {value!r}")
    return value


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"expected a rate above 0, found {value}")
    return value


Currency = Annotated[str, AfterValidator(_currency)]
Rate = Annotated[StrictInt | StrictFloat, AfterValidator(_positive)]


class Rates(Record):
    """The content of `_rates.yml`: how much one unit of each currency is worth in `base`."""

    base: Currency = Field(description="The currency offers are compared in, e.g. EUR")
    rates: dict[Currency, Rate] = Field(
        default={}, description="Value of 1 unit of each currency in `base`, e.g. USD: 0.92"
    )
    date: dt.date | None = Field(default=None, description="When you looked the rates up")
    source: str | None = Field(default=None, description="Where the rates come from")

    @model_validator(mode="after")
    def _base_is_one(self) -> Rates:
        if self.base in self.rates and self.rates[self.base] != 1:
            raise ValueError(
                f"the rate of the base currency {self.base} must be 1, found {self.rates[self.base]}"
            )
        return self

    def rate(self, currency: str) -> float | None:
        if currency == self.base:
            return 1.0
        found = self.rates.get(currency)
        return float(found) if found is not None else None


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


class Me(Record):
    """The content of `_me.yml`: who you are, for what the site writes in your name."""

    name: Annotated[str, Field(min_length=1, pattern=r"\S")] = Field(
        description="Your name as you sign a message, e.g. Alex Moreau"
    )


def load_me(dossiers_dir: Path, root: Path | None = None) -> tuple[Me | None, list[Problem]]:
    """Read `_me.yml` from the dossiers folder; (None, []) when there is none."""
    return _load_settings(dossiers_dir, root, ME_FILE, Me, "`name:`, e.g. name: Alex Moreau")

"""The dossiers folder's own settings: `_rates.yml` (exchange rates) and `_me.yml`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
    StrictFloat,
    StrictInt,
    model_validator,
)

from .records import Record

# The dossiers folder's own settings files (read by load/settings.py).

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


class Me(Record):
    """The content of `_me.yml`: who you are, for what the site writes in your name."""

    name: Annotated[str, Field(min_length=1, pattern=r"\S")] = Field(
        description="Your name as you sign a message, e.g. Alex Moreau"
    )

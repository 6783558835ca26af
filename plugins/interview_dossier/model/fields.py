"""Field types of the model: strict numbers, one-line text, dates and time zones."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictFloat,
    StrictInt,
    WithJsonSchema,
)

#: How dates, times and UTC offsets are written (YAML 1.2 timestamps, ISO 8601).
DATE_TEXT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
TIME_TEXT = r"[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
OFFSET_TEXT = r"(Z|[+-][0-9]{2}:[0-9]{2})"


# Numbers are strict: YAML turns `no` into false and pydantic would happily read
# false as 0 hours. An amount may be written as an int or a float, never as text.
Finite = Annotated[StrictFloat, Field(allow_inf_nan=False)]  # `.inf` is valid YAML, not a sum

#: Above this an amount is a typo (an extra zero or two), not a salary.
MAX_AMOUNT = 10**9
MAX_WEEK_HOURS = 7 * 24
MAX_HOURS = 1000  # effort spent on one step, or a budget of unpaid hours
MAX_COUNT = 1000  # weeks or stages of one hiring process


def number(low: float, high: float, *, above: bool = False) -> Any:
    """A number (whole or decimal) from `low` (or above it) to `high`.

    The JSON Schema is written from the same bounds the checker uses, so an
    editor and `dossier check` agree on every value.
    """
    bound = {"gt": low} if above else {"ge": low}
    schema = {"type": "number", ("exclusiveMinimum" if above else "minimum"): low, "maximum": high}
    return Annotated[StrictInt | Finite, Field(**bound, le=high), WithJsonSchema(schema)]


def whole(low: int, high: int, *, above: bool = False) -> Any:
    """A whole number from `low` (or above it) to `high`."""
    bound = {"gt": low} if above else {"ge": low}
    return Annotated[StrictInt, Field(**bound, le=high)]


Amount = number(0, MAX_AMOUNT)
WeekHours = number(0, MAX_WEEK_HOURS)
Hours = number(0, MAX_HOURS)
Count = whole(0, MAX_COUNT)
Score = whole(1, 5)
Days = whole(0, 7)
# Salary paid in 12 monthly instalments, or 13 or 14 where a holiday and a Christmas
# payment are the custom (Portugal, Spain, Greece, Austria, ...).
Payments = whole(12, 16)

_BREAKS = re.compile(r"[ \t]*[\r\n]+\s*")


def one_line(value: Any) -> Any:
    """Text as shown on one line: each line break, with the spaces around it, becomes a space."""
    # A folded `role: >` ends in a line break, and a line break has no place in a
    # title, a calendar name or a navigation entry: fold it into a space.
    if isinstance(value, str):
        return _BREAKS.sub(" ", value).strip()
    return value


#: Text that is shown on one line (names, titles, labels): line breaks become spaces.
Line = Annotated[str, BeforeValidator(one_line)]
Text = Annotated[str, Field(min_length=1)]
# Folded, blank text is empty: `pattern` tells editors so.
LineText = Annotated[
    str, Field(min_length=1, json_schema_extra={"pattern": r"\S"}), BeforeValidator(one_line)
]


def _date_only(value: Any) -> Any:
    # pydantic would read 0 as 1970-01-01 and accept other spellings an editor's
    # JSON Schema (format: date) refuses.
    if isinstance(value, (bool, int, float)) or (
        isinstance(value, str) and not re.fullmatch(DATE_TEXT, value)
    ):
        found = repr(value) if isinstance(value, str) else str(value)
        raise ValueError(f"expected a date such as 2026-12-02, found {found}")
    return value


#: The years a dossier's dates may fall in. Far beyond them, the calendars and
#: pictures would step past the first or last date Python can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _in_years(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"the year {value.year} is out of range; dates run from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_date_only),
    AfterValidator(_in_years),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{DATE_TEXT}$"}),
]

#: The two ways to write an interview's time, as in the JSON Schema.
WITH_OFFSET = rf"^{DATE_TEXT}T{TIME_TEXT}{OFFSET_TEXT}$"
WALL_CLOCK = rf"^{DATE_TEXT}T{TIME_TEXT}$"


@lru_cache(maxsize=1)
def _zone_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name in sorted(available_timezones()):
        index.setdefault(name.lower(), name)
        index.setdefault(name.rsplit("/", 1)[-1].lower(), name)
    return index


def suggest_zone(value: str) -> str | None:
    """The IANA name meant by `New York` or `europe/berlin`, if any is close enough."""
    key = value.strip().lower().replace(" ", "_")
    index = _zone_index()
    if key in index:
        return index[key]
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.8)
    return index[close[0]] if close else None


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def wall_clock_problem(naive: dt.datetime, name: str) -> str | None:
    """Why a wall-clock time is not one instant in zone `name`: a gap or a repeat."""
    zone = ZoneInfo(name)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    # The clock change happens between the two instants the time could mean.
    a = first.astimezone(dt.timezone.utc)
    b = second.astimezone(dt.timezone.utc)
    low, high = min(a, b), max(a, b)
    after = high.astimezone(zone).utcoffset()
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    change = high.replace(microsecond=0)
    before = low.astimezone(zone).utcoffset()
    assert before is not None and after is not None
    was = (change + before).replace(tzinfo=None)
    now = (change + after).replace(tzinfo=None)
    shown = naive.isoformat()
    if after > before:
        meant = first.astimezone(dt.timezone.utc).astimezone(zone).isoformat()
        return (
            f"{shown} does not exist in {name}: that night the clocks jump from "
            f"{_local(was)} to {_local(now)}; pick a time outside that gap, or write "
            f"the time you mean with its offset, such as {meant}"
        )
    return (
        f"{shown} happens twice in {name}: that night the clocks go back from "
        f"{_local(was)} to {_local(now)}; add the offset to say which: "
        f"{first.isoformat()} (the first) or {second.isoformat()} (the second)"
    )


class _Refused:
    """Stands in for `when` when the model-level check found it wrong, to report it there."""

    def __init__(self, message: str) -> None:
        self.message = message


#: Fields that are private unless the dossier lists them under `public:`. A red
#: line's `min_base` is usually the floor itself, so it is as private as the floor.

"""Problems with their place: what pydantic refused, said in the user's words.

`validation_problems` turns a ValidationError into one Problem per field, with the
file, line and column where the value was written, what was expected and, for a
number written like `90k` or `80,000`, the number to write instead. `locate` finds
the line of a problem found after loading (a warning) by its field.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..model import record_type
from .yamlsource import (
    Source,
    describe_surprise,
    dotted,
    plain_number,
    quote_hint,
    read_yaml,
    shown,
    yaml12,
)

_EXPECTED = {
    "string_type": "text",
    "int_type": "a number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date such as 2026-12-02",
    "date_parsing": "a date such as 2026-12-02",
    "date_from_datetime_parsing": "a real date such as 2026-12-02",
    "date_from_datetime_inexact": "a date without a time",
    "datetime_type": "a date and time such as 2026-12-02T10:00:00+01:00",
    "datetime_parsing": "a date and time such as 2026-12-02T10:00:00+01:00",
    "datetime_from_date_parsing": "a date and time such as 2026-12-02T10:00:00+01:00",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}

_BOUNDS = {
    "greater_than": "above",
    "greater_than_equal": "of at least",
    "less_than": "below",
    "less_than_equal": "of at most",
}


def found_text(value: Any) -> str:
    """A value as a message shows what was found: short, and named by its kind."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last part of `loc`, for 'did you mean'."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = record_type(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def validation_problems(
    exc: ValidationError, source: Source, relpath: str, model: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into problems with lines, fields and plain words."""
    problems: dict[tuple[Any, ...], Problem] = {}
    # A union (`int | float`) reports a type error per branch before the real reason.
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] in _TYPE_ERRORS)
    for error in errors:
        kind = error["type"]
        loc = _data_path(
            source.data, error["loc"], keep_last=kind in {"missing", "extra_forbidden"}
        )
        if kind == "extra_forbidden":
            spot = source.keys.get(loc) or source.spot(loc)
            name = str(loc[-1])
            owner = _model_at(model, loc)
            known = list(owner.model_fields) if owner else []
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            if not close and known:
                hint = f"; known fields here: {', '.join(known)}"
            message = f"unknown field `{shown(name)}`{hint}"
            if loc in source.splits:
                message = _split_message(source, loc)
        elif kind == "missing":
            spot = source.spot(loc[:-1])
            message = f"required field `{loc[-1]}` is missing"
        else:
            spot = source.spot(loc)
            expected = _EXPECTED.get(kind)
            if kind == "timezone_aware":
                message = (
                    "this time has no time zone; add an offset such as "
                    "2026-12-02T10:00:00+01:00, or a `timezone:` field such as Europe/Berlin"
                )
            elif kind == "value_error":
                message = str(error["msg"]).removeprefix("Value error, ")
            elif expected:
                message = f"expected {expected}, found {found_text(error.get('input'))}"
                number = _number_hint(error.get("input")) if "number" in expected else None
                if number is not None:
                    message += f"; write {number}"
            elif kind in _BOUNDS and error.get("ctx"):
                limit = next(iter(error["ctx"].values()))
                found = found_text(error.get("input"))
                message = f"expected a number {_BOUNDS[kind]} {limit}, found {found}"
            elif kind == "string_too_short":
                message = f"expected some text, found {found_text(error.get('input'))}"
            else:
                message = f"{error['msg']}, found {found_text(error.get('input'))}"
            if kind in {"enum", "literal_error"}:
                allowed = re.findall(r"'([^']*)'", str(error["msg"]))
                close = difflib.get_close_matches(str(error.get("input")), allowed, n=1)
                message = (
                    f"expected one of {', '.join(allowed)}, found {found_text(error.get('input'))}"
                )
                if close:
                    message += f"; did you mean `{close[0]}`?"
            elif kind == "string_pattern_mismatch" and loc and loc[-1] == "currency":
                message = f"expected a three-letter currency code such as EUR, found {found_text(error.get('input'))}"
            surprise = describe_surprise(spot)
            if surprise and spot.raw is not None and expected == "text":
                message = f"expected text, but {surprise}; {quote_hint(spot.raw)}"
            elif surprise and expected:
                message = f"expected {expected}, but {surprise}"
        key = loc
        if key in problems:
            continue
        problems[key] = Problem(relpath, spot.line, spot.column, dotted(loc), message)
    return list(problems.values())


_TYPE_ERRORS = {"int_type", "float_type", "int_from_float", "string_type", "bool_type"}


def _split_message(source: Source, loc: tuple[Any, ...]) -> str:
    """A key with no value inside `{...}`: the comma before it cut a text in two."""
    before = source.splits[loc]
    first = source.values[before].raw or ""
    whole = f"{first}, {loc[-1]}"
    return (
        f"`{shown(str(loc[-1]))}` is not a field: inside {{ }} a comma separates fields, so the "
        f"comma split the text of `{before[-1]}`; put that text in quotes: "
        f"{before[-1]}: {quote_hint(whole).removeprefix('put it in quotes: ')}"
    )


_SEPARATED = re.compile(r"^[0-9]{1,3}([,' _\u00a0][0-9]{3})+(\.[0-9]+)?$")
_SHORT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*([kKmM])$")
_CURRENCY = re.compile(r"^(?:[€$£¥]|[A-Z]{3})?\s*([0-9][0-9.,' _]*)\s*(?:[€$£¥]|[A-Z]{3})?$")


def _number_hint(value: Any) -> str | None:
    """The plain number a text such as `90k`, `80,000` or `€ 90000` stands for."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    short = _SHORT.match(text)
    if short:
        number = float(short[1]) * (1000 if short[2] in "kK" else 1_000_000)
        return plain_number(number)
    bare = _CURRENCY.match(text)
    if bare and bare[1] != text:
        return _number_hint(bare[1]) or (bare[1] if bare[1].isdigit() else None)
    if _SEPARATED.match(text):
        return re.sub(r"[,' _\u00a0]", "", text)
    read = yaml12(text)
    if isinstance(read, (int, float)) and not isinstance(read, bool) and read == read:
        return plain_number(read)
    return None


def _data_path(data: Any, loc: tuple[Any, ...], keep_last: bool) -> tuple[Any, ...]:
    """The part of pydantic's location that names real data.

    pydantic adds the branch of a union to the location (`int`, `float`,
    `constrained-int`...); those are dropped by walking the data itself.
    """
    path: list[Any] = []
    current = data
    for i, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif keep_last and i == len(loc) - 1:
            pass
        else:
            continue
        path.append(part)
    return tuple(path)


def parse_field_path(field: str) -> tuple[str | int, ...]:
    """`interviews[0].notes` -> `('interviews', 0, 'notes')`."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) if index else name)
    return tuple(parts)


def locate(problems: list[Problem], root: Path) -> list[Problem]:
    """Give problems found after loading (warnings) the line of their field.

    The model does not keep positions, so each file is read once more here; this
    runs in `dossier check`, never in a site build.
    """
    sources: dict[str, Source | None] = {}
    located = []
    for p in problems:
        if p.line or not p.path.endswith(".yml"):
            located.append(p)
            continue
        if p.path not in sources:
            try:
                text = (root / p.path).read_text(encoding="utf-8-sig")
                sources[p.path] = read_yaml(text, p.path)[0]
            except (OSError, UnicodeDecodeError):
                sources[p.path] = None
        source = sources[p.path]
        if source is None:
            located.append(p)
            continue
        path = parse_field_path(p.field)
        spot = source.keys.get(path) or source.spot(path)
        located.append(replace(p, line=spot.line, column=spot.column))
    return located

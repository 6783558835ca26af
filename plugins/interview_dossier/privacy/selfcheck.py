"""The share build's own proof: no private value anywhere in the bytes it wrote.

It does not trust the filter (share.py). It compares the dossiers as loaded with the
dossiers the share build used, and every value that the first has and the second
lost is private. Then it searches every output file for each such value, in the
forms a page, a search index or a calendar would write it.

What counts, and in which forms:

- text of at least 4 characters (a line of a private note: at least 8), as typed and
  with its spaces collapsed; escaped for HTML, for JSON and for iCalendar;
- amounts of 1,000 or more, with no separator or with `,` `.` `'` a space, a no-break
  space or a narrow no-break space between thousands; with `.0`/`.00`. Rounded
  forms such as `75.3k` are not searched: a chart's axis prints rounded figures of
  the shared data, and one of them may round the same way as a private amount;
- names of people, ignoring case and spacing.

A value that a kept field still holds is not private, with two exceptions: an amount
that a private field lost stays private even where another field shows it, and so
does the name of a person left out. Dates, true/false, choices from a fixed list and
small numbers are not searched: they are too short to tell apart from page text.
Text that the packaged templates and the theme also contain is not searched either.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from ..model import Dossier, Note

MIN_TEXT = 4
MIN_NOTE_LINE = 8
MIN_AMOUNT = 1000

Kind = Literal["text", "amount", "name"]


@dataclass(frozen=True)
class Leaf:
    """One value of a dossier and where it is written."""

    where: str  # `dossiers/acme/dossier.yml compensation.minimum`
    value: str | float
    kind: Kind


@dataclass(frozen=True)
class Secret:
    """A private value, the field it came from, and the forms it is searched in."""

    leaf: Leaf
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Leak:
    """A private value found in an output file."""

    file: str
    secret: Secret
    public_at: tuple[str, ...]  # kept fields that still hold it

    def __str__(self) -> str:
        text = f"{self.file}: shows the private value of {self.leaf_where}"
        if self.public_at:
            text += f"; it is still shared at {', '.join(self.public_at)}: mark that private too"
        return text

    @property
    def leaf_where(self) -> str:
        return self.secret.leaf.where


# --- the values of a dossier -------------------------------------------------------


def _is_choice(annotation: Any) -> bool:
    """True for a Literal (a choice from a fixed list), however it is wrapped."""
    if get_origin(annotation) is Literal:
        return True
    return any(_is_choice(a) for a in get_args(annotation))


def _walk(value: Any, where: str, choice: bool) -> Iterator[Leaf]:
    if isinstance(value, BaseModel):
        yield from _record(value, where)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk(item, f"{where}[{i}]", choice)
    elif value is None or isinstance(value, bool | Enum) or choice:
        return
    elif isinstance(value, str):
        kind: Kind = "name" if re.fullmatch(r".* people\[\d+\]\.name", where) else "text"
        yield Leaf(where, value, kind)
    elif isinstance(value, int | float):
        yield Leaf(where, float(value), "amount")


def _record(record: BaseModel, where: str) -> Iterator[Leaf]:
    top = where.endswith(" ")
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        if name == "private" and (top or isinstance(value, bool)):
            continue  # the marks themselves, not the user's data
        if top and name == "public":
            continue
        path = f"{where}{name}" if top else f"{where}.{name}"
        yield from _walk(value, path, _is_choice(info.annotation))


_MARKUP = re.compile(r"[*_`\[\]()<>|!{}~#]+|\]\([^)]*\)")


def note_lines(note: Note) -> Iterator[str]:
    """The plain-text runs of a note body: lines, split where Markdown syntax is."""
    for line in note.body.splitlines():
        line = re.sub(r"^\s*(?:[>*+-]+|\d+[.)])\s+", "", line)
        for part in _MARKUP.split(line):
            if len(part.strip()) >= MIN_NOTE_LINE:
                yield part.strip()


def leaves(dossier: Dossier) -> Iterator[Leaf]:
    """Every value of a dossier that could say something: text, amounts, names."""
    yield from _record(dossier.facts, f"{dossier.path}/dossier.yml ")
    for note in dossier.notes:
        for what, value in (("title", note.title), ("author", note.meta.author)):
            if value:
                yield Leaf(f"{note.path} {what}", value, "text")
        for line in note_lines(note):
            yield Leaf(f"{note.path} body", line, "text")


def _key(leaf: Leaf) -> str | float:
    if isinstance(leaf.value, float):
        return leaf.value
    return " ".join(leaf.value.split()).casefold()


def _worth_searching(leaf: Leaf) -> bool:
    if isinstance(leaf.value, float):
        return leaf.value >= MIN_AMOUNT
    return len(leaf.value.strip()) >= MIN_TEXT


def derived_numbers(*found: Any) -> set[int]:
    """Every number in the analyses of the shared dossiers, rounded: totals, gaps,
    conversions. Made from shared values only, they are public by construction."""
    numbers: set[int] = set()
    seen: set[int] = set()

    def walk(value: Any, depth: int) -> None:
        if depth > 8 or id(value) in seen or isinstance(value, bool | str | BaseModel):
            return
        seen.add(id(value))
        if isinstance(value, int | float):
            if math.isfinite(value):
                numbers.add(round(value))
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), depth + 1)
            for name, attr in vars(type(value)).items():
                if isinstance(attr, property):
                    try:
                        walk(getattr(value, name), depth + 1)
                    except Exception:  # a property that cannot be computed holds no number
                        continue

    for item in found:
        walk(item, 0)
    return numbers


def private_values(
    full: Sequence[Dossier], shared: Sequence[Dossier], derived: Collection[int] = ()
) -> list[Secret]:
    """Values the loaded dossiers hold and the shared ones lost, with their forms.

    A value another shared dossier shows is not private: seeing it says nothing; nor
    is an amount the pages compute from shared values (`derived`).
    """
    kept = {d.slug: d for d in shared}
    by_slug = {d.slug: Counter(_key(leaf) for leaf in leaves(d)) for d in shared}
    shown = "\n".join(
        " ".join(str(leaf.value).split()) for d in shared for leaf in leaves(d)
    ).casefold()
    secrets: dict[tuple[Kind, str | float], Secret] = {}
    for dossier in full:
        twin = kept.get(dossier.slug)
        theirs = list(leaves(twin)) if twin is not None else []
        after = Counter(_key(leaf) for leaf in theirs)
        names = {_key(leaf) for leaf in theirs if leaf.kind == "name"}
        mine = list(leaves(dossier))
        before = Counter(_key(leaf) for leaf in mine)
        for leaf in mine:
            if not _worth_searching(leaf) or (leaf.kind, leaf.value) in secrets:
                continue
            key = _key(leaf)
            if any(key in counts for slug, counts in by_slug.items() if slug != dossier.slug):
                continue
            lost = key not in after
            if leaf.kind == "amount":
                # Removed from one field but kept in another: private all the same.
                lost = before[key] > after[key] if after[key] else round(key) not in derived
            if leaf.kind == "name":
                lost = lost or key not in names
            secret = Secret(leaf, tuple(forms(leaf)))
            if twin is None and leaf.kind != "amount":
                # A dossier left out of the share: its text shows only if a shared one's does.
                lost = not found_in(
                    shown, replace(secret, forms=tuple(text_forms(leaf.value, fold=True)))
                )
            if lost:
                secrets[(leaf.kind, leaf.value)] = secret
    return list(secrets.values())


# --- the forms of a value ----------------------------------------------------------

_SPACES = ("", ",", ".", "'", "\u2019", " ", "\u00a0", "\u202f", "&nbsp;", "&#160;", "&#8239;")


def amount_forms(value: float) -> list[str]:
    """75319 -> 75319, 75,319, 75.319, 75 319 (and other spaces), 75319.0, 75,319.00."""
    found: list[str] = []
    if value != int(value):
        found += [repr(value), f"{value:,}"]
    whole = round(value)
    grouped = f"{whole:,}"
    for sep in _SPACES:
        found.append(grouped.replace(",", sep))
    found += [f"{whole}.0", f"{whole}.00", f"{grouped}.00"]
    return list(dict.fromkeys(found))


def _ical(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def text_forms(text: str, *, fold: bool = False) -> list[str]:
    """A text as typed, with spaces collapsed, and escaped for HTML, JSON and iCalendar."""
    plain = {text.strip(), " ".join(text.split())}
    if "\n" in text.strip():
        plain |= {line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_NOTE_LINE}
    found: list[str] = []
    for p in plain:
        escaped = {
            p,
            html.escape(p, quote=False),
            html.escape(p),
            p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"),
        }  # fmt: skip
        for e in escaped:
            found += [e, json.dumps(e)[1:-1], json.dumps(e, ensure_ascii=False)[1:-1]]
        found.append(_ical(p))
    if fold:
        found = [f.casefold() for f in found]
    return list(dict.fromkeys(f for f in found if f))


def forms(leaf: Leaf) -> list[str]:
    if isinstance(leaf.value, float):
        return amount_forms(leaf.value)
    return text_forms(leaf.value, fold=leaf.kind == "name")


# --- the search --------------------------------------------------------------------


def _bounded(text: str, start: int, end: int, number: bool) -> bool:
    """True when text[start:end] is a whole word (or a whole number), not part of one."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if number:
        if before.isdigit() or (before in ".," and start > 1 and text[start - 2].isdigit()):
            return False
        if after.isdigit() or (after in ".," and end + 1 < len(text) and text[end + 1].isdigit()):
            return False
        return not after.isalpha() or not text[end - 1].isalpha()
    if before.isalnum() and text[start].isalnum():
        return False
    return not (after.isalnum() and text[end - 1].isalnum())


def found_in(text: str, secret: Secret) -> bool:
    number = secret.leaf.kind == "amount"
    for form in secret.forms:
        start = text.find(form)
        while start != -1:
            if _bounded(text, start, start + len(form), number):
                return True
            start = text.find(form, start + 1)
    return False


def readable(name: str, data: bytes) -> str:
    """A file as text to search: calendars unfolded (they wrap lines at 75 bytes)."""
    if name.endswith(".ics"):
        data = re.sub(rb"\r?\n[ \t]", b"", data)
    return data.decode("utf-8", "replace")


def _haystack(text: str, secret: Secret) -> str:
    """Text as searched for this secret: names ignore case and spacing."""
    return " ".join(text.split()).casefold() if secret.leaf.kind == "name" else text


def _public_at(secret: Secret, shared: Sequence[Dossier]) -> tuple[str, ...]:
    """Kept fields that hold the value, or a text containing it."""
    holders = []
    for d in shared:
        for leaf in leaves(d):
            if isinstance(leaf.value, float):
                if leaf.value == secret.leaf.value:
                    holders.append(leaf.where)
            elif found_in(_haystack(leaf.value, secret), secret):
                holders.append(leaf.where)
    return tuple(holders[:3])


def find_leaks(
    files: Mapping[str, bytes],
    secrets: Sequence[Secret],
    shared: Sequence[Dossier],
    baseline: Iterable[str] = (),
) -> list[Leak]:
    """Every (file, private value) pair where the file shows the value.

    `baseline` is text that exists without any dossier (templates, theme): a private
    text found there could not be told apart from the page around it.
    """
    leaks = []
    for name, data in files.items():
        text = readable(name, data)
        folded: str | None = None
        for secret in secrets:
            if secret.leaf.kind == "name":
                folded = folded if folded is not None else " ".join(text.split()).casefold()
                hit = found_in(folded, secret)
            else:
                hit = found_in(text, secret)
            if hit:
                leaks.append(Leak(name, secret, ()))
    if not leaks:
        return []
    common = "\n".join(baseline)
    told: dict[Secret, tuple[str, ...] | None] = {}
    kept = []
    for leak in leaks:
        secret = leak.secret
        if secret not in told:
            in_baseline = secret.leaf.kind == "text" and found_in(common, secret)
            told[secret] = None if in_baseline else _public_at(secret, shared)
        if (public_at := told[secret]) is not None:
            kept.append(Leak(leak.file, secret, public_at))
    return kept

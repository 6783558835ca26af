"""The share build's own proof: no private value anywhere in the bytes it wrote.

It does not trust the filter (share.py). It compares the dossiers as loaded with the
dossiers the share build used, and every value that the first has and the second
lost is private. Then it searches every output file for each such value, in the
forms a page, a search index or a calendar would write it.

What counts, and in which forms:

- text of at least 4 characters (a line of a private note: at least 8), as a whole
  word or words; escaped for HTML, for JSON and for iCalendar;
- names of people at any length, as whole words; a name of 2 or 3 letters (`Li`,
  `Eva`) in the text of pages, search indexes and calendars, not in their markup,
  nor in scripts and style sheets, whose code spells such words;
- amounts of 1,000 or more, with no separator or with `,` `.` `'` or any kind of
  space between thousands, with decimals after `.` or `,` (`80.000,00`), and with a
  currency sign or code before or after; and in `k` form (`80k` for 80,000,
  `€75.3k` for 75,319) except in pictures and search indexes, where the pictures'
  labels print rounded figures of the shared data.

Texts and names are compared in one normal form (spelling.py): Unicode NFKC,
casefolded, invisible characters dropped and spacing collapsed, so `Zoë` typed as
one character or as `o` plus a combining mark, in any case and spacing, is found.

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
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from ..model import Dossier, Note
from .spelling import same_text

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
    forms: tuple[str, ...]  # for texts and names, in the form of same_text()
    patterns: tuple[re.Pattern[str], ...] = ()  # for amounts, written out
    rounded: tuple[re.Pattern[str], ...] = ()  # for amounts, in `k` form


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
    return same_text(leaf.value)


def _worth_searching(leaf: Leaf) -> bool:
    if isinstance(leaf.value, float):
        return leaf.value >= MIN_AMOUNT
    if leaf.kind == "name":
        return bool(same_text(leaf.value))  # a name is searched at any length
    return len(same_text(leaf.value)) >= MIN_TEXT


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
    shown = "\n".join(same_text(str(leaf.value)) for d in shared for leaf in leaves(d))
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
            secret = make_secret(leaf)
            if twin is None and leaf.kind != "amount":
                # A dossier left out of the share: its text shows only if a shared one's does.
                lost = not found_in(shown, secret)
            if lost:
                secrets[(leaf.kind, leaf.value)] = secret
    return list(secrets.values())


# --- the forms of a value ----------------------------------------------------------

#: What people put between thousands, in the normal form (where every kind of space
#: is a plain space), or as HTML and iCalendar (`\,`) write it.
_GROUP = (
    r"(?:[,.'\u2019 ]|\\,|(?i:&nbsp;|&#160;|&#x0*a0;|&#8239;|&#x0*202f;|&thinsp;|&#8201;"
    r"|&#x0*2009;|&numsp;|&#8199;|&#x0*2007;))"
)
#: A decimal point or comma.
_POINT = r"(?:[.,]|\\,)"
_NUMBER_END = r"(?!\d)(?![.,]\d)(?!\\,\d)"


def _number(head: str, rest: str) -> str:
    """A pattern for a number that starts with the digits `head`, not inside a longer one.

    No digit before it, nor a digit and a separator, nor the `T` of a calendar's date
    and time (`20261025T143000` is 14:30). The digits come first, so the search skips
    ahead to them as it would with str.find.
    """
    return rf"{head}(?<!\d{head})(?<!\d[.,]{head})(?<!\d[tT]{head}){rest}"


def _grouped(whole: int, rest: str) -> str:
    """A pattern for `whole`, with or without a separator between thousands, then `rest`."""
    digits = str(whole)
    head = len(digits) % 3 or 3
    groups = [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return _number(digits[:head], "".join(f"{_GROUP}?{g}" for g in groups) + rest)


def _decimals(value: float) -> str:
    """The decimals of an amount that is not whole, after `.` or `,`."""
    return _POINT + f"{value:.6f}".split(".")[1].rstrip("0") + "0*"


def amount_patterns(
    value: float,
) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """An amount as people write it out, and in `k` form, for text in the normal form."""
    # 80000, 80,000.00, 80.000,00, 80'000.-
    written = {_grouped(round(value), rf"(?:{_POINT}0+|{_POINT}-)?{_NUMBER_END}")}
    if value != int(value):
        written.add(_grouped(int(value), _decimals(value) + _NUMBER_END))
    # 80000: 80k; 75319: 75.3k, 75.32k. Whole thousands only when exact: a rounded
    # 75k or 100k is what a chart's labels print of many figures.
    short = set()
    after = r" ?[kK](?![^\W\d_])"
    if value % 1000 == 0:
        short.add(_number(f"{int(value) // 1000}", rf"(?:{_POINT}0+)?{after}"))
    for places in (1, 2):
        whole, _, frac = f"{value / 1000:.{places}f}".partition(".")
        if frac.rstrip("0"):
            short.add(_number(whole, _POINT + frac.rstrip("0") + "0*" + after))
    return tuple(map(re.compile, sorted(written))), tuple(map(re.compile, sorted(short)))


def _ical(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def text_forms(text: str) -> list[str]:
    """A text in the normal form, and escaped as HTML, JSON and iCalendar write it."""
    plain = {text.strip()}
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
            found += [e, json.dumps(e, ensure_ascii=False)[1:-1]]
        found.append(_ical(p))
    return list(dict.fromkeys(f for f in map(same_text, found) if f))


def make_secret(leaf: Leaf) -> Secret:
    """A private value with the forms it is searched in."""
    if isinstance(leaf.value, float):
        return Secret(leaf, (), *amount_patterns(leaf.value))
    return Secret(leaf, tuple(text_forms(leaf.value)))


# --- the search --------------------------------------------------------------------

_JSON_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})"
)
_TAG = re.compile(r"<[^<>]*>")
_PICTURE = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def _json_unescaped(text: str) -> str:
    """`\\u00eb` and the like read as the characters they stand for."""

    def char(match: re.Match[str]) -> str:
        if match[3]:
            code = int(match[3], 16)
            return match[0] if 0xD800 <= code < 0xE000 else chr(code)
        high, low = int(match[1], 16), int(match[2], 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _JSON_ESCAPE.sub(char, text)


class Haystack:
    """The text of one output file as searched: in the normal form, escapes read."""

    def __init__(self, text: str, *, code: bool = False, index: bool = False) -> None:
        self.text = text  # in same_text()'s form, case kept (amounts are searched in it)
        self.code = code  # a script or a style sheet, whose code spells short words
        self.index = index  # a search index
        self._folded: str | None = None
        self._words: str | None = None
        self._outside_pictures: str | None = None

    @classmethod
    def of(cls, text: str, name: str = "") -> Haystack:
        index = "search_index" in name
        code = name.endswith((".js", ".css", ".mjs")) and not index
        return cls(same_text(_json_unescaped(text), fold=False), code=code, index=index)

    @property
    def folded(self) -> str:
        """The text casefolded, as texts and names are searched."""
        if self._folded is None:
            self._folded = same_text(self.text)
        return self._folded

    @property
    def words(self) -> str:
        """The folded text without markup: a short name is searched only where it shows."""
        if self._words is None:
            self._words = "" if self.code else " ".join(_TAG.sub(" ", self.folded).split())
        return self._words

    @property
    def outside_pictures(self) -> str:
        """The text without pictures, whose labels print rounded figures of shared data.

        A search index holds the pictures' labels run into the text around them; what
        else it holds, the page it indexes shows.
        """
        if self._outside_pictures is None:
            self._outside_pictures = "" if self.index else _PICTURE.sub(" ", self.text)
        return self._outside_pictures


def _bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a whole word or words, not part of one."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isalnum() and text[start].isalnum():
        return False
    return not (after.isalnum() and text[end - 1].isalnum())


def found_in(text: str | Haystack, secret: Secret) -> bool:
    """Whether `text` (in the normal form, or a Haystack) shows the private value."""
    hay = text if isinstance(text, Haystack) else Haystack(text)
    if secret.leaf.kind == "amount":
        return any(p.search(hay.text) for p in secret.patterns) or any(
            p.search(hay.outside_pictures) for p in secret.rounded
        )
    short = secret.leaf.kind == "name" and len(same_text(str(secret.leaf.value))) < MIN_TEXT
    where = hay.words if short else hay.folded
    for form in secret.forms:
        start = where.find(form)
        while start != -1:
            if _bounded(where, start, start + len(form)):
                return True
            start = where.find(form, start + 1)
    return False


def readable(name: str, data: bytes) -> str:
    """A file as text to search: calendars unfolded (they wrap lines at 75 bytes)."""
    if ".ics" in name:  # also `x.ics (inside a page)` of a passphrase share
        data = re.sub(rb"\r?\n[ \t]", b"", data)
    return data.decode("utf-8", "replace")


def _public_at(secret: Secret, kept: Sequence[tuple[Leaf, Haystack | None]]) -> tuple[str, ...]:
    """Kept fields that hold the value, or a text containing it."""
    holders = []
    for leaf, text in kept:
        if text is None:
            if leaf.value == secret.leaf.value:
                holders.append(leaf.where)
        elif found_in(text, secret):
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
        text = Haystack.of(readable(name, data), name)
        leaks += [Leak(name, secret, ()) for secret in secrets if found_in(text, secret)]
    if not leaks:
        return []
    common = Haystack.of("\n".join(baseline))
    kept_leaves = [
        (leaf, None if isinstance(leaf.value, float) else Haystack.of(leaf.value))
        for d in shared
        for leaf in leaves(d)
    ]
    told: dict[Secret, tuple[str, ...] | None] = {}
    kept = []
    for leak in leaks:
        secret = leak.secret
        if secret not in told:
            in_baseline = secret.leaf.kind == "text" and found_in(common, secret)
            told[secret] = None if in_baseline else _public_at(secret, kept_leaves)
        if (public_at := told[secret]) is not None:
            kept.append(Leak(leak.file, secret, public_at))
    return kept


def leak_report(leaks: Sequence[Leak], out: Path, what: str = "shared copy") -> str:
    """What a refused share says: each leak (the first 20), and what to do about it."""
    shown = [f"  {leak}" for leak in leaks[:20]]
    if len(leaks) > 20:
        shown.append(f"  ... and {len(leaks) - 20} more")
    return "\n".join(
        [
            f"the {what} would show private values; nothing was written to {out}",
            *shown,
            "Remove the value from the file named, or mark the field that still shares it private.",
        ]
    )

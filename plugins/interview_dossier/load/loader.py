"""Load dossier folders into the model, reporting every problem with its place.

The loader only reads. It never writes to, moves or rewrites a user's file.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import importlib.metadata
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diskcache import DiskStore
from ..errors import DossierError, Problem
from ..heap import collector_paused
from ..model import Dossier, DossierFacts, Note, NoteMeta, record_type
from ..render.note_html import NoteError, check_markdown
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

FACTS_FILE = "dossier.yml"

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


# Letters that Unicode does not decompose into a Latin base letter.
_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
    }
)


def slugify(name: str) -> str:
    """A folder name as a URL-safe slug: `Acme Corp` -> `acme-corp`."""
    text = name.translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _found(value: Any) -> str:
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
                message = f"expected {expected}, found {_found(error.get('input'))}"
                number = _number_hint(error.get("input")) if "number" in expected else None
                if number is not None:
                    message += f"; write {number}"
            elif kind in _BOUNDS and error.get("ctx"):
                limit = next(iter(error["ctx"].values()))
                found = _found(error.get("input"))
                message = f"expected a number {_BOUNDS[kind]} {limit}, found {found}"
            elif kind == "string_too_short":
                message = f"expected some text, found {_found(error.get('input'))}"
            else:
                message = f"{error['msg']}, found {_found(error.get('input'))}"
            if kind in {"enum", "literal_error"}:
                allowed = re.findall(r"'([^']*)'", str(error["msg"]))
                close = difflib.get_close_matches(str(error.get("input")), allowed, n=1)
                message = (
                    f"expected one of {', '.join(allowed)}, found {_found(error.get('input'))}"
                )
                if close:
                    message += f"; did you mean `{close[0]}`?"
            elif kind == "string_pattern_mismatch" and loc and loc[-1] == "currency":
                message = f"expected a three-letter currency code such as EUR, found {_found(error.get('input'))}"
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


def decode(raw: bytes, relpath: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                relpath,
                line,
                column,
                "",
                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            )
        ]


def _refused_fields(problems: list[Problem]) -> set[str]:
    """Fields the YAML reader refused (now empty); a duplicate key keeps its first value."""
    return {p.field for p in problems if not p.message.startswith("duplicate key")}


def parse_facts(text: str, relpath: str) -> tuple[DossierFacts | None, list[Problem]]:
    source, problems = read_yaml(text, relpath, recover=True)
    if source.recovered is not None:
        # A syntax error, read past with a guessed repair: report the file's other
        # mistakes too, except on the lines the guess changed.
        _, found = _check_facts(source.recovered, problems, relpath)
        return None, problems + [p for p in found[len(problems) :] if p.line not in source.touched]
    return _check_facts(source, problems, relpath)


def _check_facts(
    source: Source, problems: list[Problem], relpath: str
) -> tuple[DossierFacts | None, list[Problem]]:
    if problems and source.data is None:
        return None, problems
    if source.data is None:
        return None, [
            Problem(
                relpath,
                1,
                0,
                "",
                "the file is empty; a dossier needs at least `company` and `role`",
            )
        ]
    if not isinstance(source.data, dict):
        return None, [
            Problem(relpath, 1, 1, "", f"expected a mapping of fields, found {_found(source.data)}")
        ]
    if control := _control_problems(source.data, source, relpath):
        return None, problems + control
    facts = None
    try:
        facts = DossierFacts.model_validate(source.data)
    except ValidationError as exc:
        # Values the YAML reader already refused would only repeat as "found nothing".
        seen = _refused_fields(problems)
        problems = problems + [
            p
            for p in validation_problems(exc, source, relpath, DossierFacts)
            if p.field not in seen
        ]
    # A thousands separator explains a refused value better than "expected a number".
    separated = _separator_problems(source, relpath, set())
    if separated:
        said = {p.field for p in separated}
        problems = [p for p in problems if p.field not in said] + separated
    problems = problems + _version_problems(source, relpath, {p.field for p in problems})
    if facts is not None:
        problems += _public_yet_private(facts, source, relpath)
    return (None, problems) if problems else (facts, [])


def _public_yet_private(facts: DossierFacts, source: Source, relpath: str) -> list[Problem]:
    """A path both private and public is a contradiction: say so rather than guess."""
    found = []
    for i, path, hidden in facts.public_yet_private():
        spot = source.spot(("public", i))
        how = "" if path == hidden else f" (as part of `{hidden}`)"
        message = (
            f"`{path}` is listed under both `private:`{how} and `public:`; "
            "private wins, so remove it from `public:` or from `private:`"
        )
        found.append(Problem(relpath, spot.line, spot.column, f"public[{i}]", message))
    return found


#: The fields that hold an amount of money, wherever they sit under these sections.
MONEY_FIELDS = frozenset(
    {"minimum", "base", "bonus", "equity", "low", "high", "sign_on", "equity_total", "min_base"}
)
MONEY_SECTIONS = frozenset({"compensation", "offers", "red_lines"})
#: `5.300`, `150.000`, `1.234.567`: a dot between groups of three digits, the way
#: thousands are written in Berlin or Madrid. YAML reads `5.300` as 5.3.
_DOT_THOUSANDS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")


def _separator_problems(source: Source, relpath: str, reported: set[str]) -> list[Problem]:
    """Money written with a dot between thousands: refused, with the number to write."""
    found = []
    for path in source.values:
        if not path or path[0] not in MONEY_SECTIONS or path[-1] not in MONEY_FIELDS:
            continue
        spot = source.values[path]
        raw = spot.raw
        if raw is None or not spot.plain or not _DOT_THOUSANDS.match(raw):
            continue
        name = dotted(path)
        if name in reported:
            continue
        number = raw.replace(".", "")
        message = (
            f"`{raw}` looks like {int(number):,} written with dots between the thousands, "
            f"which YAML reads as {plain_number(float(raw)) if raw.count('.') == 1 else 'text'}; "
            f"write {number} (without separators)"
        )
        found.append(Problem(relpath, spot.line, spot.column, name, message))
    return found


def _version_problems(source: Source, relpath: str, reported: set[str]) -> list[Problem]:
    """Values YAML 1.1 and 1.2 read differently, where nothing else was said about them."""
    found = []
    for path, why in source.differs.items():
        name = dotted(path)
        if name in reported:
            continue
        spot = source.spot(path)
        found.append(Problem(relpath, spot.line, spot.column, name, why))
    return found


_FRONT = re.compile(r"---[ \t]*\r?\n")  # matched at the first non-blank line
_FRONT_END = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
# Before the opening `---`: byte order marks and blank lines, accepted and dropped.
_LEADING = re.compile(r"\A(?:\ufeff|[ \t]*\r?\n)*")
# A line that a reader could take for the start of front matter, but is not at the top.
_FENCE_LINE = re.compile(r"^[ \t]*(---|\+\+\+)[ \t]*\r?$", re.MULTILINE)
_PRIVATE_LINE = re.compile(r"^[ \t>]*private[ \t]*[:=]", re.MULTILINE | re.IGNORECASE)
#: Control characters refused anywhere in a user's text: all of C0 but tab and line
#: feed, and DEL. A carriage return only as part of a CRLF line end.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def control_problem(text: str, relpath: str, field: str = "", line: int = 0) -> Problem | None:
    """A problem for the first control character in `text`, or None.

    They would reach the terminal and the calendars raw; none has a use in a dossier.
    """
    found = _CONTROL.search(text)
    if found is None:
        return None
    at = line or _line_of(text, found.start())
    return Problem(
        relpath,
        at,
        0,
        field,
        f"the control character U+{ord(found.group()[0]):04X} is not allowed here; remove it",
    )


def _control_problems(
    data: Any, source: Source, relpath: str, path: tuple[Any, ...] = ()
) -> list[Problem]:
    """A problem for every text value of parsed YAML that holds a control character."""
    if not source.may_hold_controls:
        return []
    if isinstance(data, dict):
        return [
            p for k, v in data.items() for p in _control_problems(v, source, relpath, (*path, k))
        ]
    if isinstance(data, list):
        return [
            p for i, v in enumerate(data) for p in _control_problems(v, source, relpath, (*path, i))
        ]
    if isinstance(data, str) and _CONTROL.search(data):
        spot = source.spot(path)
        found = control_problem(data, relpath, dotted(path), spot.line or 1)
        return [replace(found, column=spot.column)] if found else []
    return []


def _front_matter_problem(text: str, relpath: str, body_at: int, front: bool) -> Problem | None:
    """Why the front matter of a note cannot be read without doubt, or None.

    A note that meant to be private but whose front matter is not read as such would
    be published whole; anything that looks like misplaced front matter is refused.
    """
    first = text[body_at:].split("\n", 1)[0].strip()
    line = _line_of(text, body_at)
    if first == "+++":
        return Problem(
            relpath,
            line,
            1,
            "",
            "front matter in TOML (`+++`) is not read; write it in YAML between `---` lines",
        )
    if first == "---":
        return Problem(
            relpath,
            line,
            1,
            "",
            "the `---` that opens front matter must start at the beginning of its line",
        )
    fence = _FENCE_LINE.search(text, body_at)
    private = _PRIVATE_LINE.search(text, body_at)
    if private is not None:
        return Problem(
            relpath,
            _line_of(text, private.start()),
            1,
            "private",
            "a `private:` line outside front matter is not read; put it in the front matter "
            "between `---` lines at the very top of the note",
        )
    if fence is not None and not front:
        # `---` after some text, then `key: value` lines: front matter in the wrong place.
        after = text[fence.end() :].lstrip("\r\n").split("\n", 1)[0]
        if re.match(r"[ \t]*(title|section|date|author|mentor|done)[ \t]*:", after):
            return Problem(
                relpath,
                _line_of(text, fence.start()),
                1,
                "",
                "front matter must be the first thing in the note; remove the text before `---`",
            )
    return None


def parse_note(text: str, relpath: str, name: str) -> tuple[Note | None, list[Problem]]:
    meta_data: Any = {}
    source = Source({})
    problems: list[Problem] = []
    start_at = _LEADING.match(text).end()  # type: ignore[union-attr]
    skipped = text.count("\n", 0, start_at)
    front = _FRONT.match(text, start_at)
    body_at = start_at
    if front:
        start = front.end()
        end = _FRONT_END.search(text, start)
        if end is None:
            return None, [
                Problem(
                    relpath,
                    skipped + 1,
                    1,
                    "",
                    "front matter starts with `---` but has no closing `---` line",
                )
            ]
        source, problems = read_yaml(text[start : end.start()], relpath, line_offset=skipped + 1)
        if problems and source.data is None:
            return None, problems
        meta_data = source.data if source.data is not None else {}
        if not isinstance(meta_data, dict):
            return None, [
                *problems,
                Problem(
                    relpath,
                    skipped + 2,
                    1,
                    "",
                    f"front matter must be a mapping of fields, found {_found(meta_data)}",
                ),
            ]
        body_at = end.end()
    if doubt := _front_matter_problem(text, relpath, body_at, front is not None):
        return None, [*problems, doubt]
    problems += _control_problems(meta_data, source, relpath)
    if found := control_problem(text[body_at:], relpath):
        return None, [*problems, replace(found, line=found.line + _line_of(text, body_at) - 1)]
    body = text[body_at:].lstrip("\r\n") if front else text[start_at:]
    try:
        meta = NoteMeta.model_validate(meta_data)
    except ValidationError as exc:
        seen = _refused_fields(problems)
        more = [
            p for p in validation_problems(exc, source, relpath, NoteMeta) if p.field not in seen
        ]
        return None, problems + more
    if problems:
        return None, problems
    try:
        check_markdown(body)
    except NoteError as exc:
        # Found here, `check` reports it too; the line counts from the file's start.
        line = text[: len(text) - len(body)].count("\n") + exc.line
        return None, [Problem(relpath, line, 1, "", str(exc))]
    return Note(path=relpath, name=name, meta=meta, body=body), []


@dataclass(frozen=True)
class FileStamp:
    """What we know of a file without reading it: enough to tell it changed."""

    mtime_ns: int
    size: int


class DossierCache:
    """Parsed dossiers kept between builds.

    In memory, keyed by file stamps: `mkdocs serve` keeps the plugin, and so this
    cache, across rebuilds. With a `store` folder, also on disk, keyed by the bytes
    of every file of the dossier and by the loader's own code, so a fresh
    `mkdocs build` re-reads only the dossiers that changed. A stored entry whose key
    differs, or that cannot be read back, is ignored and replaced: the cache is
    never trusted over the files, and never an error.
    """

    def __init__(self, store: Path | None = None) -> None:
        self._entries: dict[Path, tuple[tuple[tuple[str, FileStamp], ...], Dossier]] = {}
        self._keys: dict[Path, str] = {}
        self.store = store
        self.reads = 0
        self.disk_hits = 0

    def get(self, folder: Path, stamps: tuple[tuple[str, FileStamp], ...]) -> Dossier | None:
        entry = self._entries.get(folder)
        if entry and entry[0] == stamps:
            return entry[1]
        if self.store is None:
            return None
        try:
            key = self._keys[folder] = _content_key(folder, stamps)
        except OSError:
            return None  # a file went away while we looked: read the folder as usual
        stored = DiskStore(self.store).get(_stored_name(folder), key)
        if not isinstance(stored, Dossier):
            return None  # absent, unreadable or stale: the files are read instead
        self.disk_hits += 1
        self._entries[folder] = (stamps, stored)
        return stored

    def put(
        self, folder: Path, stamps: tuple[tuple[str, FileStamp], ...], dossier: Dossier
    ) -> None:
        self._entries[folder] = (stamps, dossier)
        key = self._keys.pop(folder, None)
        if self.store is not None and key is not None:
            DiskStore(self.store).put(_stored_name(folder), key, dossier)


@functools.cache
def _code_fingerprint() -> bytes:
    """What a parsed dossier depends on besides its files: this package's loading code."""
    try:
        version = importlib.metadata.version("interview-dossier")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    digest = hashlib.blake2b(version.encode("utf-8"), digest_size=16)
    here = Path(__file__).parent
    for name in ("errors.py", "loader.py", "model.py", "notes.py", "yamlsource.py"):
        digest.update((here / name).read_bytes())
    return digest.digest()


def _content_key(folder: Path, stamps: tuple[tuple[str, FileStamp], ...]) -> str:
    digest = hashlib.blake2b(_code_fingerprint(), digest_size=20)
    digest.update(str(folder.absolute()).encode("utf-8"))
    for name, _ in stamps:
        data = (folder / name).read_bytes()
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _stored_name(folder: Path) -> str:
    # The folder as given (absolute under a build): resolving it costs a system call
    # per path part, for every dossier of every build.
    return str(folder.absolute())


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# Followed, a link would let a note publish any file of the machine. A folder's own
# entries that are not links cannot lead outside it.
LINK_REFUSED = "is a symbolic link; dossiers take only real files and folders"


def _children(folder: Path) -> list[os.DirEntry[str]]:
    """The dossier's own files, `dossier.yml` and the notes (`*.md`), by name.

    One listing of the folder: each entry already knows whether it is a link, a
    file or a folder, where asking each path costs system calls; under `mkdocs
    serve` this runs for every dossier on every save.
    """
    try:
        with os.scandir(folder) as listing:
            found = [e for e in listing if e.name == FACTS_FILE or e.name.endswith(".md")]
    except OSError:
        return []  # unreadable, or gone since it was listed: no notes are found
    return sorted(found, key=lambda e: e.name)


def _stamps(files: Iterable[Path | os.DirEntry[str]]) -> tuple[tuple[str, FileStamp], ...]:
    out = []
    for f in files:
        st = f.stat()
        out.append((f.name, FileStamp(st.st_mtime_ns, st.st_size)))
    return tuple(out)


def load_dossier(
    folder: Path, root: Path, cache: DossierCache | None = None
) -> tuple[Dossier | None, list[Problem]]:
    """Load one opportunity folder."""
    facts_path = folder / FACTS_FILE
    rel_folder = _relative(folder, root)
    if not facts_path.is_file():
        return None, [
            Problem(
                rel_folder,
                0,
                0,
                "",
                f"this folder has no {FACTS_FILE}; add one with `company` and `role`",
            )
        ]
    children = _children(folder)
    if links := [c for c in children if c.is_symlink()]:
        return None, [
            Problem(_relative(folder / c.name, root), 0, 0, "", LINK_REFUSED) for c in links
        ]
    notes_listed = [c for c in children if c.name != FACTS_FILE and c.is_file()]
    stamps: tuple[tuple[str, FileStamp], ...] = ()
    if cache is not None:  # file stamps are the cache's key, of no use without one
        facts_listed = [c for c in children if c.name == FACTS_FILE] or [facts_path]
        stamps = _stamps([*facts_listed, *notes_listed])
        if (hit := cache.get(folder, stamps)) is not None:
            return hit, []
        cache.reads += 1

    note_files = [folder / c.name for c in notes_listed]
    problems: list[Problem] = []
    relpath = _relative(facts_path, root)
    text, decode_problems = decode(facts_path.read_bytes(), relpath)
    facts = None
    if text is not None:
        facts, fact_problems = parse_facts(text, relpath)
        problems += fact_problems
    problems += decode_problems

    notes: list[Note] = []
    for note_path in note_files:
        note_rel = _relative(note_path, root)
        note_text, note_decode = decode(note_path.read_bytes(), note_rel)
        problems += note_decode
        if note_text is None:
            continue
        note, note_problems = parse_note(note_text, note_rel, note_path.stem)
        problems += note_problems
        # A draft (the starter note of `dossier new`) is checked but never reaches a page.
        if note is not None and not note.meta.draft:
            notes.append(note)

    if problems or facts is None:
        return None, problems
    dossier = Dossier(slug=slugify(folder.name), path=rel_folder, facts=facts, notes=tuple(notes))
    if cache is not None:
        cache.put(folder, stamps, dossier)
    return dossier, []


def dossier_folders(dossiers_dir: Path) -> list[Path]:
    """Opportunity folders in a stable order; hidden and `_`-prefixed ones are skipped."""
    return [dossiers_dir / e.name for e in _folder_entries(dossiers_dir)]


def _folder_entries(dossiers_dir: Path) -> list[os.DirEntry[str]]:
    """The entries of `dossier_folders`, which know whether they are links."""
    if not dossiers_dir.is_dir():
        return []
    with os.scandir(dossiers_dir) as listing:
        found = [e for e in listing if e.is_dir() and not e.name.startswith((".", "_"))]
    return sorted(found, key=lambda e: e.name)


def load_all(
    dossiers_dir: Path, root: Path | None = None, cache: DossierCache | None = None
) -> tuple[list[Dossier], list[Problem]]:
    """Load every dossier; return those that loaded and every problem found."""
    with collector_paused():  # reading makes no garbage cycles (heap.py)
        return _load_all(dossiers_dir, root, cache)


def _load_all(
    dossiers_dir: Path, root: Path | None, cache: DossierCache | None
) -> tuple[list[Dossier], list[Problem]]:
    root = root or dossiers_dir.parent
    if not dossiers_dir.is_dir():
        return [], [
            Problem(_relative(dossiers_dir, root), 0, 0, "", "the dossiers folder does not exist")
        ]
    dossiers: list[Dossier] = []
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    for entry in _folder_entries(dossiers_dir):
        folder = dossiers_dir / entry.name
        rel = _relative(folder, root)
        if entry.is_symlink():
            problems.append(Problem(rel, 0, 0, "", LINK_REFUSED))
            continue
        slug = slugify(folder.name)
        if not slug:
            problems.append(
                Problem(
                    rel, 0, 0, "", "the folder name has no letters or digits to make a slug from"
                )
            )
            continue
        if slug in claimed:
            problems.append(
                Problem(
                    rel,
                    0,
                    0,
                    "",
                    f"the slug `{slug}` is already used by {claimed[slug]}; rename one folder",
                )
            )
            continue
        claimed[slug] = rel
        dossier, found = load_dossier(folder, root, cache)
        problems += found
        if dossier is not None:
            dossiers.append(dossier)
    return dossiers, problems


def load_or_raise(
    dossiers_dir: Path, root: Path | None = None, cache: DossierCache | None = None
) -> list[Dossier]:
    dossiers, problems = load_all(dossiers_dir, root, cache)
    if problems:
        raise DossierError(problems)
    return dossiers


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

"""Load dossier folders into the model, reporting every problem with its place.

The loader only reads. It never writes to, moves or rewrites a user's file.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DossierError, Problem
from .model import Dossier, DossierFacts, Note, NoteMeta, record_type
from .notes import NoteError, check_markdown
from .yamlsource import Source, describe_surprise, dotted, quote_hint, read_yaml, shown

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
    for error in exc.errors(include_url=False):
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
    source, problems = read_yaml(text, relpath)
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
    try:
        facts = DossierFacts.model_validate(source.data)
    except ValidationError as exc:
        # Values the YAML reader already refused would only repeat as "found nothing".
        seen = _refused_fields(problems)
        more = [
            p
            for p in validation_problems(exc, source, relpath, DossierFacts)
            if p.field not in seen
        ]
        return None, problems + more
    return (None, problems) if problems else (facts, [])


_FRONT = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_END = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def parse_note(text: str, relpath: str, name: str) -> tuple[Note | None, list[Problem]]:
    meta_data: Any = {}
    body = text
    source = Source({})
    problems: list[Problem] = []
    if _FRONT.match(text):
        start = _FRONT.match(text).end()  # type: ignore[union-attr]
        end = _FRONT_END.search(text, start)
        if end is None:
            return None, [
                Problem(
                    relpath,
                    1,
                    1,
                    "",
                    "front matter starts with `---` but has no closing `---` line",
                )
            ]
        source, problems = read_yaml(text[start : end.start()], relpath, line_offset=1)
        if problems and source.data is None:
            return None, problems
        meta_data = source.data if source.data is not None else {}
        if not isinstance(meta_data, dict):
            return None, [
                *problems,
                Problem(
                    relpath,
                    2,
                    1,
                    "",
                    f"front matter must be a mapping of fields, found {_found(meta_data)}",
                ),
            ]
        body = text[end.end() :].lstrip("\r\n")
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
    """Parsed dossiers kept between `mkdocs serve` rebuilds, keyed by file stamps."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[tuple[str, FileStamp], ...], Dossier]] = {}
        self.reads = 0

    def get(self, folder: Path, stamps: tuple[tuple[str, FileStamp], ...]) -> Dossier | None:
        entry = self._entries.get(folder)
        if entry and entry[0] == stamps:
            return entry[1]
        return None

    def put(
        self, folder: Path, stamps: tuple[tuple[str, FileStamp], ...], dossier: Dossier
    ) -> None:
        self._entries[folder] = (stamps, dossier)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _stamps(files: Iterable[Path]) -> tuple[tuple[str, FileStamp], ...]:
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
    note_files = sorted(p for p in folder.glob("*.md") if p.is_file())
    stamps = _stamps([facts_path, *note_files])
    if cache is not None and (hit := cache.get(folder, stamps)) is not None:
        return hit, []
    if cache is not None:
        cache.reads += 1

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
        if note is not None:
            notes.append(note)

    if problems or facts is None:
        return None, problems
    dossier = Dossier(slug=slugify(folder.name), path=rel_folder, facts=facts, notes=tuple(notes))
    if cache is not None:
        cache.put(folder, stamps, dossier)
    return dossier, []


def dossier_folders(dossiers_dir: Path) -> list[Path]:
    """Opportunity folders in a stable order; hidden and `_`-prefixed ones are skipped."""
    if not dossiers_dir.is_dir():
        return []
    return sorted(
        (p for p in dossiers_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
        key=lambda p: p.name,
    )


def load_all(
    dossiers_dir: Path, root: Path | None = None, cache: DossierCache | None = None
) -> tuple[list[Dossier], list[Problem]]:
    """Load every dossier; return those that loaded and every problem found."""
    root = root or dossiers_dir.parent
    if not dossiers_dir.is_dir():
        return [], [
            Problem(_relative(dossiers_dir, root), 0, 0, "", "the dossiers folder does not exist")
        ]
    dossiers: list[Dossier] = []
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    for folder in dossier_folders(dossiers_dir):
        rel = _relative(folder, root)
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

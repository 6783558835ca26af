"""Load dossier folders into the model, reporting every problem with its place.

The loader only reads. It never writes to, moves or rewrites a user's file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import DossierError, Problem
from ..model import Dossier, DossierFacts, Note, NoteMeta
from .cache import FileStamp, ParseCache, Stamps
from .note_limits import NoteError, check_markdown
from .problems import found_text, validation_problems
from .yamlsource import Source, dotted, plain_number, read_yaml

FACTS_FILE = "dossier.yml"

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
            Problem(
                relpath, 1, 1, "", f"expected a mapping of fields, found {found_text(source.data)}"
            )
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
#: Line breaks that are not control characters: next line (U+0085), and the line and
#: paragraph separators (U+2028, U+2029). A note reads them as the line breaks they
#: are, so its front matter cannot hide behind them.
_UNICODE_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


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
    # Every other line boundary that str.splitlines knows is a control character,
    # refused below with its line.
    text = _UNICODE_LINE_BREAK.sub("\n", text)
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
                    f"front matter must be a mapping of fields, found {found_text(meta_data)}",
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


def _stamps(files: Iterable[Path | os.DirEntry[str]]) -> Stamps:
    out = []
    for f in files:
        st = f.stat()
        out.append((f.name, FileStamp(st.st_mtime_ns, st.st_size)))
    return tuple(out)


def load_dossier(
    folder: Path, root: Path, cache: ParseCache | None = None
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
    note_files = [folder / c.name for c in notes_listed]
    stamps: Stamps = ()
    if cache is not None:  # file stamps are the cache's key, of no use without one
        facts_listed = [c for c in children if c.name == FACTS_FILE] or [facts_path]
        stamps = _stamps([*facts_listed, *notes_listed])
        try:
            if (
                hit := cache.get(folder, rel_folder, [facts_path, *note_files], stamps)
            ) is not None:
                return hit, []
        except OSError:
            pass  # a file went away while we looked: read the folder as usual

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
        cache.put(folder, rel_folder, [facts_path, *note_files], stamps, dossier)
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
    dossiers_dir: Path, root: Path | None = None, cache: ParseCache | None = None
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
    dossiers_dir: Path, root: Path | None = None, cache: ParseCache | None = None
) -> list[Dossier]:
    dossiers, problems = load_all(dossiers_dir, root, cache)
    if problems:
        raise DossierError(problems)
    return dossiers

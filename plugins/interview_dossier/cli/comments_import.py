"""Comments and debriefs written in a browser, taken back into the dossiers.

A shared site lets a mentor comment on each section; the owner's own site lets
them write a debrief on a card. Both stay in that browser's local storage until
exported as one text file (the "comments file", format below). `dossier
comments import` reads that file and writes each entry as a note of the right
dossier folder. Nothing here imports MkDocs.

The comments file: free text, then one block per entry. A block is a header of
`key: value` lines between two `---` lines, then the entry's text up to the next
`---` line or the end. In the text, a line that starts with `---` or with a
backslash has one backslash put in front of it, which the reader removes::

    ---
    dossier-comment: 1
    share: "3f9c2a1b7e"
    kind: comment
    dossier: "lumen-health"
    section: compensation
    author: "Ana Example"
    date: 2026-11-25
    ---
    Ask for the range before you give a number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from ..errors import Problem
from ..load.loader import (
    decode,
    dossier_folders,
    parse_facts,
    parse_note,
    slugify,
)
from ..load.problems import validation_problems
from ..load.yamlsource import read_yaml, shown
from ..model import DossierFacts, Interview, Section
from ..render.comment_data import (
    _AUTHOR,
    _CONTROL,
    _DELIMITER,
    _SHARE,
    _SLUG,
    DEBRIEF_PARTS,
    FORMAT_VERSION,
    MAX_AUTHOR,
    MAX_FILE,
    MAX_TEXT,
    SECTION_SPOTS,
)


class EntryHeader(BaseModel):
    """The header of one entry of a comments file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    version: StrictInt = Field(alias="dossier-comment")
    share: str
    kind: Literal["comment", "debrief"]
    dossier: str
    section: Section
    author: str | None = None
    date: dt.date


@dataclass(frozen=True)
class Entry:
    """One comment or debrief read from a comments file, with where it starts."""

    line: int
    header: EntryHeader
    text: str
    dossier_line: int  # where its `dossier:` is, for "no such dossier"

    @property
    def key(self) -> str:
        """A hash of what the entry says: the same entry imported twice has the same key."""
        h = self.header
        parts = (h.kind, h.dossier, h.section.value, h.author or "", h.date.isoformat(), self.text)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:10]


def _clean_text(lines: list[str]) -> str:
    """The entry's text as typed: unescaped, with line ends and outer blank lines tidied."""
    out = [line[1:] if line.startswith("\\") else line for line in lines]
    text = "\n".join(line.rstrip() for line in out).strip("\n")
    return text


def parse_file(text: str, relpath: str) -> tuple[list[Entry], list[Problem]]:
    """Every entry of a comments file, or the problems that stop it being read."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    marks = [i for i, line in enumerate(lines) if line.rstrip() == _DELIMITER]
    if not marks:
        return [], [
            Problem(relpath, 1, 0, "", "no comments found: expected blocks that start with `---`")
        ]
    entries: list[Entry] = []
    problems: list[Problem] = []
    # Blocks alternate: header (between two marks), then text (up to the next mark).
    for n in range(0, len(marks), 2):
        start = marks[n]
        if n + 1 >= len(marks):
            problems.append(
                Problem(relpath, start + 1, 1, "", "a header starts here but has no closing `---`")
            )
            break
        end = marks[n + 1]
        text_end = marks[n + 2] if n + 2 < len(marks) else len(lines)
        header_text = "\n".join(lines[start + 1 : end])
        entry, found = _read_entry(
            header_text, lines[end + 1 : text_end], relpath, header_line=start + 1
        )
        problems += found
        if entry is not None:
            entries.append(entry)
    if not entries and not problems:
        problems.append(Problem(relpath, 1, 0, "", "the file holds no comments"))
    return entries, problems


def _read_entry(
    header_text: str, text_lines: list[str], relpath: str, header_line: int
) -> tuple[Entry | None, list[Problem]]:
    source, problems = read_yaml(header_text, relpath, line_offset=header_line)
    if problems:
        return None, problems
    data = source.data
    if not isinstance(data, dict):
        return None, [
            Problem(relpath, header_line, 1, "", "expected a header of `key: value` lines")
        ]

    def problem(field: str, message: str) -> Problem:
        spot = source.keys.get((field,)) or source.spot((field,))
        return Problem(relpath, spot.line, spot.column, field, message)

    # Checked on the raw values too, so one run reports every problem of the entry.
    found: list[Problem] = []
    slug, share, author = data.get("dossier"), data.get("share"), data.get("author")
    kind = data.get("kind") if data.get("kind") in ("comment", "debrief") else "comment"
    version = data.get("dossier-comment")
    if isinstance(version, int) and version != FORMAT_VERSION:
        found.append(
            problem(
                "dossier-comment",
                f"this file was written in format {version}; "
                f"this version reads format {FORMAT_VERSION}",
            )
        )
    if isinstance(slug, str) and not _SLUG.match(slug):
        found.append(
            problem(
                "dossier",
                f"`{shown(slug[:60])}` is not a dossier slug (lower-case letters, digits and dashes)",
            )
        )
    if isinstance(share, str) and not _SHARE.match(share):
        found.append(
            problem("share", f"`{shown(share[:60])}` is not a share id (letters and digits)")
        )
    if kind == "comment" and "author" in data:
        if not isinstance(author, str) or not author.strip():
            found.append(problem("author", "a comment needs the mentor's name"))
        elif len(author) > MAX_AUTHOR or not _AUTHOR.match(author):
            found.append(
                problem(
                    "author",
                    f"`{shown(author[:60])}` is not a name: use at most {MAX_AUTHOR} "
                    "letters, digits, spaces and . , ' - ( )",
                )
            )
    elif kind == "comment":
        found.append(problem("author", "a comment needs the mentor's name in `author:`"))
    if kind == "debrief" and data.get("section") != Section.timeline.value:
        found.append(problem("section", "a debrief belongs to the `timeline` section"))
    text = _CONTROL.sub("", _clean_text(text_lines))
    body_line = header_line + header_text.count("\n") + 2
    if not text.strip():
        found.append(Problem(relpath, body_line, 0, "", f"this {kind} has no text"))
    elif len(text) > MAX_TEXT:
        found.append(
            Problem(
                relpath,
                body_line,
                0,
                "",
                f"this {kind} is {len(text):,} characters long; "
                f"the most one can hold is {MAX_TEXT:,}",
            )
        )
    try:
        header = EntryHeader.model_validate(data)
    except ValidationError as exc:
        seen = {p.field for p in found}
        more = validation_problems(exc, source, relpath, EntryHeader)
        return None, found + [p for p in more if p.field not in seen]
    if found:
        return None, found
    dossier_spot = source.keys.get(("dossier",)) or source.spot(("dossier",))
    return Entry(header_line, header, text, dossier_spot.line), []


def inert_markdown(text: str) -> str:
    """Plain text as Markdown that shows it as typed: no HTML, links, images or headings.

    A comment is text, not markup. Escaping `<` and `&` keeps HTML from forming;
    escaping brackets and braces keeps links, images (which would load from the
    network) and attribute lists from forming; a heading or rule mark at the start
    of a line is escaped, so the comment cannot restructure the page.
    """
    out = []
    for line in text.split("\n"):
        line = (
            line.replace("\\", "\\\\")
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("[", "\\[")
            .replace("]", "\\]")
            .replace("{", "\\{")
            .replace("}", "\\}")
        )
        stripped = line.lstrip(" ")
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith("#"):
            line = f"{indent}\\{stripped}"
        elif re.fullmatch(r"([-*_=])(\s*\1)*\s*", stripped):
            # A rule or a setext underline: keep it text, after a blank line.
            if out and out[-1] != "":
                out.append("")
            line = f"{indent}\\{stripped}" if stripped[0] in "-*_" else stripped
        out.append(line)
    return "\n".join(out)


def _quoted(text: str) -> str:
    """Text as a double-quoted YAML scalar, on one line."""
    quoted = json.dumps(text, ensure_ascii=False)
    return re.sub("[\x7f-\x9f\u2028\u2029\ufffe\uffff]", lambda m: f"\\u{ord(m[0]):04x}", quoted)


def _debrief_body(text: str) -> str:
    """A debrief's text, each part's label (as the form wrote it) a heading of its own."""
    labels = {f"{label}:" for _, label in DEBRIEF_PARTS}
    out: list[str] = []
    for line in inert_markdown(text).split("\n"):
        if line in labels:
            while out and not out[-1].strip():
                out.pop()
            out += ([""] if out else []) + [f"## {line[:-1]}", ""]
        else:
            out.append(line)
    return "\n".join(out)


def debrief_parts(text: str) -> dict[str, str]:
    """A debrief's answers by part key ("asked", "pressure", ...), as written."""
    keys = {f"{label}:": key for key, label in DEBRIEF_PARTS}
    found: dict[str, list[str]] = {}
    current = None
    for line in text.split("\n"):
        if line in keys:
            current = keys[line]
            found[current] = []
        elif current is not None:
            found[current].append(line)
    return {k: "\n".join(v).strip() for k, v in found.items() if "\n".join(v).strip()}


def interview_before(facts: DossierFacts | None, day: dt.date) -> Interview | None:
    """The interview a debrief of `day` follows: the latest one on or before that day."""
    if facts is None:
        return None
    past = [i for i in facts.interviews if i.when.date() <= day]
    return max(past, key=lambda i: i.when) if past else None


def _interview_words(interview: Interview) -> str:
    what = interview.stage or (f"{interview.format} interview" if interview.format else "interview")
    day = interview.when.date()
    return f"{what}, {day:%a} {day.day} {day:%b} {day.year}"


def _facts_of(folder: Path) -> DossierFacts | None:
    path = folder / "dossier.yml"
    if not path.is_file():
        return None
    return parse_facts(path.read_text(encoding="utf-8", errors="replace"), str(path))[0]


def paste_yaml(entry: Entry, folder: Path, shown_folder: str) -> str:
    """What a debrief's "pressure" and "promises" answers become in `dossier.yml`: the
    exact YAML to paste, and where. Empty when the debrief has neither.

    The import writes notes only: `dossier.yml` is yours, with your comments and
    layout, so the entries are printed for you to paste rather than written into it.
    """
    parts = debrief_parts(entry.text)
    day = entry.header.date.isoformat()
    blocks = []
    if "pressure" in parts:
        blocks.append(
            ("pressure", [f"  - date: {day}", f"    said: {_quoted(parts['pressure'])}",
                          "    signs: [other]  # rushed, threat, guilt, vague-authority, ..."])
        )  # fmt: skip
    if "promises" in parts:
        blocks.append(
            ("commitments", [f"  - what: {_quoted(parts['promises'])}",
                             f"    due: {day}  # the date promised"])
        )  # fmt: skip
    if not blocks:
        return ""
    path = folder / "dossier.yml"
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n") if path.is_file() else []
    out = []
    for key, entry_lines in blocks:
        at = next((n for n, line in enumerate(lines, 1) if re.match(rf"{key}:\s*(#.*)?$", line)), 0)
        where = (
            f"{shown_folder}/dossier.yml:{at}: add under `{key}:`"
            if at
            else f"{shown_folder}/dossier.yml: add at the end of the file"
        )
        head = [] if at else [f"{key}:"]
        out.append("\n".join([where, *head, *entry_lines]))
    return "\n\n".join(out)


def note_for(entry: Entry, facts: DossierFacts | None = None) -> tuple[str, str]:
    """The note for an entry: its file name (without `.md`) and its text."""
    h = entry.header
    label = SECTION_SPOTS[h.section][0]
    if h.kind == "comment":
        meta: dict[str, Any] = {
            "title": f"{h.author} on {label.lower()}",
            "mentor": True,
            "author": h.author,
            "section": h.section,
            "date": h.date,
        }
        body = inert_markdown(entry.text)
        name = f"mentor-{h.section.value}-{h.date.isoformat()}-{entry.key}"
    else:
        after = interview_before(facts, h.date)
        title = f"Debrief: {_interview_words(after)}" if after else f"Debrief, {h.date.isoformat()}"
        meta = {"title": title, "section": h.section, "date": h.date}
        body = _debrief_body(entry.text)
        name = f"debrief-{h.date.isoformat()}-{entry.key}"
    front = []
    for key, value in meta.items():
        if isinstance(value, bool):
            front.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, Section):
            front.append(f"{key}: {value.value}")
        elif isinstance(value, dt.date):
            front.append(f"{key}: {value.isoformat()}")
        else:
            front.append(f"{key}: {_quoted(value)}")
    front_text = "\n".join(front)
    return name, f"---\n{front_text}\n---\n\n{body}\n"


def _same_entry(existing: str, expected: str) -> bool:
    """True when an existing note is this entry, even if its owner marked it done since."""
    a, _ = parse_note(existing, "", "")
    b, _ = parse_note(expected, "", "")
    if a is None or b is None:
        return False
    keep = {"done", "title"}
    return a.body.strip() == b.body.strip() and a.meta.model_dump(
        exclude=keep
    ) == b.meta.model_dump(exclude=keep)


@dataclass(frozen=True)
class Outcome:
    """What importing one entry did."""

    entry: Entry
    path: Path
    written: bool  # False: that entry was imported before


def plan(
    entries: Iterable[Entry], dossiers_dir: Path, relpath: str
) -> tuple[list[tuple[Entry, Path, str]], list[Problem]]:
    """Where each entry goes, checked against the dossiers there; nothing is written."""
    folders = {slugify(f.name): f for f in dossier_folders(dossiers_dir)}
    todo: list[tuple[Entry, Path, str]] = []
    problems: list[Problem] = []
    for entry in entries:
        folder = folders.get(entry.header.dossier)
        if folder is None:
            known = ", ".join(sorted(folders)) or "none"
            problems.append(
                Problem(
                    relpath,
                    entry.dossier_line,
                    1,
                    "dossier",
                    f"no dossier `{entry.header.dossier}` in {dossiers_dir} (dossiers: {known})",
                )
            )
            continue
        name, text = note_for(entry, _facts_of(folder))
        note, found = parse_note(text, name, name)
        h = entry.header
        # Read back as the loader will: the text must not have changed the front matter.
        if (
            note is None
            or found
            or (note.meta.mentor, note.meta.author, note.meta.section, note.meta.date)
            != (h.kind == "comment", h.author if h.kind == "comment" else None, h.section, h.date)
        ):
            problems.append(Problem(relpath, entry.line, 0, "", "this entry cannot make a note"))
            continue
        todo.append((entry, folder, text))
    return todo, problems


def _write_new(folder: Path, base: str, text: str) -> tuple[Path, bool]:
    """Write `text` as a new note in `folder`; an earlier import of it is left alone."""
    root = folder.resolve()
    for n in range(1, 1000):
        name = f"{base}.md" if n == 1 else f"{base}-{n}.md"
        path = folder / name
        # The name is made of a slug, a date and hex digits; check anyway that it stays here.
        if path.resolve().parent != root:
            raise ValueError(f"{name}: would be written outside {folder}")
        if path.exists():
            if _same_entry(path.read_text(encoding="utf-8", errors="replace"), text):
                return path, False
            continue  # a clash: another note has this name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        return path, True
    raise ValueError(f"{folder}: too many notes named {base}")


def import_file(
    path: Path, dossiers_dir: Path, shown_path: str | None = None
) -> tuple[list[Outcome], list[Problem]]:
    """Read a comments file and write its entries as notes.

    Nothing is written when any entry has a problem: fix the file and run again.
    """
    relpath = shown_path or str(path)
    size = path.stat().st_size
    if size > MAX_FILE:
        return [], [
            Problem(
                relpath,
                0,
                0,
                "",
                f"the file is {size:,} bytes; a comments file is at most {MAX_FILE:,}",
            )
        ]
    text, problems = decode(path.read_bytes(), relpath)
    if text is None:
        return [], problems
    entries, problems = parse_file(text, relpath)
    todo, unknown = plan(entries, dossiers_dir, relpath)
    if problems or unknown:
        return [], problems + unknown
    outcomes = []
    for entry, folder, note_text in todo:
        base = note_for(entry)[0]
        written_path, written = _write_new(folder, base, note_text)
        outcomes.append(Outcome(entry, written_path, written))
    return outcomes, []

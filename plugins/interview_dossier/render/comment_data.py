"""Comments and debriefs written in a browser: what the pages carry for them.

A shared site lets a mentor comment on each section; the owner's own site lets
them write a debrief on a card. Both stay in that browser's local storage until
exported as one text file (see cli/comments_import.py for its format and how
`dossier comments import` takes it in). Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from ..model import Dossier, Section

#: The version of the comments file format, in every block's `dossier-comment:`.
FORMAT_VERSION = 1
#: Longest text of one comment or debrief, in characters; the browser stops there too.
MAX_TEXT = 20_000
#: Largest comments file read, in bytes.
MAX_FILE = 2_000_000
#: Longest mentor name.
MAX_AUTHOR = 80
#: Share id of the owner's own site: debriefs come from there.
OWN_SITE = "own"

# What people call each section, and where it sits in the site: the page (file stem
# of an opportunity's pages, see render.SECTION_PAGE) and the ids of the headings it
# starts at, tried in order. Without one of them, the page's title is used.
SECTION_SPOTS: dict[Section, tuple[str, str, tuple[str, ...]]] = {
    Section.overview: ("Overview", "index", ()),
    Section.homework: ("Homework", "prepare", ("homework",)),
    Section.people: ("People", "prepare", ("people",)),
    Section.objections: ("Objections", "prepare", ("objections",)),
    Section.batna: ("Alternatives (BATNA)", "prepare", ("alternatives-batna",)),
    Section.compensation: ("Compensation", "numbers", ("compensation",)),
    Section.budget: ("Negotiation budget", "numbers", ("negotiation-budget",)),
    Section.timeline: ("Timeline", "log", ("timeline", "interviews")),
    Section.pressure: ("Pressure log", "log", ("pressure-log",)),
    Section.scripts: ("Scripts", "scripts", ()),
    Section.notes: ("Notes", "notes", ()),
}

#: The parts of a debrief, in the order the form asks for them.
DEBRIEF_PARTS = (
    ("asked", "What they asked"),
    ("pressure", "Pressure you saw"),
    ("promises", "Promises made, by you or them"),
    ("felt", "How it felt"),
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SHARE = re.compile(r"^[a-z0-9]{1,40}$")
# A name: letters (any script), digits, spaces and . , ' ’ - ( ). Nothing that
# Markdown or a path would read as more than text.
_AUTHOR = re.compile(r"^[\w .,'’()-]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_DELIMITER = "---"


def share_id(dossiers: Sequence[Dossier], today: dt.date) -> str:
    """A short id for one share build: the same shared content on the same day, the same id.

    Made from the already shared dossiers, so it carries nothing private.
    """
    digest = hashlib.sha256(today.isoformat().encode())
    for d in sorted(dossiers, key=lambda d: d.slug):
        digest.update(d.slug.encode() + b"\0" + d.model_dump_json().encode() + b"\0")
    return digest.hexdigest()[:10]


def page_data(
    *, mode: Literal["comment", "debrief"], share: str, slug: str | None, page: str | None
) -> dict[str, Any]:
    """What the browser script needs on one page: nothing but ids and labels."""
    sections = []
    if slug is not None and mode == "comment":
        sections = [
            {"section": s.value, "label": label, "headings": list(ids)}
            for s, (label, stem, ids) in SECTION_SPOTS.items()
            if stem == page
        ]
    return {
        "format": FORMAT_VERSION,
        "mode": mode,
        "share": share,
        "dossier": slug,
        "sections": sections,
        "parts": [{"key": k, "label": v} for k, v in DEBRIEF_PARTS],
        "maxText": MAX_TEXT,
    }


def page_data_json(data: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no `<` can close it."""
    return json.dumps(data, ensure_ascii=True).replace("<", "\\u003c")


def open_comments(dossiers: Iterable[Dossier]) -> list[str]:
    """One line per open mentor comment, for `dossier check`."""
    found = []
    for d in dossiers:
        for n in sorted(d.notes, key=lambda n: n.path):
            if n.meta.mentor and not n.meta.done:
                who = n.meta.author or "your mentor"
                when = f", {n.meta.date.isoformat()}" if n.meta.date else ""
                found.append(f"{n.path}: open comment from {who}{when} on {n.meta.section.value}")
    return found


def open_comment_pages(
    dossier: Dossier, titles: dict[str, str] | None = None
) -> list[tuple[str, str, int]]:
    """(page stem, page title, open comments there) for each page of `dossier` that has some."""
    counts: dict[str, int] = {}
    for n in dossier.notes:
        if n.meta.mentor and not n.meta.done:
            stem = SECTION_SPOTS[n.meta.section][1]
            counts[stem] = counts.get(stem, 0) + 1
    order = [stem for _, stem, _ in SECTION_SPOTS.values()]
    return [
        (stem, (titles or {}).get(stem, stem), counts[stem])
        for stem in sorted(counts, key=order.index)
    ]

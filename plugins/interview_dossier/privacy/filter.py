"""The share build's filter: remove everything private from the model.

It runs before analysis and rendering, so whatever it removes cannot reach a
page, the search index, the sitemap or a calendar file.

One walk over the model decides, for every value, whether it is shared: list
entries marked `private: true` at any depth, every field path under `private:`
and the private defaults (less those under `public:`; private wins). The same
walk lists what it removed, so `dossier check --private` shows exactly what a
share build leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..model import Dossier, DossierFacts, Note, record_type
from .spelling import same_text

SECTION_TITLES = {
    "interviews": "Interviews",
    "people": "People",
    "homework": "Homework",
    "compensation": "Compensation",
    "win": "What a win looks like",
    "red_lines": "Red lines",
    "budget": "Budget",
    "stage_log": "Stage log",
    "objections": "Objections",
    "batna": "Alternatives (BATNA)",
    "pressure": "Pressure log",
    "commitments": "Commitments",
    "feedback": "Feedback",
    "offers": "Offers",
    "fit": "Fit review",
    "outcome": "Outcome",
    "links": "Links",
    "notes": "Notes",
}

#: Fields that hold the names of people, as typed under `people:`.
PERSON_REFERENCES = ("interviews.people", "commitments.to")
#: Hiding one of these paths hides every person's name, wherever it is referred to.
ALL_NAMES = ("people", "people.name")


def same_name(name: str) -> str:
    """A person's name as compared: one Unicode normal form, casefolded, spacing collapsed."""
    return same_text(name)


@dataclass
class _Walk:
    """One pass over a dossier's data, removing what is private and noting where."""

    hidden: set[str]  # dotted field paths, without list indexes
    removed: list[str] = field(default_factory=list)  # places, with list indexes
    # Places a private mark applies to, whatever their values: what the share says it
    # withheld must not tell a default value from another (see `_shows_something`).
    marked: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)  # places where a name was taken off
    gone_names: set[str] = field(default_factory=set)  # same_name() of people not shared

    @property
    def every_name(self) -> bool:
        return any(p in self.hidden for p in ALL_NAMES)

    def record(self, data: dict[str, Any], model: type[BaseModel], path: str, place: str) -> bool:
        """Filter one record in place; False when it lost a field it cannot do without."""
        start, mark_start = len(self.removed), len(self.marked)
        pending: list[str] = []  # private fields of this record, marked if it shows
        fields = model.model_fields
        # `people` goes first: who is left out decides which names other fields may keep.
        for name in sorted(fields, key=lambda n: n != "people"):
            if name not in data:
                continue
            info = fields[name]
            field_path = f"{path}.{name}" if path else name
            field_place = f"{place}.{name}" if place else name
            value = data[name]
            if field_path in self.hidden:
                if info.is_required():
                    del self.removed[start:]  # the record goes whole: its place says it all
                    del self.marked[mark_start:]
                    self.forget(path, data)
                    return False
                del data[name]
                self.forget(field_path, value)
                if value != _dumped_default(info):
                    self.removed.append(field_place)
                pending.append(field_place)
                continue
            if field_path in PERSON_REFERENCES:
                self.names(data, name, field_place)
                continue
            sub = record_type(info.annotation)
            if sub is None:
                continue
            if isinstance(value, list):
                data[name] = self.entries(value, sub, field_path, field_place)
            elif isinstance(value, dict) and not self.record(value, sub, field_path, field_place):
                # Only optional mappings can lose a required field: the top level's
                # `company` and `role` are refused as private paths by the model.
                del data[name]
                self.removed.append(field_place)
                self.marked.append(field_place)
        # A list entry and the dossier itself are shown whatever their values; a mapping
        # is shown when a field it keeps is set.
        if not path or place.endswith("]") or _shows_something(data, model):
            self.marked += pending
        return True

    def entries(self, items: list[Any], model: type[BaseModel], path: str, place: str) -> list[Any]:
        """The entries of a list that are shared, each filtered in place."""
        kept = []
        for i, item in enumerate(items):
            where = f"{place}[{i}]"
            if isinstance(item, dict) and item.get("private"):
                self.forget(path, item)
                self.removed.append(where)
                self.marked.append(where)
            elif not isinstance(item, dict) or self.record(item, model, path, where):
                kept.append(item)
            else:
                self.removed.append(where)  # it lost a required field, so it goes whole
                self.marked.append(where)
        return kept

    def names(self, data: dict[str, Any], name: str, place: str) -> None:
        """Remove the names of people who are not shared from a field that refers to people."""
        value = data[name]
        if value is None:
            return
        if isinstance(value, str):
            if self.every_name or same_name(value) in self.gone_names:
                del data[name]
                self.removed.append(place)
                self.marked.append(place)
                self.unnamed.append(place)
            return
        kept = []
        for i, person in enumerate(value):
            if self.every_name or same_name(person) in self.gone_names:
                self.removed.append(f"{place}[{i}]")
                self.marked.append(f"{place}[{i}]")
                self.unnamed.append(f"{place}[{i}]")
            else:
                kept.append(person)
        data[name] = kept

    def forget(self, path: str, value: Any) -> None:
        """Remember the names of people removed, so other fields drop them too."""
        if path == "people" and isinstance(value, dict):
            value = [value]
        if path == "people" and isinstance(value, list):
            self.gone_names |= {same_name(p["name"]) for p in value if isinstance(p, dict)}


def _shows_something(data: dict[str, Any], model: type[BaseModel]) -> bool:
    """Whether a filtered mapping still holds a value of its own (not only defaults)."""
    fields = model.model_fields
    for name, value in data.items():
        info = fields.get(name)
        if info is None:
            continue
        sub = record_type(info.annotation)
        if isinstance(value, dict) and sub is not None:
            if _shows_something(value, sub):
                return True
        elif info.is_required() or value != _dumped_default(info):
            return True
    return False


def _dumped_default(info: Any) -> Any:
    default = info.get_default(call_default_factory=True)
    return default.model_dump(mode="python") if isinstance(default, BaseModel) else default


@dataclass(frozen=True)
class Filtered:
    """What a share build keeps of one dossier, and the places it removed."""

    facts: DossierFacts
    notes: tuple[Note, ...]
    removed: tuple[str, ...]
    unnamed: tuple[str, ...]  # those of `removed` that were a person's name
    marked: tuple[str, ...] = ()  # places a private mark applies to, set or not


def filter_private(dossier: Dossier) -> Filtered:
    """Walk the dossier once: the shared facts and notes, and every place removed."""
    walk = _Walk(hidden=dossier.private_paths())
    data = dossier.facts.model_dump(mode="python", exclude={"private", "public"})
    walk.record(data, DossierFacts, "", "")
    order = list(DossierFacts.model_fields)
    walk.removed.sort(key=lambda place: order.index(_section(place)))  # as in the file
    facts = DossierFacts.model_validate(data)
    notes: list[Note] = []
    removed, unnamed, marked = list(walk.removed), list(walk.unnamed), list(walk.marked)
    for note in dossier.notes:
        if note.meta.private:
            removed.append(f"note {note.path}")
            marked.append(removed[-1])
            continue
        author = note.meta.author
        if author is not None and same_name(author) in walk.gone_names:
            # The author is a person left out of the share: keep the note, not the name.
            note = note.model_copy(update={"meta": note.meta.model_copy(update={"author": None})})
            removed.append(f"note {note.path} (author)")
            unnamed.append(removed[-1])
            marked.append(removed[-1])
        notes.append(note)
    return Filtered(facts, tuple(notes), tuple(removed), tuple(unnamed), tuple(marked))


def private_places(dossier: Dossier) -> list[str]:
    """Every place a share build removes from a dossier, for `dossier check --private`."""
    return list(filter_private(dossier).removed)


def _section(place: str) -> str:
    if place.startswith("note "):
        return "notes"
    return re.split(r"[.\[]", place, maxsplit=1)[0]


def share(dossier: Dossier) -> Dossier:
    """A copy of `dossier` with every private entry, field and note removed."""
    kept = filter_private(dossier)
    # A name taken off an interview, a commitment or a note is withheld from the people.
    # Named from the marks, not the values: a private `done: false` and `done: true`
    # must give the same page.
    withheld = {"people" if p in kept.unnamed else _section(p) for p in kept.marked}
    titles = sorted(SECTION_TITLES.get(w, w.replace("_", " ").capitalize()) for w in withheld)
    fields = {re.sub(r"\[\d+\]", "", p) for p in kept.removed if not p.startswith("note ")}
    # Which kept red line lost its money limit, by its place in the shared list.
    gone = set(kept.removed)
    lines = [i for i in range(len(dossier.facts.red_lines)) if f"red_lines[{i}]" not in gone]
    fields |= {
        f"red_lines[{j}].min_base"
        for j, i in enumerate(lines)
        if f"red_lines[{i}].min_base" in gone
    }
    return dossier.model_copy(
        update={
            "facts": kept.facts,
            "notes": kept.notes,
            "withheld": tuple(titles),
            "withheld_fields": tuple(sorted(set(fields))),
        }
    )

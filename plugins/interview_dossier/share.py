"""The share build's filter: remove everything private from the model.

It runs before analysis and rendering, so whatever it removes cannot reach a
page, the search index, the sitemap or a calendar file.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from .model import Dossier, DossierFacts, record_type

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
}


def private_places(dossier: Dossier) -> list[str]:
    """Every private place in a dossier, as `field path` strings, for `dossier check`."""
    facts = dossier.facts.model_dump(mode="python")
    places: list[str] = []
    for path in sorted(dossier.private_paths()):
        if _present(facts, path.split(".")):
            places.append(path)
    for key, value in facts.items():
        if isinstance(value, list):
            for i, entry in enumerate(value):
                if isinstance(entry, dict) and entry.get("private"):
                    places.append(f"{key}[{i}]")
    places += [f"note {n.path}" for n in dossier.notes if n.meta.private]
    return places


def _present(data: Any, parts: list[str]) -> bool:
    if not parts:
        return data not in (None, [], {}, "")
    if isinstance(data, list):
        return any(_present(item, parts) for item in data)
    if isinstance(data, dict) and parts[0] in data:
        return _present(data[parts[0]], parts[1:])
    return False


class _Gone(Enum):
    """What removing a field did to the record that held it."""

    nothing = 0
    field = 1  # the field was removed, the record stands
    record = 2  # the field was required: the whole record must go


def _drop(data: Any, parts: list[str], model: Any) -> _Gone:
    """Remove the field at `parts` from `data` (an instance of `model`, or a list of them).

    A record cannot stand without a required field, so removing one removes the
    record: a list entry leaves its list, a nested record leaves its parent.
    """
    if isinstance(data, list):
        before = len(data)
        outcomes = [(item, _drop(item, parts, model)) for item in data]
        data[:] = [item for item, gone in outcomes if gone is not _Gone.record]
        changed = len(data) != before or any(g is _Gone.field for _, g in outcomes)
        return _Gone.field if changed else _Gone.nothing
    fields = getattr(model, "model_fields", {})
    name = parts[0]
    if not isinstance(data, dict) or name not in data or name not in fields:
        return _Gone.nothing
    if len(parts) > 1:
        gone = _drop(data[name], parts[1:], record_type(fields[name].annotation))
        if gone is not _Gone.record:
            return gone
    value = data.pop(name)
    if fields[name].is_required():
        return _Gone.record
    return _Gone.field if value not in (None, [], {}, "") else _Gone.nothing


def share(dossier: Dossier) -> Dossier:
    """A copy of `dossier` with every private entry, field and note removed."""
    data = dossier.facts.model_dump(mode="python", exclude={"private", "public"})
    withheld: set[str] = set()
    for key, value in list(data.items()):
        if isinstance(value, list):
            kept = [v for v in value if not (isinstance(v, dict) and v.get("private"))]
            if len(kept) != len(value):
                withheld.add(key)
            data[key] = kept
    for path in sorted(dossier.private_paths()):
        parts = path.split(".")
        # `company` and `role` are refused as private paths by the model itself.
        if _drop(data, parts, DossierFacts) is not _Gone.nothing:
            withheld.add(parts[0])
    # A person kept private must not reappear by name in the interviews they attended.
    hidden = {p.name for p in dossier.facts.people if p.private}
    if "people.name" in dossier.private_paths():
        hidden |= {p.name for p in dossier.facts.people}
    for interview in data.get("interviews", []):
        names = interview.get("people") or []
        if any(n in hidden for n in names):
            interview["people"] = [n for n in names if n not in hidden]
            withheld.add("people")
    facts = DossierFacts.model_validate(data)
    notes = tuple(n for n in dossier.notes if not n.meta.private)
    if len(notes) != len(dossier.notes):
        withheld.add("notes")
    titles = sorted(SECTION_TITLES.get(w, w.replace("_", " ").capitalize()) for w in withheld)
    return dossier.model_copy(update={"facts": facts, "notes": notes, "withheld": tuple(titles)})

"""The share build's filter: remove everything private from the model.

It runs before analysis and rendering, so whatever it removes cannot reach a
page, the search index, the sitemap or a calendar file.
"""

from __future__ import annotations

from typing import Any

from .model import Dossier, DossierFacts

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


def _drop(data: Any, parts: list[str], required: set[str]) -> bool:
    """Remove the field at `parts`; return True if something was removed."""
    if isinstance(data, list):
        removed = False
        for item in list(data):
            if _drop(item, parts, required):
                removed = True
                if isinstance(item, dict) and item.get("__drop__"):
                    data.remove(item)
        return removed
    if not isinstance(data, dict) or parts[0] not in data:
        return False
    if len(parts) > 1:
        return _drop(data[parts[0]], parts[1:], required)
    value = data.pop(parts[0])
    if parts[0] in required:
        # A list entry cannot stand without a required field: drop the entry.
        data["__drop__"] = True
    return value not in (None, [], {}, "")


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
        if parts[0] in {"company", "role"}:
            continue  # required; the loader's check refuses these as private
        if _drop(data, parts, _required_names()):
            withheld.add(parts[0])
    for value in data.values():
        if isinstance(value, list):
            value[:] = [v for v in value if not (isinstance(v, dict) and v.get("__drop__"))]
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


def _required_names() -> set[str]:
    # Field names that are required in some list entry (a private one drops the entry).
    return {
        "name",
        "rule",
        "what",
        "objection",
        "answer",
        "source",
        "low",
        "high",
        "date",
        "said",
        "due",
        "base",
        "when",
        "title",
        "url",
        "gap",
    }

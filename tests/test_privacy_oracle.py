"""Privacy proven by an oracle: generated dossiers, a token in every leaf, marks anywhere.

Hypothesis writes dossiers in which every text and every amount holds a token
found nowhere else, with private marks of every kind at random places: entries
marked `private: true` at any depth, `private:` field paths, the private
defaults, `public:` entries and private notes. The oracle below computes, from
the rules in docs/format.md and without calling share.py, which tokens a share
must drop and which it must keep. The shared model, and for a few examples a
whole share build, must agree with it byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import yaml
from format_oracle import (
    DEFAULT_PRIVATE,
    FACTS,
    NAME_FIELDS,
    PATHS,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from interview_dossier.load.loader import parse_facts, parse_note
from interview_dossier.model import Dossier, DossierFacts, record_type
from interview_dossier.privacy.filter import private_places, share
from pydantic import BaseModel
from sitebuild import all_bytes, make_project, run_share

LIKELY = [
    "people",
    "people.name",
    "interviews.people",
    "commitments.to",
    "compensation.market",
    "compensation.company_range.low",
    "objections.answer",
    "people.links.title",
    "homework.skills.gaps.gap",
    "outcome.decision",
]


def test_the_oracle_knows_every_field_of_the_model() -> None:
    """The hand-written format above must follow the model, so a new field is covered."""

    def compare(spec: dict[str, Any], model: type[BaseModel], where: str) -> None:
        fields = dict(model.model_fields)
        marks = {"private", "public"} if model is DossierFacts else {"private"}
        fields = {name: info for name, info in fields.items() if name not in marks}
        assert set(spec) == set(fields), where
        for name, (kind, required) in spec.items():
            assert fields[name].is_required() == required, f"{where}.{name}"
            if isinstance(kind, tuple) and kind[0] in {"list", "entries", "map"}:
                sub = record_type(fields[name].annotation)
                assert sub is not None, f"{where}.{name}"
                has_private = "private" in sub.model_fields
                assert has_private == (kind[0] == "entries"), f"{where}.{name}"
                compare(kind[1], sub, f"{where}.{name}")

    compare(FACTS, DossierFacts, "facts")


# ---------------------------------------------------------------- dossiers with a token in every leaf


@dataclass
class Tokens:
    """Unique tokens: texts `tqNNNNx`, names `PnNNNN Zoë Qv`, amounts 7NNNNN."""

    numbers: count = field(default_factory=lambda: count(1))

    def text(self) -> str:
        return f"tq{next(self.numbers):04d}x"

    def name(self) -> str:
        # A letter with a diacritic: NFC and NFD spell it differently, byte for byte.
        return f"Pn{next(self.numbers):04d} Zo\u00eb Qv"

    def amount(self) -> int:
        return 700_000 + 7 * next(self.numbers)


def core(token: str | int) -> str:
    """What to search for: the token's unique part, lowercase."""
    return str(token).split()[0].lower()


VARIANTS = [
    lambda n: n,
    str.upper,
    str.lower,
    lambda n: "  " + "   ".join(n.split()).swapcase() + " ",
    # The same name in other Unicode spellings: decomposed, composed, other spaces.
    lambda n: unicodedata.normalize("NFD", n),
    lambda n: unicodedata.normalize("NFD", n).upper(),
    lambda n: unicodedata.normalize("NFC", n).replace(" ", "\u00a0"),
    lambda n: unicodedata.normalize("NFD", n).lower().replace(" ", "\u2009 "),
]


@st.composite
def values(draw: st.DrawFn, kind: Any, tokens: Tokens, names: list[str]) -> Any:
    if isinstance(kind, tuple) and kind[0] in {"list", "entries"}:
        size = draw(st.integers(min_value=0, max_value=3))
        items = []
        for _ in range(size):
            item = draw(records(kind[1], tokens, names))
            if kind[0] == "entries" and draw(st.integers(0, 3)) == 0:
                item["private"] = True
            items.append(item)
        return items
    if isinstance(kind, tuple) and kind[0] == "map":
        return draw(records(kind[1], tokens, names))
    if isinstance(kind, tuple):
        return draw(st.sampled_from(kind))
    if kind == "text":
        return tokens.text()
    if kind == "texts":
        return [tokens.text() for _ in range(draw(st.integers(1, 2)))]
    if kind == "amount":
        return tokens.amount()
    if kind == "name":
        return draw(person(tokens, names))
    if kind == "names":
        return [draw(person(tokens, names)) for _ in range(draw(st.integers(1, 3)))]
    simple = {
        "date": st.sampled_from([dt.date(2026, 11, 2), dt.date(2026, 12, 9)]),
        "when": st.sampled_from(["2026-12-03T10:00:00+01:00", "2026-11-02T15:30:00+00:00"]),
        "zone": st.just("Europe/Berlin"),
        "minutes": st.sampled_from([30, 60]),
        "days": st.integers(0, 5),
        "hours": st.sampled_from([0, 4, 40]),
        "count": st.integers(0, 9),
        "score": st.integers(1, 5),
        "bool": st.booleans(),
        "currency": st.just("EUR"),
        "years": st.just(4),
        "payments": st.sampled_from([12, 14]),
        "signs": st.lists(st.sampled_from(["rushed", "threat", "guilt"]), max_size=2, unique=True),
    }
    return draw(simple[kind])


@st.composite
def person(draw: st.DrawFn, tokens: Tokens, names: list[str]) -> str:
    """A name that refers to someone under `people:` (in any case and spacing), or a new one."""
    if names and draw(st.booleans()):
        return draw(st.sampled_from(VARIANTS))(draw(st.sampled_from(names)))
    return tokens.name()


@st.composite
def records(draw: st.DrawFn, spec: dict[str, Any], tokens: Tokens, names: list[str]) -> dict:
    out: dict[str, Any] = {}
    for name, (kind, required) in spec.items():
        if required or draw(st.integers(0, 2)) > 0:
            out[name] = draw(values(kind, tokens, names))
            if spec is FACTS and name == "people":
                names += [p["name"] for p in out[name]]
    return out


@dataclass
class Case:
    facts: dict[str, Any]
    notes: list[dict[str, Any]]

    def yaml(self) -> str:
        return yaml.safe_dump(self.facts, sort_keys=False, allow_unicode=True)

    def note_files(self) -> dict[str, str]:
        files = {}
        for i, note in enumerate(self.notes):
            meta = {k: v for k, v in note.items() if k != "body"}
            front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
            files[f"note-{i}.md"] = f"---\n{front}---\n\n{note['body']}\n"
        return files


@st.composite
def cases(draw: st.DrawFn) -> Case:
    tokens, names = Tokens(), []
    facts = draw(records(FACTS, tokens, names))
    paths = st.one_of(st.sampled_from(PATHS), st.sampled_from(LIKELY))
    private = draw(st.lists(paths, max_size=3, unique=True))
    public = draw(st.lists(st.sampled_from(sorted(DEFAULT_PRIVATE)), max_size=3, unique=True))
    if private:
        facts["private"] = private
    if public:
        facts["public"] = public
    notes = []
    for _ in range(draw(st.integers(0, 2))):
        note: dict[str, Any] = {"title": tokens.text(), "body": tokens.text()}
        if draw(st.booleans()):
            note["author"] = draw(person(tokens, names))
        if draw(st.booleans()):
            note["private"] = True
        notes.append(note)
    return Case(facts, notes)


# ---------------------------------------------------------------- the oracle

Place = tuple[str, bool, str]  # (token, shared, field path)


@dataclass
class Expected:
    present: set[str] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)
    refused: bool = False  # a path both private and public: the loader must say so
    shared_at: dict[str, set[str]] = field(default_factory=dict)  # token -> its shared paths


def same_person(name: str) -> str:
    """docs/format.md: names match in any case, spacing and Unicode spelling (NFKC)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def oracle(case: Case) -> Expected:
    """What a share must drop and keep, from the rules of docs/format.md only."""
    private = set(case.facts.get("private", []))
    public = set(case.facts.get("public", []))
    expected = Expected()
    # "Private wins over public": a public path at or inside a private one is an error.
    expected.refused = any(p == q or p.startswith(q + ".") for p in public for q in private)
    hidden = (DEFAULT_PRIVATE - public) | private
    every_name = bool(hidden & {"people", "people.name"})
    everyone = {same_person(p["name"]) for p in case.facts.get("people", [])}
    gone = {same_person(p["name"]) for p in case.facts.get("people", []) if p.get("private")}
    seen: list[Place] = []  # every place a token sits

    def leaves(value: Any, path: str) -> list[tuple[str, str]]:
        """(token, path) of every token in a value."""
        if isinstance(value, dict):
            return [t for k, v in value.items() for t in leaves(v, f"{path}.{k}")]
        if isinstance(value, list):
            return [t for v in value for t in leaves(v, path)]
        if isinstance(value, str) and (value.startswith("tq") or value.strip()[:2].lower() == "pn"):
            return [(core(value), path)]
        if isinstance(value, int) and not isinstance(value, bool) and value >= 700_000:
            return [(core(value), path)]
        return []

    def drop(found: list[tuple[str, str]]) -> list[Place]:
        return [(token, False, path) for token, path in found]

    def walk(record: dict[str, Any], spec: dict[str, Any], prefix: str) -> list[Place]:
        """Tokens of one record; all unshared when it loses a field it cannot do without."""
        found: list[Place] = []
        for name, value in record.items():
            if name not in spec:
                continue  # `private`, `public`, and the entry mark
            kind, required = spec[name]
            path = prefix + name
            if path in hidden:  # "2. A field, everywhere" and "3. Private by default"
                if required:  # "the whole entry is left out"
                    return drop(leaves(record, prefix.rstrip(".")))
                found += drop(leaves(value, path))
            elif path in NAME_FIELDS:
                for n in value if isinstance(value, list) else [value]:
                    found.append((core(n), not every_name and same_person(n) not in gone, path))
            elif isinstance(kind, tuple) and kind[0] in {"list", "entries"}:
                for item in value:
                    if item.get("private"):  # "1. A whole list entry"
                        found += drop(leaves(item, path))
                    else:
                        found += walk(item, kind[1], path + ".")
            elif isinstance(kind, tuple) and kind[0] == "map":
                found += walk(value, kind[1], path + ".")
            else:
                found += [(t, True, p) for t, p in leaves(value, path)]
        return found

    seen += walk(case.facts, FACTS, "")
    for note in case.notes:
        shared = not note.get("private")  # "4. A whole note"
        seen += [
            (core(note["title"]), shared, "note.title"),
            (core(note["body"]), shared, "note.body"),
        ]
        if "author" in note:
            person_gone = same_person(note["author"]) in gone or (
                every_name and same_person(note["author"]) in everyone
            )
            author_shared = shared and not person_gone
            seen.append((core(note["author"]), author_shared, "note.author"))
    for token, shared, path in seen:
        if shared:
            expected.shared_at.setdefault(token, set()).add(path)
    expected.present = set(expected.shared_at)
    expected.absent = {token for token, _, _ in seen} - expected.present
    return expected


# The findings of the privacy review, so every run builds them whatever it draws.
FINDINGS = Case(
    facts={
        "company": "tq0001x",
        "role": "tq0002x",
        "interviews": [
            {"when": "2026-12-03T10:00:00+01:00", "people": ["  pn0003   QV", "pn0009 Qv"]}
        ],
        "people": [{"name": "Pn0003 Qv", "private": True}, {"name": "Pn0004 Qv"}],
        "commitments": [{"what": "tq0005x", "due": dt.date(2026, 12, 9), "to": "PN0004 qv"}],
        "compensation": {
            "market": [
                {"source": "tq0006x", "low": 700_007, "high": 700_014},
                {"source": "tq0007x", "low": 700_021, "high": 700_028, "private": True},
            ]
        },
        "red_lines": [{"rule": "tq0008x", "min_base": 700_035}],
        "offers": [{"date": dt.date(2026, 11, 20), "base": 700_000}],
    },
    notes=[{"title": "tq0010x", "body": "tq0011x", "author": "pn0003 qv"}],
)
PEOPLE_PRIVATE = Case(
    facts={**FINDINGS.facts, "private": ["people"]},
    notes=FINDINGS.notes,
)
# A private person listed in NFC and referred to in NFD: the same name on screen.
ZOE = unicodedata.normalize("NFC", "Pn0012 Zoë Müller")
ZOE_NFD = unicodedata.normalize("NFD", ZOE)
SPELLINGS = Case(
    facts={
        "company": "tq0013x",
        "role": "tq0014x",
        "people": [{"name": ZOE, "private": True}, {"name": "Pn0015 Ana Qv"}],
        "interviews": [{"when": "2026-12-03T10:00:00+01:00", "people": [ZOE_NFD, "Pn0015 Ana Qv"]}],
        "commitments": [{"what": "tq0016x", "due": dt.date(2026, 12, 9), "to": ZOE_NFD}],
    },
    notes=[{"title": "tq0017x", "body": "tq0018x", "author": ZOE_NFD.upper()}],
)


# ---------------------------------------------------------------- the real pipeline


def load(case: Case) -> tuple[Dossier | None, list[Any]]:
    facts, problems = parse_facts(case.yaml(), "dossiers/x/dossier.yml")
    notes = []
    for name, text in case.note_files().items():
        note, note_problems = parse_note(text, f"dossiers/x/{name}", name[:-3])
        problems += note_problems
        notes.append(note)
    if facts is None or problems:
        return None, problems
    return Dossier(slug="x", path="dossiers/x", facts=facts, notes=tuple(notes)), []


def shared_text(dossier: Dossier) -> str:
    """Everything the shared model holds, as one lowercase text."""
    kept = share(dossier)
    parts = [kept.facts.model_dump_json()]
    for note in kept.notes:
        parts += [note.meta.model_dump_json(), note.body, note.name]
    return "\n".join(parts).lower()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(FINDINGS)
@example(PEOPLE_PRIVATE)
@example(SPELLINGS)
@given(cases())
def test_the_shared_model_keeps_exactly_what_the_oracle_says(case: Case) -> None:
    expected = oracle(case)
    dossier, problems = load(case)
    if expected.refused:
        assert dossier is None
        assert any(p.field.startswith("public[") and p.line > 0 for p in problems), problems
        return
    assert dossier is not None, problems
    text = shared_text(dossier)
    assert sorted(t for t in expected.absent if t in text) == []
    assert sorted(t for t in expected.present if t not in text) == []
    # `dossier check --private` names places that exist in the file (a wrong one would
    # raise here), and every dropped token sits under one of them.
    under = {t for place in private_places(dossier) for t in tokens_at(case, place)}
    assert sorted(expected.absent - under) == []


def tokens_at(case: Case, place: str) -> set[str]:
    """The tokens of the input at a place as `dossier check --private` writes it."""
    if place.startswith("note "):
        index = int(re.search(r"note-(\d+)\.md", place)[1])  # type: ignore[index]
        note = case.notes[index]
        value: Any = note["author"] if place.endswith("(author)") else note
    else:
        value = case.facts
        for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", place):
            value = value[int(index)] if index else value[name]
    return {core(v) for v in leaf_values(value)}


def leaf_values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [v for item in value.values() for v in leaf_values(item)]
    if isinstance(value, list):
        return [v for item in value for v in leaf_values(item)]
    if isinstance(value, bool) or not isinstance(value, str | int):
        return []
    token = core(value)
    return [value] if token.startswith(("tq", "pn", "7")) and len(token) >= 6 else []


# ---------------------------------------------------------------- a few whole share builds


#: Fields no page of a site shows (found by building a dossier with every field
#: filled): kept in the shared model, they can only be checked there.
NOT_SHOWN = {
    "links.title",
    "links.url",
    "compensation.market.note",
    "offers.level",
    "red_lines.min_level",  # shown only in a breach message
    "red_lines.min_base",  # shown only in a breach message
}


def written_forms(token: str) -> list[bytes]:
    """A token as a page may write it: amounts also with thousands separators."""
    forms = {token}
    if token.isdigit():
        n = int(token)
        forms |= {f"{n:,}", f"{n:,}".replace(",", "."), f"{n:,}".replace(",", "\u202f")}
        forms |= {f"{n:,}".replace(",", " "), f"{n:,}".replace(",", "\xa0")}
    return [f.encode() for f in forms]


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(FINDINGS)
@example(PEOPLE_PRIVATE)
@example(SPELLINGS)
@given(cases())
def test_a_share_build_holds_no_byte_of_what_the_oracle_drops(case: Case) -> None:
    expected = oracle(case)
    if expected.refused:
        return  # the model test covers refusals; a build would stop at the same error
    with tempfile.TemporaryDirectory() as tmp:
        files = {"dossier.yml": case.yaml(), **case.note_files()}
        root = make_project(Path(tmp), {"x": files})
        result = run_share(root, "--out", "shared")
        assert result.returncode == 0, result.stderr
        output = {name: data.lower() for name, data in all_bytes(root / "shared").items()}
    leaks = {
        token: sorted(name for name, data in output.items() if any(f in data for f in forms))
        for token in expected.absent
        if (forms := written_forms(token))
    }
    assert {t: where for t, where in leaks.items() if where} == {}
    # What is kept must also be on the site, where the site shows that field at all.
    everything = b"\n".join(output.values())
    missing = {
        token: sorted(paths)
        for token, paths in expected.shared_at.items()
        if paths - NOT_SHOWN and not any(f in everything for f in written_forms(token))
    }
    assert missing == {}


PASSPHRASE = "quiet lantern orbit stäple 42"


def test_a_passphrase_share_refuses_a_private_name_in_another_spelling(tmp_path: Path) -> None:
    """The passphrase share runs the same check on its pages before encrypting them."""
    leaky = Case(
        facts=SPELLINGS.facts,
        notes=[{"title": "tq0019x", "body": f"Lunch with {ZOE_NFD.lower()} went well."}],
    )
    root = make_project(tmp_path, {"x": {"dossier.yml": leaky.yaml(), **leaky.note_files()}})
    env = {"SHARE_PASS": PASSPHRASE}
    result = run_share(root, "--out", "shared", "--passphrase-env", "SHARE_PASS", env=env)
    assert result.returncode == 1, result.stdout
    assert "people[0].name" in result.stderr and not (root / "shared").exists()
    kept = Case(facts=SPELLINGS.facts, notes=SPELLINGS.notes)
    root = make_project(tmp_path / "kept", {"x": {"dossier.yml": kept.yaml(), **kept.note_files()}})
    result = run_share(root, "--out", "shared", "--passphrase-env", "SHARE_PASS", env=env)
    assert result.returncode == 0, result.stderr

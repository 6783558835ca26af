"""Non-interference: what a share shows never depends on what it hides.

For every field path of the format, a dossier with every field filled is made private
at that path, and built twice as a share: once with one set of values under the path,
once with another. The shared pages (their Markdown, the notes' HTML, the nav) and
the calendars must be byte-identical. The same holds for whole private entries and
private notes. The pipeline is the plugin's own, in-process (load, share, analyse,
render, calendars); two real `dossier share` builds check the written bytes too.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import Any

import pytest
import yaml
from format_oracle import FACTS, PATHS
from interview_dossier.analyse.analysis import analyse_all
from interview_dossier.load.loader import parse_facts, parse_note
from interview_dossier.model import Dossier
from interview_dossier.privacy.filter import share
from interview_dossier.render.calendars import calendar_files
from interview_dossier.render.pages import Renderer, build_site
from sitebuild import all_bytes, make_project, run_share

TODAY = dt.date(2026, 11, 25)

#: Two values of each kind. One may be the field's default (`done: false`): a share
#: must not tell a default from another value either.
TWO = {
    "date": (dt.date(2026, 11, 2), dt.date(2026, 12, 9)),
    "when": ("2026-12-03T10:00:00+01:00", "2026-11-02T15:30:00+00:00"),
    "zone": ("Europe/Berlin", "America/New_York"),
    "minutes": (30, 45),
    "days": (1, 3),
    "hours": (4, 30),
    "count": (2, 5),
    "score": (2, 4),
    "currency": ("EUR", "USD"),
    "years": (3, 4),
    "payments": (13, 14),
    "signs": (["rushed"], ["threat", "guilt"]),
}


def fill(spec: dict[str, Any], path: str, changed: str | None, n: list[int]) -> dict[str, Any]:
    """Every field of a record filled; under `changed`, the second value of each kind."""
    out: dict[str, Any] = {}
    for name, (kind, _required) in spec.items():
        here = f"{path}{name}"
        other = changed is not None and (here == changed or here.startswith(changed + "."))
        out[name] = value(kind, here, changed if not other else here, other, n)
    return out


def value(kind: Any, path: str, changed: str | None, other: bool, n: list[int]) -> Any:
    n[0] += 1
    i = 1 if other else 0
    if isinstance(kind, tuple) and kind[0] in {"list", "entries"}:
        return [fill(kind[1], path + ".", changed, n) for _ in range(2)]
    if isinstance(kind, tuple) and kind[0] == "map":
        return fill(kind[1], path + ".", changed, n)
    if isinstance(kind, tuple):  # a choice: two that are not the first (often the default)
        return kind[1 + i] if len(kind) > 2 else kind[i]
    if kind == "text":
        return f"{'Other' if other else 'Some'} text {n[0]}"
    if kind == "texts":
        return [f"{'Other' if other else 'Some'} item {n[0]}"]
    if kind == "amount":
        return 70_000 + 1000 * n[0] + (400 if other else 0)  # a low stays below its high
    if kind in {"name", "names"}:
        # The people's own names, or (the other value) names of people not listed.
        names = ["Ana Visible", "Bo Private"] if not other else ["Cy Visible", "Di Private"]
        return names if kind == "names" else names[n[0] % 2]
    if kind == "bool":
        return not other
    return TWO[kind][i]


def dossier(changed: str | None, private: list[str], notes: int = 0) -> Dossier:
    facts = fill(FACTS, "", changed, [0])
    facts["company"], facts["role"] = "Acme", "Lead"
    if changed != "status":
        facts["status"] = "offer"
    renamed = changed in {"people", "people.name"}
    facts["people"][0]["name"] = "Cy Visible" if renamed else "Ana Visible"
    facts["people"][1]["name"] = "Di Private" if renamed else "Bo Private"
    facts["private"] = private
    text = yaml.safe_dump(facts, sort_keys=False, allow_unicode=True)
    loaded, problems = parse_facts(text, "dossiers/acme/dossier.yml")
    assert loaded is not None, problems
    return Dossier(slug="acme", path="dossiers/acme", facts=loaded)


def shown(d: Dossier) -> dict[str, str]:
    """Everything a share shows of a dossier, as the plugin makes it."""
    shared = share(d)
    site = build_site(analyse_all([shared], TODAY), Renderer(), share=True)
    out = {page.path: page.content + "".join(f for _, f in page.fragments) for page in site.pages}
    out["nav"] = repr(site.nav)
    for name, data in calendar_files([shared], TODAY).items():
        out[name] = data.decode("utf-8")
    return out


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


# A private required field takes its whole record out of the share: the record's other
# fields vary with it, and must not show either.
@pytest.mark.parametrize("path", PATHS)
def test_a_share_does_not_depend_on_a_private_field(path: str) -> None:
    first, second = dossier(None, [path]), dossier(path, [path])
    if path in {"people", "people.name"}:
        # Names are referred to elsewhere: every reference changes with them.
        first, second = dossier("people", [path]), dossier(None, [path])
    assert first.facts != second.facts  # the values under the path did change
    assert differences(shown(first), shown(second)) == []


def entries(spec: dict[str, Any], prefix: str = "") -> list[str]:
    found = []
    for name, (kind, _) in spec.items():
        if isinstance(kind, tuple) and kind[0] == "entries":
            found.append(prefix + name)
        if isinstance(kind, tuple) and kind[0] in {"list", "entries", "map"}:
            found += entries(kind[1], prefix + name + ".")
    return found


@pytest.mark.parametrize("path", entries(FACTS))
def test_a_share_does_not_depend_on_a_private_entry(path: str) -> None:
    def marked(changed: str | None) -> Dossier:
        d = dossier(changed, [])
        data = d.facts.model_dump(mode="json", exclude_defaults=False)
        target: Any = data
        for part in path.split("."):
            target = target[part] if isinstance(target, dict) else target[0][part]
        target[1]["private"] = True
        if changed:  # only the private entry differs
            other = dossier(None, []).facts.model_dump(mode="json")
            keep: Any = other
            for part in path.split("."):
                keep = keep[part] if isinstance(keep, dict) else keep[0][part]
            target[0] = keep[0]
            if path == "people":  # a person is known by the name: only the rest differs
                target[1]["name"] = keep[1]["name"]
        facts, problems = parse_facts(yaml.safe_dump(data), "dossiers/acme/dossier.yml")
        assert facts is not None, problems
        return Dossier(slug="acme", path="dossiers/acme", facts=facts)

    first, second = marked(None), marked(path)
    assert first.facts != second.facts
    assert differences(shown(first), shown(second)) == []


def test_a_share_does_not_depend_on_a_private_note() -> None:
    def with_note(body: str, title: str) -> Dossier:
        note, problems = parse_note(
            f"---\ntitle: {title}\nprivate: true\nauthor: Bo Private\n---\n\n{body}\n", "n.md", "n"
        )
        assert note is not None, problems
        d = dossier(None, [])
        return d.model_copy(update={"notes": (note,)})

    first = with_note("One secret line", "First title")
    second = with_note("Another **secret** line\n\n- with a list", "Second title")
    assert differences(shown(first), shown(second)) == []


def test_real_share_builds_do_not_depend_on_a_private_field(tmp_path: Path) -> None:
    outputs = []
    for i, changed in enumerate((None, "compensation")):
        d = dossier(changed, ["compensation"])
        text = yaml.safe_dump(d.facts.model_dump(mode="json", exclude_defaults=True))
        root = make_project(tmp_path / str(i), {"acme": {"dossier.yml": text}})
        result = run_share(root, "--out", "shared")
        assert result.returncode == 0, result.stderr
        files = all_bytes(root / "shared")
        for name in [n for n in files if n.endswith(".gz")]:
            files[name] = gzip.decompress(files[name])  # the gzip header holds a time
        outputs.append(files)
    assert differences(*outputs) == []

"""`dossier schema`: the JSON Schema editors use to complete and check `dossier.yml`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import ROOT, branches, run
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_dossier.load.loader import parse_facts
from interview_dossier.load.yamlsource import dotted
from interview_dossier.model import DossierFacts, json_schema

MODELINE = "# yaml-language-server: $schema="
EXAMPLES = sorted((ROOT / "dossiers").glob("*/dossier.yml"))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    done = run("schema", cwd=tmp_path_factory.mktemp("schema"))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_schema_is_json_with_the_required_fields(printed: dict) -> None:
    assert printed["type"] == "object"
    assert {"company", "role"} <= set(printed["required"])
    assert printed["$schema"].startswith("https://json-schema.org/")


def test_schema_describes_every_top_level_field(printed: dict) -> None:
    assert set(DossierFacts.model_fields) <= set(printed["properties"])
    # Unknown keys are errors in the loader, so editors should flag them too.
    assert printed.get("additionalProperties") is False


def test_schema_matches_the_model(printed: dict) -> None:
    assert printed == json.loads(json.dumps(json_schema()))


def test_schema_out_writes_the_same_schema(tmp_path: Path, printed: dict) -> None:
    done = run("schema", "--out", "dossier.schema.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert json.loads((tmp_path / "dossier.schema.json").read_text(encoding="utf-8")) == printed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_start_with_the_schema_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    # It points at the file `dossier schema --out dossier.schema.json` writes at the root.
    target = (path.parent / first.removeprefix(MODELINE).strip()).resolve()
    assert target == ROOT / "dossier.schema.json"


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 1


def test_new_dossiers_start_with_the_schema_modeline(tmp_path: Path) -> None:
    assert run("new", "Acme", "--role", "Engineer", cwd=tmp_path).returncode == 0
    path = tmp_path / "dossiers" / "acme" / "dossier.yml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"{MODELINE}../../dossier.schema.json"


# ---------------------------------------------------------------- one truth with `check`

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def test_every_shipped_example_validates_under_check_jsonschema(tmp_path: Path) -> None:
    """Editors read YAML 1.2 and the JSON Schema; every example must pass there too.

    Iterates over whatever `dossiers/*/dossier.yml` holds, so new starters are covered.
    """
    schema = tmp_path / "dossier.schema.json"
    schema.write_text(json.dumps(json_schema()), encoding="utf-8")
    assert CHECK_JSONSCHEMA.is_file(), "install the test extra: check-jsonschema"
    done = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, EXAMPLES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_check_jsonschema_refuses_what_check_refuses(tmp_path: Path) -> None:
    """The reported disagreements: a negative salary, zero vesting years, a wall-clock
    time without a zone, `yes` for true."""
    schema = tmp_path / "dossier.schema.json"
    schema.write_text(json.dumps(json_schema()), encoding="utf-8")
    bad = {
        "salary.yml": "company: A\nrole: B\ncompensation:\n  minimum: -1\n",
        "vesting.yml": "company: A\nrole: B\noffers:\n  - {date: 2026-11-24, base: 1, vesting_years: 0}\n",
        "no-zone.yml": "company: A\nrole: B\ninterviews:\n  - when: 2026-12-03T10:00:00\n",
        "yes.yml": "company: A\nrole: B\ncommitments:\n  - {what: x, due: 2026-11-24, done: yes}\n",
        "billion.yml": "company: A\nrole: B\noffers:\n  - {date: 2026-11-24, base: 1000000001}\n",
    }
    for name, text in bad.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, (name, done.stdout)
        assert parse_facts(text, name)[1], name


def minimal(schema: dict[str, Any], node: dict[str, Any]) -> Any:
    """The smallest valid value of a schema node: its required fields, filled in."""
    node = branches(schema, node)[0]
    kind = node.get("type")
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    if kind == "object":
        return {k: minimal(schema, node["properties"][k]) for k in node.get("required", [])}
    if kind == "array":
        return []
    if kind in {"integer", "number"}:
        return node.get("minimum", node.get("exclusiveMinimum", -1) + 1)
    if kind == "boolean":
        return False
    if node.get("format") == "date":
        return "2026-11-02"
    if "anyOf" in node:  # an interview's `when`
        return "2026-12-03T10:00:00+01:00"
    if node.get("pattern") == "^[A-Z]{3}$":
        return "EUR"
    return "x"


def bounded_fields(
    schema: dict[str, Any], node: dict[str, Any], path: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every number field with its bounds, as a path into a document."""
    found = []
    for branch in branches(schema, node):
        if branch.get("type") in {"integer", "number"}:
            found.append((path, branch))
        elif branch.get("type") == "object":
            for key, sub in branch.get("properties", {}).items():
                found += bounded_fields(schema, sub, (*path, key))
        elif branch.get("type") == "array":
            found += bounded_fields(schema, branch.get("items", {}), (*path, 0))
    return found


SCHEMA = json_schema()
BOUNDED = bounded_fields(SCHEMA, SCHEMA)


def document_with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A valid dossier but for `value` at `path`."""
    doc = minimal(SCHEMA, SCHEMA)
    here: Any = doc
    node: dict[str, Any] = SCHEMA
    for part, following in zip(path, (*path[1:], None), strict=True):
        branch = next(b for b in branches(SCHEMA, node) if b.get("type") in {"object", "array"})
        node = branch["items"] if isinstance(part, int) else branch["properties"][part]
        if following is None:
            here[part] = value
            if part == "low":  # low <= high is checked too, across the two fields
                here["high"] = branches(SCHEMA, branch["properties"]["high"])[0]["maximum"]
        elif isinstance(part, int):
            if not here:
                here.append(minimal(SCHEMA, node) if isinstance(following, str) else [])
            here = here[part]
        else:
            if part not in here:
                target = branches(SCHEMA, node)[0]
                here[part] = [] if target.get("type") == "array" else minimal(SCHEMA, node)
            here = here[part]
    return doc


def test_every_bound_the_checker_enforces_is_in_the_schema() -> None:
    assert len(BOUNDED) >= 30
    for path, node in BOUNDED:
        low = {"minimum", "exclusiveMinimum"} & set(node)
        assert low and "maximum" in node, (path, node)
    assert not re.search(r'"(ge|gt|le|lt)":', json.dumps(SCHEMA))


@st.composite
def outside_a_bound(draw: st.DrawFn) -> tuple[tuple[str | int, ...], Any, bool]:
    """A bounded field and a value just outside (or just inside) one of its bounds."""
    path, node = draw(st.sampled_from(BOUNDED))
    whole = node["type"] == "integer"
    step = 1 if whole else draw(st.sampled_from([1e-6, 0.001, 0.5, 1]))
    side = draw(st.sampled_from(["low", "high"]))
    inside = draw(st.booleans())
    if side == "high":
        value = node["maximum"] + (0 if inside else step)
    elif "exclusiveMinimum" in node:
        value = node["exclusiveMinimum"] + (step if inside else 0)
    else:
        value = node["minimum"] - (0 if inside else step)
    return path, value, inside


@settings(max_examples=200, deadline=None)
@given(outside_a_bound())
def test_values_at_each_bound_are_judged_alike_by_schema_and_check(
    case: tuple[tuple[str | int, ...], Any, bool],
) -> None:
    path, value, inside = case
    doc = document_with(path, value)
    schema_errors = list(VALIDATOR.iter_errors(doc))
    text = yaml.safe_dump(doc, sort_keys=False)
    facts, problems = parse_facts(text, "dossiers/x/dossier.yml")
    field = dotted(path)
    if inside:
        assert schema_errors == [] and problems == [], (text, schema_errors, problems)
    else:
        assert schema_errors, text
        assert [p.field for p in problems] == [field], (text, problems)
        assert facts is None


VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def test_schema_and_check_agree_on_the_units_of_money(tmp_path: Path) -> None:
    """The fields of issue 23: a floor on the total, a period on market points and on
    their range. Both accept the good values and refuse the bad ones."""
    schema = tmp_path / "dossier.schema.json"
    schema.write_text(json.dumps(json_schema()), encoding="utf-8")
    head = "company: A\nrole: B\ncompensation:\n  period: month\n  payments_per_year: 14\n"
    cases = {
        "good.yml": (
            head + "  minimum_applies_to: total\n"
            "  market:\n    - {source: Survey, low: 65000, high: 85000, period: year}\n"
            "  company_range: {low: 5000, high: 6200, period: month, payments_per_year: 12}\n",
            True,
        ),
        "floor-of-what.yml": (head + "  minimum_applies_to: gross\n", False),
        "market-week.yml": (
            head + "  market:\n    - {source: S, low: 1, high: 2, period: week}\n",
            False,
        ),
        "range-payments.yml": (
            head + "  company_range: {low: 1, high: 2, payments_per_year: 20}\n",
            False,
        ),
    }
    for name, (text, good) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == (0 if good else 1), (name, done.stdout)
        facts, problems = parse_facts(text, name)
        assert (facts is not None and not problems) == good, (name, problems)
    properties = SCHEMA["$defs"]["Compensation"]["properties"]
    assert "minimum_applies_to" in properties and "floor" in properties["minimum"]["description"]

"""`dossier schema`: the JSON Schema editors use to complete and check `dossier.yml`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from interview_dossier.model import DossierFacts, json_schema
from test_cli import ROOT, run

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

"""The `dossier` command, run as a user runs it: in a subprocess, in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bad_inputs import BAD_INPUTS, GOOD, SENTINEL, Case
from helpers import ROOT, SCRIPT, TODAY, run, snapshot, write_tree
from interview_dossier.load.loader import load_all


def problem_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": error:" in line or ": warning:" in line]


# ---------------------------------------------------------------- the shipped examples


def test_check_passes_on_the_shipped_examples(tmp_path: Path) -> None:
    before = snapshot(ROOT / "dossiers")
    done = run("check", str(ROOT), "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = problem_lines(done.stdout)
    assert not [line for line in lines if ": error:" in line]
    # The examples are meant to show a warning (an overdue commitment) without failing.
    assert any(": warning: commitments[" in line for line in lines), done.stdout
    assert all(line.startswith("dossiers/") for line in lines)
    assert " 0 error(s)" in done.stderr
    assert snapshot(ROOT / "dossiers") == before


def test_check_accepts_a_repository_a_dossiers_folder_or_one_dossier(tmp_path: Path) -> None:
    one = next(p for p in sorted((ROOT / "dossiers").iterdir()) if (p / "dossier.yml").is_file())
    for target in (ROOT, ROOT / "dossiers", one):
        done = run("check", str(target), "--today", TODAY, "--format", "json", cwd=tmp_path)
        assert done.returncode == 0, (target, done.stdout)
        found = json.loads(done.stdout)
        assert all(p["path"].startswith("dossiers/") for p in found)
        assert all(p["severity"] == "warning" for p in found)


def test_strict_fails_on_the_examples_warnings(tmp_path: Path) -> None:
    done = run("check", str(ROOT), "--today", TODAY, "--strict", cwd=tmp_path)
    assert done.returncode == 1
    assert problem_lines(done.stdout)


def test_console_script_is_installed_next_to_python(tmp_path: Path) -> None:
    assert SCRIPT.is_file(), f"{SCRIPT} is missing: install the package (pip install -e .)"
    done = run("check", str(ROOT), "--today", TODAY, cwd=tmp_path, command=[str(SCRIPT)])
    assert done.returncode == 0, done.stdout + done.stderr
    version = run("--version", cwd=tmp_path, command=[str(SCRIPT)])
    assert version.returncode == 0
    assert version.stdout.startswith("dossier ")


# ---------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("case", BAD_INPUTS, ids=lambda c: c.id)
def test_check_refuses_bad_input(case: Case, tmp_path: Path) -> None:
    write_tree(tmp_path, case.files)
    before = snapshot(tmp_path)
    done = run("check", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    where = case.path
    if case.line:
        where += f":{case.line}" + (f":{case.column}" if case.column else "")
    field = f" {case.field}:" if case.field else ""
    expected = f"{where}: error:{field} "
    assert any(
        line.startswith(expected) and case.message in line for line in done.stdout.splitlines()
    ), done.stdout
    assert "error(s)" in done.stderr
    assert snapshot(tmp_path) == before  # nothing the user wrote is changed
    assert not (tmp_path / SENTINEL).exists()  # nothing was executed


def test_json_format_has_every_part_of_a_problem(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/acme/dossier.yml": "compnay: Acme\nrole: no\ninterviews:\n  - when: 2026-12-03T10:00:00\n"
        },
    )
    done = run("check", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1
    found = json.loads(done.stdout)
    assert found and all(
        set(p) == {"path", "line", "column", "field", "message", "severity"} for p in found
    )
    by_field = {p["field"]: p for p in found}
    assert by_field["compnay"] | {"message": ""} == {
        "path": "dossiers/acme/dossier.yml",
        "line": 1,
        "column": 1,
        "field": "compnay",
        "message": "",
        "severity": "error",
    }
    assert "did you mean `company`?" in by_field["compnay"]["message"]
    assert (by_field["role"]["line"], by_field["role"]["column"]) == (2, 7)
    assert (by_field["interviews[0].when"]["line"], by_field["interviews[0].when"]["column"]) == (
        4,
        11,
    )


def test_github_format_annotates_the_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dossiers/acme/dossier.yml": "company: Acme\nrole: no\noffice_days: x\n"})
    done = run("check", "--format", "github", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines == [
        "::error file=dossiers/acme/dossier.yml,line=2,col=7,title=role::"
        'expected text, but `no` is read by YAML as false; put it in quotes: "no"',
        "::error file=dossiers/acme/dossier.yml,line=3,col=14,title=office_days::"
        "expected a number, found 'x'",
    ]


def test_failing_check_leaves_every_file_alone(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/acme/dossier.yml": "company: Acme\nrole: no\ncompany: Again\n",
            "dossiers/acme/note.md": "---\nprivate: maybe\n---\nMy notes.\n",
            "dossiers/beta/dossier.yml": GOOD,
            "dossiers/gamma/dossier.yml": "company: Caf\xe9\n".encode("latin-1"),
        },
    )
    before = snapshot(tmp_path)
    listing = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    for fmt in ("text", "json", "github"):
        done = run("check", "--format", fmt, "--private", cwd=tmp_path)
        assert done.returncode == 1
    assert snapshot(tmp_path) == before
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == listing


# ---------------------------------------------------------------- warnings


WARNINGS_DOSSIER = """\
company: Acme
role: Engineer
compensation:
  desired:
    base: 80000
  minimum: 90000
commitments:
  - what: Send references
    due: 2026-11-20
interviews:
  - when: 2026-11-10T09:30:00+01:00
    stage: Recruiter screen
"""


# (line:column, field, message); a warning about a missing field points at its entry.
EXPECTED_WARNINGS = [
    ("6:3", "compensation.minimum", "your minimum (90,000) is above your desired base (80,000)"),
    ("8:5", "commitments[0]", "overdue since 2026-11-20: Send references"),
    ("11:5", "interviews[0].notes", "the interview of 2026-11-10 is past and has no notes"),
]


def test_warnings_name_their_field(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dossiers/acme/dossier.yml": WARNINGS_DOSSIER})
    by_option = run("check", "--today", TODAY, cwd=tmp_path)
    by_env = run("check", cwd=tmp_path, env={"DOSSIER_TODAY": TODAY})
    for done in (by_option, by_env):
        assert done.returncode == 0, done.stdout
        assert sorted(problem_lines(done.stdout)) == sorted(
            f"dossiers/acme/dossier.yml:{where}: warning: {field}: {message}"
            for where, field, message in EXPECTED_WARNINGS
        )
        assert "0 error(s), 3 warning(s)" in done.stderr
    found = json.loads(run("check", "--today", TODAY, "--format", "json", cwd=tmp_path).stdout)
    assert sorted(
        (f"{p['line']}:{p['column']}", p["field"], p["message"], p["severity"]) for p in found
    ) == sorted((where, field, message, "warning") for where, field, message in EXPECTED_WARNINGS)
    github = run("check", "--today", TODAY, "--format", "github", cwd=tmp_path).stdout
    expected = []
    for where, field, message in EXPECTED_WARNINGS:
        line, col = where.split(":")
        title = field.replace(":", "%3A").replace(",", "%2C")
        expected.append(
            f"::warning file=dossiers/acme/dossier.yml,line={line},col={col},title={title}::{message}"
        )
    assert sorted(github.splitlines()) == sorted(expected)


def test_warnings_depend_on_the_date(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dossiers/acme/dossier.yml": WARNINGS_DOSSIER})
    early = json.loads(
        run("check", "--today", "2026-11-01", "--format", "json", cwd=tmp_path).stdout
    )
    assert [p["field"] for p in early] == ["compensation.minimum"]


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dossiers/acme/dossier.yml": WARNINGS_DOSSIER})
    assert run("check", "--today", TODAY, cwd=tmp_path).returncode == 0
    assert run("check", "--today", TODAY, "--strict", cwd=tmp_path).returncode == 1
    write_tree(tmp_path, {"dossiers/acme/dossier.yml": GOOD})
    assert run("check", "--today", TODAY, "--strict", cwd=tmp_path).returncode == 0


def test_private_lists_every_private_place(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/acme/dossier.yml": GOOD
            + "private: [homework.company.funding]\n"
            + "homework:\n  company:\n    funding: Series B\n"
            + "compensation:\n  minimum: 70000\n"
            + "interviews:\n  - when: 2026-12-03T10:00:00+01:00\n    private: true\n",
            "dossiers/acme/secret.md": "---\nprivate: true\n---\nBetween us.\n",
            "dossiers/acme/open.md": "Anyone may read this.\n",
            "dossiers/beta/dossier.yml": GOOD,
        },
    )
    done = run("check", "--private", "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    acme = next(line for line in lines if line.startswith("dossiers/acme: private"))
    places = acme.split(": ", 2)[2].split(", ")
    assert set(places) == {
        "compensation.minimum",
        "homework.company.funding",
        "interviews[0]",
        "note dossiers/acme/secret.md",
    }
    assert "dossiers/beta: private, left out of share builds: nothing" in lines
    assert "open.md" not in done.stdout


# ---------------------------------------------------------------- bad usage


BAD_USAGE = [
    ((), "usage: dossier"),
    (("check", "--bogus"), "unrecognized arguments: --bogus"),
    (("check", "--today", "notadate"), "--today: expected a date such as 2026-12-02"),
    (("check", "--format", "xml"), "invalid choice: 'xml'"),
    (("check", "no-such-folder"), "no-such-folder: no such file or folder"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
    (("new", "Acme Corp"), "the following arguments are required: --role"),
    (("new", "!!!", "--role", "Engineer"), "at least one letter or digit"),
    (("new", "Acme", "--role", "  "), "the role must not be empty"),
]


@pytest.mark.parametrize(
    ("args", "says"), BAD_USAGE, ids=[" ".join(args) or "no-command" for args, _ in BAD_USAGE]
)
def test_bad_usage_exits_2(args: tuple[str, ...], says: str, tmp_path: Path) -> None:
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert says in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was created


def test_today_from_the_environment_must_be_a_date(tmp_path: Path) -> None:
    done = run("check", cwd=tmp_path, env={"DOSSIER_TODAY": "soon"})
    assert done.returncode == 2
    assert "expected a date such as 2026-12-02, got 'soon'" in done.stderr


@pytest.mark.parametrize("sub", ["new", "check", "schema"])
def test_help_for_each_subcommand(sub: str, tmp_path: Path) -> None:
    done = run(sub, "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith(f"usage: dossier {sub}")


def test_help_lists_the_subcommands(tmp_path: Path) -> None:
    top = run("--help", cwd=tmp_path)
    assert top.returncode == 0
    assert all(sub in top.stdout for sub in ("new", "check", "schema"))


# ---------------------------------------------------------------- dossier new


def test_new_makes_a_dossier_that_check_accepts(tmp_path: Path) -> None:
    done = run("new", "Acme Corp", "--role", "Engineer", "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "dossiers" / "acme-corp"
    assert sorted(p.name for p in folder.iterdir()) == ["dossier.yml", "notes.md"]
    assert (tmp_path / "dossier.schema.json").is_file()  # where the modeline points
    assert (
        (folder / "dossier.yml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../../dossier.schema.json\n")
    )

    check = run("check", "--today", TODAY, cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert not [line for line in problem_lines(check.stdout) if ": error:" in line]
    assert "1 dossier(s) checked: 0 error(s)" in check.stderr

    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert problems == []
    assert (dossiers[0].facts.company, dossiers[0].facts.role) == ("Acme Corp", "Engineer")
    assert dossiers[0].notes == ()  # the starter note is a draft until edited


def test_new_never_overwrites(tmp_path: Path) -> None:
    assert run("new", "Acme Corp", "--role", "Engineer", cwd=tmp_path).returncode == 0
    folder = tmp_path / "dossiers" / "acme-corp"
    (folder / "dossier.yml").write_text("company: Acme Corp\nrole: My edits\n", encoding="utf-8")
    before = snapshot(tmp_path)

    again = run("new", "Acme Corp", "--role", "Manager", cwd=tmp_path)
    assert again.returncode == 1
    assert "already exists; nothing was changed" in again.stderr

    # Another spelling of the same company makes the same folder name.
    clash = run("new", "ACME corp!", "--role", "Manager", cwd=tmp_path)
    assert clash.returncode == 1
    assert "dossiers/acme-corp: already exists" in clash.stderr
    assert snapshot(tmp_path) == before


def test_new_refuses_a_folder_whose_slug_is_taken(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dossiers/Acme Corp/dossier.yml": GOOD})
    before = snapshot(tmp_path)
    done = run("new", "acme corp", "--role", "Engineer", cwd=tmp_path)
    assert done.returncode == 1
    assert "dossiers/Acme Corp: already uses the slug `acme-corp`" in done.stderr
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "dossiers").iterdir()) == ["Acme Corp"]


@pytest.mark.parametrize(
    ("company", "role"),
    [
        ("No", "no"),  # YAML 1.1 booleans
        ("2026-11-02", "1:30"),  # a date and a base-60 number
        ('Acme "Quotes" & Co: #1', "Engineer\\ [backend]"),
        ("Zürich Ærø AG", "Ingénieur"),
        ("Acme\u00a0Corp", "Eng\u0085ineer"),  # characters YAML refuses unescaped
    ],
)
def test_new_keeps_names_exactly(company: str, role: str, tmp_path: Path) -> None:
    done = run("new", company, "--role", role, "--slug", "x", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert problems == []
    assert (dossiers[0].facts.company, dossiers[0].facts.role) == (company, role)


def test_new_into_another_folder(tmp_path: Path) -> None:
    done = run("new", "Beta", "--role", "Lead", "--dir", "work/opportunities", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "work" / "opportunities" / "beta" / "dossier.yml").is_file()
    check = run("check", "work/opportunities", cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_check_of_an_empty_folder_finds_nothing_wrong(tmp_path: Path) -> None:
    (tmp_path / "dossiers").mkdir()
    done = run("check", cwd=tmp_path)
    assert done.returncode == 0
    assert "0 dossier(s) checked: 0 error(s), 0 warning(s)" in done.stderr

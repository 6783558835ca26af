"""The loader: every bad input is refused with its file, line, column and field.

`BAD_INPUTS` is the table of bad inputs; `test_cli.py` runs the same table
through the `dossier check` command in a subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bad_inputs import BAD_INPUTS, GOOD, NOTE, SENTINEL, YML, Case, facts
from helpers import snapshot, write_tree
from interview_dossier.errors import DossierError, Problem
from interview_dossier.load import yamlsource
from interview_dossier.load.loader import (
    load_all,
    load_dossier,
    load_or_raise,
    parse_facts,
    parse_note,
    slugify,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "dossiers"

# ---------------------------------------------------------------- the bad inputs


@pytest.mark.parametrize("case", BAD_INPUTS, ids=lambda c: c.id)
def test_bad_input_is_refused_with_its_place(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a Python tag would `touch` its sentinel
    write_tree(tmp_path, case.files)
    before = snapshot(tmp_path)

    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)

    assert any(case.matches(p) for p in problems), "\n".join(map(str, problems))
    assert all(p.severity == "error" and p.message for p in problems)
    # The dossier with the bad input is not loaded at all.
    folder = "/".join(case.path.split("/")[:2])
    assert folder not in {d.path for d in dossiers}
    # The problem prints as file:line:col: severity: field: message.
    text = str(next(p for p in problems if case.matches(p)))
    where = case.path + (f":{case.line}" if case.line else "")
    where += f":{case.column}" if case.line and case.column else ""
    assert text.startswith(f"{where}: error: ")
    assert "\n" not in text
    assert snapshot(tmp_path) == before
    assert not (tmp_path / SENTINEL).exists()


def test_python_tags_run_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sentinel = tmp_path / SENTINEL
    tags = [
        f'!!python/object/apply:os.system ["touch {sentinel}"]',
        f'!!python/object/apply:subprocess.call [["touch", "{sentinel}"]]',
        "!!python/object/new:pathlib.Path.touch [{}]",
        "!!python/name:os.system",
        "!!python/module:os",
    ]
    for i, tag in enumerate(tags):
        text = f"company: Acme\nrole: Engineer\nlevel: {tag}\n"
        got, problems = parse_facts(text, f"dossiers/t{i}/dossier.yml")
        assert got is None
        assert [(p.line, p.field) for p in problems] == [(3, "level")]
        assert "unsupported YAML tag" in problems[0].message
    assert not sentinel.exists()


def test_every_problem_in_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    text = (
        "compnay: Acme\n"  # 1: unknown key (and so `company` is missing)
        "role: no\n"  # 2: YAML 1.1 false
        "role: Engineer\n"  # 3: duplicate key
        "office_days: nine\n"  # 4: wrong type
        "work_format: remot\n"  # 5: wrong choice
        "budget:\n"
        "  unpaid_hours: 1:30\n"  # 7: base-60
        "commitments:\n"
        "  - what: Send references\n"
        "    due: 2026-02-30\n"  # 10: impossible date
        "interviews:\n"
        "  - when: 2026-12-03T10:00:00\n"  # 12: no time zone
    )
    write_tree(tmp_path, facts(text))
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert dossiers == []
    found = {(p.line, p.field) for p in problems}
    assert found >= {
        (1, "compnay"),
        (1, "company"),
        (2, "role"),
        (3, "role"),
        (4, "office_days"),
        (5, "work_format"),
        (7, "budget.unpaid_hours"),
        (10, "commitments[0].due"),
        (12, "interviews[0].when"),
    }, "\n".join(map(str, problems))
    assert {p.path for p in problems} == {YML}


#: Other mistakes, after the syntax error: each must still be reported.
OTHERS = (
    "level: 3\n"  # text expected
    "office_days: nine\n"  # wrong type
    "work_format: remot\n"  # wrong choice
    "budget:\n  stress: 9\n"  # out of range
    "commitments:\n  - what: Send references\n    due: 2026-02-30\n"  # impossible date
    "hours_per_week: 40\n"
)
OTHER_PROBLEMS = {
    "level",
    "office_days",
    "work_format",
    "budget.stress",
    "commitments[0].due",
}


@pytest.mark.parametrize(
    ("mistake", "line", "words"),
    [
        ("stage: Onsite: system design\n", 3, 'put the whole text in quotes: stage: "Onsite'),
        ("\trole_note: x\n", 3, "delete the tab"),
        (
            "compensation:\n  currency: EUR\ndesired:\n    base: 9\n  minimum: 8\n",
            5,
            "wrong indentation",
        ),
        ("compensation:\n  desired:\n      base: 9\n    bonus: 5\n", 6, "wrong indentation"),
        ("stage: Onsite\n  location: Hamburg\n", 4, "is indented more than `stage:`"),
    ],
    ids=["colon", "tab", "indent-closes-block", "indent-matches-nothing", "indent-glued"],
)
def test_other_errors_are_reported_after_a_syntax_error(
    mistake: str, line: int, words: str
) -> None:
    """The parser stops at the first syntax error; the check reads on with the fix applied."""
    text = "company: Acme\nrole: no\n" + mistake + OTHERS
    got, problems = parse_facts(text, YML)
    assert got is None
    syntax = [p for p in problems if p.field == ""]
    assert [(p.line, words in p.message) for p in syntax[:1]] == [(line, True)], problems
    fields = {p.field for p in problems}
    assert {"role", *OTHER_PROBLEMS} <= fields, "\n".join(map(str, problems))
    # Lines after the mistake keep their own numbers.
    due = next(p for p in problems if p.field == "commitments[0].due")
    assert text.splitlines()[due.line - 1].strip() == "due: 2026-02-30"


def test_the_issue_file_with_a_colon_and_six_other_errors() -> None:
    """The reported case: one unquoted colon hid six other errors."""
    text = (
        "company: Acme\n"
        "role: Platform Engineer\n"
        "stage: Onsite: system design\n"
        "level: 3\n"
        "office_days: nine\n"
        "work_format: remot\n"
        "budget:\n  stress: 9\n  unpaid_hours: 1:30\n"
        "commitments:\n  - what: Send references\n    due: 2026-02-30\n"
    )
    got, problems = parse_facts(text, YML)
    assert got is None
    assert [(p.line, p.field) for p in sorted(problems)] == [
        (3, ""),
        (4, "level"),
        (5, "office_days"),
        (6, "work_format"),
        (8, "budget.stress"),
        (9, "budget.unpaid_hours"),
        (12, "commitments[0].due"),
    ]


def test_a_syntax_error_that_cannot_be_read_past_says_more_may_follow() -> None:
    got, problems = parse_facts("company: Acme\nrole: [Engineer\nlevel: 3\n", YML)
    assert got is None
    assert len(problems) == 1
    assert problems[0].message.startswith("invalid YAML: did not find expected ',' or ']'")
    assert problems[0].message.endswith(
        "more errors may follow: the check cannot read past this point until it is fixed"
    )


def test_front_matter_syntax_error_says_more_may_follow() -> None:
    got, problems = parse_note("---\ntitle: a: b\nprivate: maybe\n---\n", NOTE, "n")
    assert got is None
    assert [(p.line, p.column) for p in problems] == [(2, 9)]
    assert (
        'put the whole text in quotes: title: "a: b"; more errors may follow' in problems[0].message
    )


def test_every_problem_in_a_note_is_reported_in_one_run() -> None:
    text = (
        "---\n"
        "title: One\n"
        "title: Two\n"  # 3: duplicate key
        "private: maybe\n"  # 4: not a boolean
        "sectoin: people\n"  # 5: unknown key
        "date: 2026-02-30\n"  # 6: impossible date
        "mentor: !!python/object/apply:os.system [echo hi]\n"  # 7: Python tag
        "---\nbody\n"
    )
    got, problems = parse_note(text, NOTE, "note")
    assert got is None
    assert {(p.line, p.field) for p in problems} == {
        (3, "title"),
        (4, "private"),
        (5, "sectoin"),
        (6, "date"),
        (7, "mentor"),
    }, "\n".join(map(str, problems))


def test_problems_in_several_files_are_reported_together(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/a/dossier.yml": "company: A\nrole: no\n",
            "dossiers/a/note.md": "---\nprivate: maybe\n---\n",
            "dossiers/b/dossier.yml": "company: B\n",
            "dossiers/c/dossier.yml": GOOD,
            "dossiers/d/readme.md": "no facts here\n",
        },
    )
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert [d.slug for d in dossiers] == ["c"]
    assert {(p.path, p.line, p.field) for p in problems} == {
        ("dossiers/a/dossier.yml", 2, "role"),
        ("dossiers/a/note.md", 2, "private"),
        ("dossiers/b/dossier.yml", 1, "role"),
        ("dossiers/d", 0, ""),
    }
    with pytest.raises(DossierError) as raised:
        load_or_raise(tmp_path / "dossiers", tmp_path)
    assert len(raised.value.problems) == 4
    assert raised.value.report().startswith("4 problems in the dossiers:")


# ---------------------------------------------------------------- what loads


def test_shipped_examples_load_without_problems() -> None:
    dossiers, problems = load_all(EXAMPLES, ROOT)
    assert problems == []
    assert len(dossiers) == len([p for p in EXAMPLES.iterdir() if p.is_dir()]) >= 1
    for d in dossiers:
        assert d.path == f"dossiers/{d.slug}"
        assert d.facts.company and d.facts.role


def test_loading_never_writes(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "dossiers")
    write_tree(tmp_path, {"dossiers/zz-bad/dossier.yml": "company: X\nrole: no\n"})
    before = snapshot(tmp_path)
    os.utime(tmp_path / "dossiers", ns=(1, 1))  # a new file would change the folder too
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert len(dossiers) >= 1
    assert [p.path for p in problems] == ["dossiers/zz-bad/dossier.yml"]
    assert snapshot(tmp_path) == before
    assert (tmp_path / "dossiers").stat().st_mtime_ns == 1


def test_minimal_dossier_and_its_defaults(tmp_path: Path) -> None:
    write_tree(tmp_path, facts(GOOD))
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert problems == []
    (d,) = dossiers
    assert (d.slug, d.path, d.facts.company, d.facts.role) == (
        "acme",
        "dossiers/acme",
        "Acme",
        "Engineer",
    )
    assert d.facts.status.value == "researching"
    assert d.notes == ()


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffcompany: Acme\nrole: Engineer\n",  # byte order mark
        "company: Acme\r\nrole: Engineer\r\n",  # Windows line ends
        "%YAML 1.1\n---\ncompany: Acme\nrole: Engineer\n...\n",
        'company: "Acme"\nrole: "Engineer"\nlevel: "3"\nstage: "2026-11-02"\n',
    ],
    ids=["bom", "crlf", "directives", "quoted"],
)
def test_ordinary_variants_load(text: str) -> None:
    got, problems = parse_facts(text, YML)
    assert problems == []
    assert got is not None and (got.company, got.role) == ("Acme", "Engineer")


def test_quoting_keeps_what_yaml_would_change() -> None:
    text = GOOD.replace("Engineer", '"no"') + 'stage: "2026-11-02"\nlevel: "1:30"\n'
    got, problems = parse_facts(text, YML)
    assert problems == []
    assert got is not None
    assert (got.role, got.stage, got.level) == ("no", "2026-11-02", "1:30")


def test_wall_clock_time_with_zone_name_is_accepted() -> None:
    text = GOOD + "interviews:\n  - when: 2026-12-03T10:00:00\n    timezone: Europe/Berlin\n"
    got, problems = parse_facts(text, YML)
    assert problems == []
    assert got is not None
    assert got.interviews[0].when.utcoffset() is not None
    assert got.interviews[0].when.isoformat() == "2026-12-03T10:00:00+01:00"


def test_notes_load_with_front_matter(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/acme/dossier.yml": GOOD,
            "dossiers/acme/plain.md": "Just text.\n\n---\n\nnot: front matter\n",
            "dossiers/acme/first-call.md": (
                "---\ntitle: First call\nsection: people\nprivate: yes\ndate: 2026-11-02\n"
                "---\n\nIt went well.\n"
            ),
        },
    )
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert problems == []
    notes = {n.name: n for n in dossiers[0].notes}
    assert notes["first-call"].meta.private is True  # `yes` is a real YAML 1.1 boolean
    assert notes["first-call"].meta.section.value == "people"
    assert notes["first-call"].body == "It went well.\n"
    assert notes["first-call"].path == "dossiers/acme/first-call.md"
    assert notes["plain"].meta.private is False
    assert notes["plain"].body.startswith("Just text.")
    assert notes["plain"].title == "Plain"


def test_parse_note_reports_lines_in_the_whole_file() -> None:
    text = "---\ntitle: x\n\n\nmentor: perhaps\n---\nbody\n"
    got, problems = parse_note(text, NOTE, "note")
    assert got is None
    assert [(p.path, p.line, p.column, p.field) for p in problems] == [(NOTE, 5, 9, "mentor")]


def test_load_dossier_of_one_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, facts("company: Acme\nrole: no\n"))
    got, problems = load_dossier(tmp_path / "dossiers" / "acme", tmp_path)
    assert got is None
    assert [str(p) for p in problems] == [
        f'{YML}:2:7: error: role: expected text, but `no` is read by YAML as false; put it in quotes: "no"'
    ]


def test_missing_dossiers_folder(tmp_path: Path) -> None:
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert dossiers == []
    assert [(p.path, p.message) for p in problems] == [
        ("dossiers", "the dossiers folder does not exist")
    ]


def test_hidden_and_underscore_folders_are_skipped(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/acme/dossier.yml": GOOD,
            "dossiers/.git/dossier.yml": "not: [valid\n",
            "dossiers/_drafts/notes.md": "no facts\n",
        },
    )
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert problems == []
    assert [d.slug for d in dossiers] == ["acme"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Acme Corp", "acme-corp"),
        ("acme-corp", "acme-corp"),
        ("  Ørsted & Søn GmbH ", "orsted-son-gmbh"),
        ("Café Noir", "cafe-noir"),
        ("!!!", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_folder_name_without_letters(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dossiers/!!!/dossier.yml": GOOD})
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert dossiers == []
    assert [(p.path, p.line) for p in problems] == [("dossiers/!!!", 0)]
    assert "no letters or digits" in problems[0].message


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    got, problems = parse_facts("\n".join(lines) + "\n", YML)
    assert got is None
    assert [p.message for p in problems] == ["the document expands to too many values"]


def test_self_referring_alias_is_refused() -> None:
    got, problems = parse_facts(GOOD + "links: &l [*l]\n", YML)
    assert got is None
    assert any(
        p.line == 3 and "alias refers to the list or mapping that contains it" in p.message
        for p in problems
    )


def test_deep_nesting_is_refused() -> None:
    depth = 5000
    got, problems = parse_facts("x: " + "[" * depth + "]" * depth + "\n", YML)
    assert got is None
    assert problems and all(p.path == YML and p.message for p in problems)


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_bad_characters_with_either_yaml_parser(
    loader: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pure-Python parser refuses bad characters before parsing; both give a place."""
    monkeypatch.setattr(yamlsource, "_Loader", loader)
    got, problems = parse_facts("company: Zürich AG\nrole: Eng\x00ineer\n", YML)
    assert got is None
    assert [(p.line, p.column) for p in problems] == [(2, 10)]
    assert "U+0000" in problems[0].message
    assert "\n" not in problems[0].message

    got_note, note_problems = parse_note("---\ntitle: \x85 ok\nauthor: \x1b\n---\n", NOTE, "n")
    assert got_note is None
    # U+0085 (next line) breaks a line in a note, as str.splitlines says: `author` is line 4.
    assert [(p.line, p.column) for p in note_problems] == [(4, 9)]


def test_problem_formats() -> None:
    p = Problem("dossiers/a/dossier.yml", 3, 7, "role", "expected text", "error")
    assert str(p) == "dossiers/a/dossier.yml:3:7: error: role: expected text"
    assert str(Problem("dossiers/a", 0, 0, "", "no dossier.yml")) == (
        "dossiers/a: error: no dossier.yml"
    )
    assert (
        p.as_github()
        == "::error file=dossiers/a/dossier.yml,line=3,col=7,title=role::expected text"
    )
    assert p.as_dict() == {
        "path": "dossiers/a/dossier.yml",
        "line": 3,
        "column": 7,
        "field": "role",
        "message": "expected text",
        "severity": "error",
    }


# ---------------------------------------------------------------- `dossier check` output

NON_LATIN = "company: Acme\nrole: Инженер\nstatus: Москва\nstage: 東京: 面接\n"


def _check(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", "check", str(root)],
        env=full,
        capture_output=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
        {"PYTHONIOENCODING": "latin-1"},
        {"PYTHONIOENCODING": "ISO-8859-1", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"},
        {"PYTHONIOENCODING": "ascii"},
    ],
    ids=["lc-all-c", "latin-1", "iso-8859-1", "ascii"],
)
def test_check_prints_escapes_where_the_output_cannot_show_a_character(
    env: dict[str, str], tmp_path: Path
) -> None:
    write_tree(tmp_path, facts(NON_LATIN))
    done = _check(tmp_path, env)
    out, err = done.stdout.decode("ascii", "replace"), done.stderr.decode("ascii", "replace")
    assert done.returncode == 1, err
    assert "Traceback" not in out + err
    assert "\\u041c\\u043e\\u0441\\u043a\\u0432\\u0430" in out  # Москва, escaped
    assert "status" in out and "stage" in out
    assert "1 dossier(s) checked: 2 error(s)" in err


def test_check_counts_the_dossiers_it_checked_not_those_that_loaded(tmp_path: Path) -> None:
    """The reported case: a dossier with 6 errors gave `0 dossier(s) checked: 6 error(s)`."""
    six = (
        "company: Acme\nrole: no\nlevel: 3\noffice_days: nine\nwork_format: remot\n"
        "budget:\n  stress: 9\ncommitments:\n  - what: Send references\n    due: 2026-02-30\n"
    )
    write_tree(tmp_path, {**facts(six), "dossiers/beta/dossier.yml": GOOD})
    done = _check(tmp_path, {})
    assert done.returncode == 1
    assert "2 dossier(s) checked: 6 error(s), 0 warning(s)" in done.stderr.decode()
    one = _check(tmp_path / "dossiers" / "acme", {})
    assert "1 dossier(s) checked: 6 error(s), 0 warning(s)" in one.stderr.decode()

"""Notes fail closed: front matter read without doubt or refused; no links out of dossiers/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from interview_dossier.load.loader import load_all
from sitebuild import TODAY, make_project, mkdocs_build

GOOD = "company: Acme\nrole: Engineer\n"
BODY = "SNTL-FRONT-BODY"


def load(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[list, list]:
    folder = tmp_path / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text(GOOD, encoding="utf-8")
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8", newline="")
    return load_all(tmp_path / "dossiers", tmp_path)


# Front matter that a reader could take as such, but that is not at the very top.
REFUSED = [
    ("leading-space", f" ---\nprivate: true\n---\n{BODY}\n", 1, "must start at the beginning"),
    (
        "html-comment-first",
        f"<!-- draft -->\n---\nprivate: true\n---\n{BODY}\n",
        3,
        "`private:` line outside front matter",
    ),
    (
        "text-first",
        f"Draft\n---\ntitle: Floor talk\n---\n{BODY}\n",
        2,
        "front matter must be the first thing",
    ),
    ("toml", f"+++\nprivate = true\n+++\n{BODY}\n", 1, "TOML (`+++`)"),
    (
        "private-in-body",
        f"---\ntitle: Floor talk\n---\n{BODY}\nprivate: true\n",
        5,
        "`private:` line outside front matter",
    ),
    (
        "private-without-front-matter",
        f"Private: true\n\n{BODY}\n",
        1,
        "`private:` line outside front matter",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_doubtful_front_matter_is_an_error(
    text: str, line: int, message: str, tmp_path: Path
) -> None:
    dossiers, problems = load(tmp_path, {"secret.md": text})
    assert dossiers == []
    assert [(p.path, p.line) for p in problems] == [("dossiers/acme/secret.md", line)]
    assert message in problems[0].message


# Accepted as front matter: the note is private and nothing of it is body.
ACCEPTED = {
    "leading-blank-line": f"\n---\nprivate: true\n---\n{BODY}\n",
    "leading-blank-lines-with-spaces": f"  \n\t\n---\nprivate: true\n---\n{BODY}\n",
    "bom-then-blank-line-crlf": f"\ufeff\r\n---\r\nprivate: true\r\n---\r\n{BODY}\r\n".encode(),
}


@pytest.mark.parametrize("text", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_bom_and_blank_lines_before_front_matter_are_front_matter(
    text: str | bytes, tmp_path: Path
) -> None:
    dossiers, problems = load(tmp_path, {"secret.md": text})
    assert problems == []
    (note,) = dossiers[0].notes
    assert note.meta.private is True
    assert note.body.strip() == BODY


def test_blank_lines_shift_error_lines_and_rules_stay_body(tmp_path: Path) -> None:
    # A `---` later in a note is a rule or a heading underline, never front matter.
    plan = "---\ntitle: Plan\n---\nFirst\n---\n\ntext\n\n---\n\nmore\n"
    files = {"n.md": "\n\n---\nprivate: maybe\n---\nbody\n", "plan.md": plan}
    _, problems = load(tmp_path, {**files, "plain.md": "Heading\n---\n\nx\n"})
    assert [(p.path, p.line, p.field) for p in problems] == [("dossiers/acme/n.md", 4, "private")]


def test_a_build_refuses_a_note_with_misplaced_front_matter(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {"acme": {"dossier.yml": GOOD, "secret.md": f" ---\nprivate: true\n---\n{BODY}\n"}},
    )
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "dossiers/acme/secret.md:1:1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists() or BODY not in "".join(
        p.read_text(encoding="utf-8", errors="ignore") for p in (root / "site").rglob("*.html")
    )


def test_a_symlinked_note_is_refused_with_its_path(tmp_path: Path) -> None:
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:SNTL-OUTSIDE\n", encoding="utf-8")
    folder = tmp_path / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text(GOOD, encoding="utf-8")
    (folder / "passwd.md").symlink_to(outside)
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert dossiers == []
    assert [(p.path, "symbolic link" in p.message) for p in problems] == [
        ("dossiers/acme/passwd.md", True)
    ]


def test_a_symlinked_dossier_folder_or_facts_file_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "dossier.yml").write_text(GOOD, encoding="utf-8")
    dossiers_dir = tmp_path / "dossiers"
    dossiers_dir.mkdir()
    (dossiers_dir / "linked").symlink_to(elsewhere, target_is_directory=True)
    (dossiers_dir / "real").mkdir()
    (dossiers_dir / "real" / "dossier.yml").symlink_to(elsewhere / "dossier.yml")
    dossiers, problems = load_all(dossiers_dir, tmp_path)
    assert dossiers == []
    assert sorted(p.path for p in problems) == ["dossiers/linked", "dossiers/real/dossier.yml"]


def test_a_build_with_a_symlinked_note_fails_naming_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"acme": {"dossier.yml": GOOD}})
    outside = tmp_path / "secret.txt"
    outside.write_text("SNTL-OUTSIDE\n", encoding="utf-8")
    (root / "dossiers" / "acme" / "secret.md").symlink_to(outside)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "dossiers/acme/secret.md" in result.stderr and "symbolic link" in result.stderr
    assert "Traceback" not in result.stderr


CONTROL = [
    (
        "esc-in-value",
        'company: Acme\nrole: "Eng\\e[31mineer"\n',
        "dossier.yml",
        2,
        "role",
        "U+001B",
    ),
    ("nul-in-value", 'company: Acme\nrole: "a\\0b"\n', "dossier.yml", 2, "role", "U+0000"),
    ("cr-in-value", 'company: Acme\nrole: "a\\rb"\n', "dossier.yml", 2, "role", "U+000D"),
    (
        "esc-in-list",
        GOOD + 'interviews:\n  - when: 2026-12-01T10:00:00+01:00\n    people: ["A\\eB"]\n',
        "dossier.yml",
        5,
        "interviews[0].people[0]",
        "U+001B",
    ),
]


@pytest.mark.parametrize(
    ("yml", "name", "line", "field", "code"), [c[1:] for c in CONTROL], ids=[c[0] for c in CONTROL]
)
def test_check_refuses_control_characters_with_their_place(
    yml: str, name: str, line: int, field: str, code: str, tmp_path: Path
) -> None:
    folder = tmp_path / "dossiers" / "acme"
    folder.mkdir(parents=True)
    (folder / "dossier.yml").write_text(yml, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "DOSSIER_TODAY": TODAY},
    )
    assert done.returncode == 1
    out = done.stdout.decode()
    assert f"dossiers/acme/{name}:{line}:" in out and f" {field}: " in out and code in out
    assert b"\x1b" not in done.stdout + done.stderr and b"\x00" not in done.stdout


def test_control_characters_in_a_note_body_or_a_bare_cr_are_refused(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path,
        {"a.md": "---\ntitle: A\n---\n\nline\nbad \x1b[2J here\n", "b.md": b"one\rtwo\n"},
    )
    assert sorted((p.path, p.line, p.message.split(" is")[0]) for p in problems) == [
        ("dossiers/acme/a.md", 6, "the control character U+001B"),
        ("dossiers/acme/b.md", 1, "the control character U+000D"),
    ]

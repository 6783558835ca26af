"""A note's front matter is read the same whatever its line breaks: every separator
that Python's str.splitlines knows either breaks a line or the note is refused.
Either way a note marked private is never published."""

from __future__ import annotations

import pytest
from interview_dossier.load.loader import parse_note

#: Every line boundary of str.splitlines besides "\n" and "\r\n".
SEPARATORS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
PATH = "dossiers/acme/plans.md"


def test_the_list_is_every_line_boundary_python_knows() -> None:
    boundaries = {chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) == 2}
    assert boundaries == {"\n", *SEPARATORS}


def notes(sep: str) -> list[str]:
    """A private note with `sep` in place of one, some or every line break."""
    every = sep.join(["---", "title: Plans", "private: true", "---", "", "SNTL-BODY", ""])
    return [
        every,
        f"---\ntitle: Plans{sep}private: true\n---\n\nSNTL-BODY\n",
        f"---\ntitle: Plans\nprivate: true{sep}---\n\nSNTL-BODY\n",
        f"---{sep}private: true\n---\n\nSNTL-BODY\n",
        f"Intro{sep}private: true\n\nSNTL-BODY\n",
        f"\n{sep}---\nprivate: true\n---\n\nSNTL-BODY\n",
    ]


@pytest.mark.parametrize("sep", SEPARATORS, ids=repr)
def test_a_private_note_with_any_line_break_is_private_or_refused(sep: str) -> None:
    for text in notes(sep):
        note, problems = parse_note(text, PATH, "plans")
        if note is None:
            assert problems and problems[0].path == PATH and problems[0].line >= 1, repr(text)
            assert "Traceback" not in str(problems[0])
        else:
            assert note.meta.private, repr(text)
            assert "SNTL-BODY" in note.body


@pytest.mark.parametrize("sep", ["\x85", "\u2028", "\u2029"], ids=repr)
def test_unicode_line_separators_break_lines_in_front_matter(sep: str) -> None:
    text = sep.join(["---", "title: Plans", "private: true", "---", "", "SNTL-BODY", ""])
    note, problems = parse_note(text, PATH, "plans")
    assert problems == [] and note is not None
    assert note.meta.private and note.title == "Plans"

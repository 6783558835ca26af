"""Bad input, one case each: the text, and the place and words `check` must report.

Shared by tests/test_loader.py (the loader's problems) and tests/test_cli.py (the
same cases through `dossier check`, in every output format).
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_dossier.errors import Problem

GOOD = "company: Acme\nrole: Engineer\n"
#: A file that running a Python object tag would create in the working directory.
SENTINEL = "dossier-pwned"


@dataclass(frozen=True)
class Case:
    """One bad input and the problem it must produce."""

    id: str
    files: dict[str, str | bytes]  # path relative to the repository root -> content
    path: str
    line: int
    column: int  # 0: unknown
    field: str
    message: str  # a part of the message

    def matches(self, problem: Problem) -> bool:
        return (
            problem.path == self.path
            and problem.line == self.line
            and problem.column == self.column
            and problem.field == self.field
            and self.message in problem.message
            and problem.severity == "error"
        )


def facts(text: str) -> dict[str, str | bytes]:
    return {"dossiers/acme/dossier.yml": text}


def note(text: str | bytes) -> dict[str, str | bytes]:
    return {"dossiers/acme/dossier.yml": GOOD, "dossiers/acme/note.md": text}


YML = "dossiers/acme/dossier.yml"
NOTE = "dossiers/acme/note.md"

BAD_INPUTS = [
    Case(
        "python-object-tag",
        facts(GOOD + f'level: !!python/object/apply:os.system ["touch {SENTINEL}"]\n'),
        YML,
        3,
        8,
        "level",
        "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    Case(
        "python-object-new-tag",
        facts(
            GOOD
            + "links:\n  - title: x\n"
            + f'    url: !!python/object/new:subprocess.Popen [["touch", "{SENTINEL}"]]\n'
        ),
        YML,
        5,
        10,
        "links[0].url",
        "dossiers use plain YAML values only",
    ),
    Case(
        "duplicate-key",
        facts(GOOD + "company: Other\n"),
        YML,
        3,
        1,
        "company",
        "duplicate key `company` (first at line 1)",
    ),
    Case(
        "duplicate-nested-key",
        facts(GOOD + "budget:\n  weeks: 6\n  stages: 4\n  weeks: 8\n"),
        YML,
        6,
        3,
        "budget.weeks",
        "duplicate key `weeks` (first at line 4)",
    ),
    Case(
        "yaml11-no-as-false",
        facts("company: Acme\nrole: no\n"),
        YML,
        2,
        7,
        "role",
        'expected text, but `no` is read by YAML as false; put it in quotes: "no"',
    ),
    Case(
        "yaml11-number-as-text",
        facts(GOOD + "level: 3\n"),
        YML,
        3,
        8,
        "level",
        'expected text, but `3` is read by YAML as a number; put it in quotes: "3"',
    ),
    Case(
        "yaml11-base-60-hours",
        facts(GOOD + "stage_log:\n  - date: 2026-11-02\n    what: Take-home\n    hours: 1:30\n"),
        YML,
        6,
        12,
        "stage_log[0].hours",
        "`1:30` is read by YAML 1.1 as a base-60 number; write a decimal number",
    ),
    Case(
        "yaml11-base-60-unpaid-hours",
        facts(GOOD + "budget:\n  unpaid_hours: 1:30\n"),
        YML,
        4,
        17,
        "budget.unpaid_hours",
        'base-60 number; write a decimal number (1.5 for an hour and a half) or text in quotes ("1:30")',
    ),
    Case(
        "yaml11-date-in-text-field",
        facts(GOOD + "stage: 2026-11-02\n"),
        YML,
        3,
        8,
        "stage",
        'expected text, but `2026-11-02` is read by YAML as a date; put it in quotes: "2026-11-02"',
    ),
    Case(
        "unknown-key-did-you-mean",
        facts("compnay: Acme\nrole: Engineer\n"),
        YML,
        1,
        1,
        "compnay",
        "unknown field `compnay`; did you mean `company`?",
    ),
    Case(
        "unknown-nested-key-did-you-mean",
        facts(GOOD + "compensation:\n  desird:\n    base: 90000\n"),
        YML,
        4,
        3,
        "compensation.desird",
        "unknown field `desird`; did you mean `desired`?",
    ),
    Case(
        "missing-required-field",
        facts("company: Acme\n"),
        YML,
        1,
        1,
        "role",
        "required field `role` is missing",
    ),
    Case(
        "wrong-type-text-for-number",
        facts(GOOD + "office_days: three\n"),
        YML,
        3,
        14,
        "office_days",
        "expected a number, found 'three'",
    ),
    Case(
        "wrong-type-text-for-list",
        facts(GOOD + "people: Jane Doe\n"),
        YML,
        3,
        9,
        "people",
        "expected a list, found 'Jane Doe'",
    ),
    Case(
        "wrong-type-bool-for-list",
        facts(GOOD + "interviews: yes\n"),
        YML,
        3,
        13,
        "interviews",
        "expected a list, but `yes` is read by YAML as true",
    ),
    Case(
        "wrong-choice-did-you-mean",
        facts(GOOD + "status: intervewing\n"),
        YML,
        3,
        9,
        "status",
        "found 'intervewing'; did you mean `interviewing`?",
    ),
    Case(
        "number-out-of-range",
        facts(GOOD + "budget:\n  stress: 9\n"),
        YML,
        4,
        11,
        "budget.stress",
        "expected a number of at most 5, found 9",
    ),
    Case(
        "empty-required-value",
        facts("company:\nrole: Engineer\n"),
        YML,
        1,
        9,
        "company",
        "expected text, found nothing",
    ),
    Case(
        "empty-quoted-text",
        facts('company: ""\nrole: Engineer\n'),
        YML,
        1,
        10,
        "company",
        "expected some text, found ''",
    ),
    Case(
        "impossible-date",
        facts(GOOD + "commitments:\n  - what: Send references\n    due: 2026-02-30\n"),
        YML,
        5,
        10,
        "commitments[0].due",
        "expected a real date such as 2026-12-02, found `2026-02-30`",
    ),
    Case(
        "impossible-quoted-date",
        facts(GOOD + "commitments:\n  - what: Send references\n    due: '2026-02-30'\n"),
        YML,
        5,
        10,
        "commitments[0].due",
        "expected a real date such as 2026-12-02, found '2026-02-30'",
    ),
    Case(
        "time-without-zone",
        facts(GOOD + "interviews:\n  - when: 2026-12-03T10:00:00\n    stage: Onsite\n"),
        YML,
        4,
        11,
        "interviews[0].when",
        "this time has no time zone; add an offset such as 2026-12-02T10:00:00+01:00",
    ),
    Case(
        "unknown-time-zone",
        facts(
            GOOD
            + "interviews:\n  - when: 2026-12-03T10:00:00+01:00\n    timezone: Europe/Hamburg\n"
        ),
        YML,
        5,
        15,
        "interviews[0].timezone",
        "unknown time zone 'Europe/Hamburg'; use an IANA name such as Europe/Berlin",
    ),
    Case(
        "not-utf8",
        facts("company: Café Noir\nrole: Engineer\n".encode("latin-1")),
        YML,
        1,
        13,
        "",
        "the file is not UTF-8 (byte 0xe9); save it as UTF-8",
    ),
    Case(
        "control-character",
        facts("company: Acme\nrole: Eng\x7fineer\n"),
        YML,
        2,
        10,
        "",
        "expected printable text, found the character U+007F",
    ),
    # The reader refuses control characters as typed; a double-quoted escape makes one.
    Case(
        "escaped-control-character",
        facts(GOOD + 'people:\n  - name: "Ann\\x01e"\n'),
        YML,
        4,
        11,
        "people[0].name",
        "the control character U+0001 is not allowed here; remove it",
    ),
    Case(
        "escaped-carriage-return",
        facts('company: Acme\nrole: "Eng\\tineer\\r"\n'),
        YML,
        2,
        7,
        "role",
        "the control character U+000D is not allowed here; remove it",
    ),
    Case(
        "escaped-control-character-in-front-matter",
        note('---\ntitle: "Notes\\u0007"\n---\nBody\n'),
        NOTE,
        2,
        8,
        "title",
        "the control character U+0007 is not allowed here; remove it",
    ),
    Case(
        "empty-file",
        facts(""),
        YML,
        1,
        0,
        "",
        "the file is empty; a dossier needs at least `company` and `role`",
    ),
    Case(
        "only-comments",
        facts("# yaml-language-server: $schema=../../dossier.schema.json\n# to do\n"),
        YML,
        1,
        0,
        "",
        "the file is empty",
    ),
    Case(
        "not-a-mapping",
        facts("- company: Acme\n- role: Engineer\n"),
        YML,
        1,
        1,
        "",
        "expected a mapping of fields, found a list",
    ),
    Case(
        "invalid-yaml",
        facts("company: Acme\nrole: [Engineer\n"),
        YML,
        3,
        1,
        "",
        "invalid YAML: did not find expected ',' or ']'",
    ),
    Case(
        "tab-indentation",
        facts("company: Acme\n\trole: Engineer\n"),
        YML,
        2,
        1,
        "",
        "a tab character is used here, and YAML allows only spaces for indentation; "
        "delete the tab, so `role:` lines up with the line above",
    ),
    Case(
        "tab-indentation-nested",
        facts(GOOD + "budget:\n\tweeks: 3\n"),
        YML,
        4,
        1,
        "",
        "YAML allows only spaces for indentation; replace the tab with 2 spaces",
    ),
    Case(
        "wrong-indentation-closes-the-block",
        facts(
            GOOD + "compensation:\n  currency: EUR\ndesired:\n    base: 90000\n  minimum: 80000\n"
        ),
        YML,
        5,
        1,
        "",
        "wrong indentation: `desired:` starts at column 1, which ends `compensation:` (line 3), "
        "but line 7 below is indented as if still inside it; indent `desired:` by 2 spaces "
        "like `currency:` on line 4",
    ),
    Case(
        "wrong-indentation-matches-nothing",
        facts(GOOD + "compensation:\n  desired:\n      base: 90000\n    bonus: 5000\n"),
        YML,
        6,
        5,
        "",
        "wrong indentation: `bonus:` is indented by 4 spaces, which lines it up with nothing "
        "above it; indent it like `base:` (6 spaces) or like `desired:` (2 spaces)",
    ),
    Case(
        "unquoted-colon-in-text",
        facts(GOOD + "stage: Onsite: system design\n"),
        YML,
        3,
        14,
        "",
        "this text holds a colon followed by a space, which YAML reads as the start of a new "
        'field; put the whole text in quotes: stage: "Onsite: system design"',
    ),
    Case(
        "comma-splits-text-in-flow-mapping",
        facts(
            GOOD
            + "compensation:\n  market:\n"
            + "    - {source: Survey, low: 1, high: 2, note: Base is fine, below my target.}\n"
        ),
        YML,
        5,
        61,
        "compensation.market[0].below my target.",
        "`below my target.` is not a field: inside { } a comma separates fields, so the comma "
        'split the text of `note`; put that text in quotes: note: "Base is fine, below my target."',
    ),
    Case(
        "time-zone-did-you-mean",
        facts(GOOD + "interviews:\n  - when: 2026-12-03T10:00:00\n    timezone: New York\n"),
        YML,
        5,
        15,
        "interviews[0].timezone",
        "unknown time zone 'New York'; use an IANA name such as Europe/Berlin; "
        "did you mean `America/New_York`?",
    ),
    Case(
        "time-zone-wrong-case",
        facts(GOOD + "interviews:\n  - when: 2026-12-03T10:00:00\n    timezone: europe/berlin\n"),
        YML,
        5,
        15,
        "interviews[0].timezone",
        "did you mean `Europe/Berlin`?",
    ),
    Case(
        "thousands-as-k",
        facts(GOOD + "compensation:\n  desired:\n    base: 90k\n"),
        YML,
        5,
        11,
        "compensation.desired.base",
        "expected a number, found '90k'; write 90000",
    ),
    Case(
        "thousands-separator",
        facts(GOOD + "compensation:\n  minimum: 80,000\n"),
        YML,
        4,
        12,
        "compensation.minimum",
        "expected a number, found '80,000'; write 80000",
    ),
    Case(
        "salary-above-a-billion",
        facts(GOOD + "compensation:\n  minimum: 1000000001\n"),
        YML,
        4,
        12,
        "compensation.minimum",
        "expected a number of at most 1000000000, found 1000000001",
    ),
    Case(
        "salary-of-400-digits",
        facts(GOOD + "offers:\n  - date: 2026-11-24\n    base: " + "9" * 400 + "\n"),
        YML,
        5,
        11,
        "offers[0].base",
        "expected a number of at most 1000000000",
    ),
    Case(
        "float-salary-above-a-billion",
        facts(GOOD + "compensation:\n  desired: {base: 1.5e+10}\n"),
        YML,
        4,
        19,
        "compensation.desired.base",
        "expected a number of at most 1000000000, found 15000000000.0",
    ),
    Case(
        "hours-per-week-above-168",
        facts(GOOD + "hours_per_week: 400\n"),
        YML,
        3,
        17,
        "hours_per_week",
        "expected a number of at most 168, found 400",
    ),
    Case(
        "negative-salary",
        facts(GOOD + "compensation:\n  minimum: -1\n"),
        YML,
        4,
        12,
        "compensation.minimum",
        "expected a number of at least 0, found -1",
    ),
    Case(
        "vesting-years-zero",
        facts(GOOD + "offers:\n  - {date: 2026-11-24, base: 90000, vesting_years: 0}\n"),
        YML,
        4,
        52,
        "offers[0].vesting_years",
        "expected a number above 0, found 0",
    ),
    Case(
        "yaml12-exponent-without-dot",
        facts(GOOD + "hours_per_week: 1e3\n"),
        YML,
        3,
        17,
        "hours_per_week",
        "expected a number, found '1e3'; write 1000",
    ),
    Case(
        "yaml12-exponent-as-text",
        facts(GOOD + "level: 1e3\n"),
        YML,
        3,
        8,
        "level",
        "`1e3` is read as text here but as the number 1000 by editors (YAML 1.2); "
        'put it in quotes: "1e3", or write 1000 for a number',
    ),
    Case(
        "yaml12-octal",
        facts(GOOD + "level: 0o17\n"),
        YML,
        3,
        8,
        "level",
        "`0o17` is read as text here but as the number 15 by editors (YAML 1.2)",
    ),
    Case(
        "yaml11-leading-zero-octal",
        facts(GOOD + "hours_per_week: 010\n"),
        YML,
        3,
        17,
        "hours_per_week",
        "`010` is read as the number 8 here but as the number 10 by editors (YAML 1.2); "
        "write the number you mean without the leading zero (8 or 10)",
    ),
    Case(
        "yaml11-yes-in-a-true-false-field",
        facts(GOOD + "commitments:\n  - {what: Send references, due: 2026-11-24, done: yes}\n"),
        YML,
        4,
        52,
        "commitments[0].done",
        "`yes` is read as true here but as text by editors (YAML 1.2); write true",
    ),
    Case(
        "yaml11-off-in-a-true-false-field",
        facts(GOOD + "people:\n  - {name: Jo, private: off}\n"),
        YML,
        4,
        25,
        "people[0].private",
        "`off` is read as false here but as text by editors (YAML 1.2); write false",
    ),
    Case(
        "yaml11-underscore-number",
        facts(GOOD + "compensation:\n  minimum: 80_000\n"),
        YML,
        4,
        12,
        "compensation.minimum",
        "`80_000` is read as the number 80000 here but as text by editors (YAML 1.2); write 80000",
    ),
    Case(
        "yaml11-space-separated-timestamp",
        facts(GOOD + "interviews:\n  - when: 2026-12-03 10:00:00+01:00\n"),
        YML,
        4,
        11,
        "interviews[0].when",
        "`2026-12-03 10:00:00+01:00` is read as a date here but as text by editors (YAML 1.2); "
        "write it as 2026-12-03T10:00:00+01:00",
    ),
    Case(
        "yaml11-base-60-float",
        facts(GOOD + "hours_per_week: 1:30.5\n"),
        YML,
        3,
        17,
        "hours_per_week",
        "`1:30.5` is read as the number 90.5 here but as text by editors (YAML 1.2)",
    ),
    Case(
        "date-as-a-number",
        facts(GOOD + "commitments:\n  - {what: Send references, due: 0}\n"),
        YML,
        4,
        34,
        "commitments[0].due",
        "expected a date such as 2026-12-02, found 0",
    ),
    Case(
        "time-without-seconds",
        facts(GOOD + "interviews:\n  - when: '2026-12-03T10:00+01:00'\n"),
        YML,
        4,
        11,
        "interviews[0].when",
        "expected a date and time such as 2026-12-02T10:00:00+01:00, or 2026-12-02T10:00:00 "
        "with a `timezone:` field, found '2026-12-03T10:00+01:00'",
    ),
    Case(
        "time-in-the-spring-gap",
        facts(GOOD + "interviews:\n  - when: 2026-03-29T02:30:00\n    timezone: Europe/Berlin\n"),
        YML,
        4,
        11,
        "interviews[0].when",
        "2026-03-29T02:30:00 does not exist in Europe/Berlin: that night the clocks jump from "
        "02:00 to 03:00; pick a time outside that gap, or write the time you mean with its "
        "offset, such as 2026-03-29T03:30:00+02:00",
    ),
    Case(
        "time-in-the-autumn-repeat",
        facts(
            GOOD + "interviews:\n  - when: 2026-11-01T01:30:00\n    timezone: America/New_York\n"
        ),
        YML,
        4,
        11,
        "interviews[0].when",
        "2026-11-01T01:30:00 happens twice in America/New_York: that night the clocks go back "
        "from 02:00 to 01:00; add the offset to say which: 2026-11-01T01:30:00-04:00 (the first) "
        "or 2026-11-01T01:30:00-05:00 (the second)",
    ),
    Case(
        "merge-key",
        facts(GOOD + "<<: {level: Senior}\n"),
        YML,
        3,
        1,
        "<<",
        "merge keys (<<) are not supported",
    ),
    Case(
        "two-documents",
        facts(GOOD + "---\ncompany: Other\n"),
        YML,
        3,
        1,
        "",
        "expected a single document",
    ),
    Case(
        "folder-without-dossier-yml",
        {"dossiers/acme/notes.md": "# Notes\n"},
        "dossiers/acme",
        0,
        0,
        "",
        "this folder has no dossier.yml; add one with `company` and `role`",
    ),
    Case(
        "two-folders-one-slug",
        {"dossiers/Acme Corp/dossier.yml": GOOD, "dossiers/acme-corp/dossier.yml": GOOD},
        "dossiers/acme-corp",
        0,
        0,
        "",
        "the slug `acme-corp` is already used by dossiers/Acme Corp; rename one folder",
    ),
    Case(
        "note-unclosed-front-matter",
        note("---\ntitle: First call\n\nIt went well.\n"),
        NOTE,
        1,
        1,
        "",
        "front matter starts with `---` but has no closing `---` line",
    ),
    Case(
        "note-invalid-yaml-front-matter",
        note("---\ntitle: First call\n  section: people\n---\nIt went well.\n"),
        NOTE,
        3,
        3,
        "",
        "`section:` is indented more than `title:` above it, so YAML reads it as more text of "
        "that field; line it up with `title:` (no indentation); more errors may follow",
    ),
    Case(
        "note-unknown-front-matter-key",
        note("---\ntitle: First call\nsectoin: people\n---\nIt went well.\n"),
        NOTE,
        3,
        1,
        "sectoin",
        "unknown field `sectoin`; did you mean `section`?",
    ),
    Case(
        "note-private-maybe",
        note('---\ntitle: First call\nprivate: "maybe"\n---\nIt went well.\n'),
        NOTE,
        3,
        10,
        "private",
        "expected true or false, found 'maybe'",
    ),
    Case(
        "note-unknown-section",
        note("---\nsection: peple\n---\nIt went well.\n"),
        NOTE,
        2,
        10,
        "section",
        "found 'peple'; did you mean `people`?",
    ),
    Case(
        "note-impossible-date",
        note("---\ndate: 2026-02-30\n---\nIt went well.\n"),
        NOTE,
        2,
        7,
        "date",
        "expected a real date such as 2026-12-02, found `2026-02-30`",
    ),
    Case(
        "note-front-matter-not-a-mapping",
        note("---\n- a\n- b\n---\nIt went well.\n"),
        NOTE,
        2,
        1,
        "",
        "front matter must be a mapping of fields, found a list",
    ),
    Case(
        "note-duplicate-key",
        note("---\ntitle: One\ntitle: Two\n---\n"),
        NOTE,
        3,
        1,
        "title",
        "duplicate key `title` (first at line 2)",
    ),
    Case(
        "note-not-utf8",
        note("---\ntitle: Café\n---\n".encode("latin-1")),
        NOTE,
        2,
        11,
        "",
        "the file is not UTF-8 (byte 0xe9)",
    ),
    Case(
        "note-crlf-front-matter",
        note(b"---\r\ntitle: First call\r\nprivate: maybe\r\n---\r\nIt went well.\r\n"),
        NOTE,
        3,
        10,
        "private",
        "expected true or false, found 'maybe'",
    ),
]

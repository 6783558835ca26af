"""Problems found in a user's files, each pinned to a file, a line and a field."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Literal

#: What must not reach a terminal raw: C0 controls but tab and line feed, DEL, C1
#: controls (U+009B starts an escape sequence, U+0085 breaks a line), the marks and
#: overrides that reorder text (U+202E), and the Unicode line separators.
_UNSEEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def visible(text: str) -> str:
    """`text` for a terminal: controls and direction marks as escapes such as \\x9b."""
    return _UNSEEN.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in a user's file.

    `path` is relative to the repository root; `line` and `column` count from 1
    and are 0 when unknown.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = visible(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        field = f" {visible(self.field)}:" if self.field else ""
        return f"{where}: {self.severity}:{field} {visible(self.message)}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command, so problems show up on the diff."""
        kind = "error" if self.severity == "error" else "warning"
        parts = [f"file={_gh_property(self.path)}"]
        if self.line:
            parts.append(f"line={self.line}")
        if self.column:
            parts.append(f"col={self.column}")
        title = _gh_property(self.field or "dossier")
        return f"::{kind} {','.join(parts)},title={title}::{_gh_data(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _gh_data(text: str) -> str:
    # Workflow commands end at a line break and treat % as an escape.
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class DossierError(Exception):
    """Raised when user files cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the dossiers:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def problems_as_json(problems: list[Problem]) -> str:
    """The problems as JSON; what a terminal would obey is written as a \\u escape."""
    text = json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)
    return _UNSEEN.sub(lambda m: f"\\u{ord(m[0]):04x}", text)

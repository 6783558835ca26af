"""Problems found in a user's files, each pinned to a file, a line and a field."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal


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
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.severity}:{field} {self.message}"

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
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)

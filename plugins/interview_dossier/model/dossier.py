"""A whole dossier: its facts, its notes and their front matter, and the JSON Schema."""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
)

from .fields import (
    Date,
    Line,
)
from .records import DEFAULT_PRIVATE, DossierFacts, Record, Section


class NoteMeta(Record):
    """Front matter of a Markdown note. All of it is optional."""

    title: Line | None = None
    section: Section = Section.notes
    private: StrictBool = False
    date: Date | None = None
    author: Line | None = Field(
        default=None, description="Who wrote it; set for a mentor's comment"
    )
    mentor: StrictBool = Field(default=False, description="A comment from a mentor")
    done: StrictBool = Field(default=False, description="A mentor comment you have dealt with")
    draft: StrictBool = Field(
        default=False, description="Not written yet: left out of the site and of every share"
    )


class Note(BaseModel):
    """A Markdown note of a dossier, with its front matter."""

    model_config = ConfigDict(frozen=True)

    path: str
    name: str
    meta: NoteMeta
    body: str

    @property
    def title(self) -> str:
        return self.meta.title or self.name.replace("-", " ").replace("_", " ").capitalize()


class Dossier(BaseModel):
    """One opportunity: its facts, its notes, and where they came from."""

    model_config = ConfigDict(frozen=True)

    slug: str
    path: str
    facts: DossierFacts
    notes: tuple[Note, ...] = ()
    #: Section names removed by a share build, for the "left out" summary.
    withheld: tuple[str, ...] = ()
    #: The field paths a share build removed values from (`compensation.minimum`,
    #: `red_lines.min_base`), so the analysis can tell "not in this copy" from "not set".
    #: Sorted: the share's bytes must not depend on the order a set happens to have.
    withheld_fields: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.facts.company} — {self.facts.role}"

    def private_paths(self) -> set[str]:
        """Field paths a share build leaves out: private wins over public."""
        return (set(DEFAULT_PRIVATE) - set(self.facts.public)) | set(self.facts.private)


def field_names(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `dossier.yml`, for editors."""
    schema = DossierFacts.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dossier"
    schema["description"] = "One opportunity of an interview-prep dossier (dossier.yml)."
    return schema

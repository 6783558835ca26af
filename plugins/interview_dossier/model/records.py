"""The records of `dossier.yml` and its notes, from an interview to the whole dossier."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .fields import (
    WALL_CLOCK,
    WITH_OFFSET,
    Amount,
    Count,
    Date,
    Days,
    Hours,
    Line,
    LineText,
    Payments,
    Score,
    Text,
    WeekHours,
    _in_years,
    _Refused,
    number,
    suggest_zone,
    wall_clock_problem,
    whole,
)

DEFAULT_PRIVATE = ("compensation.minimum", "red_lines.min_base", "people.notes")


class Section(str, Enum):
    """The parts of a dossier a note can attach to."""

    overview = "overview"
    homework = "homework"
    people = "people"
    compensation = "compensation"
    budget = "budget"
    objections = "objections"
    batna = "batna"
    pressure = "pressure"
    timeline = "timeline"
    scripts = "scripts"
    notes = "notes"


class Status(str, Enum):
    """Where an opportunity stands. The first four are live processes."""

    researching = "researching"
    applied = "applied"
    interviewing = "interviewing"
    offer = "offer"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"
    rejected = "rejected"

    @property
    def live(self) -> bool:
        return self in LIVE_STATUSES


LIVE_STATUSES = frozenset({Status.researching, Status.applied, Status.interviewing, Status.offer})


class WorkFormat(str, Enum):
    remote = "remote"
    hybrid = "hybrid"
    office = "office"


class Period(str, Enum):
    year = "year"
    month = "month"
    hour = "hour"


class Basis(str, Enum):
    gross = "gross"
    net = "net"


class Record(BaseModel):
    """Base for every mapping in the format: unknown keys are errors, not lost data."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class PrivateRecord(Record):
    """A list entry that can be marked `private: true` as a whole."""

    private: StrictBool = False


class Link(Record):
    title: LineText
    url: LineText


class Interview(PrivateRecord):
    model_config = ConfigDict(
        # A wall-clock time needs its zone: the checker's rule, written for editors.
        json_schema_extra={
            "if": {"properties": {"when": {"pattern": WALL_CLOCK}}, "required": ["when"]},
            "then": {"required": ["timezone"], "properties": {"timezone": {"type": "string"}}},
        }
    )

    when: Annotated[
        AwareDatetime,
        WithJsonSchema(
            {
                "type": "string",
                "anyOf": [
                    {"pattern": WITH_OFFSET, "format": "date-time"},
                    {"pattern": WALL_CLOCK},
                ],
            }
        ),
    ] = Field(
        description="Date and time with an offset, e.g. 2026-12-02T10:00:00+01:00, "
        "or a wall-clock time without offset, e.g. 2026-12-02T10:00:00, plus `timezone:`",
    )
    timezone: str | None = Field(
        default=None, description="IANA time zone name, e.g. Europe/Berlin, used by calendars"
    )
    duration_minutes: whole(0, 24 * 60, above=True) = 60
    stage: Line | None = None
    format: Literal["video", "phone", "onsite"] | None = None
    place: Line | None = Field(default=None, description="Address or meeting link")
    people: list[LineText] = []
    notes: str | None = Field(default=None, description="What happened and what you learned")

    @model_validator(mode="before")
    @classmethod
    def _attach_zone(cls, data: Any) -> Any:
        # A wall-clock time plus an IANA zone name is how people think of a meeting.
        if isinstance(data, dict):
            when, zone = data.get("when"), data.get("timezone")
            if isinstance(when, str):
                if not re.fullmatch(WALL_CLOCK, when):
                    return data
                when = dt.datetime.fromisoformat(when)
            if isinstance(when, dt.datetime) and when.tzinfo is None and isinstance(zone, str):
                try:
                    problem = wall_clock_problem(when, zone)
                except (ZoneInfoNotFoundError, ValueError):
                    # The `timezone` field reports the unknown name; `when` is fine.
                    return {**data, "when": when.replace(tzinfo=dt.timezone.utc)}
                if problem:
                    return {**data, "when": _Refused(problem)}
                return {**data, "when": when.replace(tzinfo=ZoneInfo(zone))}
        return data

    @field_validator("when", mode="before")
    @classmethod
    def _one_instant(cls, value: Any) -> Any:
        if isinstance(value, _Refused):
            raise ValueError(value.message)
        if isinstance(value, str) and not (
            re.fullmatch(WITH_OFFSET, value) or re.fullmatch(WALL_CLOCK, value)
        ):
            raise ValueError(
                "expected a date and time such as 2026-12-02T10:00:00+01:00, or "
                f"2026-12-02T10:00:00 with a `timezone:` field, found {value!r}"
            )
        return value

    @field_validator("when")
    @classmethod
    def _when_in_years(cls, value: dt.datetime) -> dt.datetime:
        _in_years(value.date())
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            close = suggest_zone(value)
            hint = f"; did you mean `{close}`?" if close else ""
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as Europe/Berlin{hint}"
            ) from None
        return value


class Person(PrivateRecord):
    name: LineText
    role: Line | None = Field(
        default=None, description="hiring manager, HR, founder, engineer, recruiter, ..."
    )
    background: str | None = None
    links: list[Link] = []
    interests: list[Text] = []
    notes: str | None = Field(
        default=None, description="Your notes on this person; private by default"
    )


class CompanyHomework(Record):
    business: str | None = None
    markets: str | None = None
    clients: str | None = None
    products: str | None = None
    tech: str | None = None
    news: str | None = Field(default=None, description="What happened over the last year")
    growth: str | None = Field(default=None, description="Revenue or headcount growth")
    funding: str | None = None
    pivots: str | None = None


class RoleHomework(Record):
    hidden_tasks: list[Text] = Field(default=[], description="Tasks hidden between the lines")
    priorities: list[Text] = Field(default=[], description="The real priorities")
    pain: str | None = Field(default=None, description="The pain this hire should solve")


class Gap(Record):
    gap: Text
    cover: str | None = Field(default=None, description="How you cover this gap")


class SkillsHomework(Record):
    fits: list[Text] = []
    gaps: list[Gap] = []


class Homework(Record):
    company: CompanyHomework = CompanyHomework()
    role: RoleHomework = RoleHomework()
    skills: SkillsHomework = SkillsHomework()


class Pay(Record):
    base: Amount | None = None
    bonus: Amount | None = Field(default=None, description="Target bonus per period")
    equity: Amount | None = Field(default=None, description="Equity value per period")

    @property
    def total(self) -> float:
        return float(sum(v for v in (self.base, self.bonus, self.equity) if v is not None))


class Range(Record):
    low: Amount
    high: Amount
    period: Period | None = Field(
        default=None, description="What the figures are paid per; default: the compensation's"
    )
    payments_per_year: Payments | None = Field(
        default=None,
        description="Salary instalments a year for monthly figures; default: the compensation's",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


class MarketPoint(PrivateRecord):
    source: LineText
    low: Amount
    high: Amount
    period: Period | None = Field(
        default=None, description="What the figures are paid per; default: the compensation's"
    )
    payments_per_year: Payments | None = Field(
        default=None,
        description="Salary instalments a year for monthly figures; default: the compensation's",
    )
    date: Date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> MarketPoint:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


class Compensation(Record):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    period: Period = Period.year
    payments_per_year: Payments = Field(
        default=12,
        description="Salary instalments a year when the period is month: 12, 13 or 14",
    )
    basis: Basis = Basis.gross
    desired: Pay = Pay()
    minimum: Amount | None = Field(
        default=None,
        description="Your floor: the lowest base salary you accept; private unless listed in `public`",
    )
    minimum_applies_to: Literal["base", "total"] = Field(
        default="base",
        description="What the floor is compared with: the base salary (default) or the "
        "annualised total of an offer",
    )
    market: list[MarketPoint] = []
    company_range: Range | None = None


class Win(Record):
    role: Line | None = None
    level: Line | None = None
    responsibilities: list[Text] = []
    work_format: WorkFormat | None = None
    other: list[Text] = []


class RedLine(PrivateRecord):
    rule: Text = Field(description="The condition you will not accept, in your words")
    because: str | None = Field(default=None, description="The past experience behind it")
    realism: Literal["common", "possible", "rare"] | None = Field(
        default=None, description="How often the market meets it"
    )
    # Optional machine-checkable limits; the analysis checks offers against them.
    min_work_format: WorkFormat | None = Field(
        default=None, description="Least flexible format you accept: remote, hybrid or office"
    )
    max_office_days: Days | None = None
    max_hours_per_week: WeekHours | None = None
    min_level: Line | None = None
    min_base: Amount | None = Field(
        default=None, description="Lowest base you accept; private unless listed in `public`"
    )


class Budget(Record):
    weeks: Count | None = Field(default=None, description="Longest process you accept, in weeks")
    stages: Count | None = None
    unpaid_hours: Hours | None = Field(
        default=None, description="Unpaid test work you accept, in hours"
    )
    stress: Score | None = Field(default=None, description="Highest stress you accept, 1 to 5")
    effort_hours: Hours | None = Field(
        default=None, description="Hours you will spend on this process in all, from the stage log"
    )
    pause_days: Count | None = Field(
        default=None, description="Longest wait between two stages you accept, in days"
    )


class Step(PrivateRecord):
    date: Date
    what: Text
    stage: StrictBool = Field(default=True, description="Counts as a stage of the process")
    hours: Hours = 0
    unpaid_hours: Hours = 0
    stress: Score | None = None


class Objection(PrivateRecord):
    objection: Text
    answer: Text


class Alternative(PrivateRecord):
    what: Text
    kind: Literal["offer", "process", "contract", "side-income", "network", "other"] = "other"
    strength: Literal["strong", "medium", "weak"] = "medium"
    strengthen: str | None = Field(default=None, description="What you will do to make it stronger")


class PressureEvent(PrivateRecord):
    date: Date
    said: Text
    signs: list[
        Literal["rushed", "threat", "guilt", "vague-authority", "emotion", "belittling", "other"]
    ] = []
    response: str | None = None


class Commitment(PrivateRecord):
    what: Text
    due: Date
    done: StrictBool = False
    to: Line | None = Field(default=None, description="Who you promised it to")


class Feedback(PrivateRecord):
    date: Date
    asked: str | None = None
    received: str | None = None
    changed: str | None = Field(default=None, description="What you changed after it")


class Offer(PrivateRecord):
    label: Line | None = None
    date: Date
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    period: Period | None = None
    payments_per_year: Payments | None = Field(
        default=None,
        description="Salary instalments a year for a monthly base; default: the compensation's",
    )
    withdrawn: StrictBool = Field(
        default=False, description="The company took this offer back; it is history, not current"
    )
    base: Amount
    bonus: Amount | None = Field(default=None, description="Target bonus per period")
    sign_on: Amount | None = Field(default=None, description="One-off signing bonus")
    equity_total: Amount | None = Field(
        default=None, description="Total equity value over the vesting period"
    )
    vesting_years: number(0, 50, above=True) = 4
    work_format: WorkFormat | None = None
    office_days: Days | None = None
    hours_per_week: WeekHours | None = None
    level: Line | None = None
    deadline: Date | None = Field(default=None, description="By when they want your answer")
    reply_by: Date | None = Field(
        default=None,
        description="The date you ask to answer by; the messages propose it instead of their deadline",
    )


class FitNote(Record):
    score: Score | None = None
    note: str | None = None


class Fit(Record):
    tasks: FitNote = FitNote()
    money: FitNote = FitNote()
    boundaries: FitNote = FitNote()
    values: FitNote = FitNote()


class Outcome(Record):
    decision: Literal["accepted", "declined", "withdrawn", "rejected"]
    date: Date | None = None
    reason: str | None = None
    decline_style: Literal["honest", "mismatch", "red-flags"] | None = None


def _field_path_error(path: str) -> str | None:
    """Why `path` does not name a field of dossier.yml, or None if it does."""
    parts = path.split(".")
    if parts[0] in {"company", "role"}:
        return f"`{parts[0]}` names the dossier and is always shared; leave the dossier out of the share instead"
    if parts[0] in {"private", "public"}:
        return f"`{parts[0]}` is not a field to hide"
    model: Any = DossierFacts
    for i, part in enumerate(parts):
        fields = getattr(model, "model_fields", None)
        if fields is None or part not in fields:
            known = ", ".join(fields) if fields else "none: it holds plain values"
            where = ".".join(parts[:i]) or "the top level"
            return f"`{path}` is not a field path: `{part}` is not a field of {where} (fields: {known})"
        model = record_type(fields[part].annotation)
    return None


def record_type(annotation: Any) -> Any:
    """The model class inside an annotation (`list[Person] | None` -> Person), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = record_type(arg)
        if found is not None:
            return found
    return None


def _check_field_path(path: str) -> str:
    why = _field_path_error(path)
    if why:
        raise ValueError(why)
    return path


# A mistyped path would otherwise share what the user meant to hide.
FieldPath = Annotated[str, AfterValidator(_check_field_path)]


class DossierFacts(Record):
    """The content of one `dossier.yml`."""

    company: LineText
    role: LineText
    level: Line | None = None
    status: Status = Status.researching
    stage: Line | None = Field(default=None, description="Current stage in your words")
    location: Line | None = None
    work_format: WorkFormat | None = None
    hours_per_week: WeekHours | None = None
    office_days: Days | None = None
    links: list[Link] = []
    private: list[FieldPath] = Field(
        default=[], description="Dotted field paths to keep out of share builds"
    )
    public: list[FieldPath] = Field(
        default=[], description="Default-private fields you choose to share"
    )
    interviews: list[Interview] = []
    people: list[Person] = []
    homework: Homework = Homework()
    compensation: Compensation = Compensation()
    win: Win = Win()
    red_lines: list[RedLine] = []
    budget: Budget = Budget()
    stage_log: list[Step] = []
    objections: list[Objection] = []
    batna: list[Alternative] = []
    pressure: list[PressureEvent] = []
    commitments: list[Commitment] = []
    feedback: list[Feedback] = []
    offers: list[Offer] = []
    fit: Fit = Fit()
    outcome: Outcome | None = None

    def public_yet_private(self) -> list[tuple[int, str, str]]:
        """Entries of `public:` that a `private:` path also covers, as (index, path, private path).

        Private wins, so such an entry would quietly do nothing; the loader reports it.
        """
        clashes = []
        for i, path in enumerate(self.public):
            for hidden in self.private:
                if path == hidden or path.startswith(hidden + "."):
                    clashes.append((i, path, hidden))
                    break
        return clashes

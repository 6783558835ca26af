"""The dossier model: what one `dossier.yml` and its notes may hold.

Every field but `company` and `role` is optional, so a dossier can start almost
empty and grow. The model has no I/O and imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    WithJsonSchema,
    field_validator,
    model_validator,
)

#: How dates, times and UTC offsets are written (YAML 1.2 timestamps, ISO 8601).
DATE_TEXT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
TIME_TEXT = r"[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
OFFSET_TEXT = r"(Z|[+-][0-9]{2}:[0-9]{2})"


# Numbers are strict: YAML turns `no` into false and pydantic would happily read
# false as 0 hours. An amount may be written as an int or a float, never as text.
Finite = Annotated[StrictFloat, Field(allow_inf_nan=False)]  # `.inf` is valid YAML, not a sum

#: Above this an amount is a typo (an extra zero or two), not a salary.
MAX_AMOUNT = 10**9
MAX_WEEK_HOURS = 7 * 24
MAX_HOURS = 1000  # effort spent on one step, or a budget of unpaid hours
MAX_COUNT = 1000  # weeks or stages of one hiring process


def number(low: float, high: float, *, above: bool = False) -> Any:
    """A number (whole or decimal) from `low` (or above it) to `high`.

    The JSON Schema is written from the same bounds the checker uses, so an
    editor and `dossier check` agree on every value.
    """
    bound = {"gt": low} if above else {"ge": low}
    schema = {"type": "number", ("exclusiveMinimum" if above else "minimum"): low, "maximum": high}
    return Annotated[StrictInt | Finite, Field(**bound, le=high), WithJsonSchema(schema)]


def whole(low: int, high: int, *, above: bool = False) -> Any:
    """A whole number from `low` (or above it) to `high`."""
    bound = {"gt": low} if above else {"ge": low}
    return Annotated[StrictInt, Field(**bound, le=high)]


Amount = number(0, MAX_AMOUNT)
WeekHours = number(0, MAX_WEEK_HOURS)
Hours = number(0, MAX_HOURS)
Count = whole(0, MAX_COUNT)
Score = whole(1, 5)
Days = whole(0, 7)
# Salary paid in 12 monthly instalments, or 13 or 14 where a holiday and a Christmas
# payment are the custom (Portugal, Spain, Greece, Austria, ...).
Payments = whole(12, 16)

_BREAKS = re.compile(r"[ \t]*[\r\n]+\s*")


def one_line(value: Any) -> Any:
    """Text as shown on one line: each line break, with the spaces around it, becomes a space."""
    # A folded `role: >` ends in a line break, and a line break has no place in a
    # title, a calendar name or a navigation entry: fold it into a space.
    if isinstance(value, str):
        return _BREAKS.sub(" ", value).strip()
    return value


#: Text that is shown on one line (names, titles, labels): line breaks become spaces.
Line = Annotated[str, BeforeValidator(one_line)]
Text = Annotated[str, Field(min_length=1)]
# Folded, blank text is empty: `pattern` tells editors so.
LineText = Annotated[
    str, Field(min_length=1, json_schema_extra={"pattern": r"\S"}), BeforeValidator(one_line)
]


def _date_only(value: Any) -> Any:
    # pydantic would read 0 as 1970-01-01 and accept other spellings an editor's
    # JSON Schema (format: date) refuses.
    if isinstance(value, (bool, int, float)) or (
        isinstance(value, str) and not re.fullmatch(DATE_TEXT, value)
    ):
        found = repr(value) if isinstance(value, str) else str(value)
        raise ValueError(f"expected a date such as 2026-12-02, found {found}")
    return value


#: The years a dossier's dates may fall in. Far beyond them, the calendars and
#: pictures would step past the first or last date Python can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _in_years(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"the year {value.year} is out of range; dates run from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_date_only),
    AfterValidator(_in_years),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{DATE_TEXT}$"}),
]

#: The two ways to write an interview's time, as in the JSON Schema.
WITH_OFFSET = rf"^{DATE_TEXT}T{TIME_TEXT}{OFFSET_TEXT}$"
WALL_CLOCK = rf"^{DATE_TEXT}T{TIME_TEXT}$"


@lru_cache(maxsize=1)
def _zone_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name in sorted(available_timezones()):
        index.setdefault(name.lower(), name)
        index.setdefault(name.rsplit("/", 1)[-1].lower(), name)
    return index


def suggest_zone(value: str) -> str | None:
    """The IANA name meant by `New York` or `europe/berlin`, if any is close enough."""
    key = value.strip().lower().replace(" ", "_")
    index = _zone_index()
    if key in index:
        return index[key]
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.8)
    return index[close[0]] if close else None


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def wall_clock_problem(naive: dt.datetime, name: str) -> str | None:
    """Why a wall-clock time is not one instant in zone `name`: a gap or a repeat."""
    zone = ZoneInfo(name)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    # The clock change happens between the two instants the time could mean.
    a = first.astimezone(dt.timezone.utc)
    b = second.astimezone(dt.timezone.utc)
    low, high = min(a, b), max(a, b)
    after = high.astimezone(zone).utcoffset()
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    change = high.replace(microsecond=0)
    before = low.astimezone(zone).utcoffset()
    assert before is not None and after is not None
    was = (change + before).replace(tzinfo=None)
    now = (change + after).replace(tzinfo=None)
    shown = naive.isoformat()
    if after > before:
        meant = first.astimezone(dt.timezone.utc).astimezone(zone).isoformat()
        return (
            f"{shown} does not exist in {name}: that night the clocks jump from "
            f"{_local(was)} to {_local(now)}; pick a time outside that gap, or write "
            f"the time you mean with its offset, such as {meant}"
        )
    return (
        f"{shown} happens twice in {name}: that night the clocks go back from "
        f"{_local(was)} to {_local(now)}; add the offset to say which: "
        f"{first.isoformat()} (the first) or {second.isoformat()} (the second)"
    )


class _Refused:
    """Stands in for `when` when the model-level check found it wrong, to report it there."""

    def __init__(self, message: str) -> None:
        self.message = message


#: Fields that are private unless the dossier lists them under `public:`. A red
#: line's `min_base` is usually the floor itself, so it is as private as the floor.
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
    withheld_fields: frozenset[str] = frozenset()

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


# The dossiers folder's own settings files (read by load/settings.py).

RATES_FILE = "_rates.yml"
ME_FILE = "_me.yml"


def _currency(value: str) -> str:
    if len(value) != 3 or not value.isascii() or not value.isupper() or not value.isalpha():
        raise ValueError(f"expected a three-letter currency code such as USD, found {value!r}")
    return value


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"expected a rate above 0, found {value}")
    return value


Currency = Annotated[str, AfterValidator(_currency)]
Rate = Annotated[StrictInt | StrictFloat, AfterValidator(_positive)]


class Rates(Record):
    """The content of `_rates.yml`: how much one unit of each currency is worth in `base`."""

    base: Currency = Field(description="The currency offers are compared in, e.g. EUR")
    rates: dict[Currency, Rate] = Field(
        default={}, description="Value of 1 unit of each currency in `base`, e.g. USD: 0.92"
    )
    date: dt.date | None = Field(default=None, description="When you looked the rates up")
    source: str | None = Field(default=None, description="Where the rates come from")

    @model_validator(mode="after")
    def _base_is_one(self) -> Rates:
        if self.base in self.rates and self.rates[self.base] != 1:
            raise ValueError(
                f"the rate of the base currency {self.base} must be 1, found {self.rates[self.base]}"
            )
        return self

    def rate(self, currency: str) -> float | None:
        if currency == self.base:
            return 1.0
        found = self.rates.get(currency)
        return float(found) if found is not None else None


class Me(Record):
    """The content of `_me.yml`: who you are, for what the site writes in your name."""

    name: Annotated[str, Field(min_length=1, pattern=r"\S")] = Field(
        description="Your name as you sign a message, e.g. Alex Moreau"
    )

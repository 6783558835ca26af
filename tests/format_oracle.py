"""The format of `dossier.yml` as docs/format.md states it, written down for the oracles.

The privacy oracle (tests/test_privacy_oracle.py) and the non-interference test
(tests/test_non_interference.py) read which fields exist and which are private by
default from here, never from the code under test.
"""

from __future__ import annotations

from typing import Any

# ---------------------------------------------------------------- the format, from docs/format.md

# A field is (kind, required). A kind is a value kind (a string), a tuple of the
# allowed words, or ("list" | "entries" | "map", record). "entries" marks the lists
# whose entries can carry `private: true` ("1. A whole list entry").
LINK = {"title": ("text", True), "url": ("text", True)}
INTERVIEW = {
    "when": ("when", True),
    "timezone": ("zone", False),
    "duration_minutes": ("minutes", False),
    "stage": ("text", False),
    "format": (("video", "phone", "onsite"), False),
    "place": ("text", False),
    "people": ("names", False),
    "notes": ("text", False),
}
PERSON = {
    "name": ("name", True),
    "role": ("text", False),
    "background": ("text", False),
    "links": (("list", LINK), False),
    "interests": ("texts", False),
    "notes": ("text", False),
}
HOMEWORK = {
    "company": (
        (
            "map",
            {
                k: ("text", False)
                for k in (
                    "business",
                    "markets",
                    "clients",
                    "products",
                    "tech",
                    "news",
                    "growth",
                    "funding",
                    "pivots",
                )
            },
        ),
        False,
    ),
    "role": (
        (
            "map",
            {
                "hidden_tasks": ("texts", False),
                "priorities": ("texts", False),
                "pain": ("text", False),
            },
        ),
        False,
    ),
    "skills": (
        (
            "map",
            {
                "fits": ("texts", False),
                "gaps": (("list", {"gap": ("text", True), "cover": ("text", False)}), False),
            },
        ),
        False,
    ),
}
PAY = {"base": ("amount", False), "bonus": ("amount", False), "equity": ("amount", False)}
RANGE = {
    "low": ("amount", True),
    "high": ("amount", True),
    "period": (("year", "month", "hour"), False),
    "payments_per_year": ("payments", False),
}
MARKET_POINT = {
    "source": ("text", True),
    "low": ("amount", True),
    "high": ("amount", True),
    "period": (("year", "month", "hour"), False),
    "payments_per_year": ("payments", False),
    "date": ("date", False),
    "note": ("text", False),
}
COMPENSATION = {
    "currency": ("currency", False),
    "period": (("year", "month", "hour"), False),
    "basis": (("gross", "net"), False),
    "desired": (("map", PAY), False),
    "minimum": ("amount", False),
    "minimum_applies_to": (("base", "total"), False),
    "market": (("entries", MARKET_POINT), False),
    "company_range": (("map", RANGE), False),
    "payments_per_year": ("payments", False),
}
FORMATS = ("remote", "hybrid", "office")
WIN = {
    "role": ("text", False),
    "level": ("text", False),
    "responsibilities": ("texts", False),
    "work_format": (FORMATS, False),
    "other": ("texts", False),
}
RED_LINE = {
    "rule": ("text", True),
    "because": ("text", False),
    "realism": (("common", "possible", "rare"), False),
    "min_work_format": (FORMATS, False),
    "max_office_days": ("days", False),
    "max_hours_per_week": ("hours", False),
    "min_level": ("text", False),
    "min_base": ("amount", False),
}
BUDGET = {
    "weeks": ("count", False),
    "stages": ("count", False),
    "unpaid_hours": ("hours", False),
    "stress": ("score", False),
    "effort_hours": ("hours", False),
    "pause_days": ("count", False),
}
STEP = {
    "date": ("date", True),
    "what": ("text", True),
    "stage": ("bool", False),
    "hours": ("hours", False),
    "unpaid_hours": ("hours", False),
    "stress": ("score", False),
}
OBJECTION = {"objection": ("text", True), "answer": ("text", True)}
ALTERNATIVE = {
    "what": ("text", True),
    "kind": (("offer", "process", "contract", "side-income", "network", "other"), False),
    "strength": (("strong", "medium", "weak"), False),
    "strengthen": ("text", False),
}
PRESSURE = {
    "date": ("date", True),
    "said": ("text", True),
    "signs": ("signs", False),
    "response": ("text", False),
}
COMMITMENT = {
    "what": ("text", True),
    "due": ("date", True),
    "done": ("bool", False),
    "to": ("name", False),
}
FEEDBACK = {
    "date": ("date", True),
    "asked": ("text", False),
    "received": ("text", False),
    "changed": ("text", False),
}
OFFER = {
    "label": ("text", False),
    "date": ("date", True),
    "currency": ("currency", False),
    "period": (("year", "month", "hour"), False),
    "base": ("amount", True),
    "bonus": ("amount", False),
    "sign_on": ("amount", False),
    "equity_total": ("amount", False),
    "vesting_years": ("years", False),
    "work_format": (FORMATS, False),
    "office_days": ("days", False),
    "hours_per_week": ("hours", False),
    "level": ("text", False),
    "deadline": ("date", False),
    "reply_by": ("date", False),
    "payments_per_year": ("payments", False),
    "withdrawn": ("bool", False),
}
FIT_NOTE = {"score": ("score", False), "note": ("text", False)}
FIT_KEYS = ("tasks", "money", "boundaries", "values")
OUTCOME = {
    "decision": (("accepted", "declined", "withdrawn", "rejected"), True),
    "date": ("date", False),
    "reason": ("text", False),
    "decline_style": (("honest", "mismatch", "red-flags"), False),
}
FACTS = {
    # `people` first: interviews and commitments name them.
    "people": (("entries", PERSON), False),
    "company": ("text", True),
    "role": ("text", True),
    "level": ("text", False),
    "status": (
        (
            "researching",
            "applied",
            "interviewing",
            "offer",
            "accepted",
            "declined",
            "withdrawn",
            "rejected",
        ),
        False,
    ),
    "stage": ("text", False),
    "location": ("text", False),
    "work_format": (FORMATS, False),
    "hours_per_week": ("hours", False),
    "office_days": ("days", False),
    "links": (("list", LINK), False),
    "interviews": (("entries", INTERVIEW), False),
    "homework": (("map", HOMEWORK), False),
    "compensation": (("map", COMPENSATION), False),
    "win": (("map", WIN), False),
    "red_lines": (("entries", RED_LINE), False),
    "budget": (("map", BUDGET), False),
    "stage_log": (("entries", STEP), False),
    "objections": (("entries", OBJECTION), False),
    "batna": (("entries", ALTERNATIVE), False),
    "pressure": (("entries", PRESSURE), False),
    "commitments": (("entries", COMMITMENT), False),
    "feedback": (("entries", FEEDBACK), False),
    "offers": (("entries", OFFER), False),
    "fit": (("map", {k: (("map", FIT_NOTE), False) for k in FIT_KEYS}), False),
    "outcome": (("map", OUTCOME), False),
}
NOTE = {"title": "text", "author": "name", "body": "text"}

#: "3. Private by default", less what `public:` lists.
DEFAULT_PRIVATE = {"compensation.minimum", "red_lines.min_base", "people.notes"}
#: Fields that name people ("A person who is not shared is also taken off ...").
NAME_FIELDS = {"interviews.people", "commitments.to"}


def field_paths(spec: dict[str, Any], prefix: str = "") -> list[str]:
    """Every dotted path of the format, as `private:` takes them."""
    paths = []
    for name, (kind, _) in spec.items():
        path = f"{prefix}{name}"
        if path in {"company", "role"}:
            continue  # never private: they name the dossier
        paths.append(path)
        if isinstance(kind, tuple) and kind[0] in {"list", "entries", "map"}:
            paths += field_paths(kind[1], path + ".")
    return paths


PATHS = sorted(field_paths(FACTS))
# Paths that matter most for names and nesting, drawn more often than chance would.

"""Synthetic dossiers for the benchmark: every section of `dossier.yml` filled.

`generate(n, seed, folder)` writes `n` opportunity folders shaped like the examples
in `dossiers/`: interviews, people, homework, compensation with market data, red
lines with machine-checkable limits, budget, stage log, objections, BATNA, pressure,
commitments, feedback, one or two offers, fit, an outcome for closed ones, and five
or six notes (one a mentor comment, one private). Every status appears. The same
`n` and `seed` always give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


def _words(text: str, sep: str = " ") -> tuple[str, ...]:
    return tuple(text.split(sep))


CLOSED = ("accepted", "declined", "withdrawn", "rejected")
STATUS_WEIGHTS = {
    "researching": 15,
    "applied": 20,
    "interviewing": 20,
    "offer": 8,
    "accepted": 3,
    "declined": 10,
    "withdrawn": 9,
    "rejected": 15,
}
PREFIXES = (
    *_words(
        "Northwind Lumen Harbor Ottervale Brightwater Cedar Copper Delta Ember Fjord Granite Helix"
        " Iris Juniper Kestrel Larch Meridian Nimbus Orchid Pioneer Quartz Riverside Sable Tidal"
        " Umber Vela Willow Xenon Yarrow Zephyr Ærø Müller Saltmarsh Aurora Basalt Cobalt Driftwood"
        " Evergreen Foxglove"
    ),
    "Łódź Works",
)
SUFFIXES = _words(
    "Robotics Health Analytics Logistics Labs Systems Bank Energy Games Foods Mobility Insurance"
    " Media Security Cloud Biotech Retail Payments Maps Learning Travel Freight Studios Networks"
    " Data Devices Software Capital Materials Telecom"
)
ROLES = (
    ("Senior Platform Engineer", "Senior"),
    ("Staff Data Engineer", "Staff"),
    ("Backend Engineer", "Middle"),
    ("Lead Backend Engineer", "Lead"),
    ("Engineering Manager", "Lead"),
    ("Senior Frontend Engineer", "Senior"),
    ("Principal Engineer", "Principal"),
    ("Site Reliability Engineer", "Senior"),
    ("Head of Data", "Head"),
    ("Junior Developer", "Junior"),
    ("Product Engineer", "Mid"),
    ("Machine Learning Engineer", "Senior"),
)
# (location, IANA zone, UTC offset in winter, currency)
CITIES = (
    ("Hamburg, Germany", "Europe/Berlin", 1, "EUR"),
    ("Berlin, Germany", "Europe/Berlin", 1, "EUR"),
    ("Amsterdam, Netherlands", "Europe/Amsterdam", 1, "EUR"),
    ("Lisbon, Portugal", "Europe/Lisbon", 0, "EUR"),
    ("London, United Kingdom", "Europe/London", 0, "GBP"),
    ("Warsaw, Poland", "Europe/Warsaw", 1, "PLN"),
    ("Helsinki, Finland", "Europe/Helsinki", 2, "EUR"),
    ("New York, United States", "America/New_York", -5, "USD"),
)
FIRST = _words(
    "Mira Jonas Aiyana Tobias Henrike Sam Priya Lars Chen Fatima Diego Ingrid Kofi Yuki Elena"
    " Marek Noor Oskar"
)
LAST = _words(
    "Kowalczyk Brandt Reyes Lindqvist Vos Okafor Nair Berg Wei Haddad Álvarez Solberg Mensah"
    " Tanaka Popescu Novak"
)
PERSON_ROLES = _words(
    "recruiter|hiring manager|engineer|founder|HR business partner|talent partner|team lead", "|"
)
STAGES = _words(
    "Recruiter screen|Hiring manager interview|Technical interview|System design onsite"
    "|Team fit talk|Final talk with the CTO",
    "|",
)
TOPICS = _words(
    "telemetry|billing|search|onboarding|data quality|cloud cost|release process|on-call"
    "|mobile app|reporting",
    "|",
)
SIGNS = ("rushed", "threat", "guilt", "vague-authority", "emotion", "belittling", "other")
KINDS = ("offer", "process", "contract", "side-income", "network", "other")


def _day(base: dt.date, days: int) -> dt.date:
    return base + dt.timedelta(days=days)


@dataclass
class Context:
    """What the sections of one dossier share."""

    rng: random.Random
    today: dt.date
    company: str
    role: str
    level: str
    location: str
    zone: str
    tz: dt.timezone
    currency: str
    start: dt.date
    topic: str
    topic2: str
    host: str
    target: int = 0
    floor: int = 0

    @classmethod
    def draw(cls, rng: random.Random, today: dt.date, company: str) -> Context:
        role, level = rng.choice(ROLES)
        location, zone, offset, currency = rng.choice(CITIES)
        tz = dt.timezone(dt.timedelta(hours=offset))
        start = _day(today, -rng.randint(20, 70))
        topic, topic2 = rng.sample(TOPICS, 2)
        host = re.sub(r"[^a-z0-9]+", "-", company.lower()).strip("-") + ".example"
        c = cls(
            rng,
            today,
            company,
            role,
            level,
            location,
            zone,
            tz,
            currency,
            start,
            topic,
            topic2,
            host,
        )
        c.target = rng.randrange(60_000, 140_000, 1_000)
        c.floor = int(round(c.target * 0.87, -3))
        return c


def _people(c: Context) -> list[dict[str, Any]]:
    rng = c.rng
    names = [f"{f} {la}" for f, la in zip(rng.sample(FIRST, 5), rng.sample(LAST, 5), strict=True)]
    people = []
    for i, name in enumerate(names[: rng.randint(3, 5)]):
        person: dict[str, Any] = {
            "name": name,
            "role": PERSON_ROLES[0] if i == 0 else rng.choice(PERSON_ROLES[1:]),
            "background": f"{rng.randint(2, 12)} years at {c.company}; came from a {c.topic} start-up.",
            "links": [{"title": "Profile", "url": f"https://social.example/in/{i}-{c.host}"}],
            "interests": rng.sample(list(TOPICS), 2),
        }
        if rng.random() < 0.6:
            person["notes"] = f"Likes concrete numbers about {c.topic}. Listens, then asks twice."
        people.append(person)
    return people


def _interviews(c: Context, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rng = c.rng
    interviews = []
    when = c.start
    for i in range(rng.randint(2, 5)):
        when = _day(when, rng.randint(3, 10))
        at = dt.datetime(when.year, when.month, when.day, rng.randint(9, 16), rng.choice((0, 30)))
        item: dict[str, Any] = {"when": at.replace(tzinfo=c.tz)}
        if rng.random() < 0.3:  # a wall-clock time plus a zone name
            item = {"when": at, "timezone": c.zone}
        fmt = rng.choice(("video", "phone", "onsite"))
        item.update(
            duration_minutes=rng.choice((30, 45, 60, 90, 180)),
            stage=STAGES[min(i, len(STAGES) - 1)],
            format=fmt,
            place=f"https://meet.example/{c.host}-{i}"
            if fmt == "video"
            else f"{c.location}, office",
            people=rng.sample([p["name"] for p in people], 2),
        )
        if when < c.today:
            item["notes"] = (
                f"Deep dive on {c.topic}. They struggle with {c.topic2}; the panel asked "
                "for two alternatives before a choice."
            )
        if rng.random() < 0.1:
            item["private"] = True
        interviews.append(item)
    return interviews


def _stage_log(c: Context, interviews: list[dict[str, Any]]) -> list[dict[str, Any]]:
    log = [
        {
            "date": c.start,
            "what": "Research and application",
            "stage": False,
            "hours": 4,
            "stress": 1,
        }
    ]
    for i, interview in enumerate(interviews):
        step_date = interview["when"].date()
        if step_date >= c.today:
            break
        log.append(
            {
                "date": step_date,
                "what": interview["stage"],
                "hours": c.rng.choice((0.5, 1, 1.5)),
                "stress": c.rng.randint(1, 4),
            }
        )
        if i == 1:
            log.append(
                {
                    "date": _day(step_date, 2),
                    "what": "Take-home exercise",
                    "hours": 5,
                    "unpaid_hours": 5,
                    "stress": 3,
                }
            )
    return log


def _offers(c: Context) -> list[dict[str, Any]]:
    rng = c.rng
    offers = []
    for i in range(rng.randint(1, 2)):
        odate = _day(c.start, 20 + 6 * i)
        offers.append(
            {
                "label": ("First offer", "Revised offer")[i],
                "date": odate,
                "currency": c.currency,
                "period": "year",
                "base": c.target + rng.randrange(-12_000, 8_000, 1_000),
                "bonus": rng.randrange(2_000, 12_000, 500),
                "sign_on": rng.choice((0, 3_000, 5_000)),
                "equity_total": rng.randrange(0, 40_000, 5_000),
                "vesting_years": 4,
                "work_format": rng.choice(("remote", "hybrid", "office")),
                "office_days": rng.randint(0, 4),
                "hours_per_week": rng.choice((38, 40, 45)),
                "level": c.level,
                "deadline": _day(odate, rng.randint(5, 20)),
                "private": rng.random() < 0.1,
            }
        )
    return offers


def _homework(c: Context) -> dict[str, Any]:
    rng, topic, topic2 = c.rng, c.topic, c.topic2
    company = {
        "business": f"{c.company} sells {topic} software to mid-size firms, with a monthly fee.",
        "markets": "Germany, the Netherlands and the Nordics; first pilots in Poland.",
        "clients": f"Around {rng.randint(20, 400)} regional firms and two national chains.",
        "products": f"A {topic} platform, a web app and an API for partners.",
        "tech": "Go and Python services on Kubernetes, Kafka, Postgres, Grafana.",
        "news": f"New office in {c.location.split(',')[0]}; version 3.0 launched in September.",
        "growth": f"From {rng.randint(40, 200)} to {rng.randint(201, 600)} people in a year.",
        "funding": f"Series {rng.choice('ABC')} of {rng.randint(5, 90)} million in 2026.",
        "pivots": f"Dropped a {topic2} product line in 2025 to focus on {topic}.",
    }
    gaps: list[dict[str, str]] = [
        {"gap": f"No hands-on {topic2}", "cover": "I would pair with their team for a quarter."},
        {"gap": "No experience in their industry", "cover": "Two weekends with their public docs."},
    ]
    if rng.random() < 0.5:
        gaps.append({"gap": "Never run a formal certification"})
    return {
        "company": company,
        "role": {
            "hidden_tasks": ["Own the on-call rota", "Mentor two engineers who joined this year"],
            "priorities": [f"Fix {topic2} before the next release", "Cut cloud cost per customer"],
            "pain": f"{topic.capitalize()} grows faster than the team; every new client means manual setup.",
        },
        "skills": {
            "fits": [f"Five years on {topic} in production", "Led a 30% cost-reduction project"],
            "gaps": gaps,
        },
    }


def _compensation(c: Context) -> dict[str, Any]:
    target, floor, location = c.target, c.floor, c.location
    market = [
        {
            "source": f"Salary survey 2026, {location}",
            "low": target - 15_000,
            "high": target + 8_000,
            "date": _day(c.today, -50),
        },
        {
            "source": "Two friends at similar firms",
            "low": target - 6_000,
            "high": target + 4_000,
            "date": _day(c.today, -20),
            "note": "Both hybrid.",
        },
        {
            "source": "An offer I turned down last year",
            "private": True,
            "low": floor,
            "high": floor,
            "date": _day(c.today, -370),
        },
    ]
    return {
        "currency": c.currency,
        "period": "year",
        "basis": "gross",
        "desired": {"base": target, "bonus": target // 10, "equity": 5_000},
        "minimum": floor,
        "market": market,
        "company_range": {"low": target - 10_000, "high": target + 6_000},
    }


def _red_lines(c: Context) -> list[dict[str, Any]]:
    return [
        {
            "rule": "No more than two office days a week",
            "because": "Three hours of commuting a day.",
            "realism": "common",
            "min_work_format": "hybrid",
            "max_office_days": 2,
        },
        {
            "rule": "A normal week stays at 40 hours",
            "because": "A year of 50-hour weeks ended in burnout.",
            "realism": "possible",
            "max_hours_per_week": 40,
        },
        {
            "rule": "No step down in title or pay",
            "because": "I took a lower title once.",
            "realism": "common",
            "min_level": c.level,
            "min_base": c.floor,
            "private": c.rng.random() < 0.2,
        },
    ]


def _negotiation(c: Context) -> dict[str, Any]:
    """Objections, BATNA and pressure: the negotiation sections."""
    rng, topic, topic2 = c.rng, c.topic, c.topic2
    objections = [
        (f"You haven't worked on {topic2}. How fast can you be useful?",
         f"Your pain is {topic}, and I have fixed exactly that twice."),
        ("Our budget tops out below your number.",
         "Let's look at the scope first; the market for that scope matches my number."),
        ("Why leave a stable job?",
         "I have taken that platform as far as it goes; yours is the next problem I want."),
    ]  # fmt: skip
    batna = [
        {
            "what": "Stay in my current job; the contract is solid",
            "kind": "contract",
            "strength": "medium",
            "strengthen": "Ask about the staff track.",
        },
        {
            "what": f"Another process on {topic2}",
            "kind": rng.choice(KINDS),
            "strength": rng.choice(("strong", "medium", "weak")),
            "strengthen": "Ask for a week more on their deadline.",
        },
        {
            "what": "Freelance review work",
            "kind": "side-income",
            "strength": "weak",
            "private": True,
        },
    ]
    pressure = [
        {
            "date": _day(c.start, 9),
            "said": "Most seniors come in three days a week; that's the culture.",
            "signs": rng.sample(SIGNS, 2),
            "response": "Paused, then asked whether it is a policy.",
        },
        {
            "date": _day(c.start, 15),
            "said": "We need an answer by tomorrow.",
            "signs": ["rushed"],
            "response": "Said I answer by Friday, as agreed.",
            "private": rng.random() < 0.3,
        },
    ]
    return {
        "objections": [{"objection": o, "answer": a} for o, a in objections],
        "batna": batna,
        "pressure": pressure,
    }


def _follow_up(c: Context, person: str) -> dict[str, Any]:
    """Commitments, feedback and fit."""
    rng, today = c.rng, c.today
    return {
        "commitments": [
            {
                "what": "Send the take-home exercise",
                "due": _day(today, -3),
                "done": True,
                "to": person,
            },
            {
                "what": "Send two references",
                "due": _day(today, rng.randint(-2, 6)),
                "done": rng.random() < 0.5,
                "to": person,
            },
            {"what": "Confirm travel for the onsite", "due": _day(today, rng.randint(1, 10))},
        ],
        "feedback": [
            {
                "date": _day(c.start, 12),
                "asked": "What could I have explained better?",
                "received": "More about trade-offs.",
                "changed": "I name two options first.",
            },
            {
                "date": _day(c.start, 5),
                "asked": "How did my range sound?",
                "private": True,
                "received": "Too apologetic.",
                "changed": "Number first, reasons after.",
            },
        ],
        "fit": {
            key: {"score": rng.randint(1, 5), "note": note}
            for key, note in (
                ("tasks", f"The {c.topic} problem is the work I want."),
                ("money", "Their range covers my target; equity is small."),
                ("boundaries", "Office days are fine; on-call load unclear."),
                ("values", "Direct, curious people."),
            )
        },
    }


def dossier(rng: random.Random, today: dt.date, company: str, status: str) -> dict[str, Any]:
    """One fully filled `dossier.yml`, shaped like the example dossiers."""
    c = Context.draw(rng, today, company)
    people = _people(c)
    interviews = _interviews(c, people)
    stage = {
        "researching": "Reading about the company",
        "applied": "Waiting for a reply",
        "interviewing": f"{STAGES[len(interviews) % len(STAGES)]} next",
        "offer": "Offer on the table",
    }
    facts: dict[str, Any] = {
        "company": company,
        "role": c.role,
        "level": c.level,
        "status": status,
        "stage": stage.get(status, "Closed"),
        "location": c.location,
        "work_format": rng.choice(("remote", "hybrid", "office")),
        "hours_per_week": rng.choice((38, 40, 42)),
        "office_days": rng.randint(0, 3),
        "links": [
            {"title": "Job ad", "url": f"https://{c.host}/careers/{rng.randint(100, 999)}"},
            {"title": "Engineering blog", "url": f"https://{c.host}/blog"},
        ],
        "private": ["compensation.market", "interviews.notes", "homework.company.funding"],
        "public": ["people.notes"] if rng.random() < 0.3 else [],
        "interviews": interviews,
        "people": people,
        "homework": _homework(c),
        "compensation": _compensation(c),
        "win": {
            "role": f"{c.role} with a path to tech lead",
            "level": c.level,
            "responsibilities": [f"Own {c.topic} end to end", "Set the on-call rules"],
            "work_format": "hybrid",
            "other": ["Budget for one conference a year", "A team of at least four engineers"],
        },
        "red_lines": _red_lines(c),
        "budget": {
            "weeks": rng.randint(6, 12),
            "stages": rng.randint(4, 6),
            "unpaid_hours": rng.randint(4, 10),
            "stress": rng.randint(3, 4),
        },
        "stage_log": _stage_log(c, interviews),
        **_negotiation(c),
        **_follow_up(c, people[0]["name"]),
        "offers": _offers(c),
    }
    if status in CLOSED:
        facts["outcome"] = {
            "decision": status,
            "date": _day(today, -rng.randint(1, 10)),
            "reason": "Full-time office and crunch before peak season; both cross my red lines.",
            "decline_style": rng.choice(("honest", "mismatch", "red-flags")),
        }
    return facts


def notes(
    rng: random.Random, today: dt.date, company: str
) -> dict[str, tuple[dict[str, Any], str]]:
    """The notes of one dossier: file stem -> (front matter, Markdown)."""
    found = {
        "homework": (
            {"title": f"Homework on {company}", "section": "homework", "date": _day(today, -9)},
            "## What I learned from the blog\n\n"
            "- Onboarding a new client still takes **two weeks of manual setup**.\n"
            "- They moved to Kafka in 2025 and mention growing pains twice.\n\n"
            "## Proof points to bring\n\n"
            "| Their need | My example |\n|---|---|\n"
            "| Data loss on reconnect | Replay buffer, zero loss in 18 months |\n"
            "| Cost per customer | The 30% cloud saving project |\n",
        ),
        "after-interview": (
            {
                "title": "After the technical interview",
                "section": "timeline",
                "date": _day(today, -7),
            },
            "Good overall. I went straight to my favourite design; they asked for\n"
            "alternatives twice. Next time: two options first, then a choice.\n\n"
            "1. Take-home due in a week.\n2. Onsite system design next.\n",
        ),
        "mentor-objections": (
            {
                "title": "Sharpen the budget answer",
                "section": "objections",
                "mentor": True,
                "author": "Sam Okafor",
                "date": _day(today, -3),
                "done": rng.random() < 0.5,
            },
            "Say the scope sentence, then **stop**. Let them reply before you mention\n"
            "flexibility on the split. Name one number from your market research.\n",
        ),
        "people-private": (
            {
                "title": "Blunt notes on the panel",
                "section": "people",
                "private": True,
                "date": _day(today, -7),
            },
            "## The hiring manager\n\nSharp, but finishes my sentences. Pause, let them finish.\n",
        ),
        "numbers": (
            {"title": "Numbers check", "section": "compensation", "date": _day(today, -2)},
            "The second offer moves the base up, but the bonus is discretionary.\n",
        ),
    }
    if rng.random() < 0.8:  # most dossiers also get a free note, hence a Notes page
        found["thoughts"] = (
            {"section": "notes", "date": _day(today, -1)},
            "Why this company at all? The product is useful and the team is kind.\n\n"
            "- [ ] Ask a former employee about on-call\n- [x] Read the last two blog posts\n",
        )
    return found


class _Dumper(yaml.SafeDumper):
    """Writes a date and time with a T (`2026-12-02T10:00:00+01:00`), as the loader asks:
    PyYAML's own form, with a space, is read as text by editors and refused."""


_Dumper.add_representer(
    dt.datetime,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def generate(n: int, seed: int, dossiers_dir: Path, today: dt.date) -> None:
    """Write `n` dossiers, deterministically, with every status represented."""
    rng = random.Random(seed * 100_003 + n)
    companies = rng.sample([f"{p} {s}" for p in PREFIXES for s in SUFFIXES], n)
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    for i, company in enumerate(companies):
        status = statuses[i] if i < len(statuses) else rng.choices(statuses, weights)[0]
        folder = dossiers_dir / f"{re.sub(r'[^a-z0-9]+', '-', company.lower()).strip('-')}-{i:04d}"
        folder.mkdir(parents=True)
        text = _dump(dossier(rng, today, company, status))
        (folder / "dossier.yml").write_text(text, encoding="utf-8")
        for stem, (meta, body) in notes(rng, today, company).items():
            front = _dump(meta)
            (folder / f"{stem}.md").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")

"""Build-speed benchmark for the `dossier` MkDocs plugin (issue #7).

What it compares, at each size N (default 10, 100 and 1000 synthetic dossiers):

* ours: `mkdocs build` of a site whose opportunity pages come from `dossiers/`
  through our plugin;
* baseline: `mkdocs build` of the very same pages, written out beforehand as
  ordinary Markdown files (taken from the core's `build_site`), with the same
  `nav:`, theme, Markdown extensions, CSS and JavaScript, and without our plugin.

The difference between the two is what our plugin costs. Each build runs in its
own process; the two kinds alternate, round after round, and medians are
reported. Besides that, it times our core alone (no MkDocs), measures page
sizes, compares against Material's default automatic nav at N=100, and times
the plugin's share of a `mkdocs serve` rebuild after one note changes.

Run it with the project's venv:  .venv/bin/python bench/build.py --help
"""

from __future__ import annotations

import argparse
import compileall
import copy
import cProfile
import dataclasses
import datetime as dt
import json
import os
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "plugins") not in sys.path:
    sys.path.insert(0, str(REPO / "plugins"))  # a source checkout without an install

TODAY = "2026-11-25"
os.environ["NO_MKDOCS_2_WARNING"] = "1"
os.environ["DOSSIER_TODAY"] = TODAY

from interview_dossier.analyse.analysis import analyse_all  # noqa: E402
from interview_dossier.load.loader import DossierCache, load_or_raise  # noqa: E402
from interview_dossier.model import LIVE_STATUSES, Status  # noqa: E402
from interview_dossier.render.pages import Renderer, build_site, default_templates_dir  # noqa: E402

try:
    from interview_dossier.load.settings import load_rates_or_raise
except ImportError:  # an older core without offer comparison
    load_rates_or_raise = None
try:
    from interview_dossier.render.calendars import calendar_files
except ImportError:  # an older core without calendars
    calendar_files = None

# ---------------------------------------------------------------- targets

MAX_RATIO = 1.10  # ours / baseline, full build
MAX_SCALING = 1.5  # build seconds per dossier, largest N vs the size before it
MAX_PAGE_GROWTH = 1.5  # largest page's HTML, largest N vs smallest N
MAX_VS_AUTONAV = 0.5  # ours vs plain Material with its default automatic nav, at N=100
MAX_CORE_MS = 2.0  # core alone, ms per dossier
MAX_MEMORY_GROWTH = 1.5  # marginal MB per dossier, largest N vs the size before it
MAX_SERVE_MS = 50.0  # plugin's own share of a rebuild after a one-note edit
MAX_WARM_RATIO = 1.03  # ours with a warm disk cache after a one-note edit / baseline
# Real `mkdocs serve --dirty`: wall seconds from saving a file to the served page showing it.
MAX_LIVE_SECONDS = {10: 1.5, 100: 1.5, 1000: 5.0}
LIVE_EDITS = 3  # edits of each kind (a note, a dossier.yml) per size
AUTONAV_N = 100

# Which clock the targets are checked on (set by --clock). CPU time is what our code
# costs; on a shared machine it is far steadier than wall time, which is also shown.
CLOCK = {"name": "cpu"}


def now() -> float:
    """The in-process clock: this process's CPU time, or wall time with --clock wall."""
    return time.process_time() if CLOCK["name"] == "cpu" else time.perf_counter()


# ---------------------------------------------------------------- synthetic data

PREFIXES = (
    "Northwind",
    "Lumen",
    "Harbor",
    "Ottervale",
    "Brightwater",
    "Cedar",
    "Copper",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Helix",
    "Iris",
    "Juniper",
    "Kestrel",
    "Larch",
    "Meridian",
    "Nimbus",
    "Orchid",
    "Pioneer",
    "Quartz",
    "Riverside",
    "Sable",
    "Tidal",
    "Umber",
    "Vela",
    "Willow",
    "Xenon",
    "Yarrow",
    "Zephyr",
    "Ærø",
    "Müller",
    "Saltmarsh",
    "Aurora",
    "Basalt",
    "Cobalt",
    "Driftwood",
    "Evergreen",
    "Foxglove",
    "Łódź Works",
)
SUFFIXES = (
    "Robotics",
    "Health",
    "Analytics",
    "Logistics",
    "Labs",
    "Systems",
    "Bank",
    "Energy",
    "Games",
    "Foods",
    "Mobility",
    "Insurance",
    "Media",
    "Security",
    "Cloud",
    "Biotech",
    "Retail",
    "Payments",
    "Maps",
    "Learning",
    "Travel",
    "Freight",
    "Studios",
    "Networks",
    "Data",
    "Devices",
    "Software",
    "Capital",
    "Materials",
    "Telecom",
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
FIRST = (
    "Mira",
    "Jonas",
    "Aiyana",
    "Tobias",
    "Henrike",
    "Sam",
    "Priya",
    "Lars",
    "Chen",
    "Fatima",
    "Diego",
    "Ingrid",
    "Kofi",
    "Yuki",
    "Elena",
    "Marek",
    "Noor",
    "Oskar",
)
LAST = (
    "Kowalczyk",
    "Brandt",
    "Reyes",
    "Lindqvist",
    "Vos",
    "Okafor",
    "Nair",
    "Berg",
    "Wei",
    "Haddad",
    "Álvarez",
    "Solberg",
    "Mensah",
    "Tanaka",
    "Popescu",
    "Novak",
)
PERSON_ROLES = (
    "recruiter",
    "hiring manager",
    "engineer",
    "founder",
    "HR business partner",
    "talent partner",
    "team lead",
)
STAGES = (
    "Recruiter screen",
    "Hiring manager interview",
    "Technical interview",
    "System design onsite",
    "Team fit talk",
    "Final talk with the CTO",
)
TOPICS = (
    "telemetry",
    "billing",
    "search",
    "onboarding",
    "data quality",
    "cloud cost",
    "release process",
    "on-call",
    "mobile app",
    "reporting",
)
SIGNS = ("rushed", "threat", "guilt", "vague-authority", "emotion", "belittling", "other")
KINDS = ("offer", "process", "contract", "side-income", "network", "other")
STATUS_WEIGHTS = {
    Status.researching: 15,
    Status.applied: 20,
    Status.interviewing: 20,
    Status.offer: 8,
    Status.accepted: 3,
    Status.declined: 10,
    Status.withdrawn: 9,
    Status.rejected: 15,
}


def _day(base: dt.date, days: int) -> dt.date:
    return base + dt.timedelta(days=days)


def _dossier(rng: random.Random, company: str, status: Status) -> dict[str, Any]:
    """One fully filled `dossier.yml`, shaped like the example dossiers."""
    today = dt.date.fromisoformat(TODAY)
    role, level = rng.choice(ROLES)
    location, zone, offset, currency = rng.choice(CITIES)
    tz = dt.timezone(dt.timedelta(hours=offset))
    start = _day(today, -rng.randint(20, 70))
    topic, topic2 = rng.sample(TOPICS, 2)
    host = re.sub(r"[^a-z0-9]+", "-", company.lower()).strip("-") + ".example"
    names = [f"{f} {la}" for f, la in zip(rng.sample(FIRST, 5), rng.sample(LAST, 5), strict=True)]
    people = []
    for i, name in enumerate(names[: rng.randint(3, 5)]):
        person: dict[str, Any] = {
            "name": name,
            "role": PERSON_ROLES[0] if i == 0 else rng.choice(PERSON_ROLES[1:]),
            "background": f"{rng.randint(2, 12)} years at {company}; came from a {topic} start-up.",
            "links": [{"title": "Profile", "url": f"https://social.example/in/{i}-{host}"}],
            "interests": rng.sample(list(TOPICS), 2),
        }
        if rng.random() < 0.6:
            person["notes"] = f"Likes concrete numbers about {topic}. Listens, then asks twice."
        people.append(person)

    interviews = []
    when = start
    for i in range(rng.randint(2, 5)):
        when = _day(when, rng.randint(3, 10))
        at = dt.datetime(when.year, when.month, when.day, rng.randint(9, 16), rng.choice((0, 30)))
        item: dict[str, Any] = {"when": at.replace(tzinfo=tz)}
        if rng.random() < 0.3:  # a wall-clock time plus a zone name
            item = {"when": at, "timezone": zone}
        fmt = rng.choice(("video", "phone", "onsite"))
        item.update(
            duration_minutes=rng.choice((30, 45, 60, 90, 180)),
            stage=STAGES[min(i, len(STAGES) - 1)],
            format=fmt,
            place=f"https://meet.example/{host}-{i}" if fmt == "video" else f"{location}, office",
            people=rng.sample([p["name"] for p in people], 2),
        )
        if when < today:
            item["notes"] = (
                f"Deep dive on {topic}. They struggle with {topic2}; the panel asked "
                "for two alternatives before a choice."
            )
        if rng.random() < 0.1:
            item["private"] = True
        interviews.append(item)

    target = rng.randrange(60_000, 140_000, 1_000)
    floor = round(target * 0.87, -3)
    log = [
        {"date": start, "what": "Research and application", "stage": False, "hours": 4, "stress": 1}
    ]
    for i, interview in enumerate(interviews):
        step_date = interview["when"].date()
        if step_date >= today:
            break
        log.append(
            {
                "date": step_date,
                "what": interview["stage"],
                "hours": rng.choice((0.5, 1, 1.5)),
                "stress": rng.randint(1, 4),
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
    offers = []
    for i in range(rng.randint(1, 2)):
        odate = _day(start, 20 + 6 * i)
        offers.append(
            {
                "label": ("First offer", "Revised offer")[i],
                "date": odate,
                "currency": currency,
                "period": "year",
                "base": target + rng.randrange(-12_000, 8_000, 1_000),
                "bonus": rng.randrange(2_000, 12_000, 500),
                "sign_on": rng.choice((0, 3_000, 5_000)),
                "equity_total": rng.randrange(0, 40_000, 5_000),
                "vesting_years": 4,
                "work_format": rng.choice(("remote", "hybrid", "office")),
                "office_days": rng.randint(0, 4),
                "hours_per_week": rng.choice((38, 40, 45)),
                "level": level,
                "deadline": _day(odate, rng.randint(5, 20)),
                "private": rng.random() < 0.1,
            }
        )
    facts: dict[str, Any] = {
        "company": company,
        "role": role,
        "level": level,
        "status": status.value,
        "stage": {
            Status.researching: "Reading about the company",
            Status.applied: "Waiting for a reply",
            Status.interviewing: f"{STAGES[len(interviews) % len(STAGES)]} next",
            Status.offer: "Offer on the table",
        }.get(status, "Closed"),
        "location": location,
        "work_format": rng.choice(("remote", "hybrid", "office")),
        "hours_per_week": rng.choice((38, 40, 42)),
        "office_days": rng.randint(0, 3),
        "links": [
            {"title": "Job ad", "url": f"https://{host}/careers/{rng.randint(100, 999)}"},
            {"title": "Engineering blog", "url": f"https://{host}/blog"},
        ],
        "private": ["compensation.market", "interviews.notes", "homework.company.funding"],
        "public": ["people.notes"] if rng.random() < 0.3 else [],
        "interviews": interviews,
        "people": people,
        "homework": {
            "company": {
                "business": f"{company} sells {topic} software to mid-size firms, with a monthly fee.",
                "markets": "Germany, the Netherlands and the Nordics; first pilots in Poland.",
                "clients": f"Around {rng.randint(20, 400)} regional firms and two national chains.",
                "products": f"A {topic} platform, a web app and an API for partners.",
                "tech": "Go and Python services on Kubernetes, Kafka, Postgres, Grafana.",
                "news": f"New office in {location.split(',')[0]}; version 3.0 launched in September.",
                "growth": f"From {rng.randint(40, 200)} to {rng.randint(201, 600)} people in a year.",
                "funding": f"Series {rng.choice('ABC')} of {rng.randint(5, 90)} million in 2026.",
                "pivots": f"Dropped a {topic2} product line in 2025 to focus on {topic}.",
            },
            "role": {
                "hidden_tasks": [
                    "Own the on-call rota",
                    "Mentor two engineers who joined this year",
                ],
                "priorities": [
                    f"Fix {topic2} before the next release",
                    "Cut cloud cost per customer",
                ],
                "pain": f"{topic.capitalize()} grows faster than the team; every new client means manual setup.",
            },
            "skills": {
                "fits": [
                    f"Five years on {topic} in production",
                    "Led a 30% cost-reduction project",
                ],
                "gaps": [
                    {
                        "gap": f"No hands-on {topic2}",
                        "cover": "I would pair with their team for a quarter.",
                    },
                    {
                        "gap": "No experience in their industry",
                        "cover": "Two weekends with their public docs.",
                    },
                ]
                + ([{"gap": "Never run a formal certification"}] if rng.random() < 0.5 else []),
            },
        },
        "compensation": {
            "currency": currency,
            "period": "year",
            "basis": "gross",
            "desired": {"base": target, "bonus": target // 10, "equity": 5_000},
            "minimum": int(floor),
            "market": [
                {
                    "source": f"Salary survey 2026, {location}",
                    "low": target - 15_000,
                    "high": target + 8_000,
                    "date": _day(today, -50),
                },
                {
                    "source": "Two friends at similar firms",
                    "low": target - 6_000,
                    "high": target + 4_000,
                    "date": _day(today, -20),
                    "note": "Both hybrid.",
                },
                {
                    "source": "An offer I turned down last year",
                    "private": True,
                    "low": int(floor),
                    "high": int(floor),
                    "date": _day(today, -370),
                },
            ],
            "company_range": {"low": target - 10_000, "high": target + 6_000},
        },
        "win": {
            "role": f"{role} with a path to tech lead",
            "level": level,
            "responsibilities": [f"Own {topic} end to end", "Set the on-call rules"],
            "work_format": "hybrid",
            "other": ["Budget for one conference a year", "A team of at least four engineers"],
        },
        "red_lines": [
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
                "min_level": level,
                "min_base": int(floor),
                "private": rng.random() < 0.2,
            },
        ],
        "budget": {
            "weeks": rng.randint(6, 12),
            "stages": rng.randint(4, 6),
            "unpaid_hours": rng.randint(4, 10),
            "stress": rng.randint(3, 4),
        },
        "stage_log": log,
        "objections": [
            {
                "objection": f"You haven't worked on {topic2}. How fast can you be useful?",
                "answer": f"Your pain is {topic}, and I have fixed exactly that twice.",
            },
            {
                "objection": "Our budget tops out below your number.",
                "answer": "Let's look at the scope first; the market for that scope matches my number.",
            },
            {
                "objection": "Why leave a stable job?",
                "answer": "I have taken that platform as far as it goes; yours is the next problem I want.",
            },
        ],
        "batna": [
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
        ],
        "pressure": [
            {
                "date": _day(start, 9),
                "said": "Most seniors come in three days a week; that's the culture.",
                "signs": rng.sample(SIGNS, 2),
                "response": "Paused, then asked whether it is a policy.",
            },
            {
                "date": _day(start, 15),
                "said": "We need an answer by tomorrow.",
                "signs": ["rushed"],
                "response": "Said I answer by Friday, as agreed.",
                "private": rng.random() < 0.3,
            },
        ],
        "commitments": [
            {
                "what": "Send the take-home exercise",
                "due": _day(today, -3),
                "done": True,
                "to": people[0]["name"],
            },
            {
                "what": "Send two references",
                "due": _day(today, rng.randint(-2, 6)),
                "done": rng.random() < 0.5,
                "to": people[0]["name"],
            },
            {"what": "Confirm travel for the onsite", "due": _day(today, rng.randint(1, 10))},
        ],
        "feedback": [
            {
                "date": _day(start, 12),
                "asked": "What could I have explained better?",
                "received": "More about trade-offs.",
                "changed": "I name two options first.",
            },
            {
                "date": _day(start, 5),
                "asked": "How did my range sound?",
                "private": True,
                "received": "Too apologetic.",
                "changed": "Number first, reasons after.",
            },
        ],
        "offers": offers,
        "fit": {
            key: {"score": rng.randint(1, 5), "note": note}
            for key, note in (
                ("tasks", f"The {topic} problem is the work I want."),
                ("money", "Their range covers my target; equity is small."),
                ("boundaries", "Office days are fine; on-call load unclear."),
                ("values", "Direct, curious people."),
            )
        },
    }
    if status not in LIVE_STATUSES:
        facts["outcome"] = {
            "decision": status.value,
            "date": _day(today, -rng.randint(1, 10)),
            "reason": "Full-time office and crunch before peak season; both cross my red lines.",
            "decline_style": rng.choice(("honest", "mismatch", "red-flags")),
        }
    return facts


def _notes(rng: random.Random, company: str) -> dict[str, tuple[dict[str, Any], str]]:
    today = dt.date.fromisoformat(TODAY)
    notes = {
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
        notes["thoughts"] = (
            {"section": "notes", "date": _day(today, -1)},
            "Why this company at all? The product is useful and the team is kind.\n\n"
            "- [ ] Ask a former employee about on-call\n- [x] Read the last two blog posts\n",
        )
    return notes


class _Dumper(yaml.SafeDumper):
    """Writes a date and time with a T (`2026-12-02T10:00:00+01:00`), as the loader asks:
    PyYAML's own form, with a space, is read as text by editors and refused."""


_Dumper.add_representer(
    dt.datetime,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def generate(n: int, seed: int, dossiers_dir: Path) -> None:
    """Write `n` dossiers, deterministically, with every status represented."""
    rng = random.Random(seed * 100_003 + n)
    companies = rng.sample([f"{p} {s}" for p in PREFIXES for s in SUFFIXES], n)
    statuses = list(Status)
    weights = [STATUS_WEIGHTS[s] for s in statuses]
    for i, company in enumerate(companies):
        status = statuses[i] if i < len(statuses) else rng.choices(statuses, weights)[0]
        folder = dossiers_dir / f"{re.sub(r'[^a-z0-9]+', '-', company.lower()).strip('-')}-{i:04d}"
        folder.mkdir(parents=True)
        text = _dump(_dossier(rng, company, status))
        (folder / "dossier.yml").write_text(text, encoding="utf-8")
        for stem, (meta, body) in _notes(rng, company).items():
            front = _dump(meta)
            (folder / f"{stem}.md").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


# ---------------------------------------------------------------- projects


@dataclass
class Project:
    n: int
    root: Path
    ours: Path  # mkdocs.yml with our plugin
    baseline: Path  # mkdocs.yml for the pre-rendered pages, same nav
    autonav: Path  # the same pages, Material's default automatic nav, no navigation.prune
    warm: Path  # ours with the disk cache on, as a user's repeated builds have it
    pages: int = 0


def _repo_config() -> dict[str, Any]:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def _write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _is_ours(entry: Any) -> bool:
    return entry == "dossier" or (isinstance(entry, dict) and "dossier" in entry)


def _finished(src_uri: str, data: bytes, site: Any) -> bytes:
    """A generated page as the reader gets it: the plugin puts each rendered note in
    place of its marker after MkDocs' Markdown (on_page_content); the baseline gets
    the note's HTML in its Markdown, which passes raw HTML through. Without this the
    baseline would build pages without their notes, and do less work than ours."""
    page = site.page_by_path.get(src_uri)
    if page is None or not page.fragments:
        return data
    text = data.decode("utf-8")
    for marker, html in page.fragments:
        text = text.replace(marker, html)
    return text.encode("utf-8")


def make_project(n: int, seed: int, root: Path) -> Project:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    generate(n, seed, root / "data" / "dossiers")
    repo_docs = REPO / "docs"
    project = Project(
        n,
        root,
        root / "ours" / "mkdocs.yml",
        root / "baseline" / "mkdocs.yml",
        root / "autonav" / "mkdocs.yml",
        root / "warm" / "mkdocs.yml",
    )

    ours = _repo_config()
    ours["docs_dir"] = "docs"
    ours["plugins"] = [
        {
            "dossier": {
                **(e["dossier"] or {}),
                "dossiers_dir": str(root / "data" / "dossiers"),
                "templates_dir": str(REPO / "templates"),
                "cache_dir": "",  # cold: every build reads and validates every dossier
            }
        }
        if _is_ours(e) and isinstance(e, dict)
        else e
        for e in ours["plugins"]
    ]
    shutil.copytree(repo_docs, project.ours.parent / "docs")
    _write_yaml(project.ours, ours)
    warm = copy.deepcopy(ours)
    for entry in warm["plugins"]:
        if _is_ours(entry) and isinstance(entry, dict):
            entry["dossier"]["cache_dir"] = ".cache/dossier"
    shutil.copytree(repo_docs, project.warm.parent / "docs")
    _write_yaml(project.warm, warm)

    # What the plugin hands MkDocs: the core's pages (build_site), the nav it computes,
    # and every other file it generates (CSS, JS, icons, calendars), as on_files adds them.
    config = load_config(config_file=str(project.ours))
    plugin = config.plugins["dossier"]
    config = plugin.on_config(config)
    assert plugin.site is not None
    project.pages = len(plugin.site.pages)
    generated = Files([])
    config.plugins._current_plugin = "dossier"
    plugin.on_files(generated, config=config)
    config.plugins._current_plugin = None

    base = copy.deepcopy(_repo_config())
    base["docs_dir"] = "docs"
    base["plugins"] = [e for e in base["plugins"] if not _is_ours(e)]
    base["nav"] = config.nav
    base["extra_css"] = [str(x) for x in config.extra_css]
    base["extra_javascript"] = [str(getattr(x, "path", x)) for x in config.extra_javascript]
    base["extra"] = yaml.safe_load(yaml.safe_dump(dict(config.extra)))
    favicon = config.theme.get("favicon")
    if favicon:
        base["theme"]["favicon"] = str(favicon)
    docs = project.baseline.parent / "docs"
    shutil.copytree(repo_docs, docs)
    for f in generated:
        target = docs / f.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_finished(f.src_uri, f.content_bytes, plugin.site))
    _write_yaml(project.baseline, base)

    auto = copy.deepcopy(base)
    del auto["nav"]
    auto["theme"]["features"] = [f for f in auto["theme"]["features"] if f != "navigation.prune"]
    project.autonav.parent.mkdir()
    (project.autonav.parent / "docs").symlink_to(docs, target_is_directory=True)
    _write_yaml(project.autonav, auto)
    return project


# ---------------------------------------------------------------- builds


class BuildFailed(RuntimeError):
    pass


def run_build(config: Path, site: Path) -> tuple[float, float, float]:
    """One `mkdocs build` in a child process: wall seconds, its CPU seconds, its peak RSS in MB."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=config.parent, stdout=subprocess.DEVNULL, stderr=err)
        # wait4 gives this child's own rusage: its peak RSS, not the largest of all children.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            message = err.read().decode(errors="replace")[-4000:]
            raise BuildFailed(f"{' '.join(cmd)} exited with {proc.returncode}:\n{message}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KB on Linux


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the child
    peak_mb: list[float] = field(default_factory=list)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def median(self) -> float:
        """On the clock chosen with --clock: what the targets are checked on."""
        return self.cpu_median if CLOCK["name"] == "cpu" else self.wall_median

    @property
    def peak(self) -> float:
        return max(self.peak_mb)


def alternate(builds: dict[str, tuple[Path, Path]], rounds: int, n: int) -> dict[str, Runs]:
    """Run each build once per round; the order rotates so none always goes first."""
    runs = {name: Runs() for name in builds}
    names = list(builds)
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            seconds, cpu, peak = run_build(*builds[name])
            runs[name].seconds.append(seconds)
            runs[name].cpu.append(cpu)
            runs[name].peak_mb.append(peak)
            progress(
                f"N={n} round {r + 1}/{rounds}: {name} {seconds:.2f} s wall, {cpu:.2f} s CPU,"
                f" {peak:.0f} MB, load {os.getloadavg()[0]:.1f}"
            )
    return runs


# ---------------------------------------------------------------- pages


_NAV_TAG = re.compile(r"<(/?)nav\b")
_PRIMARY_NAV = '<nav class="md-nav md-nav--primary"'


def nav_bytes(html: str) -> int:
    """Size of Material's primary (left) navigation inside one page."""
    start = html.find(_PRIMARY_NAV)
    if start < 0:
        return 0
    depth = 0
    for m in _NAV_TAG.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return html.find(">", m.end()) + 1 - start
    return len(html) - start


@dataclass
class PageSizes:
    files: int
    total_mb: float
    largest: str
    largest_kb: float
    largest_nav_kb: float
    dossier_median_kb: float  # a typical opportunity page
    dossier_nav_kb: float  # the nav inside that typical page
    page_view_kb: float  # what a browser loads to show that typical page (see page_view_kb)


def page_sizes(site: Path, dossiers_dir: Path) -> PageSizes:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    largest = max(sizes, key=lambda k: sizes[k])
    slugs = {p.name for p in dossiers_dir.iterdir()}  # the generated folder names are slugs
    dossier_pages = sorted(
        (size, path)
        for path, size in sizes.items()
        if path.count("/") == 2 and path.split("/")[1] in slugs
    )
    typical = dossier_pages[len(dossier_pages) // 2][1] if dossier_pages else largest

    def nav_kb(path: str) -> float:
        return nav_bytes((site / path).read_text(encoding="utf-8")) / 1024

    return PageSizes(
        len(sizes),
        sum(sizes.values()) / 2**20,
        largest,
        sizes[largest] / 1024,
        nav_kb(largest),
        sizes[typical] / 1024,
        nav_kb(typical),
        page_view_kb(site, typical),
    )


def page_view_kb(site: Path, path: str) -> float:
    """KB one page view loads: every response the page asks for, uncompressed.

    The site is served on loopback by Python's http.server (no compression), opened
    in headless Chromium on a phone viewport, and given a second after `load`
    (Material used to fetch its search index then). The service worker is blocked:
    its one-off copy of the site for offline use is not part of a page view.
    """
    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM, LAUNCH_ARGS, PHONE_CONTEXT_OPTIONS, serve_directory
    from playwright.sync_api import sync_playwright

    loaded: list[Any] = []
    with serve_directory(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            context = browser.new_context(**PHONE_CONTEXT_OPTIONS, service_workers="block")
            context.on("response", lambda response: loaded.append(response))
            page = context.new_page()
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("load")
            page.wait_for_timeout(1000)
            total = 0
            for response in loaded:
                try:
                    total += len(response.body())
                except Exception:  # a response without a body (redirect, aborted)
                    continue
        finally:
            browser.close()
    return total / 1024


# ---------------------------------------------------------------- core alone


@dataclass
class CoreTimes:
    load: float  # seconds: read, parse and validate
    analyse: float
    render: float  # Jinja environment plus every page
    calendars: float = 0.0  # the .ics files the plugin also builds; not part of `total`

    @property
    def total(self) -> float:
        return self.load + self.analyse + self.render


def core_once(dossiers_dir: Path, today: dt.date) -> CoreTimes:
    t0 = now()
    dossiers = load_or_raise(dossiers_dir, dossiers_dir.parent)
    extra: dict[str, Any] = {}
    if load_rates_or_raise is not None:  # exchange rates, when the core has them
        extra["rates"] = load_rates_or_raise(dossiers_dir, dossiers_dir.parent)
    t1 = now()
    analyses = analyse_all(dossiers, today)
    t2 = now()
    renderer = Renderer(REPO / "templates", default_templates_dir())
    build_site(analyses, renderer, home="index.md", **extra)
    t3 = now()
    if calendar_files is not None:
        calendar_files(dossiers, today)
    t4 = now()
    return CoreTimes(t1 - t0, t2 - t1, t3 - t2, t4 - t3)


COMPILE_SNIPPET = """
import sys, time
from pathlib import Path
clock = time.process_time if sys.argv[2] == "cpu" else time.perf_counter
start = clock()
import interview_dossier.mkdocs_plugin.plugin
from interview_dossier.render import Renderer, default_templates_dir
imported = clock()
templates = Path(sys.argv[1])
renderer = Renderer(templates, default_templates_dir())
for name in renderer.env.list_templates(extensions=["j2"]):
    if name.startswith(("pages/", "messages/")):
        renderer.template(name)
done = clock()
print(1000 * (imported - start), 1000 * (done - imported))
"""


def cold_start_ms() -> tuple[float, float]:
    """In a fresh process: importing our plugin, then compiling every page template."""
    out = subprocess.run(
        [sys.executable, "-c", COMPILE_SNIPPET, str(REPO / "templates"), CLOCK["name"]],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "plugins")},
    )
    imported, compiled = out.stdout.split()
    return float(imported), float(compiled)


def time_core(dossiers_dir: Path, rounds: int) -> CoreTimes:
    today = dt.date.fromisoformat(TODAY)
    core_once(dossiers_dir, today)  # warm-up: template compilation is reported on its own
    runs = [core_once(dossiers_dir, today) for _ in range(rounds)]
    return CoreTimes(
        statistics.median(r.load for r in runs),
        statistics.median(r.analyse for r in runs),
        statistics.median(r.render for r in runs),
        statistics.median(r.calendars for r in runs),
    )


def profile_core(dossiers_dir: Path, top: int = 10) -> str:
    today = dt.date.fromisoformat(TODAY)
    core_once(dossiers_dir, today)  # warm: imports, first-use caches
    profiler = cProfile.Profile()
    profiler.enable()
    core_once(dossiers_dir, today)
    profiler.disable()
    stats = pstats.Stats(profiler)
    lines = []
    for key in ("cumulative", "tottime"):
        entries = sorted(
            stats.stats.items(),  # type: ignore[attr-defined]
            key=lambda kv: kv[1][3] if key == "cumulative" else kv[1][2],
            reverse=True,
        )[:top]
        lines.append(f"Top {top} by {key} time ({len(stats.stats)} functions):")  # type: ignore[attr-defined]
        lines.append(f"  {'calls':>9} {'tottime s':>9} {'cumtime s':>9}  function")
        for (filename, line, name), (_, calls, tottime, cumtime, _) in entries:
            where = _short(filename)
            label = f"{where}:{line}({name})" if line else name
            lines.append(f"  {calls:>9} {tottime:>9.3f} {cumtime:>9.3f}  {label}")
        lines.append("")
    return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in ("site-packages/", "plugins/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


# ---------------------------------------------------------------- serve-like rebuild


@dataclass
class ServeResult:
    cold_ms: float  # first on_config + on_files, empty cache
    warm_ms: float  # median after touching one note
    reads: list[int]  # cache reads per warm rebuild; each should be 1
    same_instance: bool  # whether MkDocs itself handed back the kept plugin


def time_serve(root: Path, rounds: int, seed: int) -> ServeResult:
    """The plugin's share of a `mkdocs serve` rebuild after one note is edited."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    ours = root / "ours" / "mkdocs.yml"

    def rebuild(plugin: Any) -> tuple[float, Any]:
        config = load_config(config_file=str(ours))  # serve reloads the config
        files = get_files(config)  # MkDocs' own work: not timed
        config.plugins._current_plugin = "dossier"  # as MkDocs sets it while running an event
        start = now()
        config = plugin.on_config(config)
        plugin.on_files(files, config=config)
        elapsed = now() - start
        config.plugins._current_plugin = None
        return elapsed * 1000, config

    config = load_config(config_file=str(ours))
    from interview_dossier.mkdocs_plugin.plugin import DossierPlugin

    plugin = DossierPlugin()  # a fresh instance, kept across rebuilds as on_startup asks
    plugin.load_config(dict(config.plugins["dossier"].config))
    plugin.on_startup(command="serve", dirty=True)  # as `dossier serve` runs it
    assert isinstance(plugin.cache, DossierCache)
    cold, _ = rebuild(plugin)
    again = load_config(config_file=str(ours)).plugins["dossier"]
    same = again is config.plugins["dossier"]

    rng = random.Random(seed)
    notes = sorted((root / "data" / "dossiers").glob("*/*.md"))
    warm, reads = [], []
    for r in range(rounds):
        note = rng.choice(notes)
        st = note.stat()
        os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns + (r + 1) * 1_000_000_000))
        before = plugin.cache.reads
        ms, _ = rebuild(plugin)
        warm.append(ms)
        reads.append(plugin.cache.reads - before)
    return ServeResult(cold, statistics.median(warm), reads, same)


def warm_runs(
    project: Project, site: Path, base_site: Path, rounds: int, seed: int
) -> tuple[Runs, Runs]:
    """Full builds with a warm disk cache, each after one note was edited, alternating
    with baseline builds. Those baseline builds are the warm ratio's denominator:
    this machine's speed drifts by a tenth over minutes, so a ratio against builds
    made earlier in the run measured the drift as much as the cache."""
    run_build(project.warm, site)  # fills the cache; not counted
    notes = sorted((project.root / "data" / "dossiers").glob("*/*.md"))
    rng = random.Random(seed)
    warm, beside = Runs(), Runs()
    for r in range(rounds):
        note = rng.choice(notes)
        with note.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited for warm round {r + 1}.\n")
        order = [
            ("warm", project.warm, site, warm),
            ("baseline", project.baseline, base_site, beside),
        ]
        for name, config, out, runs in order if r % 2 == 0 else reversed(order):
            seconds, cpu, peak = run_build(config, out)
            runs.seconds.append(seconds)
            runs.cpu.append(cpu)
            runs.peak_mb.append(peak)
            progress(
                f"N={project.n} warm round {r + 1}/{rounds}: {name} {seconds:.2f} s wall,"
                f" {cpu:.2f} s CPU"
            )
    return warm, beside


@dataclass
class LiveResult:
    start_s: float  # first build of `mkdocs serve --dirty`, until the home page answers
    note_s: list[float]  # save a note -> its page shows the new text
    facts_s: list[float]  # save a dossier.yml -> its card shows the new stage
    search_ok: bool  # the search index holds every new text, once
    nav_ok: bool  # a page reached from the nav still loads after each edit

    @property
    def worst_median(self) -> float:
        return max(statistics.median(self.note_s), statistics.median(self.facts_s))


def _http(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def _until(url: str, text: str, timeout: float = 300) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        status, body = _http(url)
        if status == 200 and text in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise BuildFailed(f"{url} did not show {text!r} within {timeout:.0f} s")


def _note_page(note: Path) -> str:
    from interview_dossier.model import Section
    from interview_dossier.render.pages import SECTION_PAGE

    text = note.read_text(encoding="utf-8")
    section = "notes"
    if text.startswith("---"):
        section = (yaml.safe_load(text.split("---", 2)[1]) or {}).get("section", "notes")
    return SECTION_PAGE[Section(section)]


def time_live(project: Project, edits: int, seed: int) -> LiveResult:
    """A real `mkdocs serve --dirty`: wall time from saving a file to the page showing it."""
    from interview_dossier.load.loader import slugify

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(project.warm)]
    cmd += ["-a", f"127.0.0.1:{port}"]
    dossiers = project.root / "data" / "dossiers"
    folders = sorted(p for p in dossiers.iterdir() if p.is_dir())
    rng = random.Random(seed)
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project.warm.parent, stdout=log, stderr=log)
        try:
            _until(f"{base}/index.html", "Dashboard", timeout=1800)
            started = time.perf_counter() - start
            note_s: list[float] = []
            facts_s: list[float] = []
            words: list[str] = []
            nav_ok = True
            for k in range(edits):
                folder = rng.choice(folders)
                slug = slugify(folder.name)
                note = rng.choice(sorted(folder.glob("*.md")))
                word = f"Livemark{k}note{rng.randrange(10**6)}"
                with note.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{word}\n")
                note_s.append(_until(f"{base}/opportunities/{slug}/{_note_page(note)}.html", word))
                words.append(word)

                facts = folder / "dossier.yml"
                word = f"Livemark{k}stage{rng.randrange(10**6)}"
                lines = [
                    line
                    for line in facts.read_text(encoding="utf-8").splitlines()
                    if not line.startswith("stage:")
                ]
                facts.write_text("\n".join([*lines, f"stage: {word}", ""]), encoding="utf-8")
                facts_s.append(_until(f"{base}/opportunities/{slug}/index.html", word))
                words.append(word)
                nav_ok &= _http(f"{base}/opportunities/offers.html")[0] == 200
            time.sleep(1)  # the index is written at the end of the build that showed the page
            _, index = _http(f"{base}/search/search_index.json")
            docs = json.loads(index)["docs"] if index else []
            text = " ".join(d.get("text", "") for d in docs)
            locations = [d["location"] for d in docs]
            search_ok = all(w in text for w in words) and len(locations) == len(set(locations))
            return LiveResult(started, note_s, facts_s, search_ok, nav_ok)
        except BuildFailed:
            log.seek(0)
            progress(log.read().decode("utf-8", "replace")[-4000:])
            raise
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ---------------------------------------------------------------- workers

WORKERS = ("core", "serve", "profile")


def worker(kind: str, root: Path, rounds: int, seed: int) -> dict[str, Any]:
    """One in-process measurement, run in a fresh process (see run_worker)."""
    dossiers_dir = root / "data" / "dossiers"
    if kind == "core":
        return dataclasses.asdict(time_core(dossiers_dir, rounds))
    if kind == "serve":
        return dataclasses.asdict(time_serve(root, rounds, seed))
    return {"text": profile_core(dossiers_dir)}


def run_worker(kind: str, root: Path, rounds: int, seed: int) -> dict[str, Any]:
    """In-process timings run in a child of their own, so that they see one site's
    objects only (as a `mkdocs build` or `mkdocs serve` process does), not the
    heap this script builds up; Python's garbage collector scans all of it."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--root", str(root)]
    cmd += ["--rounds", str(rounds), "--seed", str(seed), "--clock", CLOCK["name"]]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode:
        raise BuildFailed(f"{' '.join(cmd)} exited with {out.returncode}:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- report


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


@dataclass
class SizeResult:
    n: int
    pages: int
    ours: Runs
    baseline: Runs
    autonav: Runs | None
    html: PageSizes
    core: CoreTimes
    serve: ServeResult
    warm: Runs
    warm_base: Runs  # baseline builds alternating with the warm ones
    live: LiveResult

    @property
    def ratio(self) -> float:
        return self.ours.median / self.baseline.median

    @property
    def warm_ratio(self) -> float:
        return self.warm.median / self.warm_base.median


INTRO = """\
Dossier build benchmark. At each size N it generates N synthetic dossiers (every
section filled, notes and offers, all statuses; deterministic seed) and compares:
  ours      `mkdocs build` with our `dossier` plugin reading dossiers/;
  baseline  `mkdocs build` of the very same generated pages written out as plain
            Markdown (plus every other file the plugin generates), with the same
            nav, theme, features, plugins, Markdown extensions, CSS and JS, minus
            ours. ours - baseline = what our plugin costs.
Builds run in child processes (CPU time and peak RSS from wait4), alternating,
{rounds} round(s); times are medians. Targets are checked on {clock} time.
Also: our core alone (load+validate, analyse, render; no MkDocs), page HTML
sizes, plain Material with its default automatic nav (no nav:, no
navigation.prune) at N={autonav}, the plugin's own share of a serve rebuild
after touching one note, full builds with a warm disk cache after a one-note
edit ("warm", alternating with baseline builds it is compared with), and a real `mkdocs serve --dirty`: wall seconds from saving a
note or a dossier.yml to the served page showing the change ("live").
Python {python}, DOSSIER_TODAY={today}.
"""


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for k, row in enumerate(rows):
        out.append(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def report(
    results: list[SizeResult], cold: tuple[float, float]
) -> list[tuple[str, bool | None, str]]:
    """Print the tables; return the target checks as (name, passed, value)."""
    small, large = results[0], results[-1]
    print(
        "\nFull builds (medians of wall seconds, and of the child's CPU seconds, which a busy"
        " machine disturbs less; MB is the largest peak RSS of a build)"
    )
    rows = [
        [
            "N",
            "pages",
            "ours wall s",
            "base wall s",
            "wall ours/base",
            "ours CPU s",
            "base CPU s",
            "CPU ours/base",
            "warm CPU s",
            "base beside warm CPU s",
            "warm/base",
            f"ours {CLOCK['name']} ms/dossier",
            f"plugin {CLOCK['name']} ms/dossier",
            "ours MB",
            "base MB",
        ]
    ]
    for r in results:
        rows.append(
            [
                str(r.n),
                str(r.pages),
                f"{r.ours.wall_median:.2f}",
                f"{r.baseline.wall_median:.2f}",
                f"{r.ours.wall_median / r.baseline.wall_median:.2f}",
                f"{r.ours.cpu_median:.2f}",
                f"{r.baseline.cpu_median:.2f}",
                f"{r.ours.cpu_median / r.baseline.cpu_median:.2f}",
                f"{r.warm.cpu_median:.2f}",
                f"{r.warm_base.cpu_median:.2f}",
                f"{r.warm_ratio:.2f}",
                f"{1000 * r.ours.median / r.n:.1f}",
                f"{1000 * (r.ours.median - r.baseline.median) / r.n:+.1f}",
                f"{r.ours.peak:.0f}",
                f"{r.baseline.peak:.0f}",
            ]
        )
    print(table(rows))
    if any(r.autonav is not None for r in results):
        for r in results:
            if r.autonav is not None:
                print(
                    f"Material default auto nav at N={r.n}: {r.autonav.wall_median:.2f} s wall,"
                    f" {r.autonav.cpu_median:.2f} s CPU, {r.autonav.peak:.0f} MB"
                )

    print("\nPages (our site; nav = Material's primary nav inside the page)")
    rows = [
        [
            "N",
            "html files",
            "site MB",
            "largest page",
            "KB",
            "its nav KB",
            "typical dossier page KB",
            "its nav KB",
            "one view of it KB",
        ]
    ]
    for r in results:
        h = r.html
        rows.append(
            [
                str(r.n),
                str(h.files),
                f"{h.total_mb:.1f}",
                h.largest,
                f"{h.largest_kb:.0f}",
                f"{h.largest_nav_kb:.0f}",
                f"{h.dossier_median_kb:.0f}",
                f"{h.dossier_nav_kb:.0f}",
                f"{h.page_view_kb:.0f}",
            ]
        )
    print(table(rows))
    print(
        "one view = every file a browser loads to show that page (HTML, CSS, scripts,"
        " icons, and the search index if it is fetched), uncompressed; target <= 250 KB."
    )

    print(
        f"\nCore alone, in-process, no MkDocs (median {CLOCK['name']} ms per dossier)."
        " Once per build process"
        f" and not counted here:\nimporting our plugin {cold[0]:.0f} ms, compiling the page"
        f" templates {cold[1]:.0f} ms (kept in memory after that, e.g. under serve)."
    )
    rows = [["N", "load+validate", "analyse", "render", "total", "total ms", "+ calendars (.ics)"]]
    for r in results:
        c = r.core
        rows.append(
            [
                str(r.n),
                *(f"{1000 * t / r.n:.2f}" for t in (c.load, c.analyse, c.render, c.total)),
                f"{1000 * c.total:.0f}",
                f"{1000 * c.calendars / r.n:.2f}",
            ]
        )
    print(table(rows))

    print(
        "\nServe-like rebuild: plugin on_config + on_files, kept instance, one note touched"
        f" ({CLOCK['name']} ms)"
    )
    rows = [["N", "cold ms", "after one-note edit ms", "dossiers re-read", "MkDocs kept instance"]]
    for r in results:
        s = r.serve
        rows.append(
            [
                str(r.n),
                f"{s.cold_ms:.0f}",
                f"{s.warm_ms:.0f}",
                ",".join(map(str, s.reads)),
                "yes" if s.same_instance else "no",
            ]
        )
    print(table(rows))

    print(
        "\nLive preview: a real `mkdocs serve --dirty`, wall seconds from saving a file to the"
        f" served page holding the change ({LIVE_EDITS} edits of each kind, medians)"
    )
    rows = [["N", "first build s", "note edit s", "dossier.yml edit s", "search", "nav page"]]
    for r in results:
        v = r.live
        rows.append(
            [
                str(r.n),
                f"{v.start_s:.1f}",
                f"{statistics.median(v.note_s):.2f} ({', '.join(f'{x:.2f}' for x in v.note_s)})",
                f"{statistics.median(v.facts_s):.2f} ({', '.join(f'{x:.2f}' for x in v.facts_s)})",
                "right" if v.search_ok else "WRONG",
                "loads" if v.nav_ok else "FAILS",
            ]
        )
    print(table(rows))

    checks: list[tuple[str, bool | None, str]] = []
    for r in results:
        checks.append(
            (f"ours/baseline at N={r.n} <= {MAX_RATIO:.2f}", r.ratio <= MAX_RATIO, f"{r.ratio:.2f}")
        )
    if len(results) >= 2:
        prev = results[-2]
        per_large, per_prev = large.ours.median / large.n, prev.ours.median / prev.n
        checks.append(
            (
                f"build s/dossier at N={large.n} <= {MAX_SCALING}x N={prev.n}",
                per_large <= MAX_SCALING * per_prev,
                f"{1000 * per_large:.1f} vs {1000 * per_prev:.1f} ms = {per_large / per_prev:.2f}x",
            )
        )
        growth = large.html.largest_kb / small.html.largest_kb
        checks.append(
            (
                f"largest page HTML at N={large.n} <= {MAX_PAGE_GROWTH}x N={small.n}",
                growth <= MAX_PAGE_GROWTH,
                f"{large.html.largest_kb:.0f} vs {small.html.largest_kb:.0f} KB = {growth:.1f}x",
            )
        )
    auto = next((r for r in results if r.autonav is not None), None)
    if auto is not None and auto.autonav is not None:
        share = auto.ours.median / auto.autonav.median
        checks.append(
            (
                f"ours <= {MAX_VS_AUTONAV}x Material default auto nav at N={auto.n}",
                share <= MAX_VS_AUTONAV,
                f"{auto.ours.median:.2f} vs {auto.autonav.median:.2f} s = {share:.2f}x",
            )
        )
    else:
        checks.append((f"ours vs default auto nav at N={AUTONAV_N}", None, "not run (size absent)"))
    core_ms = 1000 * large.core.total / large.n
    checks.append(
        (
            f"core alone at N={large.n} <= {MAX_CORE_MS} ms/dossier",
            core_ms <= MAX_CORE_MS,
            f"{core_ms:.2f} ms",
        )
    )
    if len(results) >= 3:
        base_r, prev = results[0], results[-2]

        def slope(r: SizeResult) -> float:
            return (r.ours.peak - base_r.ours.peak) / (r.n - base_r.n)

        checks.append(
            (
                f"peak memory linear: MB/dossier above N={base_r.n}, at N={large.n} <= "
                f"{MAX_MEMORY_GROWTH}x at N={prev.n}",
                slope(large) <= MAX_MEMORY_GROWTH * max(slope(prev), 1e-9),
                f"{slope(large):.3f} vs {slope(prev):.3f} MB/dossier",
            )
        )
    elif len(results) == 2:
        a, b = results[0].ours.peak / results[0].n, large.ours.peak / large.n
        checks.append(
            (
                f"peak memory per dossier at N={large.n} <= N={results[0].n}",
                b <= a,
                f"{b:.2f} vs {a:.2f} MB/dossier",
            )
        )
    for r in results:
        ok = r.serve.warm_ms <= MAX_SERVE_MS and all(x == 1 for x in r.serve.reads)
        checks.append(
            (
                f"serve one-note edit at N={r.n}: plugin <= {MAX_SERVE_MS:.0f} ms, 1 re-read",
                ok,
                f"{r.serve.warm_ms:.0f} ms, re-read {r.serve.reads}",
            )
        )

    for r in results:
        checks.append(
            (
                f"warm cache, one-note edit: ours/baseline at N={r.n} <= {MAX_WARM_RATIO:.2f}",
                r.warm_ratio <= MAX_WARM_RATIO,
                f"{r.warm_ratio:.2f}",
            )
        )
    for r in results:
        limit = MAX_LIVE_SECONDS.get(r.n, MAX_LIVE_SECONDS[1000])
        worst = r.live.worst_median
        checks.append(
            (
                f"live preview at N={r.n}: edit to page <= {limit:.1f} s wall, search right",
                worst <= limit and r.live.search_ok and r.live.nav_ok,
                f"{worst:.2f} s",
            )
        )

    print("\nTargets")
    width = max(len(name) for name, _, _ in checks)
    for name, passed, value in checks:
        verdict = "SKIP" if passed is None else ("PASS" if passed else "MISS")
        print(f"  {verdict}  {name.ljust(width)}  {value}")
    return checks


def notes_on_nav(results: list[SizeResult]) -> None:
    large = results[-1]
    if large.html.dossier_median_kb <= 0:
        return
    share = large.html.dossier_nav_kb / large.html.dossier_median_kb
    print(
        f"\nNav weight at N={large.n}: a typical dossier page is {large.html.dossier_median_kb:.0f} KB, "
        f"of which {large.html.dossier_nav_kb:.0f} KB ({100 * share:.0f}%) is the left nav; the "
        f"site totals {large.html.total_mb:.0f} MB of HTML over {large.html.files} files."
    )
    if share > 0.5:
        print(
            "The per-page nav dominates: navigation.sections renders every status group and,"
            " inside it, one entry per dossier, so each page carries O(N) nav and the build is"
            " O(N^2). This is a nav layout question for the lead, not a plugin speed problem."
        )


# ---------------------------------------------------------------- main


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


class Stopped(Exception):
    pass


def _stop(signum: int, _frame: Any) -> None:
    raise Stopped(f"stopped by signal {signal.Signals(signum).name}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the core at N=1000")
    parser.add_argument("--workdir", type=Path, help="keep generated projects here")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="clock the targets are checked on (default cpu: steadier on a shared machine)",
    )
    parser.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    CLOCK["name"] = args.clock
    if args.worker:
        print(json.dumps(worker(args.worker, args.root, args.rounds, args.seed)))
        return 0
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)  # say so, and clean up, rather than vanish
    if sizes[0] < 1 or args.rounds < 1:
        parser.error("sizes and rounds must be positive")

    print(
        INTRO.format(
            rounds=args.rounds,
            autonav=AUTONAV_N,
            today=TODAY,
            python=sys.version.split()[0],
            clock="CPU" if args.clock == "cpu" else "wall",
        )
    )
    print(
        f"Commit {_commit()} (plus any uncommitted changes); CPUs: {os.cpu_count()};"
        f" load average at start: {os.getloadavg()[0]:.1f}"
    )
    # An installed package has its modules compiled to bytecode. Where Python may not
    # write bytecode itself (PYTHONDONTWRITEBYTECODE, a read-only checkout), every
    # build would compile our edited modules from source again: a tenth of a second
    # that only ours pays and no user's install does. Compile them once, as pip does.
    compileall.compile_dir(str(REPO / "plugins"), quiet=1)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    profile_text = ""
    try:
        for n in sizes:
            root = work / f"n{n}"
            if root.exists():
                shutil.rmtree(root)
            progress(f"N={n}: generating and pre-rendering")
            project = make_project(n, args.seed, root)
            builds = {
                "ours": (project.ours, root / "site-ours"),
                "baseline": (project.baseline, root / "site-baseline"),
            }
            if n == AUTONAV_N:
                builds["autonav"] = (project.autonav, root / "site-autonav")
            runs = alternate(builds, args.rounds, n)
            html = page_sizes(root / "site-ours", root / "data" / "dossiers")
            same = len(list((root / "site-baseline").rglob("*.html")))
            if same != html.files:
                progress(f"N={n}: WARNING ours has {html.files} HTML files, baseline {same}")
            progress(f"N={n}: core alone")
            core = CoreTimes(**run_worker("core", root, args.rounds, args.seed))
            progress(f"N={n}: serve-like rebuild")
            serve = ServeResult(**run_worker("serve", root, max(args.rounds, 3), args.seed))
            progress(f"N={n}: full builds with a warm disk cache")
            warm, warm_base = warm_runs(
                project, root / "site-warm", root / "site-baseline", args.rounds, args.seed
            )
            progress(f"N={n}: live preview under mkdocs serve --dirty")
            live = time_live(project, LIVE_EDITS, args.seed)
            if args.profile and n == max(sizes):
                progress(f"N={n}: profiling the core")
                profile_text = run_worker("profile", root, 1, args.seed)["text"]
            results.append(
                SizeResult(
                    n,
                    project.pages,
                    runs["ours"],
                    runs["baseline"],
                    runs.get("autonav"),
                    html,
                    core,
                    serve,
                    warm,
                    warm_base,
                    live,
                )
            )
            for name in ("site-ours", "site-baseline", "site-autonav", "site-warm"):
                shutil.rmtree(root / name, ignore_errors=True)
    except BuildFailed as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    except Stopped as exc:
        print(f"\n{exc}; results so far are in the progress lines above", file=sys.stderr)
        return 2
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"\nLoad average at the end: {os.getloadavg()[0]:.1f} (other work on the machine skews wall times)"
    )
    report(results, cold_start_ms())
    notes_on_nav(results)
    if profile_text:
        print(
            f"\nProfile of the core at N={max(sizes)} (one pass: load, analyse, render, calendars)\n"
        )
        print(profile_text)
    print(f"\nours/baseline at N={results[-1].n}: {results[-1].ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The mentor's view and the dashboard, round two (issue 26), read from real builds.

- A shared copy's home is titled with the owner's name from `_me.yml`, or a
  neutral title; never "Your opportunities".
- On the owner's site a mentor's comment stands in the section it was written on,
  keeps its line breaks, and says whether it is open or done.
- The dashboard shows the stages once; the state check is worded so that a tick
  means "I am in a good state".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sitebuild import article, build_ok, make_project, mkdocs_build, text_of

ACME = """\
company: Acme Corp
role: Senior Engineer
status: interviewing
interviews:
  - when: 2026-12-10T15:00:00
    timezone: Europe/Amsterdam
    stage: Panel
objections:
  - objection: Why leave now?
    answer: The work I want to do next is here.
"""

OVERVIEW_COMMENT = """\
---
title: Sam on the overview
mentor: true
author: Sam Okafor
section: overview
date: 2026-11-20
---

First line of the comment
second line, typed on its own line
third line
"""

OBJECTIONS_COMMENT = """\
---
title: Sam on objections
mentor: true
author: Sam Okafor
section: objections
date: 2026-11-21
done: true
---

Answer with the scope first.
"""

OWN_NOTE = """\
---
title: My own overview note
section: overview
---

Joined
lines.
"""


def project(tmp_path: Path, *, me: str | None) -> Path:
    root = make_project(
        tmp_path / "project",
        {
            "acme-corp": {
                "dossier.yml": ACME,
                "mentor-overview.md": OVERVIEW_COMMENT,
                "mentor-objections.md": OBJECTIONS_COMMENT,
                "own-overview.md": OWN_NOTE,
            }
        },
    )
    if me is not None:
        (root / "dossiers" / "_me.yml").write_text(f"name: {me}\n", encoding="utf-8")
    return root


def home_title(site: Path) -> str:
    h1 = article(site / "index.html").find("h1")
    assert h1 is not None
    return text_of(h1).rstrip("¶").strip()


@pytest.mark.parametrize(
    ("me", "title"),
    [
        ("Alex Moreau", "Alex Moreau's interview dossier"),
        ("Chris Evans", "Chris Evans's interview dossier"),
        ("Zoë <b>O'Neil</b> [x](y)", "Zoë <b>O'Neil</b> [x](y)'s interview dossier"),
        (None, "Interview dossier"),
    ],
)
def test_a_shared_home_is_titled_with_the_owners_name(
    tmp_path: Path, me: str | None, title: str
) -> None:
    root = project(tmp_path, me=me if me is None else f'"{me}"')
    shared = mkdocs_build(root, env={"DOSSIER_SHARE": "1"})
    assert shared.returncode == 0, shared.stderr
    site = root / "site"
    assert home_title(site) == title
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Your opportunities" not in page.get_text()
    assert article(site / "index.html").find("b") is None  # a name is text, not markup


def test_the_owners_home_is_still_theirs(tmp_path: Path) -> None:
    site = build_ok(project(tmp_path, me="Alex Moreau"))
    assert home_title(site) == "Your opportunities"


def _following(start: Tag, stop_id: str) -> list[Tag]:
    """The elements after `start`, up to the heading with id `stop_id`."""
    found = []
    for el in start.find_next_siblings():
        if el.get("id") == stop_id:
            return found
        found.append(el)
    raise AssertionError(f"no #{stop_id} after {start}")


def test_a_mentors_comment_stands_in_its_section_with_its_line_breaks(tmp_path: Path) -> None:
    site = build_ok(project(tmp_path, me="Alex Moreau"))
    card = article(site / "opportunities/acme-corp/index.html")
    comments = card.select("section.dossier-mentor")
    assert len(comments) == 1
    comment = comments[0]
    # Overview: right after the card's glance, before the state check, not at the bottom.
    glance = card.select_one("div.dossier-card")
    assert glance is not None
    assert comment in _following(glance, "state-check")
    assert "dossier-mentor-open" in comment["class"]
    assert "open" in text_of(comment)
    body = comment.select_one(".dossier-note-body")
    assert body is not None
    assert len(body.find_all("br")) == 2, body  # three typed lines, three lines shown
    # The owner's own note keeps Markdown's rules: its lines join.
    own = [s for s in card.select("section.dossier-note") if "My own overview note" in text_of(s)]
    assert own and not own[0].find_all("br")

    prepare = article(site / "opportunities/acme-corp/prepare.html")
    objections = prepare.find(id="objections")
    assert objections is not None
    placed = [
        el
        for el in _following(objections, "alternatives-batna")
        if el.name == "section" and "dossier-mentor" in el.get("class", [])
    ]
    assert len(placed) == 1
    assert "dossier-mentor-done" in placed[0]["class"]
    assert "done" in text_of(placed[0])
    assert len(prepare.select("section.dossier-mentor")) == 1  # not repeated at the bottom


def test_the_dashboard_shows_the_stages_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", examples=True)
    home = article(build_ok(root) / "index.html")
    headings = [text_of(h).rstrip("¶").strip() for h in home.find_all("h2")]
    assert headings.count("By stage") == 1
    stages = home.find(id="by-stage")
    section = _following(stages, "the-method")
    # One account of the stages: no picture repeating the list beside it.
    assert [el for el in section if el.find("svg") or el.name == "figure"] == []
    lists = [el for el in section if el.name == "ul"]
    assert len(lists) == 1
    lines = [" ".join(li.get_text().split()) for li in lists[0].find_all("li", recursive=False)]
    assert "Interviewing: 1 (Northwind Robotics)" in lines
    assert "Offers: 1 (Lumen Health)" in lines
    # Each company is a link to its card.
    links = {a.get_text(): a["href"] for a in lists[0].find_all("a")}
    assert links["Northwind Robotics"] == "opportunities/northwind-robotics/index.html"


def test_the_state_check_is_ticked_for_a_good_state(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", examples=True)
    card = article(build_ok(root) / "opportunities/northwind-robotics/index.html")
    heading = card.find(id="state-check")
    section = _following(heading, "at-a-glance")
    words = " ".join(text_of(el) for el in section)
    assert "answer no" not in words.lower() and "honestly answer" not in words.lower()
    items = [text_of(li) for el in section for li in el.select("li.task-list-item")]
    assert len(items) == 5
    # Statements a tick affirms, not questions a tick answers "no" to.
    assert all(not item.endswith("?") for item in items), items

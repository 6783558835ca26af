"""Whole sites built with real MkDocs and Material, read back with an HTML parser."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import REPO, TODAY, article, build_ok, make_project, mkdocs_build, soup, text_of

ACME = """\
company: Acme Rockets
role: Staff Engineer
status: offer
level: Staff
work_format: hybrid
people:
  - name: Dana Fox
    role: HR partner
  - name: Lee Park
    role: hiring manager
    background: Ran the launch team for six years
homework:
  company:
    business: Builds small launch vehicles
    markets: Satellite operators
    clients: Two national agencies
  role:
    pain: Flaky telemetry pipeline
  skills:
    fits: [Streaming systems]
    gaps:
      - gap: Rust
        cover: Side project in Rust since 2024
      - gap: Avionics
compensation:
  currency: EUR
  desired: {base: 100000}
  minimum: 90000
  market:
    - source: Survey A
      low: 85000
      high: 110000
  company_range: {low: 80000, high: 95000}
red_lines:
  - rule: No more than two office days a week
    because: A long commute wore me out
    max_office_days: 2
  - rule: Not below Staff
    min_level: Staff
offers:
  - label: First offer
    date: 2026-11-20
    base: 88000
    work_format: hybrid
    office_days: 4
    deadline: 2026-12-04
commitments:
  - what: Send references
    due: 2026-11-20
  - what: Send the code sample
    due: 2026-11-30
objections:
  - objection: You never worked on rockets.
    answer: I shipped telemetry for trains; the data problems are the same.
"""

BETA = """\
company: Beta Labs
role: Engineer
status: interviewing
interviews:
  - when: 2026-12-01T09:30:00
    timezone: Europe/Berlin
    stage: Onsite
    place: Beta HQ
    people: [Kim]
"""


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("examples"), examples=True)
    return build_ok(root)


@pytest.fixture(scope="module")
def acme_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("acme"),
        {"acme": {"dossier.yml": ACME}, "beta": {"dossier.yml": BETA}},
    )
    return build_ok(root)


def page(site: Path, slug: str, stem: str) -> Path:
    return site / "opportunities" / slug / f"{stem}.html"


def test_every_example_has_every_page_and_section(example_site: Path) -> None:
    slugs = sorted(
        p.name
        for p in (REPO / "dossiers").iterdir()
        if p.is_dir() and not p.name.startswith(("_", "."))
    )
    assert len(slugs) >= 2
    expected = {
        "index": ["When and where", "Your numbers", "State check"],
        "prepare": ["Homework", "People", "Objections", "Alternatives (BATNA)", "Fit review"],
        "numbers": ["Compensation", "Offers received", "Red lines", "Negotiation budget"],
        "log": ["Interviews", "Commitments", "Stage log", "Feedback", "Pressure log"],
        "scripts": ["Under pressure"],  # the rest depends on the stage (test_scripts.py)
    }
    for slug in slugs:
        for stem, headings in expected.items():
            body = article(page(example_site, slug, stem))
            found = {
                " ".join(h.get_text(" ").replace("¶", "").split())
                for h in body.find_all(["h2", "h3"])
            }
            for heading in headings:
                if heading == "When and where" and "No upcoming interview" in text_of(body):
                    continue
                assert heading in found, (
                    f"{slug}/{stem}: missing {heading!r}; found {sorted(found)}"
                )


def test_method_pages_are_built_and_credited(example_site: Path) -> None:
    method = sorted((example_site / "method").glob("*.html"))
    assert len(method) == 10
    for path in method:
        assert "Maryna Khomich" in text_of(article(path))


def test_nav_groups_opportunities_by_status_and_titles_them(example_site: Path) -> None:
    nav = soup(example_site / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    labels = [
        " ".join(x.get_text(" ").split()) for x in nav.select("label.md-nav__link, a.md-nav__link")
    ]
    assert "Interviewing" in labels and "Offers" in labels and "Method" in labels
    assert any("Northwind Robotics — Senior Platform Engineer" in label for label in labels)


def test_dashboard_lists_each_opportunity_with_progress_and_offer(acme_site: Path) -> None:
    body = article(acme_site / "index.html")
    blocks = {
        text_of(block.find("a")): text_of(block)
        for block in body.select(".dossier-opportunities .dossier-opportunity")
    }
    acme = blocks["Acme Rockets — Staff Engineer"]
    # homework: company 3/9, role 1/3, people 2/3 (named; Lee researched; Dana not), skills 3/4
    assert f"Homework {round(100 * 9 / 19)}%" in acme
    assert "88,000 EUR a year · First offer, base below floor, breaches a red line" in acme
    assert "overdue" in acme and "Send references" in acme
    assert "dossier-has-overdue" in body.select_one(".dossier-has-overdue")["class"]
    beta = blocks["Beta Labs — Engineer"]
    assert "Interview: Tue 1 Dec 2026, 09:30 Berlin time" in beta
    link = body.select_one('a[href="opportunities/acme/index.html"]')
    assert link is not None  # one tap from home to the card


def test_an_empty_section_has_no_heading(acme_site: Path) -> None:
    # Beta's dossier says nothing about what a win looks like: no empty heading.
    headings = [text_of(h) for h in article(page(acme_site, "beta", "numbers")).select("h2")]
    assert not any("What a win looks like" in h for h in headings), headings


def test_homework_progress_names_gaps(acme_site: Path) -> None:
    body = article(page(acme_site, "acme", "prepare"))
    rows = {
        text_of(tr.find("td")): [text_of(td) for td in tr.find_all("td")]
        for tr in body.select("table tbody tr")
    }
    assert rows["Company"][1] == "3 / 9"
    assert "funding" in rows["Company"][2]
    assert rows["Skills match"][1] == "3 / 4"
    assert "cover for Avionics" in rows["Skills match"][2]
    assert "Avionics" in text_of(body.select_one(".admonition.warning"))


def test_offer_verdict_and_red_line_breach(acme_site: Path) -> None:
    body = article(page(acme_site, "acme", "numbers"))
    verdict = body.select_one(".dossier-verdict")
    assert verdict is not None and "dossier-danger" in verdict["class"]
    text = text_of(verdict)
    assert "Base 88,000 EUR a year is below your floor of 90,000 EUR a year" in text
    assert "against the market: within; against their range: within" in text
    assert "Red line breached : 4 office days a week, your limit is 2" in text
    lines = [
        text_of(li)
        for li in body.find("h2", id="red-lines").find_next("ul").find_all("li", recursive=False)
    ]
    assert lines[0].startswith("No more than two office days a week · breached")
    assert lines[1].startswith("Not below Staff · holds")


def test_overdue_commitment_is_flagged(acme_site: Path) -> None:
    body = article(page(acme_site, "acme", "log"))
    items = [text_of(li) for li in body.find("h2", id="commitments").find_next("ul").find_all("li")]
    assert items == [
        "Overdue Fri 20 Nov 2026: Send references",
        "Due Mon 30 Nov 2026: Send the code sample",
    ]


def test_decline_script_is_filled_with_this_dossier(acme_site: Path) -> None:
    body = article(page(acme_site, "acme", "scripts"))
    mismatch = text_of(body.find(id="decline-mismatch").find_next("div", class_="dossier-script"))
    assert mismatch.startswith("Hello Dana,")
    # The areas that miss, each once; never a figure or the floor.
    assert "when it comes to pay and office presence." in mismatch
    assert "88,000" not in mismatch and "EUR" not in mismatch
    pause = text_of(body.find(id="pause").find_next("div", class_="dossier-script"))
    assert "Friday 4 December" in pause and "Acme Rockets" in pause
    assert "Could I have until Monday 7 December" in pause


def test_batna_lists_other_live_opportunities(acme_site: Path) -> None:
    body = article(page(acme_site, "acme", "prepare"))
    link = body.select_one('a[href="../beta/index.html"]')
    assert link is not None and "Beta Labs" in link.get_text()


def test_user_text_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    yml = f"company: '{evil}'\nrole: '<img src=x onerror=alert(2)>'\nobjections:\n  - objection: '<b>bold</b>'\n    answer: x\n"
    site = build_ok(make_project(tmp_path, {"evil": {"dossier.yml": yml}}))
    for path in [site / "index.html", *sorted((site / "opportunities" / "evil").glob("*.html"))]:
        html = soup(path)
        assert not [s for s in html.find_all("script") if "alert" in (s.string or "")], path
        assert not html.select("img[onerror]"), path
        assert not html.find("b", string="bold"), path
    card = article(page(site, "evil", "index"))
    assert evil in text_of(card)


def test_template_override_wins(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {"beta": {"dossier.yml": BETA}},
        templates={
            "messages/withdraw.md.j2": "Dear {{ contact }}, my own words for {{ company }}.\n"
        },
    )
    site = build_ok(root)
    body = article(page(site, "beta", "scripts"))
    assert "my own words for Beta Labs" in text_of(body)
    # Templates without an override still come from the package.
    assert "Signs that you are being pushed" in text_of(body)


def test_notes_render_as_markdown_in_their_section(tmp_path: Path) -> None:
    note = "---\ntitle: Company digging\nsection: homework\n---\n\n## Findings\n\n- **Revenue** doubled\n"
    site = build_ok(make_project(tmp_path, {"beta": {"dossier.yml": BETA, "digging.md": note}}))
    body = article(page(site, "beta", "prepare"))
    assert body.find("strong", string="Revenue") is not None
    assert "Company digging" in text_of(body)


def test_strict_build_fails_with_the_loaders_message(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"broken": {"dossier.yml": "company: X\nrole: no\nstatuss: applied\n"}}
    )
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "dossiers/broken/dossier.yml:2:7" in result.stderr
    assert "role: expected text" in result.stderr
    assert "did you mean `status`" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_serve_watches_dossiers_and_templates(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    root = make_project(
        tmp_path, {"beta": {"dossier.yml": BETA}}, templates={"pages/notes.md.j2": "x\n"}
    )
    config = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = config.plugins["dossier"]
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)

    class Recorder:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Recorder()
    plugin.on_serve(server, config=config, builder=None)
    assert str(root / "dossiers") in server.watched
    assert str(root / "templates") in server.watched


def test_serve_rebuild_rereads_only_a_changed_dossier(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    root = make_project(tmp_path, {"acme": {"dossier.yml": ACME}, "beta": {"dossier.yml": BETA}})
    config = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = config.plugins["dossier"]
    plugin.on_startup(command="serve", dirty=False)
    # MkDocs keeps a plugin with on_startup across load_config calls: count from here.
    start = plugin.cache.parsed
    plugin.on_config(config)
    assert plugin.cache.parsed - start == 2
    plugin.on_config(load_config(config_file=str(root / "mkdocs.yml")))
    assert plugin.cache.parsed - start == 2
    path = root / "dossiers" / "beta" / "dossier.yml"
    path.write_text(BETA.replace("Engineer", "Lead Engineer"), encoding="utf-8")
    plugin.on_config(load_config(config_file=str(root / "mkdocs.yml")))
    assert plugin.cache.parsed - start == 3
    assert any("Beta Labs — Lead Engineer" in str(item) for item in plugin.site.nav)
    # A note edit re-reads, re-analyses and re-renders that one dossier only.
    analysed, rendered = plugin.analyses.computed, plugin.pages.rendered
    note = root / "dossiers" / "acme" / "thoughts.md"
    note.write_text("---\ntitle: Thoughts\n---\n\nFirst draft.\n", encoding="utf-8")
    plugin.on_config(load_config(config_file=str(root / "mkdocs.yml")))
    assert plugin.cache.parsed - start == 4
    assert (plugin.analyses.computed - analysed, plugin.pages.rendered - rendered) == (1, 1)
    acme_notes = next(p for p in plugin.site.pages if p.path == "opportunities/acme/notes.md")
    assert "First draft." in acme_notes.fill_fragments(acme_notes.content)


def test_two_builds_are_identical(tmp_path: Path) -> None:
    first = build_ok(make_project(tmp_path / "a", examples=True))
    second = build_ok(make_project(tmp_path / "b", examples=True))
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    # The one thing MkDocs itself stamps: the gzip header of the sitemap carries the build time.
    stamped = {"sitemap.xml.gz"}
    different = [
        n
        for n in names
        if n not in stamped and not filecmp.cmp(first / n, second / n, shallow=False)
    ]
    assert different == []


def test_non_editable_install_builds_outside_the_repository(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, str(REPO)], check=True, timeout=600)
    project = make_project(tmp_path / "elsewhere", {"beta": {"dossier.yml": BETA}})
    # Outside the repository there is no templates/ folder: the packaged ones must serve.
    assert not (project / "templates").exists()
    env = {"DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "PATH": str(venv / "bin")}
    build = subprocess.run(
        [str(venv / "bin" / "mkdocs"), "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    assert "Beta Labs" in text_of(
        article(project / "site" / "opportunities" / "beta" / "index.html")
    )
    check = subprocess.run(
        [str(venv / "bin" / "dossier"), "check"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    new = subprocess.run(
        [str(venv / "bin" / "dossier"), "new", "Gamma", "--role", "Analyst"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert new.returncode == 0, new.stderr
    assert (project / "dossiers" / "gamma" / "dossier.yml").is_file()


def test_many_dossiers_get_stage_pages_instead_of_a_long_nav(tmp_path: Path) -> None:
    root = make_project(tmp_path, examples=True, plugin_options={"nav_dossiers": 2})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "not included in the" not in result.stderr  # every page placed on purpose
    site = root / "site"
    home = soup(site / "index.html")
    nav = home.select_one("nav.md-nav--primary")
    nav_text = text_of(nav)
    assert "Interviewing (1)" in nav_text and "Offers (1)" in nav_text
    assert "Northwind Robotics" not in nav_text  # dossiers are not listed in the sidebar
    stage = article(site / "opportunities" / "stage" / "interviewing.html")
    link = stage.select_one('a[href="../northwind-robotics/index.html"]')
    assert link is not None and "Northwind Robotics" in link.get_text()
    # A dossier page is still one tap from the dashboard, and its tab bar links its pages.
    assert article(site / "index.html").select_one(
        'a[href="opportunities/northwind-robotics/index.html"]'
    )
    tabs = article(page(site, "northwind-robotics", "numbers")).select_one("nav.dossier-tabs")
    assert [a["href"] for a in tabs.select("a")] == [
        "index.html",
        "prepare.html",
        "log.html",
        "scripts.html",
    ]
    assert text_of(tabs.select_one("[aria-current=page]")) == "Numbers"


def test_lumen_card_judges_red_lines_on_the_revised_offer(example_site: Path) -> None:
    card = article(page(example_site, "lumen-health", "index")).select_one(".dossier-card")
    assert card is not None
    heading = next(h for h in card.find_all("h2") if "Red lines" in h.get_text())
    assert text_of(heading).startswith("Red lines for the revised offer")
    lines = [text_of(li) for li in heading.find_next("ul").find_all("li", recursive=False)]
    base_line = next(line for line in lines if "Base pay at least 80,000 EUR" in line)
    assert base_line == "Holds Base pay at least 80,000 EUR. History: the first offer breached it."
    numbers = article(page(example_site, "lumen-health", "numbers"))
    assert (
        "History: the first offer breached it: base 78,000 EUR a year, your limit is "
        "80,000 EUR a year" in text_of(numbers)
    )
    numbers = text_of(card)
    # Two questions, two answers: the base against the floor first, then the total.
    assert (
        "Revised offer (current): Base 82,000 EUR a year is below your floor of 85,000 EUR a "
        "year: decline or renegotiate. Annualised total 94,250 EUR a year is 750 EUR a year "
        "short of your target of 95,000 EUR a year." in numbers
    )


def test_market_data_reads_as_a_sentence(example_site: Path) -> None:
    numbers = article(page(example_site, "lumen-health", "numbers"))
    heading = next(h for h in numbers.find_all("h3") if "Market data" in text_of(h))
    item = " ".join(heading.find_next("ul").find("li").get_text().split())
    assert item == (
        "Public salary bands of two Berlin health-tech firms: 80,000 to 95,000 EUR a year, "
        "Thu 15 Oct 2026"
    )


def test_every_table_header_names_its_column(example_site: Path) -> None:
    """A screen reader reads each cell with its column's name: no header cell is empty."""
    tables = 0
    for html in sorted(example_site.rglob("*.html")):
        for table in soup(html).select("article table"):
            tables += 1
            names = [text_of(th) for th in table.select("thead th")]
            assert names and all(names), f"{html.relative_to(example_site)}: {names}"
    assert tables > 5
    numbers = article(page(example_site, "lumen-health", "numbers"))
    budget = next(t for t in numbers.select("table") if text_of(t.select_one("th")) == "Budget")
    assert [text_of(th) for th in budget.select("thead th")] == [
        "Budget",
        "Used",
        "Limit",
        "Of the limit",
    ]


def test_a_page_has_one_table_of_contents_in_the_navigation(example_site: Path) -> None:
    numbers = soup(page(example_site, "lumen-health", "numbers"))
    assert numbers.select_one(".md-sidebar--secondary") is None  # no second copy at the right
    toc = numbers.select_one(".md-sidebar--primary nav.md-nav--secondary")
    assert toc is not None and "Offers received" in text_of(toc)


def test_lumen_dashboard_shows_the_current_offer_in_one_currency(example_site: Path) -> None:
    body = article(example_site / "index.html")
    blocks = {
        text_of(block.find("a")): text_of(block)
        for block in body.select(".dossier-opportunities .dossier-opportunity")
    }
    lumen = blocks["Lumen Health — Senior Backend Engineer"]
    # Its base, 82,000, is below the floor of 85,000: that is the verdict, not the total's.
    assert "94,250 EUR a year · Revised offer, base below floor" in lumen
    assert "First offer" not in lumen


def test_scripts_are_signed_with_the_name_from_me_yml(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"acme": {"dossier.yml": ACME}})
    (root / "dossiers" / "_me.yml").write_text("name: Sam Lee\n", encoding="utf-8")
    site = build_ok(root)
    body = article(page(site, "acme", "scripts"))
    scripts = [text_of(s) for s in body.select(".dossier-script")]
    assert scripts and all(s.endswith("Best regards, Sam Lee") for s in scripts)
    assert "Sign your messages" not in text_of(body)


def test_a_bad_me_yml_stops_the_build_and_check_with_its_place(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"acme": {"dossier.yml": ACME}})
    (root / "dossiers" / "_me.yml").write_text("# me\nname: ''\nnick: Sam\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "dossiers/_me.yml:2" in result.stderr and "name" in result.stderr
    assert "dossiers/_me.yml:3" in result.stderr and "nick" in result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", "check", str(root)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode != 0 and "Traceback" not in check.stderr
    assert "dossiers/_me.yml:2" in check.stdout + check.stderr


def test_card_and_log_show_the_pressure_signs(example_site: Path) -> None:
    card = article(page(example_site, "lumen-health", "index"))
    assert "Signs: hurry, threats, guilt, vague authority" in text_of(card)
    scripts = article(page(example_site, "lumen-health", "scripts"))
    assert "I'm hurried, and asking for time annoys them" in text_of(scripts)
    log = article(page(example_site, "lumen-health", "log"))
    assert "Sign: A threat hangs in the air: lose the offer, money or goodwill" in text_of(log)
    prepare = article(page(example_site, "lumen-health", "prepare"))
    assert "Do I want the work they need done?" in text_of(prepare)  # fit questions


def test_beside_a_users_own_index_page_every_dashboard_link_leads_to_the_dashboard(
    tmp_path: Path,
) -> None:
    """With a docs/index.md of the user's, the dashboard is dashboard.md; the links
    that say "dashboard" must go there, not to the user's page."""
    root = make_project(tmp_path, examples=True, plugin_options={"nav_dossiers": 2})
    (root / "docs" / "index.md").write_text("# My own start page\n", encoding="utf-8")
    site = build_ok(root)
    assert "My own start page" in text_of(article(site / "index.html"))
    assert article(site / "dashboard.html").select_one(".dossier-opportunity") is not None
    pages = [site / "opportunities" / "stage" / "interviewing.html"]
    pages += sorted((site / "opportunities").glob("*/prepare.html"))
    links = [
        (path.relative_to(site).as_posix(), a["href"])
        for path in pages
        for a in article(path).select("a")
        if "dashboard" in a.get_text().lower()
    ]
    assert links, "no page links the dashboard"
    wrong = [(where, href) for where, href in links if href != "../../dashboard.html"]
    assert wrong == []

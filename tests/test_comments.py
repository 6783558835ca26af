"""Comments from a mentor and debriefs from the owner: written in a browser, taken back in.

The round trip runs for real: a share build opened from a file in Chromium, with every
other request refused; the downloaded file imported with `dossier comments import`; the
site rebuilt and read with BeautifulSoup.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import PhoneContext
from interview_dossier.load.loader import parse_note
from sitebuild import TODAY, article, build_ok, make_project, run_share, soup, text_of

LOCAL = ("file:", "data:", "blob:")

ACME = """\
company: Acme Rockets
role: Staff Engineer
status: interviewing
compensation:
  desired: {base: 90000}
  minimum: 81234
objections:
  - objection: You have not led a team this size
    answer: I led two teams of six
"""

GLOBEX = """\
company: Globex
role: Platform Lead
status: applied
homework:
  company: {business: Cloud billing}
"""


def project(root: Path) -> Path:
    return make_project(root, {"acme": {"dossier.yml": ACME}, "globex": {"dossier.yml": GLOBEX}})


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`dossier ARGS` in a subprocess, from `root`, as a user would run it."""
    env = {**os.environ, "DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def entry(
    body: str,
    *,
    dossier: str = "acme",
    section: str = "compensation",
    author: str = "Ana Example",
    kind: str = "comment",
    date: str = "2026-11-24",
    share: str = "ab12cd34ef",
) -> str:
    """One block of a comments file, as the browser writes it."""
    lines = [
        "---",
        "dossier-comment: 1",
        f"share: {json.dumps(share)}",
        f"kind: {kind}",
        f"dossier: {json.dumps(dossier)}",
        f"section: {section}",
        f"author: {json.dumps(author)}",
        f"date: {date}",
        "---",
    ]
    escaped = ["\\" + line if line.startswith(("---", "\\")) else line for line in body.split("\n")]
    return "\n".join(lines + escaped) + "\n"


def comments_file(path: Path, *entries: str) -> Path:
    path.write_text("Comments, exported for a test.\n\n" + "".join(entries), encoding="utf-8")
    return path


def notes_of(folder: Path, prefix: str = "mentor-") -> list[Path]:
    return sorted(folder.glob(f"{prefix}*.md"))


# ---------------------------------------------------------------- import


def test_import_writes_mentor_notes_once(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    file = comments_file(
        tmp_path / "c.md",
        entry("Ask for their range before you give a number."),
        entry("Dig into their billing model.", dossier="globex", section="homework"),
    )
    before = tree(root / "dossiers")
    done = run_cli(root, "comments", "import", str(file))
    assert done.returncode == 0, done.stderr
    acme, globex = notes_of(root / "dossiers/acme"), notes_of(root / "dossiers/globex")
    assert len(acme) == 1 and len(globex) == 1
    assert f"wrote dossiers/acme/{acme[0].name}" in done.stdout
    assert f"wrote dossiers/globex/{globex[0].name}" in done.stdout
    note, problems = parse_note(acme[0].read_text(encoding="utf-8"), "n.md", "n")
    assert problems == [] and note is not None
    assert note.meta.mentor is True and note.meta.done is False
    assert (note.meta.author, note.meta.section.value, str(note.meta.date)) == (
        "Ana Example",
        "compensation",
        "2026-11-24",
    )
    assert note.meta.title == "Ana Example on compensation"
    assert note.body.strip() == "Ask for their range before you give a number."
    # The dossier facts are never touched.
    after = tree(root / "dossiers")
    assert after["acme/dossier.yml"] == before["acme/dossier.yml"]

    again = run_cli(root, "comments", "import", str(file))
    assert again.returncode == 0, again.stderr
    assert "already there" in again.stdout and "wrote" not in again.stdout
    assert tree(root / "dossiers") == after


def test_a_comment_marked_done_is_not_imported_again(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    file = comments_file(tmp_path / "c.md", entry("Rehearse the pause script."))
    assert run_cli(root, "comments", "import", str(file)).returncode == 0
    (note,) = notes_of(root / "dossiers/acme")
    text = note.read_text(encoding="utf-8").replace("mentor: true\n", "mentor: true\ndone: true\n")
    note.write_text(text, encoding="utf-8")
    before = tree(root / "dossiers")
    assert run_cli(root, "comments", "import", str(file)).returncode == 0
    assert tree(root / "dossiers") == before


def test_a_clash_gets_a_new_name_and_leaves_the_other_note_alone(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    file = comments_file(tmp_path / "c.md", entry("Ask about the team."))
    assert run_cli(root, "comments", "import", str(file)).returncode == 0
    (first,) = notes_of(root / "dossiers/acme")
    mine = "---\ntitle: My own note\n---\n\nSomething else entirely.\n"
    first.write_text(mine, encoding="utf-8")  # the owner reused the name for another note
    done = run_cli(root, "comments", "import", str(file))
    assert done.returncode == 0, done.stderr
    assert first.read_text(encoding="utf-8") == mine
    second = first.with_name(first.stem + "-2.md")
    assert second.is_file() and "Ask about the team." in second.read_text(encoding="utf-8")
    assert f"wrote dossiers/acme/{second.name}" in done.stdout


def test_unknown_dossiers_and_sections_are_refused_with_their_lines(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    file = comments_file(
        tmp_path / "c.md",
        entry("Fine."),
        entry("Who?", dossier="initech"),
        entry("Where?", section="salary"),
    )
    before = tree(tmp_path)
    done = run_cli(root, "comments", "import", str(file))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = file.read_text(encoding="utf-8").split("\n")
    initech = lines.index('dossier: "initech"') + 1
    salary = lines.index("section: salary") + 1
    assert f"{file}:{salary}:" in done.stderr and "salary" in done.stderr
    assert re.search(
        rf"{re.escape(str(file))}:{initech}:1: error: dossier: no dossier `initech`", done.stderr
    )
    assert "nothing written" in done.stderr
    assert tree(tmp_path) == before


HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)>\n"
    "[click](javascript:alert(1)) ![t](http://tracker.invalid/p.png)\n"
    '{: onclick="alert(1)" }\n'
    "---\n"
    "title: pwned\n"
    "mentor: false\n"
    "---\n"
    "# Not a heading\n"
    "&lt;b&gt; stays as typed"
)


def test_hostile_text_lands_as_inert_text_in_the_right_note(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    file = comments_file(tmp_path / "c.md", entry(HOSTILE, section="objections"))
    before = {p for p in tmp_path.rglob("*")}
    done = run_cli(root, "comments", "import", str(file))
    assert done.returncode == 0, done.stderr
    (note_path,) = notes_of(root / "dossiers/acme")
    assert {p for p in tmp_path.rglob("*")} - before == {note_path}
    note, problems = parse_note(note_path.read_text(encoding="utf-8"), "n.md", "n")
    assert problems == [] and note is not None
    # The text's own `---` block did not become front matter.
    assert note.meta.mentor is True and note.meta.title == "Ana Example on objections"

    site = build_ok(root)
    page = article(site / "opportunities/acme/prepare.html")
    section = page.select_one(".dossier-mentor")
    assert section is not None
    shown = text_of(section)
    for typed in (
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![t](http://tracker.invalid/p.png)",
        '{: onclick="alert(1)" }',
        "title: pwned",
        "# Not a heading",
        "&lt;b&gt; stays as typed",
    ):
        assert typed in shown, typed
    assert section.find(["script", "img", "h1", "hr", "iframe"]) is None
    assert [a["href"] for a in section.find_all("a")] == ["#ana-example-on-objections"]
    assert not any(name.startswith("on") for tag in section.find_all(True) for name in tag.attrs)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("dossier", "../acme", "is not a dossier slug"),
        ("dossier", "acme/../../x", "is not a dossier slug"),
        ("author", "Ana/../../x", "is not a name"),
        ("author", "<b>Ana</b>", "is not a name"),
        ("author", "[Ana](javascript:x)", "is not a name"),
        ("share", "../x", "is not a share id"),
        ("body", "x" * 100_000, "characters long"),
    ],
)
def test_hostile_names_and_huge_text_are_refused(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    root = project(tmp_path / "repo")
    kwargs = {} if field == "body" else {field: value}
    body = value if field == "body" else "Hello."
    file = comments_file(tmp_path / "c.md", entry(body, **kwargs))
    before = tree(tmp_path)
    done = run_cli(root, "comments", "import", str(file))
    assert done.returncode == 1, done.stdout
    assert message in done.stderr and f"{file}:" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree(tmp_path) == before


def test_a_file_that_is_not_a_comments_file_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    file = tmp_path / "c.md"
    file.write_text("---\njust: yaml\n", encoding="utf-8")
    done = run_cli(root, "comments", "import", str(file))
    assert done.returncode == 1 and "no closing `---`" in done.stderr
    assert run_cli(root, "comments", "import", str(tmp_path / "missing.md")).returncode == 2


def test_check_lists_open_comments_and_the_dashboard_links_to_their_pages(
    tmp_path: Path,
) -> None:
    root = project(tmp_path / "repo")
    file = comments_file(
        tmp_path / "c.md",
        entry("Numbers first."),
        entry("Rehearse this one.", section="objections"),
        entry("Billing?", dossier="globex", section="homework"),
    )
    assert run_cli(root, "comments", "import", str(file)).returncode == 0
    check = run_cli(root, "check", ".")
    assert check.returncode == 0, check.stdout + check.stderr
    listed = [line for line in check.stdout.splitlines() if "open comment from Ana Example" in line]
    assert len(listed) == 3
    assert any(line.startswith("dossiers/globex/mentor-homework-") for line in listed)

    site = build_ok(root)
    box = soup(site / "index.html").select_one(".admonition.note")
    assert box is not None and "Open mentor comments" in text_of(box)
    links = {a["href"]: text_of(a) for a in box.select("a")}
    assert links == {
        "opportunities/acme/prepare.html": "1 open on Prepare",
        "opportunities/acme/numbers.html": "1 open on Numbers",
        "opportunities/globex/prepare.html": "1 open on Prepare",
    }
    # `done: true` closes one: it leaves the list and the dashboard.
    (numbers_note,) = notes_of(root / "dossiers/acme", "mentor-compensation-")
    text = numbers_note.read_text(encoding="utf-8")
    numbers_note.write_text(text.replace("mentor: true\n", "mentor: true\ndone: true\n"), "utf-8")
    check = run_cli(root, "check", ".")
    assert sum("open comment from" in line for line in check.stdout.splitlines()) == 2


def test_only_a_share_build_carries_the_comment_ui_and_nothing_private(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    own = build_ok(root)
    out = tmp_path / "share"
    shared = run_share(root, "--out", str(out))
    assert shared.returncode == 0, shared.stderr

    def data(page: Path) -> dict[str, Any] | None:
        holder = soup(page).find("script", id="dossier-comments-data")
        return json.loads(holder.string) if holder else None

    for page in own.rglob("*.html"):
        found = data(page)
        if page.name == "index.html" and page.parent.parent.name == "opportunities":
            assert found is not None and found["mode"] == "debrief", page
        else:
            assert found is None, page
    assert "comments.js" not in (own / "index.html").read_text(encoding="utf-8")

    numbers = data(out / "opportunities/acme/numbers.html")
    assert numbers is not None and numbers["mode"] == "comment"
    assert numbers["dossier"] == "acme"
    assert [s["section"] for s in numbers["sections"]] == ["compensation", "budget"]
    assert re.fullmatch(r"[0-9a-f]{10}", numbers["share"])
    for page in out.rglob("*.html"):
        if page.name == "404.html":
            continue
        found = data(page)
        assert found is not None and found["mode"] == "comment", page
    # The floor stays private: not in the page data nor anywhere else in the share.
    assert all(b"81234" not in p.read_bytes() for p in out.rglob("*") if p.is_file())
    script = (out / "assets/dossier/comments.js").read_text(encoding="utf-8")
    for network in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "http"):
        assert network not in script


# ---------------------------------------------------------------- in the browser


@pytest.fixture
def offline(phone: PhoneContext) -> Iterator[PhoneContext]:
    """The phone, with every request that is not file:/data:/blob: refused and recorded."""
    phone.route(re.compile(r"^(?!file:|data:|blob:).*"), lambda r: r.abort("internetdisconnected"))
    phone.set_offline(True)
    yield phone
    assert [u for u in phone.requests if not u.startswith(LOCAL)] == []


def spot(page: Any, section: str) -> Any:
    """The comment spot of one section: its button, form and list."""
    # A CSS locator: the button is hidden while the form is open, and still counts.
    button = page.locator(f'button:text-is("Comment on {section}")')
    return page.locator(".dossier-comments").filter(has=button)


def write_comment(page: Any, section: str, text: str, name: str | None = None) -> None:
    here = spot(page, section)
    here.get_by_role("button", name=f"Comment on {section}", exact=True).click()
    if name is not None:
        here.get_by_label("Your name (asked once)").fill(name)
    here.get_by_role("textbox", name=f"Your comment on {section}").fill(text)
    here.get_by_role("button", name="Save comment").click()


def overflow(page: Any) -> int:
    return page.evaluate(
        "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.browser
def test_mentor_round_trip_from_a_shared_copy(offline: PhoneContext, tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    out = tmp_path / "share"
    assert run_share(root, "--out", str(out)).returncode == 0
    page = offline.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    numbers = (out / "opportunities/acme/numbers.html").as_uri()
    prepare = (out / "opportunities/globex/prepare.html").as_uri()
    page.goto(numbers)
    write_comment(
        page, "Compensation", "Ask for their range\nbefore you name a number.", "Ana Example"
    )
    page.goto(prepare)
    # The name was asked once: this form does not ask again.
    homework = spot(page, "Homework")
    homework.get_by_role("button", name="Comment on Homework").click()
    assert not homework.get_by_label("Your name (asked once)").is_visible()
    homework.get_by_role("button", name="Cancel").click()
    write_comment(page, "Homework", "Find out who pays for billing today.")

    # Reloaded (and opened again later): still there, editable, deletable.
    page.reload()
    homework = page.locator('.dossier-comments[data-section="homework"]')
    assert homework.locator(".dossier-comments__text").all_inner_texts() == [
        "Find out who pays for billing today."
    ]
    homework.get_by_role("button", name="Edit your comment on Homework").click()
    homework.get_by_role("textbox", name="Your comment on Homework").fill(
        "Find out who pays for billing now."
    )
    homework.get_by_role("button", name="Save changes").click()
    write_comment(page, "People", "A throwaway comment.")
    page.get_by_role("button", name="Delete your comment on People").click()
    page.goto(numbers)
    assert page.locator(".dossier-comments__text").all_inner_texts() == [
        "Ask for their range\nbefore you name a number."
    ]

    # Usable on the narrowest phones, with the form open.
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 740})
        budget = spot(page, "Negotiation budget")
        budget.get_by_role("button", name="Comment on Negotiation budget").click()
        assert overflow(page) <= 0, width
        budget.get_by_role("button", name="Cancel").click()

    with page.expect_download() as caught:
        page.get_by_role("button", name="Download file").click()
    download = caught.value
    assert re.fullmatch(
        r"dossier-comments-[0-9a-f]{10}-\d{4}-\d{2}-\d{2}\.md", download.suggested_filename
    )
    sent = tmp_path / download.suggested_filename
    download.save_as(sent)
    text = sent.read_text(encoding="utf-8")
    assert "Ana Example" in text and "acme" in text and "globex" in text
    assert errors == []

    done = run_cli(root, "comments", "import", str(sent))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("wrote ") == 2
    site = build_ok(root)
    acme = article(site / "opportunities/acme/numbers.html").select_one(".dossier-mentor")
    globex = article(site / "opportunities/globex/prepare.html").select_one(".dossier-mentor")
    assert acme is not None and "Ask for their range before you name a number." in text_of(acme)
    assert "Comment from Ana Example" in text_of(acme) and "open" in text_of(acme)
    assert globex is not None and "who pays for billing now." in text_of(globex)
    box = soup(site / "index.html").select_one(".admonition.note")
    assert box is not None
    links = {a["href"]: text_of(a) for a in box.select("a")}
    assert links == {
        "opportunities/acme/numbers.html": "1 open on Numbers",
        "opportunities/globex/prepare.html": "1 open on Prepare",
    }
    # The own build shows the comments but offers no comment form.
    assert soup(site / "opportunities/acme/numbers.html").find(id="dossier-comments-data") is None

    before = tree(root)
    again = run_cli(root, "comments", "import", str(sent))
    assert again.returncode == 0 and again.stdout.count("already there") == 2
    assert tree(root) == before


@pytest.mark.browser
def test_owner_debrief_on_a_card_comes_back_as_a_dated_timeline_note(
    offline: PhoneContext, tmp_path: Path
) -> None:
    root = project(tmp_path / "repo")
    site = build_ok(root)
    facts = (root / "dossiers/acme/dossier.yml").read_bytes()
    page = offline.new_page()
    page.goto((site / "opportunities/acme/index.html").as_uri())
    # The own site's card has no mentor comment UI.
    assert page.locator(".dossier-comments").count() == 0
    assert page.get_by_role("button", name=re.compile("^Comment on")).count() == 0
    page.get_by_role("button", name="Debrief", exact=True).click()
    page.get_by_label("What they asked").fill("System design: a rate limiter.")
    page.get_by_label("Pressure you saw").fill("They wanted an answer on salary today.")
    page.get_by_label("Promises made, by you or them").fill("Send references by Friday.")
    page.get_by_label("How it felt").fill("Rushed, but fair.")
    page.get_by_role("button", name="Save debrief").click()
    page.reload()
    assert "a rate limiter" in page.locator(".dossier-debrief").inner_text()
    assert overflow(page) <= 0
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download file").click()
    sent = tmp_path / caught.value.suggested_filename
    caught.value.save_as(sent)

    done = run_cli(root, "comments", "import", str(sent))
    assert done.returncode == 0, done.stderr
    (note_path,) = notes_of(root / "dossiers/acme", "debrief-")
    note, problems = parse_note(note_path.read_text(encoding="utf-8"), "n.md", "n")
    assert problems == [] and note is not None
    assert note.meta.section.value == "timeline" and note.meta.mentor is False
    assert note.meta.date is not None and note_path.name.startswith(
        f"debrief-{note.meta.date.isoformat()}-"
    )
    assert (root / "dossiers/acme/dossier.yml").read_bytes() == facts
    rebuilt = build_ok(root)
    log = text_of(article(rebuilt / "opportunities/acme/log.html"))
    for part in ("What they asked", "a rate limiter", "Send references by Friday", "Rushed"):
        assert part in log
    before = tree(root / "dossiers")
    assert run_cli(root, "comments", "import", str(sent)).returncode == 0
    assert tree(root / "dossiers") == before

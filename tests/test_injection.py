"""Text is text: no field, note title, author or file name turns into markup or script.

The sweep fills every text field of the model (found by walking DossierFacts, so
a new field is covered without touching this file) with each payload, builds the
full site, a compact one, a share and a passphrase share, and opens the pages in
Chromium: no dialog, no `javascript:` URL, no event-handler attribute, and the
exact text on the page.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import subprocess
import sys
import time
import types
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from interview_dossier.load.note_limits import MAX_DEPTH, NoteError, check_markdown
from interview_dossier.model import DossierFacts, Note, NoteMeta
from interview_dossier.render.markup import finalize, link, safe_url, text
from interview_dossier.render.note_html import note_to_html
from markupsafe import Markup
from pydantic import AwareDatetime, BaseModel, ValidationError
from sitebuild import article, build_ok, make_project, mkdocs_build, run_share, soup

PAYLOADS = [
    "![x](x){: onerror=alert(1) }",
    "[t](javascript:alert(1))",
    "`x`{: tabindex=1 autofocus=1 onfocus=alert(1) }",
    "a|b | c",
    "*x*",
    "</title><img src=x onerror=alert(1)>",
]
PASS_VAR = "DOSSIER_TEST_INJECTION_PASSPHRASE"
PASSPHRASE = "sweep lantern orbit 9042 quiet"
# Written with a `T`, as the format asks (a space-separated time is refused).
WHEN = "2026-12-03T10:00:00+01:00"
DAY = dt.date(2026, 12, 1)

MENTOR_BODY = """\
Keep **this bold**.

<script>alert("mentor script")</script>

<img src="x" onerror="alert('mentor onerror')">

[a link](javascript:alert('mentor link'))
"""

OWNER_NOTE = """\
---
title: Owner formatting
section: overview
---

## Owner heading

Some **strong** words and a [site](https://example.com/page).

- [x] a ticked task
- [ ] an open task

| Left | Right |
|:-----|------:|
| one  | two   |

<section class="owner-raw">raw HTML the owner wrote</section>
"""


# ---------------------------------------------------------------- the model's text fields


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _sample(annotation: Any, value: Any) -> Any:
    """A valid value for `annotation`; `value(path)` gives the text of a text field."""
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _sample(options[0], value)
    if origin is list:
        return [_sample(typing.get_args(annotation)[0], value)]
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if annotation is AwareDatetime:
        return WHEN
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _fill(annotation, value)
        if issubclass(annotation, enum.Enum):
            return next(iter(annotation)).value
        if issubclass(annotation, str):
            return value()
        if issubclass(annotation, bool):
            return False
        if issubclass(annotation, int | float):
            return 1
        if issubclass(annotation, dt.datetime):
            return WHEN
        if issubclass(annotation, dt.date):
            return DAY
    raise AssertionError(f"no sample for {annotation!r}: teach the sweep this type")


def _fill(model: type[BaseModel], value: Any) -> dict[str, Any]:
    data = {}
    for name, info in model.model_fields.items():
        if any(getattr(m, "pattern", None) for m in info.metadata):
            continue  # a code such as a currency, not free text
        if _strip(info.annotation) is bool:
            continue  # private/done flags keep their defaults: everything stays shown
        data[name] = _sample(info.annotation, value)
    return data


def _drop(data: Any, loc: tuple[Any, ...]) -> None:
    """Remove the field at `loc`; an entry of a list of text takes the whole list."""
    while loc and isinstance(loc[-1], int):
        loc = loc[:-1]
    for key in loc[:-1]:
        data = data[key]
    data.pop(loc[-1], None)


def dossier_for(payload: str, tag: int = 0) -> tuple[dict[str, Any], dict[str, str]]:
    """Every text field set to `payload` plus a token naming the field; {token: value}."""
    values: dict[str, str] = {}

    def value() -> str:
        token = f"z{tag}q{len(values):03d}y"
        values[token] = f"{payload} {token}"
        return values[token]

    data = _fill(DossierFacts, value)
    # A field the model refuses this text in (a time zone, a field path) is not free text.
    for _ in range(20):
        try:
            DossierFacts.model_validate(data)
            break
        except ValidationError as exc:
            for error in exc.errors():
                _drop(data, error["loc"])
    DossierFacts.model_validate(data)
    kept = json.dumps(data, default=str)
    return data, {token: v for token, v in values.items() if token in kept}


def test_the_sweep_covers_every_text_field() -> None:
    data, values = dossier_for("P")
    # The walk reaches nested records and lists of text; only codes are left out.
    assert len(values) > 60
    assert "private" not in data and "public" not in data  # field paths, not text
    assert data["compensation"]["market"][0]["source"].startswith("P ")
    assert data["people"][0]["links"][0]["url"].startswith("P ")
    assert data["homework"]["skills"]["gaps"][0]["cover"].startswith("P ")
    assert data["interviews"][0]["people"][0].startswith("P ")


# ---------------------------------------------------------------- the builds


def _project(root: Path, **options: object) -> tuple[Path, dict[str, dict[str, str]]]:
    dossiers: dict[str, dict[str, str]] = {}
    expected: dict[str, dict[str, str]] = {}
    for n, payload in enumerate(PAYLOADS, start=1):
        data, values = dossier_for(payload, n)
        data["status"] = "interviewing"
        mentor_title, author, file_title = (f"{payload} z{n}q{i}y" for i in (900, 901, 902))
        file_name = file_title.replace("/", "") + ".md"  # a file name cannot hold a slash
        file_title = Note(path="", name=file_name[:-3], meta=NoteMeta(), body="").title
        values.update(
            {
                f"z{n}q{i}y": v
                for i, v in zip((900, 901, 902), (mentor_title, author, file_title), strict=True)
            }
        )
        meta = {"title": mentor_title, "author": author, "mentor": True, "section": "overview"}
        files = {
            "dossier.yml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
            "mentor.md": f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n{MENTOR_BODY}",
            file_name: "Named by its file.\n",
        }
        if n == 1:
            files["owner.md"] = OWNER_NOTE
        dossiers[f"d{n}"] = files
        expected[f"d{n}"] = values
    return make_project(root, dossiers, plugin_options=options or None), expected


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root, expected = _project(tmp_path_factory.mktemp("sweep"))
    full = build_ok(root)
    # The shares list no dossier in the nav (`nav_dossiers: 0`): each page is then
    # titled by its own first heading, the other way a user's text reaches <title>.
    root, _ = _project(tmp_path_factory.mktemp("compact"), nav_dossiers=0)
    shared = run_share(root, "--out", "shared")
    assert shared.returncode == 0, shared.stderr
    protected = run_share(
        root, "--out", "protected", "--passphrase-env", PASS_VAR, env={PASS_VAR: PASSPHRASE}
    )
    assert protected.returncode == 0, protected.stderr
    return {
        "expected": expected,
        "full": full,
        "shared": root / "shared",
        "protected": root / "protected",
    }


def _pages(site: Path) -> list[Path]:
    """The pages that show dossier data, plus one method page for the nav."""
    pages = sorted((site / "opportunities").rglob("*.html"))
    return [site / "index.html", next(iter(sorted((site / "method").glob("*.html")))), *pages]


def _static_problems(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*.html")):
        for el in soup(path).find_all(True):
            for name, value in el.attrs.items():
                shown = " ".join(value) if isinstance(value, list) else str(value)
                squeezed = "".join(shown.split()).lower()
                if name.lower().startswith("on") or (
                    name.lower() in {"href", "src", "action", "formaction", "xlink:href"}
                    and squeezed.startswith("javascript:")
                ):
                    found.append(f"{path.relative_to(site)}: <{el.name} {name}={shown!r}>")
    return found


@pytest.mark.parametrize("build", ["full", "shared"])
def test_no_script_url_or_handler_in_any_page(sweep: dict[str, Any], build: str) -> None:
    assert _static_problems(sweep[build]) == []


_DOM_PROBLEMS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
      const url = ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name);
      if (name.startsWith('on') || (url && value.startsWith('javascript:'))) {
        found.push(el.tagName + ' ' + a.name + '=' + a.value);
      }
    }
  }
  return found;
}"""


def _browse(
    context: Any,
    site: Path,
    pages: list[Path],
    expected: dict[str, dict[str, str]],
    *,
    unlock: bool,
    least: float = 0.6,
) -> list[str]:
    """Open each page; every problem found, as text."""
    problems: list[str] = []
    page = context.new_page()
    page.on(
        "dialog", lambda d: (problems.append(f"dialog {d.message!r} on {page.url}"), d.dismiss())
    )
    shown_tokens: set[str] = set()
    for number, path in enumerate(pages):
        name = path.relative_to(site).as_posix()
        page.goto(path.as_uri(), wait_until="load")
        if unlock:
            if number == 0:
                page.locator("#mkdocs-content-password").fill(PASSPHRASE)
                page.keyboard.press("Enter")
            # Later pages open with the key this tab keeps.
            page.wait_for_function(
                "() => !document.querySelector('#mkdocs-content-password')", timeout=30_000
            )
        page.wait_for_timeout(50)  # let a broken image report its error
        problems += [f"{name}: {p}" for p in page.evaluate(_DOM_PROBLEMS)]
        shown = " ".join(page.evaluate("() => document.body.textContent").split())
        for values in expected.values():
            for token, value in values.items():
                if token in shown and " ".join(value.split()) in shown:
                    shown_tokens.add(value)
                elif token in shown:
                    problems.append(f"{name}: {value!r} is not shown as typed")
    page.close()
    # The payloads did reach the pages: most fields of each dossier are on some page.
    for slug, values in expected.items():
        if not any(v in shown_tokens for v in values.values()):
            problems.append(f"no field of {slug} was shown at all")
    seen = sum(v in shown_tokens for values in expected.values() for v in values.values())
    if seen < least * sum(len(values) for values in expected.values()):
        problems.append(f"only {seen} field values were shown")
    return problems


@pytest.mark.browser
def test_full_build_runs_no_script_and_shows_the_text(sweep: dict[str, Any], browser: Any) -> None:
    context = browser.new_context()
    try:
        site = sweep["full"]
        assert _browse(context, site, _pages(site), sweep["expected"], unlock=False) == []
    finally:
        context.close()


@pytest.mark.browser
def test_share_builds_run_no_script_and_show_the_text(sweep: dict[str, Any], phone: Any) -> None:
    site = sweep["shared"]
    assert _browse(phone, site, _pages(site), sweep["expected"], unlock=False) == []
    site = sweep["protected"]
    problems = _browse(phone, site, _pages(site), sweep["expected"], unlock=True)
    assert problems == []


def test_a_pipe_in_a_field_keeps_its_table_whole(sweep: dict[str, Any]) -> None:
    # The dashboard has no table any more; a market source is listed on the Numbers page,
    # each point on its own line (a list, not a table, so a phone never cuts it).
    pipe = next(slug for slug, values in sweep["expected"].items() if "a|b | c" in str(values))
    numbers = article(sweep["full"] / "opportunities" / pipe / "numbers.html")
    points = [
        li
        for li in numbers.select("li")
        if li.select_one("strong") is not None and " to " in li.get_text()
        and "a|b | c" in li.select_one("strong").get_text()
    ]  # fmt: skip
    assert points, "no market point with the pipe"
    source = points[0].select_one("strong").get_text()
    assert source.startswith("a|b | c z"), source  # the whole text, in its own element
    assert "EUR a year" in points[0].get_text()  # and the figures after it, with their units


# ---------------------------------------------------------------- notes


def _note_section(path: Path, title: str) -> BeautifulSoup:
    for section in article(path).select("section.dossier-note"):
        heading = section.find(["h2", "h3"])
        if heading is not None and title in heading.get_text():
            return section
    raise AssertionError(f"no note {title!r} in {path}")


def test_a_mentor_note_loses_scripts_and_keeps_formatting(sweep: dict[str, Any]) -> None:
    for build in ("full", "shared"):
        section = _note_section(sweep[build] / "opportunities/d1/index.html", "z1q900y")
        body = section.select_one(".dossier-note-body")
        assert body.select("script") == [] and "mentor script" not in str(body), build
        assert [el for el in body.find_all(True) if any(a.startswith("on") for a in el.attrs)] == []
        assert [a for a in body.select("a[href]") if "script" in a["href"].lower()] == [], build
        assert body.select_one("img[src='x']") is not None  # the image stays, harmless
        assert body.select_one("strong").get_text() == "this bold"


def test_owner_note_keeps_its_markdown_and_a_share_sanitizes_it(sweep: dict[str, Any]) -> None:
    full = _note_section(sweep["full"] / "opportunities/d1/index.html", "Owner formatting")
    shared = _note_section(sweep["shared"] / "opportunities/d1/index.html", "Owner formatting")
    for section in (full, shared):
        # The note's `##` sits below its title (h3 on the card), not above it.
        assert section.find("h3").get_text(strip=True).startswith("Owner formatting")
        assert section.find("h4").get_text(strip=True).startswith("Owner heading")
        assert section.find("h2") is None
        assert section.select_one("strong").get_text() == "strong"
        assert section.select_one("a[href='https://example.com/page']") is not None
        assert len(section.select("li.task-list-item input[type=checkbox]")) == 2
        assert [td.get_text() for td in section.select("tbody td")] == ["one", "two"]
    # The owner's own raw HTML is cleaned too (unless `unsafe_raw_html_in_notes`):
    # only formatting stays, in a full build as in a share.
    for section in (full, shared):
        assert section.select_one("section.owner-raw") is None
        assert "raw HTML the owner wrote" in section.get_text()


# ---------------------------------------------------------------- pathological notes


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", "check", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        # The first line nested 51 levels deep; the paragraph with too many `[`.
        ("\n".join("    " * i + "- x" for i in range(1000)), 57, "nested 51 levels"),
        ("[" * 20_000, 7, "more than 500 `[`"),
    ],
    ids=["nested-lists", "brackets"],
)
def test_a_pathological_note_is_an_error_naming_it(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    note = f"---\ntitle: Deep\n---\n\nFirst paragraph.\n\n{body}\n"
    root = make_project(
        tmp_path, {"acme": {"dossier.yml": "company: Acme\nrole: Dev\n", "deep.md": note}}
    )
    started = time.monotonic()
    result = _check(root)
    assert result.returncode == 1
    assert f"dossiers/acme/deep.md:{line}:1: error:" in result.stdout + result.stderr
    assert words in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    build = mkdocs_build(root)
    assert build.returncode != 0
    assert "dossiers/acme/deep.md" in build.stderr and words in build.stderr
    assert "Traceback" not in build.stderr
    assert time.monotonic() - started < 60


def test_deep_html_in_a_note_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # Blank lines keep each paragraph's `<` under the bound; the depth is the problem.
    note = "<div>\n\n" * 400 + "deep\n\n" + "</div>\n\n" * 400
    root = make_project(
        tmp_path, {"acme": {"dossier.yml": "company: Acme\nrole: Dev\n", "deep.md": note}}
    )
    build = mkdocs_build(root)
    assert build.returncode != 0
    assert "dossiers/acme/deep.md" in build.stderr and "nests HTML elements" in build.stderr
    assert "Traceback" not in build.stderr


def test_note_bounds_leave_ordinary_notes_alone() -> None:
    ordinary = "\n".join("    " * i + "- level" for i in range(10))
    check_markdown(ordinary + "\n\n" + "- [ ] task [link](x.md)\n" * 200)
    check_markdown("```\n" + "[" * 20_000 + "\n```\n")  # code is not read as links
    with pytest.raises(NoteError) as caught:
        check_markdown("- " * (MAX_DEPTH + 1) + "x")
    assert caught.value.line == 1
    started = time.monotonic()
    with pytest.raises(NoteError):
        note_to_html("<div markdown>\n" * 1000 + "x\n" + "</div>\n" * 1000)
    assert time.monotonic() - started < 5


# ---------------------------------------------------------------- escaping and URL rules


@pytest.mark.parametrize("payload", [*PAYLOADS, "1. two", "- item", "# head", "---", "a\nb"])
def test_text_reads_back_exactly_through_markdown(payload: str) -> None:
    import markdown

    source = f"- {text(payload)}\n\n| a | b |\n|---|---|\n| {text(payload)} | x |\n"
    html = markdown.markdown(source, extensions=["attr_list", "tables", "md_in_html"])
    page = BeautifulSoup(html, "html.parser")
    shown = payload.replace("\n", "")
    assert page.select_one("ul > li").get_text() == shown
    assert [td.get_text() for td in page.select("td")] == [shown, "x"]
    assert page.select("img, a, em, code, h1, hr, ol") == []


def test_text_escapes_html_and_markdown() -> None:
    assert text("<b>") == "&lt;b&gt;"
    assert text("*x*") == "&#42;x&#42;"
    assert text("Jean-Luc --- 3.5") == "Jean-Luc &#45;&#45;&#45; 3.5"
    assert text("- a") == "&#45; a" and text("12. a") == "12&#46; a"
    assert text("    code") == "&#32;&#32;&#32;&#32;code"
    assert text("one\r\ntwo\n") == "one<br>two"
    assert finalize(Markup("<b>kept</b>")) == "<b>kept</b>"
    assert finalize(None) == ""


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
        ("HTTP://example.com", "HTTP://example.com"),
        ("mailto:jo@example.com", "mailto:jo@example.com"),
        ("tel:+3120", "tel:+3120"),
        ("  https://example.com  ", "https://example.com"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:x", None),
        ("https:example.com", None),
        ("example.com/page", None),
        ("../other.md", None),
    ],
)
def test_links_from_data_allow_only_http_https_mailto_tel(url: str, allowed: str | None) -> None:
    assert safe_url(url) == allowed


def test_a_link_is_html_with_escaped_attributes_or_text() -> None:
    made = link("Profile *1*", 'https://example.com/"a"[b](c)')
    tag = BeautifulSoup(made, "html.parser").a
    assert tag["href"] == 'https://example.com/"a"[b](c)'
    assert tag.get_text() == "Profile *1*"
    refused = link("Profile", "javascript:alert(1)")
    assert "<a" not in refused and "javascript&#58;alert&#40;1&#41;" in refused

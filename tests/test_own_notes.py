"""The owner's own notes are cleaned like a mentor's: notes are pasted from e-mails and
web pages, and `serve --addr 0.0.0.0` shows them to the local network. Formatting
stays; scripts, event handlers and unsafe URLs go, unless the owner asks for raw HTML
with `unsafe_raw_html_in_notes`. `check` names a note that loses something."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import serve_directory
from helpers import run
from sitebuild import article, build_ok, make_project

FACTS = "company: Acme\nrole: Lead\nstatus: interviewing\n"


def fire(what: str) -> str:
    return f"window.__fired=(window.__fired||[]).concat('{what}')"


PASTED = f"""\
---
title: Pasted from an e-mail
---

Some **bold** and a [link](https://example.com/a).

- [ ] task one
- [x] task two

| a | b |
|---|---|
| one | two |

<script>{fire("script")}</script>

<img src="x" onerror="{fire("onerror")}">

<details ontoggle="{fire("ontoggle")}" open><summary>More</summary>inside</details>

<p id="hoverme" onmouseover="{fire("onmouseover")}">Hover over me</p>

Click this paragraph
{{: id="clickme" onclick="{fire("onclick")}" }}

[a bad link](javascript:{fire("href")})
"""
PLAIN = "---\ntitle: Plain\n---\n\nJust **words** and a [link](https://example.com/b).\n"


def project(tmp_path: Path, **options: object) -> Path:
    files = {"dossier.yml": FACTS, "pasted.md": PASTED, "plain.md": PLAIN}
    return make_project(tmp_path, {"acme": files}, plugin_options=options)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ok(project(tmp_path_factory.mktemp("own")))


def note_body(site: Path) -> Any:
    page = article(site / "opportunities/acme/notes.html")
    bodies = [s for s in page.select("section.dossier-note") if "Pasted" in s.get_text()]
    assert len(bodies) == 1
    return bodies[0]


def test_an_own_note_keeps_its_formatting_and_loses_what_runs(site: Path) -> None:
    body = note_body(site)
    assert body.select_one("strong").get_text() == "bold"
    assert body.select_one("a[href='https://example.com/a']") is not None
    assert len(body.select("li.task-list-item input[type=checkbox]")) == 2
    assert [td.get_text() for td in body.select("tbody td")] == ["one", "two"]
    assert body.select("script") == []
    assert [
        el.name for el in body.find_all(True) if any(a.startswith("on") for a in el.attrs)
    ] == []
    assert [a["href"] for a in body.select("a[href]") if "javascript" in a["href"].lower()] == []
    assert "Hover over me" in body.get_text() and "Click this paragraph" in body.get_text()


@pytest.mark.browser
def test_no_script_fires_from_an_own_note_in_chromium(site: Path, phone: Any) -> None:
    dialogs: list[str] = []
    page = phone.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve_directory(site) as base:
        page.goto(f"{base}/opportunities/acme/notes.html")
        page.wait_for_load_state("load")
        page.get_by_text("Hover over me").hover()  # their ids go with the handlers
        page.get_by_text("Click this paragraph").click()
        page.locator("details summary").first.click()  # closes it: a toggle
        page.get_by_text("a bad link").click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__fired || []") == []
    assert dialogs == []


def test_raw_html_is_kept_when_the_owner_asks_for_it_by_name(tmp_path: Path) -> None:
    built = build_ok(project(tmp_path, unsafe_raw_html_in_notes=True))
    body = note_body(built)
    assert body.select_one("script") is not None
    assert body.select_one("img[onerror]") is not None


def test_check_names_a_note_whose_html_is_dropped(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = run("check", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if "warning" in line]
    pasted = [line for line in lines if "dossiers/acme/pasted.md" in line]
    assert pasted and "<script>" in pasted[0] and "onerror" in pasted[0]
    assert "unsafe_raw_html_in_notes" in pasted[0]
    assert not [line for line in lines if "plain.md" in line]


def test_check_warns_that_an_unclosed_style_hides_the_rest_of_a_note(tmp_path: Path) -> None:
    note = "---\ntitle: Styled\n---\n\nBefore.\n\n<style>p { color: red }\n\nAfter the style.\n"
    root = make_project(tmp_path, {"acme": {"dossier.yml": FACTS, "styled.md": note}})
    done = run("check", cwd=root)
    warned = [line for line in done.stdout.splitlines() if "styled.md" in line]
    assert warned and "<style>" in warned[0] and "After the style" in warned[0]


@pytest.mark.parametrize("tag", ["style", "script", "textarea"])
def test_an_unclosed_raw_text_tag_does_not_hide_the_rest_of_a_cleaned_note(tag: str) -> None:
    from interview_dossier.render.note_html import note_to_html

    body = f"Before.\n\n<{tag}>p {{ color: red }}\n\nAfter the {tag}, **still here**.\n"
    html = str(note_to_html(body, sanitized=True))
    assert "Before." in html and f"After the {tag}" in html and "still here" in html
    assert f"<{tag}" not in html  # shown as text, never as the element

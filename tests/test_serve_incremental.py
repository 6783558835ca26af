"""Live preview under a real `mkdocs serve --dirty`: only what changed is rebuilt, all stays right."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from interview_dossier.mkdocs_plugin.incremental import GeneratedFile
from interview_dossier.mkdocs_plugin.plugin import DossierPlugin
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from sitebuild import TODAY, make_project

ALPHA = {
    "dossier.yml": "company: Alpha Works\nrole: Platform Engineer\nstatus: interviewing\n",
    "prep.md": "---\ntitle: Prep\nsection: homework\n---\n\nAlpha starts with kestrel.\n",
}
BETA = {
    "dossier.yml": "company: Beta Labs\nrole: Data Engineer\nstatus: applied\n",
    "why.md": "---\ntitle: Why Beta\n---\n\nBeta is about ocelot.\n",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def _wait_for(url: str, text: str, *, present: bool = True, timeout: float = 120) -> str:
    end = time.monotonic() + timeout
    body = ""
    while time.monotonic() < end:
        status, body = _get(url)
        if status == 200 and (text in body) == present:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url}: {'no' if present else 'still'} {text!r} after {timeout} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_project(tmp_path / "repo", {"alpha": ALPHA, "beta": BETA})
    port = _free_port()
    env = {**os.environ, "DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/opportunities/alpha/prepare.html", "kestrel")
        yield root, base
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
        assert "Traceback" not in output, output
        assert "Aborted" not in output, output


def _search_docs(base: str) -> list[dict[str, str]]:
    status, body = _get(f"{base}/search/search_index.json")
    assert status == 200
    return list(json.loads(body)["docs"])


def _touch_later(path: Path, text: str) -> None:
    # Make the change visible to the watcher and to mtime comparisons alike.
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 1
    os.utime(path, (stamp, stamp))


def test_a_note_edit_shows_and_the_rest_of_the_site_stays_right(
    served: tuple[Path, str],
) -> None:
    root, base = served
    before = Counter(d["location"].split("#")[0] for d in _search_docs(base))

    note = root / "dossiers" / "alpha" / "prep.md"
    _touch_later(note, note.read_text(encoding="utf-8").replace("kestrel", "marmoset"))
    _wait_for(f"{base}/opportunities/alpha/prepare.html", "marmoset")
    _wait_for(f"{base}/opportunities/alpha/prepare.html", "kestrel", present=False)

    # The other dossier's page is still served whole, with both dossiers in its nav.
    status, beta = _get(f"{base}/opportunities/beta/notes.html")
    assert status == 200 and "ocelot" in beta
    nav = " ".join(
        BeautifulSoup(beta, "html.parser").select_one("nav.md-nav").get_text(" ").split()
    )
    assert "Alpha Works" in nav and "Beta Labs" in nav

    # Search: the new text is found, the old one is gone, and no page is indexed twice.
    docs = _search_docs(base)
    texts = " ".join(d["text"] for d in docs)
    assert "marmoset" in texts and "kestrel" not in texts and "ocelot" in texts
    assert Counter(d["location"].split("#")[0] for d in docs) == before


def test_a_status_change_rebuilds_every_nav_and_a_removed_dossier_is_gone(
    served: tuple[Path, str],
) -> None:
    root, base = served
    facts = root / "dossiers" / "alpha" / "dossier.yml"
    _touch_later(facts, facts.read_text(encoding="utf-8").replace("interviewing", "offer"))

    # Beta's pages did not change, but their nav must now list Alpha under Offers.
    def alpha_group(html: str) -> str:
        page = BeautifulSoup(html, "html.parser")
        for item in page.select("nav.md-nav--primary li.md-nav__item--section"):
            if "Alpha Works" in item.get_text(" "):
                label = item.select_one("label, a, span")
                return " ".join(label.get_text(" ").split()) if label else ""
        return ""

    end = time.monotonic() + 120
    while time.monotonic() < end:
        status, beta = _get(f"{base}/opportunities/beta/index.html")
        if status == 200 and alpha_group(beta).startswith("Offers"):
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"Beta's nav still shows Alpha under {alpha_group(beta)!r}")

    for page in (root / "dossiers" / "alpha").iterdir():
        page.unlink()
    (root / "dossiers" / "alpha").rmdir()
    end = time.monotonic() + 120
    while _get(f"{base}/opportunities/alpha/index.html")[0] != 404:
        assert time.monotonic() < end, "the removed dossier's card is still served"
        time.sleep(0.2)
    docs = _search_docs(base)
    assert not [d for d in docs if d["location"].startswith("opportunities/alpha/")]
    assert "ocelot" in " ".join(d["text"] for d in docs)


def _generated_changes(plugin: DossierPlugin, config_file: Path) -> dict[str, bool]:
    """One rebuild as `mkdocs serve` runs it: each generated file, and whether it says
    it changed."""
    config = load_config(config_file=str(config_file))
    config.plugins._current_plugin = "dossier"  # as MkDocs sets it during an event
    config = plugin.on_config(config)
    files = plugin.on_files(get_files(config), config=config)
    plugin.incremental.finish()  # on_post_build's part that keeps state for the next build
    return {f.src_uri: f.changed for f in files if isinstance(f, GeneratedFile)}


@pytest.mark.parametrize("dirty", [True, False])
def test_a_rebuild_marks_changed_exactly_the_generated_files_whose_content_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dirty: bool
) -> None:
    monkeypatch.setenv("DOSSIER_TODAY", TODAY)
    root = make_project(tmp_path / "repo", {"alpha": ALPHA, "beta": BETA})
    config_file = root / "mkdocs.yml"
    plugin = DossierPlugin()
    plugin.load_config(dict(load_config(config_file=str(config_file)).plugins["dossier"].config))
    plugin.on_startup(command="serve", dirty=dirty)
    first = _generated_changes(plugin, config_file)
    assert first and all(first.values())  # the first build writes everything

    note = root / "dossiers" / "alpha" / "prep.md"
    note.write_text(note.read_text(encoding="utf-8").replace("kestrel", "marmoset"), "utf-8")
    second = _generated_changes(plugin, config_file)
    assert second.keys() == first.keys()
    changed = {src for src, c in second.items() if c}
    if not dirty:  # a full rebuild: every file is written again
        assert changed == set(second)
        return
    # Only the page that shows the note: not beta's pages, not alpha's other pages,
    # and not the calendars, style sheet and script, made again but the same.
    assert changed == {"opportunities/alpha/prepare.md"}

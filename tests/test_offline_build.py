"""Offline support in the built site, read back from disk (no browser).

The browser side (search from a file, the service worker answering offline) is in
test_offline_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from interview_dossier.render import offline_files as offline
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitebuild import TODAY, build_ok, make_project, soup

SHIM = "assets/dossier/iframe-worker-shim.js"
SEARCH = "assets/dossier/search-on-demand.iframe-worker.js"
SCRIPT = "assets/dossier/dossier.js"


ACME = "company: Acme\nrole: Engineer\nstatus: applied\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("offline-build") / "project", examples=True)


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build_ok(project)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def worker_constants(site: Path) -> tuple[str, list[str]]:
    """CACHE_VERSION and PRECACHE, as the build wrote them into sw.js."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    version = re.search(r'^const CACHE_VERSION = "([0-9a-f]+)";$', text, re.M)
    paths = re.search(r"^const PRECACHE = (\[.*?\]);$", text, re.M | re.S)
    assert version and paths, "sw.js lacks CACHE_VERSION or PRECACHE"
    return version.group(1), json.loads(paths.group(1))


def local_target(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL on `page` points to, or None for a fragment-only link."""
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc, f"{page}: {url} leaves the site"
    if not parts.path:
        return None
    # MkDocs writes 404.html with root-absolute URLs: it answers for any folder.
    base = site if parts.path.startswith("/") else page.parent
    target = (base / parts.path.lstrip("/")).resolve()
    assert target.is_relative_to(site.resolve()), f"{page}: {url} points outside the site"
    return target


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for page in html_pages(site):
        html = soup(page)
        for tag in html.find_all("script", src=True):
            assert not urlsplit(tag["src"]).netloc, f"{page}: script {tag['src']}"
            assert not urlsplit(tag["src"]).scheme, f"{page}: script {tag['src']}"
        for tag in html.find_all("link", href=True):
            assert not urlsplit(tag["href"]).netloc, f"{page}: link {tag['href']}"
            assert not urlsplit(tag["href"]).scheme, f"{page}: link {tag['href']}"
        for tag in html.find_all(["img", "iframe", "source", "audio", "video"], src=True):
            assert not urlsplit(tag["src"]).netloc, f"{page}: {tag.name} {tag['src']}"
        assert "unpkg.com" not in page.read_text(encoding="utf-8"), page
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8"), page


def test_the_iframe_worker_shim_is_a_local_file_on_every_page(site: Path) -> None:
    shim = site / SHIM
    assert "window.IFrameWorker=IFrameWorker" in shim.read_text(encoding="utf-8")
    # The search script in <head> loads the shim, next to it, on file:// only.
    search = (site / SEARCH).read_text(encoding="utf-8")
    assert '"iframe-worker-shim.js"' in search and '"file:"' in search
    for page in html_pages(site):
        sources = [t["src"] for t in soup(page).find_all("script", src=True)]
        shims = [s for s in sources if "iframe-worker" in s]
        # Exactly one, ours: Material adds its CDN copy when none names "iframe-worker".
        assert len(shims) == 1, f"{page}: {shims}"
        assert local_target(site, page, shims[0]) == (site / SEARCH).resolve()
        # It must run before Material's bundle starts the search worker.
        bundle = next(i for i, s in enumerate(sources) if "javascripts/bundle." in s)
        assert sources.index(shims[0]) < bundle


def test_search_index_is_there_as_a_script_for_file_urls(site: Path) -> None:
    data = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    script = (site / "search/search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")
    assert json.loads(script.removeprefix("var __index = ")) == data


def test_manifest_icons_and_head_tags(site: Path) -> None:
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Interview dossier"
    assert manifest["display"] == "standalone"
    assert (site / manifest["start_url"]).is_file()
    assert manifest["scope"] == "./"
    sizes = set()
    for icon in manifest["icons"]:
        png = (site / icon["src"]).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", png[16:24])
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])

    for page in html_pages(site):
        if page.name == "404.html":
            continue  # MkDocs renders it without page events; it is never a start page
        head = soup(page).head
        assert head is not None
        link = head.find("link", rel="manifest")
        assert link is not None, page
        assert local_target(site, page, link["href"]) == (site / "manifest.webmanifest").resolve()
        touch = head.find("link", rel="apple-touch-icon")
        assert touch is not None and local_target(site, page, touch["href"]).is_file()
        icon = head.find("link", rel="icon")
        assert icon is not None and local_target(site, page, icon["href"]).is_file()
        theme = head.find("meta", attrs={"name": "theme-color"})
        assert theme is not None and theme["content"] == manifest["theme_color"]


def test_precache_lists_every_built_file_a_page_needs(site: Path) -> None:
    _, precache = worker_constants(site)
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert len(precache) == len(set(precache))
    assert set(precache) <= built
    # Everything but the worker itself and what no page ever asks for.
    left_out = built - set(precache)
    for path in left_out:
        name = PurePosixPath(path).name
        assert (
            path == "sw.js"
            or name.endswith(".map")
            or path == "sitemap.xml.gz"
            or path == "search/search_index.js"  # file:// only: no service worker there
            or path.startswith("assets/javascripts/lunr/")  # stemmers for other languages
        ), path
    # ...so every page and every file a page links or loads is on the device.
    for page in html_pages(site):
        assert page.relative_to(site).as_posix() in precache
        html = soup(page)
        refs = [t["src"] for t in html.find_all(["script", "img"], src=True)]
        refs += [t["href"] for t in html.find_all(["link", "a"], href=True)]
        for ref in refs:
            if urlsplit(ref).scheme or urlsplit(ref).netloc:
                continue  # a link the user wrote to the web, not part of the site
            target = local_target(site, page, ref)
            if target is None or target.is_dir():
                continue
            rel = target.relative_to(site.resolve()).as_posix()
            assert rel in precache, f"{page.relative_to(site)} needs {rel}"


def test_pages_register_the_worker_from_its_own_script(site: Path) -> None:
    for page in html_pages(site):
        if page.name == "404.html":
            continue
        sources = [t["src"] for t in soup(page).find_all("script", src=True)]
        register = [s for s in sources if s.endswith(SCRIPT)]
        assert len(register) == 1, page
        script = local_target(site, page, register[0])
        assert script is not None
        # The script registers "../../sw.js" relative to itself: that is the site root.
        assert (script.parent / "../../sw.js").resolve() == (site / "sw.js").resolve()
    text = (site / SCRIPT).read_text(encoding="utf-8")
    assert 'new URL("../../sw.js",script.src)' in text
    assert "serviceWorker.register(" in text
    assert "location.protocol" in text


def test_cache_name_follows_the_content(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    first, _ = worker_constants(build_ok(copy))
    again, _ = worker_constants(build_ok(copy))
    assert again == first, "the same content must keep the same cache"

    facts = copy / "dossiers/harbor-analytics/dossier.yml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("Data Platform Engineer", "Data Platform Lead"), "utf-8")
    changed, precache = worker_constants(build_ok(copy))
    assert changed != first
    assert "opportunities/harbor-analytics/index.html" in precache


def test_the_worker_keeps_the_stemmers_of_the_search_languages(tmp_path: Path) -> None:
    """A site searched in English and German needs the German stemmer offline."""
    root = make_project(tmp_path / "project", {"acme": {"dossier.yml": ACME}})
    config_path = root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["plugins"] = [
        {"search": {"lang": ["en", "de"]}} if p == "search" else p for p in config["plugins"]
    ]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = build_ok(root)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "de"]
    _, precache = worker_constants(site)
    lunr = sorted(p for p in precache if p.startswith("assets/javascripts/lunr/"))
    assert lunr == [
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/javascripts/lunr/min/lunr.multi.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    ]


def test_option_off_leaves_out_worker_and_manifest(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "project", examples=True, plugin_options={"service_worker": False}
    )
    site = build_ok(root)
    assert not (site / "sw.js").exists()
    assert not (site / "manifest.webmanifest").exists()
    assert "serviceWorker.register(" not in (site / SCRIPT).read_text(encoding="utf-8")
    page = soup(site / "index.html")
    assert page.find("link", rel="manifest") is None
    # Reading from a file does not depend on the worker: the shim stays.
    assert (site / SHIM).is_file()


def test_mkdocs_serve_retires_a_worker_left_by_a_built_copy(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)
    out = tmp_path / "served"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    worker = (out / "sw.js").read_text(encoding="utf-8")
    assert "registration.unregister()" in worker
    assert "PRECACHE" not in worker and "fetch" not in worker
    assert "serviceWorker.register(" not in (out / SCRIPT).read_text(encoding="utf-8")


# The pure parts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("index.html", True),
        ("opportunities/acme/index.html", True),
        ("assets/dossier/iframe-worker-shim.js", True),
        ("search/search_index.json", True),
        # Read on file:// only, where no service worker runs.
        ("search/search_index.js", False),
        ("sitemap.xml", True),
        ("opportunities/acme/acme.ics", True),
        ("sw.js", False),
        ("assets/javascripts/bundle.a5f9d56c.min.js.map", False),
        ("sitemap.xml.gz", False),
        (".dossier-share", False),
        ("assets/javascripts/lunr/min/lunr.de.min.js", False),
        ("assets/javascripts/lunr/tinyseg.js", False),
    ],
)
def test_precache_rule(path: str, kept: bool) -> None:
    assert (path in offline.precache_paths([path])) is kept


def test_stemmers_follow_the_search_languages() -> None:
    assert offline.lunr_files(["en"]) == set()
    assert offline.lunr_files(["de"]) == {
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/lunr/min/lunr.de.min.js",
    }
    assert "assets/javascripts/lunr/tinyseg.js" in offline.lunr_files(["en", "ja"])
    assert "assets/javascripts/lunr/min/lunr.multi.min.js" in offline.lunr_files(["en", "ja"])
    kept = offline.precache_paths(
        [
            "assets/javascripts/lunr/min/lunr.de.min.js",
            "assets/javascripts/lunr/min/lunr.fr.min.js",
        ],
        ["de"],
    )
    assert kept == ["assets/javascripts/lunr/min/lunr.de.min.js"]


@pytest.mark.parametrize(
    ("palette", "colour"),
    [
        ({"primary": "indigo"}, "#4051b5"),
        ({"primary": "teal"}, "#009485"),
        ([{"primary": "red"}, {"primary": "blue"}], "#ef5552"),
        ({"primary": "custom"}, "#4051b5"),
        (None, "#4051b5"),
    ],
)
def test_primary_colour(palette: object, colour: str) -> None:
    assert offline.primary_colour(palette) == colour


@pytest.mark.parametrize("size", [16, 48, 192])
def test_icon_is_a_valid_png_of_the_colour(size: int) -> None:
    png = offline.icon_png(size, "#009485")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (size, size)
    idat = png.index(b"IDAT")
    length = struct.unpack(">I", png[idat - 4 : idat])[0]
    pixels = zlib.decompress(png[idat + 4 : idat + 4 + length])
    assert len(pixels) == size * (1 + 3 * size)
    assert pixels[1:4] == bytes.fromhex("009485")  # the corner is the theme colour


def test_build_hash_depends_on_names_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("one", encoding="utf-8")
    (tmp_path / "b.html").write_text("two", encoding="utf-8")
    first = offline.build_hash(tmp_path, ["a.html", "b.html"])
    assert offline.build_hash(tmp_path, ["b.html", "a.html"]) == first
    (tmp_path / "b.html").write_text("three", encoding="utf-8")
    assert offline.build_hash(tmp_path, ["a.html", "b.html"]) != first
    assert offline.build_hash(tmp_path, ["a.html"]) != first

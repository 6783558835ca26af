"""The parse cache on disk: a build with it equals a build without it, after any change."""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import pytest
import yaml
from interview_dossier.load import loader
from interview_dossier.load.loader import DossierCache, load_all
from sitebuild import REPO, all_bytes, build_ok, make_project

STORE = ".cache/dossier"


def _stored(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / STORE).glob("*.pickle")}


PAGES = STORE + "/pages"


def _pages_stored(root: Path, kind: str = "pages") -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / STORE / kind).glob("*.pickle")}


def _assert_same_as_uncached(root: Path, tmp_path: Path, **kwargs: object) -> dict[str, bytes]:
    cached = all_bytes(build_ok(root, **kwargs))  # type: ignore[arg-type]
    twin = tmp_path / "twin"
    if twin.exists():
        shutil.rmtree(twin)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns("site", ".cache"))
    config_path = twin / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dossier" in plugin:
            plugin["dossier"]["cache_dir"] = ""
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    plain = all_bytes(build_ok(twin, **kwargs))  # type: ignore[arg-type]
    assert sorted(cached) == sorted(plain)
    assert [name for name in cached if cached[name] != plain[name]] == []
    return cached


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "repo", examples=True)


def test_cached_builds_equal_uncached_builds_after_every_kind_of_change(
    project: Path, tmp_path: Path
) -> None:
    dossiers = project / "dossiers"
    _assert_same_as_uncached(project, tmp_path)
    first = _stored(project)
    assert len(first) == 4, "every dossier is stored after a cold build"

    # One note edited: that dossier is read again; the other three come from the cache.
    note = dossiers / "northwind-robotics" / "homework.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    _assert_same_as_uncached(project, tmp_path)
    after_note = _stored(project)
    rewritten = [name for name in after_note if after_note[name] != first.get(name)]
    assert len(rewritten) == 1

    facts = dossiers / "lumen-health" / "dossier.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Lumen", "Lumina"), "utf-8")
    _assert_same_as_uncached(project, tmp_path)

    (dossiers / "harbor-analytics").rename(dossiers / "harbour-analytics")
    _assert_same_as_uncached(project, tmp_path)

    (dossiers / "northwind-robotics" / "homework.md").unlink()
    shutil.rmtree(dossiers / "ottervale-logistics")
    _assert_same_as_uncached(project, tmp_path)


def test_a_corrupt_or_foreign_cache_entry_is_ignored_and_replaced(
    project: Path, tmp_path: Path
) -> None:
    build_ok(project)
    stored = sorted((project / STORE).glob("*.pickle"))
    stored[0].write_bytes(b"\x80\x05not a pickle at all")
    stored[1].write_bytes(b"")
    # A well-formed entry of another dossier under this one's name.
    stored[2].write_bytes(stored[3].read_bytes())
    _assert_same_as_uncached(project, tmp_path)
    for path in stored[:3]:
        assert path.stat().st_size > 100, f"{path.name} was not replaced"


def test_a_second_load_comes_from_disk_and_a_new_package_version_does_not(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = project / STORE
    first, problems = load_all(project / "dossiers", project, DossierCache(store))
    assert problems == []

    warm = DossierCache(store)
    second, _ = load_all(project / "dossiers", project, warm)
    assert (warm.disk_hits, warm.reads) == (4, 0)
    assert second == first

    real_version = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata,
        "version",
        lambda name: "99.0" if name == "interview-dossier" else real_version(name),
    )
    loader._code_fingerprint.cache_clear()
    try:
        upgraded = DossierCache(store)
        third, _ = load_all(project / "dossiers", project, upgraded)
        assert (upgraded.disk_hits, upgraded.reads) == (0, 4)
        assert third == first
    finally:
        loader._code_fingerprint.cache_clear()


def test_no_cache_folder_when_switched_off(tmp_path: Path) -> None:
    root = make_project(tmp_path / "repo", examples=True, plugin_options={"cache_dir": ""})
    build_ok(root)
    assert not (root / ".cache").exists()


def test_rendered_pages_come_from_disk_and_follow_every_input(
    project: Path, tmp_path: Path
) -> None:
    """A page depends on its dossier, on other dossiers (the BATNA lists them), on the
    templates and on the date: after a change to any of them the cached build equals
    an uncached one, and only what the change touches is rendered again."""
    dossiers = project / "dossiers"
    _assert_same_as_uncached(project, tmp_path)
    first = _pages_stored(project)
    assert len(first) == 4, "each dossier's pages are stored after a cold build"
    calendars = _pages_stored(project, "calendars")
    assert len(calendars) == 4, "each dossier's calendar events are stored too"

    # Nothing changed: no page is rendered again, no event serialised again.
    _assert_same_as_uncached(project, tmp_path)
    assert _pages_stored(project) == first
    assert _pages_stored(project, "calendars") == calendars

    # One note edited: only that dossier's pages are rendered again.
    note = dossiers / "northwind-robotics" / "homework.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    _assert_same_as_uncached(project, tmp_path)
    after_note = _pages_stored(project)
    assert sum(after_note[name] != first[name] for name in first) == 1

    # Another dossier's company changes what each BATNA lists as live elsewhere.
    facts = dossiers / "lumen-health" / "dossier.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Lumen", "Lumina"), "utf-8")
    site = _assert_same_as_uncached(project, tmp_path)
    prepare = site["opportunities/northwind-robotics/prepare.html"].decode("utf-8")
    assert "Lumina Health — Senior Backend Engineer" in prepare

    # A template override, and another date.
    (project / "templates" / "pages").mkdir(parents=True, exist_ok=True)
    card = (REPO / "templates" / "pages" / "card.md.j2").read_text(encoding="utf-8")
    (project / "templates" / "pages" / "card.md.j2").write_text(
        card + "\nA line from the override.\n", "utf-8"
    )
    site = _assert_same_as_uncached(project, tmp_path)
    assert b"A line from the override." in site["opportunities/northwind-robotics/index.html"]
    _assert_same_as_uncached(project, tmp_path, env={"DOSSIER_TODAY": "2026-12-09"})


def test_a_share_build_and_the_owners_build_keep_their_own_pages(
    project: Path, tmp_path: Path
) -> None:
    owner = _assert_same_as_uncached(project, tmp_path)
    shared = _assert_same_as_uncached(project, tmp_path, env={"DOSSIER_SHARE": "1"})
    assert owner != shared
    stored = _pages_stored(project)
    assert len(stored) == 8, "four dossiers, each for the owner and for a share"
    _assert_same_as_uncached(project, tmp_path)
    assert _pages_stored(project) == stored


def test_a_corrupt_page_entry_is_ignored_and_replaced(project: Path, tmp_path: Path) -> None:
    build_ok(project)
    stored = sorted((project / PAGES).glob("*.pickle"))
    stored[0].write_bytes(b"\x80\x05not a pickle at all")
    stored[1].write_bytes(b"")
    stored[2].write_bytes(stored[3].read_bytes())  # another dossier's pages under this name
    _assert_same_as_uncached(project, tmp_path)
    for path in stored[:3]:
        assert path.stat().st_size > 1000, f"{path.name} was not replaced"


def test_a_stage_page_is_made_again_exactly_when_one_of_its_members_changed(
    tmp_path: Path,
) -> None:
    """Under `mkdocs serve` a stage's page is kept while its members' analyses are the
    same objects; an edit to one member, or another date, makes it again."""
    import datetime as dt

    from interview_dossier.analyse.analysis import AnalysisCache, analyse_all
    from interview_dossier.render.pages import PageCache, Renderer, build_site

    facts = "company: {name}\nrole: Engineer\nstatus: applied\n"
    names = {"one": "Alder Co", "two": "Birch Co", "three": "Cedar Co"}
    root = make_project(
        tmp_path / "repo",
        {slug: {"dossier.yml": facts.format(name=n)} for slug, n in names.items()},
    )
    dossiers_dir = root / "dossiers"
    parsed, analysed, pages = DossierCache(), AnalysisCache(), PageCache()
    renderer = Renderer(None)

    def stage_page(today: dt.date, cache: PageCache | None = pages) -> str:
        dossiers, problems = load_all(dossiers_dir, root, parsed)
        assert problems == []
        site = build_site(
            analyse_all(dossiers, today, analysed), renderer, nav_limit=1, cache=cache
        )
        (page,) = [p for p in site.pages if "/stage/" in p.path]
        return page.content

    today = dt.date(2026, 11, 25)
    first = stage_page(today)
    assert stage_page(today) is first  # nothing changed: kept

    (dossiers_dir / "two" / "dossier.yml").write_text(facts.format(name="Rowan Co"), "utf-8")
    edited = stage_page(today)
    assert "Rowan Co" in edited and "Birch Co" not in edited
    assert edited == stage_page(today, cache=None)

    later = stage_page(today + dt.timedelta(days=3))
    assert later == stage_page(today + dt.timedelta(days=3), cache=None)
    assert later is not edited


def test_compiled_templates_come_from_disk_and_follow_their_source_and_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh build loads each template compiled by the last one from the cache
    folder, unless the template, or this package's code, changed since."""
    from interview_dossier.render import pages as render

    override, store = tmp_path / "templates", tmp_path / "cache" / "templates"
    source = override / "pages" / "hello.md.j2"
    source.parent.mkdir(parents=True)
    source.write_text("Hello {{ who }}\n", encoding="utf-8")

    def fresh_build() -> tuple[str, int]:
        """What a new process renders, and how many templates it had to compile."""
        monkeypatch.setattr(render._CompiledTemplates, "_memory", {})
        renderer = render.Renderer(override, compiled=store)
        compiled = []
        real = renderer.env.compile
        renderer.env.compile = lambda *a, **k: compiled.append(1) or real(*a, **k)  # type: ignore[method-assign]
        return renderer.render("pages/hello.md.j2", who="<you>"), len(compiled)

    assert fresh_build() == ("Hello &lt;you&gt;\n", 1)
    assert list(store.glob("*.pickle"))
    assert fresh_build() == ("Hello &lt;you&gt;\n", 0)  # from disk

    source.write_text("Goodbye {{ who }}\n", encoding="utf-8")
    assert fresh_build() == ("Goodbye &lt;you&gt;\n", 1)

    for entry in store.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert fresh_build() == ("Goodbye &lt;you&gt;\n", 1)
    assert fresh_build() == ("Goodbye &lt;you&gt;\n", 0)

    monkeypatch.setattr(render, "code_fingerprint", lambda: b"another release")
    assert fresh_build() == ("Goodbye &lt;you&gt;\n", 1)


def test_time_zones_come_from_disk_and_follow_the_zone_rules_and_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build whose events come from the cache takes each VTIMEZONE from there too,
    without icalendar; new zone rules or another release make it again."""
    import datetime as dt

    from interview_dossier.diskcache import DiskStore
    from interview_dossier.render import calendars as calendar_ics

    dossiers, problems = load_all(REPO / "dossiers", REPO)
    assert dossiers and not problems
    today = dt.date(2026, 11, 25)
    plain = calendar_ics.calendar_files(dossiers, today)
    assert b"BEGIN:VTIMEZONE" in plain[calendar_ics.ALL_CALENDAR]

    def fresh_build() -> dict[str, bytes]:
        cache = calendar_ics.CalendarCache()
        cache.zones = calendar_ics.ZoneStore(DiskStore(tmp_path / "calendars"))
        return calendar_ics.calendar_files(dossiers, today, cache=cache)

    assert fresh_build() == plain
    made: list[object] = []
    real = calendar_ics._timezone_ical
    monkeypatch.setattr(calendar_ics, "_timezone_ical", lambda *a: made.append(a) or real(*a))
    assert fresh_build() == plain
    assert made == []  # every VTIMEZONE from disk

    rules = calendar_ics._zone_rules
    monkeypatch.setattr(calendar_ics, "_zone_rules", lambda tzid: (rules(tzid) or b"") + b"new")
    assert fresh_build() == plain
    assert made
    made.clear()
    monkeypatch.setattr(calendar_ics, "code_fingerprint", lambda: b"another release")
    assert fresh_build() == plain
    assert made

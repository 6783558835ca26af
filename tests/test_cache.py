"""The parse cache on disk: a build with it equals a build without it, after any change."""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import pytest
import yaml
from interview_dossier import loader
from interview_dossier.loader import DossierCache, load_all
from sitebuild import all_bytes, build_ok, make_project

STORE = ".cache/dossier"


def _without_cache(root: Path, twin: Path) -> Path:
    """A copy of the project at `root` with the disk cache switched off, built."""
    if twin.exists():
        shutil.rmtree(twin)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns("site", ".cache"))
    config_path = twin / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dossier" in plugin:
            plugin["dossier"]["cache_dir"] = ""
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return build_ok(twin)


def _stored(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / STORE).glob("*.pickle")}


def _assert_same_site(root: Path, tmp_path: Path) -> None:
    cached = all_bytes(build_ok(root))
    plain = all_bytes(_without_cache(root, tmp_path / "twin"))
    assert sorted(cached) == sorted(plain)
    different = [name for name in cached if cached[name] != plain[name]]
    assert different == []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "repo", examples=True)


def test_cached_builds_equal_uncached_builds_after_every_kind_of_change(
    project: Path, tmp_path: Path
) -> None:
    dossiers = project / "dossiers"
    _assert_same_site(project, tmp_path)
    first = _stored(project)
    assert len(first) == 4, "every dossier is stored after a cold build"

    # One note edited: that dossier is read again; the other three come from the cache.
    note = dossiers / "northwind-robotics" / "homework.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    _assert_same_site(project, tmp_path)
    after_note = _stored(project)
    rewritten = [name for name in after_note if after_note[name] != first.get(name)]
    assert len(rewritten) == 1

    facts = dossiers / "lumen-health" / "dossier.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Lumen", "Lumina"), "utf-8")
    _assert_same_site(project, tmp_path)

    (dossiers / "harbor-analytics").rename(dossiers / "harbour-analytics")
    _assert_same_site(project, tmp_path)

    (dossiers / "northwind-robotics" / "homework.md").unlink()
    shutil.rmtree(dossiers / "ottervale-logistics")
    _assert_same_site(project, tmp_path)


def test_a_corrupt_or_foreign_cache_entry_is_ignored_and_replaced(
    project: Path, tmp_path: Path
) -> None:
    build_ok(project)
    stored = sorted((project / STORE).glob("*.pickle"))
    stored[0].write_bytes(b"\x80\x05not a pickle at all")
    stored[1].write_bytes(b"")
    # A well-formed entry of another dossier under this one's name.
    stored[2].write_bytes(stored[3].read_bytes())
    _assert_same_site(project, tmp_path)
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

"""The one disk cache (parsed dossiers, as JSON): a speed-up, never an input.

A build with the cache equals a build without it after every kind of edit; an
entry that is stale, damaged or planted is ignored and written anew; nothing in
it can run code, and nothing is kept in the project, where a clone could bring
entries of its own.
"""

from __future__ import annotations

import builtins
import importlib.metadata
import json
import marshal
import os
import pickle
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from interview_dossier.load import cache as cache_module
from interview_dossier.load.cache import ParseCache
from interview_dossier.load.loader import load_all
from sitebuild import TODAY, all_bytes, build_ok, make_project, mkdocs_build, run_share


def _entries(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}


def _without_cache(root: Path, twin: Path) -> Path:
    if twin.exists():
        shutil.rmtree(twin)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns("site"))
    config_path = twin / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dossier" in plugin:
            plugin["dossier"]["cache"] = False
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return twin


def _same_as_uncached(root: Path, tmp_path: Path, store: Path) -> None:
    cached = all_bytes(build_ok(root, env={"DOSSIER_CACHE_DIR": str(store)}))
    twin = _without_cache(root, tmp_path / "twin")
    plain = all_bytes(build_ok(twin, env={"DOSSIER_CACHE_DIR": str(tmp_path / "unused")}))
    assert sorted(cached) == sorted(plain)
    assert [name for name in cached if cached[name] != plain[name]] == []
    assert not (tmp_path / "unused").exists(), "`cache: false` wrote entries"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "repo", examples=True)


def test_cached_builds_equal_uncached_builds_after_every_kind_of_change(
    project: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    dossiers = project / "dossiers"
    _same_as_uncached(project, tmp_path, store)
    first = _entries(store)
    assert len(first) == 4, "every dossier is stored after a cold build"
    _same_as_uncached(project, tmp_path, store)  # a warm build, every dossier from disk
    assert _entries(store) == first

    # One note edited: that dossier is read and stored again; the others are kept.
    note = dossiers / "northwind-robotics" / "homework.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    _same_as_uncached(project, tmp_path, store)
    after_note = _entries(store)
    assert [name for name in after_note if after_note[name] != first.get(name)] != []
    assert len([n for n in after_note if after_note[n] != first.get(n)]) == 1

    facts = dossiers / "lumen-health" / "dossier.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Lumen", "Lumina"), "utf-8")
    _same_as_uncached(project, tmp_path, store)

    (dossiers / "northwind-robotics" / "extra.md").write_text("# A new note\n\nText.\n", "utf-8")
    _same_as_uncached(project, tmp_path, store)

    (dossiers / "harbor-analytics").rename(dossiers / "harbour-analytics")
    _same_as_uncached(project, tmp_path, store)

    (dossiers / "northwind-robotics" / "homework.md").unlink()
    shutil.rmtree(dossiers / "ottervale-logistics")
    _same_as_uncached(project, tmp_path, store)


def test_a_second_load_comes_from_disk_and_new_code_does_not(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    cold = ParseCache(store)
    first, problems = load_all(project / "dossiers", project, cold)
    assert problems == [] and cold.parsed == 4

    warm = ParseCache(store)
    second, _ = load_all(project / "dossiers", project, warm)
    assert (warm.from_disk, warm.parsed) == (4, 0)
    assert second == first

    real_version = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata,
        "version",
        lambda name: "99.0" if name == "interview-dossier" else real_version(name),
    )
    cache_module.code_fingerprint.cache_clear()
    try:
        upgraded = ParseCache(store)
        third, _ = load_all(project / "dossiers", project, upgraded)
        assert (upgraded.from_disk, upgraded.parsed) == (0, 4)
        assert third == first
    finally:
        cache_module.code_fingerprint.cache_clear()


def test_damaged_stale_or_foreign_entries_are_ignored_and_rewritten(
    project: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    first, _ = load_all(project / "dossiers", project, ParseCache(store))
    entries = sorted(store.glob("*.json"))
    entries[0].write_bytes(b"{not json")
    entries[1].write_bytes(b"")
    # Another dossier's entry, well formed, under this one's name: its key differs.
    entries[2].write_bytes(entries[3].read_bytes())
    # The right key with other content would be believed: the key is what guards it,
    # so a key that is not this folder's must never be accepted.
    stored = json.loads(entries[3].read_text(encoding="utf-8"))
    stored["key"] = "0" * 40
    stored["dossier"]["facts"]["company"] = "Planted"
    entries[3].write_text(json.dumps(stored), encoding="utf-8")

    again = ParseCache(store)
    second, problems = load_all(project / "dossiers", project, again)
    assert problems == [] and second == first
    assert (again.from_disk, again.parsed) == (0, 4)
    for path in entries:
        assert json.loads(path.read_text(encoding="utf-8"))["dossier"]["facts"]["company"] != (
            "Planted"
        )


class _RunsCode:
    """Unpickled, it creates `marker`: proof that a cache entry ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (builtins.open, (str(self.marker), "w"))


def _payloads(marker: Path) -> list[bytes]:
    code = compile(f"open({str(marker)!r}, 'w')", "<planted>", "exec")
    return [pickle.dumps(_RunsCode(marker)), marshal.dumps(code)]


def _plant(folder: Path, marker: Path) -> int:
    """A payload over every file under `folder`, and in the places older versions used."""
    pickled, marshalled = _payloads(marker)
    planted = 0
    for path in [p for p in folder.rglob("*") if p.is_file()]:
        path.write_bytes(pickled if planted % 2 == 0 else marshalled)
        planted += 1
    for sub in ("", "zones", "pages", "templates", "calendars"):
        spot = folder / sub
        spot.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate((pickled, marshalled)):
            (spot / f"{i:032x}.pickle").write_bytes(data)
            (spot / f"{i:032x}.json").write_bytes(data)
            planted += 2
    return planted


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_once(root: Path, env: dict[str, str]) -> str:
    """Start `dossier serve`, read the home page once it answers, and stop it."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "interview_dossier.cli", "serve", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"serve stopped: {process.stderr.read()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    return str(answer.read().decode("utf-8"))
            except OSError:
                time.sleep(0.5)
        raise AssertionError("serve did not answer")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_planted_entries_never_run_and_every_command_still_builds(
    project: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    marker = tmp_path / "MARKER-code-ran"
    env = {**os.environ, "DOSSIER_TODAY": TODAY, "DOSSIER_CACHE_DIR": str(store)}
    build_ok(project, env={"DOSSIER_CACHE_DIR": str(store)})
    assert _entries(store)
    # Everything a clone could carry (the old cache folder, forced past .gitignore)
    # and everything in the user's cache folder: each file now a payload.
    assert _plant(store, marker) > 4
    assert _plant(project / ".cache" / "dossier", marker) > 0

    built = subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    assert not marker.exists()
    assert (project / "site" / "index.html").is_file()

    shared = run_share(
        project, "--out", str(tmp_path / "shared"), env={"DOSSIER_CACHE_DIR": str(store)}
    )
    assert shared.returncode == 0, shared.stderr
    assert not marker.exists()

    _plant(store, marker)
    assert "Dashboard" in _serve_once(project, env)
    assert not marker.exists()


def test_nothing_is_kept_in_the_project(project: Path, tmp_path: Path) -> None:
    build_ok(project, env={"DOSSIER_CACHE_DIR": str(tmp_path / "store")})
    assert not (project / ".cache").exists()
    assert len(_entries(tmp_path / "store")) == 4


def test_the_old_cache_dir_option_fails_a_strict_build_and_says_why(project: Path) -> None:
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dossier" in plugin:
            plugin["dossier"]["cache_dir"] = ".cache/dossier"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "`cache_dir` is no longer used" in result.stderr
    assert "Traceback" not in result.stderr

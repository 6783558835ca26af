"""What a Dossier user feels, measured: full build, warm build, live preview, page weight.

At each size N (default 10, 50 and 200 synthetic dossiers) it compares, in one run,
alternating round after round:

* ours: `mkdocs build` of a project whose pages come from `dossiers/` through our
  plugin, with the parse cache off ("full") and warm after a one-note edit ("warm");
* baseline: plain MkDocs + Material building the very same pages written out
  beforehand as ordinary Markdown files, with the same nav, theme and extensions;
* with `--against REV`: the same builds of commit REV, checked out in a temporary
  git worktree, alternating with ours.

Then a real `mkdocs serve --dirty` per side (what `dossier serve` runs): seconds from
saving a note to the served page showing it. And the bytes one page view loads, and
each build's peak memory. Sizes above 200 get full builds only (linearity, memory).
Nothing here asserts: targets print PASS or MISS.

Run it with the project's venv:  .venv/bin/python bench/build.py --help
"""

from __future__ import annotations

import argparse
import compileall
import copy
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))  # a source checkout without an install
TODAY = "2026-11-25"
os.environ["NO_MKDOCS_2_WARNING"] = "1"
os.environ["DOSSIER_TODAY"] = TODAY

from interview_dossier.load.loader import slugify  # noqa: E402
from interview_dossier.model import Section  # noqa: E402
from interview_dossier.render.pages import SECTION_PAGE  # noqa: E402
from synthetic import generate  # noqa: E402

# ---------------------------------------------------------------- targets

MAX_RATIO = 1.10  # ours / baseline, full build, at N = TARGET_N
MAX_LIVE_S = 1.5  # live preview, saving a file -> the served page shows it, at N = TARGET_N
TARGET_N = 200
MAX_SCALING = 1.5  # build cost per dossier at the largest N vs at N = TARGET_N
MAX_MEMORY_GROWTH = 1.5  # MB per extra dossier, largest N vs the size before it
MAX_WORSE = 1.10  # --against: ours / REV for each figure a user feels
FULL_ONLY_ABOVE = 200  # larger sizes: full builds only (linearity and memory)
LIVE_EDITS = 3  # edits of each kind (a note, a dossier.yml) per side and size

CLOCK = {"name": "cpu"}  # set by --clock: which build time the ratios use


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


class BuildFailed(RuntimeError):
    pass


# ---------------------------------------------------------------- sides


@dataclass
class Side:
    """One version of the plugin: ours (this checkout) or the commit given with --against."""

    name: str
    repo: Path  # the checkout: its plugins/, templates/, docs/ and mkdocs.yml
    env: dict[str, str]  # environment of its builds and servers
    cache_style: str  # "cache": a switch, entries in $DOSSIER_CACHE_DIR; "cache_dir": a folder

    def options(self, dossiers: Path, warm: bool) -> dict[str, Any]:
        """The plugin's options in mkdocs.yml, as this side understands them."""
        options: dict[str, Any] = {"dossiers_dir": str(dossiers)}
        if self.cache_style == "cache_dir":
            options["cache_dir"] = ".cache/dossier" if warm else ""
        else:
            options["cache"] = warm
        return options


def make_side(name: str, repo: Path, work: Path) -> Side:
    config = repo / "plugins" / "interview_dossier" / "mkdocs_plugin" / "config.py"
    style = "cache_dir" if "cache_dir = c.Type(" in config.read_text(encoding="utf-8") else "cache"
    env = {"DOSSIER_CACHE_DIR": str(work / f"cache-{name}")}
    if repo != REPO:
        # Ahead of the editable install's path entry: REV's package, found from its own
        # files, with its templates beside it as in any source checkout.
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(repo / "plugins"), os.environ.get("PYTHONPATH")])
        )
    # An install has its modules compiled to bytecode; without this each build where
    # Python may not write bytecode would compile them from source.
    compileall.compile_dir(str(repo / "plugins"), quiet=1)
    return Side(name, repo, env, style)


def checkout(rev: str, work: Path) -> tuple[str, Path]:
    """REV in a temporary git worktree (removed by `remove_checkout`)."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.strip()
    folder = work / f"rev-{short}"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(folder), rev],
        cwd=REPO,
        check=True,
    )
    return short, folder


def remove_checkout(folder: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=REPO, check=False)
    subprocess.run(["git", "worktree", "prune"], cwd=REPO, check=False)


# ---------------------------------------------------------------- projects


def _write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _is_ours(entry: Any) -> bool:
    return entry == "dossier" or (isinstance(entry, dict) and "dossier" in entry)


def _with_options(config: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    config = copy.deepcopy(config)
    config["docs_dir"] = "docs"
    config["plugins"] = [{"dossier": options} if _is_ours(e) else e for e in config["plugins"]]
    return config


@dataclass
class Project:
    """One side's project at one size: mkdocs.yml files for each kind of build."""

    side: Side
    folder: Path
    live_dossiers: Path  # a copy of the data that only this side's server watches

    @property
    def full(self) -> Path:
        return self.folder / "full.yml"

    @property
    def warm(self) -> Path:
        return self.folder / "warm.yml"

    @property
    def live(self) -> Path:
        return self.folder / "live.yml"


def make_project(side: Side, root: Path, dossiers: Path) -> Project:
    """The side's own mkdocs.yml and docs/, pointed at the generated dossiers. There is
    no templates/ folder in the project: each side renders with its own templates."""
    folder = root / side.name
    shutil.copytree(side.repo / "docs", folder / "docs")
    mine = yaml.safe_load((side.repo / "mkdocs.yml").read_text(encoding="utf-8"))
    project = Project(side, folder, root / f"live-{side.name}" / "dossiers")
    _write_yaml(project.full, _with_options(mine, side.options(dossiers, warm=False)))
    _write_yaml(project.warm, _with_options(mine, side.options(dossiers, warm=True)))
    _write_yaml(project.live, _with_options(mine, side.options(project.live_dossiers, warm=True)))
    return project


def make_baseline(ours: Project, root: Path) -> tuple[Path, int]:
    """Plain MkDocs + Material on the pages our plugin generates, written out as files.

    What the plugin hands MkDocs comes from its own events: `on_config` (the core's
    pages and the nav it computes) and `on_files` (every other file: CSS, JS, icons,
    calendars). The plugin puts each rendered note into its page after MkDocs'
    Markdown; the baseline's Markdown holds the note's HTML there instead, so both
    sites show, index and write the same notes. Returns its mkdocs.yml and the page count.
    """
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(config_file=str(ours.full))
    plugin = config.plugins["dossier"]
    config = plugin.on_config(config)
    site = plugin.site
    generated = Files([])
    config.plugins._current_plugin = "dossier"  # as MkDocs sets it during an event
    plugin.on_files(generated, config=config)
    config.plugins._current_plugin = None

    base = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    base["docs_dir"] = "docs"
    base["plugins"] = [e for e in base["plugins"] if not _is_ours(e)]
    base["nav"] = config.nav
    base["extra_css"] = [str(x) for x in config.extra_css]
    base["extra_javascript"] = [str(getattr(x, "path", x)) for x in config.extra_javascript]
    base["extra"] = yaml.safe_load(yaml.safe_dump(dict(config.extra)))
    if favicon := config.theme.get("favicon"):
        base["theme"]["favicon"] = str(favicon)
    docs = root / "baseline" / "docs"
    shutil.copytree(REPO / "docs", docs)
    for f in generated:
        target = docs / f.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        page = site.page_by_path.get(f.src_uri)
        data = f.content_bytes
        if page is not None:
            data = page.fill_fragments(data.decode("utf-8")).encode("utf-8")
        target.write_bytes(data)
    _write_yaml(root / "baseline" / "mkdocs.yml", base)
    return root / "baseline" / "mkdocs.yml", len(site.pages)


# ---------------------------------------------------------------- builds


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the child
    peak_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """On the clock chosen with --clock: what the ratios use."""
        return statistics.median(self.cpu if CLOCK["name"] == "cpu" else self.wall)

    def cell(self) -> str:
        return f"{statistics.median(self.cpu):.2f} ({statistics.median(self.wall):.2f})"


def run_build(config: Path, site: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """One `mkdocs build` in a child process: wall seconds, its CPU seconds, its peak MB."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=config.parent,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, **env},
        )
        # wait4 gives this child's own rusage: its peak RSS, not the largest of all children.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if code := os.waitstatus_to_exitcode(status):
            err.seek(0)
            message = err.read().decode(errors="replace")[-4000:]
            raise BuildFailed(f"{' '.join(cmd)} exited with {code}:\n{message}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KB on Linux


@dataclass
class Build:
    config: Path
    site: Path
    env: dict[str, str]


def alternate(builds: dict[str, Build], notes: list[Path], rounds: int, n: int) -> dict[str, Runs]:
    """Each build once per round, the order rotating so none always goes first. Each
    round starts with a line added to one note: every warm build follows one edit."""
    runs = {name: Runs() for name in builds}
    names = list(builds)
    rng = random.Random(n)
    for r in range(rounds):
        with rng.choice(notes).open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited before round {r + 1}.\n")
        for name in names[r % len(names) :] + names[: r % len(names)]:
            b = builds[name]
            wall, cpu, peak = run_build(b.config, b.site, b.env)
            runs[name].wall.append(wall)
            runs[name].cpu.append(cpu)
            runs[name].peak_mb.append(peak)
            progress(
                f"N={n} round {r + 1}/{rounds}: {name} {wall:.2f} s wall, {cpu:.2f} s CPU,"
                f" {peak:.0f} MB, load {os.getloadavg()[0]:.1f}"
            )
    return runs


# ---------------------------------------------------------------- pages


@dataclass
class PageSizes:
    files: int
    largest_kb: float
    typical_kb: float  # a typical opportunity page (the median card)
    view_kb: float | None  # what a browser loads to show that typical page


def page_sizes(site: Path, dossiers: Path, view: bool) -> PageSizes:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    slugs = {slugify(p.name) for p in dossiers.iterdir() if p.is_dir()}
    cards = sorted(
        (size, path)
        for path, size in sizes.items()
        if path.endswith("/index.html") and path.split("/")[-2] in slugs
    )
    typical = cards[len(cards) // 2][1] if cards else max(sizes, key=sizes.__getitem__)
    return PageSizes(
        len(sizes),
        max(sizes.values()) / 1024,
        sizes[typical] / 1024,
        page_view_kb(site, typical) if view else None,
    )


def page_view_kb(site: Path, path: str) -> float:
    """KB one page view loads: every response the page asks for, uncompressed.

    The site is served on loopback by Python's http.server (no compression), opened
    in headless Chromium on a phone viewport, and given a second after `load`. The
    service worker is blocked: its one-off copy of the site for offline use is not
    part of a page view.
    """
    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM, LAUNCH_ARGS, PHONE_CONTEXT_OPTIONS, serve_directory
    from playwright.sync_api import sync_playwright

    loaded: list[Any] = []
    with serve_directory(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            context = browser.new_context(**PHONE_CONTEXT_OPTIONS, service_workers="block")
            context.on("response", lambda response: loaded.append(response))
            page = context.new_page()
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("load")
            page.wait_for_timeout(1000)
            total = 0
            for response in loaded:
                try:
                    total += len(response.body())
                except Exception:  # a response without a body (redirect, aborted)
                    continue
        finally:
            browser.close()
    return total / 1024


# ---------------------------------------------------------------- live preview


@dataclass
class Live:
    start_s: float  # first build of `mkdocs serve --dirty`, until the home page answers
    note_s: list[float] = field(default_factory=list)  # save a note -> its page shows it
    facts_s: list[float] = field(default_factory=list)  # save a dossier.yml -> card shows it
    notes: list[str] = field(default_factory=list)  # words added to notes
    stages: dict[str, str] = field(default_factory=dict)  # each folder's last stage word
    nav_ok: bool = True  # a page reached from the nav still loads after each edit
    search_ok: bool = True  # the search index holds every word in the files, once

    @property
    def median(self) -> float:
        """The slower kind of edit, by its median."""
        return max(statistics.median(self.note_s), statistics.median(self.facts_s))

    def cell(self, values: list[float]) -> str:
        return f"{statistics.median(values):.2f} ({', '.join(f'{x:.2f}' for x in values)})"


def _http(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def _until(url: str, text: str, timeout: float = 300) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        status, body = _http(url)
        if status == 200 and text in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise BuildFailed(f"{url} did not show {text!r} within {timeout:.0f} s")


def _note_page(note: Path) -> str:
    text = note.read_text(encoding="utf-8")
    section = "notes"
    if text.startswith("---"):
        section = (yaml.safe_load(text.split("---", 2)[1]) or {}).get("section", "notes")
    return SECTION_PAGE[Section(section)]


@dataclass
class Server:
    project: Project
    port: int
    proc: subprocess.Popen[bytes]
    log: Any

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(project: Project, dossiers: Path) -> Server:
    """`mkdocs serve --dirty` (what `dossier serve` runs) on a copy of the dossiers."""
    shutil.copytree(dossiers, project.live_dossiers)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(project.live)]
    cmd += ["-a", f"127.0.0.1:{port}"]
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop_server)
    env = {**os.environ, **project.side.env}
    proc = subprocess.Popen(cmd, cwd=project.folder, stdout=log, stderr=log, env=env)
    return Server(project, port, proc, log)


def stop_server(server: Server, failed: bool) -> None:
    server.proc.send_signal(signal.SIGINT)
    try:
        server.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
    if failed:
        server.log.seek(0)
        progress(server.log.read().decode("utf-8", "replace")[-4000:])
    server.log.close()


def _edit_note(server: Server, folder: str, note: str, word: str) -> float:
    path = server.project.live_dossiers / folder / note
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{word}\n")
    page = f"opportunities/{slugify(folder)}/{_note_page(path)}.html"
    return _until(f"{server.base}/{page}", word)


def _edit_facts(server: Server, folder: str, word: str) -> float:
    facts = server.project.live_dossiers / folder / "dossier.yml"
    lines = [
        line
        for line in facts.read_text(encoding="utf-8").splitlines()
        if not line.startswith("stage:")
    ]
    facts.write_text("\n".join([*lines, f"stage: {word}", ""]), encoding="utf-8")
    return _until(f"{server.base}/opportunities/{slugify(folder)}/index.html", word)


def _search_right(server: Server, words: list[str]) -> bool:
    time.sleep(1)  # the index is written at the end of the build that showed the page
    _, index = _http(f"{server.base}/search/search_index.json")
    docs = json.loads(index)["docs"] if index else []
    text = " ".join(d.get("text", "") for d in docs)
    locations = [d["location"] for d in docs]
    return all(w in text for w in words) and len(locations) == len(set(locations))


def time_live(projects: list[Project], dossiers: Path, seed: int) -> dict[str, Live]:
    """Every side's server runs at once, each on its own copy of the data; the edits
    alternate between them, so each rebuild has the machine to itself."""
    servers: list[Server] = []
    results: dict[str, Live] = {}
    failed = True
    try:
        for p in projects:  # one after the other: each first build alone
            servers.append(start_server(p, dossiers))
            started = _until(f"{servers[-1].base}/index.html", "Dashboard", timeout=1800)
            results[p.side.name] = Live(started)
        rng = random.Random(seed)
        folders = sorted(p.name for p in dossiers.iterdir() if p.is_dir())
        for k in range(LIVE_EDITS):
            folder = rng.choice(folders)
            note = rng.choice(sorted(p.name for p in (dossiers / folder).glob("*.md")))
            for s in servers[k % len(servers) :] + servers[: k % len(servers)]:
                live = results[s.project.side.name]
                word = f"Livemark{k}note{rng.randrange(10**6)}"
                live.note_s.append(_edit_note(s, folder, note, word))
                live.notes.append(word)
                time.sleep(1)  # let the rest of that rebuild finish
                word = f"Livemark{k}stage{rng.randrange(10**6)}"
                live.facts_s.append(_edit_facts(s, folder, word))
                live.stages[folder] = word
                live.nav_ok &= _http(f"{s.base}/opportunities/offers.html")[0] == 200
                time.sleep(1)
        for s in servers:
            live = results[s.project.side.name]
            live.search_ok = _search_right(s, [*live.notes, *live.stages.values()])
        failed = False
        return results
    finally:
        for s in servers:
            stop_server(s, failed)


# ---------------------------------------------------------------- one size


@dataclass
class SizeResult:
    n: int
    pages: int
    runs: dict[str, Runs]  # "baseline", "<side> full", "<side> warm"
    html: dict[str, PageSizes]  # by side
    live: dict[str, Live]  # by side; empty above FULL_ONLY_ABOVE

    def ratio(self, a: str, b: str) -> float | None:
        if a not in self.runs or b not in self.runs:
            return None
        return self.runs[a].median / self.runs[b].median

    def per_dossier_ms(self, side: str) -> float:
        return 1000 * self.runs[f"{side} full"].median / self.n


def measure(n: int, sides: list[Side], root: Path, args: argparse.Namespace) -> SizeResult:
    dossiers = root / "data" / "dossiers"
    progress(f"N={n}: generating the dossiers and the projects")
    generate(n, args.seed, dossiers, dt.date.fromisoformat(TODAY))
    projects = [make_project(s, root, dossiers) for s in sides]
    small = n <= FULL_ONLY_ABOVE
    builds: dict[str, Build] = {}
    pages = 0
    if small:
        progress(f"N={n}: writing the baseline's pages")
        base_config, pages = make_baseline(projects[0], root)
        builds["baseline"] = Build(base_config, root / "site-baseline", {})
    for p in projects:
        builds[f"{p.side.name} full"] = Build(p.full, root / f"site-{p.side.name}", p.side.env)
        if small:
            warm = Build(p.warm, root / f"site-{p.side.name}-warm", p.side.env)
            progress(f"N={n}: filling {p.side.name}'s cache (not counted)")
            run_build(warm.config, warm.site, warm.env)
            builds[f"{p.side.name} warm"] = warm
    notes = sorted(dossiers.glob("*/*.md"))
    runs = alternate(builds, notes, args.rounds, n)
    html = {}
    for s in sides:
        progress(f"N={n}: page sizes of {s.name}")
        html[s.name] = page_sizes(root / f"site-{s.name}", dossiers, view=small)
    live: dict[str, Live] = {}
    if small:
        progress(f"N={n}: live preview under mkdocs serve --dirty")
        live = time_live(projects, dossiers, args.seed)
    pages = pages or html[sides[0].name].files
    return SizeResult(n, pages, runs, html, live)


# ---------------------------------------------------------------- report


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for k, row in enumerate(rows):
        cells = zip(row, widths, strict=True)
        out.append("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(cells)))
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def build_tables(results: list[SizeResult], names: list[str]) -> None:
    clock = "CPU" if CLOCK["name"] == "cpu" else "wall"
    print(
        "\nFull build, parse cache off: median CPU s of the build process (wall s);"
        f" ratios on {clock} time"
    )
    head = ["N", "pages", "baseline", *names, *(f"{s}/base" for s in names)]
    head += [f"{names[0]}/{s}" for s in names[1:]] + [f"{names[0]} ms/dossier"]
    rows = [head]
    for r in results:
        cells = [str(r.n), str(r.pages), r.runs["baseline"].cell() if "baseline" in r.runs else "-"]
        cells += [r.runs[f"{s} full"].cell() for s in names]
        cells += [_fmt(r.ratio(f"{s} full", "baseline")) for s in names]
        cells += [_fmt(r.ratio(f"{names[0]} full", f"{s} full")) for s in names[1:]]
        rows.append([*cells, f"{r.per_dossier_ms(names[0]):.1f}"])
    print(table(rows))

    print(
        "\nWarm build: parse cache warm, one note edited before each build; median CPU s (wall s)"
    )
    rows = [["N", *names, *(f"{s}/base" for s in names), *(f"{names[0]}/{s}" for s in names[1:])]]
    for r in results:
        if "baseline" not in r.runs:
            continue
        cells = [str(r.n), *(r.runs[f"{s} warm"].cell() for s in names)]
        cells += [_fmt(r.ratio(f"{s} warm", "baseline")) for s in names]
        cells += [_fmt(r.ratio(f"{names[0]} warm", f"{s} warm")) for s in names[1:]]
        rows.append(cells)
    print(table(rows))

    print("\nPeak memory of a full build (MB, largest of the rounds)")
    rows = [["N", "baseline", *names]]
    for r in results:
        base = r.runs.get("baseline")
        cells = [str(r.n), f"{max(base.peak_mb):.0f}" if base else "-"]
        rows.append(cells + [f"{max(r.runs[f'{s} full'].peak_mb):.0f}" for s in names])
    print(table(rows))


def other_tables(results: list[SizeResult], names: list[str]) -> None:
    print(
        "\nLive preview: a real `mkdocs serve --dirty`, wall s from saving a file to the served"
        f" page showing it (median of {LIVE_EDITS} edits, each in brackets)"
    )
    rows = [["N", "side", "first build s", "note edit s", "dossier.yml edit s", "nav", "search"]]
    for r in results:
        for s in names:
            if s in r.live:
                v = r.live[s]
                right = ("loads" if v.nav_ok else "FAILS", "right" if v.search_ok else "WRONG")
                rows.append(
                    [str(r.n), s, f"{v.start_s:.1f}", v.cell(v.note_s), v.cell(v.facts_s), *right]
                )
    print(table(rows))

    print("\nPages (KB of HTML; one view = every file a browser loads to show a typical card)")
    rows = [["N", "side", "html files", "largest page", "typical card", "one view of it"]]
    for r in results:
        for s in names:
            h = r.html[s]
            kb = (h.largest_kb, h.typical_kb)
            rows.append(
                [str(r.n), s, str(h.files), *(f"{x:.0f}" for x in kb), _fmt(h.view_kb, ".0f")]
            )
    print(table(rows))


Check = tuple[str, bool | None, str]


def target_checks(results: list[SizeResult], ours: str) -> list[Check]:
    checks: list[Check] = []
    by_n = {r.n: r for r in results}
    at = by_n.get(TARGET_N) or max(
        (r for r in results if "baseline" in r.runs), key=lambda r: r.n, default=None
    )
    if at is not None:
        ratio = at.ratio(f"{ours} full", "baseline") or 0.0
        checks.append(
            (
                f"full build ours/baseline at N={at.n} <= {MAX_RATIO}",
                ratio <= MAX_RATIO,
                f"{ratio:.2f}",
            )
        )
    if at is not None and ours in at.live:
        live = at.live[ours]
        ok = live.median <= MAX_LIVE_S and live.nav_ok and live.search_ok
        checks.append(
            (
                f"live preview at N={at.n} <= {MAX_LIVE_S} s, nav and search right",
                ok,
                f"{live.median:.2f} s",
            )
        )
    large = results[-1]
    if TARGET_N in by_n and large.n > TARGET_N:
        a, b = large.per_dossier_ms(ours), by_n[TARGET_N].per_dossier_ms(ours)
        checks.append(
            (
                f"build cost per dossier at N={large.n} <= {MAX_SCALING}x N={TARGET_N}",
                a <= MAX_SCALING * b,
                f"{a:.1f} vs {b:.1f} ms = {a / b:.2f}x",
            )
        )
    else:
        checks.append(
            (
                f"build cost per dossier, N=1000 vs N={TARGET_N}",
                None,
                "not run: add 1000 to --sizes",
            )
        )
    if len(results) >= 3:
        first, prev = results[0], results[-2]

        def slope(r: SizeResult) -> float:
            peak = max(r.runs[f"{ours} full"].peak_mb)
            return (peak - max(first.runs[f"{ours} full"].peak_mb)) / (r.n - first.n)

        checks.append(
            (
                f"memory linear: MB per dossier above N={first.n}, N={large.n} <= {MAX_MEMORY_GROWTH}x N={prev.n}",
                slope(large) <= MAX_MEMORY_GROWTH * max(slope(prev), 1e-9),
                f"{slope(large):.3f} vs {slope(prev):.3f} MB/dossier",
            )
        )
    return checks


def against_checks(results: list[SizeResult], ours: str, rev: str) -> list[Check]:
    """Each figure a user feels, ours vs REV: no more than MAX_WORSE times REV's."""
    checks: list[Check] = []
    for r in results:
        pairs = [("full build", r.ratio(f"{ours} full", f"{rev} full"))]
        pairs.append(("warm build", r.ratio(f"{ours} warm", f"{rev} warm")))
        if ours in r.live and rev in r.live:
            pairs.append(("live preview", r.live[ours].median / r.live[rev].median))
        a, b = r.html[ours].view_kb, r.html[rev].view_kb
        if a is not None and b is not None:
            pairs.append(("bytes per page view", a / b))
        for what, ratio in pairs:
            if ratio is not None:
                checks.append(
                    (
                        f"{what} at N={r.n}: ours/{rev} <= {MAX_WORSE}",
                        ratio <= MAX_WORSE,
                        f"{ratio:.2f}",
                    )
                )
    return checks


def print_checks(checks: list[Check]) -> None:
    print("\nTargets (printed, never asserted)")
    width = max(len(name) for name, _, _ in checks)
    for name, passed, value in checks:
        verdict = "SKIP" if passed is None else ("PASS" if passed else "MISS")
        print(f"  {verdict}  {name.ljust(width)}  {value}")


# ---------------------------------------------------------------- main


def _describe() -> str:
    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return out.stdout.strip()

    changed = len(git("status", "--porcelain", "--", "plugins", "templates").splitlines())
    return f"{git('rev-parse', '--short', 'HEAD')}" + (
        f" plus {changed} uncommitted file(s)" if changed else ""
    )


class Stopped(Exception):
    pass


def _stop(signum: int, _frame: Any) -> None:
    raise Stopped(f"stopped by signal {signal.Signals(signum).name}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--against", metavar="REV", help="also measure this commit, side by side")
    parser.add_argument("--workdir", type=Path, help="keep generated projects here")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="build time the ratios use (default cpu: steadier on a shared machine)",
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes))
    if args.sizes[0] < 8 or args.rounds < 1:
        parser.error("sizes must be at least 8 (one dossier per status), rounds at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    CLOCK["name"] = args.clock
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)  # say so, and clean up, rather than vanish
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["DOSSIER_CACHE_DIR"] = str(work / "cache-bench")  # never the user's own
    sides = [make_side("ours", REPO, work)]
    rev_folder = None
    results: list[SizeResult] = []
    try:
        if args.against:
            short, rev_folder = checkout(args.against, work)
            sides.append(make_side(short, rev_folder, work))
        print(__doc__.split("\n\n", 1)[1].rsplit("\n\n", 1)[0])
        print(
            f"\nours = {_describe()}; {'; '.join(f'{s.name} = commit {s.name}' for s in sides[1:])}"
            f"\nsizes {args.sizes}, {args.rounds} round(s), seed {args.seed},"
            f" DOSSIER_TODAY={TODAY}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs,"
            f" load average at start {os.getloadavg()[0]:.1f}"
        )
        for n in args.sizes:
            root = work / f"n{n}"
            shutil.rmtree(root, ignore_errors=True)
            results.append(measure(n, sides, root, args))
            for site in root.glob("site-*"):
                shutil.rmtree(site, ignore_errors=True)
    except BuildFailed as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    except Stopped as exc:
        print(f"\n{exc}; results so far are in the progress lines above", file=sys.stderr)
        return 2
    finally:
        if rev_folder is not None:
            remove_checkout(rev_folder)
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f} (other work skews wall times)")
    names = [s.name for s in sides]
    build_tables(results, names)
    other_tables(results, names)
    checks = target_checks(results, "ours")
    if len(names) > 1:
        checks += against_checks(results, "ours", names[1])
    print_checks(checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())

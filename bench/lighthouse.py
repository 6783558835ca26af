"""Lighthouse and axe-core on the example site, as a phone sees it (issue #4).

What it measures: the repository's example site (mkdocs.yml, docs/, dossiers/),
built with DOSSIER_TODAY fixed and served on 127.0.0.1 by Python's http.server
(no compression, no cache headers: a real host scores a little better). Beside it,
in the same run and on the same server, an anchor: a default Material for MkDocs
site (`theme: material` and nothing else) made of the same docs/ pages and this
project's README as its home. For the home page, one card and one Numbers page of
ours, and the anchor's home, it runs

* Lighthouse (mobile form factor, simulated slow 4G, headless Debian Chromium),
  several rounds, each round visiting every page once in turn, and prints the
  median performance, accessibility, best-practices and SEO scores, total bytes,
  first contentful paint, LCP and TBT;
* axe-core in Playwright on a 390x844 phone viewport, and prints the violations
  by impact, with the elements they were found on.

With `--before REV` the same three pages are also measured as commit REV of
this repository built them (its files taken with `git archive`, its package put
first on PYTHONPATH), in the same rounds: a before/after table from one run.

The tools are pinned in bench/package.json and bench/package-lock.json, and
installed with `npm ci` into bench/node_modules when missing. Nothing is fetched
while measuring. Run it with the project's venv:

    .venv/bin/python bench/lighthouse.py [--runs 3] [--keep] [--before REV]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
MODULES = BENCH / "node_modules"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
TODAY = "2026-11-25"
PAGES = {
    "home": "index.html",
    "card": "opportunities/northwind-robotics/index.html",
    "numbers": "opportunities/lumen-health/numbers.html",
}
#: The default Material site measured beside ours: (name, path in its site).
ANCHOR = ("anchor", "index.html")
IMPACTS = ("critical", "serious", "moderate", "minor")

sys.path.insert(0, str(REPO / "tests"))
from browser import LAUNCH_ARGS, PHONE_CONTEXT_OPTIONS  # noqa: E402


def pinned_versions() -> dict[str, str]:
    return json.loads((BENCH / "package.json").read_text(encoding="utf-8"))["dependencies"]


def installed_version(name: str) -> str | None:
    manifest = MODULES / name / "package.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("version")


def ensure_tools() -> None:
    """`npm ci` from the committed lock file unless the pinned versions are there."""
    wanted = pinned_versions()
    if all(installed_version(name) == version for name, version in wanted.items()):
        return
    print(f"installing {', '.join(f'{n}@{v}' for n, v in wanted.items())} with npm ci", flush=True)
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=BENCH, check=True
    )
    for name, version in wanted.items():
        if installed_version(name) != version:
            raise SystemExit(f"{name}: expected {version}, found {installed_version(name)}")


def build_site(out: Path, source: Path = REPO, name: str = "site") -> Path:
    """Build the example site into `out`/`name` from a copy of `source`'s project
    (mkdocs.yml, docs/, dossiers/), with the package found in `source`/plugins
    when `source` is not this repository."""
    project = out / f"{name}-project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copy2(source / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "dossiers"):
        shutil.copytree(source / folder, project / folder)
    site = out / name
    env = {**os.environ, "DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    if source != REPO:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(source / "plugins"), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=project,
        env=env,
        check=True,
    )
    return site


def checkout(rev: str, out: Path) -> Path:
    """The files of commit `rev` of this repository, written under `out`."""
    target = out / f"src-{rev}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=REPO, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def build_anchor(out: Path) -> Path:
    """A default Material site (no settings but the theme) from the same docs/ pages,
    with the README as its home page, built into `out`/anchor-site."""
    project = out / "anchor"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy2(REPO / "README.md", project / "docs" / "index.md")
    (project / "mkdocs.yml").write_text(
        "site_name: Interview dossier\ntheme:\n  name: material\n", encoding="utf-8"
    )
    site = out / "anchor-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=project,
        env=env,
        check=True,
    )
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str) -> dict[str, float]:
    cli = MODULES / "lighthouse" / "cli" / "index.js"
    result = subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            "--form-factor=mobile",
            "--only-categories=performance,accessibility,best-practices,seo",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    categories = report["categories"]
    audits = report["audits"]
    return {
        "performance": categories["performance"]["score"] * 100,
        "accessibility": categories["accessibility"]["score"] * 100,
        "best practices": categories["best-practices"]["score"] * 100,
        "SEO": categories["seo"]["score"] * 100,
        "total KB": audits["total-byte-weight"]["numericValue"] / 1024,
        "FCP ms": audits["first-contentful-paint"]["numericValue"],
        "LCP ms": audits["largest-contentful-paint"]["numericValue"],
        "TBT ms": audits["total-blocking-time"]["numericValue"],
        "failing": [  # type: ignore[dict-item]
            key
            for cat in ("accessibility", "best-practices", "seo")
            for ref in categories[cat]["auditRefs"]
            if ref["weight"] > 0
            and (key := ref["id"])
            and audits[key].get("score") is not None
            and audits[key]["score"] < 1
        ],
    }


def axe(base: str) -> dict[str, list[dict[str, Any]]]:
    from playwright.sync_api import sync_playwright

    script = MODULES / "axe-core" / "axe.min.js"
    found: dict[str, list[dict[str, Any]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            context = browser.new_context(**PHONE_CONTEXT_OPTIONS)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(f"{base}/{path}")
                page.wait_for_load_state("load")
                page.add_script_tag(path=str(script))
                result = page.evaluate(
                    "axe.run(document, {resultTypes: ['violations']})"
                    ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
                    " help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
                )
                found[name] = result
        finally:
            browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse rounds per page (median)")
    parser.add_argument("--keep", action="store_true", help="keep the built site in bench/out")
    parser.add_argument(
        "--before",
        metavar="REV",
        help="also measure the site as commit REV built it, in the same run (before/after)",
    )
    args = parser.parse_args(argv)

    ensure_tools()
    out = BENCH / "out" / "lighthouse" if args.keep else Path(tempfile.mkdtemp(prefix="lh-"))
    try:
        build_site(out)
        if args.before:
            build_site(out, checkout(args.before, out), name="before-site")
        build_anchor(out)
        print(
            f"lighthouse {installed_version('lighthouse')}, axe-core "
            f"{installed_version('axe-core')}, mobile, median of {args.runs}"
        )
        # Ours under /site/, the anchor under /anchor-site/: one server, one run.
        with serve(out) as base:
            targets = {name: f"site/{path}" for name, path in PAGES.items()}
            if args.before:
                targets.update(
                    {f"{name}@{args.before}": f"before-site/{path}" for name, path in PAGES.items()}
                )
            targets[ANCHOR[0]] = f"anchor-site/{ANCHOR[1]}"
            rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
            for _ in range(args.runs):  # alternating: drift on the machine hits every page
                for name, path in targets.items():
                    rounds[name].append(lighthouse(f"{base}/{path}"))
            for name, path in targets.items():
                medians = {
                    key: statistics.median(r[key] for r in rounds[name])
                    for key in rounds[name][0]
                    if key != "failing"
                }
                line = "  ".join(
                    f"{key} {value:.1f}" if key == "total KB" else f"{key} {value:.0f}"
                    for key, value in medians.items()
                )
                print(f"{name:15} {path}\n        {line}")
                failing = sorted({a for r in rounds[name] for a in r["failing"]})
                print(f"        audits below full marks: {', '.join(failing) or 'none'}")
            print("axe-core (390x844 phone):")
            for name, violations in axe(f"{base}/site").items():
                by_impact = {
                    impact: [v for v in violations if v["impact"] == impact] for impact in IMPACTS
                }
                counts = ", ".join(f"{impact} {len(vs)}" for impact, vs in by_impact.items())
                print(f"  {name:7} {counts}")
                for impact in IMPACTS:
                    for v in by_impact[impact]:
                        nodes = "; ".join(v["nodes"][:3]) + (" ..." if len(v["nodes"]) > 3 else "")
                        print(
                            f"        {impact}: {v['id']} ({len(v['nodes'])}) {v['help']}: {nodes}"
                        )
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

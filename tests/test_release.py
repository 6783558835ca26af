"""Ready to publish: the sdist and wheel, a fresh install of the wheel, the hook, the workflows.

The package is built once for the module with `python -m build --no-isolation` (the
build backend comes from the [test] extra, so building needs no network). The fresh
environments install from a wheelhouse kept between runs, with no package index: the
first run fills it from the index (and so does any run that finds a dependency
missing), later runs work offline.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from interview_dossier import __version__
from sitebuild import REPO, TODAY, soup, text_of

TEST_BIN = Path(sys.executable).parent
DIST_NAME = f"interview_dossier-{__version__}"
STARTER = "example-company"
#: `uses: owner/name@<40 hex digits> # vX.Y.Z`: pinned by commit, the tag beside it.
PINNED = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*")
#: Where git and the system's Python live, and nothing else: no Dossier.
BARE_PATH = f"/usr/bin{os.pathsep}/bin"
#: Dossier's dependencies as wheels, kept between runs as pip keeps its cache.
WHEELHOUSE = Path(
    os.environ.get("DOSSIER_TEST_WHEELHOUSE")
    or Path.home() / ".cache" / "dossier-tests" / "wheelhouse"
)
#: What pre-commit needs besides Dossier: it builds a placeholder package for a local hook.
HOOK_BUILD_TOOLS = ("setuptools", "wheel")


def run(
    command: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        cwd=out,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def wheelhouse(dist: Path) -> Path:
    """WHEELHOUSE, holding every dependency of the built wheel: from itself when it
    can, else from the package index."""
    wheel = dist / f"{DIST_NAME}-py3-none-any.whl"
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    fill = [sys.executable, "-m", "pip", "wheel", "-q", "--wheel-dir", str(WHEELHOUSE)]
    fill += ["--find-links", str(WHEELHOUSE), str(wheel), *HOOK_BUILD_TOOLS]
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    if run([*fill, "--no-index"], cwd=dist, env=env).returncode != 0:
        online = run(fill, cwd=dist, env=env)
        assert online.returncode == 0, online.stdout + online.stderr
    # Only dependencies stay: each test installs Dossier from the wheel just built.
    for ours in WHEELHOUSE.glob("interview_dossier-*"):
        ours.unlink()
    return WHEELHOUSE


def offline_pip(wheelhouse: Path) -> dict[str, str]:
    """pip's settings for installing from the wheelhouse alone."""
    return {
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


def test_version_has_one_source() -> None:
    import importlib.metadata

    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.findall(r"^version\s*=", project, re.M) == []  # no second copy
    assert re.findall(r'^dynamic = \["version"\]', project, re.M) != []
    hatch = project.split("[tool.hatch.version]", 1)[1]
    path = re.search(r'^path = "(.+)"$', hatch, re.M)
    assert path is not None
    source = (REPO / path[1]).read_text(encoding="utf-8")
    assert re.findall(r'^__version__ = "(.+)"$', source, re.M) == [__version__]
    assert importlib.metadata.version("interview-dossier") == __version__


def test_sdist_and_wheel_pass_twine_and_hold_everything(dist: Path) -> None:
    wheel = dist / f"{DIST_NAME}-py3-none-any.whl"
    sdist = dist / f"{DIST_NAME}.tar.gz"
    assert sorted(p.name for p in dist.iterdir()) == sorted([wheel.name, sdist.name])
    check = run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], cwd=dist
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("PASSED") == 2

    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        f"interview_dossier/templates/{p.relative_to(REPO / 'templates').as_posix()}"
        for p in (REPO / "templates").rglob("*")
        if p.is_file()
    }
    assert templates - names == set()
    assert f"{DIST_NAME}.dist-info/licenses/LICENSE" in names
    metadata = email.message_from_string(
        zipfile.ZipFile(wheel).read(f"{DIST_NAME}.dist-info/METADATA").decode("utf-8")
    )
    assert metadata["Version"] == __version__
    assert metadata["Description-Content-Type"] == "text/markdown"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert metadata.get_payload().strip() == readme.strip()
    material = [r for r in metadata.get_all("Requires-Dist") if r.startswith("mkdocs-material")]
    assert len(material) == 1 and ">=9.7.7" in material[0].split(","), material

    with tarfile.open(sdist) as tar:
        inside = {n.removeprefix(f"{DIST_NAME}/") for n in tar.getnames()}
    assert {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"} <= inside
    assert "templates/init/github-workflow.yml" in inside
    assert not [n for n in inside if n.startswith((".venv", "site/", "tests/"))]


def test_the_wheel_installs_and_runs_init_check_build_share(
    dist: Path, wheelhouse: Path, tmp_path: Path
) -> None:
    """A fresh environment with the wheel only: the new user's whole path, outside the clone."""
    wheel = dist / f"{DIST_NAME}-py3-none-any.whl"
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path).returncode == 0
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{BARE_PATH}",
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "DOSSIER_TODAY": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        **offline_pip(wheelhouse),
    }
    pip = run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        cwd=tmp_path,
        env=env,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    where = tmp_path / "user"
    where.mkdir()
    dossier = str(venv / "bin" / "dossier")

    version = run([dossier, "--version"], cwd=where, env=env)
    assert version.returncode == 0 and version.stdout.startswith(f"dossier {__version__}\n")

    init = run([dossier, "init", "notes", "--ci", "github", "--commit"], cwd=where, env=env)
    assert init.returncode == 0, init.stderr
    # Installed from a wheel's path: the PyPI default may not exist yet, and init says so.
    assert f"interview-dossier=={__version__} from PyPI" in init.stderr
    repo = where / "notes"
    check = run([dossier, "check"], cwd=repo, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "1 dossier(s) checked: 0 error(s), 0 warning(s)" in check.stderr
    build = run([dossier, "build"], cwd=repo, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    card = soup(repo / "site" / "opportunities" / STARTER / "index.html")
    assert "Example Company" in text_of(card)
    share = run([dossier, "share", "--out", "../shared"], cwd=repo, env=env)
    assert share.returncode == 0, share.stdout + share.stderr
    shared = soup(where / "shared" / "opportunities" / STARTER / "index.html")
    assert "Example Company" in text_of(shared)
    assert shared.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    # The templates came from the wheel, not from this clone.
    status = run(["git", "status", "--porcelain"], cwd=repo, env=env)
    assert status.stdout == ""

    # Installed by name from an index (here a folder standing in for PyPI), pip records
    # no direct URL, and the default install needs no warning.
    again = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--force-reinstall"]
    again += ["--no-deps", "--find-links", str(dist), f"interview-dossier=={__version__}"]
    assert run(again, cwd=tmp_path, env=env).returncode == 0
    quiet = run([dossier, "init", "other"], cwd=where, env=env)
    assert quiet.returncode == 0 and "PyPI" not in quiet.stderr, quiet.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_pre_commit_hook_runs_with_no_dossier_on_path(
    dist: Path, wheelhouse: Path, tmp_path: Path
) -> None:
    """The hook of a fresh notes repository installs Dossier itself: PATH holds none."""
    wheel = dist / f"{DIST_NAME}-py3-none-any.whl"
    assert shutil.which("dossier", path=BARE_PATH) is None
    made = run(
        [
            sys.executable,
            "-m",
            "interview_dossier.cli",
            "init",
            "notes",
            "--ci",
            "github",
            "--install-from",
            str(wheel),
        ],
        cwd=tmp_path,
        env={**os.environ, "DOSSIER_TODAY": TODAY},
    )
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "notes"
    _git(repo, "add", "-A")
    env = {
        "PATH": BARE_PATH,
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        **offline_pip(wheelhouse),
        "DOSSIER_TODAY": TODAY,
    }
    pre_commit = [str(TEST_BIN / "pre-commit"), "run", "--all-files"]
    ok = run(pre_commit, cwd=repo, env=env, timeout=1800)
    if os.environ.get("DOSSIER_SHOW_HOOK_RUN"):
        print(ok.stdout)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"^dossier check\.+Passed$", ok.stdout, re.M), ok.stdout

    facts = repo / "dossiers" / STARTER / "dossier.yml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("status:", "statuss:", 1), encoding="utf-8"
    )
    _git(repo, "add", "-A")
    failed = run(pre_commit, cwd=repo, env=env)
    assert failed.returncode == 1
    assert re.search(r"^dossier check\.+Failed$", failed.stdout, re.M), failed.stdout
    assert f"dossiers/{STARTER}/dossier.yml:9:1: error: statuss: unknown field" in failed.stdout


def _workflows(tmp_path: Path) -> list[Path]:
    """This repository's release workflow and every workflow `init` writes."""
    made = run(
        [sys.executable, "-m", "interview_dossier.cli", "init", "notes", "--ci", "github"],
        cwd=tmp_path,
        env={**os.environ, "DOSSIER_TODAY": TODAY},
    )
    assert made.returncode == 0, made.stderr
    written = sorted((tmp_path / "notes" / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in written] == ["dossier.yml"]
    return [REPO / ".github" / "workflows" / "release.yml", *written]


def test_workflows_validate_and_pin_every_action_by_commit(tmp_path: Path) -> None:
    flows = _workflows(tmp_path)
    done = run(
        [str(TEST_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
        + [str(p) for p in flows],
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for flow in flows:
        uses = [
            line.strip().removeprefix("- ")
            for line in flow.read_text(encoding="utf-8").splitlines()
            if line.strip().removeprefix("- ").startswith("uses:")
        ]
        assert uses, flow
        assert [u for u in uses if not PINNED.fullmatch(u)] == [], flow


def test_release_publishes_by_trusted_publishing_after_the_tests() -> None:
    flow = yaml.safe_load(
        (REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    )
    assert flow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads the key `on` as true
    assert flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    assert any(s.get("run") == "./.ci/run" for s in jobs["test"]["steps"])
    assert jobs["build"]["needs"] == "test" and jobs["publish"]["needs"] == "build"
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    step = publish["steps"][-1]
    assert step["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in step  # no password, no token: trusted publishing
    assert "secrets." not in yaml.safe_dump(flow)


def test_changelog_keeps_unreleased_on_top_and_dates_each_release() -> None:
    headings = re.findall(r"^## (.+)$", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert headings[0] == "[Unreleased]"
    released = [h for h in headings[1:]]
    assert [
        h for h in released if not re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", h)
    ] == []

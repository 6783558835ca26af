"""A new user's path: `dossier init`, `check`, `build`, `serve`, the pre-commit hook and CI.

The slow part, a fresh virtual environment with a non-editable install of this
repository, is made once for the module; every command then runs from folders
outside the repository, with nothing of the clone on the path.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import snapshot, write_tree
from sitebuild import REPO, TODAY, all_bytes, article, soup, text_of

TEST_BIN = Path(sys.executable).parent
GOOD = "company: Acme\nrole: Engineer\nstatus: applied\n"
BAD = GOOD.replace("status:", "statuss:")
LOADER_SAYS = "statuss: unknown field `statuss`; did you mean `status`?"
STARTER = "example-company"
DRAFT_TEXT = "Write what you notice"


class Installed:
    """A fresh virtual environment holding a non-editable install of this repository."""

    def __init__(self, venv: Path) -> None:
        self.bin = venv / "bin"
        self.env = {
            "PATH": f"{self.bin}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": os.environ.get("HOME", str(venv)),
            "LANG": "C.UTF-8",
            "NO_MKDOCS_2_WARNING": "1",
            "DOSSIER_TODAY": TODAY,
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.invalid",
        }

    def run(
        self, *args: str, cwd: Path, timeout: int = 300, **kwargs: object
    ) -> subprocess.CompletedProcess[str]:
        """`dossier ARGS` from this environment; never a traceback."""
        done = subprocess.run(
            [str(self.bin / "dossier"), *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            **kwargs,  # type: ignore[call-overload]
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(REPO)],
        check=True,
        timeout=900,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    # The package comes from the environment, not from this clone.
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import interview_dossier as d; print(d.__file__)"],
        cwd=venv,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "site-packages" in where and not Path(where).is_relative_to(REPO), where
    return Installed(venv)


@pytest.fixture(scope="module")
def notes_repo(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dossier init x --ci github`, run once outside the repository."""
    where = tmp_path_factory.mktemp("user")
    done = installed.run("init", "x", "--ci", "github", cwd=where)
    assert done.returncode == 0, done.stderr
    return where / "x"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------- init, check, build


def test_init_check_build_makes_a_site_with_the_starter(
    installed: Installed, tmp_path: Path
) -> None:
    init = installed.run("init", "x", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    repo = tmp_path / "x"
    check = installed.run("check", cwd=repo)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "1 dossier(s) checked: 0 error(s), 0 warning(s)" in check.stderr
    build = installed.run("build", cwd=repo)
    assert build.returncode == 0, build.stdout + build.stderr

    site = repo / "site"
    card = article(site / "opportunities" / STARTER / "index.html")
    assert "Example Company" in text_of(card)
    home = soup(site / "index.html")
    assert home.select_one(f'a[href="opportunities/{STARTER}/index.html"]') is not None
    # One table of contents, in the navigation (`toc.integrate` in the written mkdocs.yml).
    assert (
        soup(site / "opportunities" / STARTER / "numbers.html").select(".md-sidebar--secondary")
        == []
    )
    # The starter note is a draft: not one word of its placeholder reaches the site.
    assert not [n for n, data in all_bytes(site).items() if DRAFT_TEXT.encode() in data]


def test_init_writes_a_notes_repository(installed: Installed, tmp_path: Path) -> None:
    done = installed.run("init", "notes", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "notes"
    files = sorted(
        p.relative_to(repo).as_posix()
        for p in repo.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    )
    assert files == [
        ".gitignore",
        ".vscode/settings.json",
        "README.md",
        "docs/.gitkeep",
        "dossier.schema.json",
        f"dossiers/{STARTER}/dossier.yml",
        f"dossiers/{STARTER}/notes.md",
        "mkdocs.yml",
    ]
    # The schema is the command's own, where the starter's modeline and VS Code look for it.
    schema = installed.run("schema", cwd=tmp_path).stdout
    assert (repo / "dossier.schema.json").read_text(encoding="utf-8") == schema
    facts = (repo / "dossiers" / STARTER / "dossier.yml").read_text(encoding="utf-8")
    modeline = facts.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert (repo / "dossiers" / STARTER / modeline).resolve() == repo / "dossier.schema.json"
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./dossier.schema.json": ["dossiers/*/dossier.yml"]}
    # The commented starter teaches every part the issue names.
    for part in ("interviews:", "people:", "offers:", "red_lines:", "private:"):
        assert f"# {part}" in facts
    note = (repo / "dossiers" / STARTER / "notes.md").read_text(encoding="utf-8")
    assert "# private: true" in note and "\ndraft: true\n" in note
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").split()
    assert {"site/", "shared/", ".venv/", "__pycache__/"} <= set(ignored)
    # A git repository with no commit unless asked.
    assert (repo / ".git").is_dir()
    log = subprocess.run(["git", "log"], cwd=repo, capture_output=True, text=True)
    assert log.returncode != 0  # no commits yet
    assert not (repo / ".github").exists() and not (repo / ".pre-commit-config.yaml").exists()


def test_init_commit_makes_one_commit_of_everything(installed: Installed, tmp_path: Path) -> None:
    done = installed.run("init", "x", "--commit", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "x"
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert log.stdout.splitlines() == ["Start my interview dossier"]
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def test_init_site_settings_match_this_repository() -> None:
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    theirs = yaml.safe_load(
        (REPO / "templates" / "init" / "mkdocs.yml").read_text(encoding="utf-8")
    )
    assert theirs["use_directory_urls"] is False and theirs["strict"] is True
    assert theirs["theme"]["font"] is False
    assert theirs["theme"] == ours["theme"]
    assert theirs["markdown_extensions"] == ours["markdown_extensions"]
    names = [p if isinstance(p, str) else next(iter(p)) for p in theirs["plugins"]]
    assert names == ["search", "offline", "dossier"]


@pytest.mark.parametrize(
    "existing",
    [
        {"x/.hidden": "mine\n"},
        {"x/notes.txt": "mine\n"},
        {"x": "a file, not a folder\n"},
    ],
    ids=["hidden-file", "a-file-inside", "a-file"],
)
def test_init_refuses_anything_but_a_new_or_empty_folder(
    installed: Installed, existing: dict[str, str], tmp_path: Path
) -> None:
    write_tree(tmp_path, existing)
    before = snapshot(tmp_path)
    done = installed.run("init", "x", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "nothing was changed" in done.stderr
    assert snapshot(tmp_path) == before


def test_init_into_an_empty_folder_and_then_never_again(
    installed: Installed, tmp_path: Path
) -> None:
    (tmp_path / "x").mkdir()
    assert installed.run("init", cwd=tmp_path / "x").returncode == 0
    before = snapshot(tmp_path)  # .git included: byte for byte, and the times too
    again = installed.run("init", "x", "--ci", "github", "--commit", cwd=tmp_path)
    assert again.returncode == 1
    assert "x: not empty" in again.stderr and "nothing was changed" in again.stderr
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------- serve and build


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def _serve_answers(command: list[str], cwd: Path, env: dict[str, str], port: int) -> bytes:
    """Start `serve`, poll until it answers 200, stop it; the home page's bytes."""
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status, body = 0, b""
            if status == 200:
                return body
            assert time.monotonic() < deadline, "serve never answered"
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_answers_on_the_port_given(installed: Installed, notes_repo: Path) -> None:
    port = free_port()
    body = _serve_answers(
        [str(installed.bin / "dossier"), "serve", "--port", str(port)],
        notes_repo,
        installed.env,
        port,
    )
    nav = BeautifulSoup(body.decode("utf-8"), "html.parser").select_one("nav.md-nav--primary")
    assert nav is not None and "Example Company" in text_of(nav)


def test_serve_on_a_taken_port_says_which_flag_in_one_line(
    installed: Installed, notes_repo: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = installed.run("serve", "--port", str(port), cwd=notes_repo, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"port {port}" in lines[0] and "--port" in lines[0]


def test_serve_port_from_the_environment(installed: Installed, notes_repo: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**installed.env, "DOSSIER_PORT": str(port)}
        done = subprocess.run(
            [str(installed.bin / "dossier"), "serve"],
            cwd=notes_repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1 and f"port {port} on 127.0.0.1 is in use" in done.stderr


def test_serve_and_build_work_in_this_repository(tmp_path: Path) -> None:
    env = {**os.environ, "DOSSIER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    cli = [sys.executable, "-m", "interview_dossier.cli"]
    out = tmp_path / "site"
    build = subprocess.run(
        [*cli, "build", "--site-dir", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    assert "Northwind Robotics" in text_of(
        article(out / "opportunities" / "northwind-robotics" / "index.html")
    )
    port = free_port()
    body = _serve_answers([*cli, "serve", "--port", str(port)], REPO, env, port)
    assert "Northwind Robotics" in body.decode("utf-8")


def test_build_is_strict_by_default(installed: Installed, tmp_path: Path) -> None:
    assert installed.run("init", "x", cwd=tmp_path).returncode == 0
    repo = tmp_path / "x"
    # A page that links to nowhere: a warning, which fails a strict build.
    (repo / "docs" / "cv.md").write_text("# CV\n\n[gone](missing.md)\n", encoding="utf-8")
    strict = installed.run("build", cwd=repo)
    assert strict.returncode == 1
    assert "missing.md" in strict.stdout + strict.stderr
    lenient = installed.run("build", "--no-strict", cwd=repo)
    assert lenient.returncode == 0, lenient.stderr


def test_build_outside_a_notes_repository_says_where_to_run_it(
    installed: Installed, tmp_path: Path
) -> None:
    done = installed.run("build", cwd=tmp_path)
    assert done.returncode == 2
    assert "mkdocs.yml: no such file" in done.stderr and "dossier init" in done.stderr
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the pre-commit hook


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's files as they are now, committed in a temporary git repository.

    pre-commit reads hooks from commits; uncommitted work would not be seen.
    """
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    copy = tmp_path_factory.mktemp("hook") / "dossier"
    for name in filter(None, files):
        if (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=copy, check=True)
    subprocess.run([*git, "add", "-A"], cwd=copy, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=copy, check=True)
    return copy


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _pre_commit(
    *args: str, cwd: Path, home: Path, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [str(TEST_BIN / "pre-commit"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _notes_with(tmp_path: Path, dossiers: dict[str, str]) -> Path:
    repo = tmp_path / "notes"
    for slug, facts in dossiers.items():
        write_tree(repo, {f"dossiers/{slug}/dossier.yml": facts})
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    return repo


def test_hook_passes_a_good_dossier_and_stops_a_bad_one(
    hook_repo: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    repo = _notes_with(tmp_path, {"good": GOOD, "bad": BAD})
    good_run = _pre_commit(
        "try-repo",
        str(hook_repo),
        "dossier-check",
        "--files",
        "dossiers/good/dossier.yml",
        cwd=repo,
        home=pre_commit_home,
    )
    assert good_run.returncode == 0, good_run.stdout + good_run.stderr
    assert "Passed" in good_run.stdout
    bad_run = _pre_commit(
        "try-repo",
        str(hook_repo),
        "dossier-check",
        "--files",
        "dossiers/bad/dossier.yml",
        cwd=repo,
        home=pre_commit_home,
    )
    assert bad_run.returncode == 1, bad_run.stdout + bad_run.stderr
    assert f"dossiers/bad/dossier.yml:3:1: error: {LOADER_SAYS}" in bad_run.stdout
    assert "Traceback" not in bad_run.stdout


# ---------------------------------------------------------------- CI for the notes repository


def test_ci_workflow_validates_against_the_github_schema(notes_repo: Path) -> None:
    workflow = notes_repo / ".github" / "workflows" / "dossier.yml"
    done = subprocess.run(
        [
            str(TEST_BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_workflow_checks_builds_and_publishes_only_a_protected_share(
    notes_repo: Path,
) -> None:
    flow = yaml.safe_load((notes_repo / ".github" / "workflows" / "dossier.yml").read_text())
    assert "push" in flow[True]  # YAML 1.1 reads the key `on` as true
    check = flow["jobs"]["check"]
    runs = [s.get("run", "") for s in check["steps"]]
    assert any("pip install" in r and "interview-dossier==" in r for r in runs)
    assert any(r.strip() == "dossier check --format github" for r in runs)
    assert any(r.strip() == "dossier build" for r in runs)
    share = next(s for s in check["steps"] if s.get("id") == "share")
    assert share["env"] == {"SHARE_PASSPHRASE": "${{ secrets.SHARE_PASSPHRASE }}"}
    assert (
        "dossier share --out" in share["run"]
        and "--passphrase-env SHARE_PASSPHRASE" in share["run"]
    )
    upload = next(s for s in check["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["if"] == "steps.share.outputs.shared == 'true'"
    assert upload["with"]["path"].endswith("/shared")  # the share, never site/
    publish = flow["jobs"]["publish"]
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]
    assert "needs.check.outputs.shared == 'true'" in publish["if"]
    assert flow["permissions"] == {"contents": "read"}


# ---------------------------------------------------------------- dossier new, check with files


def _dossier(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "interview_dossier.cli", *args],
        cwd=cwd,
        env={**os.environ, "DOSSIER_TODAY": TODAY},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_new_writes_the_schema_only_when_missing(tmp_path: Path) -> None:
    assert _dossier("new", "Acme", "--role", "Engineer", cwd=tmp_path).returncode == 0
    schema = tmp_path / "dossier.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8"))["title"] == "Dossier"
    schema.write_text("{}\n", encoding="utf-8")  # the user's own: left alone
    assert _dossier("new", "Beta", "--role", "Engineer", cwd=tmp_path).returncode == 0
    assert schema.read_text(encoding="utf-8") == "{}\n"


def test_a_draft_note_is_checked_but_never_built(tmp_path: Path) -> None:
    from interview_dossier.load.loader import load_all

    write_tree(
        tmp_path,
        {
            "dossiers/acme/dossier.yml": GOOD,
            "dossiers/acme/ready.md": "---\ntitle: Ready\n---\n\nDone.\n",
            "dossiers/acme/later.md": "---\ndraft: true\n---\n\nHalf a thought.\n",
        },
    )
    dossiers, problems = load_all(tmp_path / "dossiers", tmp_path)
    assert problems == []
    assert [n.name for n in dossiers[0].notes] == ["ready"]
    # A draft's front matter is still checked.
    (tmp_path / "dossiers/acme/later.md").write_text("---\ndraft: maybe\n---\n", encoding="utf-8")
    done = _dossier("check", cwd=tmp_path)
    assert done.returncode == 1
    assert "dossiers/acme/later.md:2" in done.stdout and "draft" in done.stdout


def test_check_takes_files_and_checks_their_dossiers(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dossiers/a/dossier.yml": GOOD,
            "dossiers/a/notes.md": "Some notes.\n",
            "dossiers/b/dossier.yml": GOOD,
            "dossiers/c/dossier.yml": BAD,
        },
    )
    two = _dossier(
        "check",
        "dossiers/a/notes.md",
        "dossiers/a/dossier.yml",
        "dossiers/b/dossier.yml",
        cwd=tmp_path,
    )
    assert two.returncode == 0, two.stdout + two.stderr
    assert "2 dossier(s) checked: 0 error(s)" in two.stderr
    bad_one = _dossier("check", "dossiers/c/dossier.yml", cwd=tmp_path)
    assert bad_one.returncode == 1
    assert f"dossiers/c/dossier.yml:3:1: error: {LOADER_SAYS}" in bad_one.stdout

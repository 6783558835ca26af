"""`dossier init` and `dossier new`: start a notes repository, start a dossier.

No MkDocs here: these only write files from the packaged templates.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .. import __version__
from ..load.loader import FACTS_FILE
from ..model import json_schema
from ..render.pages import default_templates_dir

SCHEMA_FILE = "dossier.schema.json"

#: The starter opportunity of a new notes repository.
STARTER_COMPANY, STARTER_ROLE = "Example Company", "Software Engineer"
STARTER_SLUG = "example-company"

#: Template under templates/init/ -> where it goes in the notes repository.
REPOSITORY_FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "gitignore": ".gitignore",
    "vscode-settings.json": ".vscode/settings.json",
}
CI_FILES = {
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github-workflow.yml": ".github/workflows/dossier.yml",
}
#: MkDocs needs its docs_dir to exist; git keeps no empty folder.
DOCS_KEEP = "docs/.gitkeep"
CI_CHOICES = ("github",)


class InitRefused(Exception):
    """The target is not a new or empty folder; nothing was changed."""


@dataclass
class Initialised:
    """What `init_repository` did, for the command to report."""

    root: Path
    files: list[str] = field(default_factory=list)
    git: str = ""  # "", "initialised", "committed"
    git_problem: str = ""


def schema_text() -> str:
    """The JSON Schema of `dossier.yml`, as `dossier schema` prints it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def yaml_quoted(text: str) -> str:
    """Text as a double-quoted YAML scalar: JSON, plus escapes for what YAML reads otherwise."""
    quoted = json.dumps(text, ensure_ascii=False)  # YAML reads \x85 and U+2028 as line breaks
    return re.sub("[\x7f-\x9f\u2028\u2029\ufffe\uffff]", lambda m: f"\\u{ord(m[0]):04x}", quoted)


def starter_dossier(company: str, role: str, today: dt.date) -> dict[str, str]:
    """The files of a new dossier folder: commented `dossier.yml` and a draft note."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(default_templates_dir() / "new")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    context = {
        "company": yaml_quoted(company),
        "role": yaml_quoted(role),
        "today": today.isoformat(),
    }
    return {
        name: env.get_template(name + ".j2").render(**context) for name in (FACTS_FILE, "notes.md")
    }


def write_schema_if_missing(root: Path) -> Path | None:
    """Write dossier.schema.json at ROOT unless one is there; return it when written."""
    path = root / SCHEMA_FILE
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(schema_text())
    except FileExistsError:
        return None
    return path


def requirement() -> str:
    """What a notes repository installs by default: this version, from PyPI."""
    return f"interview-dossier=={__version__}"


def install_problem(spec: str) -> str | None:
    """Why SPEC cannot be what the generated files pass to `pip install`, or None.

    Anything pip takes as one requirement will do (a version pin, a `git+` URL, a
    wheel's path); an option or a second line would change what the command does.
    """
    if not spec.strip():
        return "expected a pip requirement, e.g. interview-dossier==0.1.0; got nothing"
    if re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", spec):
        return "expected a pip requirement on one line, without control characters"
    if spec.lstrip().startswith("-"):
        return "expected a pip requirement, not a pip option; put options in pip's config"
    return None


def local_install() -> str | None:
    """Where the running Dossier was installed from, when that was a local folder or file.

    pip records a direct install (a checkout, editable or not, or a wheel's path) in
    the distribution's `direct_url.json`; an install from an index has none.
    """
    try:
        text = importlib.metadata.distribution("interview-dossier").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return "this source tree (not installed)"
    try:
        url = json.loads(text or "{}").get("url", "")
    except (ValueError, AttributeError):
        return None
    return url if isinstance(url, str) and url.startswith("file:") else None


@dataclass(frozen=True)
class Install:
    """One install spec, written as each generated file needs it."""

    spec: str

    def placeholders(self) -> dict[str, str]:
        pip = f"python -m pip install {shlex.quote(self.spec)}"
        return {
            "@requirement-sh@": shlex.quote(self.spec),
            "@requirement-yaml@": yaml_quoted(self.spec),
            "@pip-install-yaml@": yaml_quoted(pip),
        }


def _init_file(name: str, install: Install) -> str:
    text = (default_templates_dir() / "init" / name).read_text(encoding="utf-8")
    for placeholder, value in install.placeholders().items():
        text = text.replace(placeholder, value)
    return text


def repository_files(
    today: dt.date, ci: str | None = None, install_from: str | None = None
) -> dict[str, str]:
    """Every file of a new notes repository, by its path inside it."""
    install = Install((install_from or "").strip() or requirement())
    files = {target: _init_file(name, install) for name, target in REPOSITORY_FILES.items()}
    readme = _init_file("README.md", install)
    if ci == "github":
        files.update({target: _init_file(name, install) for name, target in CI_FILES.items()})
        readme += _init_file("README-ci.md", install)
    files["README.md"] = readme
    files[SCHEMA_FILE] = schema_text()
    files[DOCS_KEEP] = ""
    starter = starter_dossier(STARTER_COMPANY, STARTER_ROLE, today)
    files.update({f"dossiers/{STARTER_SLUG}/{name}": text for name, text in starter.items()})
    return dict(sorted(files.items()))


def _refusal(root: Path) -> str | None:
    if not root.exists():
        return None
    if not root.is_dir():
        return f"{root}: exists and is not a folder"
    if any(root.iterdir()):
        return f"{root}: not empty; `dossier init` starts a notes repository in a new or empty folder only"
    return None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", check=False
    )


def init_repository(
    root: Path,
    today: dt.date,
    *,
    ci: str | None = None,
    commit: bool = False,
    install_from: str | None = None,
) -> Initialised:
    """Make a notes repository in ROOT, a new or empty folder; refuse anything else."""
    if (why := _refusal(root)) is not None:
        raise InitRefused(why)
    files = repository_files(today, ci, install_from)
    root.mkdir(parents=True, exist_ok=True)
    done = Initialised(root=root)
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:  # never overwrite
            fh.write(text)
        done.files.append(relpath)
    if shutil.which("git") is None:
        done.git_problem = "git was not found: run `git init` yourself to keep history"
        return done
    result = _git(root, "init", "-q")
    if result.returncode != 0:
        done.git_problem = f"git init failed: {result.stderr.strip()}"
        return done
    done.git = "initialised"
    if commit:
        result = _git(root, "add", "-A")
        if result.returncode == 0:
            result = _git(root, "commit", "-q", "-m", "Start my interview dossier")
        if result.returncode != 0:
            last = (result.stderr.strip() or result.stdout.strip()).splitlines()[-1:]
            done.git_problem = f"git commit failed ({' '.join(last)}); commit yourself"
            return done
        done.git = "committed"
    return done

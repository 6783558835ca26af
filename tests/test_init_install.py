"""What a notes repository installs, chosen once: `dossier init --install-from SPEC`.

These run `dossier init` in this process (fast); the slow proofs, a built wheel in a
fresh environment and the pre-commit hook with no Dossier on PATH, are in
test_release.py.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from helpers import snapshot
from interview_dossier import __version__
from interview_dossier.cli import main
from sitebuild import REPO

WORKFLOW = ".github/workflows/dossier.yml"
PRE_COMMIT = ".pre-commit-config.yaml"
PYPI_PIN = f"interview-dossier=={__version__}"
#: `uses: owner/name@<40 hex digits> # vX.Y.Z`: pinned by commit, the tag beside it.
PINNED = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def init(tmp_path: Path, *args: str) -> tuple[int, Path]:
    repo = tmp_path / "notes"
    code = main(["init", str(repo), "--ci", "github", "--today", "2026-11-25", *args])
    return code, repo


def installs(repo: Path) -> dict[str, list[str]]:
    """Where each generated file says Dossier comes from."""
    flow = yaml.safe_load((repo / WORKFLOW).read_text(encoding="utf-8"))
    runs = [s.get("run", "") for s in flow["jobs"]["check"]["steps"]]
    pip = [shlex.split(r)[4:] for r in runs if r.startswith("python -m pip install ")]
    hooks = yaml.safe_load((repo / PRE_COMMIT).read_text(encoding="utf-8"))
    hook = hooks["repos"][0]["hooks"][0]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    readme_pip = [
        shlex.split(line)[2:]
        for line in readme.splitlines()
        if line.startswith(".venv/bin/pip install ") and "pre-commit" not in line
    ]
    return {
        "workflow": [a for args in pip for a in args],
        "pre-commit": hook["additional_dependencies"],
        "readme": [a for args in readme_pip for a in args],
    }


@pytest.mark.parametrize(
    "spec",
    [
        "interview-dossier==0.2.0",
        "git+https://example.org/someone/dossier@v0.2.0",
        "./wheels/interview_dossier-0.2.0-py3-none-any.whl",
        "interview-dossier[extra]>=0.2,<0.3 ; python_version >= '3.10'",
    ],
    ids=["pin", "git", "wheel", "quotes-and-spaces"],
)
def test_install_from_reaches_every_generated_file(
    tmp_path: Path, spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, repo = init(tmp_path, "--install-from", spec)
    assert code == 0, capsys.readouterr().err
    assert installs(repo) == {"workflow": [spec], "pre-commit": [spec], "readme": [spec]}
    # An explicit choice needs no warning about where this Dossier came from.
    assert "--install-from" not in capsys.readouterr().err


def test_default_install_is_the_pypi_pin_of_this_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, repo = init(tmp_path)
    assert code == 0
    assert installs(repo) == {
        "workflow": [PYPI_PIN],
        "pre-commit": [PYPI_PIN],
        "readme": [PYPI_PIN],
    }
    # The tests run from an editable install of this checkout: a local path, so the
    # default will only work once this version is on PyPI, and init says so.
    err = capsys.readouterr().err
    assert f"{PYPI_PIN} from PyPI" in err
    assert "--install-from" in err


@pytest.mark.parametrize(
    "spec", ["", "   ", "--index-url=https://example.org/simple", "a\nb", "x\x1b[2J"]
)
def test_a_spec_that_is_not_a_requirement_is_refused(
    tmp_path: Path, spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(tmp_path)
    code, _ = init(tmp_path, f"--install-from={spec}")
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("dossier init: --install-from") and len(err.splitlines()) == 1
    assert "\x1b" not in err
    assert snapshot(tmp_path) == before


def test_pre_commit_hook_installs_dossier_itself(tmp_path: Path) -> None:
    code, repo = init(tmp_path, "--install-from", "interview-dossier==9.9.9")
    assert code == 0
    hook = yaml.safe_load((repo / PRE_COMMIT).read_text(encoding="utf-8"))["repos"][0]
    assert hook["repo"] == "local"
    assert hook["hooks"][0]["language"] == "python"  # its own environment, not PATH
    assert hook["hooks"][0]["entry"] == "dossier check"
    ours = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["language"] for h in ours] == ["python"]


def test_the_share_is_built_and_published_on_the_default_branch_only(tmp_path: Path) -> None:
    code, repo = init(tmp_path)
    assert code == 0
    flow = yaml.safe_load((repo / WORKFLOW).read_text(encoding="utf-8"))
    default_branch = (
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    )
    steps = flow["jobs"]["check"]["steps"]
    using_secret = [s for s in steps if "secrets." in yaml.safe_dump(s)]
    share = next(s for s in steps if s.get("id") == "share")
    assert using_secret == [share]
    assert share["if"] == default_branch
    publish = flow["jobs"]["publish"]
    assert default_branch in publish["if"]
    assert "needs.check.outputs.shared == 'true'" in publish["if"]


def test_every_action_of_the_generated_workflow_is_pinned_by_commit(tmp_path: Path) -> None:
    code, repo = init(tmp_path)
    assert code == 0
    lines = (repo / WORKFLOW).read_text(encoding="utf-8").splitlines()
    uses = [line.strip().removeprefix("- ") for line in lines if "uses:" in line]
    assert len(uses) >= 4  # checkout, setup-python, upload-pages-artifact, deploy-pages
    assert [u for u in uses if not PINNED.fullmatch(u)] == []


def test_notes_readme_says_what_a_published_share_exposes(tmp_path: Path) -> None:
    code, repo = init(tmp_path)
    assert code == 0
    readme = " ".join((repo / "README.md").read_text(encoding="utf-8").split())
    for exposed in ("company and role", "page titles", "sitemap.xml", "noindex"):
        assert exposed in readme, exposed

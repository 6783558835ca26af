"""The tree is the pipeline: each package imports only what comes before it.

ARCHITECTURE.md draws load → privacy → analyse → render, build.py running them, and
two adapters (mkdocs_plugin/, cli/) at the edge. This reads every module's imports
and holds the code to that picture, and keeps the core free of MkDocs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "interview_dossier"

#: What each part of the package may import from the package (besides itself).
ALLOWED = {
    "errors": set(),
    "model": {"errors"},
    "load": {"errors", "model"},
    "privacy": {"errors", "model"},
    "analyse": {"errors", "model"},
    "render": {"errors", "model", "analyse", "load"},
    "build": {"errors", "model", "load", "privacy", "analyse", "render"},
    "mkdocs_plugin": {"errors", "model", "load", "privacy", "analyse", "render", "build"},
    "cli": {
        "__init__",
        "errors",
        "model",
        "load",
        "privacy",
        "analyse",
        "render",
        "build",
        "mkdocs_plugin",
    },
    "__init__": set(),
}
ENGINE = ("mkdocs", "properdocs", "material")


def _part(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imports(path: Path) -> list[tuple[str, int]]:
    """(part of the package or outside module, line) for every import in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = here if path.name == "__init__.py" else here[:-1]
    package = package[:-1] if here[-1] == "__init__" else package
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            # `from .. import __version__` at the top: names of the package's __init__.
            first = target[0] if target else "__init__"
            found.append((first, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(("outside:" + node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend(("outside:" + alias.name, node.lineno) for alias in node.names)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_each_module_imports_only_what_comes_before_it(path: Path) -> None:
    part = _part(path)
    assert part in ALLOWED, f"{part}: a new part of the package; place it in ARCHITECTURE.md"
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports {target}"
        for target, line in _imports(path)
        if not target.startswith("outside:") and target != part and target not in ALLOWED[part]
    ]
    assert wrong == []


CORE = [p for p in MODULES if _part(p) not in ("mkdocs_plugin", "cli")]


@pytest.mark.parametrize("path", CORE, ids=[str(p.relative_to(PACKAGE)) for p in CORE])
def test_the_core_imports_no_engine(path: Path) -> None:
    """Only the adapters (the plugin, and the command that runs MkDocs) know the engine."""
    engine = [
        f"{path.relative_to(PACKAGE)}:{line} imports {target[8:]}"
        for target, line in _imports(path)
        if target.startswith("outside:") and target[8:].split(".")[0] in ENGINE
    ]
    assert engine == []


def test_the_picture_in_architecture_md_names_every_part() -> None:
    text = (PACKAGE.parents[1] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for part in ("load/", "privacy/", "analyse/", "render/", "mkdocs_plugin/", "cli/", "build.py"):
        assert part in text


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_each_module_and_function_is_small_enough_to_read_whole(path: Path) -> None:
    """At most 600 lines a module and 80 a function: a newcomer reads each in one go."""
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 600, f"{path.relative_to(PACKAGE)}: split it by topic"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 80
    ]
    assert long == []

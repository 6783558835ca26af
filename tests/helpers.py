"""Helpers the tests share: write a tree of files, snapshot it, run `dossier`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODULE = [sys.executable, "-m", "interview_dossier.cli"]
SCRIPT = Path(sys.executable).parent / "dossier"
TODAY = "2026-11-25"


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, command: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `dossier ARGS`; fail on any traceback."""
    full_env = {k: v for k, v in os.environ.items() if k != "DOSSIER_TODAY"}
    full_env.update(env or {})
    done = subprocess.run(
        [*(command or MODULE), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file under `root`."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def resolve_ref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def branches(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null forms a value may take."""
    node = resolve_ref(schema, node)
    if "anyOf" in node and "type" not in node:
        return [b for x in node["anyOf"] for b in branches(schema, x)]
    return [] if node.get("type") == "null" else [node]

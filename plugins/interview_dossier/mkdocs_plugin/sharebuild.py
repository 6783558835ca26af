"""`dossier share`: the same MkDocs build, in share mode, into a folder and a zip."""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

#: Left in every share folder, so a later share may replace it and nothing else.
MARKER = ".dossier-share"


class ShareError(Exception):
    """A share build that could not be made; the message says why."""


def _safe_to_replace(out: Path, root: Path) -> None:
    out_r, root_r = out.resolve(), root.resolve()
    if out_r == root_r or out_r in root_r.parents:
        raise ShareError(f"{out}: refusing to build into the repository or a folder that contains it")
    if (root_r / "dossiers").resolve() in (out_r, *out_r.parents):
        raise ShareError(f"{out}: refusing to build inside the dossiers folder")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ShareError(
            f"{out}: exists and is not empty; choose a new folder (a previous share folder is replaced)"
        )


def share_build(
    config_file: Path, out: Path, slugs: Sequence[str] = (), zip_path: Path | None = None
) -> list[str]:
    """Build a share copy of the site into `out` (and `zip_path`); return the files written."""
    root = config_file.resolve().parent
    _safe_to_replace(out, root)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs reports build errors through its logger: show them, without tracebacks.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(out.resolve()))
        if "dossier" not in config.plugins:
            raise ShareError(f"{config_file}: the `dossier` plugin is not enabled")
        plugin = config.plugins["dossier"]
        plugin.config.share = True
        plugin.config.only = list(slugs)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    except (PluginError, ConfigurationError, Abort) as exc:
        raise ShareError(str(exc)) from None
    finally:
        mkdocs_log.removeHandler(handler)
    (out / MARKER).write_text("A shared copy made by `dossier share`.\n", encoding="utf-8")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MARKER)
    if zip_path is not None:
        write_zip(out, files, zip_path)
    return files


def write_zip(folder: Path, files: Sequence[str], zip_path: Path) -> None:
    """A zip whose bytes depend only on the files: fixed order and timestamps."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            info = zipfile.ZipInfo(f"site/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())

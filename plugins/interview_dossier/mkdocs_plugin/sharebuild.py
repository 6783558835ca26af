"""`dossier share`: the same MkDocs build, in share mode, into a folder and a zip.

With a passphrase, the mkdocs-encryptcontent-plugin encrypts every page (AES-256,
key from PBKDF2) and drops the protected pages from the search index; the browser
decrypts with its own Web Crypto, so nothing is fetched and the copy works offline.
"""

from __future__ import annotations

import base64
import logging
import os
import posixpath
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import clean_directory

#: Left in every share folder, so a later share may replace it and nothing else.
MARKER = ".dossier-share"

#: Shortest passphrase accepted: the copy may sit on a public host, open to guessing.
MIN_PASSPHRASE = 12

#: What every protected page carries instead of its text.
ENCRYPTED_MARK = 'id="mkdocs-encrypted-content"'

ENCRYPTCONTENT = "mkdocs-encryptcontent-plugin>=3.1,<4"

# The encryptcontent settings of a protected share; everything else stays as configured.
PROTECT_OPTIONS: dict[str, Any] = {
    "search_index": "encrypted",  # protected pages leave the search index altogether
    "webcrypto": True,  # the browser's own crypto: no crypto-js from a CDN
    "esm": False,  # a module script cannot load from file://; a plain script can
    "remember_keys": True,  # the page key, in this tab's session storage only
    "remember_password": False,  # the passphrase itself is never stored
    "session_storage": True,
    "remember_prefix": "dossier_share_",
    "cache_file": "",  # never write derived keys beside mkdocs.yml
    "kdf_pow": 6,  # PBKDF2-SHA256 with 10**6 iterations
    "threshold_warning_min_entropy": 0,  # MIN_PASSPHRASE is checked before the build
    "sharelinks": False,
    "title_prefix": "",
    "summary": "This shared copy is protected",
    "encryption_info_message": "Type the passphrase you were given to read it.",
    "placeholder": "Passphrase",
    "password_button": True,
    "password_button_text": "Open",
    "decryption_failure_message": "Wrong passphrase.",
    # The page's table of contents (its headings) is encrypted with the page.
    "encrypted_something": {"md-nav--secondary": ["nav", "class"]},
    "hljs": False,
    "arithmatex": False,
    "mermaid2": False,
}

#: Front matter by which encryptcontent would let a page use another password or none.
PAGE_OVERRIDES = ("password", "level", "obfuscate", "inject_id", "delete_id")

_ICS_HREF = re.compile(r'href="([^":?#]+\.ics)"')


class ShareError(Exception):
    """A share build that could not be made; the message says why."""


def _safe_to_replace(out: Path, root: Path) -> None:
    out_r, root_r = out.resolve(), root.resolve()
    if out_r == root_r or out_r in root_r.parents:
        raise ShareError(
            f"{out}: refusing to build into the repository or a folder that contains it"
        )
    if (root_r / "dossiers").resolve() in (out_r, *out_r.parents):
        raise ShareError(f"{out}: refusing to build inside the dossiers folder")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ShareError(
            f"{out}: exists and is not empty; choose a new folder (a previous share folder is replaced)"
        )


def passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase cannot protect a share, or None."""
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"the passphrase needs at least {MIN_PASSPHRASE} characters "
            "(a few random words work well)"
        )
    return None


def _protector(passphrase: str, config_file: Path) -> Any:
    """The encryptcontent plugin, set up to protect every page with `passphrase`."""
    try:
        from encryptcontent.plugin import encryptContentPlugin
    except ImportError:
        raise ShareError(
            f"a passphrase needs the {ENCRYPTCONTENT.split('>')[0]} package, which is "
            f"not installed; install it with: pip install '{ENCRYPTCONTENT}'"
        ) from None

    class ShareProtector(encryptContentPlugin):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            # The parent keeps its keys in a class attribute: one build, one key store.
            self.setup = {}
            self.calendars: dict[str, bytes] = {}

        # Calendars cannot be encrypted as files: each moves, as a data: link, into the
        # encrypted page that offers it, and the file stays out of the site.
        @event_priority(-200)
        def on_files(self, files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
            for file in files:
                if file.src_uri.endswith(".ics"):
                    self.calendars[file.url] = file.content_bytes
                    file.inclusion = InclusionLevel.EXCLUDED
            return super().on_files(files, config, **kwargs)

        # One passphrase for every page: front matter cannot lift or change it.
        def on_page_markdown(
            self, markdown: str, page: Any, config: MkDocsConfig, **kwargs: Any
        ) -> str:
            for key in PAGE_OVERRIDES:
                page.meta.pop(key, None)
            return super().on_page_markdown(markdown, page, config, **kwargs)

        def on_page_content(self, html: str, page: Any, config: MkDocsConfig, **kwargs: Any) -> str:
            here = posixpath.dirname(page.file.url)

            def inline(match: re.Match[str]) -> str:
                target = posixpath.normpath(posixpath.join(here, match.group(1)))
                data = self.calendars.get(target)
                if data is None:
                    return match.group(0)
                encoded = base64.b64encode(data).decode("ascii")
                name = posixpath.basename(target)
                return f'href="data:text/calendar;base64,{encoded}" download="{name}"'

            html = _ICS_HREF.sub(inline, html)
            return super().on_page_content(html, page, config, **kwargs)

        # Before Material's offline plugin (-100) copies the search index into
        # search_index.js, and before the dossier plugin (-200) lists the files for
        # its service worker: both must see the cleaned index and the decrypt script.
        @event_priority(-50)
        def on_post_build(self, config: MkDocsConfig, **kwargs: Any) -> None:
            super().on_post_build(config, **kwargs)

    plugin = ShareProtector()
    errors, _warnings = plugin.load_config(
        {**PROTECT_OPTIONS, "global_password": passphrase}, str(config_file)
    )
    if errors:
        raise ShareError("; ".join(f"encryptcontent {name}: {e}" for name, e in errors))
    return plugin


def _check_protected(out: Path) -> None:
    """Every page of a protected share carries only ciphertext; refuse the copy otherwise."""
    bare = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if p.name != "404.html" and ENCRYPTED_MARK not in p.read_text(encoding="utf-8")
    )
    if bare:
        clean_directory(str(out))
        raise ShareError(f"not every page could be protected ({', '.join(bare)}); nothing shared")


def share_build(
    config_file: Path,
    out: Path,
    slugs: Sequence[str] = (),
    zip_path: Path | None = None,
    passphrase: str | None = None,
) -> list[str]:
    """Build a share copy of the site into `out` (and `zip_path`); return the files written.

    With `passphrase`, every page is encrypted with it and left out of the search index.
    """
    root = config_file.resolve().parent
    _safe_to_replace(out, root)
    if passphrase is not None:
        problem = passphrase_problem(passphrase)
        if problem:
            raise ShareError(problem)
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
        if passphrase is not None:
            if "encryptcontent" in config.plugins:
                raise ShareError(
                    f"{config_file}: enables encryptcontent itself; a passphrase share adds it"
                )
            # Last in the list: it encrypts what every other plugin made of a page.
            config.plugins["encryptcontent"] = _protector(passphrase, config_file)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    except (PluginError, ConfigurationError, Abort) as exc:
        raise ShareError(str(exc)) from None
    finally:
        mkdocs_log.removeHandler(handler)
    if passphrase is not None:
        _check_protected(out)
    (out / MARKER).write_text("A shared copy made by `dossier share`.\n", encoding="utf-8")
    files = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MARKER
    )
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

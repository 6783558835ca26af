"""`dossier share`: the same MkDocs build, in share mode, into a folder and a zip.

With a passphrase, the mkdocs-encryptcontent-plugin encrypts every page (AES-256,
key from PBKDF2) and drops the protected pages from the search index; the browser
decrypts with its own Web Crypto, so nothing is fetched and the copy works offline.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import clean_directory

from ..build import share_secrets
from ..privacy.selfcheck import find_leaks, leak_report
from ..render.pages import default_templates_dir

#: Left in every share folder: the list of the files the share wrote, so a later share
#: replaces those and nothing else.
MARKER = ".dossier-share"

#: In the comment of every zip a share writes, so a later share may replace it.
ZIP_COMMENT = b"made by dossier share"

#: Shortest passphrase accepted: the copy may sit on a public host, open to guessing.
MIN_PASSPHRASE = 12

#: Least zxcvbn score accepted (0-4): 3 is "safely unguessable" offline, with a slow hash.
MIN_STRENGTH = 3

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

#: What encryptcontent writes for each protected part of a page: a base64 IV, `;`, and
#: base64 ciphertext. Its digits and letters are random: `80K+` turns up by chance.
_CIPHERTEXT = re.compile(rb"[A-Za-z0-9+/]{22}==;[A-Za-z0-9+/]+={0,2}(?:;[A-Za-z0-9+/]+={0,2})*")


def without_ciphertext(page: bytes) -> bytes:
    """A protected page as the self-check reads it: without the ciphertext, whose plain
    text (the page's content before encryption) is searched instead."""
    return _CIPHERTEXT.sub(b"", page)


class ShareError(Exception):
    """A share build that could not be made; the message says why."""


def _dossiers_folder(config_file: Path) -> Path:
    """The dossiers folder that mkdocs.yml configures (`dossiers_dir` of the plugin)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(config_file=str(config_file))
    except (ConfigurationError, Abort) as exc:
        raise ShareError(str(exc)) from None
    if "dossier" not in config.plugins:
        raise ShareError(f"{config_file}: the `dossier` plugin is not enabled")
    folder = config.plugins["dossier"].config.dossiers_dir
    return config_file.resolve().parent / folder


def _safe_to_replace(out: Path, root: Path, dossiers: Path) -> list[str]:
    """Refuse an output folder we may not write; return what a previous share wrote there."""
    out_r, root_r = out.resolve(), root.resolve()
    if out_r == root_r or out_r in root_r.parents:
        raise ShareError(
            f"{out}: refusing to build into the repository or a folder that contains it"
        )
    if dossiers.resolve() in (out_r, *out_r.parents):
        raise ShareError(f"{out}: refusing to build inside the dossiers folder")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ShareError(f"{out}: exists and is not a folder; choose a new folder")
    if not out.exists() or not any(out.iterdir()):
        return []
    if not (out / MARKER).is_file():
        raise ShareError(
            f"{out}: exists and is not empty; choose a new folder (a previous share folder is replaced)"
        )
    return previous_files(out)


def previous_files(out: Path) -> list[str]:
    """The files a previous share wrote into `out`, from the list it left there."""
    try:
        listed = json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError, OSError):
        raise ShareError(
            f"{out / MARKER}: no list of the files a previous share wrote (an older version "
            "made it?); delete the folder yourself or choose a new one"
        ) from None
    files = []
    for name in listed:
        path = PurePosixPath(str(name))
        if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in str(name):
            raise ShareError(f"{out / MARKER}: lists {name!r}, which is not inside {out}")
        files.append(path.as_posix())
    return files


def _safe_zip(zip_path: Path, dossiers: Path, out: Path) -> None:
    """Refuse a zip path that is not new and not a zip a previous share made."""
    zip_r = zip_path.resolve()
    for folder, what in ((out, "the output folder"), (dossiers, "the dossiers folder")):
        if folder.resolve() in zip_r.parents:
            raise ShareError(f"--zip {zip_path}: refusing to write inside {what}")
    if zip_path.is_symlink() or zip_path.is_dir():
        raise ShareError(f"--zip {zip_path}: exists and is not a file; choose a new name")
    if not zip_path.exists():
        return
    try:
        with zipfile.ZipFile(zip_path) as archive:
            ours = archive.comment == ZIP_COMMENT
    except (zipfile.BadZipFile, OSError):
        ours = False
    if not ours:
        raise ShareError(
            f"--zip {zip_path}: exists and is not a zip made by `dossier share`; "
            "choose a new name (a previous share's zip is replaced)"
        )


def passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase cannot protect a share, or None.

    Length alone lets `aaaaaaaaaaaa` through; zxcvbn estimates how many guesses an
    attacker with the copy would need, from patterns, repeats and common words.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"the passphrase needs at least {MIN_PASSPHRASE} characters "
            "(a few random words work well)"
        )
    from zxcvbn import zxcvbn

    # zxcvbn reads only the first 100 characters; the rest can only add strength.
    verdict = zxcvbn(passphrase[:100])
    if verdict["score"] < MIN_STRENGTH:
        advice = " ".join(
            [verdict["feedback"].get("warning") or "", *verdict["feedback"].get("suggestions", [])]
        ).strip()
        return (
            "the passphrase is too easy to guess"
            + (f": {advice}" if advice else "")
            + " Four or more random words work well."
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
            # What each page showed before it was encrypted: the self-check reads it.
            self.plain_pages: dict[str, bytes] = {}

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
            self.plain_pages[page.file.url] = html.encode("utf-8")
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
    The copy is built beside `out` and checked for private values; only a copy that
    passes replaces what a previous share wrote. A failed share changes nothing.
    """
    root = config_file.resolve().parent
    dossiers = _dossiers_folder(config_file)
    previous = _safe_to_replace(out, root, dossiers)
    if zip_path is not None:
        _safe_zip(zip_path, dossiers, out)
    if passphrase is not None:
        problem = passphrase_problem(passphrase)
        if problem:
            raise ShareError(problem)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", suffix=".partial", dir=out.parent))
    zip_staging: Path | None = None
    try:
        plugin, theme_dirs, hidden = _build(config_file, staging, slugs, passphrase)
        if passphrase is not None:
            _check_protected(staging)
        files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
        built = plugin.built
        secrets = share_secrets(built.loaded, built.dossiers, built.analyses, built.rates)
        output = _output_bytes(staging, files, theme_dirs)
        if passphrase is not None:
            # Checked as the reader sees it once it is opened: the plain pages, not the
            # ciphertext.
            output = {
                n: without_ciphertext(d) if n.endswith(".html") else d for n, d in output.items()
            }
            output |= hidden
        if zip_path is not None:
            zip_path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{zip_path.name}-", suffix=".partial", dir=zip_path.parent
            )
            os.close(handle)
            zip_staging = Path(name)
            write_zip(staging, files, zip_staging)
            output |= _zip_bytes(zip_staging, zip_path.name, staging, files, theme_dirs)
        leaks = find_leaks(output, secrets, plugin.dossiers, _baseline(theme_dirs))
        if leaks:
            raise ShareError(leak_report(leaks, out))
        _install(staging, out, files, previous)
        if zip_staging is not None and zip_path is not None:
            os.replace(zip_staging, zip_path)
            zip_staging = None
        return files
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        if zip_staging is not None:
            zip_staging.unlink(missing_ok=True)


def _build(
    config_file: Path, site_dir: Path, slugs: Sequence[str], passphrase: str | None
) -> tuple[Any, list[Path], dict[str, bytes]]:
    """Run the MkDocs build in share mode.

    Returns the dossier plugin, the theme folders, and what a passphrase share
    encrypted: each page's content before encryption, and the calendars it moved
    into pages.
    """
    protector = None
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs reports build errors through its logger: show them, without tracebacks.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir.resolve()))
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
            protector = _protector(passphrase, config_file)
            config.plugins["encryptcontent"] = protector
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    except (PluginError, ConfigurationError, Abort) as exc:
        raise ShareError(str(exc)) from None
    finally:
        mkdocs_log.removeHandler(handler)
    hidden: dict[str, bytes] = {}
    if protector is not None:
        hidden = {f"{url} (before encryption)": data for url, data in protector.plain_pages.items()}
        hidden |= {f"{url} (inside a page)": data for url, data in protector.calendars.items()}
    return plugin, [Path(d) for d in config.theme.dirs], hidden


def _copied_from_theme(name: str, data: bytes, theme_dirs: Sequence[Path]) -> bool:
    """A file the theme ships, copied unchanged: it cannot hold anything of the user's."""
    for folder in theme_dirs:
        source = folder / name
        if source.is_file() and source.stat().st_size == len(data) and source.read_bytes() == data:
            return True
    return False


def _output_bytes(
    folder: Path, files: Sequence[str], theme_dirs: Sequence[Path]
) -> dict[str, bytes]:
    """Every output file to search, gzip files opened too; theme copies left out."""
    found: dict[str, bytes] = {}
    for name in files:
        data = (folder / name).read_bytes()
        if _copied_from_theme(name, data, theme_dirs):
            continue
        found[name] = data
        if name.endswith(".gz"):
            try:
                found[f"{name} (unzipped)"] = gzip.decompress(data)
            except (OSError, EOFError):
                raise ShareError(f"{name}: a .gz file of the share could not be read") from None
    return found


def _zip_bytes(
    zip_path: Path, label: str, folder: Path, files: Sequence[str], theme_dirs: Sequence[Path]
) -> dict[str, bytes]:
    """What the zip holds beyond the folder's files (nothing, unless it went wrong)."""
    found: dict[str, bytes] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            name = info.filename.removeprefix("site/")
            if name in files and (folder / name).read_bytes() == data:
                continue  # searched as the folder's file
            if _copied_from_theme(name, data, theme_dirs):
                continue
            found[f"{label}:{info.filename}"] = data
            if name.endswith(".gz"):
                found[f"{label}:{info.filename} (unzipped)"] = gzip.decompress(data)
    return found


def _baseline(theme_dirs: Sequence[Path]) -> list[str]:
    """Text that exists without any dossier: the packaged templates and the theme's."""
    texts = []
    for folder in [default_templates_dir(), *theme_dirs]:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".md", ".j2", ".html", ".yml", ".js"} and path.is_file():
                if ".icons" in path.parts or path.stat().st_size > 200_000:
                    continue
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def _install(staging: Path, out: Path, files: Sequence[str], previous: Sequence[str]) -> None:
    """Put the checked copy in place: delete what the previous share wrote, and only that."""
    manifest = {"made by": "dossier share", "files": list(files)}
    (staging / MARKER).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    if not out.exists():
        os.replace(staging, out)
        return
    old = set(previous)
    for name in files:
        target = out / name
        if (target.exists() or target.is_symlink()) and (
            name not in old or not _plain_file(target, out)
        ):
            raise ShareError(
                f"{target}: was not written by the previous share; move it away and share again"
            )
    for name in sorted(old):
        target = out / name
        if _plain_file(target, out):
            target.unlink()
            _prune(target.parent, out)
    for name in [*files, MARKER]:
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)


def _plain_file(path: Path, inside: Path) -> bool:
    """A regular file (not a link) that really is inside `inside`."""
    return path.is_file() and not path.is_symlink() and inside.resolve() in path.resolve().parents


def _prune(folder: Path, top: Path) -> None:
    """Remove folders a deletion left empty, up to (not including) `top`."""
    while folder != top and top in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_zip(folder: Path, files: Sequence[str], zip_path: Path) -> None:
    """A zip whose bytes depend only on the files: fixed order and timestamps."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = ZIP_COMMENT
        for name in files:
            info = zipfile.ZipInfo(f"site/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())

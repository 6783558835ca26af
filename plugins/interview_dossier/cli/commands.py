"""What each `dossier` subcommand does; cli/main.py reads the command line.

Exit status: 0 when all is well, 1 when problems were found, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..analyse.warnings import warnings
from ..errors import Problem, problems_as_json, visible
from ..load.loader import FACTS_FILE, control_problem, dossier_folders, load_all, slugify
from ..load.problems import locate
from ..load.settings import load_me, load_rates
from ..model import Dossier, json_schema
from ..privacy.filter import private_places
from ..privacy.selfcheck import Leak

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _today(value: str | None) -> dt.date:
    text = value or os.environ.get("DOSSIER_TODAY")
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today: expected a date such as 2026-12-02, got {text!r}") from None


def _dossiers_dir(path: Path) -> tuple[Path, Path]:
    """Resolve PATH (a repository, a dossiers folder or one dossier) to (folder, root)."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if (path / FACTS_FILE).is_file():
        return path, path.parent.parent
    if (path / "dossiers").is_dir():
        return path / "dossiers", path
    return path, path.parent


def _check_targets(paths: Sequence[str]) -> list[tuple[Path, Path, bool]]:
    """(folder, root, is one dossier) for each path: a repository, a dossiers folder,
    a dossier, or a file of one.

    A file stands for the dossier it belongs to (pre-commit passes the changed files);
    each dossier is checked once however many of its files are named.
    """
    targets: list[tuple[Path, Path, bool]] = []
    for text in paths or ["."]:
        path = Path(text)
        if path.is_file():
            folder = path.parent
            # A note or dossier.yml belongs to a dossier, even one whose dossier.yml is missing.
            if path.suffix == ".md" or path.name == FACTS_FILE or (folder / FACTS_FILE).is_file():
                target = (folder, folder.parent.parent, True)
            else:  # e.g. `_rates.yml` beside the dossier folders
                target = (*_dossiers_dir(folder), False)
        else:
            folder, root = _dossiers_dir(path)
            target = (folder, root, (folder / FACTS_FILE).is_file())
        if target not in targets:
            targets.append(target)
    whole = {folder.resolve() for folder, _, one in targets if not one}
    return [t for t in targets if not (t[2] and t[0].resolve().parent in whole)]


def cmd_check(args: argparse.Namespace) -> int:
    targets = _check_targets(args.paths)
    today = _today(args.today)
    dossiers: list[Dossier] = []
    found: list[Problem] = []
    checked = 0  # every folder looked at, not only those that loaded without errors
    for target, root, one in targets:
        if one:
            from ..load.loader import load_dossier

            dossier, problems = load_dossier(target, root)
            some = [dossier] if dossier else []
            checked += 1
        else:
            some, problems = load_all(target, root)
            problems += load_rates(target, root)[1]  # `_rates.yml`, when there is one
            problems += load_me(target, root)[1]  # `_me.yml`, when there is one
            checked += len(dossier_folders(target))
        dossiers += some
        found += problems
        found += locate([w for d in some for w in warnings(d, today)], root)
        found += _note_html_warnings(some, root)
    found.sort(key=lambda p: (p.path, p.severity != "error", p.line, p.column, p.field))
    errors = [p for p in found if p.severity == "error"]

    if args.format == "json":
        print(problems_as_json(found))
    elif args.format == "github":
        for p in found:
            print(p.as_github())
    else:
        for p in found:
            print(p)
        if args.private:
            for d in dossiers:
                places = private_places(d)
                listed = ", ".join(places) if places else "nothing"
                print(visible(f"{d.path}: private, left out of share builds: {listed}"))
        from ..render.comment_data import open_comments

        for line in open_comments(dossiers):
            print(visible(line))
        n_warn = len(found) - len(errors)
        summary = f"{checked} dossier(s) checked: {len(errors)} error(s), {n_warn} warning(s)"
        print(summary, file=sys.stderr)
    if errors or (args.strict and found):
        return EXIT_PROBLEMS
    return EXIT_OK


def _note_html_warnings(dossiers: Sequence[Dossier], root: Path) -> list[Problem]:
    """A warning for each note that loses something to the HTML sanitizer."""
    from ..render.note_html import dropped_html

    found = []
    for dossier in dossiers:
        for note in dossier.notes:
            dropped = dropped_html(note.body)
            if not dropped:
                continue
            found.append(
                Problem(
                    note.path,
                    _line_in_note(root / note.path, note.body, dropped[0]),
                    0,
                    "",
                    f"this note's HTML loses {', '.join(dropped)} when it is shown: write "
                    "it as Markdown, or set `unsafe_raw_html_in_notes: true` in mkdocs.yml "
                    "to keep raw HTML on your own site (shares and mentor notes are always "
                    "cleaned)",
                    "warning",
                )
            )
    return found


def _line_in_note(path: Path, body: str, what: str) -> int:
    """The line of the file where `what` (as `check` names it) first shows, or 0."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return 0
    start = max(text.find(body), 0)
    needle = what.strip("<>").split(" ")[-2 if what.startswith("a ") else 0].rstrip(":")
    at = text.lower().find(needle.lower(), start)
    return text.count("\n", 0, at if at >= 0 else start) + 1


def _shown(text: str) -> str:
    """Text for the terminal: control characters as escapes, never raw."""
    return _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


#: What `--slug` may be: the folder name inside the dossiers folder, and nothing else.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import starter_dossier, write_schema_if_missing

    folder = Path(args.dir)
    if args.slug is not None and not _SLUG.fullmatch(args.slug):
        raise UsageError(
            f"--slug {_shown(args.slug)}: expected a folder name of lowercase letters, digits "
            "and single hyphens, such as acme-corp (no paths, no `..`)"
        )
    slug = args.slug or slugify(args.company)
    if not slug:
        raise UsageError("the company name needs at least one letter or digit for the folder name")
    for name, value in (("company", args.company), ("role", args.role)):
        if not value.strip():
            raise UsageError(f"the {name} must not be empty")
        if any("\ud800" <= c <= "\udfff" for c in value):
            raise UsageError(f"the {name} is not valid UTF-8; check your terminal's encoding")
        if found := control_problem(value, name):
            raise UsageError(f"the {name}: {found.message}")
    target = folder / slug
    if target.exists():
        print(f"{target}: already exists; nothing was changed", file=sys.stderr)
        return EXIT_PROBLEMS
    for other in dossier_folders(folder):
        if slugify(other.name) == slug:
            print(f"{other}: already uses the slug `{slug}`; nothing was changed", file=sys.stderr)
            return EXIT_PROBLEMS
    files = starter_dossier(args.company, args.role, _today(args.today))
    folder.mkdir(parents=True, exist_ok=True)
    target.mkdir()  # fails if it appeared meanwhile: never overwrite
    for name, text in files.items():
        with open(target / name, "x", encoding="utf-8") as fh:
            fh.write(text)
    print(f"created {target}/ with {', '.join(files)}")
    # The modeline of dossier.yml points two folders up, beside the dossiers folder.
    schema = write_schema_if_missing(folder.resolve().parent)
    if schema is not None:
        print(f"wrote {Path(os.path.relpath(schema))} for editor completion")
    print(f"next: fill in {target / FACTS_FILE}, then run `dossier check`")
    print(f"{target / 'notes.md'} is a draft, left out of the site until you remove `draft: true`")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import InitRefused, init_repository, install_problem

    root = Path(args.dir)
    if args.install_from is not None and (problem := install_problem(args.install_from)):
        raise UsageError(f"--install-from: {problem}")
    try:
        done = init_repository(
            root, _today(args.today), ci=args.ci, commit=args.commit, install_from=args.install_from
        )
    except InitRefused as exc:
        print(f"dossier init: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"created a notes repository in {root}/ ({len(done.files)} files)")
    if done.git:
        print(f"git: {done.git}")
    if done.git_problem:
        print(f"dossier init: {done.git_problem}", file=sys.stderr)
    if args.install_from is None:
        _say_when_the_default_install_cannot_work(args.ci)
    go = "" if root.resolve() == Path.cwd().resolve() else f"cd {root} && "
    print(f"next: {go}dossier serve    (then open http://127.0.0.1:8000)")
    return EXIT_OK


def _say_when_the_default_install_cannot_work(ci: str | None) -> None:
    """Dossier installed from a local path may be a version PyPI does not have yet."""
    from .scaffold import local_install, requirement

    source = local_install()
    if source is None:
        return
    files = "README.md" + (", .pre-commit-config.yaml and the workflow" if ci else "")
    print(
        f"dossier init: {files} install {requirement()} from PyPI, which works only once "
        f"version {__version__} is published there; this Dossier came from {_shown(source)}",
        file=sys.stderr,
    )
    print(
        "dossier init: to install it another way, run init in an empty folder with "
        "--install-from SPEC: a version pin, a git+ URL "
        f"(git+https://github.com/OWNER/REPO@v{__version__}) or a wheel's path",
        file=sys.stderr,
    )


#: Default address and port of `dossier serve` (and `./run.sh serve`).
SERVE_ADDR, SERVE_PORT = "127.0.0.1", 8000


def _env_port() -> int:
    text = os.environ.get("DOSSIER_PORT", "")
    if not text:
        return SERVE_PORT
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise UsageError(f"DOSSIER_PORT: expected a port number such as 8001, got {text!r}")
    return int(text)


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"expected a port number such as 8001, got {text!r}")
    return int(text)


def _port_taken(addr: str, port: int) -> bool:
    """Whether the preview server could not listen on ADDR:PORT (tried as it would)."""
    import socket

    try:
        family = socket.getaddrinfo(addr, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        return False  # MkDocs reports an unknown address in its own words
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Like the server: a port left in TIME_WAIT by a previous run is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((addr, port))
        except OSError:
            return True
    return False


def _mkdocs(command: str, config: Path, *options: str) -> int:
    """Run `mkdocs COMMAND` in this process; its messages, without a traceback."""
    import errno

    import click
    from mkdocs.__main__ import cli

    if not config.is_file():
        raise UsageError(
            f"{config}: no such file; run this in a notes repository "
            "(`dossier init` makes one) or pass -f"
        )
    # The MkDocs 2 notice is about MkDocs itself: nothing a dossier user can act on.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        cli.main(
            args=[command, "-f", str(config), *options],
            prog_name=f"dossier {command}",
            standalone_mode=False,
        )
    except click.ClickException as exc:
        exc.show()
        return EXIT_PROBLEMS
    except click.exceptions.Abort:
        return EXIT_PROBLEMS
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortTaken() from None
        raise
    return EXIT_OK


class PortTaken(Exception):
    pass


def _is_ipv6(addr: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(addr.strip("[]")).version == 6
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    port = args.port if args.port is not None else _env_port()
    addr = args.addr or os.environ.get("DOSSIER_ADDR") or SERVE_ADDR
    if ":" in addr and not _is_ipv6(addr):
        raise UsageError(
            f"--addr {addr}: give the address only, e.g. 127.0.0.1; the port goes in --port"
        )
    other = port + 1 if port < 65535 else SERVE_PORT
    taken = (
        f"dossier serve: port {port} on {addr} is in use; "
        f"pick another with --port, e.g. `dossier serve --port {other}`"
    )
    if _port_taken(addr, port):
        print(taken, file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        # --dirty: each save rebuilds only the pages whose content changed; the plugin
        # keeps the nav, the search index and removed pages right (incremental.py).
        return _mkdocs("serve", Path(args.config), "--dirty", "--dev-addr", f"{addr}:{port}")
    except PortTaken:  # taken between the probe and the first build
        print(taken, file=sys.stderr)
        return EXIT_PROBLEMS


def cmd_build(args: argparse.Namespace) -> int:
    strict = "--no-strict" if args.no_strict else "--strict"
    return _mkdocs("build", Path(args.config), strict, "--site-dir", args.site_dir)


def cmd_share(args: argparse.Namespace) -> int:
    # MkDocs is imported here only: the rest of the command works without it.
    from ..mkdocs_plugin.sharebuild import ShareError, passphrase_problem, share_build

    config = Path(args.config)
    if not config.is_file():
        raise UsageError(f"{config}: no such file; run this from the repository root or pass -f")
    out = Path(args.out)
    zip_path = Path(args.zip) if args.zip else None
    passphrase = _share_passphrase(args)
    if passphrase is not None and (problem := passphrase_problem(passphrase)):
        raise UsageError(problem)
    try:
        files = share_build(config, out, args.slugs, zip_path, passphrase=passphrase)
    except ShareError as exc:
        print(f"dossier share: {visible(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"shared copy in {out}/ ({len(files)} files), private data left out")
    if passphrase is not None:
        print("every page asks for the passphrase; search finds nothing in a protected copy")
    if zip_path:
        print(f"zip: {zip_path} (unzip and open site/index.html; works offline)")
    return EXIT_OK


def _share_passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase for a protected share: from the environment or asked twice."""
    if args.passphrase_env:
        value = os.environ.get(args.passphrase_env)
        if not value:
            raise UsageError(f"--passphrase-env {args.passphrase_env}: no such variable, or empty")
        return value
    if not args.passphrase_prompt:
        return None
    import getpass

    try:
        first = getpass.getpass("Passphrase: ")
        second = getpass.getpass("Passphrase again: ")
    except EOFError:
        raise UsageError("--passphrase-prompt: no passphrase was typed") from None
    if first != second:
        raise UsageError("--passphrase-prompt: the two passphrases differ; nothing built")
    return first


def _previous_schema(path: Path, description: str) -> bool:
    """Whether `path` is a schema this command wrote (which it may replace)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("description") == description


def cmd_schema(args: argparse.Namespace) -> int:
    schema = json_schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        out = Path(args.out)
        if out.is_symlink() or out.is_dir():
            raise UsageError(f"--out {out}: exists and is not a file; choose a new name")
        if out.exists() and not _previous_schema(out, schema["description"]):
            raise UsageError(
                f"--out {out}: exists and is not a schema written by `dossier schema`; "
                "choose a new name (a previous schema is replaced)"
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.with_name(f".{out.name}.partial")
        staging.write_text(text, encoding="utf-8")
        os.replace(staging, out)
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    from ..load.loader import load_dossier
    from ..privacy.filter import share as share_dossier
    from ..privacy.selfcheck import leak_report
    from ..render.calendars import ALL_CALENDAR, all_calendar, calendar_name, dossier_calendar
    from .calendar_out import CalendarOutError, write_calendars

    target, root = _dossiers_dir(Path(args.path))
    today = _today(args.today)
    single = (target / FACTS_FILE).is_file()
    if single:
        dossier, problems = load_dossier(target, root)
        dossiers = [dossier] if dossier else []
    else:
        dossiers, problems = load_all(target, root)
    if problems:
        for p in sorted(problems):
            print(p, file=sys.stderr)
        print("dossier calendar: nothing written; fix the problems above", file=sys.stderr)
        return EXIT_PROBLEMS
    loaded = dossiers
    dossiers_dir = target.parent if single else target
    if args.share:
        dossiers = [share_dossier(d) for d in dossiers]
    out = Path(args.out)
    files = {calendar_name(d): dossier_calendar(d, today) for d in dossiers}
    if not single:
        files[ALL_CALENDAR] = all_calendar(dossiers, today)
    if args.share and (
        leaks := _calendar_leaks(loaded, dossiers, files, dossiers_dir, root, today)
    ):
        print(
            f"dossier calendar: {visible(leak_report(leaks, out, 'shared calendars'))}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    try:
        write_calendars(out, files, dossiers_dir)
    except CalendarOutError as exc:
        raise UsageError(str(exc)) from None
    for name in files:
        print(f"wrote {out / name}")
    return EXIT_OK


def _calendar_leaks(
    loaded: list[Dossier],
    shared: list[Dossier],
    files: dict[str, bytes],
    dossiers_dir: Path,
    root: Path,
    today: dt.date,
) -> list[Leak]:
    """The share's self-check, run on the calendars as it runs on a shared site."""
    from ..analyse.analysis import analyse_all
    from ..build import share_secrets
    from ..privacy.selfcheck import find_leaks

    rates = load_rates(dossiers_dir, root)[0]
    secrets = share_secrets(loaded, shared, analyse_all(shared, today), rates)
    return find_leaks(files, secrets, shared)


def cmd_comments_import(args: argparse.Namespace) -> int:
    from .comments_import import import_file, paste_yaml

    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    folder = Path(args.dir)
    if not folder.is_dir():
        raise UsageError(f"--dir {folder}: no such folder")
    outcomes, problems = import_file(source, folder)
    if problems:
        for p in sorted(problems):
            print(p, file=sys.stderr)
        print("dossier comments import: nothing written; fix the file above", file=sys.stderr)
        return EXIT_PROBLEMS
    for o in outcomes:
        h = o.entry.header
        what = f"{h.kind} by {h.author}" if h.author and h.kind == "comment" else h.kind
        if o.written:
            print(f"wrote {o.path} ({what} on {h.section.value}, {h.date.isoformat()})")
        else:
            print(f"already there: {o.path}")
        paste = paste_yaml(o.entry, o.path.parent, str(folder / o.path.parent.name))
        if h.kind == "debrief" and paste:
            print(f"From this debrief, paste into dossier.yml:\n{paste}")
    new = sum(o.written for o in outcomes)
    print(f"{new} note(s) written, {len(outcomes) - new} already imported", file=sys.stderr)
    return EXIT_OK

"""The `dossier` command: start, check and describe dossiers.

Exit status: 0 when all is well, 1 when problems were found, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .analyse import warnings
from .comparison import load_me, load_rates
from .errors import Problem, problems_as_json, visible
from .init import CI_CHOICES
from .leakcheck import Leak
from .loader import FACTS_FILE, control_problem, dossier_folders, load_all, locate, slugify
from .model import Dossier, json_schema
from .share import private_places

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
            from .loader import load_dossier

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
        from .comments import open_comments

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
    from .notes import dropped_html

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
    from .init import starter_dossier, write_schema_if_missing

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
    from .init import InitRefused, init_repository

    root = Path(args.dir)
    try:
        done = init_repository(root, _today(args.today), ci=args.ci, commit=args.commit)
    except InitRefused as exc:
        print(f"dossier init: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"created a notes repository in {root}/ ({len(done.files)} files)")
    if done.git:
        print(f"git: {done.git}")
    if done.git_problem:
        print(f"dossier init: {done.git_problem}", file=sys.stderr)
    go = "" if root.resolve() == Path.cwd().resolve() else f"cd {root} && "
    print(f"next: {go}dossier serve    (then open http://127.0.0.1:8000)")
    return EXIT_OK


#: Default address and port of `dossier serve` (and `./run.sh serve`).
SERVE_ADDR, SERVE_PORT = "127.0.0.1", 8000


def _env_port() -> int:
    text = os.environ.get("DOSSIER_PORT", "")
    if not text:
        return SERVE_PORT
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise UsageError(f"DOSSIER_PORT: expected a port number such as 8001, got {text!r}")
    return int(text)


def _port(text: str) -> int:
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
    from .mkdocs_plugin.sharebuild import ShareError, passphrase_problem, share_build

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
    from .calendar_ics import ALL_CALENDAR, all_calendar, calendar_name, dossier_calendar
    from .calendar_out import CalendarOutError, leak_report, write_calendars
    from .loader import load_dossier
    from .share import share as share_dossier

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
        print(f"dossier calendar: {visible(leak_report(leaks, out))}", file=sys.stderr)
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
    from .analyse import analyse_all
    from .comparison import compare_offers
    from .leakcheck import derived_numbers, find_leaks, private_values

    rates = load_rates(dossiers_dir, root)[0]
    analyses = analyse_all(shared, today)
    secrets = private_values(
        loaded, shared, derived_numbers(analyses, compare_offers(analyses, rates))
    )
    return find_leaks(files, secrets, shared)


def cmd_comments_import(args: argparse.Namespace) -> int:
    from .comments import import_file

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
    new = sum(o.written for o in outcomes)
    print(f"{new} note(s) written, {len(outcomes) - new} already imported", file=sys.stderr)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="dossier",
        description="Interview-prep dossiers: start them, check them, describe their format.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser(
        "init",
        help="start a private notes repository",
        description="Start a notes repository in DIR, a new or empty folder: the site's "
        "settings, a starter dossier, the schema for your editor, a README, and git. "
        "Refuses any other folder and changes nothing in it.",
    )
    init.add_argument("dir", nargs="?", default=".", metavar="DIR", help="(default: .)")
    init.add_argument(
        "--ci",
        choices=CI_CHOICES,
        help="also write a pre-commit config and a CI workflow (github: GitHub Actions)",
    )
    init.add_argument("--commit", action="store_true", help="make a first git commit")
    init.add_argument("--today", help=argparse.SUPPRESS)
    init.set_defaults(func=cmd_init)

    new = sub.add_parser(
        "new",
        help="start a dossier from a template",
        description="Start a dossier folder from a template. Never overwrites anything.",
    )
    new.add_argument("company", help='company name, e.g. "Northwind Robotics"')
    new.add_argument("--role", required=True, help='the role, e.g. "Senior Backend Engineer"')
    new.add_argument("--dir", default="dossiers", help="folder of dossiers (default: dossiers)")
    new.add_argument("--slug", help="folder name (default: made from the company name)")
    new.add_argument("--today", help=argparse.SUPPRESS)
    new.set_defaults(func=cmd_new)

    check = sub.add_parser(
        "check",
        help="validate dossiers and point out what needs attention",
        description="Validate every dossier. Exit 0: no errors; 1: errors (or warnings with --strict); 2: bad usage.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="repository, dossiers folder, one dossier folder, or files of dossiers "
        "(each checks the dossier it belongs to; default: .)",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (file:line:col), json, or github (workflow annotations)",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as problems")
    check.add_argument(
        "--private", action="store_true", help="also list everything that share builds leave out"
    )
    check.add_argument(
        "--today", help="reference date for overdue checks (default: today or $DOSSIER_TODAY)"
    )
    check.set_defaults(func=cmd_check)

    serve = sub.add_parser(
        "serve",
        help="preview the site, rebuilt as you save",
        description="Preview the site at http://ADDR:PORT/, rebuilt whenever a dossier changes.",
    )
    serve.add_argument(
        "--port",
        type=_port,
        help=f"port to listen on (default: $DOSSIER_PORT or {SERVE_PORT})",
    )
    serve.add_argument(
        "--addr",
        help=f"address to listen on (default: $DOSSIER_ADDR or {SERVE_ADDR}; "
        "0.0.0.0 lets your phone on the same network read it)",
    )
    serve.add_argument(
        "-f", "--config", default="mkdocs.yml", help="the site's config (default: mkdocs.yml)"
    )
    serve.set_defaults(func=cmd_serve)

    build = sub.add_parser(
        "build",
        help="build the site into a folder",
        description="Build the site (default: into site/). Any warning fails the build, "
        "unless --no-strict.",
    )
    build.add_argument("--site-dir", default="site", help="output folder (default: site)")
    build.add_argument(
        "--no-strict", action="store_true", help="build even when there are warnings"
    )
    build.add_argument(
        "-f", "--config", default="mkdocs.yml", help="the site's config (default: mkdocs.yml)"
    )
    build.set_defaults(func=cmd_build)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of dossier.yml",
        description="Print the JSON Schema of dossier.yml, for editor autocompletion.",
    )
    schema.add_argument("--out", help="write to this file instead of standard output")
    schema.set_defaults(func=cmd_schema)

    share = sub.add_parser(
        "share",
        help="build a copy of the site without anything marked private",
        description="Build a shared copy of the site, for a mentor: everything marked private is "
        "removed before any page is made. Uses the repository's mkdocs.yml.",
    )
    share.add_argument(
        "slugs", nargs="*", metavar="SLUG", help="only these dossiers (default: all)"
    )
    share.add_argument(
        "--out", required=True, help="folder for the shared site (a new one, or a previous share)"
    )
    share.add_argument("--zip", help="also write the shared site to this zip file")
    share.add_argument(
        "-f", "--config", default="mkdocs.yml", help="the site's config (default: mkdocs.yml)"
    )
    protect = share.add_mutually_exclusive_group()
    protect.add_argument(
        "--passphrase-env",
        metavar="NAME",
        help="encrypt every page with the passphrase held in environment variable NAME",
    )
    protect.add_argument(
        "--passphrase-prompt",
        action="store_true",
        help="encrypt every page with a passphrase typed at a prompt (asked twice)",
    )
    share.set_defaults(func=cmd_share)

    calendar = sub.add_parser(
        "calendar",
        help="write .ics calendars of interviews, commitments and offer deadlines",
        description="Write one .ics file per dossier and calendar.ics for all of them. "
        "Exit 0: written; 1: problems in the dossiers, nothing written; 2: bad usage.",
    )
    calendar.add_argument(
        "path",
        nargs="?",
        default=".",
        help="repository, dossiers folder or one dossier folder (default: .)",
    )
    calendar.add_argument("--out", required=True, help="folder to write the .ics files to")
    calendar.add_argument(
        "--share", action="store_true", help="leave out everything marked private"
    )
    calendar.add_argument(
        "--today", help="reference date for DTSTAMP (default: today or $DOSSIER_TODAY)"
    )
    calendar.set_defaults(func=cmd_calendar)

    comments = sub.add_parser(
        "comments",
        help="take in comments and debriefs sent from a shared or own site",
        description="Comments a mentor wrote on a shared site, and debriefs written on your "
        "own site, come as one file; `import` turns each into a note of its dossier.",
    )
    comments_sub = comments.add_subparsers(dest="action", metavar="ACTION", required=True)
    take = comments_sub.add_parser(
        "import",
        help="write each comment of FILE as a note of its dossier",
        description="Write each comment or debrief of FILE as a note of its dossier. Never "
        "overwrites; importing the same file twice changes nothing. Exit 0: done; 1: "
        "problems in FILE, nothing written; 2: bad usage.",
    )
    take.add_argument("file", metavar="FILE", help="the file sent from the site")
    take.add_argument("--dir", default="dossiers", help="folder of dossiers (default: dossiers)")
    take.set_defaults(func=cmd_comments_import)
    return top


def _safe_output() -> None:
    """Let messages degrade to escapes where the terminal's encoding cannot show a character.

    A company name in Cyrillic must not crash `check` under LC_ALL=C or a Latin-1 pipe.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a detached or closed stream
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _safe_output()
    top = parser()
    args = top.parse_args(argv)
    if not getattr(args, "func", None):
        top.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"dossier {args.command}: {visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(
            f"dossier {args.command}: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Problem", "main"]

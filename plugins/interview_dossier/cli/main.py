"""The `dossier` command: start, check and describe dossiers.

Exit status: 0 when all is well, 1 when problems were found, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import Any

from ..errors import Problem, visible
from .commands import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    SERVE_ADDR,
    SERVE_PORT,
    UsageError,
    cmd_build,
    cmd_calendar,
    cmd_check,
    cmd_comments_import,
    cmd_init,
    cmd_new,
    cmd_schema,
    cmd_serve,
    cmd_share,
    port_number,
)
from .scaffold import CI_CHOICES


class _VersionAction(argparse.Action):
    """`--version`: looks the engine and theme up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from .versions import version_text

        print(version_text())
        parser.exit()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="dossier",
        description="Interview-prep dossiers: start them, check them, describe their format.",
    )
    top.add_argument(
        "--version", action=_VersionAction, help="show the version, the engine and the theme"
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    for add in (
        _add_init,
        _add_new,
        _add_check,
        _add_serve,
        _add_build,
        _add_schema,
        _add_share,
        _add_calendar,
        _add_comments,
    ):
        add(sub)
    return top


def _add_init(sub: Any) -> None:
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
    init.add_argument(
        "--install-from",
        metavar="SPEC",
        help="what the README, pre-commit config and workflow install, as pip takes it: "
        "a version pin, a git+ URL or a wheel's path (default: this version from PyPI)",
    )
    init.add_argument("--today", help=argparse.SUPPRESS)
    init.set_defaults(func=cmd_init)


def _add_new(sub: Any) -> None:
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


def _add_check(sub: Any) -> None:
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


def _add_serve(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="preview the site, rebuilt as you save",
        description="Preview the site at http://ADDR:PORT/, rebuilt whenever a dossier changes.",
    )
    serve.add_argument(
        "--port",
        type=port_number,
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


def _add_build(sub: Any) -> None:
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


def _add_schema(sub: Any) -> None:
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of dossier.yml",
        description="Print the JSON Schema of dossier.yml, for editor autocompletion.",
    )
    schema.add_argument("--out", help="write to this file instead of standard output")
    schema.set_defaults(func=cmd_schema)


def _add_share(sub: Any) -> None:
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


def _add_calendar(sub: Any) -> None:
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


def _add_comments(sub: Any) -> None:
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

"""The `dossier` command: start, check and describe dossiers.

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

import jinja2

from . import __version__
from .analyse import warnings
from .comparison import load_me, load_rates
from .errors import Problem, problems_as_json
from .loader import FACTS_FILE, dossier_folders, load_all, locate, slugify
from .model import json_schema
from .render import default_templates_dir
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


def cmd_check(args: argparse.Namespace) -> int:
    target, root = _dossiers_dir(Path(args.path))
    today = _today(args.today)
    if (target / FACTS_FILE).is_file():
        from .loader import load_dossier

        dossier, problems = load_dossier(target, root)
        dossiers = [dossier] if dossier else []
    else:
        dossiers, problems = load_all(target, root)
        problems += load_rates(target, root)[1]  # `_rates.yml`, when there is one
        problems += load_me(target, root)[1]  # `_me.yml`, when there is one
    found = list(problems)
    found += locate([w for d in dossiers for w in warnings(d, today)], root)
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
                print(
                    f"{d.path}: private, left out of share builds: {', '.join(places) if places else 'nothing'}"
                )
        n_warn = len(found) - len(errors)
        summary = f"{len(dossiers)} dossier(s) checked: {len(errors)} error(s), {n_warn} warning(s)"
        print(summary, file=sys.stderr)
    if errors or (args.strict and found):
        return EXIT_PROBLEMS
    return EXIT_OK


def _yaml_quoted(text: str) -> str:
    """Text as a double-quoted YAML scalar: JSON, plus escapes for what YAML reads otherwise."""
    quoted = json.dumps(text, ensure_ascii=False)  # YAML reads \x85 and U+2028 as line breaks
    return re.sub("[\x7f-\x9f\u2028\u2029\ufffe\uffff]", lambda m: f"\\u{ord(m[0]):04x}", quoted)


def cmd_new(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    slug = args.slug or slugify(args.company)
    if not slug:
        raise UsageError("the company name needs at least one letter or digit for the folder name")
    for name, value in (("company", args.company), ("role", args.role)):
        if not value.strip():
            raise UsageError(f"the {name} must not be empty")
        if any("\ud800" <= c <= "\udfff" for c in value):
            raise UsageError(f"the {name} is not valid UTF-8; check your terminal's encoding")
    target = folder / slug
    if target.exists():
        print(f"{target}: already exists; nothing was changed", file=sys.stderr)
        return EXIT_PROBLEMS
    for other in dossier_folders(folder):
        if slugify(other.name) == slug:
            print(f"{other}: already uses the slug `{slug}`; nothing was changed", file=sys.stderr)
            return EXIT_PROBLEMS
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(default_templates_dir() / "new")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    context = {
        "company": _yaml_quoted(args.company),
        "role": _yaml_quoted(args.role),
        "today": _today(args.today).isoformat(),
    }
    files = {
        name: env.get_template(name + ".j2").render(**context) for name in (FACTS_FILE, "notes.md")
    }
    folder.mkdir(parents=True, exist_ok=True)
    target.mkdir()  # fails if it appeared meanwhile: never overwrite
    for name, text in files.items():
        with open(target / name, "x", encoding="utf-8") as fh:
            fh.write(text)
    print(f"created {target}/ with {', '.join(files)}")
    print(f"next: fill in {target / FACTS_FILE}, then run `dossier check`")
    return EXIT_OK


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
        print(f"dossier share: {exc}", file=sys.stderr)
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


def cmd_schema(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    from .calendar_ics import ALL_CALENDAR, all_calendar, calendar_name, dossier_calendar
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
    if args.share:
        dossiers = [share_dossier(d) for d in dossiers]
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    files = {calendar_name(d): dossier_calendar(d, today) for d in dossiers}
    if not single:
        files[ALL_CALENDAR] = all_calendar(dossiers, today)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(f"wrote {out / name}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="dossier",
        description="Interview-prep dossiers: start them, check them, describe their format.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

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
        "path",
        nargs="?",
        default=".",
        help="repository, dossiers folder or one dossier folder (default: .)",
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
    return top


def main(argv: Sequence[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    if not getattr(args, "func", None):
        top.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"dossier {args.command}: {exc}", file=sys.stderr)
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

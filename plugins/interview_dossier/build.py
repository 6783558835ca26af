"""The pipeline in one function: load → privacy → analyse → render.

The MkDocs plugin, the `dossier` command (`calendar`, `share`'s self-check) and the
benchmark all call `build`; none of them repeats its steps. Nothing here imports
MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .analyse.analysis import Analysis, AnalysisCache, analyse_all
from .analyse.comparison import compare_offers
from .errors import DossierError, Problem
from .load.cache import ParseCache
from .load.loader import load_all
from .load.settings import load_me, load_rates
from .model import Dossier, Me, Rates
from .privacy.filter import share as share_dossier
from .privacy.selfcheck import Secret, derived_numbers, private_values
from .render.calendars import calendar_files
from .render.pages import NAV_LIMIT, PageMemo, Renderer, Site, build_site


@dataclass
class Options:
    """What a build is asked for, besides the files."""

    today: dt.date
    share: bool = False
    only: Collection[str] = ()
    home: str = "index.md"
    nav_limit: int = NAV_LIMIT
    calendars: bool = True
    pictures: bool = True
    #: Keep raw HTML in the owner's own notes (never in a share).
    raw_html_notes: bool = False


@dataclass
class Built:
    """What a build made, and what it was made from."""

    #: Every dossier as loaded (a share's self-check searches for what these hold).
    loaded: list[Dossier]
    #: The dossiers the pages are made of: `only` applied, private parts removed in a share.
    dossiers: list[Dossier]
    analyses: list[Analysis]
    site: Site
    calendars: dict[str, bytes] = field(default_factory=dict)
    rates: Rates | None = None
    me: Me | None = None


def load(
    dossiers_dir: Path, root: Path, cache: ParseCache | None = None
) -> tuple[list[Dossier], Rates | None, Me | None]:
    """Every dossier and the folder's settings, or a DossierError naming every problem."""
    dossiers, problems = load_all(dossiers_dir, root, cache)
    rates, rate_problems = load_rates(dossiers_dir, root)
    me, me_problems = load_me(dossiers_dir, root)
    problems += rate_problems + me_problems
    if problems:
        raise DossierError(problems)
    return dossiers, rates, me


def select(dossiers: list[Dossier], only: Collection[str], relpath: str) -> list[Dossier]:
    """The dossiers named in `only` (all when empty); an unknown slug is an error."""
    if not only:
        return list(dossiers)
    unknown = sorted(set(only) - {d.slug for d in dossiers})
    if unknown:
        message = f"no dossier with slug {', '.join(unknown)}"
        raise DossierError([Problem(relpath, 0, 0, "", message)])
    return [d for d in dossiers if d.slug in only]


def build(
    dossiers_dir: Path,
    root: Path,
    renderer: Renderer,
    options: Options,
    *,
    cache: ParseCache | None = None,
    analyses_cache: AnalysisCache | None = None,
    page_memo: PageMemo | None = None,
) -> Built:
    """Load, make private parts disappear (in a share), analyse and render.

    Raises DossierError for problems in the user's files (each with its place) and
    lets jinja2's TemplateError through for a broken template override.
    """
    loaded, rates, me = load(dossiers_dir, root, cache)
    chosen = select(loaded, options.only, dossiers_dir.name)
    # Privacy is decided here, on the model: what a share leaves out is gone before
    # anything is analysed or rendered.
    dossiers = [share_dossier(d) for d in chosen] if options.share else chosen
    analyses = analyse_all(
        dossiers,
        options.today,
        analyses_cache,
        rates=rates,
        signature=me.name if me else None,
    )
    site = build_site(
        analyses,
        renderer,
        share=options.share,
        home=options.home,
        rates=rates,
        nav_limit=options.nav_limit,
        pictures=options.pictures,
        raw_html_notes=options.raw_html_notes,
        memo=page_memo,
        owner=me.name if me else None,
    )
    calendars = calendar_files(dossiers, options.today) if options.calendars else {}
    return Built(loaded, dossiers, analyses, site, calendars, rates, me)


def share_secrets(
    loaded: Sequence[Dossier],
    shared: Sequence[Dossier],
    analyses: Sequence[Analysis],
    rates: Rates | None,
) -> list[Secret]:
    """What a share's self-check searches its output for: every value the loaded
    dossiers hold and the shared ones lost, less the amounts the pages compute."""
    derived = derived_numbers(analyses, compare_offers(analyses, rates))
    return private_values(loaded, shared, derived)

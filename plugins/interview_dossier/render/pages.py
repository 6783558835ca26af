"""Render analysed dossiers into Markdown pages with Jinja templates.

The renderer knows nothing of MkDocs: it returns pages (a path, a title and
Markdown) and a navigation tree. User templates in an override folder win over
the packaged ones, file by file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from ..analyse.analysis import Analysis
from ..analyse.comparison import compare_offers
from ..analyse.messages import pressure_steps as answer_to_pressure
from ..analyse.money import money
from ..errors import DossierError, Problem
from ..model import LIVE_STATUSES, Dossier, Note, Rates, Section, Status
from . import markup
from .comment_data import open_comment_pages
from .display import due_html, entry_badge, link_html, private_badge, when_html, written_date
from .note_html import NoteError, note_to_html
from .pictures import NO_PICTURES, pictures_for
from .pictures.offers import comparison_picture
from .pictures.pipeline import pipeline_picture, stage_groups

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# In a source checkout (editable install) the templates sit at the repository's top level.
SOURCE_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"

PREFIX = "opportunities"
#: Up to this many dossiers are listed in the sidebar nav (see build_site).
NAV_LIMIT = 25
GROUP_PAGE_SIZE = 50
DASHBOARD_ROWS = 50
LIST_LIMIT = 50  # rows of a cross-dossier list page in a large repository
# libyaml's loader when PyYAML has it (as for dossier files): same data, a few times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STATUS_GROUPS = (
    ("Interviewing", (Status.interviewing,)),
    ("Offers", (Status.offer,)),
    ("Applied", (Status.applied,)),
    ("Researching", (Status.researching,)),
    ("Closed", (Status.accepted, Status.declined, Status.withdrawn, Status.rejected)),
)

# The pages each opportunity gets, in nav order: (file stem, nav title, template).
DOSSIER_PAGES = (
    ("index", "Card", "card.md.j2"),
    ("prepare", "Prepare", "prepare.md.j2"),
    ("numbers", "Numbers", "numbers.md.j2"),
    ("log", "Log", "log.md.j2"),
    ("scripts", "Scripts", "scripts.md.j2"),
    ("notes", "Notes", "notes.md.j2"),
)

# Which page shows the notes attached to each section.
SECTION_PAGE = {
    Section.overview: "index",
    Section.homework: "prepare",
    Section.people: "prepare",
    Section.objections: "prepare",
    Section.batna: "prepare",
    Section.compensation: "numbers",
    Section.budget: "numbers",
    Section.pressure: "log",
    Section.timeline: "log",
    Section.scripts: "scripts",
    Section.notes: "notes",
}


def default_templates_dir() -> Path:
    return PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else SOURCE_TEMPLATES


@dataclass(frozen=True)
class Page:
    path: str  # POSIX path relative to the site's docs root, e.g. "opportunities/acme/index.md"
    title: str
    content: str
    in_nav: bool = True  # False: reached through links only, kept out of the sidebar
    #: HTML that must not pass through the page's Markdown (rendered notes), by the
    #: placeholder that stands for it in `content`; see `fill_fragments`.
    fragments: tuple[tuple[str, str], ...] = ()

    def fill_fragments(self, html: str) -> str:
        """The page's HTML, after Markdown, with each placeholder replaced by its HTML."""
        for marker, fragment in self.fragments:
            html = html.replace(marker, fragment)
        return html


NavItem = dict[str, Any]


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)

    @cached_property
    def page_by_path(self) -> dict[str, Page]:
        return {p.path: p for p in self.pages}


@dataclass(frozen=True)
class MethodPage:
    stem: str
    title: str
    order: int
    content: str


def _fmt_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return written_date(value)


def _fmt_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    offset = value.strftime("%z")
    zone = value.tzname() or f"UTC{offset[:3]}:{offset[3:]}"
    return f"{value:%a} {value.day} {value:%b %Y, %H:%M} {zone}"


def _interview_when(interview: Any, countdown: bool = False) -> Markup:
    """An interview's time for the reader's zone (see display.py)."""
    return when_html(interview.when, interview.timezone, countdown=countdown)


class Renderer:
    """Owns the Jinja environment; compiles each template once."""

    def __init__(self, override_dir: Path | None = None, base_dir: Path | None = None) -> None:
        self.base_dir = base_dir or default_templates_dir()
        search = [str(self.base_dir)]
        if (
            override_dir is not None
            and override_dir.is_dir()
            and override_dir.resolve() != self.base_dir.resolve()
        ):
            search.insert(0, str(override_dir))
        self.override_dir = override_dir
        # Text is text. The pages are Markdown, so every `{{ value }}` that is not
        # already Markup goes through `markup.finalize`: escaped for HTML and for
        # Markdown, newlines folded to <br>, so it shows exactly what was typed and
        # can never become a link, an image, an attribute or a table cell. Markup
        # is only what is built on purpose: macros, pictures, `link(words, url)`
        # (http, https, mailto, tel only), `heading(level)` and rendered notes.
        # Never mark a user value safe; `join`, `replace` and `e` escape the same way.
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(search),
            # `mkdocs serve` keeps a Renderer only while no template file changed
            # (see `signature`), so a page need not stat its templates again.
            auto_reload=False,
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            finalize=markup.finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(markup.FILTERS)
        self.env.filters.update(
            money=money,
            date=_fmt_date,
            datetime=_fmt_datetime,
            when=_interview_when,
            due=due_html,
            link=link_html,
        )
        self.env.globals.update(markup.GLOBALS)
        self.env.globals.update(private_badge=private_badge, entry_badge=entry_badge)
        # The dashboard links each open mentor comment to the page that shows it.
        self.env.globals["open_comment_pages"] = partial(
            open_comment_pages, titles={stem: title for stem, title, _ in DOSSIER_PAGES}
        )
        self.search = search

    def signature(self) -> tuple[tuple[str, int], ...]:
        """Every template file with its modification time: a new one means a new Renderer."""
        return tuple(
            (str(path), path.stat().st_mtime_ns)
            for folder in self.search
            for path in sorted(Path(folder).rglob("*"))
            if path.is_file()
        )

    def template(self, name: str) -> jinja2.Template:
        return self.env.get_template(name)

    def render(self, name: str, **context: Any) -> str:
        return self.template(name).render(**context)

    def _find(self, relative: str) -> Path:
        for folder in self.search:
            candidate = Path(folder) / relative
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(relative)

    @cached_property
    def checklists(self) -> dict[str, Any]:
        text = self._find("method/checklists.yml").read_text(encoding="utf-8")
        return yaml.load(text, Loader=_YAML_LOADER)

    @cached_property
    def method_pages(self) -> list[MethodPage]:
        pages: dict[str, MethodPage] = {}
        for folder in reversed(self.search):
            for path in sorted((Path(folder) / "method").glob("*.md")):
                text = path.read_text(encoding="utf-8")
                meta: dict[str, Any] = {}
                if text.startswith("---"):
                    _, front, body = text.split("---", 2)
                    meta = yaml.load(front, Loader=_YAML_LOADER) or {}
                    text = body.lstrip("\n")
                pages[path.stem] = MethodPage(
                    path.stem, str(meta.get("title", path.stem)), int(meta.get("order", 99)), text
                )
        return sorted(pages.values(), key=lambda p: (p.order, p.stem))

    def message(self, name: str, context: dict[str, object]) -> Markup:
        # Rendered with autoescaping already; mark it so the page template keeps it as is.
        return Markup(self.render(f"messages/{name}.md.j2", **context).strip())


def template_problem(exc: jinja2.TemplateError) -> str:
    """A one-line account of a template error, naming the template and line."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "a template"
    line = getattr(exc, "lineno", None)
    where = f"{name}:{line}" if line else str(name)
    return f"template {where}: {exc.message or exc}"


class NoteRenderer:
    """The `note_html(note, level)` templates call: a note's Markdown as HTML.

    Every note is sanitized (notes are pasted from e-mails and web pages), except
    the owner's own notes on the owner's own site when `raw_html` is set. The HTML does not go into the page's
    Markdown: a placeholder does, and the MkDocs adapter puts the HTML in its place
    after the page's Markdown is converted. Otherwise that second Markdown pass
    could read text of the note as syntax (an attribute list such as
    `{: onclick=... }` after a line of the note's HTML, when a template leaves no
    blank line before it).
    """

    def __init__(self, share: bool, raw_html: bool = False) -> None:
        self.share = share
        self.raw_html = raw_html and not share  # `unsafe_raw_html_in_notes`
        self.fragments: dict[str, str] = {}

    def __call__(self, note: Note, level: int = 3) -> Markup:
        try:
            html = note_to_html(
                note.body,
                title_level=int(level),
                sanitized=not self.raw_html or note.meta.mentor,
                # A mentor's comment was typed in a text box: its line breaks are meant.
                line_breaks=note.meta.mentor,
            )
        except NoteError as exc:
            raise DossierError([Problem(note.path, exc.line, 0, "", str(exc))]) from None
        # Named by its content, so the page's Markdown is the same on every build.
        key = hashlib.blake2b(f"{note.path}\0{level}\0{html}".encode(), digest_size=8)
        marker = f'<div class="dossier-note-body" data-dossier-note="{key.hexdigest()}"></div>'
        self.fragments[marker] = str(html)
        return Markup(f"\n\n{marker}\n\n")


def build_site(
    analyses: Sequence[Analysis],
    renderer: Renderer,
    *,
    share: bool = False,
    home: str = "index.md",
    rates: Rates | None = None,
    nav_limit: int = NAV_LIMIT,
    pictures: bool = True,
    raw_html_notes: bool = False,
    memo: PageMemo | None = None,
    owner: str | None = None,
) -> Site:
    """All generated pages and the nav that places each of them (without pictures
    when `pictures` is false: their captions' facts are on the pages as text).

    Material renders the whole nav into every page, so a nav listing every
    dossier makes each page grow with the number of dossiers and the build
    quadratic. Up to `nav_limit` dossiers are listed in the nav; beyond that
    each status group gets index pages instead, and dossier pages are reached
    from those, from the dashboard and from their own tab bar.
    `owner` (the name in `_me.yml`) titles a shared copy's home page.
    """
    site = Site()
    ordered = sorted(analyses, key=lambda a: (a.dossier.facts.company.lower(), a.dossier.slug))
    common = {
        "share": share,
        "today": analyses[0].today if analyses else dt.date.today(),
        "prefix": PREFIX,
        "home": home,  # the dashboard's path: dashboard.md beside a user's own index.md
        "draw": pictures,
        "raw_html_notes": raw_html_notes and not share,
        "owner": owner,  # the name in `_me.yml`: a share's home says whose dossier it is
    }
    compact = len(ordered) > nav_limit
    groups = _groups(ordered)
    group_pages = {title: f"{PREFIX}/stage/{_slug(title)}.md" for title, _ in groups}

    site.pages.append(_dashboard(ordered, renderer, common, groups, group_pages, compact))
    site.nav.append({"Dashboard": home})
    for group_title, group in groups:
        entries = []
        for a in group:
            layout = (renderer, compact, *common.values())
            pages = memo.get(a, layout) if memo is not None else None
            if pages is None:
                pages = _dossier_pages(a, renderer, common, in_nav=not compact)
                if memo is not None:
                    memo.put(a, layout, pages)
            site.pages.extend(pages)
            # MkDocs themes print nav titles as HTML: a user's company name must be escaped.
            entries.append({str(escape(a.dossier.title)): [{p.title: p.path} for p in pages]})
        if compact:
            site.pages.extend(_stage_pages(group_title, group, group_pages, renderer, common))
            site.nav.append({f"{group_title} ({len(group)})": group_pages[group_title]})
        else:
            site.nav.append({group_title: entries})

    # Offers compared across opportunities: its own entry, after the status groups.
    comparison = compare_offers(ordered, rates)
    if compact:
        comparison = comparison.top(LIST_LIMIT)
    offers = renderer.render(
        "pages/offers.md.j2",
        comparison=comparison,
        comparison_picture=comparison_picture(comparison) if pictures else Markup(""),
        **common,
    )
    site.pages.append(Page(f"{PREFIX}/offers.md", "Offers compared", offers))
    site.nav.append({"Offers compared": f"{PREFIX}/offers.md"})
    site.pages.append(_network_page(ordered, renderer, common, compact))
    method_nav: list[Any] = [{"People met": f"{PREFIX}/network.md"}]
    for m in renderer.method_pages:
        path = f"method/{m.stem}.md"
        content = renderer.render("pages/method.md.j2", page=m, content=Markup(m.content), **common)
        site.pages.append(Page(path, m.title, content))
        method_nav.append({m.title: path})
    site.nav.append({"Method": method_nav})
    return site


class PageMemo:
    """Each dossier's pages, kept in memory by `mkdocs serve` between rebuilds.

    An entry is used while the dossier's analysis is the very object it was made from
    (analyse.analysis.AnalysisCache hands back the same object while nothing it
    depends on changed) and the layout and the Renderer are the same; a save then
    renders one dossier's pages again instead of all of them. Never on disk.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Analysis, tuple[object, ...], list[Page]]] = {}
        self.rendered = 0  # dossiers rendered, for the tests and the bench

    def get(self, a: Analysis, layout: tuple[object, ...]) -> list[Page] | None:
        entry = self._entries.get(a.dossier.slug)
        if entry is not None and entry[0] is a and entry[1] == layout:
            return entry[2]
        return None

    def put(self, a: Analysis, layout: tuple[object, ...], pages: list[Page]) -> None:
        self.rendered += 1
        self._entries[a.dossier.slug] = (a, layout, pages)


def _dashboard(
    ordered: Sequence[Analysis],
    renderer: Renderer,
    common: dict[str, Any],
    groups: list[tuple[str, list[Analysis]]],
    group_pages: dict[str, str],
    compact: bool,
) -> Page:
    content = renderer.render(
        "pages/home.md.j2",
        analyses=_dashboard_rows(ordered, common["today"]),
        closed=[] if compact else [a for a in ordered if not a.dossier.facts.status.live],
        next_up=_next_up(ordered),
        total=len(ordered),
        everyone=ordered,
        group_pages=group_pages if compact else {},
        groups=groups,
        pipeline=(
            pipeline_picture(stage_groups(ordered, STATUS_GROUPS)) if common["draw"] else Markup("")
        ),
        live=LIVE_STATUSES,
        method=renderer.method_pages,
        **common,
    )
    return Page(common["home"], "Dashboard", content)


def _stage_pages(
    title: str,
    group: list[Analysis],
    group_pages: dict[str, str],
    renderer: Renderer,
    common: dict[str, Any],
) -> list[Page]:
    """A status group's index pages, GROUP_PAGE_SIZE dossiers each, linked in a row."""
    chunks = [group[i : i + GROUP_PAGE_SIZE] for i in range(0, len(group), GROUP_PAGE_SIZE)]
    first = group_pages[title]
    paths = [first] + [first.replace(".md", f"-{n}.md") for n in range(2, len(chunks) + 1)]
    pages = []
    for n, (chunk, path) in enumerate(zip(chunks, paths, strict=True)):
        content = renderer.render(
            "pages/stage.md.j2",
            members=chunk,
            title=title,
            number=n + 1,
            count=len(chunks),
            previous=paths[n - 1].rsplit("/", 1)[1] if n else None,
            following=paths[n + 1].rsplit("/", 1)[1] if n + 1 < len(paths) else None,
            size=len(group),
            **common,
        )
        pages.append(Page(path, title, content, in_nav=n == 0))
    return pages


def _network_page(
    ordered: Sequence[Analysis], renderer: Renderer, common: dict[str, Any], compact: bool
) -> Page:
    network = [(a, p) for a in ordered for p in a.dossier.facts.people]
    network_total = len(network)
    if compact:
        # A large repository lists the people of live processes, up to a bound.
        live_people = [(a, p) for a, p in network if a.dossier.facts.status.live]
        network = live_people[: LIST_LIMIT * 4]
    content = renderer.render(
        "pages/network.md.j2", network=network, network_total=network_total, **common
    )
    return Page(f"{PREFIX}/network.md", "People met", content)


def _header_title(title: str) -> str:
    """Front matter naming the page in the theme's sticky header (and the tab title).

    Material prints `page.meta.title` there without escaping it: the value is
    HTML-escaped here, and written as a JSON string, which YAML reads as is.
    """
    return f"---\ntitle: {json.dumps(str(escape(title)))}\n---\n\n"


def _slug(title: str) -> str:
    return title.lower().replace(" ", "-")


def _soonest(a: Analysis) -> tuple[dt.date, str]:
    """An opportunity's soonest date (next interview or deadline), for sorting."""
    dates = [a.next_interview.when.date()] if a.next_interview else []  # type: ignore[attr-defined]
    dates += [a.next_deadline.date] if a.next_deadline else []
    return (min(dates) if dates else dt.date.max, a.dossier.slug)


def _dashboard_rows(ordered: Sequence[Analysis], today: dt.date) -> list[Analysis]:
    """The live opportunities, soonest first; bounded in a large repository."""
    live = [a for a in ordered if a.dossier.facts.status.live]
    return sorted(live, key=_soonest)[:DASHBOARD_ROWS]


def _next_up(ordered: Sequence[Analysis]) -> dict[str, Any]:
    """The next interview across all live opportunities, the soonest offer to answer, what
    is due next and, apart (neither hides the other), every overdue item."""
    live = [a for a in ordered if a.dossier.facts.status.live]
    answer = min(
        (a for a in live if a.answer),
        key=lambda a: (a.answer.date, a.dossier.slug),  # type: ignore[union-attr]
        default=None,
    )
    shown = answer.answer if answer else None
    interviews = [a for a in live if a.next_interview]
    due = [a for a in live if a.next_deadline and a.next_deadline is not shown]
    return {
        "interview": min(
            interviews,
            key=lambda a: (a.next_interview.when, a.dossier.slug),  # type: ignore[attr-defined]
            default=None,
        ),
        "answer": answer,
        "due": min(
            due,
            key=lambda a: (a.next_deadline.date, a.dossier.slug),  # type: ignore[union-attr]
            default=None,
        ),
        "overdue": [(a, late) for a in live for late in a.overdue if late is not shown],
    }


def _groups(analyses: Sequence[Analysis]) -> list[tuple[str, list[Analysis]]]:
    groups = []
    for title, statuses in STATUS_GROUPS:
        members = [a for a in analyses if a.dossier.facts.status in statuses]
        if members:
            groups.append((title, members))
    return groups


def _dossier_pages(
    a: Analysis,
    renderer: Renderer,
    common: dict[str, Any],
    *,
    in_nav: bool = True,
) -> list[Page]:
    d: Dossier = a.dossier
    notes_by_page: dict[str, list[Any]] = {stem: [] for stem, _, _ in DOSSIER_PAGES}
    for note in sorted(d.notes, key=lambda n: (n.meta.date or dt.date.min, n.name)):
        notes_by_page[SECTION_PAGE[note.meta.section]].append(note)
    messages = [(m, renderer.message(m.name, m.values)) for m in a.messages]
    # The phrases to rehearse fit the pressure logged and name the date you ask for.
    pressure_steps = answer_to_pressure(
        d.facts, a.current_offer, renderer.checklists["pressure_steps"], a.today
    )
    signs = {item["id"]: item["text"] for item in renderer.checklists["pressure_signs"]}
    short = [item.get("short", item["text"]) for item in renderer.checklists["pressure_signs"]]
    questions = {item["id"]: item["question"] for item in renderer.checklists["fit_dimensions"]}
    # Drawn once, on the first page that shows each; none when pictures are switched off.
    pictures = pictures_for(a) if common["draw"] else NO_PICTURES
    pages = []
    present = [
        (stem, title, template)
        for stem, title, template in DOSSIER_PAGES
        if stem != "notes" or notes_by_page["notes"]
    ]
    for stem, title, template in present:
        tabs = [{"title": t, "href": f"{s_}.md", "current": s_ == stem} for s_, t, _ in present]
        note_html = NoteRenderer(common["share"], common["raw_html_notes"])
        content = renderer.render(
            f"pages/{template}",
            a=a,
            d=d,
            f=d.facts,
            notes=notes_by_page[stem],
            note_html=note_html,
            checklists=renderer.checklists,
            messages=messages,
            pressure_steps=pressure_steps,
            pressure_signs=signs,
            pressure_short=short,
            fit_questions=questions,
            pictures=pictures,
            tabs=tabs,
            **common,
        )
        header = d.facts.company if stem == "index" else f"{d.facts.company} · {title}"
        content = _header_title(header) + content
        pages.append(
            Page(
                f"{PREFIX}/{d.slug}/{stem}.md",
                title,
                content,
                in_nav=in_nav,
                fragments=tuple(note_html.fragments.items()),
            )
        )
    return pages

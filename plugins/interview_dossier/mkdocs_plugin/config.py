"""Settings of the `dossier` MkDocs plugin."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class TodayOption(base.BaseConfigOption[str | None]):
    """A fixed reference date, `YYYY-MM-DD`, for reproducible builds."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise base.ValidationError(
                f"expected a date such as 2026-12-02, got {value!r}"
            ) from None


class DossierConfig(base.Config):
    """Every option with its type and default; README's "Plugin settings" lists them."""

    #: Off: the plugin does nothing, and the site is MkDocs' own.
    enabled = c.Type(bool, default=True)
    #: Folder of opportunity folders, relative to mkdocs.yml.
    dossiers_dir = c.Type(str, default="dossiers")
    #: Folder of template overrides, relative to mkdocs.yml; a file here replaces
    #: the packaged template of the same name.
    templates_dir = c.Type(str, default="templates")
    #: Reference date for "overdue" and "upcoming"; default: today, or $DOSSIER_TODAY.
    today = TodayOption()
    #: Leave out everything marked private (also set by $DOSSIER_SHARE=1).
    share = c.Type(bool, default=False)
    #: Up to this many dossiers are listed in the sidebar; beyond it, each status
    #: group gets its own index pages, which keeps every page small and builds linear.
    nav_dossiers = c.Type(int, default=25)
    #: Only these slugs (share builds of a subset); empty means all.
    only = c.ListOfItems(c.Type(str), default=[])
    #: Files of docs_dir that a share build keeps: paths relative to docs_dir, or glob
    #: patterns such as `guides/*.md`. Everything else of docs_dir stays out of a share,
    #: so a mentor's copy holds only the dossiers and the method unless you say so.
    share_docs = c.ListOfItems(c.Type(str), default=[])
    #: Write a service worker and a web app manifest, so a hosted copy keeps working
    #: offline and can be added to a phone's home screen. Never under `mkdocs serve`.
    service_worker = c.Type(bool, default=True)
    #: Keep the raw HTML of your own notes (scripts, event handlers, any URL) on your
    #: own site. Off by default: notes are pasted from e-mails and web pages, and are
    #: cleaned like a mentor's. Shares and mentor notes are always cleaned.
    unsafe_raw_html_in_notes = c.Type(bool, default=False)
    #: An .ics file per opportunity and one for all, linked from the pages.
    calendars = c.Type(bool, default=True)
    #: The ZOPA, offers, pipeline and timeline pictures (their facts stay as text).
    pictures = c.Type(bool, default=True)
    #: Comment forms for a mentor in a share, and the debrief form on your own cards.
    comments = c.Type(bool, default=True)
    #: Keep parsed dossiers between builds, as JSON in your user cache folder (never
    #: in the project: a cloned repository cannot bring entries of its own).
    cache = c.Type(bool, default=True)
    #: Gone: the cache now lives in the user's cache folder (see `cache`).
    cache_dir = c.Deprecated(
        message=(
            "`cache_dir` is no longer used: parsed dossiers are kept in your user cache "
            "folder, never in the project. Remove the line from mkdocs.yml "
            "(`cache: false` turns the cache off)."
        ),
        option_type=c.Type(str),
    )

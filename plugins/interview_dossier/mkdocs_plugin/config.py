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
    #: Parsed dossiers are kept here between builds (relative to mkdocs.yml), so a
    #: build re-reads only the dossiers that changed. Empty: no cache on disk.
    cache_dir = c.Type(str, default=".cache/dossier")

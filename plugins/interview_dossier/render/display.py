"""Display helpers for the reader: interview times, due dates and links as HTML.

Times: HTML that names the written zone, and that a small script
(templates/assets/times.js) turns into the reader's own zone.

Without JavaScript the page shows the time as written, labelled with its zone
("Thu 3 Dec 2026, 15:00 Amsterdam time"). With it, the reader's phone shows its own
time first and the interviewer's beside it ("14:00 your time · 15:00 in Amsterdam").
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from .markup import WEB_SCHEMES, link
from .markup import text as as_text


def zone_label(value: dt.datetime, zone: str | None = None) -> str:
    """A short name for the zone a time was written in: "Amsterdam", "UTC+01:00"."""
    name = zone
    if name is None and isinstance(value.tzinfo, ZoneInfo):
        name = value.tzinfo.key
    if name and "/" in name:
        return name.rsplit("/", 1)[1].replace("_", " ")
    if name and name != "UTC":
        return name
    offset = value.strftime("%z") or "+0000"
    if offset in ("+0000", "-0000"):
        return "UTC"
    return f"UTC{offset[:3]}:{offset[3:]}"


def written_date(value: dt.date) -> str:
    """ "Thu 3 Dec 2026": the date as the site writes it everywhere."""
    return _written_day(value.year, value.month, value.day)


# strftime took about as long as the rest of a date's line on a page, and a dossier
# writes the same few days many times; keyed by the day alone, so a datetime (whose
# equality is by instant, across zones) gets the day it shows.
@lru_cache(maxsize=4096)
def _written_day(year: int, month: int, day: int) -> str:
    value = dt.date(year, month, day)
    return f"{value:%a} {value.day} {value:%b %Y}"


@lru_cache(maxsize=7)
def weekday_name(weekday: int) -> str:
    """ "Thu": a weekday's short name (Monday is 0), as `%a` writes it."""
    return f"{dt.date(2024, 1, 1 + weekday):%a}"  # 1 January 2024 was a Monday


@lru_cache(maxsize=12)
def month_name(month: int) -> str:
    """ "Dec": a month's short name, as `%b` writes it."""
    return f"{dt.date(2000, month, 1):%b}"


def when_html(value: dt.datetime, zone: str | None = None, *, countdown: bool = False) -> Markup:
    """A <time> element holding the written time and zone; the script converts it.

    `zone` is the interview's IANA `timezone:` when given. `countdown` asks the
    script to add "in 2 days", "tomorrow 09:30" or "today" (for what is coming up).
    """
    place = zone_label(value, zone)
    label = f"{place} time" if not place.startswith("UTC") else place
    clock = f"{value.hour:02d}:{value.minute:02d}"  # %H:%M without strftime
    text = f"{written_date(value)}, {clock}"
    attrs = {
        "class": "dossier-when",
        "datetime": value.isoformat(timespec="minutes"),
        "data-written": clock,
        "data-written-day": weekday_name(value.weekday()),
        "data-place": place,
    }
    if countdown:
        attrs["data-countdown"] = ""
    rendered = " ".join(f'{k}="{as_text(v)}"' if v else k for k, v in attrs.items())
    return Markup(
        f'<time {rendered}>{as_text(text)} <span class="dossier-zone">{as_text(label)}</span></time>'
    )


def due_html(value: dt.date) -> Markup:
    """A <time> element for a due date; the script adds "in 3 days" or "2 days late"."""
    return Markup(
        f'<time class="dossier-due" datetime="{value.isoformat()}">'
        f"{as_text(written_date(value))}</time>"
    )


def link_html(url: str, text: str | None = None) -> Markup:
    """A tappable link when `url` is a web address; otherwise the text.

    Only http(s) becomes a link: a `javascript:` or other scheme in a dossier stays
    text. The scheme rule and the escaping are those of every link from data.
    """
    address = str(url).strip()
    shown = text if text else address.split("://", 1)[-1]
    return link(shown, address, WEB_SCHEMES)


#: The mark of what a share build leaves out. The same HTML as the `private_badge`
#: and `entry_badge` macros of templates/pages/macros.j2, kept there for templates
#: that import them; the packaged pages call these functions, which cost a tenth of
#: a Jinja macro call on a line written for most entries of a dossier.
PRIVATE_BADGE = Markup(
    '<span class="dossier-private" title="Left out of share builds">private</span>'
)
_NO_BADGE = Markup("")


def private_badge(path: str, dossier: Any, share: bool) -> Markup:
    """The private mark for a field path the dossier keeps private (none when sharing)."""
    return PRIVATE_BADGE if not share and path in dossier.private_paths() else _NO_BADGE


def entry_badge(entry: Any, share: bool) -> Markup:
    """The private mark for an entry marked `private: true` (none when sharing)."""
    return PRIVATE_BADGE if not share and entry.private else _NO_BADGE

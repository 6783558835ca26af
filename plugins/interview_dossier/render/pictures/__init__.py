"""Pictures drawn at build time as inline SVG: ZOPA, offers, pipeline, timeline.

Each picture is a `<figure>` holding one SVG (`role="img"` with `<title>` and
`<desc>`) and a caption that gives the same values as text, so the picture is
never the only way to read them. Every piece of user text goes through
`escape` or `quoteattr`. No JavaScript, no web fonts, nothing fetched: the
pictures work offline, scale to a phone (a viewBox, width 100%) and print.
"""

from __future__ import annotations

from functools import cached_property

from markupsafe import Markup

from ...analyse.analysis import Analysis
from .timeline import timeline_events, timeline_picture
from .zopa import zopa, zopa_picture


class DossierPictures:
    """The pictures of one opportunity, drawn only when a page asks for them."""

    def __init__(self, a: Analysis) -> None:
        self.a = a

    @cached_property
    def zopa(self) -> Markup:
        z = zopa(self.a)
        return zopa_picture(z) if z else Markup("")

    @cached_property
    def zopa_compact(self) -> Markup:
        z = zopa(self.a)
        return zopa_picture(z, compact=True) if z else Markup("")

    @cached_property
    def timeline(self) -> Markup:
        events = timeline_events(self.a.dossier.facts, self.a.today)
        return timeline_picture(self.a.dossier.slug, events, self.a.today)


def pictures_for(a: Analysis) -> DossierPictures:
    return DossierPictures(a)


class NoPictures:
    """What the pages get when pictures are switched off: nothing to draw."""

    zopa = zopa_compact = timeline = Markup("")


NO_PICTURES = NoPictures()

"""The ZOPA picture: floor, target, market, their range and the offers on one line."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from ...analyse.analysis import Analysis
from ...analyse.money import (
    Units,
    dossier_units,
    floor_per_year,
    market_per_year,
    money,
    range_per_year,
    target_parts,
    units_of,
)
from ...model import DossierFacts, Period
from .svg import (
    FAINT,
    LEFT,
    NEUTRAL,
    PAST,
    PAST_INK,
    RIGHT,
    TEXT,
    VERDICT_COLOURS,
    Scale,
    _attrs,
    _baseline,
    _figure,
    _items,
    _line,
    _num,
    _placed,
    _span,
    _svg,
    _tag,
    _text,
    _width,
    short_amount,
)

#: How an earlier or withdrawn offer's words end; the card's short caption leaves them out.
HISTORY = "(history, not on the table)"
HISTORY_MARKS = (HISTORY,)


@dataclass(frozen=True)
class ZopaOffer:
    label: str
    value: float  # base per year
    verdict: str  # below-floor | below-target | meets-target | no-reference
    word: str  # the verdict in words
    short: str = ""  # the same for the card's small picture, without "by total"
    state: str = "current"  # current | earlier | withdrawn: history is drawn muted

    @property
    def history(self) -> bool:
        return self.state != "current"


@dataclass(frozen=True)
class Zopa:
    """The figures of one opportunity's ZOPA, per year, in the dossier's currency."""

    slug: str
    company: str
    currency: str
    basis: str
    floor: float | None
    target: float | None
    market: tuple[float, float] | None
    company_range: tuple[float, float] | None
    offers: tuple[ZopaOffer, ...]
    not_drawn: tuple[str, ...]  # offers in another currency, as text
    overlap: tuple[float, float] | None = None  # the zone of possible agreement
    statement: str = ""  # the zone in words, or why there is none
    units: Units | None = None  # the compensation's units, to label each figure
    range_units: Units | None = None  # their range's own units

    def values(self) -> list[float]:
        found = [v for v in (self.floor, self.target) if v is not None]
        for pair in (self.market, self.company_range, self.overlap):
            if pair:
                found += list(pair)
        return found + [o.value for o in self.offers]

    def lines(self) -> list[str]:
        """The text alternative: the same values as the picture, one per line."""
        units = self.units or Units(self.currency, Period.year)
        show = units.show
        lines = []
        if self.floor is not None:
            lines.append(f"Floor: {show(self.floor)}")
        if self.target is not None:
            lines.append(f"Target: {show(self.target)}")
        if self.market:
            # Market points may each have their own units: the range is shown per year.
            year = Units(self.currency, Period.year)
            lines.append(f"Market: {year.show_range(*self.market)}")
        if self.company_range:
            shown = (self.range_units or units).show_range(*self.company_range)
            lines.append(f"Their stated range: {shown}")
        for o in self.offers:
            if o.history:
                lines.append(
                    f"{o.label}: {money(o.value, self.currency)} a year, {o.word} {HISTORY}"
                )
            else:
                lines.append(f"{o.label}: {money(o.value, self.currency)} a year, {o.word}")
        lines += list(self.not_drawn)
        if self.statement and self.floor is not None:
            lines.append(self.statement)
        return lines


def zopa(a: Analysis) -> Zopa | None:
    """The ZOPA's figures, or None when there is nothing to draw.

    Every figure goes through analyse.money: per year, each from its own units.
    """
    facts: DossierFacts = a.dossier.facts
    comp = facts.compensation
    floor_ = floor_per_year(facts)
    target = target_parts(facts).get("base")
    market = market_per_year(facts)
    company = range_per_year(facts)
    offers, not_drawn = [], []
    for v in a.offers:
        if not v.comparable or v.rate is None:
            not_drawn.append(f"{v.label}: in {v.currency}, not drawn")
            continue
        if not v.live:
            # History: muted, marked as such, never labelled with a live verdict.
            word = "withdrawn" if v.state == "withdrawn" else "earlier"
            offers.append(ZopaOffer(v.label, v.base * v.rate, "history", word, word, state=v.state))
            continue
        word = short = v.zone
        if v.measure != "base" and v.verdict != "below-floor":
            word += " by total"  # the dot is the base; the verdict weighs the whole offer
        offers.append(ZopaOffer(v.label, v.base * v.rate, v.verdict, word, short))
    zone = a.zopa
    # The overlap starts at the floor: without one (a share build) it is not drawn.
    overlap = (zone.low, zone.high) if zone.low is not None and zone.high is not None else None
    found = Zopa(
        a.dossier.slug,
        facts.company,
        comp.currency,
        comp.basis.value,
        floor_,
        target,
        market,
        company,
        tuple(offers),
        tuple(not_drawn),
        overlap if floor_ is not None else None,
        zone.statement,
        units=dossier_units(facts),
        range_units=(
            units_of(facts, comp.company_range.period, comp.company_range.payments_per_year)
            if comp.company_range
            else None
        ),
    )
    return found if found.values() else None


def _zones(z: Zopa, scale: Scale, top: float, bottom: float) -> list[str]:
    """Background colour by verdict: red below the floor, amber below target, green above."""
    spans: list[tuple[float, float, str]] = []
    low, high = scale.low, scale.high
    if z.floor is not None and z.target is not None and z.target >= z.floor:
        spans = [
            (low, z.floor, "#e53935"),
            (z.floor, z.target, "#fb8c00"),
            (z.target, high, "#43a047"),
        ]
    elif z.target is not None:
        spans = [(low, z.target, "#fb8c00"), (z.target, high, "#43a047")]
    elif z.floor is not None:
        spans = [(low, z.floor, "#e53935"), (z.floor, high, "#43a047")]
    out = []
    for start, end, colour in spans:
        x0, x1 = scale.x(start), scale.x(end)
        if x1 > x0:
            out.append(
                _tag(
                    "rect",
                    {
                        "x": x0,
                        "y": float(top),
                        "width": x1 - x0,
                        "height": float(bottom - top),
                        "fill": colour,
                        "fill-opacity": "0.13",
                    },
                )
            )
    return out


#: The fewest words for a live verdict, when the picture has no room for more.
TINY = {
    "base below floor": "below floor",
    "between floor and target": "below target",
    "at or above target": "on target",
}


def _amount(value: float) -> str:
    return short_amount(value)


def _label_width(head: str, word: str, size: float) -> float:
    """A label's width in units; its verdict is bold, about a tenth wider."""
    return _width(head, size) + _width(word, size) * 1.1


def zopa_picture(z: Zopa, *, compact: bool = False) -> Markup:
    """The ZOPA as one horizontal band: floor, target, market, their range, offers."""
    size = TEXT
    lane = 32.0 if compact else 36.0
    bar = 6.0 if compact else 9.0
    scale = Scale.around(z.values())
    cur = z.currency

    def amount(value: float) -> str:
        return short_amount(value) if compact else f"{value:,.0f}"

    body: list[str] = []
    # Floor and target are named at the top; they share a line when they do not collide.
    marks = [
        (kind, value, f"{name} {amount(value)}", colour)
        for kind, name, value, colour in (
            ("floor", "Floor", z.floor, VERDICT_COLOURS["below-floor"][1]),
            ("target", "Target", z.target, VERDICT_COLOURS["meets-target"][1]),
        )
        if value is not None
    ]
    header: list[tuple[str, float, str, str, float, int]] = []
    row_ends: list[float] = []
    for kind, value, words, colour in sorted(marks, key=lambda m: m[1]):
        width = _width(words, size)
        # The floor is named left of its line and the target right of its: they rarely meet.
        wanted = scale.x(value) + 4 - width if kind == "floor" else scale.x(value) - 4
        left = min(max(wanted, LEFT), RIGHT - width)
        row = next((i for i, end in enumerate(row_ends) if left > end + 6), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = left + width
        header.append((kind, value, words, colour, left, row))
    top = 4 + (size + 4) * len(row_ends)

    lanes: list[tuple[str, str, object]] = []  # (kind, label, payload)
    if z.market:
        lanes.append(("market", f"Market {amount(z.market[0])}–{amount(z.market[1])}", z.market))
    if z.company_range:
        low, high = z.company_range
        lanes.append(
            ("company-range", f"Their range {amount(low)}–{amount(high)}", z.company_range)
        )
    for o in z.offers:
        lanes.append(("offer", f"{o.label}: {amount(o.value)} · {o.word}", o))
    if not lanes:
        lanes.append(("none", "No range or offer yet", None))
    bottom = top + lane * len(lanes) + 4
    body += _zones(z, scale, top, bottom)
    if z.overlap is not None:
        low, high = z.overlap
        x0, x1 = scale.x(low), scale.x(high)
        body.append(
            _tag(
                "rect",
                {
                    "x": x0,
                    "y": float(top),
                    "width": max(x1 - x0, 2.0),
                    "height": float(bottom - top),
                    "fill": "#43a047",
                    "fill-opacity": "0.25",
                    "stroke": "#1b5e20",
                    "stroke-width": "1.5",
                    "data-kind": "overlap",
                    "data-low": _num(low),
                    "data-high": _num(high),
                },
            )
        )

    for i, (kind, words, payload) in enumerate(lanes):
        y_label = top + i * lane + size + 1
        y_mark = top + i * lane + lane - bar / 2 - 3
        if isinstance(payload, tuple):
            low, high = payload
            colour = "#607d8b" if kind == "market" else "#3949ab"
            x0, x1 = scale.x(low), scale.x(high)
            body.append(
                _tag(
                    "rect",
                    {
                        "x": x0,
                        "y": y_mark - bar / 2,
                        "width": max(x1 - x0, 2.0),
                        "height": bar,
                        "rx": "3",
                        "fill": colour,
                        "data-kind": kind,
                        "data-low": _num(low),
                        "data-high": _num(high),
                    },
                )
            )
            if _width(words, size) > RIGHT - LEFT:
                # No room for the name: the figures stay, the caption below names them.
                words = f"{amount(low)}–{amount(high)}"
            left = _placed((x0 + x1) / 2, _width(words, size))
            body.append(_text(left, y_label, words, size))
        elif isinstance(payload, ZopaOffer):
            fill, ink = VERDICT_COLOURS.get(payload.verdict, NEUTRAL)
            if payload.history:
                fill, ink = PAST, PAST_INK  # muted: history, not a live verdict
            x = scale.x(payload.value)
            body.append(
                _tag(
                    "circle",
                    {
                        "cx": x,
                        "cy": y_mark,
                        "r": "5" if compact else "6.5",
                        "fill": "#fff" if payload.history else fill,
                        "stroke": fill if payload.history else "#fff",
                        "stroke-width": "2" if payload.history else "1.5",
                        "stroke-dasharray": "2 2" if payload.history else None,
                        "data-kind": "offer",
                        "data-value": _num(payload.value),
                        "data-verdict": payload.verdict,
                        "data-state": payload.state,
                        "class": f"dossier-offer dossier-{payload.verdict}",
                    },
                )
            )
            # The whole label stays inside the picture, never cut: "label: amount ·
            # verdict" when it fits, else shorter forms, else the amount alone; the
            # caption below the picture gives every label in full, as text.
            shown = _amount(payload.value) if compact else f"{payload.value:,.0f}"
            tries = [
                (f"{payload.label}: {shown} · ", payload.word),
                (f"{shown} · ", payload.word),
                (f"{shown} · ", payload.short),
                (f"{amount(payload.value)} · ", payload.short),
                (f"{amount(payload.value)} · ", TINY.get(payload.short, payload.short)),
                (amount(payload.value), ""),
            ]
            head, word = next(
                ((h, w) for h, w in tries if _label_width(h, w, size) <= RIGHT - LEFT),
                tries[-1],
            )
            width = _label_width(head, word, size)
            left = _placed(x, width)
            body.append(
                _tag(
                    "text",
                    {"x": left, "y": y_label, "font-size": size, "fill": "currentColor"},
                    escape(head),
                    *([_span(word, fill=ink, **{"font-weight": "700"})] if word else []),
                )
            )
        else:
            body.append(_text(LEFT, y_label, words, size))

    for kind, value, words, colour, left, row in header:
        x = scale.x(value)
        rest = _attrs(
            {
                "stroke": colour,
                "stroke-width": "2",
                "stroke-dasharray": "4 3" if kind == "floor" else None,
                "data-kind": kind,
                "data-value": _num(value),
            }
        )
        # Floor and target lines run through each lane's marks only, never through
        # a label: a label sits in its lane's top row, the marks below it.
        for i in range(len(lanes)):
            body.append(_line(x, x, top + i * lane + size + 6, top + (i + 1) * lane, rest))
        y = 4 + (size + 4) * row + size
        body.append(_text(left, y, words, size, **{"font-weight": "700", "fill": colour}))

    height = bottom
    axis = f"{cur} a year, {z.basis}"
    if compact:
        height += size + 6
        body.append(_text(RIGHT - _width(axis, size), height - 4, axis, size))
    else:
        body.append(_baseline(bottom))
        ticks = scale.ticks()
        labels = [short_amount(t) for t in ticks]
        every = 1 if len(ticks) <= 6 else 2
        for n, (t, label) in enumerate(zip(ticks, labels, strict=True)):
            x = scale.x(t)
            body.append(_line(x, x, bottom, bottom + 4, FAINT))
            if n % every == 0:
                w = _width(label, size)
                body.append(_text(_placed(x, w), bottom + size + 5, label, size))
        height = bottom + 2 * size + 12
        body.append(_text(RIGHT - _width(axis, size), height - 3, axis, size))

    lines = z.lines()
    key = f"zopa-{'card-' if compact else ''}{z.slug}"
    title = f"ZOPA for {z.company}: your floor and target, the market, their range and the offers"
    # The caption lists the same values as text: it is the picture's description too.
    svg = _svg(key, height, title, None, body)
    if compact:
        # The card states the zone on its own line, and history is on the Numbers page.
        shown = [x for x in lines if x != z.statement and not x.endswith(HISTORY_MARKS)]
        caption = "<p>" + escape(" · ".join(shown)) + "</p>"
    else:
        caption = f"<p>{escape(f'Base pay per year, {z.basis}, in {cur}.')}</p>" + _items(lines)
    return _figure("zopa", svg, caption, key)

"""The ZOPA picture: floor, target, market, their range and the offers on one line."""

from __future__ import annotations

from collections.abc import Callable
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
    lane = 32.0 if compact else 36.0
    scale = Scale.around(z.values())

    def amount(value: float) -> str:
        return short_amount(value) if compact else f"{value:,.0f}"

    header, rows = _header(z, scale, amount)
    top = 4 + (TEXT + 4) * rows
    lanes = _lanes(z, amount)
    bottom = top + lane * len(lanes) + 4
    body = _zones(z, scale, top, bottom) + _overlap(z, scale, top, bottom)
    for i, (kind, words, payload) in enumerate(lanes):
        y_label = top + i * lane + TEXT + 1
        y_mark = top + i * lane + lane - (6.0 if compact else 9.0) / 2 - 3
        if isinstance(payload, tuple):
            body += _range_bar(kind, words, payload, scale, y_label, y_mark, compact, amount)
        elif isinstance(payload, ZopaOffer):
            body += _offer_mark(payload, scale, y_label, y_mark, compact, amount)
        else:
            body.append(_text(LEFT, y_label, words, TEXT))
    for kind, value, words, colour, left, row in header:
        x = scale.x(value)
        # Floor and target lines run through each lane's marks only, never through
        # a label: a label sits in its lane's top row, the marks below it. The pieces
        # of one line share a group, which holds their colour and what they mark.
        pieces = [
            _line(x, x, top + i * lane + TEXT + 6, top + (i + 1) * lane, "")
            for i in range(len(lanes))
        ]
        group = {
            "stroke": colour,
            "stroke-width": "2",
            "stroke-dasharray": "4 3" if kind == "floor" else None,
            "data-kind": kind,
            "data-value": _num(value),
        }
        body.append(_tag("g", group, *pieces))
        y = 4 + (TEXT + 4) * row + TEXT
        body.append(_text(left, y, words, TEXT, **{"font-weight": "700", "fill": colour}))
    height, axis = _axis(z, scale, bottom, compact)
    body += axis
    key = f"zopa-{'card-' if compact else ''}{z.slug}"
    title = f"ZOPA for {z.company}: your floor and target, the market, their range and the offers"
    # The caption lists the same values as text: it is the picture's description too.
    svg = _svg(key, height, title, None, body)
    return _figure("zopa", svg, _caption(z, compact), key)


def _header(
    z: Zopa, scale: Scale, amount: Callable[[float], str]
) -> tuple[list[tuple[str, float, str, str, float, int]], int]:
    """Floor and target named at the top, sharing a row when they do not collide;
    (kind, value, words, colour, left, row) each, and the number of rows."""
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
        width = _width(words, TEXT)
        # The floor is named left of its line and the target right of its: they rarely meet.
        wanted = scale.x(value) + 4 - width if kind == "floor" else scale.x(value) - 4
        left = min(max(wanted, LEFT), RIGHT - width)
        row = next((i for i, end in enumerate(row_ends) if left > end + 6), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = left + width
        header.append((kind, value, words, colour, left, row))
    return header, len(row_ends)


def _lanes(z: Zopa, amount: Callable[[float], str]) -> list[tuple[str, str, object]]:
    """One lane per market, range and offer: (kind, label, what it draws)."""
    lanes: list[tuple[str, str, object]] = []
    if z.market:
        lanes.append(("market", f"Market {amount(z.market[0])}–{amount(z.market[1])}", z.market))
    if z.company_range:
        low, high = z.company_range
        lanes.append(
            ("company-range", f"Their range {amount(low)}–{amount(high)}", z.company_range)
        )
    for o in z.offers:
        lanes.append(("offer", f"{o.label}: {amount(o.value)} · {o.word}", o))
    return lanes or [("none", "No range or offer yet", None)]


def _overlap(z: Zopa, scale: Scale, top: float, bottom: float) -> list[str]:
    if z.overlap is None:
        return []
    low, high = z.overlap
    x0, x1 = scale.x(low), scale.x(high)
    attrs = {
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
    }
    return [_tag("rect", attrs)]


def _range_bar(
    kind: str,
    words: str,
    bounds: tuple[float, float],
    scale: Scale,
    y_label: float,
    y_mark: float,
    compact: bool,
    amount: Callable[[float], str],
) -> list[str]:
    """The market's or their range's bar, named above it."""
    low, high = bounds
    bar = 6.0 if compact else 9.0
    x0, x1 = scale.x(low), scale.x(high)
    attrs = {
        "x": x0,
        "y": y_mark - bar / 2,
        "width": max(x1 - x0, 2.0),
        "height": bar,
        "rx": "3",
        "fill": "#607d8b" if kind == "market" else "#3949ab",
        "data-kind": kind,
        "data-low": _num(low),
        "data-high": _num(high),
    }
    if _width(words, TEXT) > RIGHT - LEFT:
        # No room for the name: the figures stay, the caption below names them.
        words = f"{amount(low)}–{amount(high)}"
    left = _placed((x0 + x1) / 2, _width(words, TEXT))
    return [_tag("rect", attrs), _text(left, y_label, words, TEXT)]


def _offer_mark(
    offer: ZopaOffer,
    scale: Scale,
    y_label: float,
    y_mark: float,
    compact: bool,
    amount: Callable[[float], str],
) -> list[str]:
    """An offer's dot and label; history is drawn muted, never with a live verdict."""
    fill, ink = VERDICT_COLOURS.get(offer.verdict, NEUTRAL)
    if offer.history:
        fill, ink = PAST, PAST_INK
    x = scale.x(offer.value)
    dot = {
        "cx": x,
        "cy": y_mark,
        "r": "5" if compact else "6.5",
        "fill": "#fff" if offer.history else fill,
        "stroke": fill if offer.history else "#fff",
        "stroke-width": "2" if offer.history else "1.5",
        "stroke-dasharray": "2 2" if offer.history else None,
        "data-kind": "offer",
        "data-value": _num(offer.value),
        "data-verdict": offer.verdict,
        "data-state": offer.state,
        "class": f"dossier-offer dossier-{offer.verdict}",
    }
    # The whole label stays inside the picture, never cut: "label: amount · verdict"
    # when it fits, else shorter forms, else the amount alone; the caption below the
    # picture gives every label in full, as text.
    shown = _amount(offer.value) if compact else f"{offer.value:,.0f}"
    tries = [
        (f"{offer.label}: {shown} · ", offer.word),
        (f"{shown} · ", offer.word),
        (f"{shown} · ", offer.short),
        (f"{amount(offer.value)} · ", offer.short),
        (f"{amount(offer.value)} · ", TINY.get(offer.short, offer.short)),
        (amount(offer.value), ""),
    ]
    head, word = next(
        ((h, w) for h, w in tries if _label_width(h, w, TEXT) <= RIGHT - LEFT), tries[-1]
    )
    left = _placed(x, _label_width(head, word, TEXT))
    verdict = [_span(word, fill=ink, **{"font-weight": "700"})] if word else []
    label = _tag("text", {"x": left, "y": y_label}, escape(head), *verdict)
    return [_tag("circle", dot), label]


def _axis(z: Zopa, scale: Scale, bottom: float, compact: bool) -> tuple[float, list[str]]:
    """The picture's height and what is drawn under the lanes: ticks, the unit."""
    unit = f"{z.currency} a year, {z.basis}"
    if compact:
        height = bottom + TEXT + 6
        return height, [_text(RIGHT - _width(unit, TEXT), height - 4, unit, TEXT)]
    ticks = scale.ticks()
    every = 1 if len(ticks) <= 6 else 2
    lines = [_line(LEFT, RIGHT, bottom, bottom, "")]
    lines += [_line(scale.x(t), scale.x(t), bottom, bottom + 4, "") for t in ticks]
    drawn = [f"<g{FAINT}>{''.join(lines)}</g>"]
    for n, t in enumerate(ticks):
        x = scale.x(t)
        if n % every == 0:
            label = short_amount(t)
            drawn.append(_text(_placed(x, _width(label, TEXT)), bottom + TEXT + 5, label, TEXT))
    height = bottom + 2 * TEXT + 12
    drawn.append(_text(RIGHT - _width(unit, TEXT), height - 3, unit, TEXT))
    return height, drawn


def _caption(z: Zopa, compact: bool) -> str:
    lines = z.lines()
    if compact:
        # The card states the zone on its own line, and history is on the Numbers page.
        shown = [x for x in lines if x != z.statement and not x.endswith(HISTORY_MARKS)]
        return "<p>" + escape(" · ".join(shown)) + "</p>"
    return f"<p>{escape(f'Base pay per year, {z.basis}, in {z.currency}.')}</p>" + _items(lines)

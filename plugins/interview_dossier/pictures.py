"""Pictures drawn at build time as inline SVG: ZOPA, offers, pipeline, timeline.

Each picture is a `<figure>` holding one SVG (`role="img"` with `<title>` and
`<desc>`) and a caption that gives the same values as text, so the picture is
never the only way to read them. Every piece of user text goes through
`escape` or `quoteattr`. No JavaScript, no web fonts, nothing fetched: the
pictures work offline, scale to a phone (a viewBox, width 100%) and print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from math import floor, log10
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from .analyse import VERDICT_WORDS, Analysis, market_range, money, per_year
from .display import month_name, written_date
from .model import DossierFacts, Status

# viewBox width, narrower than a phone's content width (about 330-360 px at 390 px):
# one unit draws at 1.1 px or more there, so 11-unit labels read at 12 px or more.
WIDTH = 300
LEFT, RIGHT = 12, WIDTH - 12
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
CHAR = 0.6  # width of an average character, in ems, to keep labels inside the picture

# Marker colours (on white and in print) and darker shades for text in the same hue.
VERDICT_COLOURS = {
    "below-floor": ("#c62828", "#b71c1c"),
    "below-target": ("#ef6c00", "#a84300"),
    "meets-target": ("#2e7d32", "#1b5e20"),
}
NEUTRAL = ("#546e7a", "#37474f")
PAST = "#9e9e9e"

# ---------------------------------------------------------------- SVG text, always escaped


# A dossier's pictures write ~330 numbers, mostly the same few (font sizes, the
# edges, lane heights): each is formatted once and then looked up, about twice as
# quick. Equal numbers format alike (-0.0 and 0.0 both as "0"); the table is bounded.
_numbers: dict[float, str] = {}
_MAX_NUMBERS = 20_000


def _num(value: float) -> str:
    """A coordinate or data value: short, without float noise."""
    text = _numbers.get(value)
    if text is not None:
        return text
    text = f"{value:.2f}"
    # Two decimals: drop a trailing zero, or ".00" whole (as rstrip("0").rstrip(".")
    # would, without its two calls; "nan" and "inf" end in no zero).
    if text[-1] == "0":
        text = text[:-3] if text[-2] == "0" else text[:-1]
    if text == "-0":
        text = "0"
    if len(_numbers) >= _MAX_NUMBERS:
        _numbers.clear()
    _numbers[value] = text
    return text


# Characters `quoteattr` changes or that decide its quotes; text without any of them
# comes out of it as itself in double quotes, so it is quoted here without the call.
_ATTR_SPECIAL = frozenset("&<>\"'\n\r\t")


def _attrs(attrs: Mapping[str, object | None]) -> str:
    parts = []
    for name, value in attrs.items():
        cls = value.__class__
        if cls is float:
            # Most attributes are coordinates: digits, "-" and "." need no check.
            parts.append(f' {name}="{_num(value)}"')  # type: ignore[arg-type]
        elif cls is str and _ATTR_SPECIAL.isdisjoint(value):  # type: ignore[arg-type]
            parts.append(f' {name}="{value}"')
        elif value is not None:
            shown = _num(value) if isinstance(value, float) else str(value)
            quoted = f'"{shown}"' if _ATTR_SPECIAL.isdisjoint(shown) else quoteattr(shown)
            parts.append(f" {name}={quoted}")
    return "".join(parts)


def _tag(name: str, attrs: Mapping[str, object | None], *children: str) -> str:
    """One element; `children` are strings this module built, already escaped."""
    if not children:
        return f"<{name}{_attrs(attrs)}/>"
    return f"<{name}{_attrs(attrs)}>{''.join(children)}</{name}>"


# The elements drawn most often (labels, lines, the timeline's dots) are written by
# the functions below as one f-string each, about 2.5 times quicker than `_tag` and
# its dictionary. Each writes exactly what the `_tag` call in its docstring writes:
# numbers go through `_num`, as `_attrs` does with floats, and every other value
# either goes through `_attrs` or `_quoted` or is a name fixed in this module that
# `quoteattr` leaves as it is. tests/test_fast_paths.py checks each against `_tag`.


def _quoted(value: str) -> str:
    """An attribute value in quotes, as `_attrs` writes it."""
    return f'"{value}"' if _ATTR_SPECIAL.isdisjoint(value) else quoteattr(value)


def _line(x1: float, x2: float, y1: float, y2: float, rest: str) -> str:
    """`_tag("line", {"x1": x1, "x2": x2, "y1": y1, "y2": y2, **more})` for numbers,
    where `rest` is `_attrs(more)`, made once for all the lines that share it."""
    return f'<line x1="{_num(x1)}" x2="{_num(x2)}" y1="{_num(y1)}" y2="{_num(y2)}"{rest}/>'


# Thin lines in the text colour: axes, ticks, a timeline's lanes.
FAINT = _attrs({"stroke": "currentColor", "stroke-opacity": "0.5"})
FAINTER = _attrs({"stroke": "currentColor", "stroke-opacity": "0.25"})


def _baseline(y: float) -> str:
    """The faint axis line across the drawing area."""
    return _line(LEFT, RIGHT, y, y, FAINT)


def _text(x: float, y: float, words: str, size: float, **attrs: object | None) -> str:
    """`_tag("text", {"x": float(x), "y": float(y), "font-size": float(size),
    "fill": "currentColor", **attrs}, escape(words))`."""
    head = f'<text x="{_num(float(x))}" y="{_num(float(y))}" font-size="{_num(float(size))}"'
    if not attrs:
        return f'{head} fill="currentColor">{escape(words)}</text>'
    # A `fill` among `attrs` takes the place of "currentColor", as in a dict.
    return f"{head}{_attrs({'fill': 'currentColor', **attrs})}>{escape(words)}</text>"


def _span(words: str, **attrs: object | None) -> str:
    return _tag("tspan", attrs, escape(words))


def _width(words: str, size: float) -> float:
    return len(words) * size * CHAR


def _fit(words: str, size: float, room: float = RIGHT - LEFT) -> str:
    """Shorten text that would not fit in `room` units."""
    most = int(room / (size * CHAR))
    return words if len(words) <= most else words[: max(most - 1, 1)].rstrip() + "…"


def _placed(centre: float, width: float) -> float:
    """Left edge of a label centred on `centre`, kept inside the picture."""
    return min(max(centre - width / 2, LEFT), RIGHT - width)


def _svg(key: str, height: float, title: str, desc: str, body: Sequence[str]) -> str:
    ids = f"{key}-title {key}-desc"
    return _tag(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {_num(height)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": ids,
            "font-family": FONT,
            "style": "display:block;max-width:36rem;height:auto",
        },
        _tag("title", {"id": f"{key}-title"}, escape(title)),
        _tag("desc", {"id": f"{key}-desc"}, escape(desc)),
        *body,
    )


def _figure(kind: str, svg: str, caption: str) -> Markup:
    # One element per line and no blank line inside: Markdown passes the block through as is.
    html = f'<figure class="dossier-picture dossier-{kind}">\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>'
    return Markup(html)


def _items(lines: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def short_amount(value: float) -> str:
    """82000 -> 82k, 1250000 -> 1.25M: for labels where room is short."""
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.2f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.0f}"


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` ticks."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** floor(log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


@dataclass(frozen=True)
class Scale:
    """Maps amounts to x positions between LEFT and RIGHT."""

    low: float
    high: float

    @classmethod
    def around(cls, values: Sequence[float]) -> Scale:
        """A scale a little wider than `values`, ending on round numbers, never below 0."""
        low, high = min(values), max(values)
        if high <= low:
            low, high = low * 0.9, (high * 1.1 if high else 1.0)
        pad = (high - low) * 0.08
        step = nice_step(high - low + 2 * pad)
        start = max(floor((low - pad) / step) * step, 0.0)
        return cls(start, -floor(-(high + pad) / step) * step)

    def x(self, value: float) -> float:
        return LEFT + (value - self.low) / (self.high - self.low) * (RIGHT - LEFT)

    def ticks(self) -> list[float]:
        step = nice_step(self.high - self.low)
        count = round((self.high - self.low) / step)
        return [self.low + i * step for i in range(count + 1)]


# ---------------------------------------------------------------- ZOPA

#: How an earlier or withdrawn offer's words end; the card's short caption leaves them out.
HISTORY_MARKS = ("(earlier)", "(withdrawn)")


@dataclass(frozen=True)
class ZopaOffer:
    label: str
    value: float  # base per year
    verdict: str  # below-floor | below-target | meets-target | no-reference
    word: str  # the verdict in words
    short: str = ""  # the same for the card's small picture, without "by total"


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

    def values(self) -> list[float]:
        found = [v for v in (self.floor, self.target) if v is not None]
        for pair in (self.market, self.company_range, self.overlap):
            if pair:
                found += list(pair)
        return found + [o.value for o in self.offers]

    def lines(self) -> list[str]:
        """The text alternative: the same values as the picture, one per line."""
        cur = self.currency
        lines = []
        if self.floor is not None:
            lines.append(f"Floor: {money(self.floor, cur)}")
        if self.target is not None:
            lines.append(f"Target: {money(self.target, cur)}")
        if self.market:
            lines.append(f"Market: {money(self.market[0], cur)} to {money(self.market[1], cur)}")
        if self.company_range:
            low, high = self.company_range
            lines.append(f"Their stated range: {money(low, cur)} to {money(high, cur)}")
        for o in self.offers:
            lines.append(f"{o.label}: {money(o.value, cur)}, {o.word}")
        lines += list(self.not_drawn)
        if self.statement and self.floor is not None:
            lines.append(self.statement)
        return lines


def zopa(a: Analysis) -> Zopa | None:
    """The ZOPA's figures, or None when there is nothing to draw."""
    facts: DossierFacts = a.dossier.facts
    comp = facts.compensation
    payments = comp.payments_per_year
    floor_ = per_year(comp.minimum, comp.period, payments) if comp.minimum is not None else None
    target = (
        per_year(comp.desired.base, comp.period, payments)
        if comp.desired.base is not None
        else None
    )
    market = market_range(facts)
    market = (
        (per_year(market[0], comp.period, payments), per_year(market[1], comp.period, payments))
        if market
        else None
    )
    company = (
        (
            per_year(comp.company_range.low, comp.period, payments),
            per_year(comp.company_range.high, comp.period, payments),
        )
        if comp.company_range
        else None
    )
    offers, not_drawn = [], []
    for v in a.offers:
        if not v.comparable or v.rate is None:
            not_drawn.append(f"{v.label}: in {v.currency}, not drawn")
            continue
        word = VERDICT_WORDS.get(v.verdict, v.verdict.replace("-", " "))
        if v.verdict == "meets-target" and target is None:
            word = "above floor"
        short = word
        if v.measure != "base":
            word += " by total"  # the dot is the base; the verdict weighs the whole offer
        if v.state != "current":
            word += f" ({v.state})"
            short += f" ({v.state})"
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


def zopa_picture(z: Zopa, *, compact: bool = False) -> Markup:
    """The ZOPA as one horizontal band: floor, target, market, their range, offers."""
    size = 12.0
    lane = 30.0 if compact else 34.0
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
            words = _fit(words, size)
            left = _placed((x0 + x1) / 2, _width(words, size))
            body.append(_text(left, y_label, words, size))
        elif isinstance(payload, ZopaOffer):
            fill, ink = VERDICT_COLOURS.get(payload.verdict, NEUTRAL)
            x = scale.x(payload.value)
            body.append(
                _tag(
                    "circle",
                    {
                        "cx": x,
                        "cy": y_mark,
                        "r": "5" if compact else "6.5",
                        "fill": fill,
                        "stroke": "#fff",
                        "stroke-width": "1.5",
                        "data-kind": "offer",
                        "data-value": _num(payload.value),
                        "data-verdict": payload.verdict,
                        "class": f"dossier-offer dossier-{payload.verdict}",
                    },
                )
            )
            # The whole label stays inside the picture: "label: amount · verdict" when
            # it fits, else "amount · verdict", the verdict shortened if it must be.
            # On the card the line below the picture says what the verdict weighed.
            word = payload.short if compact else payload.word
            head = f"{payload.label}: {amount(payload.value)} · "
            if _width(head + word, size) > RIGHT - LEFT:
                head = f"{amount(payload.value)} · "
                word = _fit(word, size, RIGHT - LEFT - _width(head, size))
            width = _width(head + word, size)
            left = _placed(x, width)
            body.append(
                _tag(
                    "text",
                    {"x": left, "y": y_label, "font-size": size, "fill": "currentColor"},
                    escape(head),
                    _span(word, fill=ink, **{"font-weight": "700"}),
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
        y = 4 + (size + 4) * row + size - 1
        body.append(_text(left, y, words, size, **{"font-weight": "700", "fill": colour}))

    height = bottom
    axis = f"{cur} a year, {z.basis}"
    if compact:
        height += size + 6
        body.append(_text(RIGHT - _width(axis, size - 1), height - 4, axis, size - 1))
    else:
        body.append(_baseline(bottom))
        ticks = scale.ticks()
        labels = [short_amount(t) for t in ticks]
        every = 1 if len(ticks) <= 6 else 2
        for n, (t, label) in enumerate(zip(ticks, labels, strict=True)):
            x = scale.x(t)
            body.append(_line(x, x, bottom, bottom + 4, FAINT))
            if n % every == 0:
                w = _width(label, size - 1)
                body.append(_text(_placed(x, w), bottom + size + 5, label, size - 1))
        height = bottom + 2 * size + 12
        body.append(_text(RIGHT - _width(axis, size - 1), height - 3, axis, size - 1))

    lines = z.lines()
    key = f"zopa-{'card-' if compact else ''}{z.slug}"
    title = f"ZOPA for {z.company}: your floor and target, the market, their range and the offers"
    desc = f"Base pay per year, {z.basis}, in {cur}. " + "; ".join(lines).rstrip(".") + "."
    svg = _svg(key, height, title, desc, body)
    if compact:
        # The card states the zone on its own line, and history is on the Numbers page.
        shown = [x for x in lines if x != z.statement and not x.endswith(HISTORY_MARKS)]
        caption = "<p>" + escape(" · ".join(shown)) + "</p>"
    else:
        caption = f"<p>{escape(f'Base pay per year, {z.basis}, in {cur}.')}</p>" + _items(lines)
    return _figure("zopa", svg, caption)


# ---------------------------------------------------------------- offers compared


@dataclass(frozen=True)
class OfferBar:
    label: str  # "Company · offer"
    first_year: float
    annualised: float
    breached: bool


FIRST_YEAR_COLOUR = "#9fa8da"
ANNUALISED_COLOUR = "#303f9f"


def offers_picture(bars: Sequence[OfferBar], currency: str) -> Markup:
    """Horizontal bars: first-year and annualised total of each offer, on one scale."""
    size = 12.0
    # Bars start at zero; the longest leaves room for its amount on the right.
    most = max((max(b.first_year, b.annualised) for b in bars), default=0.0) or 1.0
    room = RIGHT - LEFT - _width("0,000,000", size - 1) - 6
    body: list[str] = []
    # A legend: the two bar colours.
    y = 4.0
    x = float(LEFT)
    for colour, words in ((FIRST_YEAR_COLOUR, "First year"), (ANNUALISED_COLOUR, "Annualised")):
        body.append(
            _tag("rect", {"x": x, "y": y + 2, "width": "12", "height": "10", "fill": colour})
        )
        body.append(_text(x + 16, y + size - 1, words, size))
        x += 16 + _width(words, size) + 16
    y += size + 10
    for n, b in enumerate(bars):
        head = _fit(b.label, size, (RIGHT - LEFT) * (0.62 if b.breached else 1.0))
        parts = [escape(head)]
        if b.breached:
            parts.append(_span(" · red line breached", fill="#b71c1c", **{"font-weight": "700"}))
        body.append(
            _tag(
                "text",
                {"x": float(LEFT), "y": y + size, "font-size": size, "fill": "currentColor"},
                *parts,
            )
        )
        y += size + 5
        for kind, value, colour in (
            ("first-year", b.first_year, FIRST_YEAR_COLOUR),
            ("annualised", b.annualised, ANNUALISED_COLOUR),
        ):
            width = max(value / most * room, 1.0)
            body.append(
                _tag(
                    "rect",
                    {
                        "x": float(LEFT),
                        "y": y,
                        "width": width,
                        "height": "12",
                        "fill": colour,
                        "data-kind": kind,
                        "data-value": _num(value),
                        "data-offer": str(n),
                    },
                )
            )
            body.append(_text(LEFT + width + 4, y + 10, f"{value:,.0f}", size - 1))
            y += 15
        y += 8
    axis = f"{currency} a year"
    body.append(_text(RIGHT - _width(axis, size - 1), y + size - 4, axis, size - 1))
    height = y + size
    desc = "; ".join(
        f"{b.label}: first year {money(b.first_year, currency)}, annualised "
        f"{money(b.annualised, currency)}{', red line breached' if b.breached else ''}"
        for b in bars
    )
    svg = _svg("offers-compared", height, f"Offers compared, in {currency} a year", desc, body)
    return _figure("offers", svg, f"<p>{escape(f'Totals per year, in {currency}.')}</p>")


# ---------------------------------------------------------------- pipeline


def stage_groups(
    analyses: Sequence[Analysis], status_groups: Sequence[tuple[str, Sequence[Status]]]
) -> list[tuple[str, list[str]]]:
    """(group title, company names) for every status group, empty ones included."""
    return [
        (title, [a.dossier.facts.company for a in analyses if a.dossier.facts.status in statuses])
        for title, statuses in status_groups
    ]


GROUP_COLOURS = ("#1e88e5", "#2e7d32", "#8e24aa", "#6d4c41", "#757575", "#455a64")


def pipeline_picture(groups: Sequence[tuple[str, Sequence[str]]]) -> Markup:
    """Opportunities by stage: one bar per status group, its count beside it."""
    size = 12.0
    label_room = max((_width(t, size) for t, _ in groups), default=0.0) + 8
    start = LEFT + min(label_room, 130.0)
    most = max((len(names) for _, names in groups), default=0) or 1
    room = RIGHT - 28 - start
    row = 26.0
    body: list[str] = []
    for i, (title, names) in enumerate(groups):
        y = 4 + i * row
        body.append(_text(LEFT, y + 15, _fit(title, size, start - LEFT - 4), size))
        width = room * len(names) / most
        colour = GROUP_COLOURS[i % len(GROUP_COLOURS)]
        body.append(
            _tag(
                "rect",
                {
                    "x": start,
                    "y": y + 4,
                    "width": max(width, 1.0),
                    "height": "15",
                    "rx": "2",
                    "fill": colour if names else PAST,
                    "data-kind": "stage-group",
                    "data-group": title,
                    "data-count": str(len(names)),
                },
            )
        )
        body.append(
            _text(start + width + 5, y + 16, str(len(names)), size, **{"font-weight": "700"})
        )
    height = 8 + row * len(groups)
    lines = [
        f"{title}: {len(names)}" + (f" ({', '.join(names)})" if names else "")
        for title, names in groups
    ]
    svg = _svg("pipeline", height, "Opportunities by stage", "; ".join(lines) + ".", body)
    return _figure("pipeline", svg, _items(lines))


# ---------------------------------------------------------------- timeline


@dataclass(frozen=True)
class TimelineEvent:
    date: dt.date
    kind: str  # interview | commitment | deadline | step
    what: str
    state: str  # past | upcoming | overdue | done


LANES = (
    ("interview", "Interviews", "#1e88e5"),
    ("commitment", "Commitments", "#8e24aa"),
    ("deadline", "Offer deadlines", "#ef6c00"),
    ("step", "Stage log", "#00897b"),
)
KIND_WORDS = {
    "interview": "Interview",
    "commitment": "Commitment",
    "deadline": "Offer deadline",
    "step": "Stage log",
}


def timeline_events(facts: DossierFacts, today: dt.date) -> list[TimelineEvent]:
    events = [
        TimelineEvent(
            i.when.date(),
            "interview",
            i.stage or "Interview",
            "past" if i.when.date() < today else "upcoming",
        )
        for i in facts.interviews
    ]
    for c in facts.commitments:
        state = "done" if c.done else ("overdue" if c.due < today else "upcoming")
        events.append(TimelineEvent(c.due, "commitment", c.what, state))
    for o in facts.offers:
        if o.deadline:
            state = "past" if o.deadline < today else "upcoming"
            events.append(
                TimelineEvent(o.deadline, "deadline", f"Answer {o.label or 'the offer'}", state)
            )
    for s in facts.stage_log:
        events.append(
            TimelineEvent(s.date, "step", s.what, "past" if s.date <= today else "upcoming")
        )
    return sorted(events, key=lambda e: (e.date, e.kind, e.what))


def _dot(cx: float, cy: float, fill: str, kind: str, e: TimelineEvent) -> str:
    """One event on its lane, its date and words in a tooltip: the same as
    `_tag("circle", {"cx": cx, "cy": cy, "r": …, "fill": fill, "stroke": "#fff",
    "stroke-width": "1.5", "data-kind": kind, "data-date": e.date.isoformat(),
    "data-state": e.state}, _tag("title", {}, escape(…)))` for a lane's `kind` and a
    colour `fill` of this module (see `_line` above on why)."""
    r = "5.5" if e.state != "overdue" else "6.5"
    title = escape(f"{_long_day(e.date)}: {e.what} ({e.state})")
    return (
        f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{r}" fill="{fill}" stroke="#fff"'
        f' stroke-width="1.5" data-kind="{kind}" data-date="{e.date.isoformat()}"'
        f" data-state={_quoted(e.state)}><title>{title}</title></circle>"
    )


def _day(value: dt.date) -> str:
    return f"{value.day} {month_name(value.month)}"


_long_day = written_date  # "Thu 3 Dec 2026"


def timeline_picture(slug: str, events: Sequence[TimelineEvent], today: dt.date) -> Markup:
    """Interviews, commitments, deadlines and steps on one time axis, with a today marker."""
    if not events:
        return Markup("")
    size = 12.0
    first = min(min(e.date for e in events), today)
    last = max(max(e.date for e in events), today)
    short = max(14 - (last - first).days, 0)  # at least two weeks, so single dates sit apart
    first -= dt.timedelta(days=short // 2)
    last += dt.timedelta(days=short - short // 2)
    pad = max((last - first).days // 20, 2)
    d0 = first - dt.timedelta(days=pad)
    d1 = last + dt.timedelta(days=pad)
    total = (d1 - d0).days

    def x(day: dt.date) -> float:
        return LEFT + (day - d0).days / total * (RIGHT - LEFT)

    used = [lane for lane in LANES if any(e.kind == lane[0] for e in events)]
    lane_h = 48.0
    top = 8 + size + 6
    body: list[str] = []
    for n, (kind, title, colour) in enumerate(used):
        y0 = top + n * lane_h
        line_y = y0 + size + 12
        body.append(_text(LEFT, y0 + size, title, size, **{"font-weight": "700"}))
        body.append(_line(LEFT, RIGHT, line_y, line_y, FAINTER))
        label_end = -1e9
        for e in (e for e in events if e.kind == kind):
            cx = x(e.date)
            fill = {"past": PAST, "done": PAST, "overdue": "#c62828"}.get(e.state, colour)
            body.append(_dot(cx, line_y, fill, kind, e))
            words = _day(e.date)
            w = _width(words, size - 1)
            left = _placed(cx, w)
            if left > label_end + 3:
                body.append(
                    _text(left, line_y + size + 4, words, size - 1, **{"fill-opacity": "0.85"})
                )
                label_end = left + w
    bottom = top + lane_h * len(used)
    # Month starts along the bottom.
    body.append(_baseline(bottom))
    month = dt.date(d0.year, d0.month, 1)
    last_end = -1e9
    while month <= d1:
        if month >= d0:
            mx = x(month)
            # The year is named on the first month shown and on every January.
            words = f"{month:%b %Y}" if last_end < 0 or month.month == 1 else f"{month:%b}"
            w = _width(words, size - 1)
            body.append(_line(mx, mx, bottom, bottom + 4, FAINT))
            left = min(max(mx - 2, LEFT), RIGHT - w)
            if left > last_end + 4:
                body.append(_text(left, bottom + size + 5, words, size - 1))
                last_end = left + w
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    # Today: a mark across each lane's line and the axis, named at the top; it stops
    # short of every label, so it never runs through one.
    tx = x(today)
    spans = [(top + n * lane_h + size + 6, top + n * lane_h + size + 16) for n in range(len(used))]
    rest = _attrs(
        {
            "stroke": "#c62828",
            "stroke-width": "2",
            "data-kind": "today",
            "data-date": today.isoformat(),
        }
    )
    for y1, y2 in [*spans, (bottom - 3, bottom + 4)]:
        body.append(_line(tx, tx, float(y1), float(y2), rest))
    words = f"Today, {_day(today)}"
    w = _width(words, size)
    body.append(
        _text(_placed(tx, w), 8 + size - 2, words, size, fill="#b71c1c", **{"font-weight": "700"})
    )
    key = "Grey: past or done · colour: upcoming · red: overdue"
    body.append(_text(LEFT, bottom + 2 * size + 14, key, size - 1, **{"fill-opacity": "0.85"}))
    height = bottom + 2 * size + 20

    past = sum(1 for e in events if e.state in {"past", "done"})
    overdue = sum(1 for e in events if e.state == "overdue")
    upcoming = len(events) - past - overdue
    summary = f"{len(events)} dates: {past} past, {upcoming} upcoming" + (
        f", {overdue} overdue" if overdue else ""
    )
    summary += f". Today is {_long_day(today)}."
    lines = [f"{_long_day(e.date)} · {KIND_WORDS[e.kind]} · {e.what} · {e.state}" for e in events]
    svg = _svg(f"timeline-{slug}", height, "Timeline", summary + " " + "; ".join(lines), body)
    caption = (
        f"<p>{escape(summary)}</p>"
        f"<details><summary>The same dates as a list</summary>{_items(lines)}</details>"
    )
    return _figure("timeline", svg, caption)


# ---------------------------------------------------------------- per dossier


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

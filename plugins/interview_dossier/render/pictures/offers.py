"""Offers compared across opportunities, as bars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from ...analyse.comparison import OfferComparison
from ...analyse.money import money
from .svg import (
    LEFT,
    PAST,
    PAST_INK,
    RIGHT,
    TEXT,
    _figure,
    _num,
    _span,
    _svg,
    _tag,
    _text,
    _width,
    _wrap,
)


@dataclass(frozen=True)
class OfferBar:
    label: str  # "Company · offer"
    first_year: float
    annualised: float
    breached: bool
    state: str = "current"  # current | earlier | withdrawn: history is drawn muted


FIRST_YEAR_COLOUR = "#9fa8da"
ANNUALISED_COLOUR = "#303f9f"


def offers_picture(bars: Sequence[OfferBar], currency: str) -> Markup:
    """Horizontal bars: first-year and annualised total of each offer, on one scale."""
    size = TEXT
    # Bars start at zero; the longest leaves room for its amount on the right.
    most = max((max(b.first_year, b.annualised) for b in bars), default=0.0) or 1.0
    room = RIGHT - LEFT - _width("0,000,000", size) - 6
    body: list[str] = []
    # A legend: the two bar colours.
    y = 4.0
    x = float(LEFT)
    for colour, words in ((FIRST_YEAR_COLOUR, "First year"), (ANNUALISED_COLOUR, "Annualised")):
        body.append(
            _tag("rect", {"x": x, "y": y + 2, "width": "12", "height": "10", "fill": colour})
        )
        body.append(_text(x + 16, y + size, words, size))
        x += 16 + _width(words, size) + 16
    y += size + 10
    for n, b in enumerate(bars):
        # The label in full, over as many lines as it needs; the mark of a breached
        # red line or of history goes on the last line when it fits, else on its own.
        lines = _wrap(b.label, size)
        mark, ink = "", "#b71c1c"
        if b.breached:
            mark = "red line breached"
        if b.state != "current":
            mark, ink = ("withdrawn" if b.state == "withdrawn" else "earlier offer"), PAST_INK
        if mark and _width(f"{lines[-1]} · ", size) + _width(mark, size) * 1.1 > RIGHT - LEFT:
            lines.append("")
        for i, line in enumerate(lines):
            parts = [escape(line)]
            if mark and i == len(lines) - 1:
                sep = " · " if line else ""
                parts.append(_span(f"{sep}{mark}", fill=ink, **{"font-weight": "700"}))
            body.append(
                _tag(
                    "text",
                    {"x": float(LEFT), "y": y + size, "font-size": size, "fill": "currentColor"},
                    *parts,
                )
            )
            y += size + 4
        y += 1
        history = b.state != "current"
        for kind, value, colour in (
            ("first-year", b.first_year, PAST if history else FIRST_YEAR_COLOUR),
            ("annualised", b.annualised, PAST_INK if history else ANNUALISED_COLOUR),
        ):
            width = max(value / most * room, 1.0)
            body.append(
                _tag(
                    "rect",
                    {
                        "x": float(LEFT),
                        "y": y,
                        "width": width,
                        "height": "14",
                        "fill": colour,
                        "data-kind": kind,
                        "data-value": _num(value),
                        "data-offer": str(n),
                        "data-state": b.state,
                    },
                )
            )
            body.append(_text(LEFT + width + 4, y + 12, f"{value:,.0f}", size))
            y += 18
        y += 8
    axis = f"{currency} a year"
    body.append(_text(RIGHT - _width(axis, size), y + size - 4, axis, size))
    height = y + size
    desc = "; ".join(
        f"{b.label}: first year {money(b.first_year, currency)}, annualised "
        f"{money(b.annualised, currency)}{', red line breached' if b.breached else ''}"
        for b in bars
    )
    svg = _svg("offers-compared", height, f"Offers compared, in {currency} a year", desc, body)
    return _figure("offers", svg, f"<p>{escape(f'Totals per year, in {currency}.')}</p>")


def comparison_picture(comparison: OfferComparison) -> Markup:
    """The offers of the comparison as bars, or nothing when none can be compared."""
    if not comparison.compared or comparison.currency is None:
        return Markup("")
    bars = [
        OfferBar(f"{c.totals.company} · {c.totals.label}", c.first_year, c.annualised,
                 bool(c.totals.breaches), c.totals.state)
        for c in comparison.compared
    ]  # fmt: skip
    return offers_picture(bars, comparison.currency)

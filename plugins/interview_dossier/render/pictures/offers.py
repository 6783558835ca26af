"""Offers compared across opportunities, as bars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from ...analyse.comparison import OfferComparison
from ...analyse.money import money
from .svg import LEFT, RIGHT, _figure, _fit, _num, _span, _svg, _tag, _text, _width


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


def comparison_picture(comparison: OfferComparison) -> Markup:
    """The offers of the comparison as bars, or nothing when none can be compared."""
    if not comparison.compared or comparison.currency is None:
        return Markup("")
    bars = [
        OfferBar(f"{c.totals.company} · {c.totals.label}", c.first_year, c.annualised,
                 bool(c.totals.breaches))
        for c in comparison.compared
    ]  # fmt: skip
    return offers_picture(bars, comparison.currency)

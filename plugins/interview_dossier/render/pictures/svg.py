"""SVG pieces every picture uses: escaped text, scales, colours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import floor, log10
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

# viewBox width. A picture is as wide as the text column: 264 px on a 320 px phone
# (inside the card's box), 288 px on the Numbers page, about 330-360 px at 390 px.
WIDTH = 300
#: The one text size of every picture, in viewBox units: at 264 px wide one unit draws
#: at 0.88 px, so every label reads at 12.3 px or more on a 320 px phone.
TEXT = 14.0
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
PAST_INK = "#616161"  # text in the muted grey of history, readable on white


# A dossier's pictures write ~330 numbers, mostly the same few (font sizes, the
# edges, lane heights): each is formatted once and then looked up, about twice as
# quick. Equal numbers format alike (-0.0 and 0.0 both as "0"); the table is bounded.
def _num(value: float) -> str:
    """A coordinate or data value: short, without float noise ("12", "12.5", "-0" as "0")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attrs(attrs: Mapping[str, object | None]) -> str:
    """Attributes in quotes, every value escaped; None leaves the attribute out."""
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        shown = _num(value) if isinstance(value, float) else str(value)
        parts.append(f" {name}={quoteattr(shown)}")
    return "".join(parts)


def _tag(name: str, attrs: Mapping[str, object | None], *children: str) -> str:
    """One element; `children` are strings this module built, already escaped."""
    if not children:
        return f"<{name}{_attrs(attrs)}/>"
    return f"<{name}{_attrs(attrs)}>{''.join(children)}</{name}>"


def _line(x1: float, x2: float, y1: float, y2: float, rest: str) -> str:
    """A line between two points; `rest` holds its other attributes (`_attrs(...)`)."""
    ends = _attrs({"x1": float(x1), "x2": float(x2), "y1": float(y1), "y2": float(y2)})
    return f"<line{ends}{rest}/>"


# Thin lines in the text colour: axes, ticks, a timeline's lanes.
FAINT = _attrs({"stroke": "currentColor", "stroke-opacity": "0.5"})
FAINTER = _attrs({"stroke": "currentColor", "stroke-opacity": "0.25"})


def _baseline(y: float) -> str:
    """The faint axis line across the drawing area."""
    return _line(LEFT, RIGHT, y, y, FAINT)


def _text(x: float, y: float, words: str, size: float, **attrs: object | None) -> str:
    """A label at (x, y). The picture sets TEXT size and the text colour for all its
    labels (see `_svg`): a label says only how it differs."""
    own_size = None if float(size) == TEXT else float(size)
    place = {"x": float(x), "y": float(y), "font-size": own_size}
    return _tag("text", {**place, **attrs}, escape(words))


def _span(words: str, **attrs: object | None) -> str:
    return _tag("tspan", attrs, escape(words))


def _width(words: str, size: float) -> float:
    return len(words) * size * CHAR


def _fit(words: str, size: float, room: float = RIGHT - LEFT) -> str:
    """Shorten text that would not fit in `room` units."""
    most = int(room / (size * CHAR))
    return words if len(words) <= most else words[: max(most - 1, 1)].rstrip() + "…"


def _wrap(words: str, size: float, room: float = RIGHT - LEFT) -> list[str]:
    """Text in lines that each fit in `room` units, broken between words, never cut."""
    lines: list[str] = []
    for word in words.split():
        if lines and _width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _placed(centre: float, width: float) -> float:
    """Left edge of a label centred on `centre`, kept inside the picture."""
    return min(max(centre - width / 2, LEFT), RIGHT - width)


def _svg(key: str, height: float, title: str, desc: str | None, body: Sequence[str]) -> str:
    """The picture, named by `title` and described by `desc`; without `desc`, by the
    figure's caption (give `_figure` the same key), so the text is there only once."""
    described = {"aria-describedby": f"{key}-caption"} if desc is None else {}
    return _tag(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {_num(height)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{key}-title" if desc is None else f"{key}-title {key}-desc",
            **described,
            "font-family": FONT,
            "font-size": TEXT,
            # Labels are in the text colour; every shape names its own fill.
            "fill": "currentColor",
            # Its size on the page comes from dossier.css (figure.dossier-picture svg).
        },
        _tag("title", {"id": f"{key}-title"}, escape(title)),
        *([] if desc is None else [_tag("desc", {"id": f"{key}-desc"}, escape(desc))]),
        *body,
    )


def _figure(kind: str, svg: str, caption: str, key: str | None = None) -> Markup:
    # One element per line and no blank line inside: Markdown passes the block through as is.
    named = f' id="{key}-caption"' if key else ""
    html = f'<figure class="dossier-picture dossier-{kind}">\n{svg}\n<figcaption{named}>{caption}</figcaption>\n</figure>'
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

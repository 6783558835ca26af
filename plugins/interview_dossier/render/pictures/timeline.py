"""The timeline picture: interviews, deadlines and commitments on one line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from ...model import DossierFacts
from ..display import month_name, written_date
from .svg import (
    FAINT,
    FAINTER,
    LEFT,
    PAST,
    RIGHT,
    TEXT,
    _attrs,
    _baseline,
    _figure,
    _items,
    _line,
    _placed,
    _svg,
    _tag,
    _text,
    _width,
    _wrap,
)


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
    """One event on its lane, its date and words in a tooltip."""
    attrs = {
        "cx": float(cx),
        "cy": float(cy),
        "r": "5.5" if e.state != "overdue" else "6.5",
        "fill": fill,
        "stroke": "#fff",
        "stroke-width": "1.5",
        "data-kind": kind,
        "data-date": e.date.isoformat(),
        "data-state": e.state,
    }
    title = _tag("title", {}, escape(f"{_long_day(e.date)}: {e.what} ({e.state})"))
    return _tag("circle", attrs, title)


def _day(value: dt.date) -> str:
    return f"{value.day} {month_name(value.month)}"


_long_day = written_date  # "Thu 3 Dec 2026"


def timeline_picture(slug: str, events: Sequence[TimelineEvent], today: dt.date) -> Markup:
    """Interviews, commitments, deadlines and steps on one time axis, with a today marker."""
    if not events:
        return Markup("")
    size = TEXT
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
    # A lane: its title, its line with the dots, and the dates below with room to spare,
    # so the today mark and the axis tick stop short of every label.
    lane_h = 2 * size + 28
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
            w = _width(words, size)
            left = _placed(cx, w)
            if left > label_end + 3:
                body.append(_text(left, line_y + size + 6, words, size, **{"fill-opacity": "0.85"}))
                label_end = left + w
    bottom = top + lane_h * len(used)
    body += _months(d0, d1, x, bottom)
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
    keys = _wrap(key, size)
    for n, line in enumerate(keys):
        y = bottom + 2 * size + 14 + n * (size + 4)
        body.append(_text(LEFT, y, line, size, **{"fill-opacity": "0.85"}))
    height = bottom + 2 * size + 20 + (len(keys) - 1) * (size + 4)

    summary = _summary(events, today)
    lines = [f"{_long_day(e.date)} · {KIND_WORDS[e.kind]} · {e.what} · {e.state}" for e in events]
    svg = _svg(f"timeline-{slug}", height, "Timeline", summary + " " + "; ".join(lines), body)
    caption = (
        f"<p>{escape(summary)}</p>"
        f"<details><summary>The same dates as a list</summary>{_items(lines)}</details>"
    )
    return _figure("timeline", svg, caption)


def _months(d0: dt.date, d1: dt.date, x: Callable[[dt.date], float], bottom: float) -> list[str]:
    """The axis along the bottom, a tick at each month's start, named where there is room."""
    drawn = [_baseline(bottom)]
    month = dt.date(d0.year, d0.month, 1)
    last_end = -1e9
    while month <= d1:
        if month >= d0:
            mx = x(month)
            # The year is named on the first month shown and on every January.
            words = f"{month:%b %Y}" if last_end < 0 or month.month == 1 else f"{month:%b}"
            w = _width(words, TEXT)
            drawn.append(_line(mx, mx, bottom, bottom + 4, FAINT))
            left = min(max(mx - 2, LEFT), RIGHT - w)
            if left > last_end + 4:
                drawn.append(_text(left, bottom + TEXT + 5, words, TEXT))
                last_end = left + w
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return drawn


def _summary(events: Sequence[TimelineEvent], today: dt.date) -> str:
    past = sum(1 for e in events if e.state in {"past", "done"})
    overdue = sum(1 for e in events if e.state == "overdue")
    upcoming = len(events) - past - overdue
    summary = f"{len(events)} dates: {past} past, {upcoming} upcoming" + (
        f", {overdue} overdue" if overdue else ""
    )
    return summary + f". Today is {_long_day(today)}."

"""The pipeline picture: opportunities per stage."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ...analyse.analysis import Analysis
from ...model import Status
from .svg import LEFT, PAST, RIGHT, TEXT, _figure, _fit, _items, _svg, _tag, _text, _width


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
    size = TEXT
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

"""Tables a phone can read: each data cell names its column.

On a narrow screen a table wider than the page either scrolls sideways or cuts its
cells. The style sheet turns each row into a stacked block there instead (see
`dossier.css`), and prints each cell's column name before its value; the name
comes from the `data-label` attribute written here, at build time, so it needs no
script.

Pure functions over HTML text: no MkDocs import.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b[^>]*>.*?</table\s*>", re.DOTALL | re.IGNORECASE)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead\s*>", re.DOTALL | re.IGNORECASE)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th\s*>", re.DOTALL | re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr\s*>", re.DOTALL | re.IGNORECASE)
_CELL_START = re.compile(r"<td\b([^>]*)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _plain(cell_html: str) -> str:
    """A header cell's text, as the reader sees it: no tags, one space between words."""
    return " ".join(html.unescape(_TAG.sub("", cell_html)).split())


def _label_rows(body: str, labels: list[str]) -> str:
    def row(match: re.Match[str]) -> str:
        column = -1

        def cell(start: re.Match[str]) -> str:
            nonlocal column
            column += 1
            attributes = start.group(1)
            if column >= len(labels) or not labels[column] or "data-label" in attributes:
                return start.group(0)
            label = html.escape(labels[column], quote=True)
            return f'<td data-label="{label}"{attributes}>'

        return _CELL_START.sub(cell, match.group(0))

    return _ROW.sub(row, body)


def _label_table(match: re.Match[str]) -> str:
    table = match.group(0)
    # A table inside a table is not something Markdown writes: leave it as it is.
    if table.lower().count("<table") != 1:
        return table
    head = _THEAD.search(table)
    if head is None:
        return table
    labels = [_plain(cell) for cell in _HEAD_CELL.findall(head.group(1))]
    if not any(labels):
        return table
    return table[: head.end()] + _label_rows(table[head.end() :], labels)


def label_cells(page_html: str) -> str:
    """The page with `data-label="<column header>"` on each data cell of each table.

    A cell under an empty header gets no label: it is the row's own title (or a
    remark), shown as it is.
    """
    if "<table" not in page_html:
        return page_html
    return _TABLE.sub(_label_table, page_html)

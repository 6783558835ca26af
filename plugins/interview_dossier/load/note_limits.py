"""What a note must keep to be read at all: bounds Markdown can read in time.

Checked by the loader for every note, before Markdown sees it (so `dossier check`
reports it with the note's line), and by render/note_html.py on the HTML it makes.
"""

from __future__ import annotations

import re

# Python-Markdown's link and HTML patterns take time that grows faster than the
# number of `[` or `<` in one paragraph (20 KB of `[` took close to a minute),
# and deep nesting overflows its recursion. These bounds are far beyond any real
# note and keep every note within about a second.
MAX_OPENERS_PER_BLOCK = 500
MAX_OPENERS = 5000
MAX_DEPTH = 50
MAX_HTML_DEPTH = 200


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CONTAINER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t>]|$)")


class NoteError(ValueError):
    """A note that Markdown cannot read safely; `line` counts from the body's start."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def check_markdown(body: str) -> None:
    """Raise NoteError if `body` would take Markdown too long or too deep.

    A cheap pass over the lines, before Markdown sees them.
    """
    total = {"[": 0, "<": 0}
    block = {"[": 0, "<": 0}
    block_start = 1
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if not line.strip():
            block = {"[": 0, "<": 0}
            block_start = number + 1
            continue
        depth = (len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())) // 4
        depth += len(_CONTAINER.findall(line[: _container_end(line)]))
        if depth > MAX_DEPTH:
            raise NoteError(
                f"this line is nested {depth} levels deep (lists, quotes or indentation); "
                f"at most {MAX_DEPTH} can be shown: flatten it",
                number,
            )
        for char in total:
            count = line.count(char)
            block[char] += count
            total[char] += count
            if block[char] > MAX_OPENERS_PER_BLOCK:
                raise NoteError(
                    f"this paragraph has more than {MAX_OPENERS_PER_BLOCK} `{char}`; "
                    "Markdown would take minutes to read it: split it with blank lines, "
                    "or put it in a code block between ``` lines",
                    block_start,
                )
            if total[char] > MAX_OPENERS:
                raise NoteError(
                    f"the note has more than {MAX_OPENERS} `{char}` outside code blocks; "
                    "Markdown would take minutes to read it: split the note",
                    number,
                )


def _container_end(line: str) -> int:
    """Where the run of list and quote markers at the start of `line` ends."""
    end = 0
    while match := _CONTAINER.match(line, end):
        if match.end() == end:
            break
        end = match.end()
    return end

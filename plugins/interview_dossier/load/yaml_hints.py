"""YAML syntax errors explained as fixes: what to change on which line.

`read_yaml` (yamlsource.py) asks here when PyYAML stops at a syntax error: a tab
where spaces belong, an unquoted `: ` inside text, a line indented wrongly. The
answer names the line and gives the corrected line, so `dossier check` can say
what to type instead of repeating PyYAML's message.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass
class Syntax:
    """A YAML syntax error explained, and the text with a guessed repair (if any)."""

    line: int  # from 1, in the text given
    column: int
    message: str
    repaired: str | None = None
    touched: frozenset[int] = frozenset()  # lines (from 1) the repair changed


MAX_REPAIRS = 20
MORE = "; more errors may follow: the check cannot read past this point until it is fixed"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _key_of(line: str) -> str:
    text = line.strip()
    text = text[2:].lstrip() if text.startswith("- ") else text
    key, colon, _ = text.partition(":")
    return f"{key.strip()}:" if colon else text


def _previous(lines: list[str], at: int) -> int:
    """The nearest line above `at` (0-based) that holds YAML, or -1."""
    at -= 1
    while at >= 0 and not _is_content(lines[at]):
        at -= 1
    return at


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}" if n else "no indentation"


def _replace_line(lines: list[str], at: int, new: str) -> str:
    return "".join([*lines[:at], new, *lines[at + 1 :]])


def _explain_tab(lines: list[str], at: int, column: int) -> Syntax:
    line = lines[at]
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)]
    message = "a tab character is used here, and YAML allows only spaces for indentation"
    if "\t" in lead:
        prev = _previous(lines, at)
        width = 0
        if prev >= 0:
            width = _indent(lines[prev]) + (2 if lines[prev].rstrip().endswith(":") else 0)
        if width:
            message += f"; replace the tab with {_spaces(width)}"
        else:
            message += f"; delete the tab, so `{_key_of(body)}` lines up with the line above"
        repaired = " " * width + body
    else:
        message += "; replace the tab with a space"
        repaired = line.replace("\t", " ")
    return Syntax(at + 1, column, message, _replace_line(lines, at, repaired), frozenset({at + 1}))


def _explain_colon(lines: list[str], at: int, column: int) -> Syntax:
    line = lines[at].rstrip("\r\n")
    head = line[:column]
    body = line.lstrip(" ")
    first = head.find(": ")
    if first < 0 or not head[:first].strip(" -"):
        # The line is a field of its own, indented more than the field above it.
        prev = _previous(lines, at)
        if prev >= 0:
            above = lines[prev]
            width = _indent(above) + (2 if above.lstrip().startswith("- ") else 0)
            return Syntax(
                at + 1,
                _indent(line) + 1,
                f"`{_key_of(line)}` is indented more than `{_key_of(above)}` above it, so "
                "YAML reads it as more text of that field; line it up with "
                f"`{_key_of(above)}` ({_spaces(width)})",
                _replace_line(lines, at, " " * width + body + "\n"),
                frozenset({at + 1}),
            )
        return Syntax(at + 1, column + 1, "a colon followed by a space starts a new field here")
    key = head[:first]
    value = line[first + 2 :].strip()
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    fixed = f'{key}: "{escaped}"'
    return Syntax(
        at + 1,
        column + 1,
        "this text holds a colon followed by a space, which YAML reads as the start of "
        f"a new field; put the whole text in quotes: {fixed.strip()}",
        _replace_line(lines, at, fixed + "\n"),
        frozenset({at + 1}),
    )


def _explain_indent(lines: list[str], at: int) -> Syntax | None:
    """An indentation mistake: find the line that broke the block, not where YAML noticed."""
    if at >= len(lines) or not _is_content(lines[at]):
        return None
    depth = _indent(lines[at])
    k = at - 1
    while k >= 0 and (not _is_content(lines[k]) or _indent(lines[k]) > depth):
        k -= 1
    if k < 0 or _indent(lines[k]) >= depth:
        return None
    j = k - 1
    while j >= 0 and (not _is_content(lines[j]) or _indent(lines[j]) > depth):
        j -= 1
    if j >= 0 and _indent(lines[j]) == depth:
        # Line k, less indented, closed the block that line `at` still belongs to.
        parent = j - 1
        while parent >= 0 and (not _is_content(lines[parent]) or _indent(lines[parent]) >= depth):
            parent -= 1
        closes = (
            f", which ends `{_key_of(lines[parent])}` (line {parent + 1})" if parent >= 0 else ""
        )
        shift = depth - _indent(lines[k])
        message = (
            f"wrong indentation: `{_key_of(lines[k])}` starts at column {_indent(lines[k]) + 1}"
            f"{closes}, but line {at + 1} below is indented as if still inside it; indent "
            f"`{_key_of(lines[k])}` by {_spaces(depth)} like `{_key_of(lines[j])}` on line "
            f"{j + 1} (and the lines under it by {_spaces(shift)} more), or move line {at + 1} "
            "to the left"
        )
        fixed = lines[:k] + [" " * shift + x if x.strip() else x for x in lines[k:at]] + lines[at:]
        return Syntax(
            k + 1, _indent(lines[k]) + 1, message, "".join(fixed), frozenset(range(k + 1, at + 2))
        )
    prev = _previous(lines, at)
    here = _key_of(lines[at])
    options = [f"`{_key_of(lines[prev])}` ({_spaces(_indent(lines[prev]))})"]
    if prev != k:
        options.append(f"`{_key_of(lines[k])}` ({_spaces(_indent(lines[k]))})")
    message = (
        f"wrong indentation: `{here}` is indented by {_spaces(depth)}, which lines it up with "
        f"nothing above it; indent it like {' or like '.join(options)}"
    )
    fixed = " " * _indent(lines[prev]) + lines[at].lstrip(" ")
    return Syntax(at + 1, depth + 1, message, _replace_line(lines, at, fixed), frozenset({at + 1}))


def explain_syntax(exc: yaml.MarkedYAMLError, text: str) -> Syntax:
    """A syntax error in plain words, at the line of the mistake, with a guessed repair."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines(keepends=True)
    if mark is None:
        return Syntax(1, 0, f"invalid YAML: {problem}")
    at, column = mark.line, mark.column
    here = lines[at] if at < len(lines) else ""
    if "tab" in problem or (column < len(here) and here[column] == "\t"):
        return _explain_tab(lines, at, column + 1)
    if "mapping values are not allowed" in problem and at < len(lines):
        return _explain_colon(lines, at, column)
    if any(
        word in problem
        for word in ("expected key", "expected <block end>", "expected '-' indicator")
    ):
        found = _explain_indent(lines, at)
        if found is not None:
            return found
    reason = problem
    if exc.context:
        reason = f"{reason} ({exc.context})"
    return Syntax(at + 1, column + 1, f"invalid YAML: {reason}")

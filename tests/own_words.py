"""Salted hashes of 8-word runs: how the project's text is compared with the article's.

Used by tests/test_own_words.py and by tests/make_article_hashes.py, which makes the
hashes from a copy of the article given on the command line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

SALT = "dossier:own-words:1:"
N = 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def grams(text: str) -> Iterable[str]:
    w = words(text)
    return (" ".join(w[i : i + N]) for i in range(len(w) - N + 1))


def hashed(gram: str) -> str:
    return hashlib.sha256((SALT + gram).encode("utf-8")).hexdigest()[:20]


def gram_hashes(text: str) -> set[str]:
    return {hashed(g) for g in grams(text)}

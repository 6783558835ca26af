"""Write tests/data/article-8grams.txt: salted hashes of the method article's 8-word runs.

    python tests/make_article_hashes.py PATH-TO-ARTICLE.txt > tests/data/article-8grams.txt

The article's text never enters the repository: only these hashes do, and
tests/test_own_words.py compares the project's own text with them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from own_words import gram_hashes


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = Path(argv[1]).read_text(encoding="utf-8")
    for h in sorted(gram_hashes(text)):
        print(h)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

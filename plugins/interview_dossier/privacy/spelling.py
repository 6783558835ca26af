"""One normal form for the texts a share compares: people's names, and private values.

`Zoë` typed with one code point and `Zoë` typed as `o` plus a combining diaeresis look
the same on screen; so do `Ana Li`, `ANA  LI`, `Ana\u00a0Li` and `Ａｎａ Ｌｉ`. The share's
filter and its self-check compare texts in this form so that none of them tells two
spellings of one name apart.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters that show nothing: a zero-width space separates words, the rest
#: (soft hyphen, joiners, direction marks, byte order mark) are dropped.
_ZERO_WIDTH_SPACE = re.compile("\u200b")
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def same_text(text: str, *, fold: bool = True) -> str:
    """`text` in the form compared: NFKC, invisible characters dropped, every run of
    spacing made one space, and (with `fold`, as for names) casefolded."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", _ZERO_WIDTH_SPACE.sub(" ", text))
    if fold:
        # Casefolding can leave text that is no longer in NFKC (`ǰ` becomes `ǰ`).
        text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split())

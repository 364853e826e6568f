"""Text as the coder and the search compare it: NFKC (full-width 1＋Ｘ becomes 1+X), ASCII upper-cased,
white space dropped, with each character's position in the original text."""
from __future__ import annotations

import unicodedata


def normalize(text: str) -> tuple[str, list[int]]:
    """Text as compared, and for each of its characters the index of the original character."""
    chars, origin = [], []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch)
        for c in folded:
            if c.isspace():
                continue
            chars.append(c.upper() if c.isascii() else c)
            origin.append(i)
    return "".join(chars), origin

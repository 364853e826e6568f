"""Text as the coder and the search compare it: each character NFKC-folded on its own (full-width 1＋Ｘ
becomes 1+X), ASCII upper-cased, white space dropped, with each character's position in the original text.

The fold is a lookup table over all code points, built once, applied with NumPy to the text's UTF-32
code units: a corpus of 20 M characters is folded at array speed instead of one Python call per character.
"""
from __future__ import annotations

import unicodedata
from functools import cache

import numpy as np

_DROPPED = 0            # the character folds to nothing (white space; NUL shares the code)
_LONGER = 0xFFFFFFFF    # the character folds to several characters (… → ..., ℃ → °C); rare, handled one by one


def fold_char(ch: str) -> str:
    """The fold of one character: NFKC, then white space dropped and ASCII upper-cased."""
    return "".join(c.upper() if c.isascii() else c for c in unicodedata.normalize("NFKC", ch) if not c.isspace())


# Ranges where no code point has a decomposition, is white space or lower-case ASCII, so none folds to anything
# else: CJK ideographs (unified, extensions A to H), Hangul syllables (composed by rule, not listed), surrogates,
# private use, and the unassigned planes. Skipping them builds the table in a tenth of the time (about a second
# saved in every process that loads the data: the runner, each notebook's kernel, each test worker);
# tests/test_normalize.py checks the table against a scan of every code point.
UNCHANGED_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xD800, 0xF8FF), (0x20000, 0x2F7FF),
                    (0x2FA20, 0xDFFFF), (0xF0000, 0x10FFFF))


def _candidates(skip=UNCHANGED_RANGES):
    start = 0
    for low, high in skip:
        yield from range(start, low)
        start = high + 1
    yield from range(start, 0x110000)


@cache
def _tables(skip=UNCHANGED_RANGES) -> tuple[np.ndarray, dict[int, str]]:
    """For each code point, its one-character fold (or _DROPPED / _LONGER), and the longer folds."""
    table = np.arange(0x110000, dtype=np.uint32)
    longer: dict[int, str] = {}
    for cp in _candidates(skip):
        ch = chr(cp)
        # Only these can fold to something else: compatibility or canonical decompositions, white
        # space, lower-case ASCII. Skipping the rest keeps the one-off build well under a second.
        if not (unicodedata.decomposition(ch) or ch.isspace() or "a" <= ch <= "z"):
            continue
        folded = fold_char(ch)
        if len(folded) == 1:
            table[cp] = ord(folded)
        elif not folded:
            table[cp] = _DROPPED
        else:
            table[cp] = _LONGER
            longer[cp] = folded
    return table, longer


def normalize(text: str) -> tuple[str, np.ndarray]:
    """Text as compared, and for each of its characters the index of the original character."""
    table, longer = _tables()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = table[codes]
    if not (folded == _LONGER).any():
        keep = folded != _DROPPED
        return folded[keep].tobytes().decode("utf-32-le", "surrogatepass"), np.flatnonzero(keep)
    # Some characters become several: lay each original character out over as many places as it folds to.
    sizes = (folded != _DROPPED).astype(np.int64)
    expand = np.flatnonzero(folded == _LONGER)
    sizes[expand] = [len(longer[int(codes[i])]) for i in expand]
    origin = np.repeat(np.arange(len(codes)), sizes)
    starts = np.cumsum(sizes) - sizes
    out = np.empty(int(sizes.sum()), dtype=np.uint32)
    single = (folded != _DROPPED) & (folded != _LONGER)
    out[starts[single]] = folded[single]
    for i in expand:
        piece = longer[int(codes[i])]
        out[starts[i]:starts[i] + len(piece)] = [ord(c) for c in piece]
    return out.tobytes().decode("utf-32-le", "surrogatepass"), origin

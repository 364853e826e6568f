"""The brief as extracted from its PDF, and how quotations are rebuilt from it.

A quotation in `data/` is the brief's text over a line range, with the PDF's
line breaks joined, every erratum of that range applied, and stray spaces
dropped.  Rebuilding each quotation from the source is how a reviewer (and the
validator) knows that nothing else was changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# The extraction puts spaces between Chinese characters ("留学 生") and around
# numbers ("309 个").  A space is only meaningful between two ASCII words.
_SPACES = re.compile(r"\s+")


def drop_stray_spaces(text: str) -> str:
    def keep_if_between_ascii_words(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            return " "
        return ""

    return _SPACES.sub(keep_if_between_ascii_words, text)


@dataclass(frozen=True)
class LineRange:
    first: int
    last: int

    @classmethod
    def parse(cls, spec: str) -> LineRange:
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", str(spec))
        if not m:
            raise ValueError(f"not a line range like '45' or '45-49': {spec!r}")
        first = int(m.group(1))
        last = int(m.group(2) or first)
        if last < first:
            raise ValueError(f"line range runs backwards: {spec!r}")
        return cls(first, last)

    def covers(self, other: LineRange) -> bool:
        return self.first <= other.first and other.last <= self.last

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


class Brief:
    """The source text, addressed by 1-based line numbers."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def raw(self, spec: str | LineRange) -> str:
        r = spec if isinstance(spec, LineRange) else LineRange.parse(spec)
        if r.last > len(self.lines):
            raise ValueError(f"line range {r} lies past the end of the brief ({len(self.lines)} lines)")
        return "".join(line.strip() for line in self.lines[r.first - 1 : r.last])

    def quote(self, spec: str | LineRange, errata: list[tuple[str, str, str]] = ()) -> str:
        """The corrected quotation over `spec`.

        `errata` are (erratum id, as printed, corrected); each must occur in the range.
        """
        text = self.raw(spec)
        for erratum_id, as_printed, corrected in errata:
            if as_printed not in text:
                raise ValueError(f"erratum {erratum_id}: {as_printed!r} is not printed in lines {spec}")
            text = text.replace(as_printed, corrected, 1)
        return drop_stray_spaces(text)

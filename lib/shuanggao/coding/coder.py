"""The brief's coding method: find the codebook's terms in reports and count units, shares and practices.

A report counts for a subtheme when any of the subtheme's terms (or their recorded variants) occurs in
it; each paragraph that contains one is counted as a practice (特色做法), so practices ≥ units.
Text is compared after folding (`normalize`: NFKC, so full-width 1＋Ｘ becomes 1+X; upper-case ASCII;
no white space), so that a term broken by spaces or line breaks is still found; positions refer to the
original text. Terms are found by one Aho–Corasick pass (pyahocorasick), leftmost-longest and without
overlaps: where two terms overlap, the one that starts first, then the longer, is the match.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..format import format_share
from ..normalize import normalize

_BREAK = re.compile(r"\r?\n\r?\n")
_LINE = re.compile(r"\n")
COLUMNS = ["institution", "term_id", "subtheme_id", "term", "matched", "start", "end", "paragraph", "source", "line"]


@dataclass
class Coder:
    """Matches a codebook (term_id, subtheme_id, term) and its variants (term_id, variant) in texts."""

    terms: pd.DataFrame
    variants: pd.DataFrame | None = None

    def __post_init__(self):
        import ahocorasick

        self.forms: dict[str, str] = {}
        for t in self.terms.itertuples():
            self.forms[normalize(t.term)[0]] = t.term_id
        if self.variants is not None:
            for v in self.variants.itertuples():
                self.forms[normalize(v.variant)[0]] = v.term_id
        self.automaton = ahocorasick.Automaton()
        for form, term_id in self.forms.items():
            self.automaton.add_word(form, (term_id, len(form)))
        self.automaton.make_automaton()
        self.subtheme_of = dict(zip(self.terms.term_id, self.terms.subtheme_id))
        self.term_of = dict(zip(self.terms.term_id, self.terms.term))

    def located(self, text: str, start: int = 0, paragraph: int = 0, line: int = 1) -> list[tuple]:
        """Each occurrence of a term as a row of COLUMNS without the institution and source. `text` may be a
        piece of a longer report that begins at character `start`, paragraph `paragraph` and line `line`.
        A long text is coded window by window (`windows`), so memory stays flat in its length."""
        if len(text) > WINDOW:
            return self.located_in_windows(text, start, paragraph, line)
        return self.located_whole(text, start, paragraph, line)

    def located_in_windows(self, text: str, start: int, paragraph: int, line: int) -> list[tuple]:
        """The same matches as `located_whole` on the whole text. Each window is scanned with OVERLAP characters
        beyond its end and keeps the matches that start inside it; the next window starts where the last kept
        match ended if it ran past the window's end. Leftmost-longest matches never overlap, so a scan that starts
        afresh where no match crosses finds what one scan of the whole text finds after that point."""
        found: list[tuple] = []
        breaks = (m.end() for m in _BREAK.finditer(text))
        next_break = next(breaks, None)
        paragraphs_before, lines_before, counted_to = 0, 0, 0
        begin = 0
        while begin < len(text):
            end = window_end(text, begin)
            while next_break is not None and next_break <= begin:
                paragraphs_before += 1
                next_break = next(breaks, None)
            lines_before += text.count("\n", counted_to, begin)
            counted_to = begin
            rows = self.located_whole(text[begin:end + OVERLAP], start + begin, paragraph + paragraphs_before,
                                      line + lines_before)
            kept = [r for r in rows if r[4] - start < end]
            found += kept
            begin = max(end, kept[-1][5] - start) if kept else end
        return found

    def located_whole(self, text: str, start: int = 0, paragraph: int = 0, line: int = 1) -> list[tuple]:
        if not text:
            return []
        norm, origin = normalize(text)
        found = []
        breaks = lines = None
        for last, (term_id, length) in self.automaton.iter_long(norm):
            if breaks is None:  # most pieces have no match: find paragraphs and lines only when one does
                breaks = paragraph_starts(text)
                lines = [m.end() for m in _LINE.finditer(text)]
            first, end = int(origin[last - length + 1]), int(origin[last]) + 1
            found.append((term_id, self.subtheme_of[term_id], self.term_of[term_id], text[first:end],
                          start + first, start + end, paragraph + bisect.bisect_right(breaks, first),
                          line + bisect.bisect_right(lines, first)))
        return found

    def matches(self, text: str) -> list[dict]:
        """Each occurrence of a term: term, subtheme, the text as written, its start and end, paragraph, line."""
        keys = COLUMNS[1:8] + COLUMNS[9:]
        return [dict(zip(keys, row)) for row in self.located(text)]

    def code(self, texts: dict[str, str] | Iterable[tuple[str, str]]) -> pd.DataFrame:
        items = texts.items() if isinstance(texts, dict) else texts
        rows = [(name, *m[:7], name, m[7]) for name, text in items for m in self.located(text)]
        return frame(rows)


# A report longer than WINDOW characters is coded in windows of about that size (a few MB of arrays each), each
# scanned OVERLAP characters further so that a term that starts in it is found whole, however it is broken.
WINDOW = 1_000_000
OVERLAP = 10_000


def window_end(text: str, begin: int, size: int | None = None) -> int:
    """Where a window that begins at `begin` ends: at the start of a line about `size` characters on that does
    not begin a blank line (so that no paragraph break straddles two windows), or at the end of the text."""
    size = size or WINDOW
    if begin + size >= len(text):
        return len(text)
    cut = text.find("\n", begin + size)
    while cut != -1 and cut + 1 < len(text) and text[cut + 1] in "\r\n":
        cut = text.find("\n", cut + 1)
    return len(text) if cut == -1 else cut + 1


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def paragraph_starts(text: str) -> list[int]:
    """Where each blank line between paragraphs ends: a match at index i lies in paragraph
    bisect_right(starts, i) (0-based). One pass over the text, however many matches it has."""
    return [m.end() for m in _BREAK.finditer(text)]


def summarise(matches: pd.DataFrame, subthemes: pd.DataFrame, total: int, decimals: int = 2) -> pd.DataFrame:
    """The brief's table: per subtheme, units with a match, their share of `total`, and practices."""
    rows = []
    for s in subthemes.itertuples():
        hits = matches[matches.subtheme_id == s.subtheme_id]
        units = hits.institution.nunique()
        practices = len(hits[["institution", "paragraph"]].drop_duplicates())
        rows.append({"subtheme_id": s.subtheme_id, "title_zh": s.title_zh, "units": units,
                     "share": format_share(units, total, decimals), "practices": practices, "total": total})
    return pd.DataFrame(rows)


def for_people(table: pd.DataFrame) -> pd.DataFrame:
    """The brief's table as a spreadsheet should read it: `share` a number (units ÷ total, to be formatted as a
    percentage), `share_printed` the brief's form of it (20.30%), the counts whole numbers."""
    out = table.rename(columns={"share": "share_printed"})
    out.insert(out.columns.get_loc("share_printed"), "share", (out.units / out.total).astype("Float64"))
    return out.astype({"units": "Int64", "practices": "Int64", "total": "Int64"})


def coder_for(ds) -> Coder:
    return Coder(ds.codebook, ds.term_variants)

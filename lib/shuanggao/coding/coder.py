"""The brief's coding method: find the codebook's terms in reports and count units, shares and practices.

A report counts for a subtheme when any of the subtheme's terms (or their recorded variants) occurs in
it; each paragraph that contains one is counted as a practice (特色做法), so practices ≥ units.
Text is compared after NFKC normalisation (full-width 1＋Ｘ becomes 1+X), with upper-case ASCII and
without white space, so that a term broken by spaces or line breaks is still found; positions refer to
the original text. Segmentation is jieba's, with the codebook as its user dictionary.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pandas as pd

from ..format import format_share
from ..normalize import normalize

_BREAK = re.compile(r"\r?\n\r?\n")


@dataclass
class Coder:
    """Matches a codebook (term_id, subtheme_id, term) and its variants (term_id, variant) in texts."""

    terms: pd.DataFrame
    variants: pd.DataFrame | None = None

    def __post_init__(self):
        import logging

        import jieba

        # jieba announces building its dictionary on stderr, which would print on the pages.
        jieba.setLogLevel(logging.WARNING)

        self.forms: dict[str, str] = {}
        for t in self.terms.itertuples():
            self.forms[normalize(t.term)[0]] = t.term_id
        if self.variants is not None:
            for v in self.variants.itertuples():
                self.forms[normalize(v.variant)[0]] = v.term_id
        self.tokenizer = jieba.Tokenizer()
        for form in sorted(self.forms, key=len):
            # Frequent enough that jieba keeps the term whole in any context.
            self.tokenizer.add_word(form, freq=10**7)
        self.subtheme_of = dict(zip(self.terms.term_id, self.terms.subtheme_id))
        self.term_of = dict(zip(self.terms.term_id, self.terms.term))

    def matches(self, text: str) -> list[dict]:
        """Each occurrence of a term: term, subtheme, the text as written, its start and end, paragraph."""
        norm, origin = normalize(text)
        breaks = paragraph_starts(text)
        found = []
        for word, start, end in self.tokenizer.tokenize(norm, HMM=False):
            term_id = self.forms.get(word)
            if term_id is None:
                continue
            first, last = origin[start], origin[end - 1] + 1
            found.append({
                "term_id": term_id, "subtheme_id": self.subtheme_of[term_id], "term": self.term_of[term_id],
                "matched": text[first:last], "start": first, "end": last,
                "paragraph": bisect.bisect_right(breaks, first),
            })
        return found

    def code(self, texts: dict[str, str]) -> pd.DataFrame:
        rows = [{"institution": name, **m} for name, text in texts.items() for m in self.matches(text)]
        columns = ["institution", "term_id", "subtheme_id", "term", "matched", "start", "end", "paragraph"]
        return pd.DataFrame(rows, columns=columns)


def paragraph_starts(text: str) -> list[int]:
    """Where each blank line between paragraphs ends: a match at index i lies in paragraph
    bisect_right(starts, i) (0-based). One pass over the text, however many matches it has."""
    return [m.end() for m in _BREAK.finditer(text)]


def paragraph_of(text: str, index: int) -> int:
    """0-based paragraph number of the character at `index`; paragraphs are separated by a blank line."""
    return bisect.bisect_right(paragraph_starts(text), index)


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


def coder_for(ds) -> Coder:
    return Coder(ds.codebook, ds.term_variants)

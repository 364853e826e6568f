"""The brief's coding method: find the codebook's terms in reports and count units, shares and practices.

A report counts for a subtheme when any of the subtheme's terms (or their recorded variants) occurs in
it; each paragraph that contains one is counted as a practice (特色做法), so practices ≥ units.
Text is compared after NFKC normalisation (full-width 1＋Ｘ becomes 1+X), with upper-case ASCII and
without white space, so that a term broken by spaces or line breaks is still found; positions refer to
the original text. Segmentation is jieba's, with the codebook as its user dictionary.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .files import decode_utf8
from .rules import format_share

PARAGRAPH_BREAK = "\n\n"


class CodingInputError(ValueError):
    """A text that cannot be coded (e.g. not UTF-8); the message names the file."""


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


@dataclass
class Coder:
    """Matches a codebook (term_id, subtheme_id, term) and its variants (term_id, variant) in texts."""

    terms: pd.DataFrame
    variants: pd.DataFrame | None = None

    def __post_init__(self):
        import jieba

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
        found = []
        for word, start, end in self.tokenizer.tokenize(norm, HMM=False):
            term_id = self.forms.get(word)
            if term_id is None:
                continue
            first, last = origin[start], origin[end - 1] + 1
            found.append({
                "term_id": term_id, "subtheme_id": self.subtheme_of[term_id], "term": self.term_of[term_id],
                "matched": text[first:last], "start": first, "end": last,
                "paragraph": paragraph_of(text, first),
            })
        return found

    def code(self, texts: dict[str, str]) -> pd.DataFrame:
        rows = [{"institution": name, **m} for name, text in texts.items() for m in self.matches(text)]
        columns = ["institution", "term_id", "subtheme_id", "term", "matched", "start", "end", "paragraph"]
        return pd.DataFrame(rows, columns=columns)


def paragraph_of(text: str, index: int) -> int:
    """0-based paragraph number; paragraphs are separated by a blank line."""
    normalized = text.replace("\r\n", "\n")
    return normalized[:index].count(PARAGRAPH_BREAK)


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


# --- reading a corpus ------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    text, problems = decode_utf8(path.read_bytes(), str(path))
    if text is None:
        raise CodingInputError(str(problems[0]))
    return unicodedata.normalize("NFC", text)


def read_corpus(source: Path, skip_bad: bool = False) -> tuple[dict[str, str], list[str]]:
    """Texts by institution from a folder of .txt/.md files (named after the institution) or a CSV
    with columns institution,text. Returns the texts and the files skipped (with --skip-bad)."""
    source = Path(source)
    texts, skipped = {}, []
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".txt", ".md") and p.is_file())
        if not files:
            raise CodingInputError(f"{source}: no .txt or .md files to code")
        for path in files:
            try:
                texts[path.stem] = read_text(path)
            except CodingInputError as err:
                if not skip_bad:
                    raise
                skipped.append(str(err))
        return texts, skipped
    if source.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(read_text(source), newline="")))
        if not rows or not {"institution", "text"} <= set(rows[0]):
            raise CodingInputError(f"{source}: a CSV of texts needs the columns institution and text")
        parts: dict[str, list[str]] = {}
        for line, row in enumerate(rows, start=2):
            name = (row["institution"] or "").strip()
            if not name:
                raise CodingInputError(f"{source}, line {line}, column institution: [required] a name is required")
            parts.setdefault(name, []).append(row["text"] or "")
        # Several rows of one institution are its paragraphs.
        return {name: PARAGRAPH_BREAK.join(p) for name, p in parts.items()}, skipped
    raise CodingInputError(f"{source}: give a folder of .txt/.md files or a .csv file")


def coder_for(ds) -> Coder:
    return Coder(ds.codebook, ds.term_variants)

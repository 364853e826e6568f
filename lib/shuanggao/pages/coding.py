"""The coding page (编码方法): the brief's method as a program, tried on the sixteen case excerpts.

Glue keys: units_total, codebook_terms, term_variants, coded_subthemes, coded_cases, coded_cases_hit,
coded_matches.
"""
from __future__ import annotations

from ..format import markdown_table
from ..translation import Language
from .base import glue_total


def code_cases(ds):
    """Every match of the codebook in the case excerpts."""
    from ..coding.coder import coder_for

    return coder_for(ds).code(dict(zip(ds.cases.institution, ds.cases.excerpt)))


def glue(page, matches) -> None:
    ds = page.ds
    glue_total(page)
    page.number("codebook_terms", len(ds.codebook), table="codebook", row="all", column="term", note="rows counted")
    page.number("term_variants", len(ds.term_variants), table="term_variants", row="all", column="variant",
                note="rows counted")
    page.number("coded_subthemes", ds.codebook.subtheme_id.nunique(), table="codebook", row="all",
                column="subtheme_id", note="distinct values")
    page.number("coded_cases", len(ds.cases), table="cases", row="all", column="excerpt", note="texts coded")
    page.number("coded_cases_hit", matches.institution.nunique(), table="cases", row="coded texts with a match",
                column="excerpt", note="coding.Coder on the excerpts")
    page.number("coded_matches", len(matches), table="cases", row="all", column="excerpt",
                note="term occurrences found by coding.Coder")


def matches_markdown(matches, lang: Language, ds=None) -> str:
    # The codebook's terms are Chinese in both editions (marked so in the English one); an institution of the
    # data (`ds`) is named in English with the Chinese beside it in the English edition.
    english = dict(zip(ds.cases.institution, ds.cases.get("institution_en", ds.cases.institution))) if ds else {}
    rows = [[lang.named(m.institution, english.get(m.institution)), lang.zh(m.term), lang.zh(m.matched),
             f"{m.start}–{m.end}"]
            for m in matches.itertuples()]
    header = [lang._("建设单位"), lang._("编码词"), lang._("原文写法"), lang._("位置（字符）")]
    return markdown_table(header, "lllr", rows)

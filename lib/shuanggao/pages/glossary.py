"""The glossary page (术语表): the policy terms the book uses, from `style/terminology.csv`, which is also
what the house-style check enforces (the forms to avoid are listed there, not here).

Glue keys: none (definitions, not numbers).
"""
from __future__ import annotations

from ..format import Markup, markdown_table, md_escape
from ..terms import terminology
from ..translation import Language


def glossary_markdown(lang: Language, terms=None) -> str:
    terms = terms if terms is not None else terminology()
    if lang.english:
        # The English edition leads with the English term; the Chinese is what a reader meets in the sources.
        # The Chinese terms and the document numbers they cite are marked Chinese (`lang.zh`).
        rows = [[Markup(f"**{md_escape(t.english)}**"), lang.zh(t.term), t.definition_en or t.definition,
                 lang.zh(lang._(t.source)) if t.source else "—"] for t in terms]
        return markdown_table(["Term", "Chinese", "Meaning", "Source"], "llll", rows)
    rows = [[Markup(f"**{md_escape(t.term)}**"), t.definition, t.english, t.source or "—"] for t in terms]
    return markdown_table(["术语", "释义", "英文", "出处"], "llll", rows)

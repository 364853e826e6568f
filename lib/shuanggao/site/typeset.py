"""How the book sets what Sphinx writes, where a language's typography differs from docutils' default."""
from __future__ import annotations


def visit_attribution(translator, node) -> None:
    """An epigraph's source: after a Chinese double dash (——, GB/T 15834) in the Chinese edition, an em dash in
    English, as docutils writes it."""
    if str(translator.config.language or "").startswith("en"):
        type(translator).visit_attribution(translator, node)
        return
    translator.context.append("")
    translator.body.append(translator.starttag(node, "p", "\u2014\u2014", CLASS="attribution"))


def depart_attribution(translator, node) -> None:
    type(translator).depart_attribution(translator, node)

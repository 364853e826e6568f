"""Marks where a quotation reads an editorial inference: the brief's words, as far as the editors could tell.

An erratum whose basis is `editorial` (errata.csv) is not an evident extraction error but the editors'
reading. Where such a correction is applied, the quotation shows a small mark right after the corrected
text, linking to the erratum's row on the data page; evident extraction errors pass unmarked.
"""
from __future__ import annotations

from ..data.source import LineRange
from ..format import Markup, html_escape, md_escape
from ..translation import Language


def anchor(erratum_id: str) -> str:
    """The id of an erratum's row on the data page."""
    return f"erratum-{erratum_id}"


def editorial(ds, lines: str):
    """The editorial errata applied to a quotation of `lines`."""
    span = LineRange.parse(lines)
    return [e for e in ds.errata.itertuples()
            if e.basis == "editorial" and span.covers(LineRange.parse(str(e.lines)))]


def mark(lang: Language, erratum) -> str:
    """The mark after an editorial correction, in `lang`: HTML, its words escaped (the tip is an attribute)."""
    tip = lang._("编者推断：提取文本为“{as_printed}”，本书读作“{corrected}”（勘误 {id}）").format(
        as_printed=erratum.as_printed, corrected=erratum.corrected, id=erratum.erratum_id)
    return Markup(f'<sup class="inference-mark"><a href="data.html#{html_escape(anchor(erratum.erratum_id))}" '
                  f'title="{html_escape(tip)}">{html_escape(lang._("推断"))}</a></sup>')


SENTINEL = "\x00"


def marked(ds, lang: Language, text: str, lines: str) -> str:
    """`text` (the quotation of `lines`) as escaped Markdown, each editorial correction followed by its mark
    where it was applied (the quotation is rebuilt from the brief with a sentinel after each such correction,
    since the corrected words may occur elsewhere in it too)."""
    span = LineRange.parse(lines)
    applied = [e for e in ds.errata.itertuples() if span.covers(LineRange.parse(str(e.lines)))]
    inferred = [e for e in applied if e.basis == "editorial"]
    if not inferred:
        return md_escape(text)
    rebuilt = ds.brief.quote(span, [(e.erratum_id, e.as_printed,
                                     e.corrected + (SENTINEL if e.basis == "editorial" else "")) for e in applied])
    parts = rebuilt.split(SENTINEL)
    if "".join(parts) != text or len(parts) != len(inferred) + 1:
        raise ValueError(f"the quotation of lines {lines} is not the brief's text with its errata applied")
    # Errata apply in file order, each at its first occurrence; marks follow them in the text's order.
    order = sorted(inferred, key=lambda e: rebuilt.find(e.corrected + SENTINEL))
    return Markup("".join(md_escape(part) + (mark(lang, e) if e is not None else "")
                          for part, e in zip(parts, [*order, None])))

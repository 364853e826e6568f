"""A chart as inline SVG for the site's live figures: every mark (bar, dot) named for hover, focus and screen
readers, its ids private to the figure so that several SVGs can share a page.

matplotlib's SVG backend writes an artist with a gid (`set_gid`, which the chart functions give their marks) as
`<g id="gid">`: that group gets the mark's `<title>`, `aria-label`, `tabindex` and data attributes here.
"""
from __future__ import annotations

import io
import re

from ..format import html_escape
from ..translation import Language

ID = re.compile(r'\bid="([^"]+)"')
REFERENCE = re.compile(r'(url\(#|href="#)([^")]+)')
# matplotlib names a clip path by a hash of its rectangle's floats, whose last bits differ between two processes
# drawing the same figure (the layout is solved numerically): the ids are numbered in order instead.
CLIP_ID = re.compile(r'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')


def svg_text(fig) -> str:
    """The figure as matplotlib's SVG (no date or version, clip paths numbered in order), so two builds write the
    same bytes."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    numbers: dict[str, str] = {}
    return CLIP_ID.sub(lambda m: numbers.setdefault(m.group(0), f"clip{len(numbers)}"), buffer.getvalue())


def inline_svg(chart, prefix: str, lang: Language, *, label: str,
               attributes: dict[str, dict[str, str]] | None = None) -> str:
    """`chart` as an `<svg>` element for the page: ids under `prefix`, each of `chart.marks` focusable with
    its text in `lang` as title and label, `attributes` (gid → data attributes) on the marks; `label` names the
    whole."""
    attributes = attributes or {}
    svg = svg_text(chart.fig)
    svg = svg[svg.index("<svg"):]  # no XML declaration or doctype inside HTML
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    svg = ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    for gid, mark in chart.marks.items():
        opening = f'<g id="{prefix}-{gid}">'
        if svg.count(opening) != 1:
            raise ValueError(f"mark {gid!r} is not drawn once in the figure (found {svg.count(opening)} times)")
        text = html_escape(mark.text(lang))
        data = "".join(f' data-{k}="{html_escape(v)}"' for k, v in attributes.get(gid, {}).items())
        svg = svg.replace(opening, f'<g id="{prefix}-{gid}" class="mark" tabindex="0" role="img" '
                                   f'aria-label="{text}" data-value="{html_escape(mark.value)}"{data}>'
                                   f"<title>{text}</title>", 1)
    # Sized by the page (the viewBox keeps the proportions), announced as one graphic with its alt text.
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
                  rf'<svg\1 class="live-svg" role="group" aria-label="{html_escape(label)}"', svg, count=1)

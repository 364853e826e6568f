"""Figures at print size: each figure's SVG is printed at the scale that sets its text between 7 and 9 pt.

Matplotlib draws a figure for the screen (`figures.style`: 6 in wide, text 10–12 pt); printed at that size its
text would be larger than the book's body. In the PDF a figure is scaled as a whole, so its text's printed size is
the size in the SVG (whose user unit is the point) times the scale. The largest scale that keeps the largest text at
9 pt is chosen (within the text block), except for a figure that would then print taller than half the text block:
it prints at the smallest scale that keeps its smallest text at 7 pt, so that it can share a page with the text that
introduces it. A figure whose smallest text would print under 7 pt cannot be printed legibly and stops the build,
naming it and its sizes.
"""
from __future__ import annotations

import re
from pathlib import Path

SMALLEST_PT, LARGEST_PT = 7.0, 9.0
# The text block of the A4 page (pdf.css: 20 mm side margins) and the tallest a figure may print (room for its
# caption on the page).
TEXT_WIDTH_PT = (210 - 40) / 25.4 * 72
MAX_HEIGHT_PT = 190 / 25.4 * 72
TALL_PT = 125 / 25.4 * 72  # half the text block's height (pdf.css: A4 with 20–25 mm margins)

_SIZE = re.compile(r"font(?:-size)?\s*:\s*([\d.]+)px")
_LENGTH = re.compile(r"([\d.]+)(pt|px)?$")


class IllegibleFigure(ValueError):
    """A figure's text cannot print between 7 and 9 pt at any one scale."""


def text_sizes(svg: str) -> list[float]:
    """The font sizes of the figure's texts, in the SVG's units (matplotlib writes `font: 11.5px …`)."""
    return [float(size) for size in _SIZE.findall(svg)]


def dimensions(svg: str) -> tuple[float, float]:
    """The figure's width and height in points (matplotlib writes them as `width="432pt"`)."""
    head = svg[:svg.find(">", svg.find("<svg")) + 1]
    sizes = []
    for name in ("width", "height"):
        value = re.search(rf'\s{name}="([^"]+)"', head)
        number = _LENGTH.match(value.group(1)) if value else None
        if number is None:
            raise IllegibleFigure(f"the SVG gives no {name} in points")
        sizes.append(float(number.group(1)) * (0.75 if number.group(2) == "px" else 1.0))
    return sizes[0], sizes[1]


def print_scale(svg: str, name: str = "figure") -> float:
    """The scale at which the figure prints: its largest text at 9 pt, the figure within the text block; an
    `IllegibleFigure` if its smallest text would then print under 7 pt."""
    sizes = text_sizes(svg)
    width, height = dimensions(svg)
    scale = min(TEXT_WIDTH_PT / width, MAX_HEIGHT_PT / height)
    if sizes:
        scale = min(scale, LARGEST_PT / max(sizes))
        if height * scale > TALL_PT:
            scale = min(scale, max(SMALLEST_PT / min(sizes), TALL_PT / height))
        if min(sizes) * scale < SMALLEST_PT - 0.01:
            raise IllegibleFigure(
                f"{name}: its text runs from {min(sizes):g} to {max(sizes):g} pt; at the scale that prints the largest "
                f"at {LARGEST_PT:g} pt within the page ({scale:.3f}), the smallest prints at "
                f"{min(sizes) * scale:.2f} pt, under {SMALLEST_PT:g} pt (make the figure's text sizes closer: "
                "figures/style.py, charts.py, maps.py)")
    return scale


def print_size(path: Path) -> str:
    """The CSS size of the figure's image in print (`img style`), from its SVG."""
    svg = path.read_text(encoding="utf-8")
    scale = print_scale(svg, path.name)
    width, height = dimensions(svg)
    return f"width: {width * scale:.2f}pt; height: {height * scale:.2f}pt; max-width: none; max-height: none"

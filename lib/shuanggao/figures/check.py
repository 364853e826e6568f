"""Checks every figure passes before it is saved, measured from matplotlib's own layout (renderer bounding
boxes, not pixels): no two texts overlap, no text runs outside the figure, and each axes plots one unit."""
from __future__ import annotations

import re
import warnings
from itertools import combinations

from ..errors import ShuanggaoError

MISSING_GLYPH = re.compile(r"Glyph \d+ .* missing from font")


class FigureError(ShuanggaoError):
    """A figure breaks a rule of the book's style; the message names the figure and the labels."""


def texts(fig) -> list:
    """Every text the figure draws: tick labels inside the view, axis labels, titles, annotations, legends."""
    found = list(fig.texts)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    found += [label for label in (tick.label1, tick.label2) if label.get_visible()]
            found.append(axis.label)
        found += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            found += [legend.get_title(), *legend.get_texts()]
    unique = {id(t): t for t in found if t.get_visible() and t.get_text().strip()}
    return list(unique.values())


def problems(fig, units: dict | None = None) -> list[str]:
    """What is wrong with the figure's layout or text; empty if nothing is."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    # A glyph the font lacks is drawn as a box: matplotlib says so only as a warning while drawing.
    found = sorted({str(w.message) for w in caught if MISSING_GLYPH.search(str(w.message))})
    renderer = fig.canvas.get_renderer()
    boxes = [(t, t.get_window_extent(renderer)) for t in texts(fig)]
    page = fig.bbox
    for t, box in boxes:
        if box.x0 < page.x0 - 1 or box.y0 < page.y0 - 1 or box.x1 > page.x1 + 1 or box.y1 > page.y1 + 1:
            found.append(f"the text {t.get_text()!r} runs outside the figure")
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        if box_a.overlaps(box_b) and _area(box_a, box_b) > 1.0:
            found.append(f"the texts {a.get_text()!r} and {b.get_text()!r} overlap")
    for axes, kinds in (units or {}).items():
        if len(set(kinds)) > 1:
            found.append(f"one axis ({axes}) plots different units: {', '.join(sorted(set(kinds)))}")
    return found


def _area(a, b) -> float:
    """The area two boxes share, in square pixels (a touch is not an overlap)."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(w, 0) * max(h, 0)


def check(fig, name: str, units: dict | None = None) -> None:
    found = problems(fig, units)
    if found:
        raise FigureError(f"figure {name}: " + "; ".join(found))

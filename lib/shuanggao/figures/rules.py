"""The rules an editor applies to the book's figures as a set, measured from what matplotlib draws (and, for the
last, from the built page): one colour per meaning across the book, bar labels that state the value the bar
encodes, text legible on a phone, and no figure that repeats the table beside it.

Each function returns what it finds (empty when nothing is wrong), in words that name the figure and the labels;
`tests/test_figure_rules.py` runs them on every figure the book draws and on planted violations.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

from matplotlib.colors import to_hex, to_rgb

from . import check

# What a phone shows of a figure: the article's column at a 375 px viewport, measured in the built site (375 px less
# 16 px padding each side); the figure is set at width 100%. Under a 600 px viewport the page serves the figure's
# phone variant (`style.PHONE_MAX_VIEWPORT_PX`); from 600 px on, the figure itself, whose narrowest column is
# DESKTOP_COLUMN_PX (a 600 px viewport, measured likewise).
PHONE_COLUMN_PX = 343
DESKTOP_COLUMN_PX = 568
MIN_TEXT_PX = 11
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _neutral(colour) -> bool:
    """Greys, white and black carry no meaning of their own (a comparison group, a background, ink)."""
    r, g, b = to_rgb(colour)
    return max(r, g, b) - min(r, g, b) < 0.06


def _label(text) -> str:
    return " ".join(text.get_text().split())


def colour_meanings(fig) -> dict[str, set[str]]:
    """Each bar colour the figure draws → what it stands for: the bars' legend label, or else, where the bars of
    one series differ in colour, each bar's category (its tick label), or else the quantity the axis names."""
    meanings: dict[str, set[str]] = defaultdict(set)
    fig.canvas.draw()  # tick labels are written when the figure is drawn
    for ax in fig.axes:
        ticks = {round(t.get_loc(), 6): _label(t.label1) for t in ax.yaxis.get_major_ticks()}
        for container in ax.containers:
            bars = [b for b in container if not _neutral(b.get_facecolor())]
            label = container.get_label() or ""
            distinct = {to_hex(b.get_facecolor()) for b in bars}
            for bar in bars:
                colour = to_hex(bar.get_facecolor())
                if label and not label.startswith("_"):
                    meaning = label
                elif len(distinct) > 1:
                    meaning = ticks.get(round(bar.get_y() + bar.get_height() / 2, 6), "?")
                else:
                    meaning = ax.get_xlabel() or ax.get_title() or "?"
                meanings[colour].add(" ".join(meaning.split()))
    return meanings


def colour_problems(charts: dict[str, object]) -> list[str]:
    """A colour that stands for two things anywhere in the book (in one figure or across figures)."""
    used: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name, chart in charts.items():
        for colour, meanings in colour_meanings(chart.fig).items():
            for meaning in meanings:
                used[colour][_meaning_key(meaning)].add(name)
    return ["the colour {} means {}".format(colour, "; ".join(f"{m!r} ({', '.join(sorted(n))})"
                                                              for m, n in sorted(kinds.items())))
            for colour, kinds in sorted(used.items()) if len(kinds) > 1]


def _meaning_key(meaning: str) -> str:
    """A legend's count in brackets is not part of what a colour means: 典型案例建设单位（16 所） means
    典型案例建设单位."""
    return re.sub(r"[（(][^）)]*[）)]$", "", meaning).strip()


def bar_label_problems(fig) -> list[str]:
    """A number written at the end of a bar that is not the bar's value (a count on a bar that plots a share);
    at the end of a stack, the stack's total is its value."""
    found = []
    for ax in fig.axes:
        span = abs(ax.get_xlim()[1] - ax.get_xlim()[0])
        drawn = [b for container in ax.containers for b in container if b.get_width() != 0]
        for text in ax.texts:
            x, y = text.get_position()
            # The bar the label ends: in its row, the last to end before the label begins (a stack's last part).
            row = [b for b in drawn if b.get_y() <= y <= b.get_y() + b.get_height()
                   and b.get_x() + b.get_width() - 0.01 * span <= x <= b.get_x() + b.get_width() + 0.1 * span]
            if not row:
                continue
            bar = max(row, key=lambda b: b.get_x() + b.get_width())
            value, end = bar.get_width(), bar.get_x() + bar.get_width()
            numbers = [float(n.replace(",", "")) for n in NUMBER.findall(text.get_text())]
            if numbers and not any(_agrees(n, value) or _agrees(n, end) for n in numbers):
                found.append(f"the label {_label(text)!r} is not its bar's value ({value:g})")
    return found


def _agrees(number: float, value: float) -> bool:
    """A label agrees with its bar when it is the bar's value as written (rounded to the label's decimals)."""
    # Whole numbers are rounded half up, as the book writes shares (12.5 → 13%), not half to even.
    return abs(number - value) <= 0.05 + 1e-9 * abs(value) or math.floor(value + 0.5) == number


def saved_width_pt(fig) -> float:
    """The width of the image the figure is saved as, in points: with the book's `savefig.bbox: tight`, the
    figure's drawn extent and its padding, which the page then scales to its column."""
    import matplotlib as mpl

    if mpl.rcParams["savefig.bbox"] != "tight":
        return fig.get_figwidth() * 72
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    return (box.width + 2 * mpl.rcParams["savefig.pad_inches"]) * 72


def text_size_problems(fig, column_px: float = PHONE_COLUMN_PX, where: str = "on a phone") -> list[str]:
    """Every text smaller than MIN_TEXT_PX CSS pixels when the figure's image is shown `column_px` wide (a
    phone's column, by default)."""
    fig.draw_without_rendering()
    width_pt = saved_width_pt(fig)
    found = []
    for text in check.texts(fig):
        shown = text.get_fontsize() * column_px / width_pt
        if shown < MIN_TEXT_PX - 1e-9:
            found.append(f"{_label(text)!r} is {shown:.1f} px {where}")
    return found


def chart_text_size_problems(chart) -> list[str]:
    """A chart's texts as readers see them: its phone variant at a phone's column and the figure itself at the
    narrowest column it is served to; a chart without a phone variant is shown to phones as it is."""
    import matplotlib.pyplot as plt

    phone = chart.phone()
    if phone is None:
        return text_size_problems(chart.fig)
    found = text_size_problems(phone.fig) + text_size_problems(chart.fig, DESKTOP_COLUMN_PX,
                                                                 f"at a {DESKTOP_COLUMN_PX} px column")
    plt.close(phone.fig)
    return found


def repeated_tables(figure_values: list[list[str]], tables: list[list[list[str]]]) -> list[int]:
    """Which of the `tables` beside a figure (rows of cell texts) repeat its data: every number the figure plots
    (its CSV's numeric cells, `figure_values`) is in the table, and there are at least three of them."""
    plotted = sorted(_numbers(figure_values))
    out = []
    for i, table in enumerate(tables):
        cells = _numbers(table)
        if len(plotted) >= 3 and all(cells.count(n) >= plotted.count(n) for n in set(plotted)):
            out.append(i)
    return out


def _numbers(rows: list[list[str]]) -> list[str]:
    return [n.replace(",", "") for row in rows for cell in row for n in [str(cell).strip()]
            if re.fullmatch(r"\d[\d,]*(?:\.\d+)?%?", n)]

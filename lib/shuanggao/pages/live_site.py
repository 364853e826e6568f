"""Live figures for readers of the site, with no kernel: every state a control offers is drawn at build time
by the chart function the Jupyter widget calls (`live`), and the book's own script (`live-figures.js`) switches
between them, names each mark on hover and focus, and makes the explorer's map follow the table's filters.

A live block follows its figure (the MyST figure: PNG, caption, downloads); the book's Sphinx extension moves it
into that figure (`site.webperf.place_live_views`), where it stays `hidden` unless scripts run; the PDF, made from
the HTML without scripts, prints the image: the default state.
"""
from __future__ import annotations

from ..figures import check, marks
from ..format import html_escape as escape
from ..translation import Language


def state_block(name: str, states: list[tuple[str, object]], control: str, lang: Language) -> str:
    """A radio group named `control` with one option per state (label, `Chart`) and each state's SVG and caption,
    the first shown, its marks named in `lang`; a state whose chart has a phone variant holds both SVGs, and the
    book's stylesheet shows the phone's under 600 px. Labels come from data and are escaped here."""
    group = f"live-{name}"
    options = "".join(
        f'<label><input type="radio" name="{escape(group)}" value="{i}"{" checked" if i == 0 else ""}> '
        f"{escape(label)}</label>" for i, (label, _chart) in enumerate(states))
    # Each state carries its chart's caption, which the script shows in the figure's caption with the state: the
    # caption is worded by the chart function that draws the state (the first is the figure's own).
    shown = "".join(
        f'<div class="live-state" data-state="{i}" data-caption="{escape(chart.caption)}"{" hidden" if i else ""}>'
        f"{_drawn(chart, f'{group}-{i}', lang, f'{name} ({label})')}</div>" for i, (label, chart) in
        enumerate(states))
    return (f'<div class="live-figure web-only" data-figure="fig-{escape(name)}" hidden>'
            f'<fieldset class="live-control"><legend>{escape(control)}</legend>{options}</fieldset>'
            f'<p class="live-status" aria-live="polite"></p>{shown}'
            '<div class="live-tip" role="tooltip" hidden></div></div>')


def _drawn(chart, prefix: str, lang: Language, name: str, attributes: dict | None = None) -> str:
    """A state's SVG and, if its chart has one, its phone variant's (drawn by the same chart function and checked
    as every figure is), each with ids of its own; the book's stylesheet shows the phone's under 600 px."""
    import matplotlib.pyplot as plt

    wide = marks.inline_svg(chart, prefix, lang, label=chart.alt, attributes=attributes)
    phone = chart.phone()
    if phone is None:
        return wide
    check.check(phone.fig, f"{name}, phone", phone.units)
    narrow = marks.inline_svg(phone, f"{prefix}-phone", lang, label=phone.alt, attributes=attributes)
    plt.close(phone.fig)
    return f'<div class="live-wide">{wide}</div><div class="live-phone">{narrow}</div>'


def map_block(name: str, chart, column: str, attributes: dict[str, dict[str, str]], announce: tuple[str, str],
              lang: Language) -> str:
    """One SVG (and its phone variant's) whose marks carry data attributes (`attributes`, gid → attributes) that
    the script updates from the rows the page's table shows; `column` is the table's header whose cells name each
    row's place; `announce` is what screen readers hear after a filter, `{n}` the cases shown: its form for one
    case, then for any other."""
    one, other = announce
    return (f'<div class="live-figure live-map web-only" data-figure="fig-{escape(name)}" '
            f'data-table-column="{escape(column)}" data-announce="{escape(other)}" '
            f'data-announce-one="{escape(one)}" hidden>'
            f'<p class="live-status" aria-live="polite"></p>'
            f'<div class="live-state" data-state="0">'
            f"{_drawn(chart, f'live-{name}-0', lang, name, attributes)}</div>"
            '<div class="live-tip" role="tooltip" hidden></div></div>')

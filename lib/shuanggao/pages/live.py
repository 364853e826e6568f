"""Live views for analysts in Jupyter (ipywidgets): a control changes, a table or a figure is redrawn.

These cells are removed from the static site (tag `remove-cell`); the site's own live figures (`live_site`) draw
every state with the same chart functions at build time. No Output widget: its capture hooks can stall a
headless execution; figures go to an Image widget as PNG bytes.
"""
from __future__ import annotations

import io

from ..translation import N_, Language

ALL = N_("全部")


def png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def explorer(ds, lang: Language):
    """The explorer's filters (方面, 子主题, 省（区、市）, 类别, 档次, free text) over the case table and the map."""
    import ipywidgets as widgets
    from IPython.display import display

    from ..figures import maps
    from .explorer import FACETS, NOT_SHOWN, explorer_frame

    frame = explorer_frame(ds, lang)
    # Themes and subthemes in the brief's order (the cases follow it), the rest alphabetically.
    options = {c: list(frame[c].unique()) if c in ("方面", "子主题") else sorted(frame[c].unique()) for c in FACETS}
    # (label, value) options: the value is what the frame holds; ALL is shown in the edition's language.
    choices = {c: widgets.Dropdown(options=[(lang._(ALL), ALL), *((v, v) for v in options[c])], description=lang._(c),
                                   style={"description_width": "initial"})
               for c in FACETS}
    text = widgets.Text(description=lang._("搜索"), placeholder=lang._("例如 产教融合"))
    count = widgets.HTML()
    table = widgets.HTML()
    tiles = widgets.Image(format="png", layout={"width": "100%", "max_width": "720px"})

    def redraw(_change=None):
        rows = frame
        for column, box in choices.items():
            if box.value != ALL:
                rows = rows[rows[column] == box.value]
        if text.value:
            rows = rows[rows.摘录.str.contains(text.value, regex=False) | rows.案例标题.str.contains(text.value,
                                                                                                   regex=False)]
        shown_cases = lang.ngettext("{n} 个案例", "{n} 个案例", len(rows)).format(n=len(rows))  # 1 case, 2 cases
        count.value = "<p class='live-count'>" + shown_cases + "</p>"
        # to_html escapes the text
        shown = rows.drop(columns=list(NOT_SHOWN))
        table.value = shown.set_axis([lang._(c) for c in shown.columns], axis=1).to_html(index=False,
                                                                                          classes="live-cases")
        tiles.value = png(maps.province_tiles(ds, lang, ds.cases.loc[rows.index]).fig)

    for box in (*choices.values(), text):
        box.observe(redraw, names="value")
    redraw()
    boxes = list(choices.values())
    display(widgets.VBox([widgets.HBox(boxes[:3]), widgets.HBox(boxes[3:]), text, count, table, tiles]))


def theme_view(ds, lang: Language, theme_id: str):
    """One live view of the chapter's figure: choose the measure, the bars are redrawn (`charts.theme_measure`,
    which also draws each state of the site's live figure)."""
    import ipywidgets as widgets
    from IPython.display import display

    from ..figures.charts import theme_measure, theme_measures

    _data, _label, measures, _rows = theme_measures(ds, lang, theme_id)
    measure = widgets.Dropdown(options=[m.column for m in measures], description=lang._("指标"),
                               style={"description_width": "initial"})
    image = widgets.Image(format="png", layout={"width": "100%", "max_width": "720px"})

    def redraw(_change=None):
        image.value = png(theme_measure(ds, lang, theme_id, measure.value).fig)

    measure.observe(redraw, names="value")
    redraw()
    display(widgets.VBox([measure, image]))

"""Live views for analysts in Jupyter (ipywidgets): a control changes, a table or a figure is redrawn.

These cells are removed from the static site (tag `remove-cell`), which keeps its default rendering. No
Output widget: its capture hooks can stall a headless execution; figures go to an Image widget as PNG bytes.
"""
from __future__ import annotations

import io

import pandas as pd

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
        count.value = "<p class='live-count'>" + lang._("{n} 个案例").format(n=len(rows)) + "</p>"
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


def theme_measures(ds, lang: Language, theme_id: str) -> tuple[pd.DataFrame, str, list[str]]:
    """What a theme's live figure can show: a table of bars, its label column and its measure columns.
    Talent: its subthemes by units, share or practices. Other themes: the five themes by a count, this one
    highlighted (those subthemes give no units)."""
    from ..figures.charts import short_title

    if theme_id == "talent":
        st = ds.subthemes[ds.subthemes.theme_id == "talent"].sort_values("order")
        data = pd.DataFrame({lang._("子主题"): [lang.pick(f"{n}{short_title(t)}", en) for n, t, en in
                                           zip(st.number_zh, st.title_zh, st.title_en)],
                             lang._("建设单位数（所）"): st.units.astype(int).to_numpy(),
                             lang._("占全部建设单位（%）"): (st.share * 100).round(2).to_numpy(),
                             lang._("特色做法数（个）"): st.practices.astype(int).to_numpy()})
        return data, lang._("子主题"), list(data.columns[1:])
    themes = ds.themes.sort_values("order")
    facts = ds.case_facts.merge(ds.cases[["case_id", "theme_id"]], on="case_id").theme_id.value_counts()
    cases = ds.cases.theme_id.value_counts()
    data = pd.DataFrame({lang._("方面"): themes.area_zh.map(lang._).to_numpy(),
                         lang._("分析案例数（个）"): themes.cases_analysed.to_numpy(),
                         lang._("典型案例数（个）"): cases.reindex(themes.theme_id, fill_value=0).to_numpy(),
                         lang._("案例中的数字（项）"): facts.reindex(themes.theme_id, fill_value=0).to_numpy(),
                         "theme_id": themes.theme_id.to_numpy()})
    return data, lang._("方面"), list(data.columns[1:4])


def theme_view(ds, lang: Language, theme_id: str):
    """One live view of the chapter's figure: choose the measure, the bars are redrawn with seaborn."""
    import ipywidgets as widgets
    import seaborn as sns
    from IPython.display import display

    from ..figures import style

    data, label, measures = theme_measures(ds, lang, theme_id)
    measure = widgets.Dropdown(options=measures, description=lang._("指标"), style={"description_width": "initial"})
    image = widgets.Image(format="png", layout={"width": "100%", "max_width": "720px"})

    def redraw(_change=None):
        column = measure.value
        fig, ax = style.new_figure(height_in=0.6 * len(data) + 1.2)
        colours = (style.theme_colours(ds.themes, data.theme_id, theme_id) if "theme_id" in data
                   else [style.PALETTE[0]] * len(data))
        sns.barplot(data=data, x=column, y=label, hue=label, palette=colours, legend=False, ax=ax, orient="h",
                    saturation=1)
        for y, value in enumerate(data[column]):
            ax.text(value, y, f" {value:g}", va="center", fontsize=10)
        ax.set_ylabel("")
        ax.set_xlabel(column)
        ax.set_xlim(0, data[column].max() * 1.18 or 1)
        ax.grid(axis="y", visible=False)
        image.value = png(fig)

    measure.observe(redraw, names="value")
    redraw()
    display(widgets.VBox([measure, image]))

"""The case explorer (案例浏览): an interactive table on the site (its live widgets for Jupyter: `live`).

Glue keys: units_total, cases; claims: top_case_provinces.
"""
from __future__ import annotations

import pandas as pd

from ..format import html_escape as escape
from ..i18n import _, english, pick
from . import claims
from .base import glue_total

# The columns' names are the Chinese ones in the code; readers see them in their edition's language (`_`).
FACETS = ("方面", "子主题", "省（区、市）", "类别", "档次")
# Filtered and searched, not shown: the rows stay one line high.
NOT_SHOWN = ("子主题", "摘录")


def glue(page) -> None:
    ds = page.ds
    glue_total(page)
    page.number("cases", len(ds.cases), table="cases", row="all", column="case_id", note="rows counted")
    claims.leaders(page, "top_case_provinces", ds.cases.province.value_counts(), _("个", "cases"), table="cases",
                   column="province", names=_)
    claims.settle(page)


def live_map(page) -> None:
    """The province tile map, whose case dots on the site follow the table's filters (`live_site`); the image, its
    downloads and the PDF show every case."""
    from ..figures import maps

    chart = maps.province_tiles(page.ds)
    page.live_map("province-tiles", chart, column=_("省（区、市）"), attributes=maps.dot_attributes(page.ds, chart),
                  announce=_("地图标出筛选出的 {n} 个案例"))


def case_excerpts_en(ds) -> pd.Series:
    from .cases import translation

    return pd.Series([translation(ds, c).excerpt_en for c in ds.cases.case_id], index=ds.cases.index)


def explorer_frame(ds, links: bool = False):
    from .cases import case_titles

    areas = ds.themes.set_index("theme_id").area_zh.map(_)
    subs = ds.subthemes.set_index("subtheme_id")
    titles = case_titles(ds)
    if links:
        titles = [f'<a href="{escape(c.theme_id)}.html">{escape(t)}</a>' for c, t in zip(ds.cases.itertuples(), titles)]
    frame = pd.DataFrame({
        "编号": ds.cases.case_id,
        "方面": ds.cases.theme_id.map(areas),
        "建设单位": ds.cases.institution,
        "省（区、市）": ds.cases.province.map(_),
        "类别": ds.cases.category.map(_),
        "档次": ds.cases.tier,
        "案例标题": titles,
        "子主题": [pick(f"{subs.number_zh[s]}{subs.title_zh[s]}", subs.title_en[s]) for s in ds.cases.subtheme_id],
        # The excerpts are quotations: searched in Chinese in both editions (and in English in the English one).
        "摘录": ds.cases.excerpt + (" " + case_excerpts_en(ds) if english() else ""),
    })
    if links:
        # The table renders HTML (for the title links): every other column from data is escaped here.
        for column in frame.columns.drop("案例标题"):
            frame[column] = frame[column].map(escape)
    return frame


def explorer_table(ds):
    """An interactive table (DataTables via itables, bundled into the page): filters and full-text search."""
    import itables

    frame = explorer_frame(ds, links=True)
    facets = [frame.columns.get_loc(c) for c in FACETS]
    hidden = [frame.columns.get_loc(c) for c in NOT_SHOWN]
    frame.columns = [_(c) for c in frame.columns]
    return itables.show(
        frame, connected=False, classes="display compact cell-border", paging=False, scrollX=False,
        layout={"top1": "searchPanes", "topStart": None, "topEnd": "search", "bottomStart": "info", "bottomEnd": None},
        searchPanes={"layout": "columns-3", "cascadePanes": True, "viewTotal": True, "initCollapsed": False,
                     "columns": facets, "dtOpts": {"select": {"style": "multi"}}},
        columnDefs=[{"searchPanes": {"show": True}, "targets": facets},
                    {"visible": False, "targets": hidden}],
        language={"search": _("搜索："), "info": _("共 _TOTAL_ 个案例"), "infoFiltered": _("（从 _MAX_ 个中筛选）"),
                  "zeroRecords": _("没有符合条件的案例"), "infoEmpty": _("没有案例"),
                  "searchPanes": {"title": {"_": _("已选 %d 项"), "0": _("未筛选"), "1": _("已选 1 项")},
                                  "clearMessage": _("清除筛选"), "collapse": _("筛选"),
                                  "collapseMessage": _("全部折叠"), "showMessage": _("全部展开"),
                                  "emptyPanes": _("没有可筛选的条目")}},
        allow_html=True, maxBytes=0)

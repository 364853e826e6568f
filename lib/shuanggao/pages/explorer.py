"""The case explorer (案例浏览): an interactive table on the site (its live widgets for Jupyter: `live`).

Glue keys: units_total, cases; claims: top_case_provinces.
"""
from __future__ import annotations

import json

import pandas as pd

from ..format import html_escape as escape
from ..translation import N_, Language
from . import claims
from .base import glue_total

# The columns' names are the Chinese ones in the code (marked `N_` for the catalogue); readers see them in their
# edition's language (`_`).
FACETS = ("方面", "子主题", "省（区、市）", "类别", "档次")
# Filtered and searched, not shown: the rows stay one line high.
NOT_SHOWN = ("子主题", "摘录")


def glue(page) -> None:
    lang = page.lang
    ds = page.ds
    glue_total(page)
    page.number("cases", len(ds.cases), table="cases", row="all", column="case_id", note="rows counted")
    claims.leaders(page, "top_case_provinces", ds.cases.province.value_counts(), lang.measure("个", "cases"),
                   table="cases",
                   column="province", names=lang._)
    claims.settle(page)


def live_map(page) -> None:
    """The province tile map, whose case dots on the site follow the table's filters (`live_site`); the image, its
    downloads and the PDF show every case."""
    from ..figures import maps

    lang = page.lang
    chart = maps.province_tiles(page.ds, lang)
    page.live_map("province-tiles", chart, column=lang._("省（区、市）"),
                  attributes=maps.dot_attributes(page.ds, lang, chart), announce=announcement(lang))


def announcement(lang: Language) -> tuple[str, str]:
    """What a screen reader hears after a filter, for one case and for any other count ("1 case", "2 cases")."""
    return tuple(lang.ngettext("地图标出筛选出的 {n} 个案例", "地图标出筛选出的 {n} 个案例", n) for n in (1, 2))


def case_excerpts_en(ds) -> pd.Series:
    from ..translation.cases import translation

    return pd.Series([translation(ds, c).excerpt_en for c in ds.cases.case_id], index=ds.cases.index)


def explorer_frame(ds, lang: Language, links: bool = False):
    from ..translation.cases import case_titles

    areas = ds.themes.set_index("theme_id").area_zh.map(lang._)
    subs = ds.subthemes.set_index("subtheme_id")
    titles = case_titles(ds, lang)
    if links:
        titles = [f'<a href="{escape(c.theme_id)}.html">{escape(t)}</a>' for c, t in zip(ds.cases.itertuples(), titles)]
    frame = pd.DataFrame({
        N_("编号"): ds.cases.case_id,
        N_("方面"): ds.cases.theme_id.map(areas),
        N_("建设单位"): [lang.pick(c.institution, getattr(c, "institution_en", None)) for c in ds.cases.itertuples()],
        N_("省（区、市）"): ds.cases.province.map(lang._),
        N_("类别"): ds.cases.category.map(lang._),
        N_("档次"): ds.cases.tier,
        N_("案例标题"): titles,
        N_("子主题"): [lang.pick(f"{subs.number_zh[s]}{subs.title_zh[s]}", subs.title_en[s])
                     for s in ds.cases.subtheme_id],
        # The excerpts are quotations: searched in Chinese in both editions (and in English in the English one).
        N_("摘录"): ds.cases.excerpt + (" " + case_excerpts_en(ds) if lang.english else ""),
    })
    if links:
        # The table renders HTML (for the title links): every other column from data is escaped here.
        for column in frame.columns.drop(["案例标题", "建设单位", "摘录"]):
            frame[column] = frame[column].map(escape)
        # The institutions' names: English with the Chinese beside it, marked, in the English edition; the
        # excerpts are Chinese in both editions, marked so in the English one.
        frame["建设单位"] = [lang.named_html(c.institution, getattr(c, "institution_en", None))
                          for c in ds.cases.itertuples()]
        frame["摘录"] = [lang.zh_html(zh) + (" " + escape(en) if lang.english else "")
                       for zh, en in zip(ds.cases.excerpt, case_excerpts_en(ds) if lang.english else ds.cases.excerpt)]
    return frame


def plain_table(ds, lang: Language, css_class: str) -> str:
    """The cases as a plain HTML table (the columns the interactive one shows): what the PDF prints and what a
    reader without JavaScript sees."""
    frame = explorer_frame(ds, lang, links=True).drop(columns=list(NOT_SHOWN))
    head = "".join(f"<th>{escape(lang._(c))}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def print_table(ds, lang: Language):
    """The same cases as a plain table for the PDF (`print-only`: the site shows the interactive one)."""
    from IPython.display import HTML

    return HTML(plain_table(ds, lang, "print-only case-list"))


def facet_orders(ds, lang: Language) -> dict[str, list[str]]:
    """Each filter's values in the brief's order, written as the table writes them: themes and subthemes in the
    order the data package gives them (`order`); provinces, categories and tiers in the order of its schema's
    enumeration (the standard order of provinces; 学校 before 专业群; A, B, C)."""
    enum = {f["name"]: f["constraints"]["enum"] for f in ds.resource("institutions")["schema"]["fields"]
            if "enum" in f.get("constraints", {})}
    themes = ds.themes.sort_values("order")
    place = {t: i for i, t in enumerate(themes.theme_id)}
    subs = ds.subthemes.assign(theme_place=ds.subthemes.theme_id.map(place)).sort_values(["theme_place", "order"])
    return {
        "方面": [lang._(a) for a in themes.area_zh],
        "子主题": [lang.pick(f"{s.number_zh}{s.title_zh}", s.title_en) for s in subs.itertuples()],
        "省（区、市）": [lang._(p) for p in enum["province"]],
        "类别": [lang._(c) for c in enum["category"]],
        "档次": list(enum["tier"]),
    }


def sort_keys(values, order: list[str]) -> list[str]:
    """Each value's place in `order` as a sortable text (000, 001…); a value the order lacks goes after it."""
    place = {v: i for i, v in enumerate(order)}
    extra = {v: len(order) + i for i, v in enumerate(sorted(set(values) - set(place)))}
    return [f"{place.get(v, extra.get(v)):03d}" for v in values]


# Served from the book's own _static (`site.webperf.copy_table_bundle`); the explorer is book/explorer.html.
BUNDLE_URL = "../_static/itables/dt_bundle.js"
TABLE_ID = "itables_explorer"


def explorer_table(ds, lang: Language) -> None:
    """Show an interactive table (DataTables via itables): filters listed in the brief's order, full-text search.
    Its script and stylesheet are the book's static files (cached, not inline). The plain table is what a reader
    sees first, and what stays where scripts do not run or the bundle cannot load (a notebook opened outside the
    site): the interactive one replaces it when the reader comes near it, so the page's first view does not wait
    for the table library (about 0.7 s of script on this machine, 2.7 s on Lighthouse's
    phone)."""
    from IPython.display import HTML, display

    options = json.dumps(table_options(ds, lang), ensure_ascii=False, sort_keys=True)
    options = options.replace("</", "<\\/")  # inside a script element "</" must not close it; JSON allows \/
    display(HTML(
        f'<table id="{TABLE_ID}" hidden="hidden"></table>'
        f'<div id="{TABLE_ID}_plain">{plain_table(ds, lang, "case-list")}</div>'
        f'<script type="module">{_hydrate_script(options)}</script>'))


# Started once, when the plain table comes within a quarter of a screen below the viewport: a reader who stays
# at the map or follows a link away loads no table library. The stylesheet comes with the script, so neither
# costs the first view; the plain table is hidden only once the interactive one is drawn (and a reader whose focus
# was on one of its links is given the table's search box instead of losing the focus).
def _hydrate_script(options: str) -> str:
    return (
        f'const table = document.getElementById("{TABLE_ID}"), plain = document.getElementById("{TABLE_ID}_plain");'
        'const near = new IntersectionObserver((seen) => { if (seen.some((s) => s.isIntersecting)) start(); },'
        ' { rootMargin: "0px 0px 25% 0px" });'
        'function start() {'
        ' near.disconnect();'
        ' const style = Object.assign(document.createElement("link"),'
        f' {{ rel: "stylesheet", href: "{BUNDLE_URL[:-3]}.css" }});'
        ' const styled = new Promise((done) => { style.onload = style.onerror = done; });'
        ' document.head.append(style);'
        f' Promise.all([import("{BUNDLE_URL}"), styled]).then(([{{ ITable }}]) => {{'
        '  const focused = plain.contains(document.activeElement);'
        '  table.removeAttribute("hidden");'
        f'  new ITable(table, {options});'
        '  plain.setAttribute("hidden", "hidden");'
        '  if (focused) table.closest(".dt-container")?.querySelector("input")?.focus();'
        ' }).catch(() => { table.setAttribute("hidden", "hidden"); plain.removeAttribute("hidden"); });'
        '}'
        'near.observe(plain);')


def table_options(ds, lang: Language) -> dict:
    """ITables' arguments for the case table: its data, its filters (each sorted by a hidden key column, the
    `sort` data of the facet's cells, which SearchPanes lists by) and its messages."""
    from itables.javascript import get_expanded_classes, get_expanded_style, get_itable_arguments

    frame = explorer_frame(ds, lang, links=True)
    orders = facet_orders(ds, lang)
    keys = [f"order-{i}" for i in range(len(FACETS))]
    for key, name in zip(keys, FACETS):
        frame[key] = sort_keys(frame[name], [escape(v) for v in orders[name]])
    facets = [frame.columns.get_loc(c) for c in FACETS]
    hidden = [frame.columns.get_loc(c) for c in (*NOT_SHOWN, *keys)]
    # DataTables writes its headers and messages as HTML: the catalogue's words are escaped like data.
    frame.columns = [c if c in keys else escape(lang._(c)) for c in frame.columns]
    args = dict(get_itable_arguments(
        frame, None, table_id=TABLE_ID, connected=True, classes="display compact cell-border", paging=False,
        scrollX=False,
        layout={"top1": "searchPanes", "topStart": None, "topEnd": "search", "bottomStart": "info", "bottomEnd": None},
        searchPanes={"layout": "columns-3", "cascadePanes": True, "viewTotal": True, "initCollapsed": False,
                     "columns": facets, "dtOpts": {"select": {"style": "multi"}}},
        columnDefs=[{"searchPanes": {"show": True}, "targets": facets},
                    *({"targets": f, "data": {"_": f, "sort": frame.columns.get_loc(k)}} for f, k in zip(facets, keys)),
                    {"visible": False, "targets": hidden},
                    {"searchable": False, "targets": [frame.columns.get_loc(k) for k in keys]}],
        language=_escaped(table_language(lang)), allow_html=True, maxBytes=0))
    for option in ("dt_url", "connected", "display_logo_when_loading"):
        args.pop(option, None)
    args["classes"] = get_expanded_classes(args["classes"])
    args["style"] = get_expanded_style(args["style"])
    return args


def table_language(lang: Language) -> dict:
    """DataTables' messages in the page's language."""
    # DataTables words a count itself: _ENTRIES-TOTAL_ in `info` is `entries` in the number _TOTAL_ needs.
    return {"search": lang._("搜索："), "info": lang._("共 _TOTAL_ 个案例"),
            "entries": {"_": lang.ngettext("个", "个", 2, "cases"), "1": lang.ngettext("个", "个", 1, "cases")},
            "infoFiltered": lang._("（从 _MAX_ 个中筛选）"),
            "zeroRecords": lang._("没有符合条件的案例"), "infoEmpty": lang._("没有案例"),
            "searchPanes": {"title": {"_": lang._("已选 %d 项"), "0": lang._("未筛选"), "1": lang._("已选 1 项")},
                            "clearMessage": lang._("清除筛选"), "collapse": lang._("筛选"),
                            "collapseMessage": lang._("全部折叠"), "showMessage": lang._("全部展开"),
                            "emptyPanes": lang._("没有可筛选的条目")}}


def _escaped(messages):
    return {k: _escaped(v) if isinstance(v, dict) else escape(v) for k, v in messages.items()}

"""The province tile map: every unit by province, with the provinces of the featured cases marked."""
from __future__ import annotations

import pandas as pd
from matplotlib.colors import LinearSegmentedColormap

from ..data.provenance import SEPARATOR, field_title
from ..translation import Language
from . import style as figures
from .charts import Chart, Mark, narrow
from .phone import PHONE_WIDTH_IN

# A place's colour: the more units, the darker; grey for none.
UNITS_COLOURS = LinearSegmentedColormap.from_list("units", ["#E8F1F8", "#0B4F8A"])
NO_UNITS = "#F2F2F2"
# The English map's text at the page's width ("Heilongjiang" fits its tile).
EN_TEXT_PT = 8.6

# Province tiles, roughly where each lies (row from north, column from west). The names are shown through
# the catalogue (`_`), where each has its English name.
PROVINCE_TILES = {
    "黑龙江": (0, 7), "内蒙古": (1, 5), "吉林": (1, 7), "新疆": (2, 0), "北京": (2, 5), "天津": (2, 6),
    "辽宁": (2, 7), "青海": (3, 1), "甘肃": (3, 2), "宁夏": (3, 3), "山西": (3, 4), "河北": (3, 5),
    "山东": (3, 6), "西藏": (4, 0), "四川": (4, 2), "陕西": (4, 3), "河南": (4, 4), "江苏": (4, 5),
    "上海": (4, 6), "云南": (5, 1), "重庆": (5, 2), "湖北": (5, 3), "安徽": (5, 4), "浙江": (5, 5),
    "贵州": (6, 2), "湖南": (6, 3), "江西": (6, 4), "福建": (6, 5), "广西": (7, 2), "广东": (7, 3),
    "海南": (8, 3), "台湾": (7, 6), "香港": (8, 4), "澳门": (8, 2),
}


def province_tiles(ds, lang: Language, cases: pd.DataFrame | None = None, *, width_in: float = figures.WIDTH_IN):
    """All units by province as a tile map, with the provinces of the featured cases marked (of `cases`, a
    selection of them, if given: the explorer's live filters redraw it); at the page's width, with its phone
    variant (`Chart.phone`, as `charts.for_phones` gives), drawn here from the same data with the same marks: in
    Chinese the map filling a phone's width, its dots larger; in English, whose names do not fit a phone's tiles
    at 11 px ("Heilongjiang", "Inner Mongolia"), the places as a list sorted by their units (`_ranked`)."""
    chart = _tiles(ds, lang, cases, width_in)
    if width_in == figures.WIDTH_IN:
        draw = _ranked if lang.english else _tiles
        chart.draw_phone = lambda: draw(ds, lang, cases, PHONE_WIDTH_IN)
    return chart


def _counts(ds, cases: pd.DataFrame | None) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """Units by province, featured cases by province (of `cases`, or all), and the cases."""
    units = ds.institutions.province.value_counts()
    cases = ds.cases if cases is None else cases
    unknown = sorted(set(units.index) - set(PROVINCE_TILES))
    if unknown:
        raise ValueError(f"no tile position for province(s) {', '.join(unknown)}")
    return units, cases.province.value_counts(), cases


def _marks(ds, lang: Language, units: pd.Series, featured: pd.Series) -> dict[str, Mark]:
    """What each place's mark (`tile-<i>`) and case dot (`dot-<i>`) says on the site, whichever the layout: the
    explorer's script finds a dot and its count (`dot-<i>-count`) by these ids."""
    marks = {}
    for i, province in enumerate(PROVINCE_TILES):
        n, k, name = int(units.get(province, 0)), int(featured.get(province, 0)), lang._(province)
        marks[f"tile-{i}"] = Mark(name, str(n), lang.ngettext("所", "所", n), units_source(ds, lang, province))
        if k:
            marks[f"dot-{i}"] = Mark(name, str(k), lang.ngettext("个", "个", k, "cases"),
                                     case_source(ds, lang, province))
    return marks


def _tiles(ds, lang: Language, cases: pd.DataFrame | None, width_in: float):
    from matplotlib.patches import Circle, Rectangle

    units, featured, cases = _counts(ds, cases)
    top = units.max()
    phone = narrow(width_in)
    fig, ax = figures.new_figure(height_in=6.2 if not phone else width_in * 1.12, width_in=width_in)
    for i, (province, (r, c)) in enumerate(PROVINCE_TILES.items()):
        n = int(units.get(province, 0))
        colour = UNITS_COLOURS(n / top) if n else NO_UNITS
        tile = ax.add_patch(Rectangle((c, -r), 0.94, 0.94, facecolor=colour, edgecolor="white"))
        ink = "white" if n / top > 0.55 else figures.INK
        # English names are longer: smaller, over two lines where they have two words, yet 11 px on the narrowest
        # screen served the map (a 600 px viewport; `figures.rules`); the counts and dots the same size, so that the
        # map's text prints within 7–9 pt at one scale (`site.printfigures`).
        name = lang._(province)
        # On a phone, name and count sit lower, under the larger dot.
        ax.text(c + 0.47, -r + (0.62 if not phone else 0.5), name if not lang.english else name.replace(" ", "\n"),
                ha="center", va="center", fontsize=10 if not lang.english else EN_TEXT_PT, color=ink, linespacing=0.9)
        ax.text(c + 0.47, -r + (0.3 if not phone else 0.17), str(n) if n else "—", ha="center", va="center",
                fontsize=10 if not lang.english else EN_TEXT_PT, color=ink)
        # Each tile and dot is a mark the site names on hover and focus (`marks`); the explorer's script
        # updates a dot and its count (`dot-<i>-count`) from the cases its filters leave.
        tile.set_gid(f"tile-{i}")
        k = int(featured.get(province, 0))
        if k:
            at = (c + 0.84, -r + 0.84) if not phone else (c + 0.8, -r + 0.8)
            ax.add_patch(Circle(at, 0.15 if not phone else 0.18, facecolor=figures.FEATURED,
                                edgecolor="white")).set_gid(f"dot-{i}")
            ax.text(*at, str(k), ha="center", va="center", fontsize=10 if phone else 8.5 if not lang.english else
                    EN_TEXT_PT, color="white", gid=f"dot-{i}-count")
    ax.set_xlim(-0.1, 8.1)
    ax.set_ylim(-8.1, 1.05)
    ax.set_aspect("equal")
    ax.axis("off")
    return _chart(ds, lang, cases, fig, units, featured)


def _ranked(ds, lang: Language, cases: pd.DataFrame | None, width_in: float):
    """The map's places as a list, for a phone in English: a row each, most units first, a bar as long as its
    units in its tile's colour, the count after it, and its cases' dot with their number in a column of their own;
    the same marks as the tiles (`_marks`), so that the explorer's script updates the dots as it does on the map."""
    units, featured, cases = _counts(ds, cases)
    top = units.max()
    places = list(PROVINCE_TILES)
    rows = sorted(range(len(places)), key=lambda i: (-int(units.get(places[i], 0)), lang._(places[i])))
    fig, ax = figures.new_figure(height_in=0.21 * len(rows) + 0.9, width_in=width_in)
    dots_at = top * 1.32
    for y, i in enumerate(rows):
        n, k = int(units.get(places[i], 0)), int(featured.get(places[i], 0))
        bar = ax.barh(y, n, height=0.72, color=UNITS_COLOURS(n / top) if n else NO_UNITS,
                      edgecolor=UNITS_COLOURS(1.0), linewidth=0.6)[0]
        bar.set_gid(f"tile-{i}")
        ax.text(n + top * 0.02, y, str(n) if n else "—", va="center", fontsize=10)
        if k:
            ax.scatter([dots_at], [y], s=150, color=figures.FEATURED, edgecolors="white", zorder=3).set_gid(f"dot-{i}")
            ax.text(dots_at, y, str(k), ha="center", va="center", fontsize=10, color="white", gid=f"dot-{i}-count")
    ax.text(dots_at, -1.1, lang._("典型案例数"), ha="center", va="center", fontsize=10)
    ax.set_yticks(range(len(rows)), [lang._(places[i]) for i in rows], fontsize=10)
    ax.set_ylim(len(rows) - 0.5, -1.7)
    ax.set_xlim(0, top * 1.5)
    ax.set_xticks([t for t in ax.xaxis.get_major_locator().tick_values(0, top) if 0 <= t <= top])
    ax.tick_params(axis="x", labelsize=10)
    ax.set_xlabel(lang._("建设单位数（所）"), fontsize=10.5)
    ax.grid(axis="y", visible=False)
    return _chart(ds, lang, cases, fig, units, featured)


def _chart(ds, lang: Language, cases: pd.DataFrame, fig, units: pd.Series, featured: pd.Series):
    """The map's data, words and marks, the same whatever its layout."""
    top = units.max()
    data = pd.DataFrame({lang._("省（区、市）"): [lang._(p) for p in PROVINCE_TILES]})
    data[lang._("建设单位数")] = [int(units.get(p, 0)) for p in PROVINCE_TILES]
    data[lang._("典型案例数")] = [int(featured.get(p, 0)) for p in PROVINCE_TILES]
    data[lang._("典型案例建设单位")] = [lang.listing(lang.pick(c.institution, getattr(c, "institution_en", None))
                                                  for c in cases[cases.province == p].itertuples())
                                     for p in PROVINCE_TILES]
    marked = lang._("；").join(lang._("{province} {n} 个").format(province=lang._(p), n=k) for p, k in featured.items())
    alt = lang._("中国省级行政区方块地图：颜色越深表示建设单位越多（最多 {top} 所），{n} 个省（区、市）有建设单位。"
            "黑色圆点标出典型案例所在省（区、市）及案例数：{marked}。").format(top=top, n=len(units), marked=marked)
    none = lang.listing(lang._(p) for p in PROVINCE_TILES if not units.get(p, 0))
    caption = lang._("全部 {units} 所建设单位的省（区、市）分布（颜色）与 {cases} 个典型案例的位置"
                     "（黑色圆点中的数字）。"
                     "地图列出全部 {tiles} 个省级行政区，灰色、标“—”的没有建设单位：{none}。"
                     "方块只示意大致方位，不表示疆域、边界或面积。").format(
        units=len(ds.institutions), cases=len(cases), tiles=len(PROVINCE_TILES), none=none)
    return Chart(fig, data, alt, caption, tables=["institutions", "cases"], marks=_marks(ds, lang, units, featured))


def table_title(ds, lang: Language, table: str) -> str:
    return lang._("“{title}”表").format(title=lang._(ds.resource(table).get("title", table)))


def place_words(lang: Language, province: str) -> str:
    """省（区、市）：浙江, the house's term (the roster's field title, 省份, is not)."""
    return lang._("{field}：{value}").format(field=lang._("省（区、市）"), value=lang._(province))


def units_source(ds, lang: Language, province: str) -> str:
    """Where a tile's count of units comes from: the roster's rows in that place."""
    return lang._("数据：{source}").format(source=SEPARATOR.join(
        [table_title(ds, lang, "institutions"), place_words(lang, province),
         field_title(ds, lang, "institutions", "name")]))


def case_source(ds, lang: Language, province: str) -> str:
    """Where a dot's count of cases comes from, as the verification page names it."""
    # The cases table has no province (it is the institution's): the place is named in words.
    return lang._("数据：{source}").format(source=SEPARATOR.join(
        [table_title(ds, lang, "cases"), place_words(lang, province), field_title(ds, lang, "cases", "case_id")]))


def dot_attributes(ds, lang: Language, chart) -> dict[str, dict[str, str]]:
    """For the explorer's script: each dot's place as the table writes it, and its label with `{n}` for the
    count of the cases shown, in the form for one case (`template-one`) and for any other count (`template`) so
    English says "1 case" and "2 cases" (the dot's count is drawn as `<dot's id>-count`)."""
    out = {}
    for i, province in enumerate(PROVINCE_TILES):
        if f"dot-{i}" in chart.marks:
            place, source = lang._(province), case_source(ds, lang, province)
            one, other = (Mark(place, "{n}", lang.ngettext("个", "个", n, "cases"), source).text(lang) for n in (1, 2))
            out[f"dot-{i}"] = {"place": place, "template": other, "template-one": one}
    return out

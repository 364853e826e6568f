"""The book's figures. Each returns a `Chart`: the figure, the data it plots, alt text, caption, and its
provenance (the tables it reads and the brief's lines), all computed from the data.

This module is longer than 250 lines because it holds every chart of the book in one place, including each
theme's live figure (`theme_measures`, `theme_measure`), which the Jupyter widget and the site both draw."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..data.origin import differs, edited_rows, edition_words
from ..data.provenance import reader_source
from ..data.source import LineRange
from ..format import format_share
from ..translation import Language
from . import style as figures
from .phone import PHONE_WIDTH_IN

# The longest category label drawn on one line; longer ones are cut with "…" (the CSV keeps them whole).
LABEL_CHARS = 10

# Every chart is drawn in the book's style.
figures.use_book_style()


@dataclass
class Chart:
    fig: object
    data: pd.DataFrame
    alt: str
    caption: str
    tables: list[str] = field(default_factory=list)   # the data tables it is computed from
    lines: str | None = None                          # the brief's lines it reproduces, if any
    rows: list[str] | None = None                     # the keys of the rows it plots, if known (whose values: `origin`)
    # For each axis that carries a quantity, the units plotted on it: one unit per axis (figures.check).
    units: dict[str, list[str]] = field(default_factory=dict)
    # The marks a reader can ask about on the site: an artist's gid (`set_gid`) → what it shows (`Mark`).
    marks: dict[str, Mark] = field(default_factory=dict)
    # Draws the phone variant: the same chart function, with the same data, at the phone's width (`for_phones`).
    draw_phone: Callable[[], Chart] | None = field(default=None, repr=False, compare=False)

    def phone(self) -> Chart | None:
        """The chart drawn again for phones (None for a chart that has no phone variant)."""
        return self.draw_phone() if self.draw_phone is not None else None


def for_phones(draw):
    """A chart function that draws at `width_in`: called at the page's width, the `Chart` it returns can draw
    itself again, from the same arguments, at the phone's (`Chart.phone`), so both variants show the same data."""
    @functools.wraps(draw)
    def drawn(*args, width_in: float = figures.WIDTH_IN, **kwargs):
        chart = draw(*args, width_in=width_in, **kwargs)
        if width_in == figures.WIDTH_IN:
            chart.draw_phone = functools.partial(draw, *args, width_in=PHONE_WIDTH_IN, **kwargs)
        return chart
    return drawn


def narrow(width_in: float) -> bool:
    """Drawn for a phone: long labels wrap shorter, legends stack."""
    return width_in < figures.WIDTH_IN


@dataclass(frozen=True)
class Mark:
    """One bar or dot as the site names it on hover and focus: its value as the page writes it, its unit and
    where it comes from (table, row and column, as the verification page names them)."""
    label: str
    value: str
    unit: str
    source: str

    def text(self, lang: Language) -> str:
        # 30.96%, but 61 所 / 61 units
        amount = f"{self.value}{self.unit}" if self.unit == "%" else f"{self.value} {self.unit}"
        return lang._("{label}：{amount}（{source}）").format(label=self.label, amount=amount, source=self.source)


@dataclass(frozen=True)
class Measure:
    """One quantity a theme's live figure can show (the control's option): its column in the figure's data, its
    unit, and the table and column each bar's value is read from."""
    column: str
    unit: str
    table: str
    source_column: str


@for_phones
def units_by_province(ds, lang: Language, *, width_in: float = figures.WIDTH_IN):
    inst = ds.institutions.assign(province=ds.institutions.province.map(lang._))
    table = (inst.groupby(["province", "tier"]).size().unstack("tier", fill_value=0)
             .reindex(columns=["A", "B", "C"], fill_value=0))
    table["合计"] = table.sum(axis=1)
    table = table.sort_values(["合计", "A", "B"], ascending=[True, True, True])
    fig, ax = figures.new_figure(height_in=max(4.0, 0.26 * len(table) + 1.2), width_in=width_in)
    left = np.zeros(len(table))
    for tier in ["A", "B", "C"]:
        ax.barh(table.index, table[tier], left=left, color=figures.TIER_COLOURS[tier],
                label=lang._("{tier} 档").format(tier=tier), edgecolor="white", linewidth=0.6)
        left += table[tier].to_numpy()
    for y, total in enumerate(table["合计"]):
        ax.text(total + 0.2, y, str(total), va="center", fontsize=10.5)
    ax.set_xlabel(lang._("建设单位数（所）"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("")
    ax.legend(title=lang._("档次"), loc="lower right", frameon=True)
    ax.grid(axis="y", visible=False)
    ax.margins(y=0.01)
    top = table.iloc[::-1].head(3)
    data = table.iloc[::-1].reset_index().rename(
        columns={"province": lang._("省（区、市）"), "A": lang._("A档"), "B": lang._("B档"), "C": lang._("C档"),
                 "合计": lang._("合计")})
    alt = lang._("横向堆积条形图：{n} 个省（区、市）的“双高计划”建设单位数，按 A、B、C 档着色。最多的是{top}。").format(
        n=len(table), top=lang.listing(lang._("{province}（{n} 所）").format(province=p, n=n)
                                       for p, n in top["合计"].items()))
    caption = lang._("各省（区、市）各有多少建设单位，分属哪一档？共 {n} 所，按档次分色").format(n=len(inst))
    return Chart(fig, data, alt, caption, tables=["institutions"], units={"横轴": ["所"]})


@for_phones
def cases_per_theme(ds, lang: Language, highlight: str | None = None, *, width_in: float = figures.WIDTH_IN):
    themes = ds.themes.sort_values("order")
    colours = figures.theme_colours(ds.themes, themes.theme_id, highlight)
    fig, ax = figures.new_figure(height_in=3.0 if not narrow(width_in) else 3.4, width_in=width_in)
    # Labels longer than a theme's name are cut (the data download keeps them whole); on a phone English ones wrap.
    areas = themes.area_zh.map(lang._)
    shown = [short(a, LABEL_CHARS) if not lang.english else
             wrap(short(a, 3 * LABEL_CHARS), 14) if narrow(width_in) else short(a, 3 * LABEL_CHARS) for a in areas]
    ax.barh(shown, themes.cases_analysed, color=colours)
    ax.invert_yaxis()
    for y, n in enumerate(themes.cases_analysed):
        ax.text(n + 3, y, str(n), va="center", fontsize=11)
    ax.set_xlabel(lang._("分析案例数（个）"))
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, themes.cases_analysed.max() * 1.12)
    data = pd.DataFrame({lang._("方面"): areas, lang._("简报标题"): themes.title_zh,
                         lang._("分析案例数"): themes.cases_analysed})
    if lang.english:
        data["title (this book's translation)"] = themes.title_en
    data[lang._("占全部案例")] = [share_text(n, themes.cases_analysed.sum(), 1) for n in themes.cases_analysed]
    total = int(themes.cases_analysed.sum())
    counts = lang.listing(lang._("{area} {n} 个").format(area=a, n=n) for a, n in zip(areas, themes.cases_analysed))
    alt = lang._("条形图：{n} 个方面的分析案例数，{counts}，合计 {total} 个。").format(n=len(themes), counts=counts,
                                                                     total=total)
    if highlight:
        alt += lang._("突出显示“{area}”。").format(area=lang._(themes.set_index("theme_id").area_zh[highlight]))
    caption = lang._("简报在 {n} 个方面各分析了多少个案例？合计 {total} 个").format(n=len(themes), total=total)
    return Chart(fig, data, alt, caption, tables=["themes"], units={"横轴": ["个"]})


@for_phones
def talent_subthemes(ds, lang: Language, *, width_in: float = figures.WIDTH_IN):
    """Units and practices are different quantities: two panels, each with its own axis."""
    st = ds.subthemes[ds.subthemes.theme_id == "talent"].sort_values("order")
    labels = [lang.pick(f"{n}{short_title(t)}", en) for n, t, en in zip(st.number_zh, st.title_zh, st.title_en)]
    y = np.arange(len(st))
    # On a phone the two panels are stacked (side by side, neither has room for its labels), each with its labels.
    stacked = narrow(width_in)
    height = 3.2 if not stacked else 7.5 if lang.english else 5.2
    fig, (left, right) = (figures.new_figure(height_in=height, width_in=width_in, nrows=2) if stacked else
                          figures.new_figure(height_in=height, width_in=width_in, ncols=2, sharey=True))
    # Both panels in the theme's colour, which means the theme; the axes say which quantity each shows.
    colour, area = figures.theme_palette(ds.themes)["talent"], lang._(ds.themes.set_index("theme_id").area_zh["talent"])
    left.barh(y, st.units, color=colour, label=area)
    right.barh(y, st.practices, color=colour, label=area)
    for yi, u, p, share in zip(y, st.units, st.practices, st.share_recomputed):
        left.text(u + 2, yi, lang._("{units}（{share}）").format(units=u, share=share), va="center", fontsize=10)
        right.text(p + 2, yi, f"{p}", va="center", fontsize=10)
    chars = (7, 22) if not stacked else (8, 20)  # a line of a label, Chinese and English
    ticks = [wrap(short(label, 2 * LABEL_CHARS), chars[0]) if not lang.english else wrap(short(label, 66), chars[1])
             for label in labels]
    for ax in ((left, right) if stacked else (left,)):
        ax.set_yticks(y, ticks)
        ax.invert_yaxis()
    left.set_xlim(0, st.units.max() * 1.75)
    right.set_xlim(0, st.practices.max() * 1.25)
    left.set_xlabel(lang._("建设单位数（所）"))
    right.set_xlabel(lang._("特色做法数（个）"))
    for ax in (left, right):
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    columns = ["number_zh", "title_zh", *(["title_en"] if lang.english else []), "units", "share_printed",
               "share_recomputed", "practices"]
    data = st[columns].rename(columns={
        "number_zh": lang._("序号"), "title_zh": lang._("子主题"), "title_en": "subtheme (English)",
        "units": lang._("建设单位数"),
        # An edition's share is its own, not what the brief prints.
        "share_printed": lang._("占比（本版）") if edited_rows(ds, ["subthemes"], list(st.subtheme_id)) else
        lang._("占比（简报）"),
        "share_recomputed": lang._("占比（重算）"), "practices": lang._("特色做法数")})
    each = lang._("；").join(lang._("{label}：{units} 所，占 {share}，{practices} 个做法").format(
        label=lab, units=u, share=s, practices=p) for lab, u, s, p in zip(labels, st.units, st.share_recomputed,
                                                                           st.practices))
    alt = lang._("两幅并排的条形图：左为人才培养三个子主题的建设单位数，右为特色做法数。{each}。").format(each=each)
    of = {"subset reports": lang._("占子集中编码的 {total} 份报告"), "subset units": lang._("占子集的 {total} 所"),
          "reports": lang._("占编码的 {total} 份报告"), "units": lang._("占 {total} 所")}[ds.share_of].format(
        total=ds.share_total)
    caption = lang._("人才培养的三个子主题各有多少建设单位写入相关要素（左，括号内为{of}的比例），"
                "形成了多少项特色做法（右）？").format(of=of)
    return Chart(fig, data, alt, caption, tables=["subthemes"], lines=span(st.lines), rows=list(st.subtheme_id),
                 units={"左图横轴": ["所"], "右图横轴": ["个"]})


@for_phones
def featured_profile(ds, lang: Language, *, width_in: float = figures.WIDTH_IN):
    """The sixteen featured institutions against all units, by category and tier."""
    def group(category, tier):
        return f"{lang._(category)} · " + lang._("{tier} 档").format(tier=tier)

    inst = ds.institutions.assign(group=[group(c, t) for c, t in zip(ds.institutions.category, ds.institutions.tier)])
    featured = inst[inst.name.isin(ds.cases.institution)]
    order = [group(c, t) for c in ["学校", "专业群"] for t in "ABC"]
    table = pd.DataFrame({
        "全部建设单位": inst.group.value_counts().reindex(order, fill_value=0),
        "典型案例建设单位": featured.group.value_counts().reindex(order, fill_value=0),
    })
    shares = table / table.sum() * 100
    fig, ax = figures.new_figure(height_in=3.6 if not narrow(width_in) else 4.4, width_in=width_in)
    y = np.arange(len(order))
    h = 0.38
    ax.barh(y - h / 2, shares["全部建设单位"], height=h, color=figures.COMPARISON,
            label=lang._("全部建设单位（{n} 所）").format(n=len(inst)))
    ax.barh(y + h / 2, shares["典型案例建设单位"], height=h, color=figures.FEATURED,
            label=lang._("典型案例建设单位（{n} 所）").format(n=len(featured)))
    # Each bar says the share it plots, then the count it is taken from.
    for yi, (a, f), (na, nf) in zip(y, shares.to_numpy(), table.to_numpy()):
        for x, yy, n, total in ((a, yi - h / 2, na, len(inst)), (f, yi + h / 2, nf, len(featured))):
            ax.text(x + 0.5, yy, lang._("{share}（{n} 所）").format(share=share_text(n, total, 0), n=n), va="center",
                    fontsize=10.5)
    ax.set_yticks(y, order)
    ax.invert_yaxis()
    title = lang._("占各自总数的比例（%）")
    ax.set_xlabel(title if not narrow(width_in) else wrap(title, 24))
    ax.set_xlim(0, shares.to_numpy().max() * 1.5)
    ax.grid(axis="y", visible=False)
    # The English legend is longer than the Chinese: set flush with the plot's right edge, not centred on it.
    # On a phone the two entries stack.
    ax.legend(loc="lower right" if lang.english else "lower center", bbox_to_anchor=(1.0 if lang.english else 0.5, 1.0),
              ncol=2 if not narrow(width_in) else 1, frameon=False)
    data = table.reset_index(names=lang._("类别与档次")).rename(columns={"全部建设单位": lang._("全部建设单位"),
                                                               "典型案例建设单位": lang._("典型案例建设单位")})
    data[lang._("全部建设单位占比")] = [share_text(n, len(inst), 1) for n in table["全部建设单位"]]
    data[lang._("典型案例建设单位占比")] = [share_text(n, len(featured), 1) for n in table["典型案例建设单位"]]
    each = lang._("；").join(lang._("{group}：全部 {all} 所、案例 {cases} 所").format(group=g, all=a, cases=f)
                       for g, a, f in zip(order, table.iloc[:, 0], table.iloc[:, 1]))
    alt = lang._("分组条形图：按类别与档次比较 {featured} 所典型案例建设单位与全部 {all} 所建设单位的构成。"
                 "{each}。").format(
        featured=len(featured), all=len(inst), each=each)
    caption = lang._("典型案例建设单位（{featured} 所）的类别与档次构成，与全部建设单位（{all} 所）相比如何？"
                "两组各以自身总数为 100%").format(featured=len(featured), all=len(inst))
    return Chart(fig, data, alt, caption, tables=["cases", "institutions"], units={"横轴": ["%"]})


def share_text(n, total, decimals=2) -> str:
    return format_share(int(n), int(total), decimals)


def span(specs) -> str:
    """The line range that covers all of `specs` ('37-49', '149-171' → '37-171')."""
    ranges = [LineRange.parse(x) for x in specs]
    return str(LineRange(min(r.first for r in ranges), max(r.last for r in ranges)))


def short_title(title: str) -> str:
    """形成“德技并修、以德为先”培养目标 → 德技并修、以德为先"""
    inner = title.partition("“")[2].partition("”")[0]
    return inner or title


def short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def wrap(text: str, width: int) -> str:
    """A long label over lines of at most about `width` characters; no line starts with closing
    punctuation (、，。）”…), which Chinese typesetting keeps at the end of the line before."""
    import textwrap

    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)
    for i in range(1, len(lines)):
        while lines[i] and lines[i][0] in "、，。；：）”’！？":
            lines[i - 1] += lines[i][0]
            lines[i] = lines[i][1:]
    return "\n".join(line for line in lines if line)


@for_phones
def coding_heatmap(ds, lang: Language, matches: pd.DataFrame, *, width_in: float = figures.WIDTH_IN):
    """Which of the codebook's subthemes the coder finds in each case text."""
    import seaborn as sns

    subs = ds.subthemes[ds.subthemes.subtheme_id.isin(ds.codebook.subtheme_id)].sort_values("order")
    labels = {s.subtheme_id: lang.pick(f"{s.number_zh}{short_title(s.title_zh)}", s.title_en)
              for s in subs.itertuples()}
    cases = ds.cases.sort_values("case_id")
    # A row names its case by its institution, in English in the English edition (a figure cannot mark a Chinese
    # name as such, so the English figure gives the English name alone; the page's tables give both).
    rows = [f"{c.case_id} {lang.pick(c.institution, getattr(c, 'institution_en', None))}" for c in cases.itertuples()]
    counts = (matches.assign(case=matches.institution.map(dict(zip(cases.institution, rows))))
              .pivot_table(index="case", columns="subtheme_id", values="term", aggfunc="count", fill_value=0)
              .reindex(index=rows, columns=list(labels), fill_value=0))
    # English names are longer than Chinese ones: over two lines, in taller rows (the data download keeps them whole).
    # On a phone the column labels stand upright (three side by side have no room) and English rows are taller.
    upright = narrow(width_in)
    row_in = 0.36 if not lang.english else 0.5 if not upright else 0.72
    fig, ax = figures.new_figure(height_in=row_in * len(rows) + (1.6 if not upright else 2.6), width_in=width_in)
    # Long column labels wrap over lines; the data download keeps them whole.
    chars = (7, 16, 30) if not upright else (2 * LABEL_CHARS, 22, 20)  # a line of a column's, and of a row's label
    shown = {k: wrap(short(v, 2 * LABEL_CHARS), chars[0]) if not lang.english else wrap(short(v, 64), chars[1])
             for k, v in labels.items()}
    sns.heatmap(counts.rename(columns=shown), annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5,
                linecolor="white", ax=ax, annot_kws={"fontsize": 10})
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    if lang.english:
        ax.set_yticks(ax.get_yticks(), [wrap(r, chars[2]) for r in rows])
    ax.tick_params(axis="x", labelrotation=90 if upright else 0, labelsize=10.5)
    ax.tick_params(axis="y", labelsize=10)
    data = counts.rename(columns=labels).reset_index(names="case")
    terms = matches.groupby("institution").term.agg(lambda t: lang.listing(dict.fromkeys(t)))
    data["terms"] = [terms.get(c.institution, "") for c in cases.itertuples()]
    hit = data[[labels[s] for s in labels]].sum(axis=1).gt(0).sum()
    alt = (lang._("热力图：{n} 个案例文本（行）中命中人才培养三个子主题编码词（列）的次数。").format(n=len(rows))
           + lang.ngettext("{hit} 个案例至少命中一次，", "{hit} 个案例至少命中一次，", hit).format(hit=hit)
           + lang._("；").join(f"{r.case}{lang._('：')}{r.terms}" for r in data.itertuples() if r.terms) + lang._("。"))
    data = data.rename(columns={"case": lang._("案例"), "terms": lang._("命中的编码词")})
    caption = lang._("用本书的方法给 {n} 个案例文本编码，每个案例命中人才培养各子主题的编码词几次？"
                "编码词取自简报列举的要素").format(n=len(rows))
    return Chart(fig, data, alt, caption, tables=["cases", "codebook", "term_variants"], units={"格中数字": ["次"]})


# A theme's live figure: one chart per measure, drawn by the Jupyter widget and, state by state, for the site ---
def theme_measures(ds, lang: Language, theme_id: str) -> tuple[pd.DataFrame, str, list[Measure], list[str]]:
    """What a theme's live figure can show: a table of bars, its label column, its measures and each bar's row
    (as the verification page names it). Talent: its subthemes by units, share or practices. Other themes: the
    five themes by a count, this one highlighted (those subthemes give no units)."""
    if theme_id == "talent":
        st = ds.subthemes[ds.subthemes.theme_id == "talent"].sort_values("order")
        # The share is of what the edition takes it of (`Dataset.share_of`).
        share = {"subset reports": lang._("占子集（%）"), "subset units": lang._("占子集（%）"),
                 "reports": lang._("占编码的报告（%）"), "units": lang._("占全部建设单位（%）")}[ds.share_of]
        data = pd.DataFrame({lang._("子主题"): [lang.pick(f"{n}{short_title(t)}", en) for n, t, en in
                                           zip(st.number_zh, st.title_zh, st.title_en)],
                             lang._("建设单位数（所）"): st.units.astype(int).to_numpy(),
                             share: (st.share * 100).round(2).to_numpy(),
                             lang._("特色做法数（个）"): st.practices.astype(int).to_numpy()})
        measures = [Measure(lang._("建设单位数（所）"), lang._("所"), "subthemes", "units"),
                    Measure(share, "%", "subthemes", "share_printed"),
                    Measure(lang._("特色做法数（个）"), lang._("个", "practices"), "subthemes", "practices")]
        return data, lang._("子主题"), measures, list(st.subtheme_id)
    themes = ds.themes.sort_values("order")
    facts = ds.case_facts.merge(ds.cases[["case_id", "theme_id"]], on="case_id").theme_id.value_counts()
    cases = ds.cases.theme_id.value_counts()
    data = pd.DataFrame({lang._("方面"): themes.area_zh.map(lang._).to_numpy(),
                         lang._("分析案例数（个）"): themes.cases_analysed.to_numpy(),
                         lang._("典型案例数（个）"): cases.reindex(themes.theme_id, fill_value=0).to_numpy(),
                         lang._("案例中的数字（项）"): facts.reindex(themes.theme_id, fill_value=0).to_numpy(),
                         "theme_id": themes.theme_id.to_numpy()})
    measures = [Measure(lang._("分析案例数（个）"), lang._("个", "cases"), "themes", "cases_analysed"),
                Measure(lang._("典型案例数（个）"), lang._("个", "cases"), "cases", "case_id"),
                Measure(lang._("案例中的数字（项）"), lang._("项"), "case_facts", "case_id")]
    return data, lang._("方面"), measures, list(themes.theme_id)


def measure_row(measure: Measure, row_id: str) -> str:
    """The row a bar's value is read from, as the registry (and so the verification page) writes it."""
    if measure.table == "cases":
        return f"theme_id = {row_id}"
    if measure.table == "case_facts":
        return f"cases of {row_id}"
    return row_id


@for_phones
def theme_measure(ds, lang: Language, theme_id: str, column: str | None = None, *,
                  width_in: float = figures.WIDTH_IN):
    """A theme's live figure showing one measure (the first by default): what the Jupyter widget redraws, and each
    state of the site's live figure. Bars drawn by matplotlib as seaborn's horizontal barplot lays them out (first
    row on top, 0.8 of a row high): seaborn's barplot took a third longer, and every build and test draws each state."""
    from ..format import fmt_value

    data, label, measures, rows = theme_measures(ds, lang, theme_id)
    measure = next((m for m in measures if m.column == column), None) if column else measures[0]
    if measure is None:
        raise ValueError(f"{theme_id}: no measure {column!r} (choose one of {[m.column for m in measures]})")
    # On a phone, rows are taller for labels wrapped over more lines (English ones most).
    row_in = 0.6 if not narrow(width_in) else 0.95 if lang.english else 0.75
    fig, ax = figures.new_figure(height_in=row_in * len(data) + 1.2, width_in=width_in)
    # Bars of themes in their themes' colours; a theme's subthemes all in the theme's colour, which means the theme.
    keyed_by_theme = "theme_id" in data
    colours = (figures.theme_colours(ds.themes, data.theme_id, theme_id) if keyed_by_theme
               else [figures.theme_palette(ds.themes)[theme_id]] * len(data))
    ax.barh(range(len(data)), data[measure.column], height=0.8, color=colours,
            # the colour stands for the theme, not for each subtheme; themes' bars are named by their rows
            label=None if keyed_by_theme else lang._(ds.themes.set_index("theme_id").area_zh[theme_id]))
    ax.set_ylim(len(data) - 0.5, -0.5)
    for y, value in enumerate(data[measure.column]):
        ax.text(value, y, f" {value:g}", va="center", fontsize=10 if not narrow(width_in) else 10.5)
    # Long titles (English subthemes, or whatever an edition's data holds) are wrapped and cut, so that the bars
    # keep their width; the marks name them whole.
    chars = (24, 14) if not narrow(width_in) else (18, 8)  # a line of a label, English and Chinese
    ax.set_yticks(range(len(data)), [wrap(short(t, 66), chars[0]) if lang.english else wrap(short(t, 40), chars[1])
                                     for t in data[label]])
    ax.set_xlabel(measure.column if not narrow(width_in) else wrap(measure.column, 30))
    ax.set_xlim(0, data[measure.column].max() * 1.18 or 1)
    if measure.unit != "%":  # counts: whole-number ticks (an edition of a few reports has an axis of 0–3.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.grid(axis="y", visible=False)
    marks = {}
    bars = [bar for container in ax.containers for bar in container]
    for i, (bar, row, name, value) in enumerate(zip(bars, rows, data[label], data[measure.column])):
        bar.set_gid(f"mark-{i}")
        shown = f"{value:g}" if measure.unit == "%" else fmt_value(value, english=lang.english)
        source = lang._("数据：{source}").format(source=reader_source(
            ds, lang, measure.table, measure_row(measure, row), measure.source_column))
        if differs(ds, measure.table, measure_row(measure, row), measure.source_column):
            source += lang._("；{place}").format(place=edition_words(ds, lang))  # the edition's value, not the brief's
        marks[f"mark-{i}"] = Mark(name, shown, measure.unit, source)
    shown = data.drop(columns=["theme_id"], errors="ignore")[[label, measure.column]]
    highlight = (lang._("；突出显示“{area}”").format(area=lang._(ds.themes.set_index("theme_id").area_zh[theme_id]))
                 if theme_id != "talent" else "")
    alt = lang._("条形图：{measure}。{each}{highlight}。").format(
        measure=measure.column, highlight=highlight,
        each=lang._("；").join(f"{m.label} {m.value}" for m in marks.values()))
    caption = (lang._("人才培养 {n} 个子主题的{measure}") if theme_id == "talent"
               else lang._("{n} 个方面的{measure}，本方面突出显示")).format(n=len(data), measure=measure.column)
    keyed = measure.table in ("themes", "subthemes")  # its rows are the bars' (cases and facts are counted)
    return Chart(fig, shown, alt, caption, tables=[measure.table], rows=rows if keyed else None,
                 units={"横轴": [measure.unit]}, marks=marks)

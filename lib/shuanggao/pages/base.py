"""What every page shares: glued numbers recorded in the registry as they are glued, figures shown with
their data and source, case blocks quoted from the brief, and the numbers several pages glue."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import registry
from ..format import fact_label, fact_label_en, lines_label, md_escape, month_year, whole
from ..i18n import N_, _, english, pick
from ..registry import Result

BRIEF = N_("《“双高计划”中期建设报告》工作简报（浙江省新型高校智库，2022）")
ROSTER = N_("建设单位名单（教职成函〔2019〕14号，经公开网页核对，见附录“数据来源与处理”）")


class Page:
    """One notebook's page. Every number glued through it is written to the registry at once, so no
    trailing call can be forgotten and a page that fails half-way records only what it stated."""

    def __init__(self, ds, notebook: str, out_dir: str | Path = "."):
        self.ds = ds
        self.notebook = notebook
        self.out_dir = Path(out_dir)
        self.results: list[Result] = []

    @classmethod
    def open(cls, notebook: str, data_dir=None, validated_sha256: str | None = None, out_dir: str | Path = ".",
             lang: str = "zh"):
        """Load (and validate) the data package and start the page of `notebook`, written in `lang`."""
        from .. import i18n
        from ..data.dataset import load

        i18n.use(lang)
        return cls(load(data_dir, validated_sha256=validated_sha256), notebook, out_dir)

    # numbers -------------------------------------------------------------
    def number(self, key: str, value, *, table: str, row: str, column: str, text: str | None = None,
               **provenance) -> str:
        """Glue `value` under `key` (as `text` if given) and record where it comes from.

        Prose pastes it with {glue:text}`key:s` (or `notebook.ipynb::key:s` from another page).
        """
        from myst_nb import glue

        value = whole(value.item() if hasattr(value, "item") else value)
        if text is None:
            from ..format import fmt_value

            text = fmt_value(value) if isinstance(value, (int, float)) else str(value)
        # Glue the text: {glue:text} then shows exactly what the registry records.
        glue(key, text, display=False)
        provenance.setdefault("table_title", self.table_title(table))
        self.results.append(Result(key, value, text, table, row, column, self.notebook, **provenance))
        registry.write(self.out_dir, self.notebook, self.results)
        return text

    def table_title(self, table: str) -> str | None:
        """The table's title for readers, in the edition's language."""
        title = next((r.get("title") for r in self.ds.descriptor.get("resources", []) if r["name"] == table), None)
        return _(title) if title else None

    def claim(self, key: str, text: str, *, holds: bool, evaluated: str, table: str, row: str, column: str) -> str:
        """Glue a statement that depends on the data (see `claims`) and record what was evaluated."""
        from myst_nb import glue

        glue(key, text, display=False)
        self.results.append(Result(key, holds, text, table, row, column, self.notebook, kind="claim",
                                   evaluated=evaluated, holds=holds))
        registry.write(self.out_dir, self.notebook, self.results)
        return text

    # figures -------------------------------------------------------------
    def figure(self, fig, name: str, data: pd.DataFrame, *, alt: str, caption: str, source: str, units=None):
        """Check the figure's layout, save it and its data, and show both with the source under the figure."""
        from IPython.display import Markdown, display

        from ..figures import check, style

        check.check(fig, name, units)
        folder = self.out_dir / "figures"
        png, csv, svg = style.save(fig, folder, name, data)

        def rel(p: Path) -> str:
            return p.relative_to(self.out_dir).as_posix()

        display(Markdown(
            f"```{{figure}} {rel(png)}\n:alt: {alt}\n:name: fig-{name}\n:width: 100%\n\n"
            f"{caption}\n\n"
            "<span class=\"figure-meta\">"
            + _("下载：{{download}}`数据（CSV） <{csv}>` · {{download}}`图片（PNG） <{png}>` · "
                "{{download}}`矢量图（SVG） <{svg}>` · 来源：{source}").format(csv=rel(csv), png=rel(png),
                                                                             svg=rel(svg), source=source)
            + "</span>\n```\n"))

    def chart(self, name: str, chart):
        """Show a `Chart` (from `figures.charts`) with its data and its source."""
        if chart is None:
            return
        self.figure(chart.fig, name, chart.data, alt=chart.alt, caption=chart.caption,
                    source=source_note(self.ds, chart.tables, chart.lines), units=chart.units)

    def live_chart(self, name: str, states: list[tuple[str, object]], control: str):
        """A figure readers of the site can switch between `states` ((option, `Chart`) pairs, each drawn by the
        chart function the Jupyter widget calls) with a control named `control`; the first is the figure's image,
        its downloads and what the PDF prints."""
        import matplotlib.pyplot as plt
        from IPython.display import HTML, display

        from ..figures import check
        from .live_site import state_block

        for option, chart in states[1:]:
            check.check(chart.fig, f"{name} ({option})", chart.units)
        block = state_block(name, states, control)
        for _option, chart in states[1:]:
            plt.close(chart.fig)
        self.chart(name, states[0][1])
        display(HTML(block))

    def live_map(self, name: str, chart, *, column: str, attributes: dict[str, dict[str, str]], announce: str):
        """A map whose marked places follow the filters of the page's table (its `column` names each row's place);
        the image, its downloads and the PDF show every case."""
        from IPython.display import HTML, display

        from .live_site import map_block

        block = map_block(name, chart, column, attributes, announce)
        self.chart(name, chart)
        display(HTML(block))

    def brief_heading(self, theme_id: str):
        """The brief's own heading of a theme, as a quotation with its line."""
        from IPython.display import Markdown, display

        from ..data.source import LineRange

        theme = self.ds.themes.set_index("theme_id").loc[theme_id]
        line = LineRange.parse(theme.lines).first
        # 第一部分 in Chinese, part 1 in English.
        section = theme.order if english() else md_escape(theme.section)
        attribution = _("简报第{section}部分的标题（{lines}）").format(section=section, lines=lines_label(line))
        if english():
            # The heading stays a quotation in Chinese; the English is this book's rendering, marked as such.
            display(Markdown(f"```{{epigraph}}\n“{md_escape(theme.title_zh)}”\n\n"
                             f"*{md_escape(theme.title_en)}* (this book’s translation)\n\n-- {attribution}\n```\n"))
            return
        display(Markdown(f"```{{epigraph}}\n“{md_escape(theme.title_zh)}”\n\n-- {attribution}\n```\n"))

    # cases ---------------------------------------------------------------
    def case(self, case_id: str):
        from IPython.display import Markdown, display

        display(Markdown(case_markdown(self.ds, case_id)))


# Numbers several pages glue, each page under its own name (a page pastes its own glue) -------------------
def glue_total(page) -> None:
    """units_total: the number of units (the shares' denominator), as the brief prints it."""
    ds = page.ds
    row = ds.constants.set_index("key").loc[ds.total_key]
    page.number("units_total", ds.total, table="constants", row=ds.total_key, column="value",
                printed=str(ds.total), lines=row["lines"])


def glue_cases_analysed(page, theme) -> None:
    """<theme>_cases_analysed: how many cases the brief analysed in one theme (a row of `themes`)."""
    page.number(f"{theme.theme_id}_cases_analysed", theme.cases_analysed, table="themes", row=theme.theme_id,
                column="cases_analysed", printed=str(theme.cases_analysed), lines=theme.lines)


def source_note(ds, tables: list[str], lines: str | None = None) -> str:
    parts = []
    if any(t not in ("institutions", "midterm_grades_2023") for t in tables):
        parts.append(_(BRIEF) + (_("，{lines}").format(lines=lines_label(lines)) if lines else ""))
    if "institutions" in tables:
        parts.append(_(ROSTER))
    # Readers see the tables' titles; the files are in the data package's download.
    titles = _("、").join(_("“{title}”").format(title=md_escape(_(ds.resource(t).get("title", t)))) for t in tables)
    return _("；").join(parts) + _("；数据表 {titles}").format(titles=titles)


CATEGORY = {"学校": N_("高水平学校建设单位"), "专业群": N_("高水平专业群建设单位")}
TRANSLATION_NOTE = {
    "outdated": "This book’s translation (outdated: the Chinese quotation changed after it was written)",
    "current": "This book’s translation", "missing": "Not yet translated"}


def case_markdown(ds, case_id: str) -> str:
    from .cases import translation

    case = ds.cases.set_index("case_id").loc[case_id]
    facts = ds.case_facts[ds.case_facts.case_id == case_id]
    subtheme = ds.subthemes.set_index("subtheme_id").loc[case.subtheme_id]
    category = _(CATEGORY[case.category])
    english_text = translation(ds, case_id) if english() else None
    title = english_text.title_en if english_text else case.title_zh
    subtheme_title = pick(f"{subtheme.number_zh}{subtheme.title_zh}", subtheme.title_en)
    out = [
        f"````{{admonition}} {_('案例')} · {md_escape(case.institution)}{_('：')}{md_escape(title)}",
        ":class: case-study",
        "",
        f"> {md_escape(case.excerpt)}",
        "",
    ]
    if english_text:
        # The quotation stays Chinese; the English is this book's, in a box of its own that says so.
        out += [f":::{{admonition}} {TRANSLATION_NOTE[english_text.status]}",
                f":class: book-translation{' translation-outdated' if english_text.status == 'outdated' else ''}",
                "", f"**{md_escape(english_text.title_en)}**", "", md_escape(english_text.excerpt_en or "—"),
                ":::", ""]
    out.append(
        f"<span class=\"case-meta\">{md_escape(case.institution)} · {md_escape(_(case.province))} · {category} · "
        + _("{tier} 档").format(tier=md_escape(case.tier)) + f" · {md_escape(subtheme_title)} · "
        + _("出处：{lines}（标题：{title_lines}）").format(lines=lines_label(case.lines),
                                                     title_lines=lines_label(case.title_lines))
        + ("" if not english_text else f" · {_('原题')}{_('：')}{md_escape(case.title_zh)}") + "</span>")
    if len(facts):
        out += ["", "| " + " | ".join([_("数值"), _("统计对象"), _("年份"), _("原文")]) + " |", "|---:|---|---|---|"]
        for f in facts.itertuples():
            shown = (fact_label_en if english() else fact_label)(f.value, f.unit, f.qualifier, f.kind)
            when = "" if pd.isna(f.year) else month_year(f.year, f.month, english())
            out.append(f"| {md_escape(shown)} | {md_escape(pick(f.measure_zh, f.measure_en))} | {when} | "
                       f"{md_escape(f.quote)} |")
    out.append("````")
    return "\n".join(out) + "\n"

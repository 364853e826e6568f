"""What every page shares: glued numbers recorded in the registry as they are glued, figures shown with
their data and source, and case blocks quoted from the brief."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import registry
from ..format import fact_label, lines_label, md_escape, whole
from ..registry import Result

BRIEF = "《“双高计划”中期建设报告》工作简报（浙江省新型高校智库，2022）"
ROSTER = "建设单位名单（教职成函〔2019〕14号，经公开网页核对，见附录“数据来源与处理”）"


class Page:
    """One notebook's page. Every number glued through it is written to the registry at once, so no
    trailing call can be forgotten and a page that fails half-way records only what it stated."""

    def __init__(self, ds, notebook: str, out_dir: str | Path = "."):
        self.ds = ds
        self.notebook = notebook
        self.out_dir = Path(out_dir)
        self.results: list[Result] = []

    @classmethod
    def open(cls, notebook: str, data_dir=None, validated_sha256: str | None = None, out_dir: str | Path = "."):
        """Load (and validate) the data package and start the page of `notebook`."""
        from ..data.dataset import load

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
        return next((r.get("title") for r in self.ds.descriptor.get("resources", []) if r["name"] == table), None)

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
            f"<span class=\"figure-meta\">下载：{{download}}`数据（CSV） <{rel(csv)}>` · "
            f"{{download}}`图片（PNG） <{rel(png)}>` · {{download}}`矢量图（SVG） <{rel(svg)}>` · "
            f"来源：{source}</span>\n```\n"))

    def chart(self, name: str, chart):
        """Show a `Chart` (from `figures.charts`) with its data and its source."""
        if chart is None:
            return
        self.figure(chart.fig, name, chart.data, alt=chart.alt, caption=chart.caption,
                    source=source_note(self.ds, chart.tables, chart.lines), units=chart.units)

    def brief_heading(self, theme_id: str):
        """The brief's own heading of a theme, as a quotation with its line."""
        from IPython.display import Markdown, display

        from ..data.source import LineRange

        theme = self.ds.themes.set_index("theme_id").loc[theme_id]
        line = LineRange.parse(theme.lines).first
        display(Markdown(f"```{{epigraph}}\n“{md_escape(theme.title_zh)}”\n\n"
                         f"-- 简报第{md_escape(theme.section)}部分的标题（{lines_label(line)}）\n```\n"))

    # cases ---------------------------------------------------------------
    def case(self, case_id: str):
        from IPython.display import Markdown, display

        display(Markdown(case_markdown(self.ds, case_id)))


def source_note(ds, tables: list[str], lines: str | None = None) -> str:
    parts = []
    if any(t not in ("institutions", "midterm_grades_2023") for t in tables):
        parts.append(BRIEF + (f"，{lines_label(lines)}" if lines else ""))
    if "institutions" in tables:
        parts.append(ROSTER)
    # Readers see the tables' titles; the files are in the data package's download.
    titles = "、".join(f"“{md_escape(ds.resource(t).get('title', t))}”" for t in tables)
    return "；".join(parts) + f"；数据表 {titles}"


def case_markdown(ds, case_id: str) -> str:
    case = ds.cases.set_index("case_id").loc[case_id]
    facts = ds.case_facts[ds.case_facts.case_id == case_id]
    subtheme = ds.subthemes.set_index("subtheme_id").loc[case.subtheme_id]
    category = {"学校": "高水平学校建设单位", "专业群": "高水平专业群建设单位"}[case.category]
    out = [
        f"````{{admonition}} 案例 · {md_escape(case.institution)}：{md_escape(case.title_zh)}",
        ":class: case-study",
        "",
        f"> {md_escape(case.excerpt)}",
        "",
        f"<span class=\"case-meta\">{md_escape(case.institution)} · {md_escape(case.province)} · {category} · "
        f"{md_escape(case.tier)} 档 · {md_escape(subtheme.number_zh)}{md_escape(subtheme.title_zh)} · "
        f"出处：{lines_label(case.lines)}"
        f"（标题：{lines_label(case.title_lines)}）</span>",
    ]
    if len(facts):
        out += ["", "| 数值 | 统计对象 | 年份 | 原文 |", "|---:|---|---|---|"]
        for f in facts.itertuples():
            shown = fact_label(f.value, f.unit, f.qualifier, f.kind)
            when = "" if pd.isna(f.year) else f"{f.year}" + ("" if pd.isna(f.month) else f"年{f.month}月")
            out.append(f"| {md_escape(shown)} | {md_escape(f.measure_zh)} | {when} | {md_escape(f.quote)} |")
    out.append("````")
    return "\n".join(out) + "\n"

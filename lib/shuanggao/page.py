"""What a notebook puts on its page: glued numbers with their provenance, figures with their data, case blocks."""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


@dataclass
class Result:
    """One number the book states: where it comes from and, if the brief prints it, where."""

    key: str
    value: object
    text: str
    table: str
    row: str
    column: str
    notebook: str
    printed: str | None = None
    lines: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str | None = None


class Page:
    """Collects a notebook's glued numbers and writes their registry next to the executed notebook."""

    def __init__(self, ds, notebook: str, out_dir: str | Path = "."):
        self.ds = ds
        self.notebook = notebook
        self.out_dir = Path(out_dir)
        self.results: list[Result] = []

    # numbers -------------------------------------------------------------
    def number(self, key: str, value, *, table: str, row: str, column: str, text: str | None = None,
               **provenance) -> str:
        """Glue `value` under `key` (as `text` if given) and record where it comes from.

        Prose pastes it with {glue:text}`key:s` (or `notebook.ipynb::key:s` from another page).
        """
        from myst_nb import glue

        value = value.item() if hasattr(value, "item") else value
        text = text if text is not None else fmt_value(value) if isinstance(value, (int, float)) else str(value)
        # Glue the text: {glue:text} then shows exactly what the registry records.
        glue(key, text, display=False)
        self.results.append(Result(key, value, text, table, row, column, self.notebook, **provenance))
        return text

    def save_results(self) -> Path | None:
        """Write this page's registry (atomically: the verification page may be reading the folder)."""
        if not self.results:
            return None
        path = self.out_dir / "_results" / f"{self.notebook}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(json.dumps([asdict(r) for r in self.results], ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, path)
        return path

    # figures -------------------------------------------------------------
    def figure(self, fig, name: str, data: pd.DataFrame, *, alt: str, caption: str, source: str):
        """Save the figure and its data, and show both with the source named under the figure."""
        from IPython.display import Markdown, display

        from . import figures

        folder = self.out_dir / "figures"
        png, csv = figures.save(fig, folder, name, data)
        rel = lambda p: p.relative_to(self.out_dir).as_posix()  # noqa: E731
        display(Markdown(
            f"```{{figure}} {rel(png)}\n:alt: {alt}\n:name: fig-{name}\n:width: 100%\n\n"
            f"{caption}\n\n"
            f"<span class=\"figure-meta\">数据：{{download}}`{csv.name} <{rel(csv)}>`"
            f"（CSV） · 图片：{{download}}`{png.name} <{rel(png)}>` · 来源：{source}</span>\n```\n"))

    def chart(self, name: str, made, *, tables: list[str], lines: str | None = None):
        """Show a chart from `charts` (figure, data, alt, caption) with its data and source."""
        if made is None:
            return
        fig, data, alt, caption = made
        self.figure(fig, name, data, alt=alt, caption=caption, source=source_note(self.ds, tables, lines))

    # cases ---------------------------------------------------------------
    def case(self, case_id: str):
        from IPython.display import Markdown, display

        display(Markdown(case_markdown(self.ds, case_id)))


def source_note(ds, tables: list[str], lines: str | None = None) -> str:
    brief = "《“双高计划”中期建设报告》工作简报（浙江省新型高校智库，2022）"
    parts = []
    if any(t not in ("institutions", "midterm_grades_2023") for t in tables):
        parts.append(brief + (f"，{lines_label(lines)}" if lines else ""))
    if "institutions" in tables:
        parts.append("建设单位名单（教职成函〔2019〕14号，经公开网页核对，见“数据与方法”）")
    files = "、".join(f"`{ds.resource(t)['path']}`" for t in tables)
    return "；".join(parts) + f"；数据表 {files}"


def lines_label(spec: str) -> str:
    first, _, last = str(spec).partition("-")
    return f"简报原文第 {first}–{last} 行" if last else f"简报原文第 {first} 行"


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
        f"<span class=\"case-meta\">{md_escape(case.institution)} · {case.province} · {category} · {case.tier} 档 · "
        f"{subtheme.number_zh}{md_escape(subtheme.title_zh)} · 出处：{lines_label(case.lines)}（标题：{lines_label(case.title_lines)}）</span>",
    ]
    if len(facts):
        out += ["", "| 数值 | 统计对象 | 年份 | 原文 |", "|---:|---|---|---|"]
        for f in facts.itertuples():
            shown = fact_label(f.value, f.unit, f.qualifier)
            when = "" if pd.isna(f.year) else f"{f.year}" + ("" if pd.isna(f.month) else f"年{f.month}月")
            out.append(f"| {md_escape(shown)} | {md_escape(f.measure_zh)} | {when} | {md_escape(f.quote)} |")
    out.append("````")
    return "\n".join(out) + "\n"


def fact_label(value, unit: str, qualifier=None) -> str:
    """近 500 名, 200 余名, 50 多个, 1 万元/月以上: the qualifier where Chinese puts it."""
    v = fmt_value(value)
    if pd.isna(qualifier) or not qualifier:
        return f"{v} {unit}"
    if qualifier == "近":
        return f"近 {v} {unit}"
    if qualifier in ("余", "多"):
        return f"{v} {qualifier}{unit}"
    return f"{v} {unit}{qualifier}"


def fmt_value(value) -> str:
    from .rules import plain_number

    text = plain_number(value)
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")

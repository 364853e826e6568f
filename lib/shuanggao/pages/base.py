"""What every page shares: glued numbers recorded in the registry as they are glued, figures shown with
their data and source, case blocks quoted from the brief, and the numbers several pages glue."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import inline, registry
from ..data.origin import differs, edition_words, source_note
from ..data.provenance import brief_locator, reader_source
from ..format import md_escape, md_format, role_title, whole
from ..translation import N_, Language, language

DATA_CSV, IMAGE_PNG, VECTOR_SVG = N_("数据（CSV）"), N_("图片（PNG）"), N_("矢量图（SVG）")


class Page:
    """One notebook's page, written in `lang`. Every number glued through it is written to the registry at
    once, so no trailing call can be forgotten and a page that fails half-way records only what it stated.
    What the page shows is worded through `page.lang` (`page.lang._("合计")`), which the page's helpers,
    charts and claims are given."""

    def __init__(self, ds, notebook: str, out_dir: str | Path = ".", *, lang: Language, subset=None):
        self.ds = ds
        self.notebook = notebook
        self.out_dir = Path(out_dir)
        self.lang = lang
        self.results: list[registry.Result] = []
        self.subset = subset  # a `data.subset.Restricted` when the chapter runs for a subset of units

    @classmethod
    def open(cls, notebook: str, data_dir=None, validated_sha256: str | None = None, out_dir: str | Path = ".",
             lang: str = "zh", units: str | None = None):
        """Load (and validate) the data package and start the page of `notebook`, written in `lang` ("zh" or "en"),
        for the units `units` names (`data.subset`; None: all), which the page names (`theme.glue_subset`)."""
        from ..data import dataset, subset
        ds, restricted = subset.restricted_to(dataset.load(data_dir, validated_sha256=validated_sha256), units)
        return cls(ds, notebook, out_dir, lang=language(lang), subset=restricted)

    # numbers -------------------------------------------------------------
    def number(self, key: str, value, *, table: str, row: str, column: str, text: str | None = None,
               **provenance) -> str:
        """Glue `value` under `key` (as `text` if given) and record where it comes from (and, for the hover note,
        where in a reader's words). Prose pastes it with {eval}`key` (see `inline`)."""
        value = whole(value.item() if hasattr(value, "item") else value)
        if text is None:
            from ..format import fmt_value

            text = fmt_value(value, english=self.lang.english) if isinstance(value, (int, float)) else str(value)
        # Glue the text: the prose then shows exactly what the registry records.
        inline.glue(key, text)
        provenance.setdefault("table_title", self.table_title(table))
        provenance.setdefault("source_label", reader_source(self.ds, self.lang, table, row, column))
        provenance.setdefault("brief_place", brief_locator(self.ds, self.lang, provenance.get("lines")))
        if differs(self.ds, table, row, column):  # the edition's value: its note names the edition, not the brief
            provenance.setdefault("edition", edition_words(self.ds, self.lang))
        self.results.append(registry.Result(key, value, text, table, row, column, self.notebook, **provenance))
        registry.write(self.out_dir, self.notebook, self.results)
        return text

    def table_title(self, table: str) -> str | None:
        """The table's title for readers, in the edition's language."""
        title = next((r.get("title") for r in self.ds.descriptor.get("resources", []) if r["name"] == table), None)
        return self.lang._(title) if title else None

    def claim(self, key: str, text: str, *, holds: bool, evaluated: str, table: str, row: str, column: str,
              brief_text: str | None = None) -> str:
        """Glue a statement that depends on the data (see `claims`) and record what was evaluated; `brief_text`,
        the wording of the brief's edition where this data makes another one true."""
        inline.glue(key, text)
        self.results.append(registry.Result(key, holds, text, table, row, column, self.notebook, kind="claim",
                                            evaluated=evaluated, holds=holds, departs=brief_text is not None,
                                            brief_text=brief_text))
        registry.write(self.out_dir, self.notebook, self.results)
        return text

    # figures -------------------------------------------------------------
    def figure(self, fig, name: str, data: pd.DataFrame, *, alt: str, caption: str, source: str, units=None,
               phone=None):
        """Check the figure's layout, save it and its data, and show both with the source under the figure; so too
        `phone`, the figure drawn for phones, saved beside it for the site to serve to phones (`site.phonefigures`)."""
        from IPython.display import Markdown, display

        from ..figures import check, style

        for drawn, label in [(fig, name)] + ([(phone, f"{name} (phone)")] if phone is not None else []):
            check.check(drawn, label, units)
        png, csv, svg = style.save(fig, self.out_dir / "figures", name, data, phone=phone)

        def rel(p: Path) -> str:
            return p.relative_to(self.out_dir).as_posix()

        lang = self.lang
        # The words around the links come from the catalogue: escaped like data (a role's title cannot be
        # escaped, so what would end it is left out).
        links = " · ".join(f"{{download}}`{role_title(lang._(label))} <{rel(path)}>`"
                           for label, path in ((DATA_CSV, csv), (IMAGE_PNG, png), (VECTOR_SVG, svg)))
        meta = md_escape(lang._("下载：")) + links + " · " + md_escape(lang._("来源：")) + md_escape(source)
        alt = " ".join(str(alt).split())  # one line: the rest of the directive cannot come from it
        display(Markdown(
            f"```{{figure}} {rel(png)}\n:alt: {alt}\n:name: fig-{name}\n:width: 100%\n\n"
            f"{md_escape(caption)}\n\n"
            f"<span class=\"figure-meta\">{meta}</span>\n```\n"))

    def chart(self, name: str, chart):
        """Show a `Chart` (from `figures.charts`) with its data and its source."""
        if chart is None:
            return
        self.figure(chart.fig, name, chart.data, alt=chart.alt, caption=chart.caption,
                    source=source_note(self.ds, self.lang, chart.tables, chart.lines, chart.rows),
                    units=chart.units,
                    phone=getattr(chart.phone(), "fig", None))  # the same chart function and data, for phones

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
        block = state_block(name, states, control, self.lang)
        for _option, chart in states[1:]:
            plt.close(chart.fig)
        self.chart(name, states[0][1])
        display(HTML(block))

    def live_map(self, name: str, chart, *, column: str, attributes: dict[str, dict[str, str]], announce: tuple):
        """A map whose marked places follow the filters of the page's table (its `column` names each row's place);
        the image, its downloads and the PDF show every case."""
        from IPython.display import HTML, display

        from .live_site import map_block

        block = map_block(name, chart, column, attributes, announce, self.lang)
        self.chart(name, chart)
        display(HTML(block))

    def brief_heading(self, theme_id: str):
        """The brief's own heading of a theme, as a quotation with its line."""
        from IPython.display import Markdown, display

        from ..data.source import LineRange

        lang = self.lang
        theme = self.ds.themes.set_index("theme_id").loc[theme_id]
        line = LineRange.parse(theme.lines).first
        # 第一部分 in Chinese, part 1 in English.
        section = theme.order if lang.english else theme.section
        attribution = md_format(lang._("简报第{section}部分的标题（{lines}）"), section=section,
                                lines=lang.lines_label(line))
        if lang.english:
            # The heading stays a quotation in Chinese; the English is this book's rendering, marked as such.
            display(Markdown(f"```{{epigraph}}\n“{md_escape(theme.title_zh)}”\n\n"
                             f"*{md_escape(theme.title_en)}* (this book’s translation)\n\n-- {attribution}\n```\n"))
            return
        display(Markdown(f"```{{epigraph}}\n“{md_escape(theme.title_zh)}”\n\n-- {attribution}\n```\n"))

    # cases ---------------------------------------------------------------
    def case(self, case_id: str):
        from IPython.display import Markdown, display

        display(Markdown(case_markdown(self.ds, self.lang, case_id)))


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


CATEGORY = {"学校": N_("高水平学校建设单位"), "专业群": N_("高水平专业群建设单位")}
TRANSLATION_NOTE = {
    "outdated": "This book’s translation (outdated: the Chinese quotation changed after it was written)",
    "current": "This book’s translation", "missing": "Not yet translated"}


def case_markdown(ds, lang: Language, case_id: str) -> str:
    from ..translation.cases import translation
    from .inferences import editorial, mark, marked

    case = ds.cases.set_index("case_id").loc[case_id]
    facts = ds.case_facts[ds.case_facts.case_id == case_id]
    subtheme = ds.subthemes.set_index("subtheme_id").loc[case.subtheme_id]
    category = md_escape(lang._(CATEGORY[case.category]))
    institution = lang.named(case.institution, case.get("institution_en"))  # in English beside the Chinese
    english_text = translation(ds, case_id) if lang.english else None
    title = english_text.title_en if english_text else case.title_zh
    subtheme_title = lang.pick(f"{subtheme.number_zh}{subtheme.title_zh}", subtheme.title_en)
    out = [
        f"````{{admonition}} {md_escape(lang._('案例'))} · {institution}{md_escape(lang._('：'))}"
        f"{md_escape(title)}",
        ":class: case-study",
        "",
        f"> {marked(ds, lang, case.excerpt, case.lines)}",
        "",
    ]
    if english_text:
        # The quotation stays Chinese; the English is this book's, in a box of its own that says so.
        out += [f":::{{admonition}} {md_escape(TRANSLATION_NOTE[english_text.status])}",
                f":class: book-translation{' translation-outdated' if english_text.status == 'outdated' else ''}",
                "", f"**{md_escape(english_text.title_en)}**", "", md_escape(english_text.excerpt_en or "—"),
                ":::", ""]
    out.append(
        f"<span class=\"case-meta\">{institution} · {md_escape(lang._(case.province))} · {category} · "
        + md_format(lang._("{tier} 档"), tier=case.tier) + f" · {md_escape(subtheme_title)} · "
        + md_format(lang._("出处：{lines}（标题：{title_lines}）"), lines=brief_locator(ds, lang, case.lines),
                    title_lines=lang.lines_label(case.title_lines))
        + ("" if not english_text else
           f" · {md_escape(lang._('原题'))}{md_escape(lang._('：'))}{lang.zh(case.title_zh)}")
        # The title's inferences: after the Chinese title where the English edition shows it.
        + "".join(mark(lang, e) for e in editorial(ds, case.title_lines))
        + "</span>")
    if len(facts):
        header = [lang._("数值"), lang._("统计对象"), lang._("年份"), lang._("原文")]
        out += ["", "| " + " | ".join(map(md_escape, header)) + " |",
                "|---:|---|---|---|"]
        for f in facts.itertuples():
            shown = lang.fact_label(f.value, f.unit, f.qualifier, f.kind)
            when = "" if pd.isna(f.year) else lang.month_year(f.year, f.month)
            measure = lang.pick(f.measure_zh, f.measure_en)
            out.append(f"| {md_escape(shown)} | {md_escape(measure)} | {md_escape(when)} | "
                       f"{lang.zh(f.quote)} |")
    out.append("````")
    return "\n".join(out) + "\n"

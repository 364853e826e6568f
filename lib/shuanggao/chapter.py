"""The numbers each page glues, with their provenance; notebooks call these instead of computing inline."""
from __future__ import annotations

import pandas as pd

from .rules import format_share


def key_of(identifier: str) -> str:
    return identifier.replace("-", "_")


def glue_total(page) -> None:
    ds = page.ds
    row = ds.constants.set_index("key").loc[ds.total_key]
    page.number("units_total", ds.total, table="constants", row=ds.total_key, column="value",
                printed=str(ds.total), lines=row["lines"])


def glue_overview(page) -> None:
    ds = page.ds
    glue_total(page)
    inst = ds.institutions
    for category, key in (("学校", "schools"), ("专业群", "groups")):
        part = inst[inst.category == category]
        page.number(f"{key}_units", len(part), table="institutions", row=f"category = {category}", column="name",
                    note="rows counted")
        for tier in "ABC":
            page.number(f"{key}_{tier}", int((part.tier == tier).sum()), table="institutions",
                        row=f"category = {category}, tier = {tier}", column="name", note="rows counted")
    page.number("provinces", inst.province.nunique(), table="institutions", row="all", column="province",
                note="distinct values")
    by_province = inst.province.value_counts()
    page.number("top_province", by_province.index[0], table="institutions", row="all", column="province",
                note="province with most units")
    page.number("top_province_units", int(by_province.iloc[0]), table="institutions",
                row=f"province = {by_province.index[0]}", column="name", note="rows counted")
    page.number("themes", len(ds.themes), table="themes", row="all", column="theme_id", note="rows counted")
    page.number("subthemes", len(ds.subthemes), table="subthemes", row="all", column="subtheme_id", note="rows counted")
    page.number("cases", len(ds.cases), table="cases", row="all", column="case_id", note="rows counted")
    page.number("case_facts", len(ds.case_facts), table="case_facts", row="all", column="fact_id", note="rows counted")
    total_cases = int(ds.themes.cases_analysed.sum())
    page.number("cases_analysed_total", total_cases, table="themes", row="all", column="cases_analysed", note="sum")
    for t in ds.themes.itertuples():
        glue_cases_analysed(page, t)
        page.number(f"{t.theme_id}_cases_analysed_share", format_share(t.cases_analysed, total_cases, 1),
                    table="themes", row=t.theme_id, column="cases_analysed",
                    numerator=int(t.cases_analysed), denominator=total_cases, note="share of all cases analysed")
    featured = inst[inst.name.isin(ds.cases.institution)]
    page.number("featured_institutions", len(featured), table="cases", row="all", column="institution",
                note="distinct institutions")
    page.number("featured_provinces", featured.province.nunique(), table="institutions",
                row="featured institutions", column="province", note="distinct values")
    page.number("featured_schools", int((featured.category == "学校").sum()), table="institutions",
                row="featured institutions, category = 学校", column="name", note="rows counted")
    for g in ds.midterm_national_2023.itertuples():
        key = {"优": "excellent", "良": "good"}[g.grade]
        page.number(f"midterm_{key}", g.units, table="midterm_national_2023", row=g.grade, column="units",
                    printed=str(g.units))
        page.number(f"midterm_{key}_share", format_share(g.units, ds.total), table="midterm_national_2023",
                    row=g.grade, column="units", numerator=int(g.units), denominator=ds.total)


def glue_cases_analysed(page, theme) -> None:
    page.number(f"{theme.theme_id}_cases_analysed", theme.cases_analysed, table="themes", row=theme.theme_id,
                column="cases_analysed", printed=str(theme.cases_analysed), lines=theme.lines)


def glue_theme(page, theme_id: str) -> None:
    ds = page.ds
    theme = next(ds.themes[ds.themes.theme_id == theme_id].itertuples())
    glue_total(page)
    glue_cases_analysed(page, theme)
    subs = ds.subthemes[ds.subthemes.theme_id == theme_id]
    page.number("subthemes", len(subs), table="subthemes", row=f"theme_id = {theme_id}", column="subtheme_id",
                note="rows counted")
    cases = ds.cases[ds.cases.theme_id == theme_id]
    page.number("cases", len(cases), table="cases", row=f"theme_id = {theme_id}", column="case_id", note="rows counted")
    facts = ds.case_facts[ds.case_facts.case_id.isin(cases.case_id)]
    page.number("case_facts", len(facts), table="case_facts", row=f"cases of {theme_id}", column="fact_id",
                note="rows counted")
    for s in subs.itertuples():
        k = key_of(s.subtheme_id)
        terms = ds.codebook[ds.codebook.subtheme_id == s.subtheme_id]
        if len(terms):
            page.number(f"{k}_terms", len(terms), table="codebook", row=f"subtheme_id = {s.subtheme_id}",
                        column="term", note="rows counted")
            page.number(f"{k}_term_list", "、".join(f"“{t}”" for t in terms.term), table="codebook",
                        row=f"subtheme_id = {s.subtheme_id}", column="term", note="terms as printed")
        if pd.notna(s.units):
            page.number(f"{k}_units", s.units, table="subthemes", row=s.subtheme_id, column="units",
                        printed=str(s.units), lines=s.lines)
            page.number(f"{k}_share", s.share_recomputed, table="subthemes", row=s.subtheme_id, column="share_printed",
                        printed=s.share_printed, lines=s.lines, numerator=int(s.units), denominator=ds.total)
        if pd.notna(s.practices):
            page.number(f"{k}_practices", s.practices, table="subthemes", row=s.subtheme_id, column="practices",
                        printed=str(s.practices), lines=s.lines)
    for f in facts.itertuples():
        page.number(f"fact_{f.fact_id}", f.value, table="case_facts", row=f.fact_id, column="value",
                    printed=f.quote, lines=ds.cases.set_index("case_id").lines[f.case_id])


def glue_data(page) -> None:
    ds = page.ds
    glue_total(page)
    inst = ds.institutions
    page.number("roster_rows", len(inst), table="institutions", row="all", column="name", note="rows counted")
    level = inst.verification.str.replace(r"\[.*\]", "", regex=True)
    for name in ("PAGE_FULL", "PAGE_NCT", "PAGE_PARTIAL", "GITHUB_ONLY"):
        page.number(f"roster_{name.lower()}", int((level == name).sum()), table="institutions",
                    row=f"verification = {name}", column="verification", note="rows counted")
    page.number("codebook_terms", len(ds.codebook), table="codebook", row="all", column="term", note="rows counted")
    page.number("errata", len(ds.errata), table="errata", row="all", column="erratum_id", note="rows counted")




def cases_table_markdown(ds) -> str:
    from .page import md_escape

    areas = ds.themes.set_index("theme_id").area_zh
    out = ["| 方面 | 院校 | 省份 | 类别 · 档次 | 案例标题 |", "|---|---|---|---|---|"]
    for c in ds.cases.itertuples():
        out.append(f"| [{areas[c.theme_id]}]({c.theme_id}.ipynb) | {md_escape(c.institution)} | {c.province} | "
                   f"{c.category} · {c.tier} | {md_escape(c.title_zh)} |")
    return "\n".join(out) + "\n"


def glue_verify(page) -> None:
    from . import verify

    checks = verify.brief_checks(page.ds)
    page.number("brief_numbers", len(checks), table="(all)", row="numbers the brief prints", column="-",
                note="constants, themes, subthemes and case_facts values the brief prints")
    page.number("brief_numbers_ok", sum(c.ok for c in checks), table="(all)", row="checks that agree", column="-",
                note="printed = data = recomputed")
    page.number("brief_numbers_explained", sum((not c.ok) and bool(c.reason) for c in checks), table="reasons",
                row="checks that differ with a reason", column="reason", note="rows counted")
    rows = verify.load_registry(page.out_dir)
    page.number("registry_numbers", len(rows) + len(page.results) + 1, table="(registry)", row="all pages",
                column="-", note="entries in _results/*.json, this one included")


def _appearances(rows: list[dict], table: str, row: str, column: str) -> str:
    from .verify import anchor

    hits = [r for r in rows if (r["table"], str(r["row"]), r["column"]) == (table, str(row), column)]
    # Shares of a count carry the count's address too: show each page once, at its plainest entry.
    first: dict[str, dict] = {}
    for r in sorted(hits, key=lambda r: r.get("numerator") is not None):
        first.setdefault(r["notebook"], r)
    return " ".join(f'<a href="#{anchor(r["notebook"], r["key"])}">{n}</a>' for n, r in first.items()) or "—"


def brief_checks_markdown(ds, page) -> str:
    from . import verify
    from .page import lines_label, md_escape

    rows = verify.load_registry(page.out_dir)
    out = ["| 内容 | 数据值 | 简报印出 | 重新计算 | 状态 | 出处 | 本书中 |", "|---|---:|---:|---:|---|---|---|"]
    for c in verify.brief_checks(ds):
        status = c.status if c.ok else f"**{md_escape(c.status)}**"
        out.append(f'| <span id="b-{c.key.replace("_", "-")}"></span>{md_escape(c.what)} | {md_escape(c.data)} | '
                   f"{md_escape(c.printed) or '—'} | {md_escape(c.recomputed) or '—'} | {status} | "
                   f"{lines_label(c.lines)} | {_appearances(rows, c.table, c.row, c.column)} |")
    return "\n".join(out) + "\n"


def registry_markdown(ds, page) -> str:
    from dataclasses import asdict

    from . import verify
    from .page import lines_label, md_escape

    checks = {(c.table, c.row, c.column): c for c in verify.brief_checks(ds)}
    rows = verify.load_registry(page.out_dir) + [asdict(r) for r in page.results]
    out = ["| 页面 | 键 | 显示 | 来源（表 · 行 · 列） | 计算 | 简报 | 状态 |", "|---|---|---:|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (r["notebook"], r["key"])):
        calc = (f"{r['numerator']} ÷ {r['denominator']}" if r.get("numerator") is not None else (r.get("note") or "取值"))
        check = checks.get((r["table"], str(r["row"]), r["column"]))
        status = check.status if check else "由数据计算"
        printed = f"{lines_label(r['lines'])}" if r.get("lines") else "—"
        out.append(f'| <span id="{verify.anchor(r["notebook"], r["key"])}"></span>[{r["notebook"]}]({r["notebook"]}.ipynb) | '
                   f'`{r["key"]}` | {md_escape(r["text"])} | {md_escape(r["table"])} · {md_escape(r["row"])} · '
                   f'{md_escape(r["column"])} | {md_escape(calc)} | {printed} | {status} |')
    return "\n".join(out) + "\n"


def glue_reproducibility(page) -> None:
    """The reproducibility page states no number of the book's, only facts about the build."""


def chapter_names() -> list[str]:
    """Notebook chapters in table-of-contents order (from the project this library belongs to)."""
    from pathlib import Path

    from .build import chapters, find_root

    return chapters(find_root(Path(__file__).resolve().parent))


def code_cases(ds):
    from .coding import coder_for

    return coder_for(ds).code(dict(zip(ds.cases.institution, ds.cases.excerpt)))


def glue_coding(page, matches) -> None:
    ds = page.ds
    glue_total(page)
    page.number("codebook_terms", len(ds.codebook), table="codebook", row="all", column="term", note="rows counted")
    page.number("term_variants", len(ds.term_variants), table="term_variants", row="all", column="variant",
                note="rows counted")
    page.number("coded_subthemes", ds.codebook.subtheme_id.nunique(), table="codebook", row="all",
                column="subtheme_id", note="distinct values")
    page.number("coded_cases", len(ds.cases), table="cases", row="all", column="excerpt", note="texts coded")
    page.number("coded_cases_hit", matches.institution.nunique(), table="cases", row="coded texts with a match",
                column="excerpt", note="coding.Coder on the excerpts")
    page.number("coded_matches", len(matches), table="cases", row="all", column="excerpt",
                note="term occurrences found by coding.Coder")


def matches_markdown(matches) -> str:
    from .page import md_escape

    out = ["| 院校 | 编码词 | 原文写法 | 位置（字符） |", "|---|---|---|---:|"]
    for m in matches.itertuples():
        out.append(f"| {md_escape(m.institution)} | {md_escape(m.term)} | {md_escape(m.matched)} | {m.start}–{m.end} |")
    return "\n".join(out) + "\n"


def glue_explorer(page) -> None:
    ds = page.ds
    glue_total(page)
    page.number("cases", len(ds.cases), table="cases", row="all", column="case_id", note="rows counted")
    top = ds.cases.province.value_counts()
    page.number("top_case_province", top.index[0], table="cases", row="all", column="province",
                note="province with most featured cases")
    page.number("top_case_province_cases", int(top.iloc[0]), table="cases", row=f"province = {top.index[0]}",
                column="case_id", note="rows counted")


def explorer_frame(ds, links: bool = False):
    from html import escape

    areas = ds.themes.set_index("theme_id").area_zh
    subs = ds.subthemes.set_index("subtheme_id")
    titles = ds.cases.title_zh
    if links:
        titles = [f'<a href="{c.theme_id}.html">{escape(c.title_zh)}</a>' for c in ds.cases.itertuples()]
    return pd.DataFrame({
        "编号": ds.cases.case_id,
        "方面": ds.cases.theme_id.map(areas),
        "院校": ds.cases.institution,
        "省份": ds.cases.province,
        "类别": ds.cases.category,
        "档次": ds.cases.tier,
        "案例标题": titles,
        "子主题": [f"{subs.number_zh[s]}{subs.title_zh[s]}" for s in ds.cases.subtheme_id],
        "摘录": ds.cases.excerpt,
    })


def explorer_table(ds):
    """An interactive table (DataTables via itables, bundled into the page): filters and full-text search."""
    import itables

    frame = explorer_frame(ds, links=True)
    facets = [frame.columns.get_loc(c) for c in ("方面", "子主题", "省份", "类别", "档次")]
    # Subtheme and full text are filtered and searched, not shown: the rows stay one line high.
    hidden = [frame.columns.get_loc(c) for c in ("子主题", "摘录")]
    return itables.show(
        frame, connected=False, classes="display compact cell-border", paging=False, scrollX=False,
        layout={"top1": "searchPanes", "topStart": None, "topEnd": "search", "bottomStart": "info", "bottomEnd": None},
        searchPanes={"layout": "columns-3", "cascadePanes": True, "viewTotal": True, "initCollapsed": False,
                     "columns": facets, "dtOpts": {"select": {"style": "multi"}}},
        columnDefs=[{"searchPanes": {"show": True}, "targets": facets},
                    {"visible": False, "targets": hidden}],
        language={"search": "搜索：", "info": "共 _TOTAL_ 个案例", "infoFiltered": "（从 _MAX_ 个中筛选）",
                  "zeroRecords": "没有符合条件的案例", "infoEmpty": "没有案例",
                  "searchPanes": {"title": {"_": "已选 %d 项", "0": "未筛选", "1": "已选 1 项"},
                                  "clearMessage": "清除筛选", "collapse": "筛选", "collapseMessage": "全部折叠",
                                  "showMessage": "全部展开", "emptyPanes": "没有可筛选的条目"}},
        allow_html=True, maxBytes=0)


def live_explorer(ds):
    """In Jupyter: the same filters as live widgets (an HTML widget redrawn on change; no Output
    widget, whose capture hooks can stall a headless execution)."""
    import ipywidgets as widgets
    from IPython.display import display

    frame = explorer_frame(ds)
    choices = {c: widgets.Dropdown(options=["全部", *sorted(frame[c].unique())], description=c)
               for c in ("方面", "省份", "类别", "档次")}
    text = widgets.Text(description="搜索", placeholder="例如 产教融合")
    table = widgets.HTML()

    def redraw(_change=None):
        rows = frame
        for column, box in choices.items():
            if box.value != "全部":
                rows = rows[rows[column] == box.value]
        if text.value:
            rows = rows[rows.摘录.str.contains(text.value, regex=False)]
        table.value = rows[["编号", "方面", "院校", "省份", "类别", "档次", "案例标题"]].to_html(index=False)

    for box in (*choices.values(), text):
        box.observe(redraw, names="value")
    redraw()
    display(widgets.VBox([widgets.HBox(list(choices.values())[:2]), widgets.HBox(list(choices.values())[2:]), text, table]))

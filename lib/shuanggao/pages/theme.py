"""The five theme chapters (talent, service, governance, international, digital): one module, one
`glue(page, theme_id)`, since the chapters share their structure.

Glue keys (for the shipped data; the subtheme and fact keys follow the data's identifiers):
units_total, talent_cases_analysed, subthemes, cases, case_facts, talent_moral_terms, talent_moral_term_list,
talent_moral_units, talent_moral_share, talent_moral_practices, talent_worklearn_terms,
talent_worklearn_term_list, talent_worklearn_units, talent_worklearn_share, talent_worklearn_practices,
talent_craft_terms, talent_craft_term_list, talent_craft_units, talent_craft_share, talent_craft_practices,
fact_F0101, fact_F0301, fact_F0302, service_cases_analysed, fact_F0501, fact_F0601, fact_F0602,
governance_cases_analysed, fact_F0701, fact_F0702, fact_F0801, fact_F0901, international_cases_analysed,
fact_F1101, fact_F1102, fact_F1103, fact_F1104, fact_F1201, fact_F1202, fact_F1203, fact_F1204, fact_F1205,
fact_F1206, fact_F1207, fact_F1208, fact_F1301, fact_F1302, fact_F1303, fact_F1304, digital_cases_analysed,
fact_F1501, fact_F1502, fact_F1503, fact_F1504, fact_F1601, fact_F1602, fact_F1603, fact_F1604, fact_F1605,
fact_F1606, fact_F1607, fact_F1608.
case_quantities (international).
Claims: units_subset (only when the chapter runs for a subset of units, its `units` parameter),
talent_counts_source, talent_summary_counts, talent_denominator, talent_most_cases, talent_worklearn_majority,
talent_craft_most_units, service_one_case_each, governance_most_subthemes, international_most_facts,
digital_fewest_cases.
"""
from __future__ import annotations

import pandas as pd

from ..data.origin import edition_words
from ..data.provenance import subtheme_label
from ..format import format_share, key_of, md_escape, value_text
from ..translation import Language
from . import claims
from .base import glue_cases_analysed, glue_total


def glue(page, theme_id: str) -> None:
    ds = page.ds
    theme = next(ds.themes[ds.themes.theme_id == theme_id].itertuples())
    glue_total(page)
    glue_cases_analysed(page, theme)
    if page.subset is not None:
        glue_subset(page, theme_id)
    subs = ds.subthemes[ds.subthemes.theme_id == theme_id]
    page.number("subthemes", len(subs), table="subthemes", row=f"theme_id = {theme_id}", column="subtheme_id",
                note="rows counted")
    cases = ds.cases[ds.cases.theme_id == theme_id]
    page.number("cases", len(cases), table="cases", row=f"theme_id = {theme_id}", column="case_id", note="rows counted")
    facts = ds.case_facts[ds.case_facts.case_id.isin(cases.case_id)]
    page.number("case_facts", len(facts), table="case_facts", row=f"cases of {theme_id}", column="fact_id",
                note="rows counted")
    for s in subs.itertuples():
        glue_subtheme(page, s)
    case_lines = ds.cases.set_index("case_id").lines
    for f in facts.itertuples():
        page.number(f"fact_{f.fact_id}", f.value, table="case_facts", row=f.fact_id, column="value",
                    text=value_text(f.value, f.kind, english=page.lang.english), printed=f.quote,
                    lines=case_lines[f.case_id])
    CLAIMS.get(theme_id, lambda page: None)(page)
    claims.settle(page)


def glue_subset(page, theme_id: str) -> None:
    """units_subset: the note near the top of a chapter run for a subset of units: which subset, how many units,
    which of its numbers are the subset's (a coded edition's counts, recounted among its units) and which remain
    the brief's for all units (the brief gives them for all units only), and its cases from the subset's units."""
    from IPython.display import Markdown, display

    from ..data.subset import cases_in

    lang, ds, restricted = page.lang, page.ds, page.subset
    counted = ds.subthemes[(ds.subthemes.theme_id == theme_id) & ds.subthemes.units.notna()]
    parts = [lang._("本章按分析者选定的建设单位子集运行：{label}，共 {n} 所（全部 {total} 所建设单位中）。").format(
        label=restricted.subset.label(lang), n=restricted.units, total=ds.total)]
    if restricted.counts and len(counted):
        base = (lang._("子集中编码的 {n} 份报告") if restricted.of_coded else lang._("子集的 {n} 所建设单位")).format(
            n=restricted.denominator)
        parts.append(lang._("各子主题的建设单位数、比例和特色做法数是子集的：按本版的编码在子集的建设单位中重新计数，"
                            "比例以{base}为分母；其余数字仍是全部 {total} 所的。").format(base=base, total=ds.total))
    elif ds.coding and len(counted):
        parts.append(lang._("本版没有逐个单位记录编码了哪些报告，不能按子集拆分：本章的数字仍是本版对全部编码报告的统计，"
                            "没有按子集筛选。"))
    else:
        parts.append(lang._("简报只给出全部 {total} 所建设单位的汇总数字，不能按子集拆分："
                            "本章的数字仍是全部 {total} 所的，没有按子集筛选。").format(total=ds.total))
    cases = ds.cases[ds.cases.theme_id == theme_id]
    mine = cases_in(ds, restricted.subset)
    mine = mine[mine.theme_id == theme_id]
    names = lang.listing(lang.pick(c.institution, getattr(c, "institution_en", None)) for c in mine.itertuples())
    parts.append((lang._("本章的 {k} 个案例中，来自子集中建设单位的有 {m} 个：{names}。") if len(mine) else
                  lang._("本章的 {k} 个案例都不来自子集中的建设单位。")).format(k=len(cases), m=len(mine), names=names))
    text = "".join(parts) if not lang.english else " ".join(parts)
    evaluated = lang._("子集 {spec}：{n} 所；分母 {total}").format(spec=restricted.subset.spec, n=restricted.units,
                                                           total=ds.share_total)
    page.claim("units_subset", text, holds=True, evaluated=evaluated, table="institutions", row=restricted.subset.spec,
               column="category, tier, province")
    display(Markdown(f"```{{note}}\n{md_escape(text)}\n```\n"))


def live_figure(page, theme_id: str) -> None:
    """The chapter's live figure on the site: one state per measure the Jupyter widget offers (`live.theme_view`),
    each drawn by the same chart function."""
    from ..figures import charts

    lang = page.lang
    _data, _label, measures, _rows = charts.theme_measures(page.ds, lang, theme_id)
    page.live_chart(f"{theme_id}-measures",
                    [(m.column, charts.theme_measure(page.ds, lang, theme_id, m.column)) for m in measures],
                    lang._("指标"))


def by_theme(ds, column: pd.Series) -> pd.Series:
    """A per-theme series in the brief's order (themes with none get 0)."""
    return column.reindex(ds.themes.sort_values("order").theme_id, fill_value=0)


def areas(ds, lang: Language) -> dict:
    return dict(zip(ds.themes.theme_id, ds.themes.area_zh.map(lang._)))


def talent_claims(page) -> None:
    lang = page.lang
    ds = page.ds
    cases = by_theme(ds, ds.themes.set_index("theme_id").cases_analysed)
    # What the claim computes is the count of cases analysed, not how much the brief writes about a theme.
    claims.unique_extreme(page, "talent_most_cases", lang._("分析的案例最多"), cases, "talent",
                          lang.measure("个", "cases"),
                          names=areas(ds, lang), table="themes", column="cases_analysed")
    subs = ds.subthemes[ds.subthemes.theme_id == "talent"].set_index("subtheme_id")
    # Whose counts these are: the brief's, or an edition's (a coded one, say), each difference with its reason.
    reasons = ds.reasons[(ds.reasons.table == "subthemes") & ds.reasons.key.isin(subs.index)]
    edition = edition_words(ds, lang)  # with how its counts were made: reports coded, whose codebook
    claims.numbers_source(page, "talent_counts_source", reasons, brief=lang._("按简报的统计"),
                          edition=lang._("按{edition}").format(edition=edition))
    # The summary's counts: in the brief's edition it reads as it always has.
    claims.numbers_source(page, "talent_summary_counts", reasons, brief=lang._("三个子主题都给出了建设单位数"),
                          edition=lang._("按{edition}，三个子主题的建设单位数是").format(edition=edition))
    claims.denominator(page, "talent_denominator")
    units, total = int(subs.units["talent-worklearn"]), ds.share_total
    claims.guard(page, "talent_worklearn_majority", lang._("超过半数"), units * 2 > total,
                 lang._("{units} ÷ {total} = {share}，须大于 50%").format(units=units, total=total,
                                                                  share=format_share(units, total)),
                 otherwise=claims.than_half(lang, units, total), table="subthemes", row="talent-worklearn",
                 column="units")
    claims.unique_extreme(page, "talent_craft_most_units", lang._("覆盖的建设单位最多"), subs.units, "talent-craft",
                          lang.measure("所"), tied=lang._("与{others}并列覆盖的建设单位最多"),
                          otherwise=lang._("覆盖的建设单位少于{leaders}"),
                          names=dict(zip(subs.index, map(lang.pick, subs.title_zh, subs.title_en))),
                          table="subthemes", column="units")


def service_claims(page) -> None:
    lang = page.lang
    ds = page.ds
    subs = ds.subthemes[ds.subthemes.theme_id == "service"]
    per = ds.cases.subtheme_id.value_counts().reindex(subs.subtheme_id, fill_value=0)
    claims.guard(page, "service_one_case_each", lang._("每个子主题配一个案例"), bool((per == 1).all()),
                 lang._("每个子主题的案例数须为 1：{counts}").format(
                     counts=lang.listing(f"{subtheme_label(ds, lang, s)} {n}" for s, n in per.items())),
                 table="cases", row="theme_id = service", column="subtheme_id")


def governance_claims(page) -> None:
    lang = page.lang
    ds = page.ds
    counts = by_theme(ds, ds.subthemes.theme_id.value_counts())
    claims.unique_extreme(page, "governance_most_subthemes", lang._("子主题最多"), counts, "governance",
                          lang.measure("个", "subthemes"), tied=lang._("与{others}并列子主题最多"),
                          otherwise=lang._("子主题少于{leaders}"), names=areas(ds, lang), table="subthemes",
                          column="theme_id")


# Case facts that name something (the three numbers of the 1+1.5+0.5 model) or give the period over which
# other figures were counted (3年来, like C09's 三年来, which is no statistic) state no quantity of their own.
NOT_QUANTITIES = ("label", "period")


def international_claims(page) -> None:
    lang = page.lang
    ds = page.ds
    theme_of = ds.cases.set_index("case_id").theme_id
    quantities = ds.case_facts[~ds.case_facts.kind.isin(NOT_QUANTITIES)]
    mine = quantities.case_id.map(theme_of) == "international"
    page.number("case_quantities", int(mine.sum()), table="case_facts", row="cases of international",
                column="kind", note=f"rows counted whose kind is not {' or '.join(NOT_QUANTITIES)}")
    counts = by_theme(ds, quantities.case_id.map(theme_of).value_counts())
    claims.leaders(page, "international_most_facts", counts, lang.measure("项"), names=areas(ds, lang),
                   table="case_facts",
                   column="kind")


def digital_claims(page) -> None:
    lang = page.lang
    ds = page.ds
    cases = by_theme(ds, ds.themes.set_index("theme_id").cases_analysed)
    claims.unique_extreme(page, "digital_fewest_cases", lang._("最少"), cases, "digital", lang.measure("个", "cases"),
                          most=False, names=areas(ds, lang), table="themes", column="cases_analysed")


# The statements each chapter's prose makes about the data, evaluated when the chapter runs.
CLAIMS = {"talent": talent_claims, "service": service_claims, "governance": governance_claims,
          "international": international_claims, "digital": digital_claims}


def glue_subtheme(page, s) -> None:
    """A subtheme's coding terms and, where the brief gives them, its units, share and practices."""
    lang = page.lang
    ds = page.ds
    k = key_of(s.subtheme_id)
    terms = ds.codebook[ds.codebook.subtheme_id == s.subtheme_id]
    if len(terms):
        page.number(f"{k}_terms", len(terms), table="codebook", row=f"subtheme_id = {s.subtheme_id}",
                    column="term", note="rows counted")
        # The same terms in every edition (the registry's value); written as each language lists them, the English
        # with the book's gloss of each term beside it (codebook.csv, term_en).
        glosses = terms.term_en if lang.english and "term_en" in terms else [None] * len(terms)
        listed = lang.listing(f"“{t}”" + (f" ({g})" if g else "") for t, g in zip(terms.term, glosses))
        page.number(f"{k}_term_list", list(terms.term), text=listed,
                    table="codebook", row=f"subtheme_id = {s.subtheme_id}", column="term", note="terms as printed")
    if pd.notna(s.units):
        page.number(f"{k}_units", s.units, table="subthemes", row=s.subtheme_id, column="units",
                    printed=str(s.units), lines=s.lines)
        page.number(f"{k}_share", s.share_recomputed, table="subthemes", row=s.subtheme_id, column="share_printed",
                    printed=s.share_printed, lines=s.lines, numerator=int(s.units), denominator=ds.share_total)
    if pd.notna(s.practices):
        page.number(f"{k}_practices", s.practices, table="subthemes", row=s.subtheme_id, column="practices",
                    printed=str(s.practices), lines=s.lines)

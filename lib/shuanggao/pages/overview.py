"""The overview page (总览): the units, the five themes and where the featured cases come from.

Glue keys: units_total, report_start, commissioned_by, analysed_by, report_title, section_shared, schools_units,
schools_A, schools_B, schools_C, groups_units, groups_A, groups_B,
groups_C, provinces, themes, subthemes, cases, case_facts,
cases_analysed_total, talent_cases_analysed, talent_cases_analysed_share, service_cases_analysed,
service_cases_analysed_share, governance_cases_analysed, governance_cases_analysed_share,
international_cases_analysed, international_cases_analysed_share, digital_cases_analysed,
digital_cases_analysed_share, featured_institutions, featured_provinces, featured_schools,
midterm_excellent, midterm_excellent_share, midterm_good, midterm_good_share; claims: numbers_source,
top_province, one_case_per_subtheme, featured_differs.
"""
from __future__ import annotations

import re

from ..data.provenance import subtheme_label
from ..format import Markup, format_share, markdown_table, md_escape
from ..translation import Language
from . import claims
from .base import glue_cases_analysed, glue_total

CATEGORY_KEYS = {"学校": "schools", "专业群": "groups"}
GRADE_KEYS = {"优": "excellent", "良": "good"}


def glue_framing(page) -> None:
    """When the report began, who commissioned and analysed it, its title: as the brief's first lines state."""
    lang = page.lang
    for f in page.ds.framing.itertuples():
        # As printed in the data (2022年6月), set in the book's style for the prose (2022 年 6 月); in English,
        # June 2022 and the bodies' and titles' English names (the value stays the data's).
        text = re.sub(r"(?<=\d)(?=[^\d\s.,%])|(?<=[^\d\s.,])(?=\d)", " ", f.value)
        if lang.english:
            text = lang.pick(f.value, f.value_en)
        page.number(f.key, f.value, text=text, table="framing", row=f.key, column="value", printed=f.value,
                    lines=f.lines)


def glue(page) -> None:
    lang = page.lang
    ds = page.ds
    glue_total(page)
    glue_framing(page)
    # The home page says whose numbers the book states (index.md glues it).
    claims.numbers_source(page, "numbers_source", ds.reasons, brief=lang._("均来自简报"),
                          edition=lang._("来自本版数据（与简报不同之处及其理由见核验页）"))
    inst = ds.institutions
    for category, key in CATEGORY_KEYS.items():
        part = inst[inst.category == category]
        page.number(f"{key}_units", len(part), table="institutions", row=f"category = {category}", column="name",
                    note="rows counted", row_label=f"category = {lang._(category)}")
        for tier in "ABC":
            page.number(f"{key}_{tier}", int((part.tier == tier).sum()), table="institutions",
                        row=f"category = {category}, tier = {tier}", column="name", note="rows counted",
                        row_label=f"category = {lang._(category)}, tier = {tier}")
    page.number("provinces", inst.province.nunique(), table="institutions", row="all", column="province",
                note="distinct values")
    claims.leaders(page, "top_province", inst.province.value_counts(), lang.measure("所"), table="institutions",
                   column="province", names=lang._)
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
                row="featured institutions, category = 学校", column="name", note="rows counted",
                row_label=f"featured institutions, category = {lang._('学校')}")
    for g in ds.midterm_national_2023.itertuples():
        key = GRADE_KEYS[g.grade]
        # The grade names the row (优, 良); readers see it in their language.
        page.number(f"midterm_{key}", g.units, table="midterm_national_2023", row=g.grade, column="units",
                    printed=str(g.units), row_label=lang._(g.grade))
        page.number(f"midterm_{key}_share", format_share(g.units, ds.total), table="midterm_national_2023",
                    row=g.grade, column="units", numerator=int(g.units), denominator=ds.total,
                    row_label=lang._(g.grade))
    overview_claims(page, featured)
    claims.settle(page)


def overview_claims(page, featured) -> None:
    lang = page.lang
    ds = page.ds
    per = ds.cases.subtheme_id.value_counts().reindex(ds.subthemes.subtheme_id, fill_value=0)
    claims.guard(page, "one_case_per_subtheme", lang._("每个子主题配有一个典型案例"), bool((per == 1).all()),
                 lang._("{n} 个子主题的案例数须都为 1：{counts}").format(
                     n=len(per), counts=lang.listing(f"{subtheme_label(ds, lang, s)} {n}" for s, n in per.items())),
                 table="cases", row="all", column="subtheme_id")
    inst = ds.institutions.assign(group=lambda d: d.category.map(lang._) + " · " + d.tier.map(
        lambda t: lang._("{tier} 档").format(tier=t)))
    everyone = inst.group.value_counts(normalize=True)
    chosen = inst[inst.name.isin(featured.name)].group.value_counts(normalize=True)
    gaps = (chosen.reindex(everyone.index, fill_value=0) - everyone).abs().sort_values(ascending=False)
    claims.guard(page, "featured_differs", lang._("并不相同"), bool(gaps.iloc[0] > 0),
                 lang._("两组按类别与档次的构成须有差别；差得最多的是“{group}”，相差 {points} 个百分点").format(
                     group=gaps.index[0], points=f"{gaps.iloc[0] * 100:.1f}"),
                 table="institutions", row="featured institutions", column="category, tier")


def cases_table_markdown(ds, lang: Language) -> str:
    from ..translation.cases import case_titles

    areas = ds.themes.set_index("theme_id").area_zh.map(lang._)
    rows = [[Markup(f"[{md_escape(areas[c.theme_id])}]({c.theme_id}.ipynb)"),
             lang.named(c.institution, getattr(c, "institution_en", None)),
             lang._(c.province),
             f"{lang._(c.category)} · {c.tier}", title]
            for c, title in zip(ds.cases.itertuples(), case_titles(ds, lang))]
    header = [lang._("方面"), lang._("建设单位"), lang._("省（区、市）"), lang._("类别 · 档次"), lang._("案例标题")]
    return markdown_table(header, "lllll", rows)

"""The closing page (结语): what the brief supports, and where it stops. Every statement that depends on the
data is a claim of this page, evaluated here and listed on the verification page.

Glue keys: units_total, themes, cases_analysed_total, talent_cases_analysed, service_cases_analysed,
governance_cases_analysed, international_cases_analysed, digital_cases_analysed, subthemes, cases,
subthemes_with_units; claims: cases_follow_theme_order, talent_over_a_third, units_only_for_talent, and, as the
overview states them (evaluated here again, so that the prose pastes its own glue and reads in JupyterLab too),
one_case_per_subtheme, featured_differs.
"""
from __future__ import annotations

from ..data.provenance import subtheme_label
from ..format import format_share
from . import claims, overview
from .base import glue_cases_analysed, glue_total


def glue(page) -> None:
    lang = page.lang
    ds = page.ds
    glue_total(page)
    themes = ds.themes.sort_values("order")
    page.number("themes", len(themes), table="themes", row="all", column="theme_id", note="rows counted")
    for theme in themes.itertuples():
        glue_cases_analysed(page, theme)
    total = int(themes.cases_analysed.sum())
    page.number("cases_analysed_total", total, table="themes", row="all", column="cases_analysed", note="sum")
    page.number("subthemes", len(ds.subthemes), table="subthemes", row="all", column="subtheme_id",
                note="rows counted")
    page.number("cases", len(ds.cases), table="cases", row="all", column="case_id", note="rows counted")
    with_units = ds.subthemes[ds.subthemes.units.notna()]
    page.number("subthemes_with_units", len(with_units), table="subthemes", row="units given", column="units",
                note="rows counted")

    counts = list(themes.cases_analysed)
    counted = lang.listing(f"{lang._(t.area_zh)} {t.cases_analysed}" for t in themes.itertuples())
    claims.guard(page, "cases_follow_theme_order", lang._("按简报排列的顺序依次减少"),
                 all(a > b for a, b in zip(counts, counts[1:])),
                 lang._("各方面的案例数须严格递减：{counts}").format(counts=counted), table="themes", row="all",
                 column="cases_analysed")
    talent = int(themes.set_index("theme_id").cases_analysed["talent"])
    claims.guard(page, "talent_over_a_third", lang._("超过三分之一"), talent * 3 > total,
                 lang._("{talent} ÷ {total} = {share}，须大于三分之一").format(talent=talent, total=total,
                                                                    share=format_share(talent, total)),
                 table="themes", row="talent", column="cases_analysed")
    theme_ids = sorted(set(with_units.theme_id))
    claims.guard(page, "units_only_for_talent", lang._("只有人才培养"), theme_ids == ["talent"],
                 lang._("给出建设单位数的子主题须全部属于人才培养：{subthemes}").format(
                     subthemes=lang.listing(subtheme_label(ds, lang, s) for s in with_units.subtheme_id)),
                 table="subthemes", row="units given", column="theme_id")
    # The overview's two statements the closing page repeats: evaluated by the same function, glued on this page.
    overview.overview_claims(page, ds.institutions[ds.institutions.name.isin(ds.cases.institution)])
    claims.settle(page)

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
"""
from __future__ import annotations

import pandas as pd

from ..format import key_of
from .overview import glue_cases_analysed, glue_total


def glue(page, theme_id: str) -> None:
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
        glue_subtheme(page, s)
    case_lines = ds.cases.set_index("case_id").lines
    for f in facts.itertuples():
        page.number(f"fact_{f.fact_id}", f.value, table="case_facts", row=f.fact_id, column="value",
                    printed=f.quote, lines=case_lines[f.case_id])


def glue_subtheme(page, s) -> None:
    """A subtheme's coding terms and, where the brief gives them, its units, share and practices."""
    ds = page.ds
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

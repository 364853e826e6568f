"""Whose a number is: the brief's, or this edition's where it differs from the brief.

An edition records every value it deliberately changes in `reasons.csv` (table, key, column), and a coded edition
records how it was coded (`x-coding`: reports coded, codebook, denominator). A value with a reason is the
edition's: what the book shows of it (a figure's source line, a number's hover note, a bar's label) names the
edition and how its counts were made, never the brief's lines, which hold what the brief printed instead.
"""
from __future__ import annotations

from ..translation import N_, Language
from .provenance import brief_locator, subtheme_label, value_label

BRIEF = N_("《“双高计划”中期建设报告》工作简报（浙江省新型高校智库，2022）")
ROSTER = N_("建设单位名单（教职成函〔2019〕14号，经公开网页核对，见附录“数据来源与处理”）")


def differs(ds, table: str, row: str, column: str) -> bool:
    """Whether (table, row, column) is the edition's value, recorded as differing from the brief."""
    return any(ds.reason(table, str(row), c.strip()) is not None for c in str(column).split(","))


def edited_rows(ds, tables: list[str], rows: list[str] | None = None) -> list[str]:
    """The keys of `rows` (all keys, if None) of `tables` with a value that differs from the brief, in order."""
    r = ds.reasons
    keys = list(dict.fromkeys(r[r.table.isin(tables)].key.astype(str)))
    return keys if rows is None else [str(k) for k in rows if str(k) in keys]


def coded_how(ds, lang: Language) -> str | None:
    """How a coded edition's counts were made, as a phrase (4 份报告按分析者的编码表 my_terms.csv（3 个词条）编码 /
    4 reports coded with the analyst's codebook my_terms.csv (3 terms)); None for an edition not coded."""
    coding = ds.coding
    if not coding:
        return None
    return lang._("{n} 份报告按{codebook}编码").format(n=coding.get("reports_coded"), codebook=codebook_words(ds, lang))


def codebook_words(ds, lang: Language) -> str:
    """Whose codebook a coded edition used: the analyst's (its file and terms) or the brief's elements."""
    coding = ds.coding
    if coding.get("codebook"):
        return lang._("分析者的编码表 {name}（{terms} 个词条）").format(name=coding["codebook"],
                                                               terms=coding.get("codebook_terms"))
    return lang._("简报所列要素构成的编码表")


def edition_words(ds, lang: Language) -> str:
    """This edition's data, named with how its counts were made, where the reader finds each difference."""
    how = coded_how(ds, lang)
    if how:
        return lang._("本版数据（{how}；与简报不同之处及其理由见核验页）").format(how=how)
    return lang._("本版数据（与简报不同之处及其理由见核验页）")


def figure_origin(ds, lang: Language, tables: list[str], rows: list[str] | None = None) -> tuple[bool, str | None]:
    """What a figure's source line says of this edition: whether every row it plots (`rows`, keys of `tables`) is
    the edition's, so that the brief is not named for them, and the words naming the edition (None if no value
    differs from the brief's); where only some do, which."""
    edited = edited_rows(ds, tables, rows)
    if not edited:
        return False, None
    if rows is not None and len(edited) == len(rows):
        return True, edition_words(ds, lang)
    subthemes = set(ds.subthemes.subtheme_id)
    named = lang.listing(subtheme_label(ds, lang, k) if k in subthemes else value_label(ds, lang, k) or k
                         for k in edited)
    return False, lang._("其中{rows}的数值为{edition}").format(rows=named, edition=edition_words(ds, lang))


def source_note(ds, lang: Language, tables: list[str], lines: str | None = None, rows: list[str] | None = None) -> str:
    """The brief (at `lines`), the roster, and this edition for the values of `rows` (the keys plotted) it changed."""
    whole, edition = figure_origin(ds, lang, tables, rows)
    parts = []
    if not whole and any(t not in ("institutions", "midterm_grades_2023") for t in tables):
        where = brief_locator(ds, lang, lines)
        parts.append(lang._(BRIEF) + (lang._("，{lines}").format(lines=where) if where else ""))
    parts += [edition] if edition else []
    if "institutions" in tables:
        parts.append(lang._(ROSTER))
    # Readers see the tables' titles; the files are in the data package's download. Plain text: the page
    # escapes it where it writes it.
    titles = lang._("、").join(lang._("“{title}”").format(title=lang._(ds.resource(t).get("title", t))) for t in tables)
    return lang._("；").join(parts) + lang._("；数据表 {titles}").format(titles=titles)

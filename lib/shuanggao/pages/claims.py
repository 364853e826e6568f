"""Statements that depend on the data (most, fewest, a majority, a tie, every…): evaluated, worded, recorded.

A page states such a claim only through these functions. `guard` keeps the brief's words where the data
makes them true; a claim that declares its alternatives (超过半数 / 不到半数; 最多 / 并列最多 / 不是最多), in
the edition's language through `page.lang`, states whichever the data makes true instead, and records the brief's
wording beside it (`departs`), so that the verification page lists every such statement with its values and
`shuanggao build --strict-claims` can refuse the edition. `leaders` words the claim from the data, so that a
tie reads as a tie. Each claim is glued like a number and recorded in the registry with what was evaluated.
`settle` raises `ClaimError`, naming every false claim of the page (one without an alternative that holds),
once all of them are recorded.
"""
from __future__ import annotations

import pandas as pd

from ..data.origin import codebook_words, edited_rows
from ..errors import ClaimError
from ..format import fmt_value


def guard(page, key: str, text: str, holds: bool, evaluated: str, *, otherwise: str | None = None, table: str,
          row: str, column: str) -> str:
    """The brief's words (e.g. 超过半数) where the data makes them true; otherwise the alternative the caller
    found true (e.g. 不到半数), recorded as departing from the brief's wording; with no alternative, a false
    claim (the build fails in `settle`)."""
    if holds or otherwise is None:
        return page.claim(key, text, holds=bool(holds), evaluated=evaluated, table=table, row=row, column=column)
    return page.claim(key, otherwise, holds=True, evaluated=evaluated, table=table, row=row, column=column,
                      brief_text=text)


def than_half(lang, part: int, whole: int) -> str:
    """超过半数 / 恰好半数 / 不到半数 of `whole`, as the data makes true, in `lang`."""
    return (lang._("超过半数") if part * 2 > whole else lang._("恰好半数") if part * 2 == whole
            else lang._("不到半数"))


def extremes(values: pd.Series, most: bool = True) -> tuple[list[str], object]:
    """The labels that share the largest (or smallest) value, in the series' order, and that value."""
    best = values.max() if most else values.min()
    return [str(k) for k, v in values.items() if v == best], best


def is_unique_extreme(values: pd.Series, label: str, most: bool = True) -> bool:
    labels, _best = extremes(values, most)
    return labels == [label]


def amount(value, unit, english: bool) -> str:
    """A value with its unit: `unit` is a word ("%", 所) or a function of the count that words it in the
    number the count needs (`lang.measure("个", "cases")`: 1 case, 3 cases)."""
    return unit(value) if callable(unit) else f"{fmt_value(value, english=english)} {unit}".rstrip()


def counts_listing(lang, values: pd.Series, unit) -> str:
    """江苏 20 所、浙江 15 所 / Jiangsu 20 units, Hainan 1 unit: each label with its value, as the page's language
    lists them."""
    return lang.listing(f"{k} {amount(v, unit, lang.english)}" for k, v in values.items())


def unique_extreme(page, key: str, text: str, values: pd.Series, label: str, unit, *, most: bool = True,
                   tied: str | None = None, otherwise: str | None = None, names: dict | None = None, table: str,
                   column: str) -> str:
    """`text` says that `label` has the most (or fewest) of `values`: true only if no other label ties it.
    Where the data says otherwise, `tied` (which may name the {others}) or `otherwise` (which may name the
    {leaders}) is stated instead, if the caller declares it. Values are keyed by identifiers; `names` shows
    them to the reader."""
    lang = page.lang
    names = names or {}
    shown = values.rename(index=lambda k: names.get(k, k))
    evaluated = (lang._("最大值须唯一属于 {label}：{values}") if most
                 else lang._("最小值须唯一属于 {label}：{values}")).format(
        label=names.get(label, label), values=counts_listing(lang, shown, unit))
    labels, _best = extremes(values, most)
    alternative = None
    if label in labels and len(labels) > 1 and tied is not None:
        alternative = tied.format(others=lang.both([names.get(k, k) for k in labels if k != label]))
    elif label not in labels and otherwise is not None:
        alternative = otherwise.format(leaders=lang.both([names.get(k, k) for k in labels]))
    return guard(page, key, text, labels == [label], evaluated, otherwise=alternative, table=table, row="all",
                 column=column)


def leaders(page, key: str, values: pd.Series, unit, *, word: str = "最多", table: str, column: str,
            names=None) -> str:
    """'江苏最多（20 所）' or '重庆、浙江并列最多（各 3 个）': worded from the data, ties included. In English,
    'Jiangsu (20)' or 'Chongqing and Zhejiang, tied (3 each)': the prose around it says the most of what.
    `names` shows a label to the reader (the English name of a province)."""
    lang = page.lang
    values = values.sort_index().sort_values(ascending=False, kind="stable")
    if names is not None:
        values = values.rename(index=names)
    labels, best = extremes(values)
    n = fmt_value(best, english=lang.english)
    if lang.english:
        text = f"{labels[0]} ({n})" if len(labels) == 1 else f"{lang.both(labels)}, tied ({n} each)"
    else:
        text = (f"{labels[0]}{word}（{amount(best, unit, lang.english)}）" if len(labels) == 1
                else f"{'、'.join(labels)}并列{word}（各 {amount(best, unit, lang.english)}）")
    evaluated = lang._("取最大值，并列者全部列出：{values}").format(
        values=counts_listing(lang, values.head(6), unit)) + \
        (lang._("……") if len(values) > 6 else "")
    return page.claim(key, text, holds=True, evaluated=evaluated, table=table, row="all", column=column)


def numbers_source(page, key: str, reasons: pd.DataFrame, *, brief: str, edition: str) -> str:
    """Whose numbers a sentence states: the brief's (`brief`), or this edition's (`edition`) when `reasons`
    (rows of reasons.csv that concern them) records values that deliberately differ from the brief."""
    lang = page.lang
    table = lang._("“{title}”表").format(title=page.table_title("reasons"))  # reader view names tables, not files
    evaluated = (lang.ngettext("{table}为这些数字记录了 {n} 处与简报不同的值",
                               "{table}为这些数字记录了 {n} 处与简报不同的值", len(reasons))
                 .format(table=table, n=len(reasons))
                 if len(reasons)
                 else lang._("{table}没有为这些数字记录与简报不同的值，即简报所印").format(table=table))
    return page.claim(key, edition if len(reasons) else brief, holds=True, evaluated=evaluated, table="reasons",
                      row="all", column="reason")


def denominator(page, key: str) -> str:
    """Which total the page's shares are taken of, and, for a coded edition, from how many reports and with whose
    codebook its counts were coded (`x-coding`, which `shuanggao code --edition` records)."""
    lang, ds, coding = page.lang, page.ds, page.ds.coding
    base = {"subset reports": lang._("以子集中编码的 {n} 份报告为分母"),
            "subset units": lang._("以子集的 {n} 所建设单位为分母"),
            "reports": lang._("以编码的 {n} 份报告为分母"),
            "units": lang._("以全部 {total} 所建设单位为分母")}[ds.share_of].format(n=ds.share_total, total=ds.total)
    if not coding and len(edited_rows(ds, ["subthemes"])):  # an edition changed by hand: whose counts, still
        text = lang._("本版的数字有与简报不同之处，其理由见核验页；比例{base}。").format(base=base)
    elif not coding:
        text = lang._("比例{base}。").format(base=base)
    else:
        text = lang._("本版的数字由 {n} 份报告按{codebook}编码，比例{base}。").format(
            n=coding.get("reports_coded"), codebook=codebook_words(ds, lang), base=base)
    evaluated = lang._("比例的分母：{total}").format(total=ds.share_total)
    return page.claim(key, text, holds=True, evaluated=evaluated, table="subthemes", row="all",
                      column="share_printed")


def departures(rows: list[dict]) -> list[dict]:
    """Registry rows of claims whose wording is not the brief's edition's, because this data makes another true."""
    return [r for r in rows if r.get("kind") == "claim" and r.get("departs")]


def departures_error(rows: list[dict]) -> str:
    """What `shuanggao build --strict-claims` says of the departures among registry `rows` ("" if none)."""
    differ = departures(rows)
    if not differ:
        return ""
    return (f"{len(differ)} statement(s) are worded otherwise than in the brief's edition, because this data makes "
            "the brief's wording untrue:\n  " + "\n  ".join(
                f"{r['notebook']}.ipynb {r['key']}: “{r['brief_text']}” → “{r['text']}” ({r['evaluated']})"
                for r in differ))


def settle(page) -> None:
    """Fail with every false claim of the page, each with what was evaluated."""
    false = [r for r in page.results if r.kind == "claim" and not r.holds]
    if false:
        raise ClaimError(f"{len(false)} statement(s) of {page.notebook}.ipynb no longer hold for this data: "
                         + "; ".join(f"{r.key} “{r.text}”: {r.evaluated}" for r in false))

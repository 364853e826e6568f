"""The verification page (核验): every number the brief prints, checked; every number the book states, listed.

It summarises the other pages, so it reads their results registry (`results_dir`, by default the folder
it runs in) and the runner executes it after them.

Glue keys: brief_numbers, brief_numbers_ok, brief_numbers_explained, registry_numbers.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from .. import registry
from ..data import printed
from ..format import Markup, anchor, lines_label, markdown_table, md_escape


def others(page, results_dir=None) -> list[dict]:
    """The registry of every other page."""
    folder = Path(results_dir) if results_dir else page.out_dir
    return [r for r in registry.load(folder) if r["notebook"] != page.notebook]


def glue(page, results_dir=None) -> None:
    checks = printed.brief_checks(page.ds)
    page.number("brief_numbers", len(checks), table="(all)", row="numbers the brief prints", column="-",
                note="constants, themes, subthemes and case_facts values the brief prints")
    page.number("brief_numbers_ok", sum(c.ok for c in checks), table="(all)", row="checks that agree", column="-",
                note="printed = data = recomputed")
    page.number("brief_numbers_explained", sum((not c.ok) and bool(c.reason) for c in checks), table="reasons",
                row="checks that differ with a reason", column="reason", note="rows counted")
    rows = others(page, results_dir)
    page.number("registry_numbers", len(rows) + len(page.results) + 1, table="(registry)", row="all pages",
                column="-", note="entries in _results/*.json, this one included")


def _appearances(rows: list[dict], table: str, row: str, column: str) -> str:
    hits = [r for r in rows if (r["table"], str(r["row"]), r["column"]) == (table, str(row), column)]
    # Shares of a count carry the count's address too: show each page once, at its plainest entry.
    first: dict[str, dict] = {}
    for r in sorted(hits, key=lambda r: r.get("numerator") is not None):
        first.setdefault(r["notebook"], r)
    return Markup(" ".join(f'<a href="#{anchor(r["notebook"], r["key"])}">{md_escape(n)}</a>'
                           for n, r in first.items()) or "—")


def brief_checks_markdown(page, results_dir=None) -> str:
    rows = others(page, results_dir)
    table = []
    for c in printed.brief_checks(page.ds):
        status = c.status if c.ok else Markup(f"**{md_escape(c.status)}**")
        table.append([Markup(f'<span id="b-{c.key.replace("_", "-")}"></span>{md_escape(c.what)}'), c.data,
                      c.printed or "—", c.recomputed or "—", status, lines_label(c.lines),
                      _appearances(rows, c.table, c.row, c.column)])
    return markdown_table(["内容", "数据值", "简报印出", "重新计算", "状态", "出处", "本书中"], "lrrrlll", table)


def registry_markdown(page, results_dir=None) -> str:
    checks = {(c.table, c.row, c.column): c for c in printed.brief_checks(page.ds)}
    rows = others(page, results_dir) + [asdict(r) for r in page.results]
    table = []
    for r in sorted(rows, key=lambda r: (r["notebook"], r["key"])):
        calc = f"{r['numerator']} ÷ {r['denominator']}" if r.get("numerator") is not None else (r.get("note") or "取值")
        check = checks.get((r["table"], str(r["row"]), r["column"]))
        table.append([
            Markup(f'<span id="{anchor(r["notebook"], r["key"])}"></span>[{r["notebook"]}]({r["notebook"]}.ipynb)'),
            Markup(f'`{r["key"]}`'), r["text"], f'{r["table"]} · {r["row"]} · {r["column"]}', calc,
            lines_label(r["lines"]) if r.get("lines") else "—", check.status if check else "由数据计算"])
    return markdown_table(["页面", "键", "显示", "来源（表 · 行 · 列）", "计算", "简报", "状态"], "llrllll", table)

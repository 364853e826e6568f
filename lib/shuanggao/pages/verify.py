"""The verification page (核验): every number the brief prints, checked; every number the book states, listed.

It summarises the other pages, so it reads their results registry (`results_dir`, by default the folder
it runs in) and the runner executes it after them.

Glue keys: brief_numbers, brief_numbers_ok, brief_numbers_explained, brief_numbers_other, brief_numbers_printed,
registry_numbers, registry_claims, registry_departures.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .. import registry
from ..data import printed
from ..format import Markup, anchor, markdown_table, md_escape, md_format
from ..translation import Language
from ..translation.languages import HAN
from . import claims


def book_folder(page, results_dir=None) -> Path:
    """Where the other pages' executed notebooks and registry are (this page runs in a folder of its own)."""
    return Path(results_dir) if results_dir else page.out_dir


def others(page, results_dir=None) -> list[dict]:
    """The registry of every other page."""
    return [r for r in registry.load(book_folder(page, results_dir)) if r["notebook"] != page.notebook]


def glue(page, results_dir=None) -> None:
    checks = printed.brief_checks(page.ds, page.lang)
    page.number("brief_numbers", len(checks), table="(all)", row="numbers the brief prints", column="-",
                note="constants, themes, subthemes and case_facts values the brief prints")
    page.number("brief_numbers_ok", sum(c.ok for c in checks), table="(all)", row="checks that agree", column="-",
                note="printed = data = recomputed")
    page.number("brief_numbers_explained", sum((not c.ok) and bool(c.reason) for c in checks), table="reasons",
                row="checks that differ with a reason", column="reason", note="rows counted")
    other = len(page.ds.brief_numbers)
    page.number("brief_numbers_other", other, table="brief_numbers", row="all", column="number", note="rows counted")
    page.number("brief_numbers_printed", len(printed.printed_numbers(page.ds)), table="(brief)", row="all lines",
                column="-", note="numbers the brief prints, found in its text by the book's extraction rules")
    rows = others(page, results_dir)
    numbers = [r for r in rows if r.get("kind", "number") == "number"]
    page.number("registry_numbers", len(numbers) + len(page.results) + 3, table="(registry)", row="all pages",
                column="-", note="numbers in _results/*.json, this page's included")
    page.number("registry_claims", len(rows) - len(numbers), table="(registry)", row="all pages", column="-",
                note="statements that depend on the data, in _results/*.json")
    page.number("registry_departures", len(claims.departures(rows)), table="(registry)", row="all pages",
                column="departs", note="statements worded otherwise than in the brief's edition, in _results/*.json")


def chapter_title(folder: Path, notebook: str, lang: Language) -> str:
    """A page as readers know it: the first heading of its notebook in the edition's language, from its executed
    copy beside this one or else (this page itself, on a first build) from the book's source; the file's stem
    where neither exists."""
    from ..project import library_root
    from ..translation.cells import is_english

    path = Path(folder) / f"{notebook}.ipynb"
    if not path.exists():
        path = library_root() / "book" / f"{notebook}.ipynb"
    if not path.exists():
        return notebook
    headings = [(is_english(c) == lang.english, "".join(c.get("source", "")).splitlines()[0][2:].strip())
                for c in json.loads(path.read_text(encoding="utf-8")).get("cells", [])
                if c.get("cell_type") == "markdown" and "".join(c.get("source", "")).startswith("# ")]
    # The edition's own heading first (a staged notebook keeps only its edition's cells; the source, both).
    return next((h for own, h in sorted(headings, key=lambda x: not x[0])), notebook)


def _page_link(page, results_dir, notebook: str) -> str:
    return f"[{md_escape(chapter_title(book_folder(page, results_dir), notebook, page.lang))}]({notebook}.ipynb)"


def _appearances(page, results_dir, rows: list[dict], table: str, row: str, column: str) -> str:
    hits = [r for r in rows if (r["table"], str(r["row"]), r["column"]) == (table, str(row), column)]
    # Shares of a count carry the count's address too: show each page once, at its plainest entry.
    first: dict[str, dict] = {}
    for r in sorted(hits, key=lambda r: r.get("numerator") is not None):
        first.setdefault(r["notebook"], r)
    folder = book_folder(page, results_dir)
    return Markup(md_escape(page.lang._("、")).join(
        f'<a href="#{anchor(r["notebook"], r["key"])}">{md_escape(chapter_title(folder, n, page.lang))}</a>'
        for n, r in first.items()) or "—")


def brief_checks_markdown(page, results_dir=None) -> str:
    lang = page.lang
    rows = others(page, results_dir)
    table = []
    for c in printed.brief_checks(page.ds, page.lang):
        status = c.status(lang) if c.ok else Markup(f"**{md_escape(c.status(lang))}**")
        table.append([Markup(f'<span id="b-{c.key.replace("_", "-")}"></span>{md_escape(c.what)}'
                             f'<br>{md_escape(lang.lines_label(c.lines))}{reviewer_code(lang, c)}'),
                      lang.zh(c.shown(c.data, lang)),
                      Markup(f"{lang.zh(c.shown(c.printed, lang) or '—')} / "
                             f"{lang.zh(c.shown(c.recomputed, lang) or '—')}"),
                      status,
                      _appearances(page, results_dir, rows, c.table, c.row, c.column)])
    header = [lang._("内容与出处"), lang._("数据值"), lang._("简报印出 / 重新计算"), lang._("状态"), lang._("本书中")]
    return markdown_table(header, "lrrll", table)


def reviewer_code(lang: Language, check) -> str:
    """The pandas expressions that give the row's data value (and its recomputation), folded, for reviewers."""
    code = "<br>".join(md_escape(e) for e in (check.expression, check.recomputing) if e)
    return Markup(f'<details class="reviewer-code"><summary>{md_escape(lang._("审阅用：pandas 表达式"))}</summary>'
                  f'<code>{code}</code></details>')


def claims_markdown(page, results_dir=None) -> str:
    """Every statement of the book that depends on the data, with what was evaluated."""
    lang = page.lang
    rows = [r for r in others(page, results_dir) if r.get("kind") == "claim"]
    table = [[Markup(f'<span id="{anchor(r["notebook"], r["key"])}"></span>'
                     + _page_link(page, results_dir, r["notebook"])),
              r["text"], r["evaluated"], _result(lang, r)]
             for r in sorted(rows, key=lambda r: (r["notebook"], r["key"]))]
    return markdown_table([lang._("页面"), lang._("判断"), lang._("依据数据核对了什么"), lang._("结果")], "llll", table)


def _result(lang: Language, r: dict) -> str:
    if not r["holds"]:
        return Markup(f"**{md_escape(lang._('不成立'))}**")
    return Markup(f"**{md_escape(lang._('措辞随数据改变'))}**") if r.get("departs") else lang._("成立")


def departures_markdown(page, results_dir=None) -> str:
    """Every statement whose wording differs from the brief's edition's, because this data makes another true."""
    lang = page.lang
    rows = claims.departures(others(page, results_dir))
    if not rows:
        return md_escape(lang._("本版的每一条判断都与简报版措辞相同。"))
    table = [[Markup(_page_link(page, results_dir, r["notebook"])), r["brief_text"], r["text"], r["evaluated"]]
             for r in sorted(rows, key=lambda r: (r["notebook"], r["key"]))]
    header = [lang._("页面"), lang._("简报版的措辞"), lang._("本版的措辞"), lang._("依据的数值")]
    return markdown_table(header, "llll", table)


def other_numbers_markdown(ds, lang: Language) -> str:
    """The numbers the brief prints that are not statistics, each with its reason."""
    rows = [[lang.lines_label(r.lines), lang.zh(r.number), lang.pick(r.reason, r.reason_en)]
            for r in ds.brief_numbers.itertuples()]
    return markdown_table([lang._("出处"), lang._("数字"), lang._("为什么不作统计核验")], "lrl", rows)


def registry_rows(page, results_dir=None) -> list[dict]:
    return [r for r in others(page, results_dir) + [asdict(r) for r in page.results]
            if r.get("kind", "number") == "number"]


def registry_csv(page, results_dir=None) -> Path:
    """The whole registry as a CSV download (UTF-8 with BOM, so that spreadsheet programs read the Chinese)."""
    import pandas as pd

    folder = page.out_dir / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "registry.csv"
    rows = others(page, results_dir) + [asdict(r) for r in page.results]
    frame = pd.DataFrame(rows)
    for column in ("numerator", "denominator"):
        frame[column] = frame[column].astype("Int64")  # counts, never 61.0
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def registry_markdown(page, results_dir=None) -> str:
    """The registry grouped by page, each group folded (the page stays short), rows sorted by key."""
    lang = page.lang
    rows = registry_rows(page, results_dir)
    out = []
    for notebook in sorted({r["notebook"] for r in rows}):
        group = [r for r in rows if r["notebook"] == notebook]
        title = md_escape(chapter_title(book_folder(page, results_dir), notebook, lang))
        out.append(f":::{{dropdown}} {title}" + md_format(lang._("（{n} 个数字）"), n=len(group)) + "\n\n"
                   + registry_table(page, group) + "\n:::\n")
    return "\n".join(out)


def registry_table(page, rows: list[dict]) -> str:
    """One page's numbers: as shown (linked to where), where from in the reader's words, the brief's place and the
    check; the key and the raw address (table · row · column, how it is computed) folded for reviewers."""
    lang = page.lang
    checks = {(c.table, c.row, c.column): c for c in printed.brief_checks(page.ds, page.lang)}
    table = []
    for r in sorted(rows, key=lambda r: (r["notebook"], r["key"])):
        calc = (f"{r['numerator']} ÷ {r['denominator']}" if r.get("numerator") is not None
                else (r.get("note") or lang._("取值")))
        check = checks.get((r["table"], str(r["row"]), r["column"]))
        where = lang.lines_label(r["lines"]) if r.get("lines") else "—"
        source = r.get("source_label") or r.get("table_title") or "—"
        if r.get("numerator") is not None:
            source += lang._("；计算：{numerator} ÷ {denominator}").format(numerator=r["numerator"],
                                                                     denominator=r["denominator"])
        address = md_escape(f'{r["key"]}: {r["table"]} · {r["row"]} · {r["column"]}; {calc}')
        # The raw address holds the data's own values (未经网页核实…): in the English edition, marked as Chinese.
        marked = "" if lang.is_source or not HAN.search(address) else ' lang="zh"'
        table.append([
            Markup(f'<span id="{anchor(r["notebook"], r["key"])}"></span>'
                   f'[{md_escape(r["text"])}]({r["notebook"]}.ipynb)'),
            Markup(md_escape(source) + '<details class="reviewer-code"><summary>'
                   f'{md_escape(lang._("审阅用：键与地址"))}</summary><code{marked}>{address}</code></details>'),
            f"{where}{lang._('；')}{check.status(lang) if check else lang._('由数据计算')}"])
    header = [lang._("显示（链接到所在页）"), lang._("来源"), lang._("简报出处与状态")]
    return markdown_table(header, "rll", table)

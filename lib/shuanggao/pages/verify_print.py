"""The verification page as print carries it: the book's appendix of checks, short enough to read.

The site shows the full register (`verify`: every number the brief prints, every number and statement of the
book, each with its source and the expressions for reviewers). A printed book carries instead a summary (how many
numbers were checked and how many agree with the brief), a table by chapter, and where the full register is online.
The notebook marks the two versions `print-only` and `web-only`; the print rendering keeps the one it needs.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..data import printed
from ..format import Markup, html_escape, markdown_table, md_escape, md_format
from ..translation import Language
from . import verify


@dataclass
class Tally:
    """One page's numbers and statements, as the appendix's table counts them."""

    notebook: str
    numbers: int = 0     # numbers the page states
    in_brief: int = 0    # of them, numbers the brief prints too
    agree: int = 0       # of those, the ones whose check agrees (printed = data = recomputed)
    claims: int = 0      # statements that depend on the data
    holding: int = 0     # of them, the ones that hold


def tallies(rows: list[dict], checks: dict, order: list[str]) -> list[Tally]:
    """Each page's tally, in the book's order (`order`, the table of contents; other pages after it). A number
    is the brief's when a check has its address (table, row, column), as the register's rows say."""
    by_page: dict[str, Tally] = {}
    for r in rows:
        tally = by_page.setdefault(r["notebook"], Tally(r["notebook"]))
        if r.get("kind", "number") == "claim":
            tally.claims += 1
            tally.holding += bool(r.get("holds"))
            continue
        tally.numbers += 1
        check = checks.get((r["table"], str(r["row"]), r["column"]))
        if check is not None:
            tally.in_brief += 1
            tally.agree += bool(check.ok)
    rank = {name: i for i, name in enumerate(order)}
    return sorted(by_page.values(), key=lambda t: (rank.get(t.notebook, len(rank)), t.notebook))


def register_place(lang: Language, site: str) -> Markup:
    """Where the full register is: its address on the published site, or, while the site has none, its file in
    the site built with this PDF (never a link to this machine)."""
    from urllib.parse import urljoin

    path = ("en/" if lang.english else "") + "book/verify.html"  # where the site puts each edition's page
    url = urljoin(site.rstrip("/") + "/", path) if site else ""
    if url:
        link = Markup(f'<a href="{html_escape(url)}">{html_escape(url)}</a>')
        return md_format(lang._("完整的核验表在本书网站的核验页：{address}。"), address=link)
    return md_format(lang._("完整的核验表在与本 PDF 一同构建的网站中，网站文件夹里的 {path}（本书尚未设定公开网址）。"),
                     path=path)


def appendix_markdown(page, results_dir=None, site: str | None = None) -> str:
    """The print version of the page: the summary, the table by chapter and where the full register is (`site`:
    the published address, by default the edition's, `style/edition.yml`)."""
    from ..project import chapters, library_root
    from .about import edition

    lang = page.lang
    site = (edition(lang).get("site") or "") if site is None else site
    rows = verify.others(page, results_dir) + [asdict(r) for r in page.results]
    checks = printed.brief_checks(page.ds, lang)
    counted = tallies(rows, {(c.table, c.row, c.column): c for c in checks}, chapters(library_root()))
    total = Tally("", *(sum(getattr(t, f) for t in counted)
                        for f in ("numbers", "in_brief", "agree", "claims", "holding")))
    summary = md_format(lang._(
        "简报正文印出的数字共 {printed} 处，其中统计数字 {checked} 项逐项与数据核对：{ok} 项一致，"
        "{explained} 项不一致但写明了理由；其余 {other} 处不是统计数字，各有不作核验的理由。"
        "本书各页共陈述 {numbers} 个数字，其中 {in_brief} 个简报也印出（{agree} 个与简报一致），其余是本书由数据计算的"
        "合计与比例；依据数据的判断共 {claims} 条，{holding} 条成立。下表按页面列出。"),
        printed=len(printed.printed_numbers(page.ds)), checked=len(checks), ok=sum(c.ok for c in checks),
        explained=sum((not c.ok) and bool(c.reason) for c in checks), other=len(page.ds.brief_numbers),
        numbers=total.numbers, in_brief=total.in_brief, agree=total.agree, claims=total.claims,
        holding=total.holding)
    folder = verify.book_folder(page, results_dir)
    table = [[Markup(f"[{md_escape(verify.chapter_title(folder, t.notebook, lang))}]({t.notebook}.ipynb)"),
              t.numbers, t.in_brief, t.agree, t.claims, t.holding] for t in counted]
    table.append([lang._("合计"), total.numbers, total.in_brief, total.agree, total.claims, total.holding])
    header = [lang._("页面"), lang._("陈述的数字"), lang._("简报也印出"), lang._("与简报一致"),
              lang._("依据数据的判断"), lang._("成立的判断")]
    online = lang._("网站的核验页逐项列出每一个数字的出处（表、行、列）、简报中的行号和核对结果，"
                    "每一条判断所核对的数值，以及审阅用的 pandas 表达式；整张登记表也可以下载（CSV）。")
    return (":::{div} print-only verify-appendix\n\n" + summary + "\n\n"
            + markdown_table(header, "lrrrrr", table) + "\n" + register_place(lang, site) + md_escape(online)
            + "\n\n:::\n")


def web_only(markdown: str) -> str:
    """Markdown the site shows and print leaves out (the full tables: print has the appendix instead). On a phone
    its tables read as one card per row, each cell under its column's name (`site.cards`)."""
    # A longer fence than the dropdowns inside it (`verify.registry_markdown`), which would close a ::: one.
    return "::::::{div} web-only stacked-table\n\n" + markdown + "\n\n::::::\n"

"""The whole book as one PDF for print: cover, copyright and licence page, contents with every part, the
introduction (导读), every chapter, the conclusion and the appendices.

Made from the built HTML pages (their articles, without code and interactive widgets) by WeasyPrint, which
paginates with CSS: A4, page numbers, running chapter titles, contents filled in by `target-counter`,
figures kept with their captions, table rows never split. A page chooses what prints with the classes
`web-only` and `print-only` (the explorer's case table prints, its instructions do not). The type comes from
pinned npm packages (`printfonts`): real bold, Latin italics and Latin quotation marks in English text.

The PDF is tagged (its structure and the figures' alt text reach screen readers), declares its language and
is PDF/A-3b with the data package attached, so that the archived book carries its own data. Its metadata
and dates come from the edition (the last commit), not the build clock: one edition gives the same bytes.

It is longer than 250 lines because print is one pipeline whose steps share the edition and the page model (the
articles made printable, the front matter, the stylesheet, the archival rendering); the fonts are in `printfonts`.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from ..translation import Language

FILE = "book.pdf"
REMOVED = (".cell_input", "details.above-input", "details.hide", ".toggle-details", "button", "script", "style",
           ".headerlink", ".num-note", ".itables", ".dt-container", "noscript", ".jupyter-widgets",
           ".cell_output .output.stderr", ".book-pdf", ".web-only", ".sd-summary-state-marker",
           # the verification register's folds for reviewers (keys, raw addresses, pandas expressions): online only
           "details.reviewer-code")
# Hrefs that stay links in print; every other relative one is made absolute to the site or unlinked.
KEPT = ("#", "http:", "https:", "mailto:")
# Fixed times inside the attached archive: the same data give the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass
class Edition:
    title: str
    author: str          # the organisation that publishes the book
    editors: str
    edition: str         # 第 2 版 / 2nd edition
    date: str            # of the build's code (the last commit), as 2026-11-29
    fingerprint: str     # of the data package
    baseurl: str         # the published site (`site` in style/edition.yml), "" while it has no address
    data_name: str       # the data package's name (the attachment's file name)
    lang: Language       # the language the edition is written in
    citation: str = ""   # the book's citation, as the About page and every page's footer give it


class PdfSkipped(Exception):
    """The PDF engine cannot run here; the site is built without the PDF and says why."""


def engine():
    try:
        import weasyprint
    except (ImportError, OSError) as err:  # OSError: the system's Pango library is missing
        raise PdfSkipped(f"WeasyPrint cannot run here ({type(err).__name__}: {err})") from None
    return weasyprint


def address(baseurl: str, path: str) -> str:
    """A page or file of the published site, as a reader can type it ("" when the site has no address)."""
    return urljoin(baseurl.rstrip("/") + "/", path) if baseurl else ""


def print_link(link, baseurl: str) -> None:
    """A link as print keeps it: pages of the book become places in the PDF, the site's files its web
    addresses, and nothing points at this machine."""
    href = link["href"]
    target, _sep, fragment = href.partition("#")
    if href in ("", "#"):  # "this page": the print engine would make it the page's file on this machine
        link.unwrap()
        return
    if href.startswith(KEPT):
        return
    if target.endswith(".html") and "/" not in target:
        link["href"] = f"#{fragment}" if fragment else f"#page-{target.removesuffix('.html')}"
        return
    web = address(baseurl, urljoin("book/", href))
    if web:
        link["href"] = web
    else:
        link.unwrap()


def link_inward(link) -> None:
    """`<a><strong>9</strong></a>` as `<strong><a>9</a></strong>`: WeasyPrint gives a link one annotation for
    each box it spans, so a link around a single element would be annotated twice on the same spot."""
    from bs4 import NavigableString

    while True:
        kids = [c for c in link.contents if not (isinstance(c, NavigableString) and not c.strip())]
        if len(kids) != 1 or isinstance(kids[0], NavigableString) or kids[0].name in ("img", "svg"):
            return
        inner = kids[0].extract()
        link.replace_with(inner)
        for child in list(inner.contents):
            link.append(child.extract())
        inner.append(link)


def article(html: str, name: str, lang: Language, baseurl: str = ""):
    """A page's article, ready for print: no code, no widgets, ids and links made unique to the book."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("article.bd-article")
    if body is None:
        return None
    for selector in REMOVED:
        for element in body.select(selector):
            element.decompose()
    for section in reversed(body.find_all("section")):
        # A section whose content is the site's only (the verification page's full tables) would print as a
        # heading over nothing: it goes with its content.
        heading = section.find(re.compile(r"^h[1-6]$"))
        rest = section.get_text(strip=True).removeprefix(heading.get_text(strip=True) if heading else "")
        if not rest and section.find(["img", "svg", "table"]) is None:
            section.decompose()
    for meta in body.select(".figure-meta"):
        # The downloads are the site's; the print keeps the source.
        text = meta.get_text("", strip=False)
        source = lang._("来源：")
        meta.string = text[text.find(source):] if source in text else text
    for details in body.find_all("details"):
        details["open"] = "open"
        for summary in details.find_all("summary", recursive=False):
            summary.name = "p"
            summary["class"] = "details-title"
    for output in body.select(".cell_output .output"):
        if "itables" in str(output):  # the interactive table: its print-only twin is the output beside it
            output.decompose()
    for output in body.select(".cell_output"):
        if not output.get_text(strip=True) and not output.find("img"):
            output.decompose()
    for picture in body.find_all("picture"):  # print keeps the figure itself, not its phone variant
        for source in picture.find_all("source"):
            source.decompose()
        picture.unwrap()
    for img in body.find_all("img"):
        img["data-svg"] = Path(img.get("src", "")).with_suffix(".svg").name  # printed as vector (svg_figures)
        img.attrs.pop("loading", None)
    for link in body.find_all("a", href=True):
        print_link(link, baseurl)
    for link in body.find_all("a", href=True):
        # A link inside a link gives the PDF two annotations on one spot: the outer one is enough.
        if link.find_parent("a", href=True) is not None:
            link.unwrap()
    for link in body.find_all("a", href=True):
        link_inward(link)
    for part in body.find_all("section"):
        figure_first(part)
    heading = body.find("h1")
    if heading is not None:
        for anchor in heading.find_all("a"):
            anchor.unwrap()
    section = soup.new_tag("section", attrs={"class": "chapter", "id": f"page-{name}"})
    for child in list(body.children):
        section.append(child.extract())
    return section


def figure_first(section) -> None:
    """A section that opens with one paragraph and then a figure prints the figure under its heading: printed
    after the paragraph, a figure taller than the rest of the page leaves a chapter's opening page nearly empty
    (the site, which has no pages, keeps the order of writing)."""
    children = [c for c in section.children if getattr(c, "name", None)]
    if not children or not re.fullmatch(r"h[1-6]", children[0].name):
        return
    paragraphs = 0
    for child in children[1:]:
        if child.name == "section":
            return
        if child.name == "figure" or child.find("figure") is not None:
            if paragraphs == 1:
                children[0].insert_after(child.extract())
            return
        if child.get_text(strip=True) and child.name != "p":
            return
        paragraphs += bool(child.get_text(strip=True))


def svg_figures(section, images: Path) -> None:
    """Print figures as vector graphics: each PNG is replaced by its SVG download when there is one, printed at
    the size that sets its text between 7 and 9 pt (`printfigures`)."""
    from .printfigures import print_size

    for img in section.find_all("img"):
        svg = next(iter(sorted(images.parent.glob(f"_downloads/*/{img['data-svg']}"))), None)
        if svg is not None:
            img["src"] = "../" + svg.relative_to(images.parent).as_posix()
            img["style"] = print_size(svg)


def css_string(text: str) -> str:
    """Text as a CSS string: nothing in it can end the string, the rule or the style element."""
    return '"' + "".join(c if c.isalnum() or c in " ：:" else f"\\{ord(c):x} " for c in text) + '"'


def css(families: dict[str, list[str]], lang: Language) -> str:
    from .printfonts import CJK, LATIN, stack

    body = stack(families, LATIN, CJK) if lang.english else stack(families, CJK)
    return f"""
@page {{
  size: A4; margin: 22mm 20mm 22mm 20mm;
  @top-center {{ content: string(chapter); font-size: 8.5pt; color: #555; }}
  @bottom-center {{ content: counter(page); font-size: 9pt; }}
}}
@page :first {{ @top-center {{ content: none; }} @bottom-center {{ content: none; }} }}
@page front {{ @top-center {{ content: none; }} @bottom-center {{ content: none; }} }}
@page contents {{ @top-center {{ content: {css_string(lang._("目录"))}; }} }}
html {{ font-family: {body}; font-size: 10.5pt; line-height: 1.65;
        color: #111; hyphens: manual; }}
:lang(zh) {{ font-family: {stack(families, CJK)}; }}
h1, h2, h3, h4 {{ line-height: 1.3; break-after: avoid; font-weight: bold; }}
h1 {{ string-set: chapter content(text); font-size: 20pt; margin: 0 0 .6em; }}
h2 {{ font-size: 14pt; margin-top: 1.3em; }}
h3 {{ font-size: 11.5pt; }}
section.chapter {{ break-before: page; }}
/* Chinese lines are set ragged-right: justification would stretch only the spaces between Latin words and
   numbers, not the gaps between characters. English is justified and may break long words. */
p, li {{ text-align: start; orphans: 2; widows: 2; }}
html:lang(en) p, html:lang(en) li {{ text-align: justify; }}
a {{ color: inherit; text-decoration: none; }}
figure, .figure {{ break-inside: avoid; margin: 1em 0; text-align: center; }}
figure img, img {{ max-width: 100%; max-height: 150mm; }}
figcaption, .caption {{ font-size: 9pt; color: #333; text-align: left; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: .6em 0; }}
th, td {{ border: .4pt solid #999; padding: 2pt 4pt; vertical-align: top; text-align: left; }}
th {{ font-weight: bold; background: #f2f2f2; }}
td.text-right, th.text-right, td.num, .text-right {{ text-align: right; font-variant-numeric: tabular-nums; }}
td code, td a {{ overflow-wrap: anywhere; }}
/* A cell's paragraph takes the cell's alignment and no margins: a row is as tall as its text, not three lines. */
th > p, td > p {{ margin: 0; text-align: inherit !important; }}  /* over the English body's justified p */
tr {{ break-inside: avoid; }}
thead {{ display: table-header-group; }}
em, i {{ font-style: italic; }}
strong, b, .num-link {{ font-weight: bold; }}
blockquote {{ margin: .5em 0 .5em 1em; padding-left: .8em; border-left: 2pt solid #bbb; }}
.admonition.case-study {{ border-left: 3pt solid #D55E00; padding: .2em .8em; margin: 1em 0; }}
.admonition.case-study p {{ orphans: 3; widows: 3; }}
.admonition-title, .details-title {{ font-weight: bold; break-after: avoid; }}
.case-meta, .figure-meta {{ display: block; font-size: 8.5pt; color: #444; }}
code {{ font-family: inherit; font-size: 9pt; }}
.web-only {{ display: none; }}
.part-title {{ font-size: 10pt; color: #D55E00; letter-spacing: .1em; margin: 0 0 2mm; font-weight: bold; }}
.cover {{ page: front; text-align: center; padding-top: 55mm; }}
.cover h1 {{ string-set: none; bookmark-level: none; font-size: 26pt; margin: 0; }}
.cover .subtitle {{ font-size: 15pt; margin: 4mm 0 0; text-align: center; }}
.cover .edition {{ margin-top: 25mm; font-size: 11pt; text-align: center; }}
.cover .editors {{ margin-top: 45mm; font-size: 10.5pt; text-align: center; }}
.cover .organisation, .cover .site {{ font-size: 10pt; color: #333; text-align: center; }}
.colophon {{ page: front; break-before: page; font-size: 9pt; padding-top: 120mm; }}
.colophon p {{ margin: 0 0 2.5mm; text-align: start; }}
.colophon .label {{ font-weight: bold; }}
nav.contents {{ page: contents; break-before: page; }}
nav.contents h1 {{ string-set: none; }}
nav.contents ul {{ padding: 0; }}
nav.contents li {{ list-style: none; margin: .3em 0; text-align: start; }}
nav.contents a::after {{ content: leader('.') target-counter(attr(href), page); }}
nav.contents .part {{ font-weight: bold; margin-top: .9em; }}
.epigraph {{ border: none; text-align: center; }}
"""


def cover(edition: Edition) -> str:
    # "Title: subtitle" (or "标题：副标题") is set as a title over its subtitle.
    title, sep, subtitle = edition.title.partition("：" if "：" in edition.title else ": ")
    subtitle_html = f'<p class="subtitle">{escape(subtitle)}</p>' if sep else ""
    return (f'<section class="cover"><h1>{escape(title)}</h1>{subtitle_html}'
            f'<p class="edition">{escape(edition.edition)} · {escape(edition.date)}</p>'
            f'<p class="editors">{escape(edition.editors)}</p>'
            f'<p class="organisation">{escape(edition.author)}</p>'
            + (f'<p class="site">{escape(address(edition.baseurl, ""))}</p>' if edition.baseurl else "")
            + "</section>")


def colophon(edition: Edition, cite: str) -> str:
    words = edition.lang
    """The copyright and licence page: how to cite, who may reuse what, where the site and the data are."""
    site = address(edition.baseurl, "")
    rows = [
        (words._("建议引用："), cite),
        (words._("许可："), words._("本书的文字、表格与数据包采用知识共享署名 4.0 国际许可协议（CC BY 4.0）；"
                      "代码采用 MIT 许可协议；字体为 SIL 开放字体许可协议（OFL 1.1）的 Noto 字体。")),
        (words._("引文："), words._("简报和政策文件的摘录仍属原作者，为评论和核对而引用，每一处都注明了出处。")),
        (words._("数据："), words._("数据包 {name}（指纹 {fingerprint}）作为附件嵌入本 PDF。").format(
            name=edition.data_name, fingerprint=edition.fingerprint[:12])),
    ]
    # Without a public address, where the site is: built with this PDF (never a link to this machine).
    rows.append((words._("网站："),
                 site or words._("本书尚未设定公开网址；网站与本 PDF 一同构建，入口是网站文件夹里的 index.html。")))
    body = "".join(f'<p><span class="label">{escape(label)}</span>{escape(text)}</p>' for label, text in rows)
    return (f'<section class="colophon"><p>© {escape(edition.date[:4])} {escape(edition.author)}</p>'
            f"{body}</section>")


def document(html_dir: Path, parts: list[tuple[str | None, list[str]]], edition: Edition) -> str:
    """The book as one HTML document (without its fonts: `with_fonts` adds the faces its text needs)."""
    from bs4 import BeautifulSoup

    book = html_dir / "book"
    sections, contents = [], []
    for caption, names in parts:
        part_open = caption is not None
        if part_open:
            contents.append(f'<li class="part">{escape(caption)}</li>')
        for name in names:
            page = book / f"{name}.html"
            if not page.exists():
                continue
            section = article(page.read_text(encoding="utf-8"), name, edition.lang, edition.baseurl)
            if section is None:
                continue
            svg_figures(section, html_dir / "_images")
            heading = section.find("h1")
            if name == "index" and heading is not None:
                # The home page opens the book as its introduction, under the name the contents give it.
                heading.string = edition.lang._("导读")
            if part_open and heading is not None:
                label = BeautifulSoup(f'<p class="part-title">{escape(caption)}</p>', "html.parser")
                heading.insert_before(label)
                part_open = False
            title = heading.get_text(" ", strip=True) if heading is not None else name
            contents.append(f'<li><a href="#page-{name}">{escape(title)}</a></li>')
            sections.append(str(section))
    nav = f'<nav class="contents"><h1>{escape(edition.lang._("目录"))}</h1><ul>{"".join(contents)}</ul></nav>'
    html_lang = edition.lang.html_lang
    meta = {
        "author": edition.editors,
        "description": edition.lang._("“双高计划”中期建设报告工作简报的数据复现读本：数字由数据包计算，逐项可核对。"),
        "keywords": edition.lang._("双高计划, 高等职业教育, 中期建设, 数据复现, 产教融合"),
        "generator": "shuanggao + WeasyPrint",
        "dcterms.created": edition.date,
        "dcterms.modified": edition.date,
    }
    head = "".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in meta.items())
    html = (f'<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8">'
            f"<title>{escape(edition.title)}</title>{head}<style>/*FACES*/</style></head><body>"
            f"{cover(edition)}{colophon(edition, edition.citation)}{nav}{''.join(sections)}</body></html>")
    # Parsed and written once more so that every tag is balanced for the print engine.
    soup = BeautifulSoup(html, "html.parser")
    ids = {element["id"] for element in soup.find_all(id=True)}
    for link in soup.select('a[href^="#"]'):
        # A place the site has and print leaves out (a row of the online register): the text stays, unlinked.
        if link["href"][1:] not in ids:
            link.unwrap()
    return str(soup)


def data_archive(data: Path) -> bytes:
    """The data package as a ZIP with fixed times and order (the same files give the same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            info = zipfile.ZipInfo(f"{data.name}/{path.relative_to(data).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def identifier(source: str) -> bytes:
    """The PDF's permanent ID (the first of the two in its trailer; the second hashes its bytes): a hash of the
    book as one document, without where its files lie on this machine. Sphinx names each download's folder by a
    hash of its source's path, and the fonts are read from the checkout: hashed with them, a build in another
    folder would print other bytes."""
    return hashlib.sha256(_DOWNLOAD_FOLDER.sub("_downloads/", source).encode()).hexdigest()[:32].encode()


_DOWNLOAD_FOLDER = re.compile(r"_downloads/[0-9a-f]{32}/")


def render(source: str, html_dir: Path, edition: Edition, data: Path, node_modules: Path,
           figures_font: Path) -> bytes:
    """The PDF's bytes: tagged, PDF/A-3b, the data package attached, the faces the text needs embedded."""
    import datetime

    from bs4 import BeautifulSoup

    from . import printfonts

    weasyprint = engine()
    pdf_identifier = identifier(source)
    text = BeautifulSoup(source, "html.parser").get_text()
    faces, families = printfonts.font_faces(node_modules, figures_font, text)
    source = source.replace("/*FACES*/", faces + css(families, edition.lang), 1)
    when = datetime.datetime.fromisoformat(edition.date).replace(tzinfo=datetime.UTC)
    attachment = weasyprint.Attachment(
        string=data_archive(data), name=f"{edition.data_name}.zip",
        description=edition.lang._("本书的数据包（CSV 表格与说明）"),
        created=when, modified=when, relationship="Data")
    # The embedded font subsets carry a "modified" time: fontTools takes it from SOURCE_DATE_EPOCH (the
    # reproducible-builds convention) when set, else from the clock, which would change the bytes each build.
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        # Relative links (figures) resolve from the book's pages.
        return weasyprint.HTML(string=source, base_url=str(html_dir / "book") + "/").write_pdf(
            pdf_identifier=pdf_identifier, uncompressed_pdf=False,
            pdf_variant="pdf/a-3b", pdf_tags=True, attachments=[attachment])
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build(html_dir: Path, parts: list[tuple[str | None, list[str]]], edition: Edition, data: Path,
          node_modules: Path, figures_font: Path) -> Path:
    """Write `book/book.pdf` under the site; raises PdfSkipped if the engine cannot run here."""
    engine()
    out = html_dir / "book" / FILE
    pdf = render(document(html_dir, parts, edition), html_dir, edition, data, node_modules, figures_font)
    partial = out.with_name(f".{FILE}.partial")
    partial.write_bytes(pdf)
    partial.replace(out)
    return out

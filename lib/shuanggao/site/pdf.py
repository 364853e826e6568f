"""The whole book as one PDF for print: cover, contents with page numbers, every chapter, appendices.

Made from the built HTML pages (their articles, without code and interactive widgets) by WeasyPrint, which
paginates with CSS: A4, page numbers, running chapter titles, contents filled in by `target-counter`,
figures kept with their captions, table rows never split. The Chinese is set in Noto Sans CJK SC from the
`mplfonts` package (embedded and subset), so nothing depends on the fonts of the machine, and the text
copies out as the characters it shows. Figures are the SVG downloads (vector).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..translation import Language

FILE = "book.pdf"
APPENDIX = ("data", "coding", "verify", "reproducibility")
REMOVED = (".cell_input", "details.above-input", "details.hide", ".toggle-details", "button", "script", "style",
           ".headerlink", ".num-note", ".itables", ".dt-container", "noscript", ".jupyter-widgets",
           ".cell_output .output.stderr")


@dataclass
class Edition:
    title: str
    fingerprint: str     # of the data package
    date: str            # of the build's code (the last commit), as 2026-11-29
    citation: str
    lang: Language       # the language the edition is written in


class PdfSkipped(Exception):
    """The PDF engine cannot run here; the site is built without the PDF and says why."""


def engine():
    try:
        import weasyprint
    except (ImportError, OSError) as err:  # OSError: the system's Pango library is missing
        raise PdfSkipped(f"WeasyPrint cannot run here ({type(err).__name__}: {err})") from None
    return weasyprint


def article(html: str, name: str, lang: Language):
    """A page's article, ready for print: no code, no widgets, ids and links made unique to the book."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("article.bd-article")
    if body is None:
        return None
    for selector in REMOVED:
        for element in body.select(selector):
            element.decompose()
    for meta in body.select(".figure-meta"):
        # The downloads are the site's; the print keeps the source.
        text = meta.get_text("", strip=False)
        source = lang._("来源：")
        meta.string = text[text.find(source):] if source in text else text
    for details in body.find_all("details"):
        details["open"] = "open"
    for output in body.select(".cell_output"):
        if "itables" in str(output) or not output.get_text(strip=True) and not output.find("img"):
            output.decompose()
    for img in body.find_all("img"):
        img["data-svg"] = Path(img.get("src", "")).with_suffix(".svg").name  # printed as vector (svg_figures)
        img.attrs.pop("loading", None)
    for link in body.find_all("a", href=True):
        href = link["href"]
        target, _sep, fragment = href.partition("#")
        if target.endswith(".html") and "/" not in target and not href.startswith(("http:", "https:")):
            link["href"] = f"#{fragment}" if fragment else f"#page-{target.removesuffix('.html')}"
        elif target and not href.startswith("#") and not href.startswith(("http:", "https:", "mailto:")):
            link.unwrap()
    heading = body.find("h1")
    if heading is not None:
        for anchor in heading.find_all("a"):
            anchor.unwrap()
    section = soup.new_tag("section", attrs={"class": "chapter", "id": f"page-{name}"})
    for child in list(body.children):
        section.append(child.extract())
    return section


def svg_figures(section, images: Path) -> None:
    """Print figures as vector graphics: each PNG is replaced by its SVG download when there is one."""
    for img in section.find_all("img"):
        svg = next(iter(sorted(images.parent.glob(f"_downloads/*/{img['data-svg']}"))), None)
        if svg is not None:
            img["src"] = "../" + svg.relative_to(images.parent).as_posix()


def css_string(text: str) -> str:
    """Text as a CSS string: nothing in it can end the string, the rule or the style element."""
    return '"' + "".join(c if c.isalnum() or c in " ：:" else f"\\{ord(c):x} " for c in text) + '"'


def css(font: Path, lang: Language) -> str:
    return f"""
@font-face {{ font-family: "Noto Sans CJK SC"; src: url("{font.as_uri()}"); font-weight: normal; }}
@font-face {{ font-family: "Noto Sans CJK SC"; src: url("{font.as_uri()}"); font-weight: bold; }}
@page {{
  size: A4; margin: 22mm 20mm 22mm 20mm;
  @top-center {{ content: string(chapter); font-size: 8.5pt; color: #555; }}
  @bottom-center {{ content: counter(page); font-size: 9pt; }}
}}
@page :first {{ @top-center {{ content: none; }} @bottom-center {{ content: none; }} }}
@page contents {{ @top-center {{ content: {css_string(lang._("目录"))}; }} }}
html {{ font-family: "Noto Sans CJK SC"; font-size: 10.5pt; line-height: 1.65; color: #111; }}
h1, h2, h3 {{ line-height: 1.3; break-after: avoid; }}
h1 {{ string-set: chapter content(text); font-size: 20pt; margin: 0 0 .6em; }}
h2 {{ font-size: 14pt; margin-top: 1.3em; }}
section.chapter {{ break-before: page; }}
p {{ text-align: justify; orphans: 2; widows: 2; }}
a {{ color: inherit; text-decoration: none; }}
figure, .figure {{ break-inside: avoid; margin: 1em 0; text-align: center; }}
figure img, img {{ max-width: 100%; max-height: 150mm; }}
figcaption, .caption {{ font-size: 9pt; color: #333; text-align: left; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: .6em 0; }}
th, td {{ border: .4pt solid #999; padding: 2pt 4pt; vertical-align: top; }}
td code, td a {{ overflow-wrap: anywhere; }}
tr {{ break-inside: avoid; }}
thead {{ display: table-header-group; }}
blockquote {{ margin: .5em 0 .5em 1em; padding-left: .8em; border-left: 2pt solid #bbb; }}
.admonition.case-study {{ border-left: 3pt solid #D55E00; padding: .2em .8em; margin: 1em 0; }}
.admonition.case-study p {{ orphans: 3; widows: 3; }}
.admonition-title {{ font-weight: bold; break-after: avoid; }}
.case-meta, .figure-meta {{ display: block; font-size: 8.5pt; color: #444; }}
.num-link {{ font-weight: bold; }}
code {{ font-family: "Noto Sans CJK SC"; font-size: 9pt; }}
.cover {{ page: cover; text-align: center; padding-top: 60mm; }}
.cover h1 {{ string-set: none; font-size: 24pt; }}
.cover .edition {{ margin-top: 30mm; font-size: 10pt; color: #333; }}
.cover .citation {{ margin: 20mm auto 0; max-width: 140mm; text-align: left; font-size: 9.5pt; }}
nav.contents {{ page: contents; break-before: page; }}
nav.contents h1 {{ string-set: none; }}
nav.contents li {{ list-style: none; margin: .3em 0; }}
nav.contents a::after {{ content: leader('.') target-counter(attr(href), page); }}
nav.contents .part {{ font-weight: bold; margin-top: .8em; }}
section.appendix-title {{ break-before: page; }}
.epigraph {{ border: none; text-align: center; }}
"""


def document(html_dir: Path, chapters: list[str], edition: Edition, font: Path) -> str:
    from bs4 import BeautifulSoup

    book = html_dir / "book"
    lang = edition.lang
    sections, contents = [], []
    for name in chapters:
        page = book / f"{name}.html"
        if name == "index" or not page.exists():
            continue
        section = article(page.read_text(encoding="utf-8"), name, lang)
        if section is None:
            continue
        svg_figures(section, html_dir / "_images")
        title = section.find("h1").get_text(" ", strip=True) if section.find("h1") else name
        if name == APPENDIX[0]:
            contents.append(f'<li class="part">{escape(lang._("附录"))}</li>')
        contents.append(f'<li><a href="#page-{name}">{escape(title)}</a></li>')
        sections.append(str(section))
    cover = (f'<section class="cover"><h1>{escape(edition.title)}</h1>'
             f'<p class="edition">{escape(lang._("版本："))}{escape(edition.date)} · {escape(lang._("数据包指纹"))} '
             f'{escape(edition.fingerprint[:12])}</p>'
             f'<p class="citation">{escape(lang._("建议引用："))}{escape(edition.citation)}</p></section>')
    nav = f'<nav class="contents"><h1>{escape(lang._("目录"))}</h1><ul>{"".join(contents)}</ul></nav>'
    html = (f'<!doctype html><html lang="{lang.html_lang}"><head><meta charset="utf-8">'
            f'<title>{escape(edition.title)}</title>'
            f"<style>{css(font, lang)}</style></head><body>{cover}{nav}{''.join(sections)}</body></html>")
    # Parsed and written once more so that every tag is balanced for the print engine.
    soup = BeautifulSoup(html, "html.parser")
    internal_links(soup)
    return str(soup)


def internal_links(soup) -> None:
    """Every link of the PDF leads into the PDF or to the web: a link to a place the book does not have (a page's
    link to itself, `#`, say) would be resolved against the build folder, a file:// address of this machine."""
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in soup.find_all("a", href=True):
        href = link["href"]
        if href.startswith(("http:", "https:", "mailto:")):
            continue
        if not (href.startswith("#") and href[1:] in ids):
            link.unwrap()


def build(html_dir: Path, chapters: list[str], edition: Edition, font: Path) -> Path:
    """Write `book/book.pdf` under the site; raises PdfSkipped if the engine cannot run here."""
    weasyprint = engine()
    out = html_dir / "book" / FILE
    source = document(html_dir, chapters, edition, font)
    # Relative links (figures) resolve from the book's pages.
    pdf = weasyprint.HTML(string=source, base_url=str(html_dir / "book") + "/").write_pdf(
        pdf_identifier=hashlib.sha256(source.encode()).hexdigest()[:32].encode(), uncompressed_pdf=False)
    partial = out.with_name(f".{FILE}.partial")
    partial.write_bytes(pdf)
    partial.replace(out)
    return out



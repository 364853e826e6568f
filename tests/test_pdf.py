"""The whole book as one PDF, in both editions: every chapter and glued value in its text, the introduction,
fonts from the packages with real bold and Latin quotation marks in English, no near-empty page, links that
work off this machine, metadata, a structure tree with alt text, PDF/A-3b with the data attached, and the same
bytes from the same edition."""
import io
import json
import re
import zipfile

import pytest

from conftest import DATA, ROOT
from shuanggao import registry
from shuanggao.project import chapters

EDITIONS = ("zh", "en")
# The introduction's section headings (book/index.md and index.en.md).
INTRODUCTION = {"zh": ("导读", "五个方面的主要发现", "怎样阅读", "本书与简报的关系"),
                "en": ("Introduction", "the main findings in five themes", "How to read this book")}
CONTENTS = {"zh": "目录", "en": "Contents"}
# Full-width CJK glyphs of these marks in English text were what the English PDF printed (“book’ s”).
LATIN_MARKS = "’‘“”"


def squeeze(text: str) -> str:
    """Text as extracted from a PDF, without the spaces and line breaks that justification and wrapping add."""
    return re.sub(r"\s+", "", text)


def pdf_path(built, lang):
    return built / "html" / ("book" if lang == "zh" else "en/book") / "book.pdf"


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request, built):
    path = pdf_path(built, request.param)
    assert path.exists(), "make book did not write the PDF"
    return request.param, path


@pytest.fixture(scope="module")
def pdf(built):
    from pypdf import PdfReader

    path = pdf_path(built, "zh")
    assert path.exists(), "make book did not write the PDF"
    return PdfReader(str(path))


@pytest.fixture(scope="module")
def text(pdf):
    return squeeze("".join(page.extract_text() for page in pdf.pages))


def test_every_chapter_title_and_glued_value_is_in_the_pdf(built, text):
    from conftest import page_text

    for name in chapters(ROOT):
        if name == "index":
            continue
        title = page_text(built / "html" / "book" / f"{name}.html").split("#")[0]
        heading = re.search(r"<h1>(.*?)<a", (built / "html" / "book" / f"{name}.html").read_text(encoding="utf-8"))
        assert heading and squeeze(re.sub("<[^>]+>", "", heading.group(1))) in text, (name, title[:40])
    missing = [f"{r['notebook']}::{r['key']} {r['text']!r}" for r in registry.load(built / "src" / "book")
               if squeeze(r["text"]) not in text]
    assert missing == []


def test_the_introduction_opens_the_book_in_both_editions(edition):
    import pymupdf

    lang, path = edition
    doc = pymupdf.open(path)
    # The first part of the book after the contents, and so first in the bookmarks after them.
    toc = [title for level, title, _page in doc.get_toc() if level == 1]
    assert toc[:2] == [CONTENTS[lang], INTRODUCTION[lang][0]], toc[:3]
    body = squeeze("".join(page.get_text() for page in doc))
    for heading in INTRODUCTION[lang]:
        assert squeeze(heading) in body, heading


def test_the_explorer_prints_its_case_table_not_its_web_instructions(built):
    import pymupdf

    doc = pymupdf.open(pdf_path(built, "zh"))
    text = squeeze("".join(page.get_text() for page in doc))
    cases = [line.split(",")[0] for line in (DATA / "cases.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert cases and all(case in text for case in cases), "a case of the explorer's table is not in the PDF"
    for web in ("搜索框", "点击上方各栏", "不需要服务器"):
        assert web not in text, web


def covered(page) -> float:
    """How much of the page's text area (between the running heads) has something printed on it: the share of
    its height that lines of text, images and drawings cover."""
    top, bottom = page.rect.height * 0.09, page.rect.height * 0.91
    spans = [(b[1], b[3]) for b in page.get_text("blocks")]
    spans += [(d["rect"].y0, d["rect"].y1) for d in page.get_drawings()]
    spans += [(r.y0, r.y1) for info in page.get_images() for r in page.get_image_rects(info[0])]
    spans = sorted((max(a, top), min(b, bottom)) for a, b in spans if b > top and a < bottom)
    total, end = 0.0, top
    for a, b in spans:
        if b > end:
            total += b - max(a, end)
            end = b
    return total / (bottom - top)


def test_no_page_is_mostly_blank_but_the_last_page_of_a_chapter(edition):
    import pymupdf

    _lang, path = edition
    doc = pymupdf.open(path)
    # A chapter starts a page: the page before a chapter's first, and the book's last, may run short; so may
    # the cover and the copyright page before the contents.
    toc = doc.get_toc()
    starts = {page - 1 for level, _title, page in toc if level == 1}
    front = toc[0][2] - 1
    blank = [n + 1 for n, page in enumerate(doc)
             if n >= front and n + 1 not in starts and n + 1 < len(doc) and covered(page) < 0.2]
    assert blank == [], f"pages less than 20 % covered: {blank}"


def fonts_of(doc) -> set[str]:
    return {font[3] for page in doc for font in page.get_fonts(full=True)}


def test_every_font_is_embedded_and_comes_from_the_packages(edition):
    import pymupdf

    _lang, path = edition
    doc = pymupdf.open(path)
    fonts = {(font[3], font[1]) for page in doc for font in page.get_fonts(full=True)}
    assert fonts and all(ext not in ("n/a", "") for _name, ext in fonts), fonts  # "n/a": not embedded
    # Fontsource's Noto Sans SC and Noto Sans (one family per slice), and the figures' Noto Sans CJK SC.
    assert all(re.search(r"\+Noto-Sans(-SC)?-[\w-]+|\+Noto-Sans-CJK-SC", name) for name, _ext in fonts), fonts


def test_headings_are_set_in_a_bold_font(edition):
    import pymupdf

    _lang, path = edition
    doc = pymupdf.open(path)
    first_chapter = next(page for level, _title, page in doc.get_toc() if level == 1)
    spans = [span for block in doc[first_chapter - 1].get_text("dict")["blocks"] for line in block.get("lines", [])
             for span in line["spans"] if span["text"].strip()]
    heading = max(spans, key=lambda span: span["size"])
    assert heading["size"] >= 18 and "Bold" in heading["font"], heading
    assert any("Bold" in name for name in fonts_of(doc))


def test_english_text_has_latin_quotation_marks(built):
    import pymupdf

    doc = pymupdf.open(pdf_path(built, "en"))
    wide = []
    for number, page in enumerate(doc, 1):
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                # A line's characters with their fonts (a font change splits the spans of one line).
                chars = [(c["c"], span["font"]) for span in line["spans"] for c in span["chars"]]
                text = [c for c, _font in chars]
                for i, (c, font) in enumerate(chars):
                    neighbours = text[max(i - 1, 0):i] + text[i + 1:i + 2]
                    nearby = text[max(i - 4, 0):i + 5]
                    # A mark beside a Latin letter belongs to English text; near Chinese (a quotation such as
                    # 采取“X+N”培养模式) it is Chinese and set as such.
                    if (c in LATIN_MARKS and "SC" in font and any(n.isascii() and n.isalpha() for n in neighbours)
                            and not any("\u4e00" <= n <= "\u9fff" for n in nearby)):
                        wide.append((number, "".join(text[max(i - 8, 0):i + 8])))
    assert wide == [], wide[:10]


def link_annotations(path):
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A") or {}
            target = str(action.get("/URI") or action.get("/D") or annot.get("/Dest"))
            yield number, tuple(round(float(x), 1) for x in annot["/Rect"]), target


def test_no_link_points_at_this_machine_and_none_is_doubled(edition):
    _lang, path = edition
    links = list(link_annotations(path))
    assert links, "the PDF has no links"
    assert [t for _n, _r, t in links if t.startswith("file:") or "/_build/" in t] == []
    seen, doubled = set(), []
    for link in links:
        if link in seen:
            doubled.append(link)
        seen.add(link)
    assert doubled == [], f"{len(doubled)} duplicate link annotations, e.g. {doubled[:3]}"


def test_metadata_is_set_from_the_edition(edition):
    from pypdf import PdfReader

    lang, path = edition
    reader = PdfReader(str(path))
    meta = reader.metadata
    for field in (meta.title, meta.author, meta.subject, meta.get("/Keywords")):
        assert field and str(field).strip()
    run = __import__("subprocess").run(["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True,
                                       text=True)
    assert meta.creation_date.date().isoformat() == run.stdout.strip()  # the edition's date, not the build's
    assert str(reader.trailer["/Root"]["/Lang"]).startswith({"zh": "zh", "en": "en"}[lang])


def test_the_pdf_is_tagged_and_figures_have_alt_text(edition):
    from pypdf import PdfReader

    _lang, path = edition
    root = PdfReader(str(path)).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    figures = []

    def walk(element, depth=0):
        element = element.get_object()
        if depth > 60 or not hasattr(element, "get"):
            return
        if element.get("/S") == "/Figure":
            figures.append(str(element.get("/Alt") or ""))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid, depth + 1)

    walk(root["/StructTreeRoot"])
    assert figures and all(alt.strip() for alt in figures), figures[:5]


def test_the_pdf_is_pdfa_3b_and_carries_the_data_package(edition):
    from pypdf import PdfReader

    _lang, path = edition
    reader = PdfReader(str(path))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"', xmp) and re.search(r'pdfaid:conformance="B"', xmp), xmp[:400]
    attachments = reader.attachments
    name = next((n for n in attachments if n.endswith(".zip")), None)
    assert name, list(attachments)
    archive = zipfile.ZipFile(io.BytesIO(attachments[name][0]))
    descriptor = next(n for n in archive.namelist() if n.endswith("/datapackage.json"))
    assert json.loads(archive.read(descriptor)) == json.loads((DATA / "datapackage.json").read_text("utf-8"))


def test_the_same_edition_gives_the_same_bytes_in_another_folder(edition, built, tmp_path):
    """The PDF made again from the same built pages, data and commit is byte for byte the one the build wrote,
    though made in another folder: the pages copied elsewhere, each download's folder under another name (Sphinx
    names it by a hash of its source's path, so a build elsewhere names it otherwise) and the fonts reached by
    another path. No creation time, random ID or path of this machine is in the bytes."""
    import hashlib
    import shutil

    from shuanggao.figures.style import font_path
    from shuanggao.run import assemble
    from shuanggao.site import pdf
    from shuanggao.translation import language

    lang, path = edition
    site = built / "html" / ("" if lang == "zh" else "en")
    html = tmp_path / "elsewhere" / "html"
    for folder in ("book", "_images", "_downloads"):
        shutil.copytree(site / folder, html / folder)
    for download in (html / "_downloads").iterdir():
        download.rename(download.with_name(hashlib.md5(download.name.encode()).hexdigest()))
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "node_modules").symlink_to(ROOT / "_build" / ".npm-cache" / "node_modules")
    (fonts / font_path().name).symlink_to(font_path())

    edition_ = assemble.pdf_edition(ROOT, DATA, lang)
    source = pdf.document(html, assemble.pdf_parts(ROOT, language(lang)), edition_)
    again = pdf.render(source, html, edition_, DATA, fonts / "node_modules", fonts / font_path().name)
    assert again == path.read_bytes()


def test_no_character_is_a_missing_glyph(text):
    assert not re.search("[\ufffd\u25a1\ue000-\uf8ff]", text)  # replacement, white square, private use
    assert "双高计划" in text and "产教融合" in text


def test_the_page_count_is_in_range(edition):
    import pymupdf

    _lang, path = edition
    assert 40 <= len(pymupdf.open(path)) <= 100


def test_contents_give_page_numbers_for_every_part(pdf):
    contents = next(page.extract_text() for page in pdf.pages if "目录" in page.extract_text()[:40])
    assert re.search(r"人才培养：.*?\.{5,}\s*\d+", contents)
    for part in ("总览", "五个方面", "结语", "附录"):
        assert part in contents, part


def test_no_link_leads_to_the_build_machine(pdf):
    """Every link leads to a place in the book or to the web; none to a file:// address of the build folder."""
    uris = [str(a.get_object()["/A"]["/URI"]) for page in pdf.pages for a in page.get("/Annots") or []
            if "/URI" in a.get_object().get("/A", {})]
    assert [u for u in uris if not u.startswith(("http:", "https:", "mailto:"))] == []


# one citation ---------------------------------------------------------------------------------------------

def about_citation(page) -> str:
    """The citation the About page shows: the paragraph after its first section heading (as readers see it)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    heading = soup.select("article.bd-article section h2")[0]
    return re.sub(r"\s+", " ", heading.find_next("p").get_text()).strip()


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_about_page_the_footer_and_the_pdf_read_one_citation(lang):
    """One function writes the citation (style/edition.yml, the title, the date, the data package): the About
    page's Markdown reads as the text the PDF and the footer print."""
    import shuanggao
    from shuanggao.pages import about
    from shuanggao.run.assemble import pdf_edition
    from shuanggao.translation import language

    words = language(lang)
    text = about.citation_text(words, DATA)
    shown = re.sub(r"\\(.)", r"\1", about.citation_markdown(shuanggao.load(DATA), words).replace("`", ""))
    assert shown.replace("*", "").strip() == text
    assert pdf_edition(ROOT, DATA, lang).citation == text
    facts = __import__("yaml").safe_load((ROOT / "style" / "edition.yml").read_text(encoding="utf-8"))
    facts = facts.get("english", facts) if lang == "en" else facts
    assert facts["editors"] in text and facts["edition"] in text


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_about_page_every_footer_and_the_pdf_give_the_same_citation(built, lang):
    from pypdf import PdfReader

    html = built / "html" / ("" if lang == "zh" else "en")
    cited = about_citation(html / "book" / "about.html")
    assert cited
    footers = {}
    # (The edition's root index.html is a redirect to book/index.html, not a page.)
    for page in sorted((html / "book").glob("*.html")):
        found = re.findall(r'<span class="citation-text">([^<]*)</span>', page.read_text(encoding="utf-8"))
        footers[page.name] = __import__("html").unescape(found[0]) if found else None
    assert set(footers.values()) == {cited}, footers
    text = squeeze("".join(p.extract_text() for p in PdfReader(str(pdf_path(built, lang))).pages[:3]))
    assert squeeze(cited) in text


def appendix_pages(doc, lang):
    """The verification appendix's pages (0-based): from its bookmark to the next chapter's."""
    from shuanggao.pages.verify import chapter_title
    from shuanggao.translation import language

    title = chapter_title(ROOT / "book", "verify", language(lang))
    toc = [(t, p) for level, t, p in doc.get_toc() if level == 1]
    start = next(i for i, (t, _p) in enumerate(toc) if t == title)
    end = toc[start + 1][1] - 1 if start + 1 < len(toc) else len(doc)
    return range(toc[start][1] - 1, end)


# The appendix's length in print: measured at 1 page (Chinese) and 2 (English) on 2026-11-30; the online register
# it stands for filled 23 (Chinese) and 25 (English) pages.
APPENDIX_PAGES = 3


def test_the_verification_appendix_summarises_the_register_by_page_in_a_few_pages(edition, built):
    """The counts printed are those of the register the chapters wrote and of the brief's checks, by page."""
    import pymupdf

    import shuanggao
    from shuanggao.data import printed
    from shuanggao.pages.verify import chapter_title
    from shuanggao.pages.verify_print import tallies
    from shuanggao.project import chapters
    from shuanggao.translation import language

    lang, path = edition
    doc = pymupdf.open(path)
    pages = appendix_pages(doc, lang)
    assert len(pages) <= APPENDIX_PAGES, f"the appendix takes {len(pages)} pages"
    text = squeeze("".join(doc[n].get_text() for n in pages))
    words = language(lang)
    ds = shuanggao.load(DATA)
    checks = printed.brief_checks(ds, words)
    folder = built / ("src" if lang == "zh" else "src-en") / "book"
    rows = registry.load(folder)
    counted = tallies(rows, {(c.table, c.row, c.column): c for c in checks}, chapters(ROOT))
    assert len(counted) >= 10
    for t in counted:
        row = f"{chapter_title(folder, t.notebook, words)}{t.numbers}{t.in_brief}{t.agree}{t.claims}{t.holding}"
        assert squeeze(row) in text, row
    numbers = sum(t.numbers for t in counted)
    assert numbers == len([r for r in rows if r.get("kind", "number") == "number"])
    claims = [r for r in rows if r.get("kind") == "claim"]
    summary = words._(
        "简报正文印出的数字共 {printed} 处，其中统计数字 {checked} 项逐项与数据核对：{ok} 项一致，"
        "{explained} 项不一致但写明了理由；其余 {other} 处不是统计数字，各有不作核验的理由。"
        "本书各页共陈述 {numbers} 个数字，其中 {in_brief} 个简报也印出（{agree} 个与简报一致），其余是本书由数据计算的"
        "合计与比例；依据数据的判断共 {claims} 条，{holding} 条成立。下表按页面列出。").format(
        printed=len(printed.printed_numbers(ds)), checked=len(checks), ok=sum(c.ok for c in checks),
        explained=sum((not c.ok) and bool(c.reason) for c in checks), other=len(ds.brief_numbers), numbers=numbers,
        in_brief=sum(t.in_brief for t in counted), agree=sum(t.agree for t in counted), claims=len(claims),
        holding=sum(bool(r["holds"]) for r in claims))
    assert squeeze(summary) in text
    # What the site's page offers by clicking is not promised in print.
    for web in ("展开", "点击", "悬停", "unfold", "click", "Hover"):
        assert web not in text, web


def test_print_names_the_sites_address_or_else_where_the_built_site_is(edition):
    """The address is the edition's (`site` in style/edition.yml); without one, no empty link and no file: link."""
    import pymupdf
    import yaml

    lang, path = edition
    doc = pymupdf.open(path)
    site = yaml.safe_load((ROOT / "style" / "edition.yml").read_text(encoding="utf-8")).get("site") or ""
    front = squeeze(doc[0].get_text() + doc[1].get_text())
    appendix = squeeze("".join(doc[n].get_text() for n in appendix_pages(doc, lang)))
    register = ("" if lang == "zh" else "en/") + "book/verify.html"
    if site:
        assert site in front and site.rstrip("/") + "/" + register in appendix
    else:
        assert {"zh": "尚未设定公开网址", "en": "nopublicaddress"}[lang] in front
        assert register in appendix
    uris = [link.get("uri") or "" for page in doc for link in page.get_links()]
    assert [u for u in uris if u.startswith("file:") or u in ("http:", "https:")] == []


def test_figure_text_prints_between_7_and_9_pt(edition):
    """Every text of every figure (set in the figures' font, Noto Sans CJK SC), at the size the page prints it."""
    import pymupdf

    _lang, path = edition
    doc = pymupdf.open(path)
    sizes = [(number, round(span["size"], 2), span["text"]) for number, page in enumerate(doc, 1)
             for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])
             for span in line["spans"] if "CJK" in span["font"] and span["text"].strip()]
    assert len({n for n, _s, _t in sizes}) >= 6, "fewer figure pages than the book's six figures"
    outside = [s for s in sizes if not 6.95 <= s[1] <= 9.05]
    assert outside == [], outside[:10]


def test_a_section_with_one_paragraph_before_its_figure_prints_the_figure_under_its_heading():
    """So that a tall figure does not leave a chapter's opening page with a heading and one paragraph."""
    from bs4 import BeautifulSoup

    from shuanggao.site.pdf import figure_first

    def order(paragraphs: int) -> list[str]:
        html = ("<section><h1>总览</h1><div class='cell'></div>" + "<p>一段。</p>" * paragraphs +
                "<div class='cell'><figure><img src='a.png'></figure></div><p>后文。</p></section>")
        section = BeautifulSoup(html, "html.parser").section
        figure_first(section)
        return ["figure" if c.find("figure") else c.name for c in section.children if c.get_text() or c.find("figure")]

    assert order(1) == ["h1", "figure", "p", "p"]
    assert order(2) == ["h1", "p", "p", "figure", "p"]

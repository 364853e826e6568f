"""The whole book as one PDF: every chapter and glued value in its text, fonts embedded, no missing glyph."""
import re

import pytest

from conftest import ROOT
from shuanggao import registry
from shuanggao.project import chapters


def squeeze(text: str) -> str:
    """Text as extracted from a PDF, without the spaces and line breaks that justification and wrapping add."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf(built):
    from pypdf import PdfReader

    path = built / "html" / "book" / "book.pdf"
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


def test_every_font_is_embedded_and_comes_from_the_package(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add((str(font.get("/BaseFont")), embedded))
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert all("Noto-Sans-CJK-SC" in name for name, _ in fonts), fonts


def test_no_character_is_a_missing_glyph(text):
    assert not re.search("[\ufffd\u25a1\ue000-\uf8ff]", text)  # replacement, white square, private use
    assert "双高计划" in text and "产教融合" in text


def test_the_page_count_is_in_range(pdf):
    assert 40 <= len(pdf.pages) <= 90, len(pdf.pages)


def test_contents_give_page_numbers(pdf):
    contents = pdf.pages[1].extract_text()
    assert "目录" in contents and re.search(r"人才培养：.*?\.{5,}\s*\d+", contents)


def test_no_link_leads_to_the_build_machine(pdf):
    """Every link leads to a place in the book or to the web; none to a file:// address of the build folder."""
    uris = [str(a.get_object()["/A"]["/URI"]) for page in pdf.pages for a in page.get("/Annots") or []
            if "/URI" in a.get_object().get("/A", {})]
    assert [u for u in uris if not u.startswith(("http:", "https:", "mailto:"))] == []

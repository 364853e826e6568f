"""The English edition: the same numbers as the Chinese one, every page with its counterpart, quotations kept
in Chinese with a marked translation, and a translator who can see what is untranslated or outdated.

The browser checks (no external request, no overflow, the switch, English search) are in test_browser.py.
"""
import copy
import json
import re
import shutil

import nbformat
import pytest

from conftest import ROOT, page_text, project_copy
from shuanggao import registry
from shuanggao.site.audit import _Glued, audit_html
from shuanggao.translation import cells


def edition_pages(built):
    html = built / "html"
    return sorted(p.relative_to(html / "en") for p in (html / "en" / "book").glob("*.html"))


def glued(page):
    parser = _Glued()
    parser.feed(page.read_text(encoding="utf-8"))
    return [(href.partition("#")[2], text) for href, text in parser.found]


# numbers ----------------------------------------------------------------------------------------------

def test_both_editions_glue_the_same_values(built):
    chinese = registry.load(built / "src" / "book")
    english = registry.load(built / "src-en" / "book")
    assert len(chinese) == len(english) > 150
    assert registry.differences(chinese, english) == []


def test_a_value_that_differs_between_editions_is_named():
    rows = [{"notebook": "talent", "key": "talent_moral_units", "value": 61, "text": "61", "kind": "number",
             "table": "subthemes", "row": "talent-moral", "column": "units"}]
    other = copy.deepcopy(rows)
    other[0].update(value=62, text="62")
    found = registry.differences(rows, other)
    assert any("value 61 ≠ 62" in f for f in found) and any("shown as '61' ≠ '62'" in f for f in found)
    # A four-digit count: 1324 in Chinese (GB/T 15835), 1,324 in English, the same digits.
    rows[0].update(value=1324, text="1324")
    other[0].update(value=1324, text="1,324")
    assert registry.differences(rows, other) == []
    assert registry.differences(rows, []) == ["talent::talent_moral_units: only in the Chinese edition"]


def test_every_english_page_shows_the_values_of_its_chinese_counterpart(built):
    html = built / "html"
    # Counts, amounts and shares have the same digits in both languages (1,324 and, in Chinese, 1324 (GB/T 15835);
    # 30.96%); dates, names and term
    # lists are words, written in each edition's language (their values are compared in the registries).
    numbers = {registry_anchor(r): r for r in registry.load(built / "src" / "book")
               if r["kind"] == "number" and isinstance(r["value"], (int, float)) or str(r["value"]).endswith("%")}
    compared = 0
    for rel in edition_pages(built):
        chinese = dict(glued(html / rel))
        english = glued(html / "en" / rel)
        assert sorted({a for a, _ in english if a in numbers}) == sorted({a for a in chinese if a in numbers}), rel
        for anchor, text in english:
            if anchor in numbers:
                assert text.replace(",", "") == chinese[anchor].replace(",", ""), (rel, anchor)
                compared += 1
    assert compared > 100
    assert audit_html(html / "en", registry.load(built / "src-en" / "book")) == []


def registry_anchor(row):
    from shuanggao.format import anchor

    return anchor(row["notebook"], row["key"])


# the English pages --------------------------------------------------------------------------------------

def test_every_page_has_its_counterpart_and_alternates(built):
    html = built / "html"
    chinese = sorted(p.relative_to(html) for p in (html / "book").glob("*.html"))
    assert edition_pages(built) == chinese and len(chinese) == 15
    for rel in chinese:
        for page, other in ((html / rel, html / "en" / rel), (html / "en" / rel, html / rel)):
            text = page.read_text(encoding="utf-8")
            switch = re.search(r'<a class="lang-switch[^"]*" href="([^"]+)"', text)
            assert switch and (page.parent / switch.group(1)).resolve() == other.resolve(), page
            # No site address in this build: no hreflang alternates, which must be absolute (tests/test_site.py).
            assert 'rel="alternate" hreflang' not in text, page
    assert '<html lang="en"' in (html / "en" / "book" / "talent.html").read_text(encoding="utf-8")


def test_the_english_pages_are_english(built):
    html = built / "html" / "en" / "book"
    for rel in edition_pages(built):
        text = page_text(built / "html" / "en" / rel)
        latin = len(re.findall(r"[A-Za-z]", text))
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        # Quotations and the names of institutions stay Chinese; the prose around them is English.
        assert latin > 2 * han, (rel, latin, han)
        assert "Not yet translated" not in text and "Translation outdated" not in text, rel
    overview = page_text(html / "overview.html")
    assert "June 2022" in overview and "2022年6月" not in overview
    assert "1,324" in page_text(html / "international.html")  # counts with thousands separators
    chinese = page_text(built / "html" / "book" / "international.html")
    assert "1324" in chinese and "1,324" not in chinese  # four digits, no separator in Chinese (GB/T 15835)


def test_quotations_stay_chinese_with_a_marked_translation(built):
    import shuanggao

    ds = shuanggao.load(ROOT / "data")
    talent = (built / "html" / "en" / "book" / "talent.html").read_text(encoding="utf-8")
    for case in ds.cases[ds.cases.theme_id == "talent"].itertuples():
        assert case.excerpt[:30] in talent
    assert talent.count("This book’s translation") == 3
    assert "“德技双向进阶，构建高品质人才培育模式”" in page_text(built / "html" / "en" / "book" / "talent.html")


def test_the_glossary_gives_the_english_terms(built):
    text = page_text(built / "html" / "en" / "book" / "glossary.html")
    for english, chinese in [("Double High Plan", "双高计划"), ("industry–education integration", "产教融合"),
                             ("fostering virtue through education", "立德树人"), ("craftsmanship", "工匠精神")]:
        assert english in text and chinese in text


def test_each_edition_has_its_pdf(built):
    chinese = built / "html" / "book" / "book.pdf"
    english = built / "html" / "en" / "book" / "book.pdf"
    assert english.read_bytes()[:5] == b"%PDF-" and english.read_bytes() != chinese.read_bytes()
    import pymupdf

    # The body of each page, without its running head and page number, which would otherwise interrupt a glued
    # text that runs over a page break.
    text = re.sub(r"\s+", "", "".join(page.get_text(clip=pymupdf.Rect(0, 45, page.rect.width, page.rect.height - 45))
                                      for page in pymupdf.open(english)))
    assert "TheDoubleHighPlanatmid-term" in text and "Contents" in text
    missing = [r["key"] for r in registry.load(built / "src-en" / "book")
               if r["kind"] == "number" and re.sub(r"\s+", "", r["text"]) not in text]
    assert missing == []
    page = (built / "html" / "en" / "book" / "talent.html").read_text(encoding="utf-8")
    assert 'class="book-pdf" href="book.pdf"' in page


# translators ------------------------------------------------------------------------------------------

def test_the_shipped_english_is_complete_and_current():
    from shuanggao.translation.report import findings

    assert findings(ROOT) == []


def test_a_changed_chinese_paragraph_shows_its_english_as_outdated(tmp_path):
    path = tmp_path / "talent.ipynb"
    shutil.copy2(ROOT / "book" / "talent.ipynb", path)
    nb = nbformat.read(path, as_version=4)
    prose = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "小结" in c.source
                 and not cells.is_english(c))
    nb.cells[prose].source = nb.cells[prose].source.replace("小结", "本章小结")
    nbformat.write(nb, path)
    assert [f.status for f in cells.notebook_findings(path)] == ["outdated"]
    english = copy.deepcopy(nb)
    cells.select(english, "en")
    summary = next(c.source for c in english.cells if "## Summary" in c.source)
    assert "Translation outdated" in summary and summary.index("Translation outdated") < summary.index("Summary")
    chinese = copy.deepcopy(nb)
    cells.select(chinese, "zh")
    assert not any(cells.is_english(c) for c in chinese.cells)
    # A Chinese cell without English: untranslated, and shown in Chinese under a note.
    del nb.cells[prose + 1]
    nbformat.write(nb, path)
    assert [f.status for f in cells.notebook_findings(path)] == ["untranslated"]
    cells.select(nb, "en")
    assert any("Not yet translated" in c.source and "本章小结" in c.source for c in nb.cells)


def test_a_changed_block_of_the_home_page_shows_its_english_as_outdated(tmp_path):
    chinese = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    english = (ROOT / "book" / "index.en.md").read_text(encoding="utf-8")
    assert "Translation outdated" not in cells.english_page(chinese, english)
    changed = chinese.replace("## 怎样阅读", "## 阅读指南")
    page = cells.english_page(changed, english)
    assert page.count("Translation outdated") == 1 and "## How to read this book" in page
    (tmp_path / "index.md").write_text(changed, encoding="utf-8")
    (tmp_path / "index.en.md").write_text(english, encoding="utf-8")
    assert sorted(f.status for f in cells.page_findings(tmp_path / "index.md")) == ["outdated",
                                                                                          "untranslated"]


def test_a_changed_library_message_is_listed_and_marked_fuzzy(tmp_path):
    from babel.messages.pofile import read_po

    from shuanggao.translation.report import findings, update_catalogue

    root = project_copy(tmp_path)
    shutil.copytree(ROOT / "data", root / "data")
    charts = root / "lib" / "shuanggao" / "figures" / "charts.py"
    source = charts.read_text(encoding="utf-8")
    charts.write_text(source.replace('lang._("分析案例数（个）")', 'lang._("分析的案例数（个）")'), encoding="utf-8")
    assert [(f.status, f.text) for f in findings(root)] == [("untranslated", "分析的案例数（个）")]
    assert update_catalogue(root) == 1
    with open(root / "style" / "locale" / "en.po", "rb") as f:
        entry = read_po(f).get("分析的案例数（个）")
    assert entry.fuzzy and entry.string == "Cases analysed"  # the old English, to be checked
    assert [(f.status, f.text) for f in findings(root)] == [("outdated", "分析的案例数（个）")]


def test_the_case_translations_record_what_they_translate():
    import csv

    import shuanggao
    from shuanggao.translation import cases

    ds = shuanggao.load(ROOT / "data")
    with open(ROOT / "style" / "locale" / "cases.en.csv", encoding="utf-8", newline="") as f:
        rows = {r["case_id"]: r for r in csv.DictReader(f)}
    assert set(rows) == set(ds.cases.case_id)
    for case in ds.cases.itertuples():
        assert rows[case.case_id]["of"] == cells.fingerprint(cases.source_of(case))
        assert cases.translation(ds, case.case_id).status == "current"
    changed = ds.cases.copy()
    changed.loc[0, "excerpt"] += "。"
    ds.cases = changed
    assert cases.translation(ds, changed.case_id[0]).status == "outdated"
    from shuanggao.pages.base import case_markdown
    from shuanggao.translation import language

    assert "outdated: the Chinese quotation changed" in case_markdown(ds, language("en"), changed.case_id[0])


def test_the_runner_refuses_a_lang_parameter():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "-p", "lang", "en",
                          "--no-site"], capture_output=True, text=True)
    assert run.returncode == 1 and "--no-english" in run.stderr and "Traceback" not in run.stderr


def test_each_notebook_declares_its_language():
    from shuanggao.run.plan import read_parameters

    for path in sorted((ROOT / "book").glob("*.ipynb")):
        declared = read_parameters(path)
        assert declared["lang"].default == "'zh'", path.name
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert any(c["cell_type"] == "markdown" and cells.is_english(c) for c in nb["cells"]), path.name


# the catalogue's integrity ----------------------------------------------------------------------------

def broken_catalogue(tmp_path, old: str, new: str):
    """A copy of the project whose en.po has `old` replaced by `new`; and the line of the change."""
    root = project_copy(tmp_path)
    po = root / "style" / "locale" / "en.po"
    text = po.read_text(encoding="utf-8")
    assert text.count(old) == 1
    po.write_text(text.replace(old, new), encoding="utf-8")
    return root, po, text[:text.index(old)].count("\n") + 1


def build_english(root, out):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "shuanggao", "build", "--root", str(root), "--data",
                           str(ROOT / "data"), "--out", str(out), "--no-pdf"], capture_output=True, text=True)


def test_a_catalogue_line_gettext_cannot_read_stops_the_build_before_any_notebook(tmp_path):
    # The closing quote of a msgid is lost: Babel read on, warning without the file's name.
    root, po, line = broken_catalogue(tmp_path, 'msgid "内容"\n', 'msgid "内容\n')
    run = build_english(root, tmp_path / "out")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert f"en.po, line {line}" in run.stderr and "msgid \"内容" in run.stderr, run.stderr
    assert "executing" not in run.stdout and not list((tmp_path / "out").rglob("*.ipynb"))


def test_a_translation_with_other_placeholders_stops_the_build_before_any_notebook(tmp_path):
    # `{autor}` for `{author}`: before, the PDF's citation failed with KeyError: 'autor' at the end of the build.
    root, po, line = broken_catalogue(tmp_path, 'msgstr "{author}. {title}.', 'msgstr "{autor}. {title}.')
    run = build_english(root, tmp_path / "out")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert f"en.po, line {line - 1}" in run.stderr, run.stderr  # the entry's msgid line
    assert "{author}" in run.stderr and "{autor}" in run.stderr, run.stderr
    assert "executing" not in run.stdout and not list((tmp_path / "out").rglob("*.ipynb"))


@pytest.mark.parametrize("old, new", [('msgid "内容"\n', 'msgid "内容"\nthis is no gettext\n'),
                                      ('msgstr "Content"', 'msgstr Content'),
                                      ('msgstr "Content"', 'msgstr "{Content"')])
def test_a_corrupt_catalogue_is_an_error_naming_its_line(tmp_path, old, new):
    from shuanggao.errors import CatalogueError
    from shuanggao.translation import catalogue, language

    text = (ROOT / "style" / "locale" / "en.po").read_text(encoding="utf-8")
    path = tmp_path / "en.po"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    with pytest.raises(CatalogueError, match=rf"en\.po, line ({line}|{line + 1}|{line - 1}): "):
        language("en", path)
    with pytest.raises(CatalogueError):
        catalogue.check(path)


def test_update_refuses_a_catalogue_it_cannot_read_and_leaves_it_untouched(tmp_path):
    import subprocess
    import sys

    root, po, line = broken_catalogue(tmp_path, 'msgid "内容"\n', 'msgid "内容\n')
    shutil.copytree(ROOT / "data", root / "data")
    before = po.read_bytes()
    run = subprocess.run([sys.executable, "-m", "shuanggao", "translations", "--update"], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert f"en.po, line {line}" in run.stderr and "not changed" in run.stderr
    # Before, 内容 took the msgstr of the entry above it ("Item"), not fuzzy, and "Content" was lost.
    assert po.read_bytes() == before


def test_each_page_writes_in_its_own_language():
    # Two pages in one process, opened in turn: each keeps the language it was opened in (no global).
    from shuanggao.pages import Page
    from shuanggao.pages.base import source_note

    english = Page.open("overview", ROOT / "data", lang="en")
    chinese = Page.open("overview", ROOT / "data", lang="zh")
    assert english.lang._("合计") == "Total" and chinese.lang._("合计") == "合计"
    english_note = source_note(english.ds, english.lang, ["themes"], "37-171")
    assert "brief, part 1, sections 1–3 (lines 37–171)" in english_note
    chinese_note = source_note(chinese.ds, chinese.lang, ["themes"], "37-171")
    assert "简报第一部分（一）至（三）（原文第 37–171 行）" in chinese_note

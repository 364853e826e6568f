"""The book's Sphinx extension on a small book of its own (two pages, no kernel, no full build): what every page
carries comes from Sphinx's events and templates, so it survives a change of the theme's markup, and a page that
glues from another notebook is refreshed when that notebook changes, without touching any file's time."""
import json
import re
from pathlib import Path

import pytest

from shuanggao.site.audit import audit_components

# Each test builds a small book with Sphinx: the build lane.
pytestmark = pytest.mark.build

THEME_TEMPLATES = Path(__import__("pydata_sphinx_theme").__file__).parent / "theme" / "pydata_sphinx_theme"


def notebook(value: str) -> dict:
    """A notebook whose one output glues `value` under the name `total` (as the chapters' pages glue)."""
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "P"}},
            "cells": [{"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# 人才培养\n\n第一段。"},
                      {"cell_type": "code", "id": "c", "metadata": {}, "execution_count": 1, "source": "glue()",
                       "outputs": [{"output_type": "display_data", "metadata": {"scrapbook": {
                           "name": "total", "mime_prefix": ""}}, "data": {"text/plain": repr(value)}}]}]}


def small_book(root: Path, value="309", sidebar_template: str | None = None, base_url: str = "",
               language: str = "zh_CN") -> Path:
    src = root / "src"
    (src / "book").mkdir(parents=True, exist_ok=True)
    (src / "book" / "talent.ipynb").write_text(json.dumps(notebook(value), ensure_ascii=False), encoding="utf-8")
    (src / "index.md").write_text("# 导读\n\n这本书的导读写在这里，人才培养一章分析了 "
                                  "{glue:text}`book/talent.ipynb::total:s` 个案例，数字来自那一章。\n\n"
                                  "```{epigraph}\n“引文”\n\n-- 简报第一部分的标题\n```\n\n"
                                  "```{toctree}\nbook/talent\n```\n", encoding="utf-8")
    templates = src / "_templates"
    templates.mkdir(exist_ok=True)
    if sidebar_template is not None:
        (templates / "sections").mkdir(exist_ok=True)
        (templates / "sections" / "sidebar-primary.html").write_text(sidebar_template, encoding="utf-8")
    (src / "conf.py").write_text(
        "project = '书'\nextensions = ['myst_nb', 'sphinx_book_theme', 'shuanggao.site.sphinx_ext']\n"
        f"html_theme = 'sphinx_book_theme'\nlanguage = {language!r}\n"
        "html_search_language = 'en'\nnb_execution_mode = 'off'\n"
        "templates_path = ['_templates']\nshuanggao_editions = ['zh', 'en']\nshuanggao_pdf = True\n"
        f"html_theme_options = {{'use_download_button': True}}\nhtml_baseurl = {base_url!r}\n", encoding="utf-8")
    return src


def sphinx_build(src: Path, out: Path) -> Path:
    from myst_nb.ext.glue.crossref import read_glue_cache
    from sphinx.application import Sphinx

    read_glue_cache.cache_clear()  # each of the runner's builds is a process of its own
    app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", status=None, warning=None,
                 freshenv=False)
    app.build()
    return out / "html"


def test_the_pdf_link_and_language_switch_survive_renamed_theme_markup(tmp_path):
    original = (THEME_TEMPLATES / "sections" / "sidebar-primary.html").read_text(encoding="utf-8")
    renamed = original.replace("sidebar-primary-items__end", "renamed-end").replace("sidebar-primary__section",
                                                                                      "renamed-section")
    assert renamed != original  # the markup the old post-processing looked for is gone
    html = sphinx_build(small_book(tmp_path, sidebar_template=renamed), tmp_path / "out")
    assert "sidebar-primary-items__end" not in (html / "index.html").read_text(encoding="utf-8")
    assert audit_components(html, editions=2, pdf=True) == []
    page = (html / "book" / "talent.html").read_text(encoding="utf-8")
    assert 'class="book-pdf" href="book.pdf"' in page
    assert 'class="lang-switch btn btn-sm" href="../en/book/talent.html" hreflang="en"' in page
    assert 'hreflang="x-default"' not in page  # without the site's address, no alternates (they must be absolute)
    assert "window.print()" not in page  # the print-one-page button became the whole-book PDF


def test_a_theme_that_drops_the_sidebar_fails_the_audit_naming_what_is_missing(tmp_path):
    without_end = "<div class=\"bd-sidebar-primary bd-sidebar\">{% include 'sbt-sidebar-nav.html' %}</div>"
    html = sphinx_build(small_book(tmp_path, sidebar_template=without_end), tmp_path / "out")
    problems = audit_components(html, editions=2, pdf=True)
    assert "book/talent.html: no the link to the whole-book PDF (a.book-pdf)" in problems
    assert not any("lang-switch" in p for p in problems)


def test_a_number_glued_from_another_notebook_is_refreshed_without_touching_file_times(tmp_path):
    src = small_book(tmp_path, value="309")
    html = sphinx_build(src, tmp_path / "out")
    assert "309" in (html / "index.html").read_text(encoding="utf-8")
    index_time = (src / "index.md").stat().st_mtime_ns
    # The chapter is executed again and now glues another value; the page that pastes it is not edited.
    (src / "book" / "talent.ipynb").write_text(json.dumps(notebook("310")), encoding="utf-8")
    html = sphinx_build(src, tmp_path / "out")
    assert "310" in (html / "index.html").read_text(encoding="utf-8")
    assert (src / "index.md").stat().st_mtime_ns == index_time


def test_an_edit_to_the_stylesheet_alone_reaches_the_site_on_the_next_build(tmp_path):
    """Sphinx copies static files in its writing phase, which it skipped when no page had changed: the site kept the
    old stylesheet until some page changed too."""
    src = small_book(tmp_path)
    (src / "static").mkdir()
    (src / "static" / "book.css").write_text("p { color: black; }\n", encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("html_static_path = ['static']\nhtml_css_files = ['book.css']\n")
    html = sphinx_build(src, tmp_path / "out")
    assert "black" in (html / "_static" / "book.css").read_text(encoding="utf-8")
    checksums = {page: re.search(r'rel="stylesheet"[^>]*\?v=(\w+)', page.read_text(encoding="utf-8")).group(1)
                 for page in (html / "index.html", html / "book" / "talent.html")}
    (src / "static" / "book.css").write_text("p { color: navy; }\n", encoding="utf-8")
    html = sphinx_build(src, tmp_path / "out")
    assert "navy" in (html / "_static" / "book.css").read_text(encoding="utf-8")
    # and in the stylesheet every page links, under a new checksum (or a reader's browser keeps the old file)
    for page in (html / "index.html", html / "book" / "talent.html"):
        assert "p { color: navy; }" in linked_stylesheet(page)
        assert f"?v={checksums[page]}" not in page.read_text(encoding="utf-8")


def linked_stylesheet(page: Path) -> str:
    """The text of the one stylesheet `page` links."""
    links = re.findall(r'<link[^>]*rel="stylesheet"[^>]*>', page.read_text(encoding="utf-8"))
    assert len(links) == 1, links
    href = re.search(r'href="([^"?]+)', links[0]).group(1)
    return (page.parent / href).read_text(encoding="utf-8")


def test_a_page_links_one_stylesheet_holding_every_rule_of_the_ten_it_joins_in_their_order(tmp_path):
    """Ten stylesheets blocked the first paint on a phone; the page links one. It holds each file's rules in the
    page's order (the theme's first, the book's last), its imports in place, and fonts and images it names resolve
    from its own folder."""
    src = small_book(tmp_path)
    (src / "static").mkdir()
    (src / "static" / "book.css").write_text("p { color: navy; background: url(icon.svg); }\n", encoding="utf-8")
    (src / "static" / "icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("html_static_path = ['static']\nhtml_css_files = ['book.css']\n")
    html = sphinx_build(src, tmp_path / "out")
    page = html / "book" / "talent.html"
    css = linked_stylesheet(page)
    static = html / "_static"
    order = [css.index(f"/* _static/{name} */") for name in
             ("styles/theme.css", "styles/pydata-sphinx-theme.css", "basic.css", "styles/sphinx-book-theme.css",
              "book.css")]
    assert order == sorted(order)
    assert "@import" not in css  # theme.css's import of basic.css is in its place
    assert css.index("div.section::after") < css.index("/* _static/styles/pydata-sphinx-theme.css */")
    for name in ("pydata-sphinx-theme.css", "sphinx-book-theme.css"):
        rule = re.search(r"\.[a-z-]+\{[^}]*\}", (static / "styles" / name).read_text(encoding="utf-8")).group(0)
        assert rule in css
    joined_file = next((static / "styles").glob("book-*.css"))
    urls = [u for u in re.findall(r"""url\(['"]?([^'")]+)""", css) if not u.startswith("data:")]
    assert any(u.endswith("icon.svg") for u in urls) and any("fa-solid-900" in u for u in urls)
    for url in urls:
        assert (joined_file.parent / url.split("?")[0].split("#")[0]).resolve().is_file(), url


def test_a_pages_own_number_as_an_inline_expression_shows_and_links_as_glue_pastes_it(tmp_path):
    """{eval}`total`, which JupyterLab evaluates in the kernel (`shuanggao.inline`), is on the site the text glued
    under `total`, linked to its verification row with its note: the same as {glue:text}`total:s`."""
    from bs4 import BeautifulSoup

    from shuanggao import registry

    src = small_book(tmp_path, value="309")
    chapter = notebook("309")
    chapter["cells"].append({"cell_type": "markdown", "id": "p", "metadata": {},
                             "source": "共 {eval}`total` 个案例，即 {glue:text}`total:s` 个。"})
    (src / "book" / "talent.ipynb").write_text(json.dumps(chapter, ensure_ascii=False), encoding="utf-8")
    registry.write(src / "book", "talent", [registry.Result("total", 309, "309", "themes", "talent",
                                                            "cases_analysed", "talent", table_title="方面")])
    html = sphinx_build(src, tmp_path / "out")
    page = BeautifulSoup((html / "book" / "talent.html").read_text(encoding="utf-8"), "html.parser")
    eval_pasted, glue_pasted = page.select("p span.num")
    assert eval_pasted.select_one("a.num-link").get_text() == "309"
    assert eval_pasted.select_one("a.num-link")["href"].startswith("verify.html#")
    assert str(eval_pasted) == str(glue_pasted)
    assert "{eval}" not in page.get_text()


def test_pages_carry_their_description_and_deferred_scripts_and_sized_lazy_images(tmp_path):
    html = sphinx_build(small_book(tmp_path), tmp_path / "out")
    page = (html / "index.html").read_text(encoding="utf-8")
    head = page.split("</head>", 1)[0]
    about = "这本书的导读写在这里，人才培养一章分析了 309 个案例，数字来自那一章。"  # the glued number included
    assert f'<meta name="description" content="{about}">' in head
    assert head.count('name="viewport"') == 1 and "fontawesome.js" not in head
    for attrs in re.findall(r"<script([^>]*\bsrc=[^>]*)>", head):
        assert "defer" in attrs or "async" in attrs, attrs
    assert (html / "sitemap.xml").exists() and "en/book/talent.html" in (html / "sitemap.xml").read_text()
    assert (html / "_static" / "search-pages.json").exists()


def test_a_configured_base_url_gives_each_page_its_canonical_address(tmp_path):
    html = sphinx_build(small_book(tmp_path, base_url="https://example.org/book/"), tmp_path / "out")
    head = (html / "book" / "talent.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert '<link rel="canonical" href="https://example.org/book/book/talent.html" />' in head
    assert '<meta property="og:url" content="https://example.org/book/book/talent.html">' in head
    assert "<loc>https://example.org/book/en/book/talent.html</loc>" in (html / "sitemap.xml").read_text()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
    assert alternates == {"zh-CN": "https://example.org/book/book/talent.html",
                          "x-default": "https://example.org/book/book/talent.html",
                          "en": "https://example.org/book/en/book/talent.html"}


@pytest.mark.parametrize("language, dash", [("zh_CN", "\u2014\u2014"), ("en", "\u2014")])
def test_an_epigraphs_source_follows_the_dash_of_its_language(tmp_path, language, dash):
    """Chinese sets a source after a double dash (——), English after one em dash."""
    html = sphinx_build(small_book(tmp_path, language=language), tmp_path / "out")
    page = (html / "index.html").read_text(encoding="utf-8")
    # (In the English edition the Chinese words are marked lang="zh".)
    assert re.search(r'<p class="attribution">(\u2014+)(?:<span lang="zh">)?简报第一部分的标题', page).group(1) == dash


def test_a_stacked_tables_cells_carry_their_columns_name_for_the_phones_card_layout(tmp_path):
    """The verification page's tables read as cards on a phone, each cell under its column's name: the name is
    the cell's data-label (escaped), written by the extension from the header row; other tables carry none."""
    src = small_book(tmp_path)
    table = "| 结果 | 数值 |\n|---|---:|\n| 案例 <数> | 309 |\n"
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8").replace(
        "```{toctree}", f"```{{div}} stacked-table\n\n{table.replace('结果', '结果 <名称>')}\n```\n\n{table}\n"
                        "```{toctree}"), encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("extensions.append('sphinx_design')\n")  # the book's {div}
    html = sphinx_build(src, tmp_path / "out")
    page = (html / "index.html").read_text(encoding="utf-8")
    stacked, plain = re.findall(r"<table.*?</table>", page, flags=re.S)
    cells = re.findall(r"<td[^>]*>", stacked)
    assert cells and all('data-label="' in c for c in cells)
    assert 'data-label="结果 &lt;名称&gt;"' in stacked and 'data-label="数值"' in stacked
    assert "data-label" not in plain


def test_a_table_in_a_closed_group_is_not_measured_by_the_theme_at_load(tmp_path):
    """The theme's script lays out every table in its scroller at load, also those in closed groups (half a second
    on the verification page): a folded table has the book's scroller, which a11y.js measures when the group
    opens; a table in view keeps the theme's."""
    src = small_book(tmp_path)
    table = "| 结果 | 数值 |\n|---|---:|\n| 案例 | 309 |\n"
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8").replace(
        "```{toctree}", f"{table}\n:::{{dropdown}} 人才培养（3 个数字）\n\n{table}\n:::\n\n```{{toctree}}"),
        encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("extensions.append('sphinx_design')\nmyst_enable_extensions = ['colon_fence']\n")
    page = (sphinx_build(src, tmp_path / "out") / "index.html").read_text(encoding="utf-8")
    shown, folded = page.split("<details", 1)
    assert '<div class="pst-scrollable-table-container"><table' in shown
    assert '<div class="book-folded-table"><table' in folded and "pst-scrollable-table-container" not in folded


def test_an_imported_stylesheets_urls_are_rebased_from_its_own_folder_once(tmp_path):
    """A stylesheet in one folder imports one in another: each `url()` points from the joined file's folder to the
    file its own stylesheet meant (the imported text is not rebased a second time from the importer's folder)."""
    from shuanggao.site.stylesheets import FOLDER, write_joined

    (tmp_path / "_static" / "c").mkdir(parents=True)
    (tmp_path / "_static" / "b.css").write_text('@import "c/d.css";\np { background: url(x.png); }\n')
    (tmp_path / "_static" / "c" / "d.css").write_text("q { background: url('img.png?v=1#f'); }\n")
    css = write_joined(tmp_path, ["_static/b.css"]).read_text(encoding="utf-8")
    assert "url('../c/img.png?v=1#f')" in css and "url(../x.png)" in css
    assert css.index("q {") < css.index("p {") and "@import" not in css
    assert FOLDER == "_static/styles"

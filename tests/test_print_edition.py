"""What print makes of the site, without a build: figures scaled so that their text prints at 7–9 pt, the
verification appendix's counts by page, and the site's address (or, without one, where the built site is) on the
cover, the copyright page and the appendix, never an empty or local link."""
import pytest

from shuanggao.site import printfigures


def svg(width_pt: float, height_pt: float, *sizes: float) -> str:
    texts = "".join(f"<text style=\"font: {s}px 'Noto Sans CJK SC'\" x=\"1\" y=\"1\">x</text>" for s in sizes)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_pt}pt" height="{height_pt}pt" '
            f'viewBox="0 0 {width_pt} {height_pt}">{texts}</svg>')


def test_a_figure_prints_with_its_largest_text_at_9_pt():
    scale = printfigures.print_scale(svg(432, 288, 10, 11.5, 12))
    assert 12 * scale == pytest.approx(9) and 10 * scale >= 7


def test_a_figure_stays_within_the_text_block():
    # Small text would allow a scale that makes the figure wider than the page: the page wins.
    scale = printfigures.print_scale(svg(432, 200, 7.5, 8))
    assert 432 * scale == pytest.approx(printfigures.TEXT_WIDTH_PT)


def test_a_tall_figure_prints_its_smallest_text_at_7_pt_to_share_its_page():
    # Its largest text at 9 pt, it would fill more than half the text block.
    scale = printfigures.print_scale(svg(432, 480, 7, 8))
    assert 7 * scale == pytest.approx(7) and 480 * scale > printfigures.TALL_PT


def test_a_figure_whose_text_sizes_are_too_far_apart_stops_the_build_naming_it():
    with pytest.raises(printfigures.IllegibleFigure, match=r"map\.svg.*6\.5 to 12 pt"):
        printfigures.print_scale(svg(400, 400, 6.5, 12), "map.svg")


def test_the_books_figures_text_sizes_fit_one_print_scale(tmp_path):
    """The figures as the library draws them (the map in both languages, whose English labels are the smallest)
    print their text within 7–9 pt."""
    import shuanggao
    from shuanggao.figures import maps, style
    from shuanggao.translation import language

    ds = shuanggao.load()
    style.use_book_style()
    for lang in ("zh", "en"):
        chart = maps.province_tiles(ds, language(lang))
        _png, _csv, path = style.save(chart.fig, tmp_path, f"map-{lang}", chart.data)
        text = path.read_text(encoding="utf-8")
        scale = printfigures.print_scale(text, path.name)
        sizes = printfigures.text_sizes(text)
        assert min(sizes) * scale >= 7 - 0.01 and max(sizes) * scale <= 9 + 0.01, (lang, sizes, scale)


class Check:
    def __init__(self, ok):
        self.ok = ok


def test_the_appendix_counts_each_pages_numbers_and_statements_in_the_books_order():
    from shuanggao.pages.verify_print import tallies

    rows = [{"notebook": "talent", "table": "themes", "row": "t1", "column": "units"},
            {"notebook": "talent", "table": "themes", "row": "t2", "column": "units"},
            {"notebook": "talent", "table": "(book)", "row": "x", "column": "-"},
            {"notebook": "overview", "table": "themes", "row": "t1", "column": "units"},
            {"notebook": "talent", "kind": "claim", "holds": True},
            {"notebook": "talent", "kind": "claim", "holds": False}]
    checks = {("themes", "t1", "units"): Check(True), ("themes", "t2", "units"): Check(False)}
    counted = tallies(rows, checks, ["index", "overview", "talent"])
    assert [(t.notebook, t.numbers, t.in_brief, t.agree, t.claims, t.holding) for t in counted] == [
        ("overview", 1, 1, 1, 0, 0), ("talent", 3, 2, 1, 2, 1)]


def test_the_appendix_names_the_registers_address_or_else_its_file_in_the_built_site():
    from shuanggao.pages.verify_print import register_place
    from shuanggao.translation import language

    online = register_place(language("en"), "https://example.org/shuanggao/")
    assert 'href="https://example.org/shuanggao/en/book/verify.html"' in online
    built = register_place(language("zh"), "")
    assert "book/verify.html" in built and "href" not in built and "file:" not in built


def edition(baseurl: str, lang: str = "zh"):
    from shuanggao.site import pdf
    from shuanggao.translation import language

    return pdf.Edition(title="书名：副标题", author="机构", editors="编辑组", edition="第 2 版", date="2026-11-29",
                       fingerprint="0" * 64, baseurl=baseurl, data_name="data", lang=language(lang))


def test_the_cover_and_copyright_page_print_the_sites_address():
    from shuanggao.site import pdf

    with_site = edition("https://example.org/shuanggao/")
    assert "https://example.org/shuanggao/" in pdf.cover(with_site)
    assert "https://example.org/shuanggao/" in pdf.colophon(with_site, "引用")


def test_without_an_address_the_copyright_page_says_where_the_site_is_and_prints_no_link():
    from shuanggao.site import pdf

    for lang, words in (("zh", "尚未设定公开网址"), ("en", "no public address")):
        page = pdf.colophon(edition("", lang), "cite")
        assert words in page and "index.html" in page and "href" not in page and "file:" not in page
        assert "class=\"site\"" not in pdf.cover(edition("", lang))


def test_print_leaves_out_a_section_whose_content_is_the_sites_only_and_unlinks_what_it_pointed_to():
    from shuanggao.site import pdf
    from shuanggao.translation import language

    html = ('<article class="bd-article"><section><h1>核验</h1><div class="print-only"><p>摘要</p></div>'
            '<section id="all"><h2>全部数字</h2><div class="web-only"><table><tr><td id="r-1">9</td></tr></table>'
            '</div></section></section></article>')
    section = pdf.article(html, "verify", language("zh"))
    assert section.find("h2") is None and "摘要" in section.get_text()
    assert section.find(id="r-1") is None


def test_a_link_to_a_place_print_leaves_out_keeps_its_text_unlinked(tmp_path):
    """A number in a chapter links to its row of the online register; print has no such row, so no dead link."""
    from bs4 import BeautifulSoup

    from shuanggao.site import pdf

    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text(
        '<article class="bd-article"><section id="a"><h1>A</h1><p><a href="verify.html#r-9">9</a> '
        '<a href="#a">A</a></p></section></article>', encoding="utf-8")
    soup = BeautifulSoup(pdf.document(tmp_path, [(None, ["a"])], edition("")), "html.parser")
    chapter = soup.select_one("#page-a")
    assert "9" in chapter.get_text() and [a["href"] for a in chapter.find_all("a")] == ["#a"]

"""The built site, as readers and reviewers see it (one build per test run, shared)."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import shuanggao
from conftest import DATA, ROOT, THEMES, build_book, page_text
from shuanggao.project import chapters

CHAPTERS = chapters(ROOT)


@pytest.fixture(scope="module")
def ds():
    return shuanggao.load(DATA)


class Tags(HTMLParser):
    """Every tag with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(path: Path):
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def pasted(path: Path) -> list[str]:
    """Numbers pasted by glue on a page."""
    return re.findall(r'<span class="pasted-text">([^<]*)</span>', path.read_text(encoding="utf-8"))


def test_every_chapter_is_built(built):
    html = built / "html"
    assert (html / "index.html").exists()
    for name in CHAPTERS:
        assert (html / "book" / f"{name}.html").exists(), name


def test_each_theme_shows_its_subthemes_cases_and_figures(built, ds):
    for theme in THEMES:
        page = built / "html" / "book" / f"{theme}.html"
        text = page_text(page)
        subs = ds.subthemes[ds.subthemes.theme_id == theme]
        cases = ds.cases[ds.cases.theme_id == theme]
        # Our headings are our own words; every subtheme's printed title is shown with its case.
        for s in subs.itertuples():
            assert s.title_zh in text, (theme, s.title_zh)
        html_source = page.read_text(encoding="utf-8")
        assert html_source.count('case-study admonition') == len(cases)
        for c in cases.itertuples():
            assert c.institution in text and c.excerpt[:40] in text
        # A theme page shows a figure where it answers a question of the chapter (talent's subthemes);
        # the other chapters' facts are of different kinds and read better in each case's table.
        figures = [a for t, a in tags_of(page) if t == "img" and "_images/" in a.get("src", "")]
        assert figures or theme != "talent", theme
        for fig in figures:
            assert len(fig.get("alt", "")) > 20, (theme, fig)
            assert (page.parent / fig["src"]).resolve().stat().st_size > 5000


def test_talent_numbers_are_glued(built):
    shown = pasted(built / "html" / "book" / "talent.html")
    for number in ["61", "30.96%", "67", "103", "52.28%", "112", "109", "55.33%", "135", "309"]:
        assert number in shown, number
    # The shares' denominator is named in a glued sentence, which says whose it is (all 197 units here; the reports
    # coded, in an edition that chose them).
    assert any("197" in text and "分母" in text for text in shown), shown


def test_cross_page_glue_on_the_home_page(built):
    assert "197" in pasted(built / "html" / "book" / "index.html")


def test_figures_offer_their_data_and_name_their_source(built):
    for name in ["overview", "explorer", "coding", *THEMES]:
        page = built / "html" / "book" / f"{name}.html"
        html_source = page.read_text(encoding="utf-8")
        images = len(re.findall(r'<img[^>]+src="[^"]*_images/', html_source))
        assert html_source.count('class="figure-meta"') == images
        for href in re.findall(r'href="([^"]+\.csv)"', html_source):
            csv_file = (page.parent / href).resolve()
            assert csv_file.exists() and csv_file.stat().st_size > 0, href
        assert "来源：" in page_text(page) or not images


def test_parameters_cell_kept_and_injected_cell_removed(built):
    executed = json.loads((built / "src" / "book" / "talent.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and "remove-cell" in injected[0]["metadata"]["tags"]
    html_source = (built / "html" / "book" / "talent.html").read_text(encoding="utf-8")
    assert "# Parameters" not in html_source
    # Readers do not see the parameters cell; reviewers find it in the executed notebook the page offers.
    assert "数据包目录" not in page_text(built / "html" / "book" / "talent.html")
    offered = (built / "html" / "_sources" / "book" / "talent.ipynb").read_text(encoding="utf-8")
    assert "数据包目录" in offered


def test_each_page_offers_its_executed_notebook(built):
    for name in CHAPTERS:
        html_source = (built / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")
        assert f"_sources/book/{name}.ipynb" in html_source
        nb = json.loads((built / "html" / "_sources" / "book" / f"{name}.ipynb").read_text(encoding="utf-8"))
        assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), name


def test_no_page_loads_anything_from_another_host(built):
    html = built / "html"
    offenders = []
    for page in html.rglob("*.html"):
        for tag, attrs in tags_of(page):
            url = attrs.get("src") or (attrs.get("href") if tag == "link" else None) or ""
            if re.match(r"^(https?:)?//", url):
                offenders.append(f"{page.relative_to(html)}: <{tag}> {url}")
            for key, value in attrs.items():
                if key.startswith("data-") and re.match(r"^(https?:)?//", value or ""):
                    offenders.append(f"{page.relative_to(html)}: <{tag} {key}> {value}")
    for css in html.rglob("*.css"):
        sheet = css.read_text(encoding="utf-8", errors="ignore")
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", sheet):
            offenders.append(f"{css.relative_to(html)}: {url}")
        for url in re.findall(r"@import\s+(?:url\()?['\"]?((?:https?:)?//[^'\")]+)", sheet):
            offenders.append(f"{css.relative_to(html)}: @import {url}")
    assert not offenders, "\n".join(offenders[:20])


def test_site_serves_its_own_vendored_scripts(built):
    static = built / "html" / "_static" / "npm"
    for name in ("require.min.js", "embed-amd.js", "mathjax/tex-chtml.js"):
        assert (static / name).stat().st_size > 10_000, name


ICON_MODIFIERS = {"solid", "regular", "brands", "lg", "fw", "xs", "sm", "1x", "2x", "3x", "spin"}


def test_every_icon_a_page_shows_is_in_the_icon_font_it_is_served(built):
    """The theme's icon font and stylesheet are served cut to the book's icons (a few KB of font instead of 156 KB,
    85 KB less stylesheet before the first paint): every icon class on any page of either edition has its rule in
    the served stylesheet, and every glyph a served stylesheet draws is in the served font (or it would show an
    empty box)."""
    from shuanggao.site import icons

    full_font = icons.served_code_points(icons.theme_static_dir() / icons.SOLID_FONT)
    missing = set()
    for edition in (built / "html", built / "html" / "en"):
        static = edition / "_static"
        font = static / icons.SOLID_FONT
        served = icons.served_code_points(font)
        assert font.stat().st_size < 10_000, f"{font}: the full icon font is served, not the book's cut"
        sheet = (static / icons.STYLESHEET).read_text(encoding="utf-8")
        rules = icons.code_points(sheet)
        assert len(rules) < 100, "the theme's stylesheet is served with every icon's rule"
        drawn = set()
        for css in static.rglob("*.css"):
            text = css.read_text(encoding="utf-8")
            drawn |= {int(m, 16) for m in re.findall(r"\\([ef][0-9a-f]{3})\b", text)}
            drawn |= {ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF}
        missing |= {f"glyph {p:x} drawn by a stylesheet ({edition.name})" for p in drawn & full_font - served}
        for page in edition.rglob("*.html"):
            if edition.name != "en" and page.is_relative_to(built / "html" / "en"):
                continue
            for name in re.findall(r"\bfa-([a-z0-9-]+)", page.read_text(encoding="utf-8")):
                if name not in ICON_MODIFIERS and rules.get(name) not in served:
                    missing.add(f"fa-{name} ({page.relative_to(built / 'html')})")
    assert not missing, sorted(missing)[:10]


def test_site_is_chinese_with_whole_term_search(built):
    index = (built / "html" / "book" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in index
    search = (built / "html" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(search[search.index("(") + 1: search.rindex(")")])["terms"]
    for term in ("三全育人", "工匠精神", "岗课赛证"):
        assert term in terms, term


def test_changed_data_changes_every_place_that_shows_it(built, data_copy, tmp_path):
    """A new edition: 61 units becomes 62 (share 31.47%), 67 practices 70, 309 cases 310."""
    from test_validation import set_cell

    set_cell(data_copy / "subthemes.csv", "talent-moral", "units", "62")
    set_cell(data_copy / "subthemes.csv", "talent-moral", "share_printed", "31.47%")
    set_cell(data_copy / "subthemes.csv", "talent-moral", "practices", "70")
    set_cell(data_copy / "themes.csv", "talent", "cases_analysed", "310")
    # The brief still prints the old values: a deliberate change says why, or the build stops.
    with open(data_copy / "reasons.csv", "a", encoding="utf-8") as f:
        for column in ("units", "share_printed", "practices"):
            f.write(f"subthemes,talent-moral,{column},test edition\n")
        f.write("themes,talent,cases_analysed,test edition\n")
    run = build_book(data_copy, tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    book = tmp_path / "out" / "html" / "book"
    talent = pasted(book / "talent.html")
    assert {"62", "31.47%", "70", "310"} <= set(talent)
    assert not {"61", "30.96%", "67", "309"} & set(talent)
    overview = pasted(book / "overview.html")
    assert "310" in overview and "808" in overview and "38.4%" in overview and "309" not in overview
    # Figures whose data did not change are the same bytes; the talent figure is not.
    old, new = built / "src" / "book" / "figures", tmp_path / "out" / "src" / "book" / "figures"
    assert (old / "talent-subthemes.png").read_bytes() != (new / "talent-subthemes.png").read_bytes()
    for same in ("units-by-province.png", "featured-profile.png", "province-tiles.png", "coding-heatmap.png"):
        assert (old / same).read_bytes() == (new / same).read_bytes(), same

    # Nothing changed: no notebook is executed and the site is not rebuilt.
    again = build_book(data_copy, tmp_path / "out")
    assert again.returncode == 0 and "executing" not in again.stdout and "up to date" in again.stdout
    assert again.stdout.count("cached") == len(CHAPTERS)

    # One value changes: what reads it is executed again, and the site shows the new value.
    set_cell(data_copy / "subthemes.csv", "talent-moral", "practices", "71")
    changed = build_book(data_copy, tmp_path / "out")
    assert changed.returncode == 0 and "executing" in changed.stdout and "talent.ipynb" in changed.stdout
    assert "71" in pasted(book / "talent.html") and "70" not in pasted(book / "talent.html")


def test_words_in_quotation_marks_are_the_briefs_or_listed_as_ours(built, ds):
    from prose import prose, quoted_spans

    from shuanggao.data.source import LineRange, drop_stray_spaces

    errata = [(e.erratum_id, e.as_printed, e.corrected) for e in ds.errata.itertuples()]
    brief = ds.brief.quote(LineRange(1, len(ds.brief.lines)), errata)
    ours = set(ds.search_terms.term)
    wrong = {}
    for page in sorted((built / "html" / "book").glob("*.html")):
        spans = quoted_spans(prose(page))
        bad = [s for s in spans if drop_stray_spaces(s) not in brief and s not in ours]
        if bad:
            wrong[page.name] = bad
    assert wrong == {}


NOISE = ["Building prefix dict", "Loading model", "Prefix dict has been built", "should not see this message",
         "Warning:", "DeprecationWarning", "FutureWarning", "UserWarning", "Traceback"]


def test_pages_carry_no_build_noise(built):
    for page in sorted((built / "html").rglob("*.html")):
        if "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert not [n for n in NOISE if n in html], page.name
        assert 'class="output stream' not in html and "output stderr" not in html, page.name


def test_values_are_written_by_their_kind(built):
    book = built / "html" / "book"
    talent, verify = page_text(book / "talent.html"), page_text(book / "verify.html")
    assert "1994" in talent and "1,994" not in talent and "1,994" not in verify
    assert "97.6%" in page_text(book / "international.html") and "97.6 %" not in page_text(book / "international.html")
    for csv in (book.parent / "_images").glob("*.csv"):
        assert not re.search(r",\d+\.0(,|$)", csv.read_text(encoding="utf-8-sig"), re.M), csv.name
    for csv in (built / "html" / "_downloads").rglob("*.csv"):
        assert not re.search(r",\d+\.0(,|$)", csv.read_text(encoding="utf-8-sig"), re.M), csv.name


def test_the_briefs_framing_and_headings_are_on_the_site(built, ds):
    overview = page_text(built / "html" / "book" / "overview.html")
    for f in ds.framing.itertuples():  # set in the book's style: 2022年6月 reads 2022 年 6 月
        assert re.sub(r"\s", "", f.value) in re.sub(r"\s", "", overview), f.key
    for t in ds.themes.itertuples():
        html = (built / "html" / "book" / f"{t.theme_id}.html").read_text(encoding="utf-8")
        epigraph = re.search(r'<blockquote class="epigraph">(.*?)</blockquote>', html, re.S)
        assert epigraph and f"“{t.title_zh}”" in epigraph.group(1), t.theme_id
    verify = page_text(built / "html" / "book" / "verify.html")
    assert "2022年6月" in verify


def test_qualifiers_are_kept_wherever_a_fact_is_shown(built, ds):
    from shuanggao.format import fact_label

    qualified = ds.case_facts[ds.case_facts.qualifier.notna()].merge(ds.cases[["case_id", "theme_id"]], on="case_id")
    assert len(qualified)
    for f in qualified.itertuples():
        text = page_text(built / "html" / "book" / f"{f.theme_id}.html")
        assert fact_label(f.value, f.unit, f.qualifier, f.kind) in text, f.fact_id


def test_the_coding_page_says_whose_method_is_whose(built):
    text = page_text(built / "html" / "book" / "coding.html")
    assert "简报没有说明它是怎样统计的" in text and "以“等”字收尾" in text
    assert "以下是本书的方法，不是简报的。" in text and "**" not in text
    assert "说明了它的统计方法" not in text
    from prose import prose

    talent = prose(built / "html" / "book" / "talent.html")  # the prose, not the tables' titles
    assert "编码词" not in talent and "简报列举的" in talent


def test_pdf_skipped_where_the_engine_cannot_run(built, tmp_path):
    """Without Pango (WeasyPrint cannot load), the site is still built, says why, and links no PDF."""
    import os
    import shutil
    import subprocess
    import sys

    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n")
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    (out / ".site-key").unlink()
    env = {**os.environ, "PYTHONPATH": f"{fake}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    run = subprocess.run([sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(DATA),
                          "--out", str(out)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "pdf: skipped" in run.stdout and "libpango" in run.stdout
    linked = [p.relative_to(out) for p in (out / "html").rglob("*.html") if 'class="book-pdf"' in p.read_text("utf-8")]
    assert linked == []
    assert not (out / "html" / "book" / "book.pdf").exists()

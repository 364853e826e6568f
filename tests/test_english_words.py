"""The English edition's words: no Chinese left in what an English reader reads (labels, tooltips, figures,
tables, prose) except quotations and names, marked `lang="zh"`; counts worded in the number they need; numbers
written the English way (1,324; 10,000 yuan, not 1 万); one English name per subtheme.
"""
import csv
import re
from dataclasses import asdict
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import pytest

from conftest import DATA, ROOT

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="module")
def en():
    from shuanggao.translation import language

    return language("en")


@pytest.fixture(scope="module")
def ds():
    import shuanggao

    return shuanggao.load(DATA)


def han_outside_quotes(text: str) -> str:
    """What of `text` is Chinese outside quotation marks (“…”) and marked spans: '' if nothing."""
    text = re.sub(r'<span lang="zh">.*?</span>', "", str(text))
    return "".join(HAN.findall(re.sub(r"“[^”]*”", "", text)))


# numbers and plurals (fast) ------------------------------------------------------------------------------

def test_counts_take_the_number_they_need(en):
    import pandas as pd

    from shuanggao.pages.claims import counts_listing
    from shuanggao.translation import CHINESE

    assert en.counted("个", 1, "cases") == "1 case" and en.counted("个", 3, "cases") == "3 cases"
    assert en.counted("所", 1) == "1 participating institution"
    assert en.counted("所", 1324) == "1,324 participating institutions"
    assert CHINESE.counted("个", 1, "cases") == "1 个"
    values = pd.Series({"Jiangsu": 3, "Beijing": 1})
    assert counts_listing(en, values, en.measure("个", "cases")) == "Jiangsu 3 cases, Beijing 1 case"
    # A measure word shown without a count (beside an axis) is the plural.
    assert en._("个", "cases") == "cases"


def test_ten_thousands_are_written_out_in_english(en):
    assert en.fact_label(1, "万元/月", "以上") == "10,000 yuan a month or more"
    assert en.fact_label(1.5, "万元/月") == "15,000 yuan a month"
    assert en.fact_label(1324, "人") == "1,324"
    assert en.fact_label(1994, "年", kind="year") == "1994"
    from shuanggao.translation import CHINESE

    assert CHINESE.fact_label(1, "万元/月", "以上") == "1 万元/月以上"


def test_the_verification_page_writes_values_as_the_prose_does(ds, en):
    from shuanggao.data import printed

    checks = {c.key: c for c in printed.brief_checks(ds, en)}
    assert checks["fact_F0901"].shown(checks["fact_F0901"].data, en) == "10,000,000"
    assert checks["fact_F1202"].shown("1324", en) == "1,324"
    years = [c for c in checks.values() if c.kind == "year"]
    assert years and all("," not in c.shown(c.data, en) for c in years)


def test_the_explorer_counts_cases_in_the_number_they_need(ds, en):
    from shuanggao.pages import explorer

    # DataTables words the count itself: _ENTRIES-TOTAL_ takes `entries` in the number _TOTAL_ needs.
    assert en._("共 _TOTAL_ 个案例") == "_TOTAL_ _ENTRIES-TOTAL_"
    assert explorer.table_language(en)["entries"] == {"_": "cases", "1": "case"}


# no Chinese in English labels (fast) ---------------------------------------------------------------------

def test_the_datas_english_has_chinese_only_in_quotation_marks():
    for path in sorted(DATA.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), 2):
                for column, value in row.items():
                    if column and column.endswith("_en") and value:
                        assert not han_outside_quotes(value), (path.name, line, column, value)


def test_glued_numbers_notes_name_rows_in_english(ds, en, tmp_path):
    """The tooltip of every number the overview, the explorer and the theme chapters glue (table · row · column)."""
    from shuanggao.pages import explorer, overview, theme
    from shuanggao.pages.base import Page
    from shuanggao.site.numbers import note_text

    pages = [("overview", overview.glue), ("explorer", explorer.glue)] + [
        (t, lambda page, t=t: theme.glue(page, t)) for t in ds.themes.theme_id]
    for name, glue in pages:
        page = Page(ds, name, tmp_path / name, lang=en)
        glue(page)
        for r in page.results:
            note = note_text(asdict(r), en)
            assert not han_outside_quotes(note), (name, r.key, note)


def test_the_explorer_and_the_case_table_show_english_labels(ds, en):
    from shuanggao.pages import explorer, overview

    frame = explorer.explorer_frame(ds, en, links=True)
    for column in [*explorer.FACETS, "档次"]:
        assert not any(HAN.search(str(v)) for v in frame[column]), column
    assert not any(HAN.search(en._(c)) for c in frame.columns)
    # The institution in English, with its Chinese name beside it, marked as such.
    assert all(v.endswith('</span>)') and '(<span lang="zh">' in v and not han_outside_quotes(v)
               for v in frame["建设单位"])
    table = overview.cases_table_markdown(ds, en)
    assert not han_outside_quotes(table)


def test_the_verification_tables_mark_their_chinese(ds, en):
    from shuanggao.pages import verify

    table = verify.other_numbers_markdown(ds, en)
    assert "标题序号" not in table and not han_outside_quotes(table)


@pytest.mark.xdist_group("drawings-en")
def test_every_english_figure_labels_and_names_its_marks_in_english(en, book_charts):
    """Each figure and its phone variant."""
    drawn = [(name + suffix, chart) for name, wide in book_charts("en").items()
             for suffix, chart in (("", wide), (" (phone)", wide.phone())) if chart is not None]
    for name, chart in drawn:
        ax_texts = [t.get_text() for ax in chart.fig.axes
                    for t in [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label, ax.yaxis.label,
                              ax.title, *(ax.get_legend().get_texts() if ax.get_legend() else [])]]
        ax_texts += [t.get_text() for ax in chart.fig.axes for t in ax.texts]
        ax_texts += [m.text(en) for m in chart.marks.values()] + [str(c) for c in chart.data.columns]
        found = [t for t in ax_texts if HAN.search(t)]
        assert not found, (name, found[:5])
    plt.close("all")


# one English name per subtheme (fast) --------------------------------------------------------------------

def test_each_subtheme_has_one_english_name_in_data_and_in_its_heading(ds):
    """The short label (title_en) is the heading's words, the slogan's translation (slogan_en) is the quotation
    in both, and no catalogue entry gives a subtheme's Chinese another English."""
    from shuanggao.figures.charts import short_title
    from shuanggao.translation import catalogue

    headings = {}
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r'\s*"## (.+?)(?:\\n)?",?$', line)
            if m:
                headings[m.group(1)] = path.name
    entries = {m.id: m.string for m in catalogue.read(catalogue.path()) if m.id and isinstance(m.id, str)}
    for s in ds.subthemes.itertuples():
        role, _sep, slogan = s.title_en.partition(": ")
        assert slogan == s.slogan_en and role, (s.subtheme_id, s.title_en, s.slogan_en)
        heading = f"{role}: “{s.slogan_en}”"
        assert heading in headings, (s.subtheme_id, heading)
        for chinese in (s.title_zh, short_title(s.title_zh)):
            assert entries.get(chinese) in (None, "", s.title_en, s.slogan_en), (s.subtheme_id, entries[chinese])


# the built English edition (build lane) ------------------------------------------------------------------

class _Unmarked(HTMLParser):
    """Chinese in an English page outside elements marked lang="zh": in its text and its title attributes."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def marked(self) -> bool:
        return any(zh for _tag, zh in self.stack)

    def skipped(self) -> bool:
        return any(tag in ("script", "style", "template") for tag, _zh in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        zh = (attrs.get("lang") or "").startswith("zh")
        # An attribute cannot mark its Chinese: a tooltip may quote Chinese (“网里巴”, even a printed text that
        # has stray quotation marks of its own, “”浙艺美 丽乡村行””), nothing else.
        title = attrs.get("title") or ""
        if HAN.search(re.sub(r"“.*”", "", title)) and not (zh or self.marked()):
            self.found.append(f"title={title[:80]!r}")
        if tag not in self.VOID:
            self.stack.append((tag, zh))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if HAN.search(data) and not self.marked() and not self.skipped():
            self.found.append(data.strip()[:80])


def unmarked_chinese(page) -> list[str]:
    parser = _Unmarked()
    text = page.read_text(encoding="utf-8")
    # The page's own <html lang="en"> is the edition's; the switch to the Chinese edition names it in Chinese.
    parser.feed(text)
    return [f for f in parser.found if f not in ("中文", "title='中文'")]


def test_english_pages_show_chinese_only_marked_as_such(built):
    html = built / "html" / "en"
    found = {}
    for page in sorted([*(html / "book").glob("*.html"), html / "index.html"]):
        leaks = unmarked_chinese(page)
        if leaks:
            found[page.name] = leaks[:8]
    assert found == {}


DEVELOPER_WORDS = re.compile(r"jieba|NFKC|units_total|shuanggao\.")


def test_the_data_page_tells_english_readers_what_it_tells_chinese_readers(ds, en):
    """The table of tables on the data page: the English reader's text of each table is the Chinese one's in
    scope, without the developer detail (jieba, NFKC, `units_total`) the package's own descriptions keep for
    analysts."""
    from shuanggao.pages.data import resources_markdown
    from shuanggao.translation import CHINESE

    english, chinese = resources_markdown(ds, en), resources_markdown(ds, CHINESE)
    assert DEVELOPER_WORDS.findall(chinese) == []
    assert DEVELOPER_WORDS.findall(english) == []
    for r in ds.descriptor["resources"]:
        assert r["x-description-en"] in english and r["x-description-zh"] in chinese



# institutions in English ---------------------------------------------------------------------------------

def test_every_institution_has_an_english_name_and_says_where_it_comes_from(ds):
    roster = ds.institutions
    assert roster.name_en.notna().all() and not any(HAN.search(n) for n in roster.name_en)
    assert set(roster.name_en_source) <= {"own", "own-unverified", "book"}
    # "own" says the institution published the name: only with the place it was read cited in `sources`.
    own = roster[roster.name_en_source == "own"]
    assert own.sources.str.contains(r"name_en:\s*\S").all()
    # Two institutions never share an English name.
    assert not roster.name_en.duplicated().any()


def test_the_data_page_tells_readers_which_english_names_are_the_books(ds, tmp_path):
    """Only names read from the institutions' own publications (cited) count as theirs; the page counts the
    three kinds from the roster, and both editions' paragraphs on the roster paste those counts."""
    import json

    from shuanggao.pages import Page
    from shuanggao.pages import data as datapage

    page = Page.open("data", str(DATA), None, out_dir=tmp_path, lang="en")
    datapage.glue(page)
    glued = {r.key: r.value for r in page.results}
    kinds = ds.institutions.name_en_source.value_counts()
    counted = {"own": glued["roster_names_own"], "own-unverified": glued["roster_names_unverified"],
               "book": glued["roster_names_book"]}
    assert counted == {k: int(kinds.get(k, 0)) for k in counted} and sum(counted.values()) == len(ds.institutions)
    cells = json.loads((ROOT / "book" / "data.ipynb").read_text(encoding="utf-8"))["cells"]
    roster = [i for i, c in enumerate(cells) if "roster_names_unverified" in "".join(c["source"])]
    english = "".join(cells[roster[-1]]["source"])
    assert len(roster) == 2 and "lang-en" in cells[roster[1]]["metadata"]["tags"]
    assert "{eval}`roster_names_own` are the institution's own published names" in english
    assert re.search(r"roster_names_unverified.*roster_names_book.*this book's renderings", english)


def english_beside_chinese(text: str, ds) -> list[str]:
    """The roster names in `text` (Markdown or HTML) not shown as `English (<span lang="zh">中文</span>)`."""
    english = dict(zip(ds.institutions.name, ds.institutions.name_en))
    text = text.replace("&#x27;", "'").replace("&#39;", "'").replace("\\'", "'")
    bare = []
    for name, name_en in english.items():
        shown = text.count(name)
        beside = text.count(f'{name_en} (<span lang="zh">{name}</span>)')
        if shown != beside:
            bare.append(f"{name}: {shown} shown, {beside} beside {name_en!r}")
    return bare


def test_english_tables_and_case_cards_give_each_institution_in_english_beside_its_chinese(ds, en):
    """The overview's case table, the explorer, the 16 case cards, the coding table: every institution named in
    English, its Chinese beside it (marked); the heat map's rows and the map's data in English."""
    from shuanggao.figures import charts, maps
    from shuanggao.pages import coding, explorer, overview
    from shuanggao.pages.base import case_markdown

    texts = {"overview": overview.cases_table_markdown(ds, en),
             "explorer": "".join(explorer.explorer_frame(ds, en, links=True)["建设单位"]),
             "coding": coding.matches_markdown(coding.code_cases(ds), en, ds),
             **{case: case_markdown(ds, en, case) for case in ds.cases.case_id}}
    for where, text in texts.items():
        assert english_beside_chinese(text, ds) == [], where
    assert sum(n in texts["overview"] for n in ds.cases.institution) == ds.cases.institution.nunique()
    heat = charts.coding_heatmap(ds, en, coding.code_cases(ds))
    tiles = maps.province_tiles(ds, en)
    plt.close("all")
    assert all(row.split(" ", 1)[1] in set(ds.institutions.name_en) for row in heat.data.iloc[:, 0])
    listed = " ".join(tiles.data.iloc[:, 3])
    assert not HAN.search(listed) and all(n in listed for n in ds.cases.institution_en)


def test_english_pages_give_each_institution_in_english_beside_its_chinese(built, ds):
    html = built / "html" / "en" / "book"
    found = {page.name: english_beside_chinese(page.read_text(encoding="utf-8"), ds)
             for page in sorted(html.glob("*.html"))}
    assert {k: v[:5] for k, v in found.items() if v} == {}


# one English rendering per glossary term ------------------------------------------------------------------

def english_sources() -> dict[str, str]:
    """Every English text the book writes itself: the catalogue's translations, the English cells and pages,
    the data's English columns and the glossary's definitions (the case translations are checked apart)."""
    import json

    from shuanggao.terms import terminology
    from shuanggao.translation import catalogue

    found = {}
    for m in catalogue.read_uncached(catalogue.path(ROOT)):
        if m.id and m.string:
            found[f"en.po: {m.id if isinstance(m.id, str) else m.id[0]}"] = " ".join(
                m.string if isinstance(m.string, tuple) else [m.string])
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if "lang-en" in cell.get("metadata", {}).get("tags", []):
                found[f"{path.name} cell {i}"] = "".join(cell["source"])
    for path in sorted((ROOT / "book").glob("*.en.md")):
        found[path.name] = path.read_text(encoding="utf-8")
    for path in sorted(DATA.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), 2):
                for column, value in row.items():
                    if column and column.endswith("_en") and value:
                        found[f"{path.name}:{line} {column}"] = value
    for t in terminology():
        found[f"terminology.csv {t.term}"] = f"{t.english} {t.definition_en}"
    for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        found[f"datapackage.json {r['name']}"] = r.get("x-description-en", "")
    return found


def test_each_glossary_term_has_one_english_rendering_everywhere():
    """A term the glossary decides (建设单位 → participating institution, 信息化建设 → digitalisation, 国际交流合作 →
    international exchange and cooperation, 资源库 → resource library, 产业学院 → industry college …) never meets
    another English rendering (`avoid_en`) in what the book writes in English."""
    from shuanggao.terms import terminology

    terms = [t for t in terminology() if t.avoid_en]
    assert {"建设单位", "信息化建设", "国际交流合作", "资源库", "产业学院"} <= {t.term for t in terms}
    sources = english_sources()
    clashes = [(t.term, where, m.group(0)) for t in terms for where, text in sources.items()
               for m in [re.search(t.avoid_en, text)] if m]
    assert clashes == []


def test_a_case_that_quotes_a_glossary_term_translates_it_as_the_glossary_does(ds):
    from shuanggao.terms import terminology
    from shuanggao.translation.cases import translation

    decided = {"国际交流合作", "信息化建设", "资源库", "产业学院", "课程思政"}
    wrong = []
    for t in (t for t in terminology() if t.term in decided):
        for case in ds.cases.itertuples():
            if t.term in case.excerpt + case.title_zh:
                english = translation(ds, case.case_id)
                text = f"{english.title_en} {english.excerpt_en}"
                stem = t.english[:-1] if t.english.endswith("y") else t.english  # library, libraries
                if stem.lower() not in text.lower() or (t.avoid_en and re.search(t.avoid_en, text)):
                    wrong.append((case.case_id, t.term, t.english))
    assert wrong == []


def test_the_clash_check_sees_an_old_rendering():
    from shuanggao.terms import terminology

    unit = next(t for t in terminology() if t.term == "建设单位")
    assert re.search(unit.avoid_en, "103 units wrote such elements in")
    assert re.search(unit.avoid_en, "each unit counts")
    assert not re.search(unit.avoid_en, "a pilot unit of the Ministry") and not re.search(unit.avoid_en, "{units}")
    assert not re.search(unit.avoid_en, "printed without a unit")


# the codebook's terms glossed ----------------------------------------------------------------------------

def test_english_chapters_gloss_each_listed_term_from_the_data(ds, en, tmp_path):
    """“思政教育体系” (a system of ideological and political education), …: the talent chapter's lists of the
    brief's elements give each of the 19 terms with its English gloss (codebook.csv, term_en); the Chinese
    edition lists the terms alone; the coding page's own glosses say the same."""
    import json

    from shuanggao.pages import theme
    from shuanggao.pages.base import Page
    from shuanggao.translation import CHINESE

    texts = {}
    for lang in (en, CHINESE):
        page = Page(ds, "talent", tmp_path / lang.code, lang=lang)
        theme.glue(page, "talent")
        texts[lang.code] = {r.key: r.text for r in page.results if r.key.endswith("_term_list")}
    assert len(texts["en"]) == ds.codebook.subtheme_id.nunique()
    english, chinese = " ".join(texts["en"].values()), " ".join(texts["zh"].values())
    for c in ds.codebook.itertuples():
        assert f"“{c.term}” ({c.term_en})" in english and f"“{c.term}”" in chinese and c.term_en not in chinese
    assert not han_outside_quotes(english)
    coding = json.loads((ROOT / "book" / "coding.ipynb").read_text(encoding="utf-8"))
    prose = " ".join("".join(c["source"]) for c in coding["cells"] if "lang-en" in c["metadata"].get("tags", []))
    glossed = dict(re.findall(r"“([^”]+)” \(([^)]+)\)", prose))
    gloss = dict(zip(ds.codebook.term, ds.codebook.term_en))
    assert {t: g for t, g in glossed.items() if t in gloss} == {t: gloss[t] for t in glossed if t in gloss}
    assert len([t for t in glossed if t in gloss]) >= 4

"""The house style, enforced: terminology and Chinese typesetting on every page's own prose, reader views free
of developer matter, reader pages present, and downloads that open in Excel."""
import re

import pytest
from prose import prose

from conftest import DATA, ROOT, THEMES
from shuanggao.project import chapters
from shuanggao.site import housestyle
from shuanggao.terms import terminology

TERMS = terminology()


def rules(text):
    return sorted({f.rule.name for f in housestyle.check(text, TERMS)})


def test_the_checks_catch_what_an_editor_found():
    assert rules("并归纳为3 个子主题。") == ["cjk-spacing"]
    assert rules("2023年中期绩效评价。") == ["cjk-spacing"]
    assert rules("占 97.6 %。") == ["percent-sign"]
    assert rules("依据教职成函〔2019〕14 号。") == ["document-number"]
    assert rules("五个主题的案例。") == ["terminology"]
    assert rules("内部治理方面。") == ["terminology"]
    assert rules("分布在 11 个省份。") == ["terminology"]
    assert rules("案例院校的构成。") == ["terminology"]
    assert rules("写明依据； 核验页每一行。") == ["space-after-punctuation"]
    assert rules("于 2022 年 6 月 启动。") == ["space-between-han"]
    assert rules("培训 1,324 人。") == ["four-digit-number"]
    assert rules("3,000 余人。") == ["four-digit-number"]


def test_chinese_writes_four_digits_without_a_separator_and_english_with_one():
    from shuanggao.format import fmt_value
    from shuanggao.translation import CHINESE, language

    english = language("en")
    assert [fmt_value(n, english=False) for n in (999, 1324, 3000, 10000, 10000000)] == \
        ["999", "1324", "3000", "10,000", "10,000,000"]
    assert [fmt_value(n, english=True) for n in (999, 1324, 3000, 10000)] == ["999", "1,324", "3,000", "10,000"]
    assert CHINESE.fact_label(1324, "人") == "1324 人" and CHINESE.fact_label(3000, "人", "余") == "3000 余人"
    assert english.fact_label(1324, "人") == "1,324"
    assert CHINESE.counted("所", 1324) == "1324 所"
    assert english.counted("所", 1324) == "1,324 participating institutions"
    assert fmt_value(1324.5, english=False) == "1324.5" and fmt_value(12345.5, english=False) == "12,345.5"


def test_the_checks_accept_the_house_style():
    text = ("院校内部治理分为 4 个子主题；依据教职成函〔2019〕14号，1+X 证书与“平台+微服务”照写，"
            "比例为 97.6%，共 29 个省（区、市）。高职学校、高水平学校建设单位和编码词照常使用。"
            "于 2022 年 6 月启动；教育部 财政部、教育部办公厅 财政部办公厅联合发文。"
            "培训 1324 人、3000 余人，投入 10,000,000 元、100,000 人次，比例 1.324。")
    assert housestyle.check(text, TERMS) == []


def test_every_page_follows_the_house_style(built):
    found = {}
    for page in sorted((built / "html" / "book").glob("*.html")):
        problems = housestyle.check(prose(page), TERMS)
        if problems:
            found[page.stem] = [str(p) for p in problems]
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_every_policy_term_has_an_english_name_and_a_definition():
    assert len({t.term for t in TERMS}) == len(TERMS)
    for t in TERMS:
        assert t.term and t.english and t.definition, t
        if t.avoid:
            re.compile(t.avoid)
    assert {"双高计划", "产教融合", "工匠精神", "立德树人"} <= {t.term for t in TERMS}


def test_subtheme_headings_quote_the_briefs_slogans(built):
    import shuanggao

    ds = shuanggao.load(DATA)
    for s in ds.subthemes.itertuples():
        slogan = re.search(r"“([^”]+)”", s.title_zh).group(1)
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", (built / "html" / "book" / f"{s.theme_id}.html")
                              .read_text(encoding="utf-8"), re.S)
        assert any(f"“{slogan}”" in h for h in headings), (s.subtheme_id, slogan)


# What readers must not see on a page: a path of the build machine, the data's status codes, a CSV's file
# name (outside a download link).
MACHINE_PATH = re.compile(r"(?:/tmp/|/work/|/root/|/home/)\S+")
STATUS_CODE = re.compile(r"\b(?:PAGE_FULL|PAGE_NCT|PAGE_PARTIAL|GITHUB_ONLY)\b")
CSV_NAME = re.compile(r"\b[\w-]+\.csv\b")


def visible_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    # Folded code for reviewers (the verification page's pandas expressions) names files so that it runs as written.
    for tag in article.select("script, style, a.download, a[href$='.csv'], a[download], details.reviewer-code"):
        tag.decompose()
    return article.get_text(" ")


def test_no_page_shows_a_machine_path_a_status_code_or_a_file_name(built):
    for page in sorted((built / "html").rglob("*.html")):
        if "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert not MACHINE_PATH.search(html) and str(built) not in html and str(ROOT) not in html, page
        text = visible_text(html)
        assert not STATUS_CODE.search(text), (page.name, STATUS_CODE.findall(text))
        assert not CSV_NAME.search(text), (page.name, CSV_NAME.findall(text))


def test_no_download_carries_a_machine_path(built):
    for path in (built / "html").rglob("*"):
        if path.suffix in (".ipynb", ".csv", ".json", ".txt", ".md", ".svg"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert str(built) not in text and str(ROOT) not in text, path
            assert not re.search(r"['\"](?:/tmp/|/work/|/root/)", text), path


def test_reader_pages_exist_with_glued_numbers_and_checked_claims(built):
    names = chapters(ROOT)
    for name in ("conclusion", "glossary", "about"):
        assert name in names
    index = (built / "html" / "book" / "index.html").read_text(encoding="utf-8")
    assert "导读" in index and index.count('class="pasted-text"') >= 15
    conclusion = (built / "html" / "book" / "conclusion.html").read_text(encoding="utf-8")
    assert conclusion.count('class="pasted-text"') >= 10
    verify = (built / "html" / "book" / "verify.html").read_text(encoding="utf-8")
    for claim in ("按简报排列的顺序依次减少", "超过三分之一", "只有人才培养"):  # the 结语's claims, listed
        assert claim in verify
    for theme in THEMES:
        page = (built / "html" / "book" / f"{theme}.html").read_text(encoding="utf-8")
        summary = page.split("小结", 1)[1]
        assert 'class="pasted-text"' in summary, theme
    about = (built / "html" / "book" / "about.html").read_text(encoding="utf-8")
    for needed in ("如何引用", "版次", "勘误", "参考文献", "教职成〔2019〕5号", "教职成厅函〔2023〕3号"):
        assert needed in about
    glossary = (built / "html" / "book" / "glossary.html").read_text(encoding="utf-8")
    assert all(t.term in glossary for t in TERMS)


@pytest.mark.parametrize("name", ["institutions.csv", "cases.csv", "errata.csv"])
def test_data_downloads_open_in_excel(built, name):
    copies = list((built / "html" / "_downloads").rglob(name))
    assert copies, name
    raw = copies[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    assert raw[3:] == (DATA / name).read_bytes() and raw.decode("utf-8-sig")
    assert not (DATA / name).read_bytes().startswith(b"\xef\xbb\xbf")  # the package's own file unchanged

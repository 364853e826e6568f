"""Reviewers: every number the brief prints is listed, recomputed and located; wrong ones stop the build."""
import csv
import re
import shutil

import pytest
from test_validation import set_cell

import shuanggao
from conftest import DATA, build_book, page_text
from shuanggao import registry
from shuanggao.data import printed
from shuanggao.site.audit import audit_html
from shuanggao.translation import CHINESE


def printed_numbers_in_data() -> set[tuple[str, str, str]]:
    """Every number the data says the brief prints, read straight from the CSV files."""
    def rows(name):
        with open(DATA / f"{name}.csv", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    found = {("constants", r["key"], "value") for r in rows("constants") if r["key"] == "units_total"}
    found |= {("themes", r["theme_id"], "cases_analysed") for r in rows("themes")}
    for r in rows("subthemes"):
        found |= {("subthemes", r["subtheme_id"], c) for c in ("units", "share_printed", "practices") if r[c]}
    found |= {("case_facts", r["fact_id"], "value") for r in rows("case_facts")}
    found |= {("framing", r["key"], "value") for r in rows("framing") if r["kind"] == "date"}
    return found


def test_verification_page_lists_every_printed_number(built):
    ds = shuanggao.load(DATA)
    checks = printed.brief_checks(ds, CHINESE)
    assert {(c.table, c.row, c.column) for c in checks} == printed_numbers_in_data()
    html = (built / "html" / "book" / "verify.html").read_text(encoding="utf-8")
    listed = set(re.findall(r'<span id="b-([A-Za-z0-9-]+)"></span>', html))
    assert listed == {c.key.replace("_", "-") for c in checks}
    assert all(c.ok for c in checks)
    text = page_text(built / "html" / "book" / "verify.html")
    assert text.count("一致") >= len(checks)
    for c in checks:
        assert c.printed and c.lines


def test_glued_numbers_link_to_their_verification_row(built):
    book = built / "html" / "book"
    verify_html = (book / "verify.html").read_text(encoding="utf-8")
    talent = (book / "talent.html").read_text(encoding="utf-8")
    links = re.findall(r'class="num-link[^"]*" href="verify\.html#([^"]+)" title="([^"]+)">'
                       r'<span class="pasted-text">([^<]*)<', talent)
    assert len(links) >= 15
    for anchor, title, _text in links:
        assert f'id="{anchor}"' in verify_html, anchor
        assert "数据：" in title or "依据数据的判断：" in title
    share = next(t for a, t, x in links if x == "30.96%")
    assert "61 ÷ 197" in share and "第 37–49 行" in share


@pytest.mark.parametrize("table,key,column,value,names", [
    ("themes.csv", "talent", "cases_analysed", "390", ["themes.csv", "talent", "cases_analysed", "390", "309"]),
    ("subthemes.csv", "talent-craft", "practices", "153", ["subthemes.csv", "talent-craft", "practices", "135"]),
])
@pytest.mark.build  # runs the command line on the full data
def test_a_wrong_printed_value_fails_the_build(data_copy, tmp_path, table, key, column, value, names):
    set_cell(data_copy / table, key, column, value)
    run = build_book(data_copy, tmp_path / "out")
    assert run.returncode == 1
    assert "[printed-value]" in run.stderr and "Traceback" not in run.stderr
    for name in names:
        assert name in run.stderr
    assert not (tmp_path / "out" / "html").exists()


@pytest.mark.build  # runs the command line on the full data
def test_a_wrong_share_fails_the_build(data_copy, tmp_path):
    set_cell(data_copy / "subthemes.csv", "talent-moral", "share_printed", "31.96%")
    run = build_book(data_copy, tmp_path / "out")
    assert run.returncode == 1 and "share_printed" in run.stderr and "31.96%" in run.stderr


@pytest.mark.build  # runs the command line on the full data
def test_a_recorded_reason_lets_a_difference_through(data_copy):
    set_cell(data_copy / "themes.csv", "talent", "cases_analysed", "310")
    with open(data_copy / "reasons.csv", "a", encoding="utf-8") as f:
        f.write("themes,talent,cases_analysed,corrected in a later edition\n")
    ds = shuanggao.load(data_copy)
    check = next(c for c in printed.brief_checks(ds, CHINESE) if c.key == "talent_cases_analysed")
    assert not check.ok and check.status(CHINESE) == "不一致，已说明：corrected in a later edition"
    assert printed.failures(ds) == []


def test_audit_catches_a_stale_number(built, tmp_path):
    html = tmp_path / "html"
    # The Chinese edition (the English one, under en/, is audited against its own registry).
    shutil.copytree(built / "html", html, ignore=lambda folder, names: ["en"] if folder == str(built / "html") else [])
    rows = registry.load(built / "src" / "book")
    assert audit_html(html, rows) == []
    page = html / "book" / "talent.html"
    source = page.read_text(encoding="utf-8")
    page.write_text(source.replace('<span class="pasted-text">61</span>', '<span class="pasted-text">60</span>', 1),
                    encoding="utf-8")
    problems = audit_html(html, rows)
    assert len(problems) == 1 and "'60'" in problems[0] and "talent_moral_units" in problems[0]


def test_reproducibility_page(built):
    text = page_text(built / "html" / "book" / "reproducibility.html")
    assert re.search(r"[0-9a-f]{64}", text)  # data fingerprint
    for name in ("talent.ipynb", "overview.ipynb", "jupyter-book", "papermill", "代码单元指纹"):
        assert name in text
    assert str(built) not in text and "/tmp/" not in text  # no machine path


# (line, numeral, the word it belongs to): numerals a reader reads as part of a word. A check that matched
# numbers by value alone took each for a quantity of some fact printed nearby (三级 and 三星级 for “3 门”,
# 四位一体 for “4 家”, 第一家 for “1 万元”, 第二批 for “2 个”).
WORDS = [(59, "三", "level"), (73, "三", "level"), (329, "四", "name"), (849, "一", "ordinal"), (891, "二", "ordinal")]


@pytest.mark.parametrize("line, numeral, kind", WORDS)
def test_a_numeral_inside_a_word_is_no_quantity_and_must_be_listed(data_copy, line, numeral, kind):
    ds = shuanggao.load(DATA)
    number = next(n for n in printed.printed_numbers(ds) if (n.line, n.text) == (line, numeral))
    assert number.word == kind and printed.checked_by(ds, printed.brief_checks(ds, CHINESE), number) is None
    listed = (data_copy / "brief_numbers.csv").read_text(encoding="utf-8").splitlines()
    (data_copy / "brief_numbers.csv").write_text(
        "\n".join(x for x in listed if not x.startswith(f"{line},{numeral},")) + "\n", encoding="utf-8")
    problems = [str(p) for p in printed.failures(shuanggao.load(data_copy))]
    assert len(problems) == 1 and f"line {line}, value '{numeral}'" in problems[0], problems


def test_quantities_beside_those_words_are_still_matched_to_their_facts():
    ds = shuanggao.load(DATA)
    checks = printed.brief_checks(ds, CHINESE)
    found = {(n.line, n.text): n for n in printed.printed_numbers(ds)}
    # 3 门 on the line of 三星级, 十万 (a Chinese numeral that counts), 近千万 (an amount)
    for (line, text), key in {(73, "3"): "fact_F0101", (855, "十万"): "fact_F1503",
                              (533, "近千万"): "fact_F0901"}.items():
        number = found[(line, text)]
        assert not number.word and printed.checked_by(ds, checks, number).key == key
    assert printed.word_kind("赴双一流高校", 2, 3) == "name" and printed.word_kind("十万跨境", 0, 2) == ""


def test_every_reason_a_number_is_not_a_statistic_is_given_in_both_languages():
    ds = shuanggao.load(DATA)
    assert ds.brief_numbers.reason.str.len().gt(0).all() and ds.brief_numbers.reason_en.str.len().gt(0).all()
    assert not ds.brief_numbers.reason_en.str.contains(r"[\u4e00-\u9fff]{3}").any()  # English, names aside


def test_every_rows_expression_run_as_written_gives_the_value_the_page_shows(tmp_path, monkeypatch):
    """Reviewers: each row of the printed-number table carries pandas expressions; run from the folder that holds
    the data package, with the preamble the page states, each gives the data value (and the recomputed one)."""
    import html

    from shuanggao.data import expressions
    from shuanggao.pages import Page, verify

    monkeypatch.chdir(tmp_path)
    page = Page.open("verify", str(DATA), None)
    shown = html.unescape(re.sub(r"\\(.)", r"\1", verify.brief_checks_markdown(page, tmp_path)))
    checks = printed.brief_checks(page.ds, page.lang)
    monkeypatch.chdir(DATA.parent)
    namespace: dict = {}
    exec(expressions.PREAMBLE, namespace)
    for c in checks:
        assert c.expression in shown and c.recomputing in shown
        assert eval(c.expression, namespace) == c.data, c.key
        if c.recomputed:
            assert c.recomputing and eval(c.recomputing, namespace) == c.recomputed, c.key
    assert sum(bool(c.recomputing) for c in checks) == 4  # the total of units and the three shares

"""The shipped data package validates, and holds what the brief states."""
import hashlib
import re

import pytest

import shuanggao
from conftest import DATA
from shuanggao.format import plain_number


@pytest.fixture(scope="module")
def ds():
    return shuanggao.load(DATA)


def test_recomputed_shares_of_the_talent_subthemes(ds):
    talent = ds.subthemes[ds.subthemes.theme_id == "talent"]
    assert list(talent.share_recomputed) == ["30.96%", "52.28%", "55.33%"]
    assert list(talent.units) == [61, 103, 109]
    assert list(talent.practices) == [67, 112, 135]


def test_counts_of_themes_subthemes_and_cases(ds):
    assert list(ds.themes.cases_analysed) == [309, 220, 108, 91, 79]
    assert ds.subthemes.groupby("theme_id", sort=False).size().tolist() == [3, 3, 4, 3, 3]
    assert len(ds.cases) == 16 and ds.cases.subtheme_id.is_unique


def test_roster_matches_the_official_totals(ds):
    assert ds.total == len(ds.institutions) == 197
    counts = ds.institutions.groupby(["category", "tier"]).size().to_dict()
    assert counts == {("学校", "A"): 10, ("学校", "B"): 20, ("学校", "C"): 26,
                      ("专业群", "A"): 26, ("专业群", "B"): 59, ("专业群", "C"): 56}
    assert ds.institutions.province.nunique() == 29
    assert set(ds.cases.institution) <= set(ds.institutions.name)
    assert ds.midterm_national_2023.set_index("grade")["units"].to_dict() == {"优": 160, "良": 37}


def test_every_number_printed_in_a_case_is_a_case_fact(ds):
    for case in ds.cases.itertuples():
        facts = ds.case_facts[ds.case_facts.case_id == case.case_id]
        stated = {plain_number(v) for col in ("value", "year", "month") for v in facts[col].dropna()}
        for number in re.findall(r"\d+(?:\.\d+)?", case.excerpt):
            assert number in stated, (case.case_id, number)


def test_excerpts_have_no_listed_error_and_no_pdf_line_break(ds):
    for case in ds.cases.itertuples():
        for text in (case.title_zh, case.excerpt):
            assert "\n" not in text and not re.search(r"[\u4e00-\u9fff，。、“”]\s|\s[\u4e00-\u9fff，。、“”]", text)
    assert "三全育人" in ds.cases.set_index("case_id").excerpt["C01"]
    assert "三链对接" in ds.cases.set_index("case_id").title_zh["C02"]
    assert "阿里巴巴全真线上交易系统" in ds.cases.set_index("case_id").excerpt["C15"]
    for wrong in ("三全有人", "三资对按", "网里巴", "其础", "粵"):
        assert not ds.cases.excerpt.str.contains(wrong).any() and not ds.cases.title_zh.str.contains(wrong).any()


def test_loading_never_writes(tmp_path):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in DATA.rglob("*") if p.is_file()}
    shuanggao.load(DATA)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in DATA.rglob("*") if p.is_file()}
    assert before == after


def test_the_glossary_gives_each_kind_of_unit_as_many_clusters_as_the_roster(ds):
    import csv

    from conftest import ROOT

    clusters = ds.institutions.set_index("category").groups.str.split("、").str.len()
    assert set(clusters["专业群"]) == {1} and set(clusters["学校"]) == {2}
    with open(ROOT / "style" / "terminology.csv", encoding="utf-8") as f:
        definitions = {r["term"]: r["definition"] for r in csv.DictReader(f)}
    cluster_unit = definitions["高水平专业群建设单位"]
    assert "以一个专业群入选" in cluster_unit and "两个专业群" in cluster_unit


def test_descriptions_say_what_the_brief_states_and_what_is_this_books_method():
    import json

    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    codebook = resources["codebook"]
    assert "本书的方法" in codebook["x-description-zh"] and "this book's method" in codebook["description"]
    assert "等" in codebook["x-description-zh"] and "等" in codebook["description"]
    units = next(f for f in resources["subthemes"]["schema"]["fields"] if f["name"] == "units")
    assert "the brief's count" in units["description"] and "coding terms" not in units["description"]


def test_a_quotation_with_an_editorial_inference_shows_its_mark_linking_to_the_erratum(ds):
    from shuanggao.pages.base import case_markdown
    from shuanggao.pages.data import errata_markdown
    from shuanggao.translation import CHINESE

    mark = '<sup class="inference-mark"><a href="data.html#erratum-{}"'
    c15 = case_markdown(ds, CHINESE, "C15")  # 网里巴 → 阿里巴巴 (E19): the mark follows the corrected words, not the
    assert c15.count("阿里巴巴") >= 2 and "引入阿里巴巴" + mark.format("E19") in c15  # partner named before
    assert "与阿里巴巴" + mark.format("E19") not in c15
    assert mark.format("E05") in case_markdown(ds, CHINESE, "C02")  # in the title: 三资对按 → 三链对接
    c01 = case_markdown(ds, CHINESE, "C01")  # 三全有人 → 三全育人 is an evident extraction error: no mark
    assert "三全育人" in c01 and "inference-mark" not in c01
    editorial = set(ds.errata[ds.errata.basis == "editorial"].erratum_id)
    assert editorial == {"E05", "E10", "E19", "E22", "E24"}
    marked = {e for e in editorial if any(mark.format(e) in case_markdown(ds, CHINESE, c) for c in ds.cases.case_id)}
    assert marked == editorial  # every inference is marked where it is read
    for e in editorial:
        assert f'<span id="erratum-{e}"></span>' in errata_markdown(ds, CHINESE)


def test_the_english_edition_marks_inferences_in_english_after_the_chinese_words(ds):
    from shuanggao.pages.base import case_markdown
    from shuanggao.translation import language

    en = case_markdown(ds, language("en"), "C02")  # the title's 三链对接 (E05) is shown in Chinese at the end
    meta = en[en.index('class="case-meta"'):]
    assert meta.index("推动“三链对接”") < meta.index('href="data.html#erratum-E05"')
    assert ">inferred</a></sup>" in meta and "The editors&#x27; inference" in meta

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

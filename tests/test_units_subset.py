"""A subset of units as a chapter parameter (`units`, `shuanggao.data.subset`): checked against the roster with a
message naming the parameter, the value, the rule and the valid values; a coded edition's counts recounted among the
subset's units, the shares taken of the subset; and a chapter that says which subset it was run for, and which of
its numbers are the subset's and which remain the brief's for all units."""
import pandas as pd
import pytest

import shuanggao
from conftest import DATA
from shuanggao import cli
from shuanggao.data import subset
from shuanggao.data.fingerprint import package_sha256
from shuanggao.translation import CHINESE

# Four reports of units on the roster, two of them in 浙江 (金华 学校 A, 杭州 学校 B) and two elsewhere, and three
# terms of the analyst's, counted by hand: 课程思政 in 金华 and 无锡 (talent-moral); 订单培养 in 金华, 杭州 and
# 北京农业 (talent-worklearn); 技能大赛 in 杭州 (talent-craft, two paragraphs: 2 practices). Among the 浙江 units:
# moral 1, worklearn 2, craft 1 of the 2 reports coded there (50.00%, 100.00%, 50.00%); of the 15 浙江 units on the
# roster, 6.67%, 13.33%, 6.67%.
REPORTS = {
    "金华职业技术学院": "推进课程思政。\n\n实施订单培养。",
    "杭州职业技术学院": "深化订单培养。\n\n承办技能大赛。\n\n再办技能大赛。",
    "无锡职业技术学院": "课程思政全覆盖。",
    "北京农业职业学院": "开展订单 培养。",
}
CODEBOOK = ("term_id,subtheme_id,term\n"
            "own-1,talent-moral,课程思政\n"
            "own-2,talent-worklearn,订单培养\n"
            "own-3,talent-craft,技能大赛\n")


@pytest.fixture(scope="module")
def roster():
    return shuanggao.load(DATA, validated_sha256=package_sha256(DATA)).institutions


# the filter ---------------------------------------------------------------------------------------------------------
def test_a_subset_keeps_the_roster_units_its_fields_name(roster):
    chosen = subset.parse("category=学校,tier=A", roster)
    assert chosen.names == set(roster.name[(roster.category == "学校") & (roster.tier == "A")])
    assert chosen.choices == {"category": ("学校",), "tier": ("A",)}
    both = subset.parse(" province = 浙江|江苏 ", roster)
    assert len(both.names) == int(roster.province.isin(["浙江", "江苏"]).sum()) == 35
    assert subset.parse(None, roster) is None and subset.parse("  ", roster) is None


def test_a_subset_is_labelled_in_the_pages_language(roster):
    from shuanggao.translation import language

    chosen = subset.parse("category=专业群,province=浙江|江苏", roster)
    assert chosen.label(CHINESE) == "类别 = 专业群、省（区、市） = 浙江 | 江苏"
    assert chosen.label(language("en")) == ("Category = Programme cluster, "
                                            "Provincial-level division = Zhejiang | Jiangsu")


@pytest.mark.parametrize("spec, said", [
    ("tier=D", "tier 'D' is not in the roster; valid values: A, B, C"),
    ("region=浙江", "'region=浙江' is not FIELD=VALUE with FIELD one of category, tier, province"),
    ("category学校", "is not FIELD=VALUE"),
    ("province=浙江省", "province '浙江省' is not in the roster; valid values: 上海, "),
    ("tier=A,tier=B", "tier is given twice; list its values in one field, joined by |"),
    ("province=海南,tier=A", "no unit of the roster is in this subset"),
])
def test_a_bad_subset_is_refused_naming_parameter_value_rule_and_what_is_valid(roster, spec, said):
    with pytest.raises(subset.SubsetError) as err:
        subset.parse(spec, roster)
    assert str(err.value).startswith(f"parameter units, value {spec!r}: [units-subset] ")
    assert said in str(err.value)


def test_the_brief_s_counts_are_not_restricted(tmp_path):
    ds = shuanggao.load(DATA, validated_sha256=package_sha256(DATA))
    same, facts = subset.restrict(ds, subset.parse("province=浙江", ds.institutions))
    assert same is ds and not facts.counts and facts.units == 15


# the runner ---------------------------------------------------------------------------------------------------------
def test_a_build_with_a_bad_subset_stops_before_any_notebook_with_one_message(tmp_path, capsys):
    out = tmp_path / "site"
    assert cli.main(["build", "--out", str(out), "-q", "-p", "units", "tier=D"]) == 1
    err = capsys.readouterr().err
    assert "parameter units, value 'tier=D': [units-subset]" in err and "valid values: A, B, C" in err
    assert "Traceback" not in err
    assert not (out / "src").exists()  # no notebook was run


# a coded edition and a chapter ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subset") / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder.parent / "my_terms.csv").write_text(CODEBOOK, encoding="utf-8")
    return folder


def edition(reports, name, denominator):
    out = reports.parent / name
    assert cli.main(["code", str(reports), "--edition", str(out), "--data", str(DATA), "--jobs", "1", "-q",
                     "--codebook", str(reports.parent / "my_terms.csv"), "--denominator", denominator]) == 0
    return out


def talent_page(data, out_dir, units, lang="zh"):
    from shuanggao.pages import Page, theme

    page = Page.open("talent", data, package_sha256(data), out_dir=out_dir, lang=lang, units=units)
    theme.glue(page, "talent")
    return page, {r.key: r for r in page.results}


def test_a_coded_edition_counted_among_a_province_takes_its_shares_of_the_subset(reports, tmp_path):
    from shuanggao.figures import charts

    coded = edition(reports, "coded", "coded")
    page, glued = talent_page(coded, tmp_path / "page", "province=浙江")
    talent = page.ds.subthemes.set_index("subtheme_id").loc[["talent-moral", "talent-worklearn", "talent-craft"]]
    assert talent.units.tolist() == [1, 2, 1] and talent.practices.tolist() == [1, 2, 2]
    assert page.ds.share_total == 2
    assert [glued[f"talent_{k}_share"].text for k in ("moral", "worklearn", "craft")] == ["50.00%", "100.00%", "50.00%"]
    assert glued["talent_worklearn_share"].denominator == 2
    assert glued["talent_worklearn_majority"].text == "超过半数"
    assert glued["talent_denominator"].text.endswith("比例以子集中编码的 2 份报告为分母。")
    note = glued["units_subset"].text
    assert note.startswith("本章按分析者选定的建设单位子集运行："
                           "省（区、市） = 浙江，共 15 所（全部 197 所建设单位中）。")
    assert "比例以子集中编码的 2 份报告为分母" in note and "本章的 3 个案例都不来自子集中的建设单位" in note
    assert "占子集中编码的 2 份报告的比例" in charts.talent_subthemes(page.ds, page.lang).caption

    _page, english = talent_page(coded, tmp_path / "page-en", "province=浙江", lang="en")
    assert english["units_subset"].text.startswith("This chapter was run for a subset of participating institutions "
                                                   "chosen by the analyst: Provincial-level division = Zhejiang, 15 of "
                                                   "all 197.")
    assert english["talent_worklearn_share"].text == "100.00%"


def test_with_all_units_as_denominator_the_shares_are_of_the_subset_s_units(reports, tmp_path):
    coded = edition(reports, "coded-all", "all")
    page, glued = talent_page(coded, tmp_path / "page", "province=浙江")
    assert page.ds.share_total == 15
    assert glued["talent_worklearn_share"].text == "13.33%" and glued["talent_worklearn_majority"].text == "不到半数"
    assert glued["talent_denominator"].text.endswith("比例以子集的 15 所建设单位为分母。")
    # Without the subset the same edition's shares are of all 197 units.
    _page, whole = talent_page(coded, tmp_path / "whole", None)
    assert whole["talent_worklearn_share"].text == "1.52%" and "units_subset" not in whole


def test_the_brief_s_chapter_for_a_subset_says_its_numbers_remain_the_brief_s(tmp_path):
    page, glued = talent_page(DATA, tmp_path / "page", "category=专业群,tier=A")
    note = glued["units_subset"].text
    assert "类别 = 专业群、档次 = A，共 " in note
    assert "简报只给出全部 197 所建设单位的汇总数字，不能按子集拆分：本章的数字仍是全部 197 所的" in note
    assert "本章的 3 个案例中，来自子集中建设单位的有 1 个：北京农业职业学院。" in note
    brief = shuanggao.load(DATA, validated_sha256=package_sha256(DATA)).subthemes.set_index("subtheme_id")
    assert glued["talent_moral_units"].value == brief.units["talent-moral"]  # unchanged: the brief's, for all units
    assert glued["talent_denominator"].text == "比例以全部 197 所建设单位为分母。"
    assert isinstance(page.ds.subthemes, pd.DataFrame)

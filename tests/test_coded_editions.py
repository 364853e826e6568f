"""An analyst's edition, end to end: reports coded with the analyst's own codebook (no brief line locators), the
shares taken of the reports coded (or of all units), and a talent chapter that says which codebook and which
denominator its numbers have."""
import re
from dataclasses import asdict

import pandas as pd
import pytest

import shuanggao
from conftest import DATA
from shuanggao import cli
from shuanggao.data.fingerprint import package_sha256
from shuanggao.translation import CHINESE

# Four reports and three terms of the analyst's, counted by hand: 课程思政 in 甲 and 乙 (talent-moral, 2 units);
# 订单培养 in 甲, 丙 and 丁 (talent-worklearn, 3); 技能大赛 in 丙 (talent-craft, 1). Of the 4 reports coded:
# 50.00%, 75.00%, 25.00%, so 订单培养's units are a majority of the reports; of all 197 units they are not.
REPORTS = {
    "甲职业学院": "推进课程思政。\n\n实施订单培养。",
    "乙职业学院": "课程思政全覆盖。",
    "丙职业学院": "开展订单 培养。\n\n承办技能大赛。",
    "丁职业学院": "深化订单培养。",
}
CODEBOOK = ("term_id,subtheme_id,term\n"
            "own-1,talent-moral,课程思政\n"
            "own-2,talent-worklearn,订单培养\n"
            "own-3,talent-craft,技能大赛\n")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("analyst") / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder.parent / "my_terms.csv").write_text(CODEBOOK, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def coded_edition(reports):
    """The reports coded with my_terms.csv, shares of the 4 reports coded (once: each load validates the package)."""
    edition = reports.parent / "coded"
    assert code(reports, edition, "--codebook", str(reports.parent / "my_terms.csv"), "--denominator", "coded") == 0
    return edition


def code(reports, out, *extra) -> int:
    return cli.main(["code", str(reports), "--edition", str(out), "--data", str(DATA), "--jobs", "1", "-q",
                     *extra])


def talent_page(edition, out_dir, lang="zh"):
    from shuanggao.pages import Page, theme

    # The package was validated in full when the edition was written (as the runner does for its notebooks).
    page = Page.open("talent", edition, package_sha256(edition), out_dir=out_dir, lang=lang)
    theme.glue(page, "talent")
    return page, {r.key: r for r in page.results}


def test_an_edition_with_an_own_codebook_takes_its_shares_of_the_reports_coded(coded_edition, tmp_path, monkeypatch):
    from shuanggao.data import expressions, printed
    from shuanggao.figures import charts

    edition, codebook = coded_edition, coded_edition.parent / "my_terms.csv"
    ds = shuanggao.load(edition, validated_sha256=package_sha256(edition))
    assert ds.coding["reports_coded"] == 4 and ds.coding["codebook"] == "my_terms.csv" and ds.share_total == 4
    assert (edition / "codebook_used.csv").read_bytes() == codebook.read_bytes()  # the terms it was coded with
    talent = ds.subthemes.set_index("subtheme_id").loc[["talent-moral", "talent-worklearn", "talent-craft"]]
    assert talent.units.tolist() == [2, 3, 1] and talent.share_printed.tolist() == ["50.00%", "75.00%", "25.00%"]
    assert (talent.share == talent.units / 4).all()
    reasons = pd.read_csv(edition / "reasons.csv")
    assert reasons.reason.str.contains("按分析者的编码表 my_terms.csv 重新编码").sum() == 9
    assert reasons[reasons.column == "share_printed"].reason.str.contains("以编码的 4 份报告为分母").all()

    # The chapter: which codebook and which denominator, every share and the majority taken of the 4 reports.
    page, glued = talent_page(edition, tmp_path / "page")
    assert glued["talent_denominator"].text == ("本版的数字由 4 份报告按分析者的编码表 my_terms.csv（3 个词条）编码，"
                                                "比例以编码的 4 份报告为分母。")
    assert glued["talent_worklearn_share"].text == "75.00%" and glued["talent_worklearn_share"].denominator == 4
    assert glued["talent_worklearn_majority"].text == "超过半数" and "3 ÷ 4 = 75.00%" in \
        glued["talent_worklearn_majority"].evaluated
    assert "占编码的 4 份报告的比例" in charts.talent_subthemes(ds, page.lang).caption
    _page, english = talent_page(edition, tmp_path / "page-en", lang="en")
    assert english["talent_denominator"].text == ("This edition's counts were coded from 4 reports with the analyst's "
                                                  "codebook my_terms.csv (3 terms); shares are taken of the 4 "
                                                  "reports coded.")

    # The verification page: each share as units ÷ 4, and the reviewer's expression recomputes it from the files.
    checks = {c.key: c for c in printed.brief_checks(ds, CHINESE)}
    share = checks["talent_worklearn_share"]
    assert "3 ÷ 4" in share.what and share.recomputed == share.data == "75.00%"
    monkeypatch.chdir(edition.parent)
    namespace: dict = {}
    exec(expressions.PREAMBLE, namespace)
    assert eval(share.recomputing, namespace) == "75.00%"


def test_the_same_codebook_with_all_units_as_denominator_says_so(reports, tmp_path):
    edition = tmp_path / "edition"
    assert code(reports, edition, "--codebook", str(reports.parent / "my_terms.csv")) == 0
    ds = shuanggao.load(edition, validated_sha256=package_sha256(edition))
    assert ds.coding["denominator"] == "all" and ds.share_total == ds.total == 197
    assert ds.subthemes.set_index("subtheme_id").share_printed["talent-worklearn"] == "1.52%"
    from shuanggao.pages import claims

    page, glued = talent_page(edition, tmp_path / "page")
    assert glued["talent_denominator"].text.endswith("比例以全部 197 所建设单位为分母。")
    # 3 of 197 is no majority: the chapter says so, and records that it departs from the brief's wording.
    assert glued["talent_worklearn_majority"].text == "不到半数"
    assert "talent_worklearn_majority" in {r["key"] for r in claims.departures([asdict(r) for r in page.results])}


def test_the_brief_chapter_names_its_denominator(tmp_path):
    _page, glued = talent_page(DATA, tmp_path / "page")
    assert glued["talent_denominator"].text == "比例以全部 197 所建设单位为分母。"


# How the coded edition of the fixture is named wherever one of its values is shown.
CODED = "本版数据（4 份报告按分析者的编码表 my_terms.csv（3 个词条）编码；与简报不同之处及其理由见核验页）"
CODED_EN = ("this edition’s data (4 reports coded with the analyst's codebook my_terms.csv (3 terms); its differences "
            "from the brief, each with its reason, are on the verification page)")


# What the brief's edition wrote before editions named themselves (hover note of a count, the figure's source line).
BRIEF_NOTE = ("数据：“子主题”表 · （一）形成“德技并修、以德为先”培养目标 · 建设单位数；"
              "简报第一部分（一）（原文第 37–49 行）；点击查看核验")
BRIEF_NOTE_EN = ("Data: the “Subtheme” table · Goal: moral and technical growth together, with morality first · "
                 "Participating institutions; brief, part 1, section 1 (lines 37–49); click to see its verification")
BRIEF = "《“双高计划”中期建设报告》工作简报（浙江省新型高校智库，2022）"
BRIEF_SOURCE = f"{BRIEF}，简报第一部分（一）至（三）（原文第 37–171 行）；数据表 “子主题”"
BRIEF_SOURCE_EN = ("Working brief on the Double High Plan's mid-term report (Zhejiang New-type University Think Tank, "
                   "2022), brief, part 1, sections 1–3 (lines 37–171); tables “Subtheme”")


def figure_source(edition, lang):
    """The talent figure's source line, as its page writes it under the figure."""
    from shuanggao.data.origin import source_note
    from shuanggao.figures import charts

    ds = shuanggao.load(edition, validated_sha256=package_sha256(edition))
    import matplotlib.pyplot as plt

    chart = charts.talent_subthemes(ds, lang)
    plt.close(chart.fig)
    return source_note(ds, lang, chart.tables, chart.lines, chart.rows)


def test_an_editions_values_name_the_edition_not_the_briefs_lines(coded_edition, tmp_path):
    import matplotlib.pyplot as plt

    from shuanggao.figures import charts
    from shuanggao.site.numbers import note_text

    page, glued = talent_page(coded_edition, tmp_path / "page")
    # Every coded value's hover note names the edition and how it was coded, and no place in the brief.
    coded = [r for r in page.results if r.kind == "number" and r.table == "subthemes"
             and r.column in ("units", "share_printed", "practices")]
    assert len(coded) == 9
    for r in coded:
        note = note_text(asdict(r), page.lang)
        assert CODED in note and "原文第" not in note and "简报第" not in note, note
    # A value the edition did not change still names the brief's place.
    assert "简报第一部分（原文第 17–33 行）" in note_text(asdict(glued["talent_cases_analysed"]), page.lang)
    # The figure's source line: the edition, not the brief's lines 37–171.
    source = figure_source(coded_edition, page.lang)
    assert source == f"{CODED}；数据表 “子主题”", source
    # The live figure: each bar of each measure names the edition; the share is of the reports coded.
    ds = page.ds
    _data, _label, measures, _rows = charts.theme_measures(ds, page.lang, "talent")
    for m in measures:
        chart = charts.theme_measure(ds, page.lang, "talent", m.column)
        assert all(CODED in mark.text(page.lang) for mark in chart.marks.values()), m.column
        plt.close(chart.fig)
    assert "占编码的报告（%）" in [m.column for m in measures]
    # The sections and the summary say whose counts they give; so does the introduction (its denominator sentence).
    assert glued["talent_counts_source"].text == f"按{CODED}"
    assert glued["talent_summary_counts"].text == f"按{CODED}，三个子主题的建设单位数是"
    assert glued["talent_denominator"].text.startswith("本版的数字由 4 份报告按分析者的编码表 my_terms.csv")
    english, glued_en = talent_page(coded_edition, tmp_path / "page-en", lang="en")
    assert CODED_EN in note_text(asdict(glued_en["talent_moral_units"]), english.lang)
    assert figure_source(coded_edition, english.lang).startswith(CODED_EN)
    assert glued_en["talent_summary_counts"].text == (f"By {CODED_EN}, the three subthemes have these numbers of "
                                                      "participating institutions")


def test_the_briefs_edition_reads_as_before(tmp_path):
    from shuanggao.site.numbers import note_text

    page, glued = talent_page(DATA, tmp_path / "page")
    assert [r.key for r in page.results if r.edition] == []
    assert glued["talent_counts_source"].text == "按简报的统计"
    assert glued["talent_summary_counts"].text == "三个子主题都给出了建设单位数"
    assert note_text(asdict(glued["talent_moral_units"]), page.lang) == BRIEF_NOTE
    assert figure_source(DATA, page.lang) == BRIEF_SOURCE
    english, glued_en = talent_page(DATA, tmp_path / "page-en", lang="en")
    assert glued_en["talent_summary_counts"].text == "All three subthemes give a number of participating institutions"
    assert note_text(asdict(glued_en["talent_moral_units"]), english.lang) == BRIEF_NOTE_EN
    assert figure_source(DATA, english.lang) == BRIEF_SOURCE_EN


def test_an_edition_that_recodes_one_subtheme_names_it_beside_the_brief(reports, tmp_path):
    from shuanggao.translation import CHINESE

    (tmp_path / "moral-only.csv").write_text("term_id,subtheme_id,term\nown-1,talent-moral,课程思政\n",
                                             encoding="utf-8")
    edition = tmp_path / "edition"
    assert code(reports, edition, "--codebook", str(tmp_path / "moral-only.csv")) == 0
    source = figure_source(edition, CHINESE)
    named = "本版数据（4 份报告按分析者的编码表 moral-only.csv（1 个词条）编码；与简报不同之处及其理由见核验页）"
    # The brief for the subthemes it gives, the edition for the one recoded, by name.
    assert source.startswith(f"{BRIEF}，简报第一部分（一）至（三）（原文第 37–171 行）；其中")
    assert f"；其中人才培养（一）的数值为{named}；" in source, source


def test_a_bad_own_codebook_is_refused_naming_file_line_column_and_rule(reports, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("term_id,subtheme_id,term\n"
                   "own 1,talent-moral,课程思政\n"          # line 2: a space in the id
                   "own-2,talent-nowhere,订单培养\n"        # line 3: no such subtheme
                   "own-3,talent-craft,课程 思政\n"          # line 4: 课程思政 again, as the coder compares
                   "own-3,talent-craft,\n", encoding="utf-8")  # line 5: the id again, and no term
    edition = tmp_path / "edition"
    assert code(reports, edition, "--codebook", str(bad)) == 1
    err = capsys.readouterr().err
    assert "5 problem(s) in the codebook" in err and "nothing was coded" in err and "Traceback" not in err
    for line, column in ((2, "term_id"), (3, "subtheme_id"), (4, "term"), (5, "term_id"), (5, "term")):
        assert re.search(rf"{re.escape(str(bad))}, line {line}, column {column}\b.*\[codebook-term\]", err), (line,
                                                                                                             column)
    assert not edition.exists()

    (tmp_path / "no-term.csv").write_text("term_id,subtheme_id\nown-1,talent-moral\n", encoding="utf-8")
    assert code(reports, edition, "--codebook", str(tmp_path / "no-term.csv")) == 1
    assert "line 1, column term: [codebook-columns]" in capsys.readouterr().err

    # With the reports as denominator, every counted subtheme must be coded: no edition mixes two denominators.
    (tmp_path / "moral-only.csv").write_text("term_id,subtheme_id,term\nown-1,talent-moral,课程思政\n",
                                             encoding="utf-8")
    assert code(reports, edition, "--codebook", str(tmp_path / "moral-only.csv"), "--denominator", "coded") == 1
    err = capsys.readouterr().err
    assert "talent-craft, talent-worklearn" in err and "--denominator all" in err
    assert not edition.exists()


@pytest.mark.build  # builds the book from the edition (a new output folder executes every chapter)
def test_a_chapter_built_from_such_an_edition_names_its_codebook_and_denominator(coded_edition, tmp_path):
    from conftest import build_book, page_text

    run = build_book(coded_edition, tmp_path / "site")
    assert run.returncode == 0, run.stdout + run.stderr
    html = tmp_path / "site" / "html" / "book" / "talent.html"
    talent = page_text(html)
    assert "按分析者的编码表 my_terms.csv（3 个词条）编码，比例以编码的 4 份报告为分母" in talent
    assert "75.00%" in talent and "超过半数" in talent
    # The figure's source line and the summary name the edition; no note of a coded value cites the brief's lines.
    assert f"来源：{CODED}" in talent and "原文第 37–171 行" not in talent
    assert f"按{CODED}，三个子主题的建设单位数是" in talent  # (the page's text holds each number's note after it)
    notes = re.findall(r'<span class="num-note">([^<]*)</span>', html.read_text(encoding="utf-8"))
    coded = [n for n in notes if CODED in n]
    assert len(coded) == 15, notes  # units, share and practices of 3 subthemes in their sections; 6 in the summary
    assert not [n for n in coded if "原文第" in n]

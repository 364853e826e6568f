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
    talent = page_text(tmp_path / "site" / "html" / "book" / "talent.html")
    assert "按分析者的编码表 my_terms.csv（3 个词条）编码，比例以编码的 4 份报告为分母" in talent
    assert "75.00%" in talent and "超过半数" in talent

"""Statements that depend on the data are checked against it: an edition that makes them false fails the
build with the page, the claim and the values; where the wording follows the data, the page says the new thing."""
import csv
import io
import re

import pytest

from conftest import build_book, page_text


def edit_table(path, change):
    """Rewrite a CSV of the data package through `change(rows) -> rows`."""
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    header = text.splitlines()[0].split(",")
    rows = change(rows)
    with io.StringIO() as buffer:
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")


def set_values(rows, key_column, key, **values):
    for row in rows:
        if row[key_column] == key:
            row.update({k: str(v) for k, v in values.items()})
    return rows


REASON = "an edition made to test that the book's statements follow the data"


@pytest.mark.build  # builds the book itself
def test_an_edition_that_makes_claims_false_fails_naming_each(data_copy, tmp_path):
    d = data_copy
    edit_table(d / "themes.csv", lambda rows: set_values(set_values(rows, "theme_id", "talent", cases_analysed=60),
                                                           "theme_id", "digital", cases_analysed=500))
    edit_table(d / "subthemes.csv", lambda rows: [r for r in set_values(set_values(
        rows, "subtheme_id", "talent-worklearn", units=90, share_printed="45.69%"),
        "subtheme_id", "talent-craft", units=50, share_printed="25.38%") if r["subtheme_id"] != "governance-personnel"])
    edit_table(d / "cases.csv", lambda rows: set_values(set_values(set_values(
        rows, "case_id", "C11", theme_id="digital", subtheme_id="digital-campus"),
        "case_id", "C05", subtheme_id="service-match"),
        "case_id", "C10", subtheme_id="governance-system"))
    reasons = [("themes", "talent", "cases_analysed"), ("themes", "digital", "cases_analysed"),
               ("subthemes", "talent-worklearn", "units"), ("subthemes", "talent-worklearn", "share_printed"),
               ("subthemes", "talent-craft", "units"), ("subthemes", "talent-craft", "share_printed")]
    edit_table(d / "reasons.csv", lambda rows: [dict(table=t, key=k, column=c, reason=REASON) for t, k, c in reasons])
    run = build_book(d, tmp_path / "out")
    assert run.returncode == 1, run.stdout + run.stderr
    # Statements without alternatives fail; those that declare theirs (the majority, the subtheme with the most
    # units, the theme with the most subthemes) are worded as the data makes true and do not.
    for notebook, claim in [("talent", "talent_most_cases"), ("service", "service_one_case_each"),
                            ("digital", "digital_fewest_cases")]:
        line = next((ln for ln in run.stderr.splitlines() if ln.strip().startswith(f"{notebook}.ipynb")), "")
        assert claim in line and "ClaimError" in line, (claim, run.stderr)
    for claim in ("talent_worklearn_majority", "talent_craft_most_units", "governance_most_subthemes",
                  "international_most_facts"):
        assert claim not in run.stderr
    assert "信息化建设 500 个" in run.stderr  # the values evaluated are named
    assert not (tmp_path / "out" / "html").exists()


@pytest.mark.build  # builds the book itself
def test_an_edition_that_flips_two_claims_builds_says_so_in_both_languages_and_strict_claims_fails(
        data_copy, tmp_path):
    d = data_copy
    edit_table(d / "subthemes.csv", lambda rows: set_values(set_values(
        rows, "subtheme_id", "talent-worklearn", units=90, share_printed="45.69%"),
        "subtheme_id", "talent-craft", units=50, share_printed="25.38%"))
    reasons = [("subthemes", s, c) for s in ("talent-worklearn", "talent-craft") for c in ("units", "share_printed")]
    edit_table(d / "reasons.csv", lambda rows: [dict(table=t, key=k, column=c, reason=REASON) for t, k, c in reasons])
    run = build_book(d, tmp_path / "out", english=True)
    assert run.returncode == 0, run.stdout + run.stderr
    html = tmp_path / "out" / "html"
    zh, en = page_text(html / "book" / "talent.html"), page_text(html / "en" / "book" / "talent.html")
    assert "不到半数" in zh  # (the brief's own 超过半数 may still be quoted on the page)
    assert "覆盖的建设单位少于形成“工学结合、知行合一”育人方案" in zh and "覆盖的建设单位最多" not in zh
    assert "less than half of all participating institutions" in en
    assert "covers fewer participating institutions than Plan: combining work and study" in en
    assert "covers the most participating institutions" not in en
    assert "不到半数" in page_text(html / "book" / "index.html")
    # The verification page lists both statements, with the brief's wording, this edition's and the values.
    verify_zh, verify_en = page_text(html / "book" / "verify.html"), page_text(html / "en" / "book" / "verify.html")
    for text, words in ((verify_zh, ["超过半数", "不到半数", "覆盖的建设单位最多", "90 ÷ 197 = 45.69%"]),
                        (verify_en, ["more than half of all participating institutions",
                                     "less than half of all participating institutions",
                                     "covers the most participating institutions", "90 ÷ 197 = 45.69%"])):
        for word in words:
            assert word in text, word
    # For those who want the brief's wording or nothing: the same edition fails, naming both statements.
    strict = build_book(d, tmp_path / "out", "--strict-claims", english=True)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr, strict.stderr
    for claim in ("talent_worklearn_majority", "talent_craft_most_units"):
        assert claim in strict.stderr
    assert "“超过半数” → “不到半数”" in strict.stderr


@pytest.mark.build  # builds the book itself
def test_where_the_wording_follows_the_data_the_page_says_the_new_thing(data_copy, tmp_path):
    moved = {"浙江经贸职业技术学院": "上海"}  # a featured case's unit: 重庆 alone has the most cases

    def move(rows):
        jiangsu = [r for r in rows if r["province"] == "江苏"]
        for r in jiangsu[-5:]:  # 江苏 20 → 15, level with 山东
            r["province"] = "安徽"
        for r in rows:
            r["province"] = moved.get(r["name"], r["province"])
        return rows

    edit_table(data_copy / "institutions.csv", move)
    run = build_book(data_copy, tmp_path / "out", pdf=True)
    assert run.returncode == 0, run.stdout + run.stderr
    book = tmp_path / "out" / "html" / "book"
    assert "重庆最多（3 个）" in page_text(book / "explorer.html")
    assert "山东、江苏并列最多（各 15 所）" in page_text(book / "overview.html")
    # The PDF follows the data as the site does.
    from pypdf import PdfReader

    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(book / "book.pdf")).pages))
    assert "山东、江苏并列最多（各15所）" in text and "江苏最多（20所）" not in text

"""Each kind of bad input is rejected with a message naming file, line, column, value and rule."""
import csv
import subprocess
import sys
import warnings

import pytest

import shuanggao
from shuanggao import DataValidationError, DataWarning


def rewrite(path, edit):
    """Apply `edit` to the rows (lists of cells, header first) of a CSV and write it back."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(path, key, column, value):
    def edit(rows):
        col = rows[0].index(column)
        for row in rows[1:]:
            if row[0] == key:
                row[col] = value
    rewrite(path, edit)


def problems_of(data_dir):
    with pytest.raises(DataValidationError) as info:
        shuanggao.load(data_dir)
    return info.value.problems, str(info.value)


def only(problems, rule):
    hits = [p for p in problems if p.rule == rule]
    assert hits, f"no {rule!r} problem among: {[str(p) for p in problems]}"
    return hits[0]


def test_wrong_type(data_copy):
    set_cell(data_copy / "subthemes.csv", "talent-moral", "units", "六十一")
    p = only(problems_of(data_copy)[0], "type")
    assert (p.file.endswith("subthemes.csv"), p.line, p.column, p.value) == (True, 2, "units", "六十一")
    assert "integer" in p.message


def test_a_file_changed_after_a_clean_load_is_checked_again(data_copy):
    """A second load of the same bytes skips the schema pass; an edit between the loads does not."""
    shuanggao.load(data_copy)
    set_cell(data_copy / "subthemes.csv", "talent-moral", "units", "六十一")
    assert only(problems_of(data_copy)[0], "type").value == "六十一"


def test_missing_column(data_copy):
    rewrite(data_copy / "cases.csv", lambda rows: [r.pop(3) for r in rows])
    p = only(problems_of(data_copy)[0], "missing-column")
    assert p.file.endswith("cases.csv") and p.column == "institution"


def test_duplicate_key(data_copy):
    rewrite(data_copy / "cases.csv", lambda rows: rows.append(list(rows[1])))
    p = only(problems_of(data_copy)[0], "unique-key")
    assert p.file.endswith("cases.csv") and p.line == 18 and p.column == "case_id" and p.value == "C01"


def test_dangling_reference(data_copy):
    set_cell(data_copy / "cases.csv", "C05", "institution", "浙江经贸职业学院")
    p = only(problems_of(data_copy)[0], "foreign-key")
    assert p.file.endswith("cases.csv") and p.line == 6 and p.column == "institution" and p.value == "浙江经贸职业学院"


def test_share_that_does_not_recompute(data_copy):
    set_cell(data_copy / "subthemes.csv", "talent-worklearn", "share_printed", "52.82%")
    p = only(problems_of(data_copy)[0], "share-recomputes")
    assert (p.line, p.column, p.value) == (3, "share_printed", "52.82%")
    assert "103 ÷ 197 = 52.28%" in p.message


def test_practices_fewer_than_units(data_copy):
    set_cell(data_copy / "subthemes.csv", "talent-craft", "practices", "100")
    assert only(problems_of(data_copy)[0], "practices-at-least-units").line == 4


def test_an_english_name_given_as_the_institutions_own_must_say_where_it_was_read(data_copy):
    set_cell(data_copy / "institutions.csv", "北京电子科技职业学院", "name_en_source", "own")
    problems, message = problems_of(data_copy)
    p = only(problems, "name-en-cited")
    assert (p.file.endswith("institutions.csv"), p.line, p.column, p.value) == (True, 2, "name_en_source", "own")
    assert "Beijing Polytechnic" in message and "own-unverified" in message
    # Cited, it stands.
    set_cell(data_copy / "institutions.csv", "北京电子科技职业学院", "sources", "name_en: https://example.org/en/")
    shuanggao.load(data_copy)


def test_gbk_file(data_copy):
    path = data_copy / "themes.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    problems, message = problems_of(data_copy)
    p = only(problems, "utf-8")
    assert p.file.endswith("themes.csv") and p.line == 2
    assert "not UTF-8" in message and "gb" in message.lower() and "iconv" in message


def test_bom_is_tolerated(data_copy):
    path = data_copy / "cases.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(shuanggao.load(data_copy).cases) == 16


def test_empty_file(data_copy):
    (data_copy / "errata.csv").write_bytes(b"")
    p = only(problems_of(data_copy)[0], "not-empty")
    assert p.file.endswith("errata.csv")


def test_unknown_extra_column_warns_and_loads(data_copy):
    rewrite(data_copy / "themes.csv", lambda rows: [r.append("x") for r in rows])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = shuanggao.load(data_copy)
    assert "x" not in ds.themes.columns
    assert any(issubclass(w.category, DataWarning) and "column x" in str(w.message) for w in caught)


def test_text_not_nfc(data_copy):
    set_cell(data_copy / "themes.csv", "talent", "title_en", "Cafe\u0301 model")
    p = only(problems_of(data_copy)[0], "nfc")
    assert (p.line, p.column) == (2, "title_en")


def test_line_break_left_in_an_excerpt(data_copy):
    def edit(rows):
        rows[1][6] = rows[1][6].replace("构建三级", "构建\n三级")
    rewrite(data_copy / "cases.csv", edit)
    p = only(problems_of(data_copy)[0], "no-line-break")
    assert p.column == "excerpt" and p.line == 2


def test_extraction_error_left_in_an_excerpt(data_copy):
    def edit(rows):
        rows[1][6] = rows[1][6].replace("三全育人", "三全有人")
    rewrite(data_copy / "cases.csv", edit)
    problems, message = problems_of(data_copy)
    assert "E03" in only(problems, "errata-applied").message
    assert only(problems, "quote-matches-source").column == "excerpt"


def test_number_without_a_fact(data_copy):
    rewrite(data_copy / "case_facts.csv", lambda rows: rows.remove(next(r for r in rows if r[0] == "F1202")))
    p = only(problems_of(data_copy)[0], "number-has-fact")
    assert (p.column, p.value, p.line) == ("excerpt", "1324", 13)


def test_all_problems_are_reported_together(data_copy):
    set_cell(data_copy / "subthemes.csv", "talent-moral", "share_printed", "31.00%")
    set_cell(data_copy / "cases.csv", "C05", "theme_id", "digital")
    problems, message = problems_of(data_copy)
    rules = {p.rule for p in problems}
    assert {"share-recomputes", "theme-matches-subtheme"} <= rules
    assert message.count("\n  - ") == len(problems)


@pytest.mark.build  # runs the command line on the full data
def test_command_line_reports_without_a_traceback(data_copy):
    set_cell(data_copy / "cases.csv", "C05", "institution", "浙江经贸职业学院")
    run = subprocess.run([sys.executable, "-m", "shuanggao", "validate", str(data_copy)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "cases.csv, line 6, column institution, value '浙江经贸职业学院': [foreign-key]" in run.stderr


def test_quotations_keep_no_ascii_punctuation_of_the_extraction():
    import re

    from conftest import DATA

    ds = shuanggao.load(DATA)
    texts = [*ds.cases.excerpt, *ds.cases.title_zh, *ds.case_facts.quote, *ds.subthemes.title_zh]
    offenders = [t for t in texts if re.search(r'[:;"()]|--', t)]  # （IIOE）, not (IIOE), inside Chinese
    assert offenders == []


def test_a_printed_number_neither_checked_nor_listed_stops_the_build(data_copy):
    from shuanggao.data import printed

    lines = (data_copy / "brief_numbers.csv").read_text(encoding="utf-8").splitlines()
    dropped = next(line for line in lines if line.startswith("767,197"))
    (data_copy / "brief_numbers.csv").write_text("\n".join(x for x in lines if x != dropped) + "\n", encoding="utf-8")
    problems = printed.failures(shuanggao.load(data_copy))
    assert [str(p) for p in problems] == [
        f"{data_copy / 'source' / 'brief_2022.txt'}, line 767, value '197': [number-accounted] the brief prints this "
        "number, but no check reads it back and brief_numbers.csv does not list it"]


@pytest.mark.build  # runs the command line on the full data
def test_validate_compares_with_the_brief_as_build_does(data_copy):
    """61 → 60 units (and the share recomputed to match): a valid table, but not what the brief prints."""
    set_cell(data_copy / "subthemes.csv", "talent-moral", "units", "60")
    set_cell(data_copy / "subthemes.csv", "talent-moral", "share_printed", "30.46%")
    shuanggao.load(data_copy)  # the tables themselves are consistent
    run = subprocess.run([sys.executable, "-m", "shuanggao", "validate", str(data_copy)], capture_output=True,
                         text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stdout + run.stderr
    assert run.stderr.count("[printed-value]") == 2 and "subthemes.csv" in run.stderr and "talent-moral" in run.stderr


@pytest.mark.build  # runs the command line on the full data
def test_the_shipped_package_validates_with_the_brief_comparison():
    run = subprocess.run([sys.executable, "-m", "shuanggao", "validate"], capture_output=True, text=True)
    assert run.returncode == 0 and "every printed number agrees with the brief" in run.stdout, run.stderr


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\x07", "\u2028"])
def test_invisible_control_characters_are_rejected_with_the_field_named(data_copy, char):
    set_cell(data_copy / "subthemes.csv", "talent-moral", "title_en", f"Goal: {char}moral first")
    p = only(problems_of(data_copy)[0], "no-control-character")
    assert (p.file.endswith("subthemes.csv"), p.line, p.column) == (True, 2, "title_en")
    assert f"U+{ord(char):04X}" in p.message and char not in str(p)  # named, and shown escaped


def test_a_cut_list_of_problems_says_how_many_there_are(data_copy):
    def edit(rows):
        rows += [[rows[1][0], "差", "x"] for _ in range(1500)]
    rewrite(data_copy / "midterm_grades_2023.csv", edit)
    problems, message = problems_of(data_copy)
    assert len(problems) >= 3000  # a bad grade and a repeated name in each row, every one counted
    assert f"1,000 of {len(problems):,} problems shown" in message
    assert message.count("\n  - ") == 1000


@pytest.mark.build  # runs the command line on the full data
def test_a_descriptor_against_the_standard_is_a_named_problem(data_copy):
    import json

    descriptor = data_copy / "datapackage.json"
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    meta["name"] = "Not A Valid Name!"
    descriptor.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "shuanggao", "validate", str(data_copy)], capture_output=True,
                         text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "datapackage.json" in run.stderr
    assert "Not A Valid Name!" in run.stderr

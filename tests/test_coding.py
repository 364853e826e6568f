"""The brief's coding method, on a corpus whose counts are known."""
import subprocess
import sys

import pandas as pd
import pytest

import shuanggao
from conftest import DATA
from shuanggao.coding import coder as coding

# Five reports; paragraphs are separated by blank lines. Expected: talent-moral in A, B, C (practices:
# A has two paragraphs, B one, C one → 4); talent-worklearn in B only (1 paragraph); talent-craft in
# C, D (C: one paragraph with two terms → 1; D: two paragraphs → 2; total 3); E matches nothing.
CORPUS = {
    "甲职业学院": "我们坚持立德树人。\n\n构建“三全 育人”格局，建设思政教育\n体系。",
    "乙职业学院": "推进校企共育与产教融合。\n\n以思想政治教育体系统领全局。",
    "丙职业学院": "弘扬工匠精神，推行１＋Ｘ证书。\n\n培养时代新人。",
    "丁职业学院": "实施岗课赛证综合育人。\n\n培养Ｔ 型人才。",
    "戊职业学院": "加强基础设施建设。",
}
EXPECTED = pd.DataFrame({
    "subtheme_id": ["talent-moral", "talent-worklearn", "talent-craft"],
    "units": [3, 1, 2],
    "share": ["60.00%", "20.00%", "40.00%"],
    "practices": [4, 1, 3],
})


@pytest.fixture(scope="module")
def ds():
    return shuanggao.load(DATA)


def talent(ds):
    return ds.subthemes[ds.subthemes.theme_id == "talent"]


def test_corpus_reproduces_its_known_counts(ds):
    matches = coding.coder_for(ds).code(CORPUS)
    table = coding.summarise(matches, talent(ds), total=len(CORPUS))
    pd.testing.assert_frame_equal(table[["subtheme_id", "units", "share", "practices"]], EXPECTED)


def test_broken_full_width_and_variant_terms_are_found_where_written(ds):
    found = coding.coder_for(ds).matches("推行１＋Ｘ证书，弘扬工 匠\n精神，培养T形人才。")
    assert [(m["term"], m["matched"]) for m in found] == [("1+X 证书", "１＋Ｘ证书"), ("工匠精神", "工 匠\n精神"),
                                                          ("T 型人才", "T形人才")]
    text = "推行１＋Ｘ证书，弘扬工 匠\n精神，培养T形人才。"
    assert all(text[m["start"]:m["end"]] == m["matched"] for m in found)


def test_the_brief_table_is_as_printed_for_its_own_numbers(ds):
    """Shares from units the way the brief computes them: 61 of 197 is 30.96%."""
    fake = pd.DataFrame({"institution": [f"u{i}" for i in range(61)], "subtheme_id": "talent-moral",
                         "paragraph": 0})
    table = coding.summarise(fake, talent(ds).head(1), total=ds.total)
    assert table.loc[0, "share"] == "30.96%"


def write_corpus(folder, gbk_name=None):
    folder.mkdir()
    for name, text in CORPUS.items():
        encoding = "gbk" if name == gbk_name else "utf-8"
        (folder / f"{name}.txt").write_bytes(text.encode(encoding))


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "shuanggao", "code", *map(str, args), "--data", str(DATA)],
                          capture_output=True, text=True)


def test_command_writes_the_table_and_the_matches(tmp_path):
    write_corpus(tmp_path / "reports")
    run = run_cli(tmp_path / "reports", "--out", tmp_path / "out", "--total", len(CORPUS))
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(tmp_path / "out" / "subthemes.csv")
    assert table.units.tolist() == [3, 1, 2] and table.practices.tolist() == [4, 1, 3]
    matches = pd.read_csv(tmp_path / "out" / "matches.csv")
    assert set(matches.institution) == {"甲职业学院", "乙职业学院", "丙职业学院", "丁职业学院"}


def test_command_codes_a_csv_of_texts(tmp_path):
    rows = [{"institution": k, "text": p} for k, v in CORPUS.items() for p in v.split("\n\n")]
    pd.DataFrame(rows).to_csv(tmp_path / "texts.csv", index=False)
    run = run_cli(tmp_path / "texts.csv", "--out", tmp_path / "out", "--total", len(CORPUS))
    assert run.returncode == 0, run.stderr
    assert pd.read_csv(tmp_path / "out" / "subthemes.csv").practices.tolist() == [4, 1, 3]


def test_command_rejects_a_gbk_file_and_skips_it_on_request(tmp_path):
    write_corpus(tmp_path / "reports", gbk_name="丙职业学院")
    run = run_cli(tmp_path / "reports", "--out", tmp_path / "out", "--total", len(CORPUS))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "丙职业学院.txt" in run.stderr and "not UTF-8" in run.stderr and "gb" in run.stderr.lower()
    assert not (tmp_path / "out").exists()
    run = run_cli(tmp_path / "reports", "--out", tmp_path / "out", "--total", len(CORPUS), "--skip-bad")
    assert run.returncode == 0 and "skipped:" in run.stderr and "丙职业学院.txt" in run.stderr
    table = pd.read_csv(tmp_path / "out" / "subthemes.csv")
    assert table.units.tolist() == [2, 1, 1]  # 丙 is left out: it had talent-moral and talent-craft


def test_a_variant_may_not_stand_for_two_terms(data_copy):
    with open(data_copy / "term_variants.csv", "a", encoding="utf-8") as f:
        f.write("工匠 精神,moral-01,clash\n")
    with pytest.raises(shuanggao.DataValidationError, match="variant-unambiguous"):
        shuanggao.load(data_copy)


def test_paragraphs_are_counted_where_the_match_is_in_any_line_ending(ds):
    coder = coding.coder_for(ds)
    paragraphs = [f"第{i}段：推行工匠精神。" for i in range(400)]
    for sep in ("\n\n", "\r\n\r\n"):
        found = coder.matches(sep.join(paragraphs))
        assert [m["paragraph"] for m in found if m["term"] == "工匠精神"] == list(range(400)), repr(sep)

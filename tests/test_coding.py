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


@pytest.mark.build  # runs the command line on the full data
def test_command_writes_the_table_and_the_matches(tmp_path):
    write_corpus(tmp_path / "reports")
    run = run_cli(tmp_path / "reports", "--out", tmp_path / "out", "--total", len(CORPUS))
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(tmp_path / "out" / "subthemes.csv")
    assert table.units.tolist() == [3, 1, 2] and table.practices.tolist() == [4, 1, 3]
    # For a spreadsheet: a BOM, the share a number (the brief's printed form beside it).
    assert all((tmp_path / "out" / name).read_bytes().startswith(b"\xef\xbb\xbf") for name in ("subthemes.csv",
                                                                                              "matches.csv"))
    assert table.share.tolist() == [u / len(CORPUS) for u in table.units] and table.share_printed[0] == "60.00%"
    matches = pd.read_csv(tmp_path / "out" / "matches.csv")
    assert set(matches.institution) == {"甲职业学院", "乙职业学院", "丙职业学院", "丁职业学院"}


@pytest.mark.build  # runs the command line on the full data
def test_command_codes_a_csv_of_texts(tmp_path):
    rows = [{"institution": k, "text": p} for k, v in CORPUS.items() for p in v.split("\n\n")]
    pd.DataFrame(rows).to_csv(tmp_path / "texts.csv", index=False)
    run = run_cli(tmp_path / "texts.csv", "--out", tmp_path / "out", "--total", len(CORPUS))
    assert run.returncode == 0, run.stderr
    assert pd.read_csv(tmp_path / "out" / "subthemes.csv").practices.tolist() == [4, 1, 3]


@pytest.mark.build  # runs the command line on the full data
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


# A corpus for the edition, counted by hand. 甲: 立德树人 and 三全育人 (broken by a space) in two paragraphs →
# talent-moral, 2 practices. 乙: only the variant 思想政治教育体系 (of 思政教育体系) → talent-moral, 1 practice.
# 丙: 校企共育 in one paragraph → talent-worklearn, 1; 工匠精神 and １＋Ｘ证书 in one other paragraph →
# talent-craft, 1. 丁: no term. Units of 197: moral 2 (1.02%), worklearn 1 (0.51%), craft 1 (0.51%).
EDITION_CORPUS = {
    "甲职业学院": "我们坚持立德树人。\n\n构建“三全 育人”格局。",
    "乙职业学院": "以思想政治教育体系统领全局。",
    "丙职业学院": "推进校企共育。\n\n弘扬工匠精神，推行１＋Ｘ证书。",
    "丁职业学院": "加强基础设施建设。",
}
EDITION_EXPECTED = {"talent-moral": ("2", "1.02%", "3"), "talent-worklearn": ("1", "0.51%", "1"),
                    "talent-craft": ("1", "0.51%", "1")}


def write_texts(folder, texts):
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def code_edition(corpus, out, *extra):
    return subprocess.run([sys.executable, "-m", "shuanggao", "code", str(corpus), "--edition", str(out),
                           "--data", str(DATA), "--jobs", "2", *extra], capture_output=True, text=True)


@pytest.mark.build  # runs the command line on the full data
def test_coded_reports_become_an_edition_with_reasons_and_located_matches(tmp_path):
    import datetime

    from shuanggao.coding.edition import codebook_sha256

    corpus = write_texts(tmp_path / "reports", EDITION_CORPUS)
    run = code_edition(corpus, tmp_path / "edition")
    assert run.returncode == 0, run.stderr
    edition = shuanggao.load(tmp_path / "edition")  # a complete, valid package
    coded = edition.subthemes.set_index("subtheme_id")
    for sid, (units, share, practices) in EDITION_EXPECTED.items():
        assert (str(coded.units[sid]), coded.share_printed[sid], str(coded.practices[sid])) == (units, share, practices)
    # Everything else is the current package's.
    original = shuanggao.load(DATA)
    assert edition.cases.equals(original.cases) and edition.themes.equals(original.themes)
    reasons = pd.read_csv(tmp_path / "edition" / "reasons.csv")
    assert len(reasons) == 9 and set(reasons.column) == {"units", "share_printed", "practices"}
    digest = codebook_sha256(original)[:16]
    today = datetime.date.today().isoformat()
    assert all("4 份报告" in r and digest in r and today in r for r in reasons.reason)
    matches = pd.read_csv(tmp_path / "edition" / "matches.csv")
    assert sorted(set(matches.institution)) == sorted(["甲职业学院", "乙职业学院", "丙职业学院"])
    for m in matches.itertuples():
        assert EDITION_CORPUS[m.institution][m.start:m.end] == m.matched and m.source == f"{m.institution}.txt"
    variant = matches[matches.institution == "乙职业学院"].iloc[0]
    assert (variant.term, variant.matched) == ("思政教育体系", "思想政治教育体系")
    # The book's statements that depend on these numbers take the wording this edition's data makes true, and
    # the registry records which ones depart from the brief's edition (the verification page lists them).
    from dataclasses import asdict

    from shuanggao.pages import Page, claims, theme

    page = Page.open("talent", tmp_path / "edition", out_dir=tmp_path / "page")
    theme.glue(page, "talent")
    departed = {r["key"] for r in claims.departures([asdict(r) for r in page.results])}
    assert {"talent_worklearn_majority", "talent_craft_most_units"} <= departed


@pytest.mark.build  # runs the command line on the full data
def test_an_edition_never_replaces_a_folder_that_is_not_one(tmp_path):
    corpus = write_texts(tmp_path / "reports", EDITION_CORPUS)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    run = code_edition(corpus, tmp_path / "notes")
    assert run.returncode == 1 and "not an edition" in run.stderr and "Traceback" not in run.stderr
    assert (tmp_path / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"
    # A second run over an earlier edition replaces it whole.
    assert code_edition(corpus, tmp_path / "edition").returncode == 0
    assert code_edition(corpus, tmp_path / "edition").returncode == 0
    assert len(pd.read_csv(tmp_path / "edition" / "reasons.csv")) == 9
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_workers_and_streamed_csv_give_the_same_matches_located_in_the_whole_text(ds, tmp_path):
    from shuanggao.coding.batch import code_corpus
    from shuanggao.coding.corpus import PARAGRAPH_BREAK

    folder = write_texts(tmp_path / "reports", CORPUS)
    coder = coding.coder_for(ds)
    one = code_corpus(coder, folder, jobs=1, progress=False).matches
    two = code_corpus(coder, folder, jobs=2, progress=False).matches
    pd.testing.assert_frame_equal(one, two)
    rows = [{"institution": k, "text": p} for k, v in CORPUS.items() for p in v.split("\n\n")]
    pd.DataFrame(rows).to_csv(tmp_path / "texts.csv", index=False)
    streamed = code_corpus(coder, tmp_path / "texts.csv", jobs=2, progress=False).matches
    columns = ["institution", "term_id", "start", "end", "paragraph"]
    # A folder is coded in file-name order, a CSV in row order: the same matches either way.
    def ordered(m):
        return m[columns].sort_values(["institution", "start"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(ordered(streamed), ordered(one))
    for m in streamed.itertuples():
        whole = PARAGRAPH_BREAK.join(CORPUS[m.institution].split("\n\n"))
        assert whole[m.start:m.end] == m.matched


def test_a_long_report_coded_in_windows_gives_the_matches_of_one_pass(ds, monkeypatch):
    """A report far longer than a window (windows of 300 characters here, instead of a million): the same
    matches, positions, paragraphs and lines as one pass over the whole text, terms broken across a window's
    end, across lines and by page-break blank lines included."""
    coder = coding.coder_for(ds)
    excerpts = [c.excerpt for c in ds.cases.itertuples()]
    broken = ["立德\n\n树人", "工匠\n精神", "产教\r\n融合", "1＋\nX"]  # broken as extracted text breaks them
    text = "\n\n".join(f"{e}\n{broken[i % len(broken)]}\n" + "。" * (i * 37 % 290) for i, e in enumerate(excerpts * 3))
    whole = coder.located_whole(text)
    monkeypatch.setattr(coding, "WINDOW", 300)
    monkeypatch.setattr(coding, "OVERLAP", 60)
    windowed = coder.located(text)
    assert len(text) > 50 * coding.WINDOW and len(whole) > 40
    assert windowed == whole


@pytest.mark.build  # builds the book itself
def test_an_edition_builds_into_a_book_that_shows_each_difference_with_its_reason(tmp_path):
    """150 reports, counted by construction: 立德树人 in the first 60, 校企共育 in the first 100, 工匠精神 in the
    first 110 and, in a paragraph of its own, １＋Ｘ证书 in the first 20. So talent-moral 60 units (30.46%), 60
    practices; talent-worklearn 100 (50.76%), 100; talent-craft 110 (55.84%), 130: the book's statements (a
    majority for worklearn, craft the most units) still hold, and the book builds."""
    from conftest import build_book, page_text

    texts = {}
    for i in range(150):
        paragraphs = ["本校年度报告。"]
        paragraphs += ["坚持立德树人。"] if i < 60 else []
        paragraphs += ["推进校企共育。"] if i < 100 else []
        paragraphs += ["弘扬工匠精神。"] if i < 110 else []
        paragraphs += ["推行１＋Ｘ证书。"] if i < 20 else []
        texts[f"学院{i:03d}"] = "\n\n".join(paragraphs)
    corpus = write_texts(tmp_path / "reports", texts)
    assert code_edition(corpus, tmp_path / "edition").returncode == 0
    coded = pd.read_csv(tmp_path / "edition" / "subthemes.csv").set_index("subtheme_id")
    assert coded.loc["talent-craft", ["units", "share_printed", "practices"]].tolist() == [110, "55.84%", 130]
    run = build_book(tmp_path / "edition", tmp_path / "site")
    assert run.returncode == 0, run.stdout + run.stderr
    html = tmp_path / "site" / "html" / "book"
    verify, talent = page_text(html / "verify.html"), page_text(html / "talent.html")
    assert "由 150 份报告按编码表重新编码" in verify and "简报印为 109，本版为 110" in verify
    assert "50.76%" in talent and "超过半数" in talent and "30.96%" not in talent


def test_folding_is_the_per_character_definition_with_every_position():
    """The table-driven fold equals NFKC per character, upper-case ASCII, no white space, including characters
    that fold to several (…, ℃, ﬁ) or to nothing, and characters outside the BMP."""
    import random

    from shuanggao.normalize import fold_char, normalize

    pool = "三全育人１＋Ｘ证书 \n\t\r…℃①ａbcＡ，。（）😀𝐀\u3000\u00a0Åﬁ"
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        expected = [(c, i) for i, ch in enumerate(text) for c in fold_char(ch)]
        folded, origin = normalize(text)
        assert folded == "".join(c for c, _ in expected), text
        assert list(origin) == [i for _, i in expected], text


@pytest.mark.build  # runs the command line on the full data
def test_an_edition_never_deletes_a_file_it_did_not_write(tmp_path):
    corpus = write_texts(tmp_path / "reports", EDITION_CORPUS)
    # A folder that looks like a package but was not written by this tool.
    other = tmp_path / "P"
    other.mkdir()
    (other / "datapackage.json").write_text('{"name": "other"}', encoding="utf-8")
    (other / "precious.csv").write_text("1\n", encoding="utf-8")
    run = code_edition(corpus, other)
    assert run.returncode == 1 and "not an edition written by shuanggao code" in run.stderr, run.stderr
    assert sorted(p.name for p in other.iterdir()) == ["datapackage.json", "precious.csv"]
    # A user's files inside an earlier edition (at its top and in a folder of its own) stay through a new run.
    edition = tmp_path / "edition"
    assert code_edition(corpus, edition).returncode == 0
    (edition / "precious.csv").write_text("1\n", encoding="utf-8")
    (edition / "source" / "my-notes.txt").write_text("mine", encoding="utf-8")
    run = code_edition(corpus, edition)
    assert run.returncode == 0, run.stderr
    assert (edition / "precious.csv").read_text(encoding="utf-8") == "1\n"
    assert (edition / "source" / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    shuanggao.load(edition)


@pytest.mark.build  # runs the command line on the full data
def test_the_folders_of_a_killed_edition_run_are_cleaned_on_the_next(tmp_path):
    corpus = write_texts(tmp_path / "reports", EDITION_CORPUS)
    edition = tmp_path / "edition"
    assert code_edition(corpus, edition).returncode == 0
    # kill -9 between the two renames of the swap: the earlier edition is aside, nothing at OUT, and a
    # half-written staging folder of another killed run; their process (pid 4194303 > pid_max) is gone.
    edition.rename(tmp_path / ".edition.old-4194303")
    (tmp_path / ".edition.partial-4194302").mkdir()
    (tmp_path / ".edition.partial-4194302" / "half.csv").write_text("x", encoding="utf-8")
    run = code_edition(corpus, edition)
    assert run.returncode == 0, run.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    shuanggao.load(edition)


@pytest.mark.build  # runs the command line on the full data
def test_a_symlink_loop_in_a_corpus_is_named_and_skipped_on_request(tmp_path):
    corpus = write_texts(tmp_path / "reports", EDITION_CORPUS)
    (corpus / "a.txt").symlink_to(corpus / "b.txt")
    (corpus / "b.txt").symlink_to(corpus / "a.txt")
    cmd = [sys.executable, "-m", "shuanggao", "code", str(corpus), "--data", str(DATA), "--out", str(tmp_path / "c")]
    run = subprocess.run(cmd, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "a.txt" in run.stderr and "symlink loop" in run.stderr and "--skip-bad" in run.stderr
    run = subprocess.run([*cmd, "--skip-bad"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    skipped = [line for line in run.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 2 and all("symlink loop" in line for line in skipped)


def test_the_fold_table_skips_only_code_points_that_fold_to_themselves():
    """The fold table, built without the ranges `normalize.UNCHANGED_RANGES` names, is the full scan's: a new
    Unicode version that gave one of them a decomposition would change the coder's matches, and fails here."""
    import numpy as np

    from shuanggao import normalize

    quick, quick_longer = normalize._tables()
    full, full_longer = normalize._tables(())
    assert np.array_equal(quick, full) and quick_longer == full_longer

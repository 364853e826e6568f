"""Sources a reader can find: the brief's part and section (as the brief numbers its headings), before the line
numbers of the extracted text that only reviewers have."""
import pytest

import shuanggao
from conftest import DATA
from shuanggao.data.provenance import brief_locator, brief_place
from shuanggao.data.source import LineRange
from shuanggao.translation import language


@pytest.fixture(scope="module")
def ds():
    return shuanggao.load(DATA)


def test_each_subthemes_lines_are_placed_in_its_own_part_and_section(ds):
    zh, en = language("zh"), language("en")
    themes = ds.themes.set_index("theme_id")
    for s in ds.subthemes.itertuples():
        theme = themes.loc[s.theme_id]
        assert brief_place(ds, zh, s.lines) == f"简报第{theme.section}部分{s.number_zh}"
        assert brief_place(ds, en, s.lines) == f"brief, part {theme.order}, section {s.order}"


def test_a_span_over_sections_or_parts_names_both_ends(ds):
    zh = language("zh")
    talent = ds.subthemes[ds.subthemes.theme_id == "talent"].sort_values("order")
    span = f"{LineRange.parse(talent.lines.iloc[0]).first}-{LineRange.parse(talent.lines.iloc[-1]).last}"
    assert brief_place(ds, zh, span) == f"简报第一部分{talent.number_zh.iloc[0]}至{talent.number_zh.iloc[-1]}"
    first, second = (LineRange.parse(t).first for t in ds.themes.sort_values("order").lines.iloc[:2])
    assert brief_place(ds, zh, f"{first}-{second}") == "简报第一至第二部分"
    assert brief_place(ds, zh, "1") == "简报开篇"


def test_every_case_block_and_hover_note_gives_the_place_before_the_lines(ds):
    en = language("en")
    for case in ds.cases.itertuples():
        locator = brief_locator(ds, en, case.lines)
        assert locator.startswith("brief, part ") and f"(lines {case.lines.replace('-', '–')})" in locator

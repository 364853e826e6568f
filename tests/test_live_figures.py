"""The site's live figures: every state is drawn at build time by the chart function the Jupyter widget calls,
each bar names its value, unit and source, and the states are the same bytes every time they are drawn."""
import re

import matplotlib.pyplot as plt
import pytest

import shuanggao
from conftest import DATA, THEMES, theme_states
from shuanggao.figures import charts, maps, marks
from shuanggao.pages import live_site
from shuanggao.translation import CHINESE, language


@pytest.fixture(scope="module")
def ds():
    return shuanggao.load(DATA)


def site_blocks(ds, lang, states=None, themes=THEMES):
    """The live blocks of the `themes`' chapters and the explorer's map, as the pages write them; of `states`
    (theme → its states, as the `live_states` fixture draws them) if given, else drawn here."""
    blocks = [live_site.state_block(f"{theme}-measures", states[theme] if states else theme_states(ds, lang, theme),
                                    lang._("指标"), lang)
              for theme in themes]
    tiles = maps.province_tiles(ds, lang)
    blocks.append(live_site.map_block("province-tiles", tiles, lang._("省（区、市）"),
                                      maps.dot_attributes(ds, lang, tiles), ("{n}", "{n}"), lang))
    plt.close("all")
    return blocks


@pytest.mark.parametrize("code", ["zh", "en"])
def test_a_live_state_drawn_again_is_the_same_bytes(ds, code):
    """The fast lane's share of the check below: the first theme's states and the map, drawn twice."""
    lang = language(code)
    assert site_blocks(ds, lang, themes=THEMES[:1]) == site_blocks(ds, lang, themes=THEMES[:1])


# Both copies drawn afresh: a figure the rules have measured (drawn again, its tight box asked for) may save other
# bytes, and the build draws each state once.
@pytest.mark.build  # draws every state of both editions twice (about 10 s an edition on two cores)
@pytest.mark.parametrize("code", ["zh", "en"])
def test_the_live_states_are_the_same_bytes_each_time(ds, code):
    lang = language(code)
    assert site_blocks(ds, lang) == site_blocks(ds, lang)


@pytest.mark.parametrize("code", ["zh", "en"])
@pytest.mark.parametrize("theme", THEMES)
def test_each_bar_names_the_value_it_plots_its_unit_and_its_table(ds, theme, code, live_states):
    lang = language(code)
    for measure, chart in live_states(code)[theme]:
        svg = marks.inline_svg(chart, "t", lang, label=chart.alt)
        values = [float(v.replace(",", "")) for v in re.findall(r'class="mark"[^>]*data-value="([^"]+)"', svg)]
        assert values == chart.data[measure].astype(float).tolist()
        table = lang._(ds.resource(chart.tables[0])["title"])
        titles = re.findall(r"<title>([^<]+)</title>", svg)
        assert len(titles) == len(values) and all(table in t and chart.units["横轴"][0] in t for t in titles)
        plt.close(chart.fig)


def test_a_measure_the_figure_does_not_offer_is_a_clear_error(ds):
    with pytest.raises(ValueError, match="no measure 'nonsense'"):
        charts.theme_measure(ds, CHINESE, "talent", "nonsense")


def test_marks_and_ids_are_private_to_their_figure(live_states):
    """Two states on one page: no id is written twice, and text from data stays text."""
    one, two = (marks.inline_svg(c, f"s{i}", CHINESE, label="<b>")
                for i, (_m, c) in enumerate(live_states("zh")["talent"][:2]))
    ids = re.findall(r'\bid="([^"]+)"', one + two)
    assert len(ids) == len(set(ids))
    assert "<b>" not in one and 'aria-label="&lt;b&gt;"' in one
    plt.close("all")


@pytest.mark.parametrize("code", ["zh", "en"])
def test_the_states_on_the_built_site_are_the_bytes_this_process_draws(built, ds, code):
    """The build drew the states in its own kernels; drawn again here, in another process, they are the same bytes
    as the built pages carry: two builds publish the same figures."""
    lang = language(code)
    pages = built / "html" / ("en" if code == "en" else "") / "book"
    for theme, block in zip(THEMES, site_blocks(ds, lang)):
        assert block in (pages / f"{theme}.html").read_text(encoding="utf-8"), f"{code}/{theme}"


def test_the_explorer_map_says_1_case_and_2_cases_in_english(ds):
    """What the map's dots and its screen-reader announcement say after a filter, in the number the count needs."""
    from shuanggao.pages.explorer import announcement

    lang = language("en")
    one, other = announcement(lang)
    assert one.replace("{n}", "1").endswith("1 case the filters leave")
    assert other.replace("{n}", "2").endswith("2 cases the filters leave")
    tiles = maps.province_tiles(ds, lang)
    dots = maps.dot_attributes(ds, lang, tiles)
    plt.close("all")
    assert dots and all("{n} case " in d["template-one"] and "{n} cases " in d["template"] for d in dots.values())
    assert announcement(CHINESE) == ("地图标出筛选出的 {n} 个案例",) * 2

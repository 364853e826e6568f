"""Figures use a CJK font from a package, and a missing glyph is an error, not a box."""
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from conftest import DATA, ROOT, every_chart
from shuanggao.figures import style as figures
from shuanggao.translation import CHINESE


def test_font_comes_from_the_mplfonts_package():
    path = figures.font_path()
    assert "mplfonts" in str(path) and path.name == "NotoSansCJKsc-Regular.otf"
    assert figures.use_book_style() == "Noto Sans CJK SC"


def test_chinese_renders_without_warnings(tmp_path):
    figures.use_book_style()
    fig, ax = figures.new_figure()
    ax.set_title("产教融合与工匠精神")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(tmp_path / "ok.png")


def test_a_missing_glyph_fails_the_books_figure_check():
    from shuanggao.figures import check

    figures.use_book_style()
    fig, ax = figures.new_figure()
    ax.set_title("\U0001F600")  # an emoji, which Noto Sans CJK does not draw
    with pytest.raises(check.FigureError, match=r"figure demo: Glyph 128512 .* missing from font"):
        check.check(fig, "demo")
    plt.close(fig)


@pytest.mark.parametrize("code", ["zh", "en"])
def test_every_figure_passes_the_layout_checks(code):
    from shuanggao.figures import check
    from shuanggao.translation import language

    # Each edition draws its own labels (English ones are longer): both must fit. Drawn here, not shared: measured
    # after other tests had measured the shared drawings (at other sizes), the English set once failed here.
    found = {name: check.problems(chart.fig, chart.units) for name, chart in every_chart(language(code))}
    plt.close("all")
    assert found == {name: [] for name in found}


def test_overlapping_labels_are_found_and_named():
    """The heatmap as it was: the subthemes' long titles side by side over three narrow columns."""
    from shuanggao.figures import check

    chart = dict(every_chart(CHINESE))["coding-heatmap"]  # its own drawing: the test changes it
    ax = chart.fig.axes[0]
    full = ["（一）德技并修、以德为先", "（二）工学结合、知行合一", "（三）精益求精、一专多能"]
    ax.set_xticklabels(full)
    found = check.problems(chart.fig, chart.units)
    plt.close("all")
    assert f"the texts {full[0]!r} and {full[1]!r} overlap" in found


def test_mixed_units_on_one_axis_are_found():
    from shuanggao.figures import check

    figures.use_book_style()
    fig, ax = figures.new_figure()
    assert check.problems(fig, {"横轴": ["人", "门"]}) == ["one axis (横轴) plots different units: 人, 门"]
    plt.close(fig)


def test_the_style_page_is_what_the_library_enforces():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("<!-- style:start -->\n")[1].split("<!-- style:end -->")[0]
    assert section == figures.style_markdown(themes_table())


def themes_table():
    return pd.read_csv(DATA / "themes.csv")


def test_each_theme_has_its_own_colour_in_the_datas_order_and_a_new_theme_gets_the_next():
    themes = themes_table()
    palette = figures.theme_palette(themes)
    assert list(palette) == list(themes.sort_values("order").theme_id)
    assert len(set(palette.values())) == len(palette)
    added = pd.concat([themes, pd.DataFrame({"theme_id": ["culture"], "order": [len(themes) + 1]})])
    grown = figures.theme_palette(added)
    assert {t: grown[t] for t in palette} == palette and grown["culture"] not in palette.values()
    first, *others = palette
    assert figures.theme_colours(themes, list(palette), highlight=first)[1:] == ["#C8C8C8"] * len(others)


def test_figures_are_saved_as_png_svg_and_csv_reproducibly(tmp_path):
    import pandas as pd

    files = []
    for run in ("a", "b"):
        figures.use_book_style()
        fig, ax = figures.new_figure()
        ax.barh(["人才培养", "信息化建设"], [309, 79])
        files.append(figures.save(fig, tmp_path / run, "demo", pd.DataFrame({"方面": ["人才培养"], "案例": [309.0]})))
    (png_a, csv_a, svg_a), (png_b, csv_b, svg_b) = files
    assert png_a.read_bytes() == png_b.read_bytes() and svg_a.read_bytes() == svg_b.read_bytes()
    assert "人才培养" in svg_a.read_text(encoding="utf-8")  # text stays text: selectable Chinese
    assert csv_a.read_text(encoding="utf-8-sig").splitlines()[1] == "人才培养,309"


@pytest.mark.parametrize("code", ["zh", "en"])
def test_the_tile_map_names_provincial_level_divisions_and_says_its_tiles_are_schematic(code):
    """Its tiles include Hong Kong, Macao and Taiwan: the term for all of them is 省级行政区, and the map says that
    a tile marks an approximate position, not a border."""
    import shuanggao
    from shuanggao.figures import maps
    from shuanggao.translation import language

    lang = language(code)
    chart = maps.province_tiles(shuanggao.load(DATA), lang)
    plt.close(chart.fig)
    term, note = {"zh": ("个省级行政区", "不表示疆域、边界或面积"),
                  "en": ("provincial-level divisions", "not territory, borders or area")}[code]
    assert term in chart.caption and note in chart.caption
    assert ("省级行政区" if code == "zh" else "provincial-level divisions") in chart.alt
    assert f"{len(maps.PROVINCE_TILES)} {term}" in chart.caption

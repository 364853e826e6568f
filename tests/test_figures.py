"""Figures use a CJK font from a package, and a missing glyph is an error, not a box."""
import warnings

import matplotlib.pyplot as plt
import pytest

from shuanggao.figures import style as figures


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


def test_a_missing_glyph_fails(tmp_path):
    figures.use_book_style()
    fig, ax = figures.new_figure()
    ax.set_title("\U0001F600")  # an emoji, which Noto Sans CJK does not draw
    with pytest.raises(UserWarning, match="missing from font"):
        fig.savefig(tmp_path / "box.png")
    plt.close(fig)

"""The editor's rules for the figures as a set (`shuanggao.figures.rules`): each run on every figure the book draws
(both editions) or on the built pages, and each shown to fail on a planted violation."""
import csv

import matplotlib.pyplot as plt
import pytest

from shuanggao.figures import rules
from shuanggao.figures import style as figures

EDITIONS = ["zh", "en"]

def bars(values, labels, colour="#0072B2", legend=None):
    figures.use_book_style()
    fig, ax = figures.new_figure()
    ax.barh(["甲", "乙"], values, color=colour, label=legend)
    for y, text in enumerate(labels):
        ax.text(values[y] + 0.3, y, text, va="center")
    ax.set_xlabel("比例（%）")
    return fig


class Drawn:
    """A figure as the rules read a chart: the figure, and how to draw its phone variant (if it has one)."""
    def __init__(self, fig):
        self.fig = fig
        self.draw_phone = None

    def phone(self):
        return self.draw_phone() if self.draw_phone is not None else None


# planted violations ------------------------------------------------------------------------------------------

def test_a_colour_that_means_two_things_is_found():
    tiers = Drawn(bars([3, 4], [], legend="A 档"))
    theme = Drawn(bars([5, 6], [], legend="人才培养"))
    same = Drawn(bars([1, 2], [], legend="A 档（10 所）"))
    assert rules.colour_problems({"甲图": tiers, "乙图": same}) == []
    found = rules.colour_problems({"甲图": tiers, "乙图": theme})
    plt.close("all")
    assert found == ["the colour #0072b2 means 'A 档' (甲图); '人才培养' (乙图)"]


def test_a_bar_label_that_is_not_the_bars_value_is_found():
    shares = bars([20.0, 52.6], ["10 所", "2 所"])   # a count written on a bar that plots a share
    agree = bars([20.0, 52.6], ["20%", "52.6%"])
    found, fine = rules.bar_label_problems(shares), rules.bar_label_problems(agree)
    plt.close("all")
    assert found == ["the label '10 所' is not its bar's value (20)", "the label '2 所' is not its bar's value (52.6)"]
    assert fine == []


def test_text_too_small_on_a_phone_is_found():
    figures.use_book_style()
    fig, ax = figures.new_figure(height_in=2)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.1, 0.5, "小字", fontsize=8)
    ax.text(0.5, 0.5, "大字", fontsize=16)
    found = rules.text_size_problems(fig)
    # The image the page scales is the figure as saved (its drawn extent with the book's tight bounding box).
    shown = 8 * rules.PHONE_COLUMN_PX / rules.saved_width_pt(fig)
    plt.close(fig)
    assert found == [f"'小字' is {shown:.1f} px on a phone"]


def test_small_text_in_a_phone_variant_or_in_the_figure_is_found():
    """A chart's phone variant is measured at a phone's column, the figure itself at the narrowest column it is
    served to; a chart without a phone variant is measured as phones would see it."""
    from shuanggao.figures.charts import for_phones

    @for_phones
    def labelled(size_on_phone, *, width_in=figures.WIDTH_IN):
        figures.use_book_style()
        fig, ax = figures.new_figure(height_in=2, width_in=width_in)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("标签", fontsize=size_on_phone if width_in < figures.WIDTH_IN else 9)
        return Drawn(fig)

    def problems(chart):
        found = rules.chart_text_size_problems(chart)
        plt.close("all")
        return found

    small_on_phone = problems(labelled(8))
    assert len(small_on_phone) == 1 and small_on_phone[0].endswith("px on a phone")
    assert problems(labelled(12)) == []                       # 9 pt at the figure's 6 in is fine from 600 px on
    without = labelled(12)
    without.draw_phone = None                                 # served to phones as it is: 9 pt at 6 in is too small
    assert [f.split(" is ")[0] for f in problems(without)] == ["'标签'"]


def test_a_table_that_repeats_the_figure_is_found():
    plotted = [["方面", "案例数"], ["人才培养", "309"], ["经济社会服务", "220"], ["治理", "99"]]
    same = [["方面", "案例数", "占比"], ["人才培养", "309", "40%"], ["经济社会服务", "220", "30%"],
            ["治理", "99", "1%"]]
    other = [["方面", "建设单位"], ["人才培养", "61"], ["经济社会服务", "220"], ["治理", "9"]]
    assert rules.repeated_tables(plotted, [other, same]) == [1]


# the book's figures --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", EDITIONS)
def test_each_colour_means_one_thing_across_the_books_figures(code, book_charts):
    found = rules.colour_problems(book_charts(code))
    plt.close("all")
    assert found == []


@pytest.mark.parametrize("code", EDITIONS)
def test_every_bar_label_is_the_bars_value(code, book_charts):
    found = {name: rules.bar_label_problems(chart.fig) for name, chart in book_charts(code).items()}
    plt.close("all")
    assert found == {name: [] for name in found}


@pytest.mark.parametrize("code", EDITIONS)
def test_every_text_is_at_least_11_px_on_a_phone(code, book_charts):
    """Each figure as a phone shows it (its phone variant) and as the narrowest wider screen shows it."""
    found = {name: rules.chart_text_size_problems(chart) for name, chart in book_charts(code).items()}
    plt.close("all")
    assert found == {name: [] for name in found}


@pytest.mark.parametrize("code", EDITIONS)
def test_every_state_of_the_live_figures_is_at_least_11_px_on_a_phone(code, live_states):
    """The theme chapters' live figures show each measure as a state of its own, with its phone variant."""
    found = {f"{theme}: {measure}": rules.chart_text_size_problems(chart)
             for theme, states in live_states(code).items() for measure, chart in states}
    plt.close("all")
    assert found == {name: [] for name in found}


def test_the_text_size_rule_runs_on_the_books_figures_and_says_what_it_finds(book_charts):
    """Without its phone variant, a figure of the book shown on a phone has text under 11 px, each named."""
    small = rules.text_size_problems(book_charts("zh")["cases-per-theme"].fig)
    plt.close("all")
    assert small and all(f.endswith("px on a phone") for f in small)


def test_no_figure_repeats_the_table_beside_it(built):
    from bs4 import BeautifulSoup

    html = built / "html"
    found = []
    for page in sorted((html / "book").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select("figure"):
            link = figure.select_one('a[href$=".csv"]')
            if link is None:
                continue
            with open(page.parent / link["href"], encoding="utf-8-sig", newline="") as f:
                plotted = list(csv.reader(f))
            beside = [t for t in (figure.find_previous("table"), figure.find_next("table")) if t is not None
                      and _same_section(figure, t)]
            tables = [[[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in t.select("tr")]
                      for t in beside]
            found += [f"{page.stem}: {figure.get('id')}" for _ in rules.repeated_tables(plotted, tables)]
    assert found == []


def _same_section(a, b) -> bool:
    return a.find_parent("section") is b.find_parent("section")

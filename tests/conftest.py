import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import shuanggao  # before nbformat: see its note on rfc3987_syntax

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def theme_ids(data: Path = DATA) -> list[str]:
    """The themes' ids in the data package's order (data/themes.csv owns them: no test types them)."""
    with open(data / "themes.csv", encoding="utf-8", newline="") as f:
        return [row["theme_id"] for row in sorted(csv.DictReader(f), key=lambda row: int(row["order"]))]


THEMES = theme_ids()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the data package that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def project_copy(tmp_path) -> Path:
    """The project's sources in another folder: its own npm cache, the same notebooks and library."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("_config.yml", "_config.en.yml", "_toc.yml", "requirements.txt", "constraints.txt"):
        shutil.copy2(ROOT / name, root / name)
    for folder in ("book", "assets", "lib", "style"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return root


def build_book(data: Path, out: Path, *extra: str, pdf: bool = False, english: bool = False
               ) -> subprocess.CompletedProcess:
    """The README's build, run as a user runs it (strict: any Sphinx warning fails it); the PDF and the English
    edition only where a test reads them (each adds about a minute)."""
    cmd = [sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(data), "--out", str(out),
           "--strict", *extra, *([] if pdf else ["--no-pdf"]), *([] if english else ["--no-english"])]
    return subprocess.run(cmd, capture_output=True, text=True)


# Tests that need the book built, a browser or a Jupyter server: the `build` lane (`make test`), not `make check`.
SLOW_FIXTURES = {"built", "browser", "server", "injected", "swept", "jupyter"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if SLOW_FIXTURES & fixtures:
            item.add_marker(pytest.mark.build)
        if DRAWINGS & fixtures and item.get_closest_marker("xdist_group") is None:
            code = getattr(getattr(item, "callspec", None), "params", {}).get("code", "zh")
            item.add_marker(pytest.mark.xdist_group(f"drawings-{code}"))


def pytest_addoption(parser):
    parser.addoption("--built", metavar="OUT", type=Path, default=None,
                     help="use this finished build of the shipped data (`shuanggao build --out OUT`, both editions "
                          "and PDFs) instead of building one: for an author's loop; CI builds afresh")


@pytest.fixture(scope="session")
def built(tmp_path_factory, request) -> Path:
    """One full build of the shipped data (both editions, both PDFs), shared by every test of the run."""
    given = request.config.getoption("--built")
    if given is not None:
        assert (given / "html" / "index.html").exists(), f"--built {given}: no finished build there"
        return given.resolve()
    out = tmp_path_factory.mktemp("build")
    run = build_book(DATA, out, pdf=True, english=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def page_text(html_file: Path) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return "".join(parser.parts)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (make test installs it with apt-get where it can)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements.txt)")
    from shuanggao.figures.style import FONT_FILE, font_path

    # Chromium finds fonts through fontconfig: give it the CJK font from the mplfonts package, not the system's.
    xdg = tmp_path_factory.mktemp("xdg")
    (xdg / "fonts").mkdir()
    (xdg / "fonts" / FONT_FILE).symlink_to(font_path())
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, env={**os.environ, "XDG_DATA_HOME": str(xdg)},
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


# Figures drawn once per test process -----------------------------------------------------------------------------
# Drawing the book's figures and every state of the live figures, each with its phone variant, takes seconds an
# edition: the tests that only read them (layout checks, the editor's rules, the live states' marks and bytes, the
# English words) share one drawing per edition. A test that changes a figure draws its own. Under `make check`
# (pytest-xdist, `--dist loadgroup`) the tests of one edition's drawings go to one worker, so each is drawn once.
DRAWINGS = {"book_charts", "live_states"}


def every_chart(lang):
    """Every figure of the book's pages, by name, as the pages draw them."""
    from shuanggao.figures import charts, maps
    from shuanggao.pages import coding

    ds = shuanggao.load(DATA)
    yield "units-by-province", charts.units_by_province(ds, lang)
    yield "cases-per-theme", charts.cases_per_theme(ds, lang)
    yield "talent-subthemes", charts.talent_subthemes(ds, lang)
    yield "featured-profile", charts.featured_profile(ds, lang)
    yield "province-tiles", maps.province_tiles(ds, lang)
    yield "coding-heatmap", charts.coding_heatmap(ds, lang, coding.code_cases(ds))


def theme_states(ds, lang, theme):
    """A theme's live figure, state by state: (the measure, its chart), as the page draws them."""
    from shuanggao.figures import charts

    _data, _label, measures, _rows = charts.theme_measures(ds, lang, theme)
    return [(m.column, charts.theme_measure(ds, lang, theme, m.column)) for m in measures]


def _own_canvas(fig):
    """Out of pyplot's list of open figures (so a test's `plt.close("all")` leaves it be), on a canvas of its own."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plt.close(fig)  # which gives the figure a blank canvas: it draws on an Agg canvas again
    FigureCanvasAgg(fig)
    return fig


def _shared(chart):
    """The chart, its phone variant drawn once however often it is asked for, both figures kept for the tests."""
    import functools

    _own_canvas(chart.fig)
    if chart.draw_phone is not None:
        draw = chart.draw_phone

        @functools.cache
        def phone():
            drawn = draw()
            _own_canvas(drawn.fig)
            return drawn
        chart.draw_phone = phone
    return chart


def _per_edition(draw):
    drawn = {}

    def get(code: str):
        if code not in drawn:
            from shuanggao.translation import language

            drawn[code] = draw(language(code))
        return drawn[code]
    return get


@pytest.fixture(scope="session")
def book_charts():
    """`book_charts(code)`: every figure of the book in that edition (`every_chart`), drawn once; do not change them."""
    return _per_edition(lambda lang: {name: _shared(chart) for name, chart in every_chart(lang)})


@pytest.fixture(scope="session")
def live_states():
    """`live_states(code)`: each theme's live figure in that edition, {theme: [(measure, chart)]}, drawn once (with
    their phone variants); do not change them."""
    ds = shuanggao.load(DATA)
    return _per_edition(lambda lang: {theme: [(m, _shared(c)) for m, c in theme_states(ds, lang, theme)]
                                      for theme in THEMES})

"""On a phone (375 px) every figure is its phone variant, its text at 11 px or more as the browser draws it; wider
screens get the figure itself; the header's language switch stays on the header's row."""
import re

import pytest
import test_browser
from test_browser import Visit, page_path

from shuanggao.figures import rules, style
from shuanggao.site.printfigures import text_sizes

server = test_browser.server  # the built site on a local port (a fixture)

PHONE, DESKTOP = 375, 1280
# The smallest text of each figure image shown, in CSS px: its smallest font (pt, read from the figure's SVG
# download, which the phone variant shares) at the PNG's dpi, scaled as the page shows the image.
IMAGES = """() => [...document.querySelectorAll('figure img')].filter(i => i.offsetWidth > 0).map(i => ({
    id: i.closest('figure').id, src: i.currentSrc, picture: !!i.closest('picture'),
    shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
    svg: i.closest('figure').querySelector('.figure-meta a[href$=".svg"]')?.href}))"""
# The smallest text of the live figures' SVGs shown, in CSS px: its font size times the SVG's scale on the screen.
LIVE_TEXT = """() => Math.min(...[...document.querySelectorAll('.live-figure svg')]
    .filter(s => s.getBoundingClientRect().width > 0)
    .flatMap(s => [...s.querySelectorAll('text')].map(t => {
        const m = t.getScreenCTM();
        return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    })))"""


def smallest_text_px(page, image) -> float:
    svg = page.request.get(image["svg"]).text()
    return min(text_sizes(svg)) * style.DPI / 72 * image["shown"] / image["natural"]


@pytest.mark.parametrize("edition", ["zh", "en"])
@pytest.mark.parametrize("name", ["overview", "talent", "coding"])
def test_on_a_phone_each_figure_is_its_phone_variant_with_text_of_11_px_or_more(browser, server, edition, name):
    visit = Visit(browser, server, page_path(name, edition), width=PHONE, touch=True)
    try:
        # Images below the fold load lazily: as a reader scrolling down, have them all.
        visit.page.evaluate("[...document.images].forEach(i => { i.loading = 'eager'; })")
        visit.page.wait_for_function("[...document.images].every(i => i.complete && i.currentSrc)", timeout=15_000)
        images = visit.page.evaluate(IMAGES)
        assert images and all(i["picture"] and i["src"].endswith("-phone.png") for i in images), images
        small = {i["id"]: round(smallest_text_px(visit.page, i), 1) for i in images}
        assert {k: v for k, v in small.items() if v < rules.MIN_TEXT_PX} == {}, small
        assert visit.failures == [] and visit.errors == []
    finally:
        visit.close()
    wide = Visit(browser, server, page_path(name, edition), width=DESKTOP)
    try:
        assert not any(i["src"].endswith("-phone.png") for i in wide.page.evaluate(IMAGES))
    finally:
        wide.close()


@pytest.mark.parametrize("edition", ["zh", "en"])
def test_on_a_phone_a_live_figure_shows_its_phone_states_with_text_of_11_px_or_more(browser, server, edition):
    visit = Visit(browser, server, page_path("talent", edition), width=PHONE, touch=True)
    try:
        page = visit.page
        assert page.locator(".live-state:not([hidden]) .live-phone svg").is_visible()
        radios = page.locator("figure#fig-talent-measures .live-figure").get_by_role("radio")
        for i in range(radios.count()):
            radios.nth(i).check()
            assert page.evaluate(LIVE_TEXT) >= rules.MIN_TEXT_PX
    finally:
        visit.close()


@pytest.mark.parametrize("edition", ["zh", "en"])
def test_on_a_phone_the_language_switch_stays_on_the_header_row(browser, server, edition):
    visit = Visit(browser, server, page_path("talent", edition), width=PHONE, touch=True)
    try:
        page = visit.page
        switch = page.locator(".bd-header-article .lang-switch")
        lines = switch.evaluate("a => a.getClientRects().length")
        box = switch.bounding_box()
        header = page.locator(".bd-header-article").bounding_box()
        # One line, and the header bar one row of 44 px buttons high (it grows if the switch wraps under them).
        assert lines == 1 and box["y"] + box["height"] <= header["y"] + header["height"] + 1
        assert header["height"] < 2 * 44, header
    finally:
        visit.close()


# Fast lane: the Sphinx side on a small project of its own, and the link check ------------------------------------

def _png(path, width, height):
    """A blank PNG of that size (the translator reads its size for the page's layout)."""
    from PIL import Image

    Image.new("RGB", (width, height), "white").save(path)


def test_sphinx_writes_a_figure_with_a_phone_variant_as_a_picture_and_copies_the_variant(tmp_path):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    (src / "figures").mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["shuanggao.site.phonefigures"]\n', encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\n.. figure:: figures/bars.png\n   :width: 100%\n\n   Caption\n\n"
                                   ".. figure:: figures/alone.png\n   :width: 100%\n\n   Another\n", encoding="utf-8")
    _png(src / "figures" / "bars.png", 900, 450)
    _png(src / "figures" / "bars-phone.png", 600, 420)
    _png(src / "figures" / "alone.png", 900, 300)
    out = tmp_path / "out"
    Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html", status=None, warning=None,
           warningiserror=True).build()
    html = (out / "index.html").read_text(encoding="utf-8")
    pictures = re.findall(r"<picture>.*?</picture>", html, flags=re.S)
    assert len(pictures) == 1, html
    assert re.search(r'<source media="\(max-width: 599px\)" srcset="_images/bars-phone.png" width="600" '
                     r'height="420"><img [^>]*src="_images/bars.png"', pictures[0]), pictures[0]
    assert (out / "_images" / "bars-phone.png").is_file()
    assert 'src="_images/alone.png"' in html and "alone-phone" not in html


def test_a_phone_variant_the_site_lacks_is_a_broken_link(tmp_path):
    from shuanggao.site.links import broken_links

    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "x.png").write_bytes(b"")
    (tmp_path / "a.html").write_text('<picture><source media="(max-width: 599px)" srcset="_images/x-phone.png">'
                                     '<img src="_images/x.png"></picture>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a.html: <source> _images/x-phone.png: no such file"]

"""The site as readers use it, in headless Chromium (Debian's, driven by Playwright), with no kernel.

Skipped, with the reason, where Chromium or Playwright is not available; `make test` installs Chromium
when it is missing and the machine allows it.
"""
import functools
import http.server
import re
import threading

import pytest

import shuanggao
from conftest import DATA, ROOT, THEMES, build_book
from shuanggao.site.links import broken_links

AXE = ROOT / "_build" / ".npm-cache" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index", "overview", "explorer", "talent", "service", "governance", "international", "digital",
         "conclusion", "data", "coding", "verify", "reproducibility", "glossary", "about"]
# The Chinese edition at the site's root, the English one under en/: each page-level check runs on both.
EDITIONS = {"zh": "", "en": "en/"}
EVERY_PAGE = [(edition, name) for edition in EDITIONS for name in PAGES]


@pytest.fixture(scope="session")
def server(built):
    """The built site on a local port (and nowhere else)."""
    handler = functools.partial(QuietHandler, directory=str(built / "html"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Visit:
    """A page opened in a fresh context, with every request, failure and console error recorded."""

    def __init__(self, browser, origin, path, width=1280, touch=False):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", has_touch=touch)
        self.page = self.context.new_page()
        self.requests, self.failures, self.errors = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failures.append(f"{r.url} ({r.failure})"))
        self.page.on("response",
                     lambda r: self.failures.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(f"{origin}/{path}", wait_until="networkidle")

    def close(self):
        self.context.close()


def reach_the_case_table(page):
    """What a reader does before filtering the explorer: scroll to its case table. The interactive table takes
    the plain one's place as it comes near (the page's first view does not load the table library)."""
    # (On a wide screen the table is already near and may have replaced the plain one: no wait for visibility.)
    page.locator("[id$=_plain] table.case-list").first.evaluate("table => table.scrollIntoView()")
    page.locator("table.dataTable[id^=itables] tbody tr").first.wait_for()


def page_path(name, edition="zh"):
    return EDITIONS[edition] + ("book/index.html" if name == "index" else f"book/{name}.html")


@pytest.mark.parametrize("edition,name", EVERY_PAGE)
def test_page_loads_cleanly_from_this_server_only(browser, server, edition, name):
    visit = Visit(browser, server, page_path(name, edition))
    try:
        page = visit.page
        assert visit.failures == [] and visit.errors == []
        foreign = [u for u in visit.requests if not u.startswith(server) and not u.startswith(("data:", "blob:"))]
        assert foreign == []
        # Images below the fold load lazily: ask for all of them now, then check that each arrived.
        page.evaluate("[...document.images].forEach(i => { i.loading = 'eager'; })")
        page.wait_for_function("[...document.images].every(i => i.complete)", timeout=15_000)
        broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == []
        # Chinese is drawn with a CJK font, not boxes: ask Chromium which font rendered the title (in the
        # English edition, the language switch's 中文).
        cdp = visit.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        selector = "article h1" if edition == "zh" else "a.lang-switch"
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert any("CJK" in f["familyName"] for f in fonts), fonts
        # Readers meet prose first: no code toggle stands before the page's first paragraph.
        toggles_first = page.evaluate("""() => {
            const first = document.querySelector('article p');
            return [...document.querySelectorAll('article details, article .toggle-details, article button.toggle')]
                .filter(t => first && (t.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)).length;
        }""")
        assert toggles_first == 0, f"{toggles_first} code toggle(s) before the first paragraph of {name}"
        described = page.locator('meta[name="description"]').get_attribute("content")
        assert described and len(described) >= 10, name
    finally:
        visit.close()


@pytest.mark.parametrize("theme", THEMES)
def test_chapters_show_figures_and_case_blocks(browser, server, theme):
    ds = shuanggao.load(DATA)
    visit = Visit(browser, server, page_path(theme))
    try:
        page = visit.page
        assert page.locator("article figure img").count() >= (1 if theme == "talent" else 0)
        assert page.locator("div.case-study").count() == int((ds.cases.theme_id == theme).sum())
        assert page.locator("div.case-study").first.is_visible()
    finally:
        visit.close()


@pytest.mark.parametrize("edition,name", EVERY_PAGE)
def test_nothing_overflows_a_phone_screen(browser, server, edition, name):
    visit = Visit(browser, server, page_path(name, edition), width=375)
    try:
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{name} is {width}px wide at a 375px viewport"
    finally:
        visit.close()


@pytest.mark.parametrize("edition,name", EVERY_PAGE)
def test_no_serious_accessibility_violation(browser, server, edition, name):
    if not AXE.exists():
        pytest.skip(f"axe-core not fetched yet ({AXE}); the build fetches it from npm")
    visit = Visit(browser, server, page_path(name, edition))
    try:
        if name == "explorer":
            reach_the_case_table(visit.page)  # the filters and table a reader uses, not only the plain table
        visit.page.add_script_tag(path=str(AXE))
        result = visit.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(serious)
    finally:
        visit.close()


def search_results(browser, server, query):
    return [result["href"] for result in search_page(browser, server, query)]


@pytest.mark.parametrize("query,chapter", [
    ("产教融合", "service"), ("工匠精神", "talent"), ("立德树人", "talent"), ("智慧校园", "digital"),
    ("推进产教融合", "service"), ("培育工匠精神", "talent"), ("建设智慧校园", "digital"),
])
def test_search_finds_whole_terms_and_unspaced_phrases(browser, server, query, chapter):
    hrefs = search_results(browser, server, query)
    assert hrefs and hrefs[0].startswith(f"book/{chapter}.html"), hrefs[:5]


def test_explorer_filters_without_a_kernel(browser, server):
    visit = Visit(browser, server, "book/explorer.html")
    try:
        page = visit.page
        reach_the_case_table(page)
        table = page.locator("table.dataTable[id^=itables]").first
        rows = lambda: table.locator("tbody tr").count()
        assert rows() == 16
        # A province in the 省份 pane.
        page.locator('.dtsp-searchPane:has(input[placeholder="省（区、市）"]) tbody tr', has_text="北京").first.click()
        page.wait_for_timeout(300)
        assert rows() == 1 and "北京农业职业学院" in table.inner_text()
        page.get_by_role("button", name=re.compile("清除筛选")).first.click()
        page.wait_for_timeout(300)
        assert rows() == 16
        # A term, searched in the full text of the excerpts (a hidden column).
        page.locator("div.dt-search input").fill("工匠精神")
        page.wait_for_timeout(300)
        found = table.inner_text()
        assert 0 < rows() < 16 and "长沙航空职业技术学院" in found
    finally:
        visit.close()


def test_internal_links_resolve(built):
    assert broken_links(built / "html") == []


@pytest.fixture(scope="session")
def injected(tmp_path_factory):
    """The book built from an edition with a script-and-markup payload in every text field the validator
    lets it into (the fields come from the schema: see tests/injection.py)."""
    from injection import plant

    folder = tmp_path_factory.mktemp("injected")
    planted = plant(DATA, folder / "data")
    run = build_book(folder / "data", folder / "out", english=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return folder / "out" / "html", planted


def test_text_from_data_is_shown_never_run_or_rendered(browser, injected):
    from injection import SHOWN

    html, planted = injected
    assert len(planted) >= 20, planted
    handler = functools.partial(QuietHandler, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    dialogs, shown_on = [], []
    try:
        for edition, name in EVERY_PAGE:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.on("dialog", lambda d, name=name: (dialogs.append(f"{name}: {d.message}"), d.dismiss()))
            page.goto(f"{origin}/{page_path(name, edition)}", wait_until="networkidle")
            page.wait_for_timeout(300)
            injected_elements = page.evaluate("""() => [
                ...document.querySelectorAll('img[src="x"], a[href^="https://example.com"]'),
                ...[...document.scripts].filter(s => s.textContent.trim() === 'alert(2)')
            ].map(e => e.outerHTML.slice(0, 80))""")
            assert injected_elements == [], (name, injected_elements)
            if SHOWN in page.inner_text("body"):
                shown_on.append(EDITIONS[edition] + name)
            context.close()
    finally:
        httpd.shutdown()
    assert dialogs == []
    # The payload is there as text where pages show the fields it was planted in.
    assert {"overview", "explorer", "data", "talent", "en/overview", "en/explorer", "en/talent"} <= set(shown_on), \
        shown_on


@pytest.mark.parametrize("width", [1280, 375])
def test_verification_tables_fit_their_column(browser, server, width):
    visit = Visit(browser, server, "book/verify.html", width=width)
    try:
        page = visit.page
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        wide = page.evaluate("""() => [...document.querySelectorAll('.bd-article table')]
            .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.rows[0].innerText.slice(0, 30))""")
        assert wide == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        visit.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_on_a_phone_no_number_of_the_verification_tables_is_split_across_lines(browser, server, edition, tmp_path):
    visit = Visit(browser, server, page_path("verify", edition), width=375, touch=True)
    try:
        page = visit.page
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        # Every number in a number (right-aligned) cell, as a text range: one line box, or it was split.
        cells = page.evaluate(r"""() => {
            const split = []; let numbers = 0;
            for (const td of document.querySelectorAll('.bd-article td.text-right')) {
                const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
                for (let node = walk.nextNode(); node; node = walk.nextNode()) {
                    for (const m of node.data.matchAll(/[\d,.]*\d[\d,.%]*(年\d+月)?/g)) {
                        const range = document.createRange();
                        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                        numbers += 1;
                        if (lines.size > 1) split.push(m[0]);
                    }
                }
                if (td.getClientRects().length && td.scrollWidth > td.clientWidth + 1) split.push(td.innerText);
            }
            return {numbers, split};
        }""")
        assert cells["numbers"] > 100 and cells["split"] == [], cells["split"][:10]
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # One card per row: every cell the whole width of the text, under its column's name (no column a
        # character wide, as five columns were at 375 px).
        cards = page.evaluate("""() => [...document.querySelectorAll('.stacked-table td')]
            .filter(td => td.getClientRects().length)
            .map(td => ({width: td.getBoundingClientRect().width,
                         label: getComputedStyle(td, '::before').content.replace(/^"|"$/g, '')}))""")
        assert len(cards) > 300
        assert min(c["width"] for c in cards) > 300, "a verification table is still in narrow columns on a phone"
        assert all(c["label"].strip() for c in cards), "a card's cell without its column's name"
        page.screenshot(path=str(tmp_path / f"verify-375-{edition}.png"))
    finally:
        visit.close()


def test_a_link_to_a_folded_registry_row_opens_it(browser, server):
    visit = Visit(browser, server, "book/verify.html#v-talent-talent-moral-units")
    try:
        assert visit.page.evaluate("document.getElementById('v-talent-talent-moral-units').closest('details').open")
        # The opened group's table was measured then (not at load): if it scrolls, the keyboard reaches it.
        visit.page.wait_for_function("""() => {
            const table = document.getElementById('v-talent-talent-moral-units').closest('.book-folded-table');
            return table && table.hasAttribute('tabindex')
                && (table.tabIndex === 0) === (table.scrollWidth > table.clientWidth)}""")
    finally:
        visit.close()


@pytest.mark.parametrize("edition,name", EVERY_PAGE)
def test_every_figure_offers_png_svg_and_csv(browser, server, edition, name):
    visit = Visit(browser, server, page_path(name, edition))
    try:
        figures_ = visit.page.evaluate("""() => [...document.querySelectorAll('figure')].map(f =>
            [...f.querySelectorAll('.figure-meta a')].map(a => a.href))""")
        for links in figures_:
            kinds = sorted(link.rsplit(".", 1)[1] for link in links)
            assert kinds == ["csv", "png", "svg"], links
            for link in links:
                assert visit.page.request.get(link).status == 200, link
    finally:
        visit.close()


def search_page(browser, server, query, edition="zh"):
    """The search page for `query`: each result's href, whether it holds the phrase (the Chinese edition's
    phrase search says so), and its marked words."""
    from urllib.parse import quote

    visit = Visit(browser, server, f"{EDITIONS[edition]}search.html?q={quote(query)}")
    try:
        visit.page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        return visit.page.eval_on_selector_all("#search-results ul.search li", """ls => ls.map(l => ({
            href: l.querySelector('a').getAttribute('href'), exact: l.querySelector('a').dataset.exact === 'true',
            marked: [...l.querySelectorAll('p.context mark')].map(m => m.textContent)}))""")
    finally:
        visit.close()


def phrases():
    import csv

    with (ROOT / "tests" / "search_phrases.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def normalized(text):
    from shuanggao.normalize import normalize

    return normalize(text)[0]


@pytest.mark.parametrize("row", phrases(), ids=lambda r: r["phrase"])
def test_the_first_result_contains_the_phrase_as_typed(browser, server, built, row):
    import json

    pages = {p["doc"]: p["text"] for p in json.loads((built / "html" / "_static" / "search-pages.json").read_text())}
    phrase = row["phrase"].strip("“”\"")
    results = search_page(browser, server, row["phrase"])
    first = results[0]["href"].split("#")[0].removesuffix(".html")
    assert normalized(phrase) in normalized(pages[first]), (row, results[:3])
    assert results[0]["exact"] and normalized(results[0]["marked"][0]) == normalized(phrase)
    drawn = f"book/{row['drawn_from']}"
    assert any(r["href"].split("#")[0].removesuffix(".html") == drawn for r in results)


def test_search_phrases_come_from_every_chapter():
    assert {r["drawn_from"] for r in phrases()} >= {c for c in PAGES if c != "index"}
    assert len(phrases()) >= 15


@pytest.mark.parametrize("edition,name", EVERY_PAGE)
def test_every_page_links_the_whole_book_pdf(browser, server, edition, name):
    visit = Visit(browser, server, page_path(name, edition))
    try:
        links = visit.page.eval_on_selector_all("a.book-pdf", "as => as.map(a => a.href)")
        assert links, "no link to the PDF"
        for link in set(links):
            response = visit.page.request.get(link)
            assert response.status == 200 and response.body()[:5] == b"%PDF-", link
    finally:
        visit.close()


LAYOUT_SHIFT = """() => new Promise(resolve => {
    let shift = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) shift += entry.value;
    }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(shift), 1500);
})"""


@pytest.mark.parametrize("name", ["explorer", "talent"])
def test_the_layout_is_stable_while_the_page_loads_on_a_phone(browser, server, name):
    visit = Visit(browser, server, page_path(name), width=375)
    try:
        shift = visit.page.evaluate(LAYOUT_SHIFT)
        assert shift <= 0.1, f"cumulative layout shift {shift:.3f} on {name}"
    finally:
        visit.close()


def test_the_sitemap_lists_every_page(browser, server):
    visit = Visit(browser, server, page_path("index"))
    try:
        sitemap = visit.page.evaluate("fetch('../sitemap.xml').then(r => r.text())")
        listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
        assert listed == {page_path(name, edition) for edition, name in EVERY_PAGE}
        assert visit.failures == []
    finally:
        visit.close()


def test_there_is_no_empty_index_page_nor_a_link_to_one(built):
    """The book has no index entries: an 索引 page would be empty."""
    html = built / "html"
    assert not (html / "genindex.html").exists() and not (html / "en" / "genindex.html").exists()
    for page in [*html.glob("book/*.html"), *html.glob("en/book/*.html")]:
        assert "genindex.html" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("edition,name", EVERY_PAGE)
def test_the_language_switch_leads_to_the_same_page_in_the_other_edition(browser, server, edition, name):
    other = "en" if edition == "zh" else "zh"
    visit = Visit(browser, server, page_path(name, edition), width=375)
    try:
        page = visit.page
        switch = page.locator("a.lang-switch")
        assert switch.count() == 1 and switch.is_visible()  # in the header bar, on a phone too
        with page.expect_navigation():
            switch.click()
        assert page.url == f"{server}/{page_path(name, other)}"
        assert page.locator("html").get_attribute("lang") == ("en" if other == "en" else "zh-CN")
        assert page.locator("a.lang-switch").get_attribute("href")  # and back again
        foreign = [u for u in visit.requests if not u.startswith(server) and not u.startswith(("data:", "blob:"))]
        assert foreign == [] and visit.failures == []
    finally:
        visit.close()


@pytest.mark.parametrize("query,pages", [
    ("Double High Plan", ["book/index", "book/overview", "book/glossary"]),
    ("industry–education integration", ["book/service", "book/governance", "book/glossary"]),
    ("craftsmanship", ["book/talent", "book/glossary"]),
])
def test_english_search_finds_the_terms_on_their_pages(browser, server, built, query, pages):
    from conftest import page_text

    hrefs = [r["href"].split("#")[0].split("?")[0].removesuffix(".html")
             for r in search_page(browser, server, query, "en")]
    assert set(pages) <= set(hrefs), hrefs
    # The pages found first hold the words as typed (the dash of “industry–education” included).
    for href in hrefs[:3]:
        assert query.lower() in page_text(built / "html" / "en" / f"{href}.html").lower(), (query, href)


# The drawers a phone reader opens from the article header: the book's contents (☰) and the page's contents.
DRAWERS = {"primary": ("#pst-primary-sidebar-modal", "nav.bd-docs-nav a.reference.internal"),
           "secondary": ("#pst-secondary-sidebar-modal", "nav.page-toc a.nav-link")}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("drawer", DRAWERS)
def test_a_phone_reader_opens_the_menu_and_follows_a_link(browser, server, edition, drawer):
    dialog, links = DRAWERS[drawer]
    visit = Visit(browser, server, page_path("talent", edition), width=375, touch=True)
    try:
        page = visit.page
        button = page.locator(f".bd-header-article .{drawer}-toggle")
        assert button.count() == 1 and button.is_visible()
        button.tap()
        page.wait_for_selector(f"{dialog}[open]", state="visible", timeout=5_000)
        link = page.locator(f"{dialog} {links}").last
        assert link.is_visible()
        target = link.get_attribute("href")
        if target.startswith("#"):  # the page's contents: a section of this page
            link.tap()
            page.wait_for_function("h => location.hash === h", arg=target)
        else:  # the book's contents: another chapter
            with page.expect_navigation():
                link.tap()
            assert page.url.split("#")[0] != f"{server}/{page_path('talent', edition)}"
        assert visit.errors == [] and visit.failures == []
    finally:
        visit.close()


@pytest.mark.parametrize("edition", ["zh", "en"])
def test_on_a_phone_every_header_and_figure_control_is_big_enough_to_tap_and_prose_is_not_justified(
        browser, server, edition):
    visit = Visit(browser, server, page_path("talent", edition), width=375, touch=True)
    try:
        page = visit.page
        controls = page.locator(".bd-header-article .btn, .bd-header-article .lang-switch, .live-control label")
        small = [(c.get_attribute("class") or c.inner_text(), box)
                 for c in controls.all()
                 if c.is_visible() and ((box := c.bounding_box())["height"] < 44 or box["width"] < 44)]
        assert controls.count() >= 4 and small == []
        align = page.eval_on_selector(".bd-article p", "p => getComputedStyle(p).textAlign")
        assert align in ("start", "left")
    finally:
        visit.close()


@pytest.fixture(scope="session")
def swept(tmp_path_factory):
    """The one extra build of the sweep: both editions and their PDFs, from a copy of the project whose package
    descriptor has a script payload in every text field and whose English catalogue has it at the end of every
    msgstr (placeholders kept; see tests/injection_catalogue.py)."""
    import os
    import subprocess
    import sys

    from injection_catalogue import plant_catalogue, plant_descriptor

    from conftest import project_copy

    folder = tmp_path_factory.mktemp("swept")
    root = project_copy(folder)
    npm = ROOT / "_build" / ".npm-cache"
    if npm.exists():  # the browser packages fetched once per lock file, as every build of this machine shares them
        (root / "_build").mkdir()
        (root / "_build" / ".npm-cache").symlink_to(npm)
    fields = plant_descriptor(DATA, folder / "data")
    planted, _drawn = plant_catalogue(root / "style" / "locale" / "en.po", DATA)
    # The library of the copy (which reads the copy's catalogue) is the one the runner and its kernels import.
    env = {**os.environ, "PYTHONPATH": str(root / "lib")}
    run = subprocess.run([sys.executable, "-m", "shuanggao", "build", "--root", str(root), "--data",
                          str(folder / "data"), "--out", str(folder / "out"), "--strict"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return folder / "out" / "html", fields, planted


RAN = """() => ({ran: window.__v || 0, found: [
    ...document.querySelectorAll('img[src="x"]'),
    ...[...document.scripts].filter(s => s.textContent.trim() === 'window.__v=2')
].map(e => (e.parentElement || e).outerHTML.slice(0, 200))})"""


def test_no_payload_from_the_descriptor_or_the_catalogue_runs_on_any_page(browser, swept):
    html, fields, planted = swept
    assert len(fields) >= 100 and planted >= 200, (len(fields), planted)
    handler = functools.partial(QuietHandler, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    ran, shown_on = [], set()
    try:
        for edition, name in EVERY_PAGE:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.on("dialog", lambda d: d.dismiss())
            page.goto(f"{origin}/{page_path(name, edition)}", wait_until="networkidle")
            page.wait_for_timeout(300)
            result = page.evaluate(RAN)
            if result["ran"] or result["found"]:
                ran.append(f"{page_path(name, edition)}: window.__v = {result['ran']}; {result['found'][:3]}")
            if "<img src=x onerror=window.__v=1>" in page.inner_text("body"):
                shown_on.add(page_path(name, edition))
            context.close()
    finally:
        httpd.shutdown()
    assert ran == [], "\n".join(ran)
    # The payload reached the pages, as text: the descriptor's version on the reproducibility page of each
    # edition, the catalogue's words on every English page.
    assert {page_path("reproducibility", "zh"), page_path("reproducibility", "en")} <= shown_on, sorted(shown_on)
    assert {page_path(name, "en") for name in PAGES} <= shown_on, sorted(shown_on)


def test_the_swept_pdfs_link_only_into_themselves_or_to_the_web(swept):
    from pypdf import PdfReader

    html, _fields, _planted = swept
    for path in (html / "book" / "book.pdf", html / "en" / "book" / "book.pdf"):
        uris = [str(a.get_object()["/A"]["/URI"]) for page in PdfReader(str(path)).pages
                for a in page.get("/Annots") or [] if "/URI" in a.get_object().get("/A", {})]
        assert [u for u in uris if not u.startswith(("http:", "https:", "mailto:"))] == [], path


# live figures: no kernel, nothing from another host -------------------------------------------------------
LIVE = [(edition, theme) for edition in EDITIONS for theme in THEMES]
VISIBLE_STATE = ".live-state:not([hidden])"
# A state holds its SVG for the page's width and its phone variant's; the stylesheet shows one of them.
SHOWN_SVG, SHOWN_MARK = f"{VISIBLE_STATE} svg:visible", f"{VISIBLE_STATE} .mark:visible"


def foreign_requests(visit, server):
    return [u for u in visit.requests if not u.startswith(server) and not u.startswith(("data:", "blob:"))]


@pytest.mark.parametrize("edition,theme", LIVE)
def test_a_live_figure_shows_its_csv_switches_its_measure_and_names_each_bar(browser, server, edition, theme):
    import csv

    visit = Visit(browser, server, page_path(theme, edition))
    try:
        page = visit.page
        figure = page.locator(f"figure#fig-{theme}-measures")
        live = figure.locator(".live-figure")
        assert live.is_visible() and not figure.locator("img").is_visible()
        # The image the live view replaces (which print and a browser without scripts show) is never downloaded.
        assert [u for u in visit.requests if f"/{theme}-measures" in u and u.endswith(".png")] == []
        # The state shown first is the figure's data download (and its image, which the PDF prints).
        href = figure.locator('.figure-meta a[href$=".csv"]').get_attribute("href")
        rows = list(csv.reader(page.request.get(page.url.rsplit("/", 1)[0] + "/" + href).text().lstrip("\ufeff")
                               .splitlines()))
        shown = live.locator(SHOWN_MARK).evaluate_all("ms => ms.map(m => m.dataset.value)")
        assert [float(v.replace(",", "")) for v in shown] == [float(r[1]) for r in rows[1:]]
        # Every measure, chosen with the keyboard, draws another figure and is announced, and the figure's caption
        # names the measure shown (units, then share, then practices: never the first's words under another's bars).
        radios = live.get_by_role("radio")
        caption = figure.locator("figcaption .caption-text")
        first = radios.first.locator("xpath=..").inner_text().strip()
        drawn, captions = [live.locator(SHOWN_SVG).get_attribute("aria-label")], [caption.inner_text()]
        assert first in captions[0], captions
        radios.first.focus()
        for i in range(1, radios.count()):
            page.keyboard.press("ArrowDown")
            assert radios.nth(i).is_checked()
            drawn.append(live.locator(SHOWN_SVG).get_attribute("aria-label"))
            option = radios.nth(i).locator("xpath=..").inner_text().strip()
            assert live.locator(".live-status").text_content().endswith(option)
            captions.append(caption.inner_text())
            assert option in captions[-1] and first not in captions[-1], captions
        assert radios.count() >= 3 and len(set(drawn)) == len(set(captions)) == radios.count()
        # Back to the first: its own caption again.
        radios.first.check()
        assert caption.inner_text() == captions[0]
        # A bar, focused, says its value, unit and source (table · row · column) in a visible tooltip; so does
        # another, hovered.
        bars = live.locator(SHOWN_MARK)
        bars.first.focus()
        tip = live.locator(".live-tip")
        assert tip.is_visible()
        said = tip.inner_text()
        assert bars.first.get_attribute("data-value") in said and said == bars.first.get_attribute("aria-label")
        assert re.search(r"(数据：|Data: ).+ · .+ · \w+", said), said
        bars.last.hover()
        assert tip.inner_text() == bars.last.get_attribute("aria-label")
        assert foreign_requests(visit, server) == [] and visit.errors == []
    finally:
        visit.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_explorer_map_follows_the_filters(browser, server, edition):
    from shuanggao.translation import language

    lang = language(edition)
    pane, beijing, school = lang._("省（区、市）"), lang._("北京"), lang._("北京农业职业学院")
    visit = Visit(browser, server, page_path("explorer", edition))
    try:
        page = visit.page
        reach_the_case_table(page)
        live = page.locator("figure#fig-province-tiles .live-map")
        assert live.is_visible()
        dots = """() => Object.fromEntries([...document.querySelectorAll('.live-map .mark[data-place]')]
            .filter(d => d.style.display !== 'none').map(d => [d.dataset.place, +d.dataset.value]))"""
        every = page.evaluate(dots)
        assert sum(every.values()) == 16 and len(every) > 1
        # One province: the map keeps its dot alone, with one case, and says so.
        page.locator(f'.dtsp-searchPane:has(input[placeholder="{pane}"]) tbody tr', has_text=beijing).first.click()
        page.wait_for_function(f"() => Object.keys(({dots})()).length === 1")
        assert page.evaluate(dots) == {beijing: 1}
        status = live.locator(".live-status").text_content()
        dot = live.locator(".mark[data-place]:visible")
        assert "1" in status
        # One case is "1 case" in English, in what is announced and on the dot.
        assert edition != "en" or ("1 case " in status and "1 case " in dot.get_attribute("aria-label"))
        dot.focus()
        assert live.locator(".live-tip").inner_text() == dot.get_attribute("aria-label")
        assert school in page.locator("table.dataTable[id^=itables]").first.inner_text()
        page.get_by_role("button", name=re.compile("清除筛选|Clear")).first.click()
        page.wait_for_function(f"() => Object.keys(({dots})()).length === {len(every)}")
        # A term searched in the excerpts: the dots count the rows the table keeps.
        page.locator("div.dt-search input").fill("工匠精神")
        page.wait_for_function(f"() => Object.keys(({dots})()).length < {len(every)}")
        rows = page.locator("table.dataTable[id^=itables]").first.locator("tbody tr").count()
        assert 0 < sum(page.evaluate(dots).values()) == rows < 16
        assert foreign_requests(visit, server) == [] and visit.errors == []
    finally:
        visit.close()

"""The case explorer as readers use it (headless Chromium, no kernel): its filters in the brief's order, the
results before the filters on a phone, its script from the book's own static files, a plain table without
JavaScript. The fast-lane checks of its options are at the end."""
import pytest
import test_browser
from test_browser import EDITIONS, Visit, foreign_requests, page_path, reach_the_case_table

import shuanggao
from conftest import DATA
from shuanggao.pages import explorer
from shuanggao.translation import language

server = test_browser.server  # the built site on a local port (a fixture)

TABLE = "table.dataTable[id^=itables]"


@pytest.fixture(scope="module")
def ds():
    return shuanggao.load(DATA)


def pane_names(page, title):
    return page.locator(f'.dtsp-searchPane:has(input[placeholder="{title}"]) .dtsp-name').all_inner_texts()


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_filter_lists_its_values_in_the_briefs_order(browser, server, ds, edition):
    lang = language(edition)
    orders = explorer.facet_orders(ds, lang)
    visit = Visit(browser, server, page_path("explorer", edition))
    try:
        reach_the_case_table(visit.page)
        for name in explorer.FACETS:
            shown = pane_names(visit.page, lang._(name))
            assert len(shown) > 1, name
            # Every value the cases have, in the order the brief (or the standard order) gives them.
            assert shown == [v for v in orders[name] if v in shown], (name, shown)
        assert visit.errors == [] and foreign_requests(visit, server) == []
    finally:
        visit.close()


def test_on_a_phone_the_results_come_before_the_filters(browser, server, tmp_path):
    visit = Visit(browser, server, page_path("explorer"), width=375, touch=True)
    try:
        page = visit.page
        reach_the_case_table(page)
        table = page.locator(TABLE).first.bounding_box()
        panes = page.locator(".dtsp-panesContainer").first.bounding_box()
        assert table["y"] + table["height"] <= panes["y"], (table, panes)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.locator(TABLE).first.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "explorer-375.png"))
    finally:
        visit.close()


def test_the_table_library_loads_when_the_reader_comes_to_the_table(browser, server, built, ds):
    """On a phone the first view shows the plain case table and loads no table library; scrolling to the table
    loads the book's own static bundle, and the interactive table, all cases in it, replaces the plain one."""
    visit = Visit(browser, server, page_path("explorer"), width=375, touch=True)
    try:
        page = visit.page
        plain = page.locator(f"#{explorer.TABLE_ID}_plain table")
        assert plain.is_visible() and plain.locator("tbody tr").count() == len(ds.cases)
        assert [u for u in visit.requests if "/_static/itables/" in u] == []
        reach_the_case_table(page)
        assert page.locator(TABLE).first.locator("tbody tr").count() == len(ds.cases)
        assert not plain.is_visible()
        page.wait_for_load_state("networkidle")
        loaded = [u for u in visit.requests if "/_static/itables/" in u]
        assert {u.rsplit("/", 1)[1] for u in loaded} == {"dt_bundle.js", "dt_bundle.css"}, visit.requests
        assert foreign_requests(visit, server) == [] and visit.failures == [] and visit.errors == []
    finally:
        visit.close()
    # Not inline: the page is smaller than the script it loads.
    page_bytes = (built / "html" / "book" / "explorer.html").stat().st_size
    assert page_bytes < (built / "html" / "_static" / "itables" / "dt_bundle.js").stat().st_size


@pytest.mark.parametrize("edition", EDITIONS)
def test_without_javascript_the_explorer_is_a_plain_case_table(browser, server, ds, edition):
    lang = language(edition)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server}/{page_path('explorer', edition)}")
        plain = page.locator(f"#{explorer.TABLE_ID}_plain table")
        assert plain.is_visible() and plain.locator("tbody tr").count() == len(ds.cases)
        assert ds.cases.institution.iloc[0] in plain.inner_text()
        assert lang._("案例标题") in plain.locator("thead").inner_text()
        seen = page.locator("main").inner_text()
        for tool_word in ("Loading ITables", "ITables", "itables", "init_notebook_mode"):
            assert tool_word not in seen
        assert page.locator('a[href*="itables"]').count() == 0
    finally:
        context.close()


# fast lane -----------------------------------------------------------------------------------------------------

def test_the_sort_keys_follow_the_order_and_put_unknown_values_last():
    assert explorer.sort_keys(["（二）", "（一）", "其他", "（三）"], ["（一）", "（二）", "（三）"]) == \
        ["001", "000", "003", "002"]


def test_each_facet_sorts_by_a_hidden_key_that_follows_the_briefs_order(ds):
    import json

    from shuanggao.format import html_escape

    lang = language("zh")
    orders = explorer.facet_orders(ds, lang)
    assert orders["方面"][0] == "人才培养" and orders["档次"] == ["A", "B", "C"]
    assert orders["类别"] == ["学校", "专业群"] and orders["省（区、市）"][:3] == ["北京", "天津", "河北"]
    assert [s[:3] for s in orders["子主题"][:3]] == ["（一）", "（二）", "（三）"]  # the first theme's
    options = explorer.table_options(ds, lang)
    names = {explorer.explorer_frame(ds, lang).columns.get_loc(n): n for n in explorer.FACETS}
    rows = json.loads(options["data_json"])
    sorted_by = {d["targets"]: d["data"] for d in options["columnDefs"] if "data" in d}
    assert set(sorted_by) == set(names)
    for column, data in sorted_by.items():
        order = [html_escape(v) for v in orders[names[column]]]
        values = [r[column] for r in sorted(rows, key=lambda r: r[data["sort"]])]
        assert values == sorted(values, key=order.index), names[column]


def test_the_explorer_cell_shows_the_table_its_plain_twin_and_no_tool_notice(ds, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    assert explorer.explorer_table(ds, language("zh")) is None  # shown, not returned: the cell goes on
    (html,) = shown
    assert f'import("{explorer.BUNDLE_URL}")' in html and "<script src=" not in html
    assert html.count("<tr>") == len(ds.cases) + 1  # the plain table: a header and one row per case
    for tool_word in ("Loading ITables", "itables.org", "init_notebook_mode", "unpkg"):
        assert tool_word not in html

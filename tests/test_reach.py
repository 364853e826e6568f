"""Pages that phones load fast and search engines find: meta descriptions, a sitemap, sized images, deferred
scripts and precompressed assets. (Lighthouse scores are measured in bench/lighthouse.py, not asserted.)"""
import gzip
import re

import brotli
from bs4 import BeautifulSoup


def built_pages(built):
    """The book's pages of both editions (not the theme's files, the search and index pages, the root's redirect)."""
    html = built / "html"
    return sorted(p for p in html.rglob("*.html") if not {"_static", "_sources"} & set(p.relative_to(html).parts)
                  and p.name not in ("genindex.html", "search.html")
                  and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:500])


def test_every_page_has_a_description_from_its_own_first_paragraph(built):
    for page in built_pages(built):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta and 10 <= len(meta["content"]) <= 125, page.name
        assert soup.find("meta", property="og:title")["content"], page.name
        assert soup.find("meta", property="og:description")["content"] == meta["content"], page.name
    talent = BeautifulSoup((built / "html" / "book" / "talent.html").read_text(encoding="utf-8"), "html.parser")
    assert "309" in talent.find("meta", attrs={"name": "description"})["content"]  # glued values included


def test_the_sitemap_lists_every_page_and_robots_points_to_it(built):
    sitemap = (built / "html" / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert listed == {p.relative_to(built / "html").as_posix() for p in built_pages(built)}
    assert "book/talent.html" in listed and "book/about.html" in listed
    assert "User-agent: *" in (built / "html" / "robots.txt").read_text(encoding="utf-8")


def test_a_configured_base_url_gives_absolute_sitemap_entries(tmp_path):
    from shuanggao.site import editions, seo

    seo.write_sitemap(tmp_path, seo.site_pages(["book/a", "search"], ["zh", "en"], editions.edition_prefix),
                      "https://example.org/book")
    sitemap = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/book/book/a.html</loc>" in sitemap
    assert "<loc>https://example.org/book/en/book/a.html</loc>" in sitemap and "search" not in sitemap
    assert "Sitemap: https://example.org/book/sitemap.xml" in (tmp_path / "robots.txt").read_text(encoding="utf-8")


def test_images_reserve_their_size_and_only_the_first_loads_eagerly_and_first(built):
    from bs4 import BeautifulSoup

    for page in built_pages(built):
        shown = 0
        for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img"):
            if ".png" in img.get("src", ""):
                assert img.get("width") and img.get("height"), (page.name, str(img)[:120])
            if img.find_parent("figure", class_="has-live-view") is not None:
                # Replaced by its live view where scripts run: lazy wherever it is, so never fetched there.
                assert img.get("loading") == "lazy" and not img.get("fetchpriority"), (page.name, str(img)[:120])
                continue
            assert (img.get("loading") == "lazy") == (shown > 0), (page.name, shown)
            assert (img.get("fetchpriority") == "high") == (shown == 0), (page.name, shown)  # the likely largest paint
            shown += 1


def test_no_script_in_the_head_blocks_the_first_paint(built):
    for page in built_pages(built):
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        for attrs in re.findall(r"<script([^>]*\bsrc=[^>]*)>", head):  # files; inline settings load nothing
            assert "defer" in attrs or "async" in attrs or 'type="module"' in attrs, (page.name, attrs)


def test_text_assets_are_precompressed_with_the_same_content(built):
    html = built / "html"
    for name in ("book/talent.html", "searchindex.js", "book/index.html"):
        raw = (html / name).read_bytes()
        assert gzip.decompress((html / f"{name}.gz").read_bytes()) == raw
        assert brotli.decompress((html / f"{name}.br").read_bytes()) == raw


def test_make_serve_sends_the_compressed_copy_as_a_host_would(built):
    import threading
    import urllib.request

    from shuanggao.site.serve import server

    httpd = server(built / "html", 0, quiet=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/book/talent.html"
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})) as r:
            assert r.headers["Content-Encoding"] == "br" and r.headers["Content-Type"] == "text/html"
            assert brotli.decompress(r.read()) == (built / "html" / "book" / "talent.html").read_bytes()
        with urllib.request.urlopen(url) as r:  # a client that accepts no compression gets the file itself
            assert r.headers.get("Content-Encoding") is None
    finally:
        httpd.shutdown()

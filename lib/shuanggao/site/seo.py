"""Findable pages: a meta description written from each page's first paragraph (glued values included), Open
Graph title and description, a canonical URL and a sitemap address when the site's base URL is configured
(`html.baseurl` in `_config.yml`), a `sitemap.xml` and a `robots.txt`.

Without a base URL the sitemap lists the pages by their path from the site's root, which is what a host
needs to complete; search engines want absolute addresses, so configure the base URL when publishing.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from bs4 import BeautifulSoup

from ..format import html_escape

DESCRIPTION_CHARS = 120
# The theme's files, in each edition (the English one is under en/).
THEME_FOLDERS = {"_static", "_sources"}
SKIPPED = ".num-note, blockquote, .epigraph, .case-study, script, style"


def description(soup: BeautifulSoup) -> str:
    """The page's first paragraph of its own prose, cut at a sentence end near DESCRIPTION_CHARS."""
    article = soup.select_one("article") or soup
    for paragraph in article.select("p"):
        if paragraph.find_parent(["blockquote", "table", "nav", "aside"]) or \
                paragraph.find_parent(class_=re.compile("case-study|epigraph|admonition|figure")):
            continue
        copy = BeautifulSoup(str(paragraph), "html.parser")
        for tag in copy.select(SKIPPED):
            tag.decompose()
        text = " ".join(copy.get_text().split())
        if len(text) < 20:
            continue
        if len(text) <= DESCRIPTION_CHARS:
            return text
        cut = text[:DESCRIPTION_CHARS]
        end = max(cut.rfind("。"), cut.rfind("；"), cut.rfind(". "))
        return cut[: end + 1] if end > DESCRIPTION_CHARS // 2 else cut.rstrip("，、：, ") + "…"
    title = soup.select_one("article h1")
    return " ".join(title.get_text().split()).rstrip("#").strip() if title else ""


def page_title(soup: BeautifulSoup) -> str:
    heading = soup.select_one("article h1")
    text = heading.get_text() if heading else (soup.title.get_text() if soup.title else "")
    return " ".join(text.replace("#", " ").split())


def pages(html: Path) -> list[Path]:
    """The book's pages: not the theme's files, the search and index pages, or the root's redirect."""
    return sorted(p for p in html.rglob("*.html") if not THEME_FOLDERS & set(p.relative_to(html).parts)
                  and p.name not in ("genindex.html", "search.html")
                  and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:500])


def add_meta(html: Path, found: list[Path], base_url: str, site_name: str) -> None:
    for page in found:
        text = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        about, title = description(soup), page_title(soup)
        tags = [f'<meta name="description" content="{html_escape(about)}">',
                f'<meta property="og:title" content="{html_escape(title)}">',
                f'<meta property="og:description" content="{html_escape(about)}">',
                '<meta property="og:type" content="article">',
                f'<meta property="og:locale" content="{"en" if page.relative_to(html).parts[0] == "en" else "zh_CN"}">',
                f'<meta property="og:site_name" content="{html_escape(site_name)}">']
        if base_url:
            url = base_url + page.relative_to(html).as_posix()
            tags.append(f'<meta property="og:url" content="{html_escape(url)}">')
            if 'rel="canonical"' not in text:
                tags.append(f'<link rel="canonical" href="{html_escape(url)}">')
        page.write_text(text.replace("</head>", "\n".join(tags) + "\n</head>", 1), encoding="utf-8")


def write_sitemap(html: Path, found: list[Path], base_url: str) -> Path:
    urls = [base_url + p.relative_to(html).as_posix() for p in found]
    body = "".join(f"  <url><loc>{escape(u)}</loc></url>\n" for u in urls)
    path = html / "sitemap.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n",
                    encoding="utf-8")
    robots = "User-agent: *\nAllow: /\n" + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else "")
    (html / "robots.txt").write_text(robots, encoding="utf-8")
    return path


def publish(html: Path, base_url: str, site_name: str) -> None:
    base_url = base_url.rstrip("/") + "/" if base_url else ""
    found = pages(html)  # read once: both steps list the same pages
    add_meta(html, found, base_url, site_name)
    write_sitemap(html, found, base_url)

"""Findable pages: a meta description written from each page's first paragraph (glued values included), Open
Graph title and description, the site's address on each page when a base URL is configured (`html.baseurl` in
`_config.yml`, which also gives Sphinx's canonical link), a `sitemap.xml` of both editions and a `robots.txt`.

Without a base URL the sitemap lists the pages by their path from the site's root, which is what a host
needs to complete; search engines want absolute addresses, so configure the base URL when publishing.
Pure functions of the doctree and the page list; the Sphinx extension calls them.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docutils import nodes

from ..format import html_escape

DESCRIPTION_CHARS = 120
# Paragraphs that are not the page's own prose: quotations, case boxes, notes, figures and tables.
NOT_PROSE_NODES = (nodes.block_quote, nodes.table, nodes.Admonition, nodes.figure, nodes.sidebar, nodes.topic,
                   nodes.caption, nodes.footnote)
NOT_PROSE_CLASSES = {"case-study", "epigraph", "admonition", "figure", "cell_input", "translation-note"}
# Inline parts that are not read as prose: the hover notes of glued numbers.
SKIPPED_CLASSES = {"num-note"}
# Pages of the theme, not of the book: not described, not in the sitemap.
NOT_PAGES = {"genindex", "search"}
OG_LOCALE = {"zh": "zh_CN", "en": "en"}


def _prose_text(node: nodes.Node) -> str:
    if isinstance(node, nodes.Text):
        return node.astext()
    if isinstance(node, nodes.Element) and set(node.get("classes", ())) & SKIPPED_CLASSES:
        return ""
    if isinstance(node, nodes.raw):
        return ""
    return "".join(_prose_text(child) for child in node.children)


def _is_prose(paragraph: nodes.paragraph) -> bool:
    parent = paragraph.parent
    while parent is not None:
        if isinstance(parent, NOT_PROSE_NODES) or set(parent.get("classes", ())) & NOT_PROSE_CLASSES:
            return False
        parent = parent.parent
    return True


def description(doctree: nodes.document) -> str:
    """The page's first paragraph of its own prose, cut at a sentence end near DESCRIPTION_CHARS; else its title."""
    for paragraph in doctree.findall(nodes.paragraph):
        if not _is_prose(paragraph):
            continue
        text = " ".join(_prose_text(paragraph).split())
        if len(text) < 20:
            continue
        if len(text) <= DESCRIPTION_CHARS:
            return text
        cut = text[:DESCRIPTION_CHARS]
        end = max(cut.rfind("。"), cut.rfind("；"), cut.rfind(". "))
        return cut[: end + 1] if end > DESCRIPTION_CHARS // 2 else cut.rstrip("，、：, ") + "…"
    title = next(doctree.findall(nodes.title), None)
    return " ".join(title.astext().split()) if title else ""


def meta_tags(*, about: str, title: str, lang: str, site_name: str, url: str = "") -> list[str]:
    tags = [f'<meta name="description" content="{html_escape(about)}">',
            f'<meta property="og:title" content="{html_escape(title)}">',
            f'<meta property="og:description" content="{html_escape(about)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:locale" content="{OG_LOCALE.get(lang, lang)}">',
            f'<meta property="og:site_name" content="{html_escape(site_name)}">']
    if url:
        tags.append(f'<meta property="og:url" content="{html_escape(url)}">')
    return tags


def site_pages(docnames, editions, prefix, suffix: str = ".html") -> list[str]:
    """Every page of every edition, by its path from the site's root (the editions share one table of contents)."""
    return [prefix(lang) + name + suffix for lang in editions for name in sorted(docnames) if name not in NOT_PAGES]


def write_sitemap(outdir: Path, paths: list[str], base_url: str) -> Path:
    base_url = base_url.rstrip("/") + "/" if base_url else ""
    body = "".join(f"  <url><loc>{escape(base_url + p)}</loc></url>\n" for p in paths)
    path = outdir / "sitemap.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n",
                    encoding="utf-8")
    robots = "User-agent: *\nAllow: /\n" + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else "")
    (outdir / "robots.txt").write_text(robots, encoding="utf-8")
    return path

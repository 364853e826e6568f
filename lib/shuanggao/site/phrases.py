"""The text of every page for phrase search: what the search page needs to find a phrase as typed (1+X,
鲲鹏产业学院, "1+1.5+0.5"), rank the pages that contain it first and show it highlighted in an excerpt.

Collected by the Sphinx extension as each page is written (its body, kept per page beside Sphinx's doctrees, so an
incremental build that writes one page still indexes every page) and written when the build has finished, as
`_static/search-pages.json`: for each page its name, title and main text, without code, scripts, the hover notes
of glued numbers and the sections folded for reviewers and analysts. The search page loads it on the first query
(see `book/_site_static/search-zh.js`).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

SKIPPED_TAGS = {"script", "style", "button", "nav", "summary"}
# The folds for reviewers and analysts (ids, expressions, file names) are theirs to open, not what a search shows;
# nor are a phone's card labels (the column names repeated in every cell of a table, format.markdown_table).
SKIPPED_CLASSES = {"cell_input", "num-note", "headerlink", "figure-meta", "toggle-details", "reviewer-code",
                   "for-analysts"}
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}
FILE = "_static/search-pages.json"


class _Main(HTMLParser):
    """The text of the article (the page's own content, without the theme's header and footer)."""

    def __init__(self, inside: bool = False):
        super().__init__()
        self.depth = int(inside)  # open elements inside main (0: outside); a page's body is inside from the start
        self.stack: list[bool] = []
        self.skip = 0
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        if tag in VOID:
            if tag == "br" and self.depth and not self.skip:
                self.parts.append(" ")
            return
        if self.depth == 0 and "bd-article" not in (attrs.get("class") or "").split():
            return
        self.depth += 1
        skipped = tag in SKIPPED_TAGS or bool(set((attrs.get("class") or "").split()) & SKIPPED_CLASSES)
        self.stack.append(skipped)
        self.skip += skipped
        if tag in ("p", "li", "tr", "h1", "h2", "h3", "blockquote", "div", "td", "th") and not self.skip:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        self.skip -= self.stack.pop()

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self.depth and not self.skip:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, str]:
    """A whole page's title and article text."""
    parser = _Main()
    parser.feed(html)
    text = re.sub(r"\s+", " ", "".join(parser.parts)).strip()
    title = parser.title.split(" — ")[0].strip()
    return title, text


def body_text(body: str) -> str:
    """The text of a page's body (the article, as Sphinx renders it)."""
    parser = _Main(inside=True)
    parser.feed(body)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def keep(store: Path, docname: str, title: str, body: str) -> None:
    """Record one page's text as it is written."""
    import html

    path = store / f"{docname}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    title = html.unescape(re.sub(r"<[^>]+>", "", title)).strip()
    path.write_text(json.dumps({"doc": docname, "title": title, "text": body_text(body)}, ensure_ascii=False),
                    encoding="utf-8")


def write(store: Path, docnames, outdir: Path) -> Path:
    """Every page's recorded text (of the pages the book still has) into `_static/search-pages.json`."""
    pages = []
    for docname in sorted(docnames):
        path = store / f"{docname}.json"
        if path.exists():
            record = json.loads(path.read_text(encoding="utf-8"))
            if record["text"]:
                pages.append(record)
    target = outdir / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(pages, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target

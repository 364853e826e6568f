"""Internal link check over a built site: every local href/src resolves, and so does every #anchor."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIPPED_SCHEMES = {"http", "https", "mailto", "javascript", "data", "blob", "tel"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key) and (key == "id" or tag == "a"):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "img", "script", "source", "iframe"):
                self.refs.append((tag, attrs[key]))
        # A <picture>'s <source> (a figure's phone variant) names its image in srcset: "url [descriptor], …".
        if attrs.get("srcset") and tag in ("img", "source"):
            self.refs += [(tag, part.split()[0]) for part in attrs["srcset"].split(",") if part.strip()]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def broken_links(html_dir: Path) -> list[str]:
    html_dir = Path(html_dir).resolve()
    # Theme templates copied into _static are not pages.
    pages = {p: _parse(p) for p in sorted(html_dir.rglob("*.html")) if "_static" not in p.relative_to(html_dir).parts}
    problems = []
    for page_path, page in pages.items():
        for tag, ref in page.refs:
            url = urlsplit(ref)
            if url.scheme in SKIPPED_SCHEMES or url.netloc:
                continue
            target = (page_path.parent / unquote(url.path)).resolve() if url.path else page_path
            if target.is_dir():
                target = target / "index.html"
            shown = f"{page_path.relative_to(html_dir)}: <{tag}> {ref}"
            if not target.exists():
                problems.append(f"{shown}: no such file")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    problems.append(f"{shown}: no element with id {url.fragment!r}")
    return problems

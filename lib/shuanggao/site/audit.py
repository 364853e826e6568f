"""The audit of the built site: each number pasted by glue shows exactly its registry text.

Incremental Sphinx builds do not refresh cross-page glue; this audit is what catches a stale page.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..format import anchor


class _Glued(HTMLParser):
    """Collects (href of the number's link, pasted text) and pasted texts outside any link."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.found: list[tuple[str, str]] = []
        self.loose: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "span" and "pasted-text" in (attrs.get("class") or "").split():
            self._text = []

    def handle_endtag(self, tag):
        while self.stack:
            t, attrs = self.stack.pop()
            if t == "span" and self._text is not None and "pasted-text" in (attrs.get("class") or "").split():
                text = "".join(self._text)
                href = next((a.get("href", "") for tt, a in reversed(self.stack)
                             if tt == "a" and "num-link" in (a.get("class") or "")), None)
                if href is None:
                    self.loose.append(text)
                else:
                    self.found.append((href, text))
                self._text = None
            if t == tag:
                break

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def audit_html(html_dir: Path, rows: list[dict]) -> list[str]:
    """Each number pasted by glue shows exactly its registry text; none is pasted without a registry entry."""
    by_anchor = {anchor(r["notebook"], r["key"]): r for r in rows}
    problems = []
    for page in sorted(Path(html_dir).rglob("*.html")):
        parser = _Glued()
        parser.feed(page.read_text(encoding="utf-8"))
        shown = page.relative_to(html_dir)
        for text in parser.loose:
            problems.append(f"{shown}: the number {text!r} is pasted without a registry entry")
        for href, text in parser.found:
            entry = by_anchor.get(href.partition("#")[2])
            if entry is None:
                problems.append(f"{shown}: {text!r} links to {href}, which is not in the registry")
            elif entry["text"] != text:
                problems.append(f"{shown}: shows {text!r} for {entry['notebook']}::{entry['key']}, "
                                f"but the registry says {entry['text']!r} (a stale build? rebuild with --force)")
    return problems


class _Components(HTMLParser):
    """Which of the book's page components a page carries, by the class of their links."""

    def __init__(self):
        super().__init__()
        self.classes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.classes.update((dict(attrs).get("class") or "").split())


# What every page carries, by the link class the extension's templates give it.
COMPONENTS = {"lang-switch": "the language switch", "book-pdf": "the link to the whole-book PDF"}


def audit_components(html_dir: Path, *, editions: int, pdf: bool) -> list[str]:
    """Every page carries the language switch (when two editions are built together) and the PDF link (when the PDF
    is published): a change in the theme's markup that drops a component fails the build, naming it and the page."""
    wanted = {name for name, needed in (("lang-switch", editions > 1), ("book-pdf", pdf)) if needed}
    problems = []
    for page in sorted(Path(html_dir).rglob("*.html")):
        shown = page.relative_to(html_dir)
        text = page.read_text(encoding="utf-8")
        if shown.parts[0] in ("_static", "_sources") or 'http-equiv="Refresh"' in text[:500]:
            continue
        parser = _Components()
        parser.feed(text)
        problems += [f"{shown}: no {COMPONENTS[name]} (a.{name})" for name in sorted(wanted - parser.classes)]
    return problems

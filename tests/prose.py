"""The book's own prose on a built page: paragraphs, list items, headings and captions, without quotations
of the brief (case blocks, epigraphs), tables, code, and the hover notes of glued numbers."""
import re
from html.parser import HTMLParser
from pathlib import Path

SKIPPED_TAGS = {"table", "pre", "code", "script", "style", "blockquote", "nav", "header", "footer", "button"}
SKIPPED_CLASSES = {"case-study", "num-note", "epigraph", "cell_input", "figure-meta", "toctree-wrapper",
                   "bd-sidebar-primary", "bd-sidebar-secondary", "headerlink", "bd-header",
                   "live-figure"}  # the live figure: its controls and marks, not sentences
QUOTED = re.compile(r"“([^“”]+)”|‘([^‘’]+)’")


class _Prose(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []   # for each open element: does it start a skipped region?
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "input", "hr", "source"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        if tag == "code" and not self.skip:
            self.parts.append("X")  # inline code stands in the sentence as a word
        self.stack.append(skipped)
        self.skip += skipped

    def handle_endtag(self, tag):
        if tag in ("br", "img", "meta", "link", "input", "hr", "source") or not self.stack:
            return
        self.skip -= self.stack.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def prose(page: Path) -> str:
    parser = _Prose()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def quoted_spans(text: str) -> list[str]:
    return [a or b for a, b in QUOTED.findall(text)]

"""Chinese inside the English edition, marked as such (`lang="zh"`), so that readers' tools (a screen reader, a
hyphenator, a font fallback) treat it as Chinese and a test can tell a quotation from a leak.

The English edition writes Chinese only as a quotation or a gloss beside its English: in quotation marks
(“德技并修”), in parentheses after an English name (Yellow River Conservancy Technical Institute
(黄河水利职业技术学院)), or in a quoted block (a case's excerpt). This transform marks exactly those runs; Chinese
anywhere else stays unmarked, and `tests/test_english.py` reports it as untranslated. Tables and labels that
show a Chinese name from data mark it where they write it (`format.zh_span`).
"""
from __future__ import annotations

import re

from docutils import nodes

# A run of Chinese: Han characters and CJK punctuation, with short Latin or digit pieces inside (1+X 证书,
# 教职成函〔2019〕14号), never across a sentence of English.
_CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2e80-\u2fdf]"
RUN = re.compile(rf"{_CJK}+(?:[ 0-9A-Za-z+.·\-“”‘’]{{0,4}}{_CJK}+)*")
# What opens a quotation or a gloss in English text, and what closes one: a run is quoted or glossed when the
# nearest of these before it opens (“1+X 证书”, (第一家, 三级), the ‘思政教育体系’ of a list).
OPENERS = "“‘(（《「〔"
CLOSERS = "”’)）》」〕"
# Text the marking leaves alone: code, raw HTML (marked where it is made) and what is marked already.
SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.system_message)


def quoted(node: nodes.Node) -> bool:
    """Inside a quoted block (a case's excerpt, an epigraph) or an element marked Chinese already."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.block_quote) or "language-zh" in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def opened(before: str) -> bool:
    """Whether the text `before` a run leaves a quotation or a parenthesis open."""
    for char in reversed(before):
        if char in OPENERS:
            return True
        if char in CLOSERS:
            return False
    return False


def split(text: str, whole_quoted: bool) -> list[nodes.Node] | None:
    """`text` as Text and marked inline nodes, or None where nothing is to be marked."""
    if whole_quoted:
        # A quoted block is one quotation: marked whole, so that it reads (and is found) as printed.
        return [nodes.inline(text, text, classes=["language-zh"])] if RUN.search(text) else None
    out: list[nodes.Node] = []
    last = 0
    for m in RUN.finditer(text):
        if not (whole_quoted or opened(text[:m.start()]) or m.group(0)[0] in OPENERS):
            continue
        if m.start() > last:
            out.append(nodes.Text(text[last:m.start()]))
        out.append(nodes.inline(m.group(0), m.group(0), classes=["language-zh"]))
        last = m.end()
    if not out:
        return None
    if last < len(text):
        out.append(nodes.Text(text[last:]))
    return out


def mark_chinese(doctree: nodes.document) -> None:
    """Mark every quoted or glossed Chinese run of an English page (docutils writes the class `language-zh` as
    `lang="zh"`)."""
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, SKIP) or any(isinstance(a, SKIP) for a in _ancestors(parent)):
            continue
        if "language-zh" in parent.get("classes", []):
            continue
        pieces = split(str(text), quoted(text))
        if pieces:
            parent.replace(text, pieces)


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent

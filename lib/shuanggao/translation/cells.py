"""The English prose beside the Chinese it translates: pairing, selecting an edition's cells, finding what
is untranslated or outdated in the notebooks and Markdown pages (the whole report: `report`).

Notebooks: an English Markdown cell follows the Chinese cell it translates, tagged `lang-en`, and records
the fingerprint of that Chinese cell (`metadata.translation.of`). Markdown pages (`index.md`): the English
is in `index.en.md`, each block opened by a comment `% translates <fingerprint>`. When the Chinese changes,
the fingerprints no longer match: the English edition shows the translation under a visible "outdated"
note and `shuanggao translations` lists it; a Chinese cell with no English is shown in Chinese, marked.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

TAG = "lang-en"
BLOCK = re.compile(r"^% translates ([0-9a-f]{12})\s*$", re.M)

OUTDATED = (":::{{admonition}} Translation outdated\n:class: translation-outdated\n"
            "The Chinese {what} changed after this translation was written; the English below may no longer "
            "say the same.\n:::\n\n")
UNTRANSLATED = (":::{admonition} Not yet translated\n:class: translation-missing\n"
                "This passage is shown in the original Chinese.\n:::\n\n")


def fingerprint(text: str) -> str:
    """What a translation records of its Chinese source: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def is_english(cell) -> bool:
    return TAG in cell.get("metadata", {}).get("tags", [])


def _source(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


@dataclass(frozen=True)
class Finding:
    file: str
    where: str        # "cell 4" or "block 2"
    status: str       # "untranslated" or "outdated"
    text: str         # the Chinese it concerns, first line

    def __str__(self):
        return f"{self.file}, {self.where}: {self.status}: {self.text[:60]}"


def pairs(cells):
    """(index, Chinese Markdown cell, [its English cells]) in order."""
    out, i = [], 0
    while i < len(cells):
        cell = cells[i]
        if cell.get("cell_type") == "markdown" and not is_english(cell):
            j = i + 1
            while j < len(cells) and is_english(cells[j]):
                j += 1
            out.append((i, cell, cells[i + 1:j]))
            i = j
        else:
            i += 1
    return out


def _with_note(text: str, note: str) -> str:
    """The note under a page's title (it must stay the first heading), else above the text."""
    if text.startswith("# "):
        title, _sep, rest = text.partition("\n")
        return f"{title}\n\n{note}{rest.lstrip()}"
    return note + text


def select(nb, lang: str) -> None:
    """Keep the cells of `lang` (a notebook node, changed in place): the Chinese edition drops the English
    cells; the English edition shows each Chinese cell's translation, marked when outdated or missing."""
    cells = nb.cells
    if lang != "en":
        nb.cells = [c for c in cells if not is_english(c)]
        return
    keep, done = [], set()
    paired = {i: (zh, en) for i, zh, en in pairs(cells)}
    for i, cell in enumerate(cells):
        if id(cell) in done:
            continue
        if i not in paired:
            keep.append(cell)
            continue
        zh, english = paired[i]
        done.update(id(c) for c in english)
        if not english:
            cell.source = _with_note(_source(cell), UNTRANSLATED)
            keep.append(cell)
            continue
        for en in english:
            if en.get("metadata", {}).get("translation", {}).get("of") != fingerprint(_source(zh)):
                en.source = _with_note(_source(en), OUTDATED.format(what="paragraph"))
            keep.append(en)
    nb.cells = keep


def markdown_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def english_page(chinese: str, english: str) -> str:
    """A Markdown page's English edition from its `.en.md` file, each block checked against the Chinese."""
    current = {fingerprint(b) for b in markdown_blocks(chinese)}
    parts = BLOCK.split(english)
    out = [parts[0].strip()] if parts[0].strip() else []
    for of, body in zip(parts[1::2], parts[2::2]):
        body = body.strip()
        out.append(body if of in current else _with_note(body, OUTDATED.format(what="block")))
    return "\n\n".join(out) + "\n"


def notebook_findings(path: Path) -> list[Finding]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for i, zh, english in pairs(nb.get("cells", [])):
        first = _source(zh).strip().splitlines()[0] if _source(zh).strip() else ""
        if not english:
            found.append(Finding(path.name, f"cell {i + 1}", "untranslated", first))
        elif any(e.get("metadata", {}).get("translation", {}).get("of") != fingerprint(_source(zh))
                 for e in english):
            found.append(Finding(path.name, f"cell {i + 1}", "outdated", first))
    return found


def page_findings(path: Path) -> list[Finding]:
    english = path.with_name(path.stem + ".en.md")
    blocks = markdown_blocks(path.read_text(encoding="utf-8"))
    if not english.exists():
        return [Finding(path.name, f"block {n}", "untranslated", b.splitlines()[0]) for n, b in
                enumerate(blocks, 1)]
    translated = set(BLOCK.findall(english.read_text(encoding="utf-8")))
    found = [Finding(path.name, f"block {n}", "untranslated", b.splitlines()[0])
             for n, b in enumerate(blocks, 1) if fingerprint(b) not in translated]
    current = {fingerprint(b) for b in blocks}
    found += [Finding(english.name, f"block for {of}", "outdated", "translates a block the Chinese no longer has")
              for of in BLOCK.findall(english.read_text(encoding="utf-8")) if of not in current]
    return found

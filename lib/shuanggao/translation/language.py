"""The book's two languages: which one a page is being written in, and the library's words in it.

Chinese is the source language. The library writes every reader-facing message in Chinese where it is used,
`_("合计")`, and the English catalogue (`style/locale/en.po`, gettext's format, which translators' tools
read) gives its English. A message the catalogue lacks, or marks fuzzy, is shown in Chinese and listed by
`shuanggao translations`, so nothing is silently stale. Only `errors` and `project` are imported.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
SOURCE = "zh"
# What each edition is called in its own language (the language switch) and its HTML/Sphinx codes.
NAMES = {"zh": "中文", "en": "English"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}
SPHINX_LANG = {"zh": "zh_CN", "en": "en"}

_current = SOURCE


def check(lang) -> str:
    from .errors import BuildError

    if lang not in LANGUAGES:
        raise BuildError(f"lang {lang!r}: the book is written in {', '.join(LANGUAGES)}")
    return lang


def use(lang: str) -> str:
    """Write what follows in `lang` (a notebook's `lang` parameter; each notebook runs in its own kernel)."""
    global _current
    _current = check(lang)
    return _current


@contextmanager
def using(lang: str):
    """Write in `lang` inside the block (the runner, which builds both editions in one process)."""
    global _current
    before, _current = _current, check(lang)
    try:
        yield
    finally:
        _current = before


def current() -> str:
    return _current


def english() -> bool:
    return _current == "en"


def catalogue_path(root: Path | None = None) -> Path:
    from .project import library_root

    return (root or library_root()) / "style" / "locale" / "en.po"


@cache
def catalogue(path: Path | None = None) -> dict[tuple, str]:
    """(msgctxt, msgid) → msgstr of the English catalogue, without empty or fuzzy entries."""
    from babel.messages.pofile import read_po

    with open(path or catalogue_path(), "rb") as f:
        cat = read_po(f)
    return {(m.context, m.id): m.string for m in cat if m.id and m.string and not m.fuzzy}


def _(message: str, context: str | None = None) -> str:
    """`message` (Chinese) in the language being written. `context` tells apart a Chinese word that English
    writes in more than one way (个 of cases, 个 of subthemes)."""
    if _current == SOURCE:
        return message
    return catalogue().get((context, message), message)


def N_(message: str) -> str:
    """A message marked for the catalogue but translated later, where it is shown (`_(ALL)`)."""
    return message


def pick(zh, en):
    """A value the data carries in both languages (title_zh / title_en): the one for this edition."""
    if _current == SOURCE or en is None or en != en or en == "":
        return zh
    return en


def listing(items) -> str:
    """A list as the language writes it: 甲、乙、丙 / A, B, C."""
    return (", " if english() else "、").join(str(i) for i in items)

"""The language a page is written in: a small immutable value that a page, a chart, a claim and a formatter
are given, never a module-wide setting.

Chinese is the source language. The library writes every reader-facing message in Chinese where it is used,
`lang._("合计")`, and the English catalogue (`style/locale/en.po`, see `catalogue`) gives its English. A
message the catalogue lacks, or marks fuzzy, is shown in Chinese and listed by `shuanggao translations`.
The ways the two languages write the same thing (a list, a month, a line locator, a quantity) are methods
here, so that pages do not branch on the language for them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .. import format as fmt

LANGUAGES = ("zh", "en")
SOURCE = "zh"
# What each edition is called in its own language (the language switch) and its HTML/Sphinx codes.
NAMES = {"zh": "中文", "en": "English"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}
SPHINX_LANG = {"zh": "zh_CN", "en": "en"}
LIST_SEPARATOR = {"zh": "、", "en": ", "}
# A Chinese character (what an English edition marks as Chinese where it shows one).
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def check(code) -> str:
    from ..errors import BuildError

    if code not in LANGUAGES:
        raise BuildError(f"lang {code!r}: the book is written in {', '.join(LANGUAGES)}")
    return code


def N_(message: str) -> str:
    """A message marked for the catalogue but translated later, where it is shown (`lang._(ALL)`)."""
    return message


@dataclass(frozen=True)
class Language:
    """One edition's language and the catalogue it translates the library's messages with.

    Made by `language(code)`; Chinese, the source, needs no catalogue (`CHINESE`)."""

    code: str
    # (msgctxt, msgid) → msgstr, or → (singular, plural) msgstrs for a message with a plural.
    messages: Mapping = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)

    @property
    def english(self) -> bool:
        return self.code == "en"

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.code]

    @property
    def sphinx_lang(self) -> str:
        return SPHINX_LANG[self.code]

    @property
    def name(self) -> str:
        return NAMES[self.code]

    # translating the library's words --------------------------------------------------------------------
    def _(self, message: str, context: str | None = None) -> str:
        """`message` (Chinese) in this language. `context` tells apart a Chinese word that English writes in
        more than one way (个 of cases, 个 of subthemes)."""
        if self.is_source:
            return message
        found = self.messages.get((context, message), message)
        # A counted message shown without a count (a unit beside an axis, a column) takes its plural: "cases".
        return found[-1] if isinstance(found, tuple) else found

    def ngettext(self, singular: str, plural: str, n: int, context: str | None = None) -> str:
        """The form of a counted message for `n` (Chinese has one form; English, one and other)."""
        one = n == 1
        if self.is_source:
            return singular if one else plural
        found = self.messages.get((context, singular))
        if isinstance(found, tuple) and len(found) >= 2 and all(found[:2]):
            return found[0] if one else found[1]
        return singular if one else plural

    def counted(self, word: str, n, context: str | None = None) -> str:
        """A count with its measure word, in the number the count needs: 1 个 → "1 case", 3 个 → "3 cases"
        (the catalogue gives the word's singular and plural under `context`); 1,324 in English, 1324 in Chinese
        (`format.fmt_value`)."""
        return f"{fmt.fmt_value(n, english=self.english)} {self.ngettext(word, word, n, context)}".rstrip()

    def measure(self, word: str, context: str | None = None):
        """`counted` for one measure word, as a function of the count (what a claim lists its values with)."""
        return lambda n: self.counted(word, n, context)

    def pick(self, zh, en):
        """A value the data carries in both languages (title_zh / title_en): the one for this edition."""
        if self.is_source or en is None or en != en or en == "":
            return zh
        return en

    # writing ---------------------------------------------------------------------------------------------
    def zh(self, text) -> str:
        """Chinese from data (a name, a quotation) for a Markdown page: escaped and, in another edition, marked
        `lang="zh"` (what the English edition's test tells from untranslated words)."""
        escaped = fmt.md_escape(text)
        return fmt.Markup(escaped if self.is_source or not HAN.search(str(text)) else
                          f'<span lang="zh">{escaped}</span>')

    def zh_html(self, text) -> str:
        """`zh` for an HTML fragment (a table the browser renders)."""
        escaped = fmt.html_escape(text)
        return escaped if self.is_source or not HAN.search(str(text)) else f'<span lang="zh">{escaped}</span>'

    def named(self, zh, en) -> str:
        """A name from data for a Markdown page: the Chinese, or in another edition its English with the Chinese
        beside it, marked (`Beijing Polytechnic (北京电子科技职业学院)`); the Chinese alone where data has no
        English."""
        english = self.pick(zh, en)
        if self.is_source or english == zh:
            return self.zh(zh)
        return fmt.Markup(f"{fmt.md_escape(english)} ({self.zh(zh)})")

    def named_html(self, zh, en) -> str:
        """`named` for an HTML fragment."""
        english = self.pick(zh, en)
        if self.is_source or english == zh:
            return self.zh_html(zh)
        return f"{fmt.html_escape(english)} ({self.zh_html(zh)})"

    def listing(self, items) -> str:
        """A list as the language writes it: 甲、乙、丙 / A, B, C."""
        return LIST_SEPARATOR[self.code].join(str(i) for i in items)

    def both(self, labels: list[str]) -> str:
        """甲、乙 / A and B; A, B and C."""
        if not self.english or len(labels) == 1:
            return self.listing(labels)
        return ", ".join(labels[:-1]) + " and " + labels[-1]

    def lines_label(self, spec) -> str:
        """'37-171' → 简报原文第 37–171 行 / brief, lines 37–171."""
        return fmt.lines_label(spec, english=self.english)

    def month_year(self, year, month) -> str:
        """2020年4月 / April 2020."""
        return fmt.month_year(year, month, english=self.english)

    def fact_label(self, value, unit: str, qualifier=None, kind: str = "count") -> str:
        """近 500 名 / nearly 500: a case fact as the language states it."""
        return (fmt.fact_label_en if self.english else fmt.fact_label)(value, unit, qualifier, kind)


CHINESE = Language(SOURCE)


def language(code: str, catalogue_file=None) -> Language:
    """The language `code` with its catalogue (read once per file and version of it)."""
    from . import catalogue

    code = check(code)
    if code == SOURCE:
        return CHINESE
    return Language(code, catalogue.messages(catalogue_file or catalogue.path()))

"""The two editions side by side: every page links to its counterpart in the other language.

The Chinese edition is the site's root and the English one is under `en/`, built from the same table of contents,
so a page's counterpart has the same name. Each page carries `hreflang` alternates in its head and a language switch
in its header bar (the `edition-links.html` template); all links are relative, so the switch works from a copy of
the site, offline. Pure functions of the page's name: the Sphinx extension calls them for every page it writes.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..format import html_escape
from ..translation import languages

TITLES = {"zh": "本页的中文版", "en": "This page in English"}


@dataclass(frozen=True)
class Counterpart:
    lang: str
    href: str                # relative to the page
    code: str                # BCP 47, as `hreflang` and `lang` want it
    title: str
    name: str


def edition_prefix(lang: str) -> str:
    """Where an edition lives under the site's root."""
    return "" if lang == "zh" else f"{lang}/"


def counterparts(pagename: str, lang: str, editions: list[str] | tuple[str, ...], suffix: str = ".html"
                 ) -> list[Counterpart]:
    """The page `pagename` of edition `lang` in every edition built (itself included), linked relatively."""
    here = posixpath.dirname(edition_prefix(lang) + pagename + suffix) or "."
    return [Counterpart(other, posixpath.relpath(edition_prefix(other) + pagename + suffix, here),
                        languages.HTML_LANG[other], TITLES[other], languages.NAMES[other])
            for other in editions]


def switches(pagename: str, lang: str, editions, suffix: str = ".html") -> list[dict]:
    """The language switch's links (to the other editions), escaped for the template."""
    return [{"href": html_escape(c.href), "code": html_escape(c.code), "title": html_escape(c.title),
             "name": html_escape(c.name)}
            for c in counterparts(pagename, lang, editions, suffix) if c.lang != lang]


def alternates(pagename: str, lang: str, editions, suffix: str = ".html") -> list[str]:
    """`<link rel="alternate" hreflang>` for every edition, the Chinese one also as `x-default`."""
    if len(editions) < 2:
        return []
    links = []
    for c in counterparts(pagename, lang, editions, suffix):
        links.append(f'<link rel="alternate" hreflang="{html_escape(c.code)}" href="{html_escape(c.href)}">')
        if c.lang == "zh":
            links.append(f'<link rel="alternate" hreflang="x-default" href="{html_escape(c.href)}">')
    return links

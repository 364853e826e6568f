"""The two editions side by side: every page links to its counterpart in the other language.

The Chinese edition is the site's root and the English one is under `en/`, built from the same table of contents,
so a page's counterpart has the same name. Each page carries a language switch in its header bar (the
`edition-links.html` template), linked relatively so that it works from a copy of the site, offline, and, when the
site's address is configured, `hreflang` alternates in its head.
Pure functions of the page's name: the Sphinx extension calls them for every page it writes.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..format import html_escape
from ..translation import Language, language, languages

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


def alternates(pagename: str, lang: str, editions, suffix: str = ".html", baseurl: str = "") -> list[str]:
    """`<link rel="alternate" hreflang>` for every edition, the Chinese one also as `x-default`. Only with the
    site's address (`html.baseurl`): search engines take an alternate only as a full address, and a relative one
    fails Lighthouse's check; without it, the language switch is the link between editions."""
    if len(editions) < 2 or not baseurl:
        return []
    links = []
    for other in editions:
        href = html_escape(baseurl.rstrip("/") + "/" + edition_prefix(other) + pagename + suffix)
        links.append(f'<link rel="alternate" hreflang="{html_escape(languages.HTML_LANG[other])}" href="{href}">')
        if other == "zh":
            links.append(f'<link rel="alternate" hreflang="x-default" href="{href}">')
    return links


def edition_language(config) -> Language:
    """The language of the edition Sphinx is building (its `language` setting: zh_CN or en)."""
    return language("en" if str(config.language or "").startswith("en") else "zh")

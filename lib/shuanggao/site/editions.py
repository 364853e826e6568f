"""The two editions side by side: every page links to its counterpart in the other language.

The Chinese edition is the site's root and the English one is under `en/`, with the same file names, so a
page's counterpart is found by its path. Each page gets `hreflang` alternates in its head and a language
switch in its header bar; all links are relative, so the switch works from a copy of the site, offline.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..format import html_escape
from ..translation import languages

HEADER = '<div class="article-header-buttons">'
SWITCH = ('<a class="lang-switch btn btn-sm" href="{href}" hreflang="{code}" lang="{code}" '
          'title="{title}">{name}</a>')
TITLES = {"zh": "本页的中文版", "en": "This page in English"}


def pages(html: Path, lang: str) -> list[Path]:
    """An edition's HTML pages (not the theme's files, not the root's redirect)."""
    root = html if lang == "zh" else html / lang
    found = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root)
        if rel.parts[0] in ("_static", "_sources", *(other for other in languages.LANGUAGES if other != "zh")):
            continue
        if 'http-equiv="Refresh"' in page.read_text(encoding="utf-8")[:500]:
            continue
        found.append(rel)
    return found


def edition_root(html: Path, lang: str) -> Path:
    return html if lang == "zh" else html / lang


def link(html: Path, langs: tuple[str, ...]) -> int:
    """Add the alternates and the switch to every page that has a counterpart; returns how many were linked."""
    if len(langs) < 2:
        return 0
    linked = 0
    for lang in langs:
        for rel in pages(html, lang):
            page = edition_root(html, lang) / rel
            here = page.parent
            alternates, switches = [], []
            for other in langs:
                target = edition_root(html, other) / rel
                if not target.exists():
                    continue
                href = html_escape(os.path.relpath(target, here).replace(os.sep, "/"))
                code = languages.HTML_LANG[other]
                alternates.append(f'<link rel="alternate" hreflang="{code}" href="{href}">')
                if other == "zh":
                    alternates.append(f'<link rel="alternate" hreflang="x-default" href="{href}">')
                if other != lang:
                    switches.append(SWITCH.format(href=href, code=code, title=TITLES[other],
                                                  name=languages.NAMES[other]))
            if not switches:
                continue
            text = page.read_text(encoding="utf-8")
            text = text.replace("</head>", "\n".join(alternates) + "\n</head>", 1)
            if HEADER in text:
                text = text.replace(HEADER, HEADER + "".join(switches), 1)
            else:  # a page without the article header (none in this theme today): the switch opens the body
                body = text.find(">", text.find("<body")) + 1
                text = text[:body] + "".join(switches) + text[body:]
            page.write_text(text, encoding="utf-8")
            linked += 1
    return linked

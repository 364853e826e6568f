"""The theme's icon font, and its stylesheet's icon rules, cut down to the icons the book shows.

pydata-sphinx-theme draws its buttons with Font Awesome's solid web font, 156 KB of woff2 for about 1,400 icons,
which every first view on a phone downloads to draw about a dozen; its stylesheet, which blocks the first paint,
carries a rule for each of them (85 KB of its 397 KB). The book serves a subset of that same font (fontTools,
from the theme's own copy) and the same stylesheet without the other icons' rules, both under the theme's names,
so the theme's pages find them unchanged.
`ICONS` declares the icons the theme and the book's components use; `tests/test_site.py` checks every icon class
on every built page of both editions against the font actually served, so an icon added later without being
declared here fails the tests instead of showing an empty box.
"""
from __future__ import annotations

import re
from pathlib import Path

# Icon names (Font Awesome classes without the `fa-` prefix): the header's buttons (contents, download, the
# page's source file, PDF), both sidebar toggles, the colour-mode switch, search and the close button the theme's
# script adds to the search dialog, back to top, previous and next.
ICONS = ("bars", "list", "outdent", "download", "file", "file-pdf", "sun", "moon", "circle-half-stroke",
         "magnifying-glass", "xmark", "arrow-up", "angle-left", "angle-right")
SOLID_FONT = Path("vendor", "fontawesome", "webfonts", "fa-solid-900.woff2")
STYLESHEET = Path("styles", "pydata-sphinx-theme.css")
# `.fa-bars:before,.fa-navicon:before{content:"\f0c9"}`: every class of a rule names the same glyph.
_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')
_CLASS = re.compile(r"\.fa-([a-z0-9-]+):before")
_ESCAPED = re.compile(r"\\([ef][0-9a-f]{3})\b")
PRIVATE_USE = (0xE000, 0xF8FF)  # where Font Awesome's glyphs are
_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")


def code_points(stylesheet: str) -> dict[str, int]:
    """Each icon name's code point, as the theme's stylesheet maps it."""
    points = {}
    for rule in _RULE.finditer(stylesheet):
        for name in _CLASS.findall(rule.group(1)):
            points[name] = int(rule.group(2), 16)
    return points


def subset(theme_static: Path, out_static: Path, icons=ICONS) -> Path:
    """Write the solid icon font with only `icons` under `out_static`, at the theme's path for it."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    points = code_points((theme_static / STYLESHEET).read_text(encoding="utf-8"))
    wanted = {points[name] for name in icons if name in points} | stylesheet_glyphs()
    target = out_static / SOLID_FONT
    source = theme_static / SOLID_FONT
    stamp = out_static.with_name(out_static.name + ".key")  # outside what is published
    key = f"{source.stat().st_size}:{source.stat().st_mtime_ns}:{sorted(wanted)}"
    if target.exists() and stamp.exists() and stamp.read_text() == key:
        return target
    font = TTFont(source)
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = out_static.with_name(out_static.name + ".part")  # never a half-written font in the static files
    font.flavor = "woff2"
    font.save(partial)
    partial.replace(target)
    stamp.write_text(key)
    return target


def stylesheet(theme_static: Path, out_static: Path, icons=ICONS) -> Path:
    """Write the theme's stylesheet without the rules of icons other than `icons` (a rule naming one of them
    under any alias is kept whole), at the theme's path for it."""
    source = (theme_static / STYLESHEET).read_text(encoding="utf-8")
    keep = {f"fa-{name}" for name in icons}

    def rule(match: re.Match) -> str:
        return match.group(0) if keep & {f"fa-{n}" for n in _CLASS.findall(match.group(1))} else ""

    # Without its source map comment: the map describes the full file.
    text = _MAP.sub("", _RULE.sub(rule, source))
    target = out_static / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        partial = out_static.with_name(out_static.name + ".css.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    return target


def stylesheet_glyphs() -> set[int]:
    """The icon font's code points the themes' stylesheets draw by themselves, outside the icon rules:
    admonition titles, external links, the sidebar's chevrons (as `--pst-icon-*` values or `content`)."""
    found = set()
    for sheet in (theme_static_dir() / STYLESHEET, book_theme_static_dir() / "styles" / "sphinx-book-theme.css"):
        text = _RULE.sub("", sheet.read_text(encoding="utf-8"))
        found |= {int(m, 16) for m in _ESCAPED.findall(text)}
        found |= {ord(c) for c in text if PRIVATE_USE[0] <= ord(c) <= PRIVATE_USE[1]}
    return found


def served_icons(stylesheet_file: Path) -> set[str]:
    """The icon names the served stylesheet draws."""
    return set(code_points(stylesheet_file.read_text(encoding="utf-8")))


def served_code_points(font_file: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(font_file).getBestCmap())


def theme_static_dir() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def book_theme_static_dir() -> Path:
    import sphinx_book_theme

    return Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static"


def add_subset_to_static(app) -> None:
    """`builder-inited`: the cut font and stylesheet are written beside Sphinx's doctrees and listed last among the
    static paths, so they replace the theme's full ones when Sphinx copies the static files."""
    if app.builder.format != "html":
        return
    out = Path(app.doctreedir) / "shuanggao-icons"
    subset(theme_static_dir(), out)
    stylesheet(theme_static_dir(), out)
    app.config.html_static_path = [*app.config.html_static_path, str(out)]

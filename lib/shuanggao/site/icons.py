"""The theme's icon font cut down to the icons the book shows.

pydata-sphinx-theme draws its buttons with Font Awesome's solid web font, 156 KB of woff2 for about 1,400 icons,
which every first view on a phone downloads to draw about a dozen. The book serves a subset of that same file
(fontTools, from the theme's own copy) under the same name, so the theme's stylesheet finds it unchanged.
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
    wanted = {points[name] for name in icons if name in points}
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


def served_code_points(font_file: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(font_file).getBestCmap())


def theme_static_dir() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def add_subset_to_static(app) -> None:
    """`builder-inited`: the subset is written beside Sphinx's doctrees and listed last among the static paths,
    so it replaces the theme's full font when Sphinx copies the static files."""
    if app.builder.format != "html":
        return
    out = Path(app.doctreedir) / "shuanggao-icons"
    subset(theme_static_dir(), out)
    app.config.html_static_path = [*app.config.html_static_path, str(out)]

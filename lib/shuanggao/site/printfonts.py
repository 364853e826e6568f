"""The PDF's typefaces, from the pinned npm packages (assets/package.json), never from the machine.

Noto Sans SC (Chinese, regular and bold) and Noto Sans (Latin, regular, bold and their italics), both SIL OFL 1.1,
as Fontsource ships them: one `@font-face` per slice of the character set (`unicode-range`). Only the slices
that hold a character of the book are declared: the print engine unpacks every declared face, about a tenth of a
second each. Each slice is declared as a family of its own ("Noto Sans SC 12"), listed in `font-family` one
after the other: WeasyPrint embeds one file per family, weight and style, so slices sharing a family name
would print one slice's glyphs for another's characters. The figures' own SVG text keeps the figures' font
(Noto Sans CJK SC from mplfonts), declared here under its name so that the SVGs find it.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import AssetError

CJK = "Noto Sans SC"
LATIN = "Noto Sans"
FIGURES = "Noto Sans CJK SC"
# (npm package, its stylesheets: one per weight and style)
PACKAGES = (
    ("@fontsource/noto-sans-sc", ("400.css", "700.css")),
    ("@fontsource/noto-sans", ("400.css", "700.css", "400-italic.css", "700-italic.css")),
)
_URL = re.compile(r"url\(\./files/([^)]+)\)")
_RULE = re.compile(r"@font-face\s*\{[^}]*\}")
_RANGE = re.compile(r"unicode-range:\s*([^;}]+)")


def covers(rule: str, used: set[int]) -> bool:
    """Whether a face's `unicode-range` holds any of the code points (a face without one holds them all)."""
    ranges = _RANGE.search(rule)
    if ranges is None:
        return True
    for part in ranges.group(1).split(","):
        low, _sep, high = part.strip().removeprefix("U+").partition("-")
        if any(int(low, 16) <= c <= int(high or low, 16) for c in used):
            return True
    return False


def font_faces(node_modules: Path, figures_font: Path, text: str) -> tuple[str, dict[str, list[str]]]:
    """The `@font-face` rules of the print faces that `text` needs, their files addressed on this machine, and
    each typeface's slice families in order (for `font-family`)."""
    used = {ord(c) for c in set(text)}
    rules = [f'@font-face {{ font-family: "{FIGURES}"; src: url("{figures_font.as_uri()}"); }}']
    families: dict[str, list[str]] = {}
    for package, sheets in PACKAGES:
        folder = node_modules / package
        files = (folder / "files").as_uri()
        stem = package.split("/")[-1]
        for sheet in sheets:
            path = folder / sheet
            if not path.exists():
                raise AssetError(f"{path} is missing: the PDF's fonts come from the npm package {package} "
                                 "(assets/package.json); run the build again to fetch it")
            css = path.read_text(encoding="utf-8")
            # Only the WOFF source (zlib: quick to unpack; WOFF2 takes minutes in pure Python).
            css = re.sub(r"url\(\./files/[^)]+\.woff2\) format\('woff2'\),\s*", "", css)
            css = _URL.sub(lambda m, files=files: f'url("{files}/{m.group(1)}")', css)
            for rule in _RULE.findall(css):
                if not covers(rule, used):
                    continue
                family_match = re.search(r"font-family:\s*'([^']+)'", rule)
                slice_match = re.search(rf"/{re.escape(stem)}-(.+?)-\d00-(?:normal|italic)\.woff", rule)
                if family_match is None or slice_match is None:
                    raise AssetError(f"{path}: a @font-face rule this code does not understand; check the "
                                     f"version of {package} in assets/package.json")
                family = f"{family_match.group(1)} {slice_match.group(1)}"
                slices = families.setdefault(family_match.group(1), [])
                if family not in slices:
                    slices.append(family)
                rules.append(rule.replace(family_match.group(0), f"font-family: '{family}'"))
    return "\n".join(rules), families


def stack(families: dict[str, list[str]], *names: str) -> str:
    """A `font-family` value: the slices of each typeface named, in order, then the figures' font."""
    return ", ".join(f'"{family}"' for name in names for family in families.get(name, [])) + f', "{FIGURES}"'

"""Light pages for readers on phones: scripts that do not block the first paint, images with their size
reserved and loaded lazily below the fold, and precompressed copies (gzip and Brotli) of every text asset
for hosts that serve them (`make serve` does, as a real host would)."""
from __future__ import annotations

import base64
import gzip
import re
import struct
from pathlib import Path

# Scripts Sphinx and the theme put in <head> without `defer`; inline ones are moved into the same ordered
# queue as data: URLs, so that each still runs after the files it needs. The theme's colour-mode snippet
# (data-cfasync) stays first and inline: it must run before the first paint to avoid a flash.
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
# What a browser fetches to show a page (downloads are left to the host).
DECLARATIONS = re.compile(r"\s*(?:(?:let|var|const)\s+\w+\s*=\s*(?:'[^']*'|\"[^\"]*\"|\w+)\s*;?\s*)+")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
MIN_BYTES = 1024


def defer_scripts(text: str) -> str:
    def rewrite(m: re.Match) -> str:
        attrs, body = m.group("attrs"), m.group("body")
        if "data-cfasync" in attrs or "type=" in attrs and "text/javascript" not in attrs:
            return m.group(0)  # the mode snippet, JSON data and modules stay as they are
        if "src=" in attrs:
            return m.group(0) if re.search(r"\b(defer|async)\b", attrs) else f"<script defer{attrs}></script>"
        if not body.strip() or DECLARATIONS.fullmatch(body):
            return m.group(0)  # settings that deferred scripts read (togglebutton's), needing nothing
        encoded = base64.b64encode(body.encode("utf-8")).decode("ascii")
        return f'<script defer{attrs} src="data:text/javascript;base64,{encoded}"></script>'

    head_end = text.find("</head>")
    if head_end < 0:
        return text
    return SCRIPT.sub(rewrite, text[:head_end]) + text[head_end:]


# The theme draws its icons twice: with the Font Awesome web font its stylesheet declares, and with
# fontawesome.js (1.5 MB), which swaps every icon for an SVG. The font alone shows the same icons.
ICON_SCRIPT = re.compile(r'<script[^>]*src="[^"]*/fontawesome\.js[^"]*"[^>]*></script>\s*')


def drop_icon_script(text: str) -> str:
    return ICON_SCRIPT.sub("", text)


def png_size(path: Path) -> tuple[int, int] | None:
    with open(path, "rb") as f:
        header = f.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


IMG = re.compile(r"<img\b(?P<attrs>[^>]*?)\s*/?>")


def size_images(text: str, page: Path) -> str:
    """width and height from the file (the layout is reserved before it loads); all but the first image
    lazy, since the first may be what the reader sees first."""
    seen = 0

    def rewrite(m: re.Match) -> str:
        nonlocal seen
        attrs = m.group("attrs")
        src = re.search(r'src="([^"]+)"', attrs)
        seen += 1
        if src and "width=" not in attrs and not src.group(1).startswith(("data:", "http")):
            size = png_size((page.parent / src.group(1).split("?")[0]).resolve()) \
                if src.group(1).endswith(".png") else None
            if size:
                attrs += f' width="{size[0]}" height="{size[1]}"'
        if seen > 1 and "loading=" not in attrs:
            attrs += ' loading="lazy" decoding="async"'
        return f"<img{attrs} />"

    return IMG.sub(rewrite, text)


def one_viewport(text: str) -> str:
    """Sphinx, the theme and myst-nb each declare a viewport; one is enough."""
    tags = re.findall(r'<meta name="viewport"[^>]*>\s*', text)
    for tag in tags[1:]:
        text = text.replace(tag, "", 1)
    return text


def optimise(html: Path) -> None:
    for page in html.rglob("*.html"):
        if {"_static", "_sources"} & set(page.relative_to(html).parts):  # the theme's files, in either edition
            continue
        text = drop_icon_script(one_viewport(page.read_text(encoding="utf-8")))
        # The search page runs its query as soon as searchtools.js runs; deferred, that would be before the
        # index and the Chinese splitter are loaded. It keeps its scripts as they are.
        if page.name != "search.html":
            text = defer_scripts(text)
        page.write_text(size_images(text, page), encoding="utf-8")


def precompress(html: Path, cache: Path | None = None) -> int:
    """`x.gz` and `x.br` beside every text file worth compressing; returns how many files. Brotli at
    quality 9: a tenth larger than 11 and ten times faster. Results are kept in `cache` by content, so a
    rebuild compresses only the files that changed."""
    import hashlib

    import brotli

    count = 0
    for path in html.rglob("*"):
        if path.suffix not in COMPRESSED or not path.is_file() or path.stat().st_size < MIN_BYTES:
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        for suffix, compress in ((".gz", lambda d: gzip.compress(d, compresslevel=9, mtime=0)),
                                 (".br", lambda d: brotli.compress(d, quality=9))):
            kept = cache / f"{digest}{suffix}" if cache else None
            if kept is not None and kept.exists():
                packed = kept.read_bytes()
            else:
                packed = compress(data)
                if kept is not None:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    partial = kept.with_name(f".{kept.name}.{id(data)}.partial")
                    partial.write_bytes(packed)
                    partial.replace(kept)
            path.with_name(path.name + suffix).write_bytes(packed)
        count += 1
    return count

"""Light pages for readers on phones: scripts that do not block the first paint, images with their size
reserved and loaded lazily below the fold, and precompressed copies (gzip and Brotli) of every text asset
for hosts that serve them (`make serve` does, as a real host would).

The Sphinx extension applies the first two while each page is written (to the page's script list and to each
image as the HTML translator emits it); the copies are made when the build has finished.
"""
from __future__ import annotations

import gzip
import re
import struct
from pathlib import Path

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
MIN_BYTES = 1024
# An inline script that only declares settings (sphinx-togglebutton's) needs nothing loaded before it, and its
# names must stay global: it runs where it is.
DECLARATIONS = re.compile(r"\s*(?:(?:let|var|const)\s+\w+\s*=\s*(?:'[^']*'|\"[^\"]*\"|\w+)\s*;?\s*)+")
# The search page runs its query as soon as searchtools.js runs; deferred, that would be before the index and the
# Chinese splitter are loaded. It keeps its scripts as they are.
UNDEFERRED_PAGES = {"search"}


def deferred(script_files: list, pagename: str) -> list:
    """The page's scripts, each file deferred and each inline script that needs one of them run after it (as an
    inline module, which the browser runs in order with deferred files)."""
    from sphinx.builders.html._assets import _JavaScript

    if pagename in UNDEFERRED_PAGES:
        return script_files
    out = []
    for js in script_files:
        if not isinstance(js, _JavaScript):  # an old-style bare file name
            js = _JavaScript(js)
        attrs = dict(js.attributes)
        kind = attrs.get("type", "text/javascript")
        if kind not in ("text/javascript", "application/javascript"):
            out.append(js)  # JSON data and modules stay as they are
            continue
        if js.filename:
            if not {"defer", "async"} & attrs.keys():
                attrs["defer"] = "defer"
        else:
            body = attrs.get("body", "")
            if not body.strip() or DECLARATIONS.fullmatch(body):
                out.append(js)
                continue
            attrs["type"] = "module"
        out.append(_JavaScript(js.filename, priority=js.priority, **attrs))
    return out


def png_size(path: Path) -> tuple[int, int] | None:
    try:
        with open(path, "rb") as f:
            header = f.read(24)
    except OSError:
        return None
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


IMG_TAG = re.compile(r"<img\b")


def image_attributes(source: Path | None, index: int, live: bool = False) -> str:
    """Attributes for a page's `index`-th image (from 0): its size from the file, so the layout is reserved
    before it loads; all but the first lazy, and the first fetched first, since on a chapter it is usually the
    largest thing a phone reader sees first (Lighthouse's largest contentful paint). The image of a figure with
    a live view (`live`) is lazy wherever it is: the live view hides it in a browser that runs scripts, and a
    hidden lazy image is never fetched; without scripts, and in print, it is shown and loads."""
    attrs = ""
    size = png_size(source) if source is not None and source.suffix == ".png" else None
    if size:
        attrs += f' width="{size[0]}" height="{size[1]}"'
    attrs += ' loading="lazy" decoding="async"' if index > 0 or live else ' fetchpriority="high"'
    return attrs


# A live view (pages.live_site.state_block / map_block) names the figure it takes the place of.
LIVE_FIGURE = re.compile(r'class="live-figure[^"]*" data-figure="([^"]+)"')


def place_live_views(app, doctree) -> None:
    """(doctree-read) Each live view (a notebook output) moved into the figure it takes the place of, before the
    caption, so that the page is laid out once with it where it shows: nothing moves when scripts start (the
    explorer's map moved its caption 360 px on a phone). The figure gets the class `has-live-view`: the book's
    stylesheet shows the view and hides the image where scripts run, so the image is never fetched; without
    scripts and in print the view stays hidden and the image shows. The figure's images are marked `live` (lazy,
    see `image_attributes`)."""
    from docutils import nodes

    figures = {name: figure for figure in doctree.findall(nodes.figure) for name in figure["ids"]}
    for raw in list(doctree.findall(nodes.raw)):
        names = LIVE_FIGURE.findall(raw.astext())
        figure = figures.get(names[0]) if len(names) == 1 else None
        if figure is None:
            continue
        figure["classes"].append("has-live-view")
        for image in figure.findall(nodes.image):
            image["live"] = True
        raw.parent.remove(raw)
        captions = [i for i, child in enumerate(figure.children) if isinstance(child, nodes.caption)]
        figure.insert(captions[0] if captions else len(figure.children), raw)


def visit_image(translator, node) -> None:
    """The HTML translator's own image, with the attributes above on its <img> tag."""
    before = len(translator.body)
    type(translator).visit_image(translator, node)
    live = bool(node.get("live"))
    index = getattr(translator, "shuanggao_images", 0)
    if not live:  # the first image a reader sees is the first one without a live view
        translator.shuanggao_images = index + 1
    uri = (node.get("candidates") or {}).get("*") or node.get("uri", "")
    source = Path(translator.builder.srcdir, uri) if uri and "://" not in uri else None
    extra = image_attributes(source, index, live)
    for i in range(before, len(translator.body)):
        if IMG_TAG.match(translator.body[i]) and "width=" not in translator.body[i]:
            translator.body[i] = IMG_TAG.sub("<img" + extra, translator.body[i], count=1)
            break


def depart_image(translator, node) -> None:
    type(translator).depart_image(translator, node)


# The case explorer's script and stylesheet (ITables' DataTables bundle, about 700 KiB): a static file of the
# book, which a reader's browser caches, rather than inline in the page (pages.explorer.BUNDLE_URL links it).
TABLE_BUNDLE = "_static/itables"


def copy_table_bundle(html: Path) -> None:
    """ITables' offline bundle (`dt_bundle.js` and `.css`, from the installed package) into the site's _static."""
    import shutil
    from importlib.util import find_spec

    # Found where the package lies, not imported: `import itables` imports pandas and its sample tables (a second
    # of every build, a one-sentence edit's included).
    package = Path(find_spec("itables").origin).parent
    target = html / TABLE_BUNDLE
    target.mkdir(parents=True, exist_ok=True)
    for name in ("dt_bundle.js", "dt_bundle.css"):
        shutil.copyfile(package / "html" / name, target / name)


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
            target = path.with_name(path.name + suffix)
            if not target.exists() or target.read_bytes() != packed:
                target.write_bytes(packed)
        count += 1
    return count

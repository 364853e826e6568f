"""Figures for phones: where a figure has a phone variant beside it (`x-phone.png` beside `x.png`, written by
`Page.figure`: the same chart function and data drawn narrower, `figures.phone`), the page serves it
to viewports under 600 px with `<picture><source media="(max-width: 599px)" …><img …></picture>`, so that a phone
shows the figure's text at 11 px or more (`figures.rules.text_size_problems`). Wider screens, the downloads and the
PDF keep the figure itself.

Made inside Sphinx: when a page is read, the variant becomes a `PhoneImage` node inside the figure's image (before
Sphinx's image collector runs, so Sphinx copies it and notes it as a dependency like any image); the HTML translator
writes it as the `<source>` of the image's `<picture>`.
"""
from __future__ import annotations

import posixpath
import urllib.parse
from pathlib import Path

from docutils import nodes

from ..figures.phone import PHONE_MAX_VIEWPORT_PX, phone_name
from ..format import html_escape
from . import webperf

MEDIA = f"(max-width: {PHONE_MAX_VIEWPORT_PX}px)"


class PhoneImage(nodes.image):
    """A figure's phone variant, kept inside the figure's image node; written only as its `<source>`."""


def add_phone_variants(app, doctree) -> None:
    """(doctree-read, before Sphinx's image collector) Each image whose file has a phone variant beside it gets
    the variant as a `PhoneImage` child."""
    docname = app.env.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if isinstance(image, PhoneImage) or not uri or "://" in uri or uri.startswith("data:"):
            continue
        _rel, full = app.env.relfn2path(uri, docname)
        variant = Path(full).with_name(phone_name(Path(full).stem) + Path(full).suffix)
        if variant.is_file():
            image += PhoneImage(uri=posixpath.join(posixpath.dirname(uri), variant.name))


def phone_variant(node) -> PhoneImage | None:
    return next((child for child in node.children if isinstance(child, PhoneImage)), None)


def visit_image(translator, node) -> None:
    """The image as `webperf` writes it, inside a `<picture>` whose `<source>` is its phone variant, if it has one."""
    phone = phone_variant(node)
    if phone is not None:
        uri = phone["uri"]
        src = posixpath.join(translator.builder.imgpath, urllib.parse.quote(translator.builder.images[uri])) \
            if uri in translator.builder.images else uri
        size = webperf.png_size(Path(translator.builder.srcdir, uri))
        sized = f' width="{size[0]}" height="{size[1]}"' if size else ""
        translator.body.append(f'<picture><source media="{MEDIA}" srcset="{html_escape(src)}"{sized}>')
    webperf.visit_image(translator, node)


def depart_image(translator, node) -> None:
    webperf.depart_image(translator, node)
    if phone_variant(node) is not None:
        translator.body.append("</picture>")


def skip(translator, node) -> None:
    """Written by its figure's image (`visit_image`), not on its own."""
    raise nodes.SkipNode


def setup(app) -> dict:
    """Registered by the book's extension (`sphinx_ext`); an extension of its own too (the tests build with it)."""
    # Before the image collector (priority 500), which then registers the variant's file like the image's.
    app.connect("doctree-read", add_phone_variants, priority=400)
    app.add_node(PhoneImage, **{writer: (skip, None) for writer in ("html", "latex", "text", "man", "texinfo")})
    app.add_node(nodes.image, override=True, html=(visit_image, depart_image))
    return {"parallel_read_safe": True, "parallel_write_safe": True}

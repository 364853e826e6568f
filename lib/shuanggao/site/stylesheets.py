"""One stylesheet per page instead of ten, for the first paint on a phone.

The theme links its two stylesheets and Sphinx's `basic.css`, and each extension adds its own: ten requests that
block the first paint, which over HTTP/1.1 (six connections to a host) cost a phone two more round trips
(Lighthouse, mobile: first contentful paint 1.8 s with ten, 1.4 s with one). While a page is written
(`html-page-context`, after every extension has added its files), the page's local stylesheets are joined, in the
order the page would link them, into one file under `_static/styles/`, each `@import` put in its place and each
relative `url()` rewritten for the joined file's folder; the template links that file instead. The files
themselves stay where they are.

The joined file is named by the list of files it joins and made when the build has finished (MyST-NB copies its
stylesheet only then), at every build that writes a page (a stylesheet-only edit writes every page, see
`sphinx_ext.static_files_changed`); its `?v=` comes from the checksums Sphinx gives the files it joins.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
import zlib
from pathlib import Path

# What the theme's layout links before Sphinx's list (pydata-sphinx-theme's `head_pre_assets`), and basic.css,
# which the book's layout links beside them (templates/layout.html).
THEME_STYLESHEETS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css", "_static/basic.css")
FOLDER = "_static/styles"
IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"]?)([^'")\s]+)\1\s*\)?\s*([^;]*);""")
URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")
SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/")
CHARSET = re.compile(r"""@charset\s+["'][^"']*["']\s*;""")
ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


def is_joinable(css) -> bool:
    """A local stylesheet for every medium (a print-only or remote one keeps its own link)."""
    attrs = dict(css.attributes)
    return (attrs.get("rel", "stylesheet") == "stylesheet" and attrs.get("media") in (None, "", "all")
            and "://" not in os.fspath(css.filename))


def rebased(css: str, source: str) -> str:
    """`css`, read from `source` (a path under the site), with each relative `url()` pointing from `FOLDER`."""
    def rebase(match: re.Match) -> str:
        quote, target = match.groups()
        if ABSOLUTE.match(target):
            return match.group(0)
        path, rest = re.match(r"([^?#]*)(.*)", target).groups()  # `font.eot?#iefix`: the path, then the rest
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        return f"url({quote}{posixpath.relpath(resolved, FOLDER)}{rest}{quote})"
    return URL.sub(rebase, css)


def expanded(outdir: Path, source: str, seen: tuple[str, ...] = ()) -> str:
    """The stylesheet at `source` (a path under `outdir`) with its imports in place and its URLs rebased."""
    path = outdir / source
    if source in seen:
        raise StylesheetError(f"{path}: imports itself (through {' → '.join(seen)})")
    try:
        css = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StylesheetError(f"{path}: the page links this stylesheet, and it is not in the site") from None
    css = CHARSET.sub("", SOURCE_MAP.sub("", css))
    imported = []  # each import's text, already rebased from its own folder: kept out of this file's rebasing

    def inline(match: re.Match) -> str:
        _, target, media = match.groups()
        if ABSOLUTE.match(target) or media.strip():
            raise StylesheetError(f"{path}: `{match.group(0)}` cannot be joined (a remote file or one for some "
                                  "media only)")
        imported.append(expanded(outdir, posixpath.normpath(posixpath.join(posixpath.dirname(source), target)),
                                 (*seen, source)))
        return f"\0{len(imported) - 1}\0"
    own = rebased(IMPORT.sub(inline, css), source)
    return re.sub(r"\0(\d+)\0", lambda m: imported[int(m.group(1))], own)


def joined_name(sources: list[str]) -> str:
    """The joined file's path under the site: named by the files it joins."""
    return f"{FOLDER}/book-{hashlib.sha256(chr(10).join(sources).encode()).hexdigest()[:12]}.css"


def checksum(outdir: Path, sources: list[str]) -> str:
    """The joined file's `?v=`: from the checksums Sphinx gives each file it joins (a file an extension copies
    only when the build has finished, as MyST-NB its stylesheet, counts by its name, which holds its digest)."""
    from sphinx.builders.html._assets import _file_checksum

    return f"{zlib.crc32(chr(10).join(_file_checksum(outdir, s) or s for s in sources).encode()):08x}"


def write_joined(outdir: Path, sources: list[str]) -> Path:
    """Write the stylesheets `sources` (paths under `outdir`, in order) as one file."""
    data = "\n".join(f"/* {source} */\n{expanded(outdir, source)}" for source in sources).encode("utf-8")
    out = outdir / joined_name(sources)
    if not out.exists() or out.read_bytes() != data:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.{os.getpid()}")
        partial.write_bytes(data)
        partial.replace(out)  # whole or not at all
    return out


def page_stylesheet(app, pagename, templatename, context, doctree) -> None:
    """(html-page-context, late) The page's stylesheets, to be joined when the build has finished; the template
    links the joined file (`shuanggao_stylesheet`) and, after it, the ones that cannot be joined. Pages written in
    parallel (`sphinx -j`) keep their links: the list of files to join is kept by this process."""
    if app.builder.format != "html" or "css_files" not in context or app.parallel > 1:
        return
    files = sorted(context["css_files"], key=lambda css: getattr(css, "priority", 500))
    joinable = [css for css in files if hasattr(css, "attributes") and is_joinable(css)]
    sources = (*THEME_STYLESHEETS, *(os.fspath(css.filename) for css in joinable))
    app.shuanggao_stylesheets.add(sources)
    context["shuanggao_stylesheet"] = {"file": joined_name(list(sources)),
                                       "checksum": checksum(Path(app.outdir), list(sources))}
    context["css_files"] = [css for css in files if css not in joinable]


def write_all(app) -> None:
    """(build-finished, after every extension has copied its files) The joined stylesheets this build's pages
    link."""
    for sources in sorted(app.shuanggao_stylesheets):
        write_joined(Path(app.outdir), list(sources))


class StylesheetError(Exception):
    """A page's stylesheet that cannot be joined with the others."""

"""The book's Sphinx extension: everything a reader's page carries beyond the theme, made while Sphinx writes it.

- Glued numbers (`{glue:text}`, and a page's own pasted as `{eval}`, see `inline`) link to their verification
  row with a note saying where they come from (`numbers`).
- Each page (`html-page-context`): the language switch and (with a base URL) `hreflang` alternates for the editions,
  the link to the whole-book PDF (sidebar and the header's download menu, which loses the browser's print-one-page
  button), a meta description and Open Graph tags from the page's first paragraph, deferred scripts.
- Each image as the HTML translator writes it: its size reserved, lazy below the first; a figure's phone variant as
  the `<source>` of its `<picture>` (`phonefigures`); icons cut down (`icons`).
- The verification page's tables as cards on a phone, each cell labelled with its column (`cards`).
- Each page's stylesheets joined into one file, which its head links (`stylesheets`).
- The script of the live figures (`live-figures.js`, see `pages.live_site`).
- When the build has finished (`build-finished`): the explorer's ITables bundle, the phrase index for the Chinese
  search, the sitemap of both editions and `robots.txt` (by the site's root edition), then precompressed copies.

Its templates (`templates/`) are theme components placed through the theme's options, so a change of the theme's
markup cannot drop them silently; the runner's audit checks every page for them anyway.

Configured by the runner in the staged `_config.yml` (`sphinx.config`): `shuanggao_editions`, the languages built
together (the first is the site's root), `shuanggao_pdf`, whether the whole-book PDF is published, and
`shuanggao_citation`, the book's citation every page's footer gives (`pages.about.citation_text`).

It is longer than 250 lines because every hook the book sets in Sphinx is registered here, in one `setup`, with
the page context its templates read (the language switch, the PDF link, the footer's citation).
Registered in _config.yml (sphinx.config.extensions).
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes

from .. import inline
from ..format import html_escape
from . import cards, chinese, editions, icons, phonefigures, phrases, seo, stylesheets, typeset, webperf
from .editions import edition_language
from .numbers import LinkedGlueDomain, PastedNumberRole

PDF_PATH = "book/book.pdf"
TEMPLATES = Path(__file__).with_name("templates")
# Where each of the book's components goes among the theme's (sphinx-book-theme's option names).
COMPONENTS = {"article_header_end": "edition-links.html", "primary_sidebar_end": "book-pdf.html",
              "footer_content_items": "citation.html"}
# Kept beside Sphinx's doctrees (not published): each page's text for the phrase index, and compressed copies.
PHRASE_STORE = "shuanggao-phrases"
COMPRESSED_CACHE = "shuanggao-compressed"
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')


# configuration -------------------------------------------------------------
def mark_chinese_quotations(app, doctree, docname) -> None:
    """In the English edition, the Chinese it quotes or glosses is marked `lang="zh"` (`chinese`)."""
    if edition_language(app.config).english:
        chinese.mark_chinese(doctree)


def place_components(app, config) -> None:
    """The book's templates first on the template path, its components among the theme's."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    options = config.html_theme_options
    for option, component in COMPONENTS.items():
        present = options.get(option)
        if present is None:
            present = DEFAULT_COMPONENTS[option]
        if isinstance(present, str):
            present = [c.strip() for c in present.split(",") if c.strip()]
        if component not in present:
            options[option] = [*present, component]


# The theme's defaults for the options the book adds to (sphinx-book-theme 1.3, pydata-sphinx-theme 0.17).
DEFAULT_COMPONENTS = {"article_header_end": ["article-header-buttons.html"], "primary_sidebar_end": [],
                      "footer_content_items": ["author.html", "copyright.html", "last-updated.html",
                                               "extra-footer.html"]}


def pdf_href(pagename: str) -> str:
    return posixpath.relpath(PDF_PATH, posixpath.dirname(pagename) or ".")


# each page --------------------------------------------------------------------
def page_components(app, pagename, templatename, context, doctree) -> None:
    """What the book's templates show (set before the theme drops the components that render empty)."""
    config = app.config
    lang = edition_language(config)
    built = list(config.shuanggao_editions) or [lang.code]
    suffix = config.html_file_suffix or ".html"
    context["shuanggao_switches"] = editions.switches(pagename, lang.code, built, suffix)
    # The book's one citation (the About page's and the PDF's) in the footer: pages.about.citation_text.
    context["shuanggao_citation"] = html_escape(config.shuanggao_citation)
    context["shuanggao_citation_label"] = html_escape(lang._("建议引用："))
    context["shuanggao_pdf"] = None
    if config.shuanggao_pdf:
        context["shuanggao_pdf"] = {"href": html_escape(pdf_href(pagename)),
                                    "label": html_escape(lang._("下载全书 PDF（打印、存档）"))}


def page_head_and_buttons(app, pagename, templatename, context, doctree) -> None:
    """The page's head (alternates, description, Open Graph, deferred scripts) and header buttons, once the theme
    has made its own; and the page's text for the phrase index."""
    config = app.config
    lang = edition_language(config)
    built = list(config.shuanggao_editions) or [lang.code]
    head = editions.alternates(pagename, lang.code, built, config.html_file_suffix or ".html",
                               config.html_baseurl or "")
    replace_print_button(context, {"type": "link", "url": html_escape(pdf_href(pagename)),
                                   "text": html_escape(lang._("全书 PDF")),
                                   "tooltip": html_escape(lang._("下载全书 PDF（打印、存档）")),
                                   "icon": "fas fa-file-pdf", "label": "book-pdf"} if config.shuanggao_pdf else None)
    if doctree is not None:
        title = next((" ".join(t.astext().split()) for t in doctree.findall(nodes.title)), "")
        head += seo.meta_tags(about=seo.description(doctree), title=title, lang=lang.code, site_name=config.project,
                              url=context.get("pageurl") or "")
    # Sphinx's layout declares the viewport already; an extension's second one goes.
    context["metatags"] = VIEWPORT.sub("", context.get("metatags", "")) + "\n".join(head) + "\n"
    if "script_files" in context:
        context["script_files"] = webperf.deferred(context["script_files"], pagename)
    if lang.is_source and pagename not in seo.NOT_PAGES and "body" in context:
        phrases.keep(Path(app.doctreedir) / PHRASE_STORE, pagename, context.get("title", ""), context["body"])


def is_print_button(button: dict) -> bool:
    return button.get("type") == "javascript" and "print()" in button.get("javascript", "")


def replace_print_button(context, pdf: dict | None) -> None:
    """The header's download menu offers the whole book as a PDF (`pdf`: its link) instead of the browser's
    print-one-page button, which does not print the book; without the PDF the button just goes."""
    for group in context.get("header_buttons", []):
        if group.get("type") != "group":
            continue
        group["buttons"] = [b if not is_print_button(b) else pdf for b in group["buttons"]
                            if pdf is not None or not is_print_button(b)]


def drop_pdf_links_without_pdf(app, doctree, docname) -> None:
    """Without the PDF, a page's own link to it (raw HTML `<a class="book-pdf">` in the data page's prose) goes,
    with its text; a paragraph left empty goes too."""
    if app.config.shuanggao_pdf:
        return
    for raw in list(doctree.findall(nodes.raw)):
        if 'class="book-pdf"' not in raw.astext() or raw.parent is None:
            continue
        parent = raw.parent
        start = end = parent.index(raw)
        if not raw.astext().rstrip().endswith("</a>"):  # inline HTML: the link's text and its closing tag follow
            while end + 1 < len(parent.children) and not (
                    isinstance(parent[end], nodes.raw) and parent[end].astext().strip() == "</a>"):
                end += 1
        for node in parent.children[start:end + 1]:
            parent.remove(node)
        if isinstance(parent, nodes.paragraph) and not parent.astext().strip() and parent.parent is not None:
            parent.parent.remove(parent)


# the build ----------------------------------------------------------------------
def static_files_changed(app, env, added, changed, removed) -> list[str]:
    """(env-get-outdated) When only a static file changed (the stylesheet, a script), Sphinx finds no page out of
    date and stops before its writing phase, where it copies the static files: the site kept the old stylesheet.
    Then every page is given as changed: the writing phase runs and copies them, and each page links them with
    their new checksum (`?v=`), so that no reader's browser keeps the old file for a page not written again."""
    import hashlib

    digest = hashlib.sha256()
    for folder in app.config.html_static_path:
        root = Path(app.confdir, folder)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            # By content (the runner stages these files afresh at every build): some 8 MB, a few hundredths of a s.
            digest.update(f"{path.relative_to(root)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    before = getattr(env, "shuanggao_static_digest", None)
    env.shuanggao_static_digest = digest.hexdigest()
    if before is None or before == env.shuanggao_static_digest or added or changed or removed:
        return []
    return sorted(env.found_docs)


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    lang = edition_language(app.config)
    built = list(app.config.shuanggao_editions) or [lang.code]
    docnames = app.env.found_docs
    stylesheets.write_all(app)
    webperf.copy_table_bundle(outdir)
    if lang.is_source:
        phrases.write(Path(app.doctreedir) / PHRASE_STORE, docnames, outdir)
        if built[0] == lang.code:  # the site's root: one sitemap for every edition
            seo.write_sitemap(outdir, seo.site_pages(docnames, built, editions.edition_prefix,
                                                     app.config.html_file_suffix or ".html"),
                              app.config.html_baseurl or "")
    webperf.precompress(outdir, Path(app.doctreedir) / COMPRESSED_CACHE)


def setup(app):
    app.add_config_value("shuanggao_editions", [], "html", types=[list, tuple])
    app.add_config_value("shuanggao_pdf", False, "html", types=[bool])
    app.add_config_value("shuanggao_citation", "", "html", types=[str])
    app.add_domain(LinkedGlueDomain, override=True)
    app.add_role(inline.ROLE, PastedNumberRole(), override=True)
    app.connect("config-inited", place_components)
    app.connect("builder-inited", icons.add_subset_to_static)
    # Before pydata-sphinx-theme drops the components that render empty (default priority); after sphinx-book-theme
    # has made its header buttons (501).
    app.connect("html-page-context", page_components, priority=400)
    app.connect("html-page-context", page_head_and_buttons, priority=900)
    app.shuanggao_stylesheets = set()  # the lists of stylesheets this build's pages join
    app.connect("html-page-context", stylesheets.page_stylesheet, priority=950)
    # Last, so that the copies match what every other extension wrote.
    app.connect("build-finished", build_finished, priority=900)
    app.connect("env-get-outdated", static_files_changed)
    app.connect("doctree-resolved", drop_pdf_links_without_pdf)
    app.connect("doctree-resolved", mark_chinese_quotations)
    # Each image with its size reserved, lazy below the first (webperf), in a <picture> with its phone variant.
    phonefigures.setup(app)
    app.connect("doctree-read", webperf.place_live_views)
    app.connect("doctree-resolved", cards.label_cells)
    app.add_node(nodes.entry, override=True, html=(cards.visit_entry, cards.depart_entry))
    app.add_node(nodes.table, override=True, html=(cards.visit_table, cards.depart_table))
    app.add_node(nodes.attribution, override=True, html=(typeset.visit_attribution, typeset.depart_attribution))
    # The live figures' states switch in the reader's browser (pages.live_site), with the book's own script.
    app.add_js_file("live-figures.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

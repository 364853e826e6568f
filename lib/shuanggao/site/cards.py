"""Tables that read as one card per row on a phone (the verification page's, in a `stacked-table` block).

Under 600 px the book's stylesheet lays such a table out as cards and hides its header row; each cell then shows
its column's name, which the extension writes on the cell as `data-label` (from the header, in the page's
language) and the stylesheet draws before the cell's text. An attribute, not an element per cell: the page was
a thousand elements lighter (every element costs a phone's layout), and a notebook's Markdown table, which
JupyterLab shows without the book's stylesheet, carries no labels to hide.

A table in a closed group (a dropdown) gets a scroller of the book's instead of the theme's (see `FOLDED`).
"""
from __future__ import annotations

from docutils import nodes

from ..format import html_escape

CONTAINER = "stacked-table"
ATTRIBUTE = "shuanggao_label"
FOLDED = "shuanggao_folded"
# The theme wraps every table in a scroller, and its script measures every scroller at load to make those that
# overflow keyboard-reachable: a table in a closed group is then laid out although nobody sees it (the
# verification page's eleven registry tables, 2,400 elements: half a second of a phone's main thread in
# Lighthouse). Their scroller has a class of the book's; a11y.js measures it when its group opens.
THEME_SCROLLER = '<div class="pst-scrollable-table-container">'
FOLDED_SCROLLER = '<div class="book-folded-table">'


def is_folded(node) -> bool:
    """Inside a group a reader opens (a dropdown, written as <details>)."""
    parent = node.parent
    while parent is not None:
        if type(parent).__name__ == "dropdown_main" or parent.get("design_component") == "dropdown":
            return True
        parent = parent.parent
    return False


def label_cells(app, doctree, docname) -> None:
    """(doctree-resolved) Each body cell of a table in a `stacked-table` block gets its column's name; a table in a
    closed group is marked as folded."""
    for table in doctree.findall(nodes.table):
        if is_folded(table):
            table[FOLDED] = True
    for container in doctree.findall(nodes.container):
        if CONTAINER not in container.get("classes", []):
            continue
        for table in container.findall(nodes.table):
            head = next(table.findall(nodes.thead), None)
            if head is None:
                continue
            names = [" ".join(entry.astext().split()) for entry in next(head.findall(nodes.row)).children]
            for body in table.findall(nodes.tbody):
                for row in body.children:
                    for name, entry in zip(names, row.children):
                        entry[ATTRIBUTE] = name


def visit_entry(translator, node) -> None:
    """The HTML translator's own cell, with its column's name as `data-label`."""
    type(translator).visit_entry(translator, node)
    tag = translator.body[-1]
    if node.get(ATTRIBUTE) and tag[:3] in ("<td", "<th"):
        name = tag[1:3]  # "td" or "th"
        translator.body[-1] = f'<{name} data-label="{html_escape(node[ATTRIBUTE])}"{tag[3:]}'


def depart_entry(translator, node) -> None:
    type(translator).depart_entry(translator, node)


def visit_table(translator, node) -> None:
    """The theme's table, in the book's scroller when it is folded."""
    type(translator).visit_table(translator, node)
    if node.get(FOLDED) and len(translator.body) > 1 and translator.body[-2] == THEME_SCROLLER:
        translator.body[-2] = FOLDED_SCROLLER


def depart_table(translator, node) -> None:
    type(translator).depart_table(translator, node)

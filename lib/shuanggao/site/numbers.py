"""Glued numbers on the site: each pasted number ({glue:text}`key:s`, or a page's own as {eval}`key`, see
`inline`) links to its verification row with a note saying where it comes from, in the edition's words; a page
that glues from another notebook depends on it (`env.note_dependency`), so an incremental build reads it again
when that notebook was executed again. The Sphinx extension (`sphinx_ext`) registers the roles."""
from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.domain import NbGlueDomain
from myst_nb.ext.glue.roles import PasteTextRole

from .. import inline
from ..format import anchor
from ..registry import path_for
from ..translation import Language
from .editions import edition_language

VERIFY_DOC = "book/verify"


@cache
def _results(path: str, mtime: float) -> dict[str, dict]:
    return {r["key"]: r for r in json.loads(Path(path).read_text(encoding="utf-8"))}


def registry_entry(srcdir: str, docname: str, key: str) -> dict | None:
    path = path_for(Path(srcdir) / posixpath.dirname(docname), posixpath.basename(docname))
    if not path.exists():
        return None
    return _results(str(path), path.stat().st_mtime).get(key)


def note_text(entry: dict, lang: Language) -> str:
    if entry.get("kind") == "claim":
        return lang._("依据数据的判断：{evaluated}；点击查看核验").format(evaluated=entry["evaluated"])
    # In the reader's words (table title, row label, column title); the ids and the computation's wording stay
    # on the verification page the number links to.
    if entry.get("source_label"):
        source = lang._("数据：{source}").format(source=entry["source_label"])
    else:
        source = lang._("数据：{source}").format(source=lang._("“{title}”表").format(title=entry["table_title"])
                                                if entry.get("table_title") else lang._("本书的核验记录"))
    if entry.get("numerator") is not None:
        source += lang._("；计算：{numerator} ÷ {denominator}").format(numerator=entry["numerator"],
                                                                 denominator=entry["denominator"])
    if entry.get("edition"):  # the edition's value, not what the brief prints at its lines
        source += lang._("；{place}").format(place=entry["edition"])
    elif entry.get("lines"):  # the brief's part and section, then its lines
        source += lang._("；{place}").format(place=entry.get("brief_place") or lang.lines_label(entry["lines"]))
    return source + lang._("；点击查看核验")


class LinkedPasteTextRole(PasteTextRole):
    def run(self):
        pasted, messages = super().run()
        if not pasted:
            return pasted, messages
        env = self.document.settings.env
        target, _sep, key = self.text.rsplit(":", 1)[0].rpartition("::")
        docname = env.docname
        if target:
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(docname), target.rsplit(".", 1)[0]))
            # The number is pasted from that notebook's outputs: read this page again when it changes.
            env.note_dependency(env.doc2path(docname, base=False))
        entry = registry_entry(env.srcdir, docname, key)
        if entry is None:
            messages.append(self.inliner.reporter.warning(
                f"glued number {key!r} of {docname} has no entry in the results registry", line=self.line))
            return pasted, messages
        notebook = posixpath.basename(docname)
        href = posixpath.relpath(VERIFY_DOC, posixpath.dirname(env.docname)) + ".html#" + anchor(notebook, key)
        note = note_text(entry, edition_language(env.config))
        link = nodes.reference("", "", *pasted, refuri=href, internal=True, classes=["num-link"], reftitle=note)
        wrapper = nodes.inline("", "", link, nodes.inline(note, note, classes=["num-note"]), classes=["num"])
        return [wrapper], messages


class PastedNumberRole(LinkedPasteTextRole):
    """{eval}`key`: the text glued under `key`, pasted and linked as {glue:text}`key:s` is (`inline`); in place
    of myst-nb's role, which evaluates in a kernel while the page is rendered (inline execution only)."""
    def run(self):
        self.text = inline.glue_target(self.text)
        return super().run()


class LinkedGlueDomain(NbGlueDomain):
    roles = {**NbGlueDomain.roles, "text": LinkedPasteTextRole()}

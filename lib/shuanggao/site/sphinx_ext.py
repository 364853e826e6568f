"""Sphinx extension: every number pasted with {glue:text} links to its verification row and explains itself.

The pasted number becomes a link to the 核验 (verification) page, with a note, shown on hover or
keyboard focus, saying which table, row and column it comes from and where the brief prints it.
Registered in _config.yml (sphinx.config.extensions).
"""
from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.domain import NbGlueDomain
from myst_nb.ext.glue.roles import PasteTextRole

from ..format import anchor
from ..registry import path_for
from ..translation import Language, language

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
    table = lang._("“{title}”表").format(title=entry["table_title"]) if entry.get("table_title") else entry["table"]
    source = lang._("数据：{table} · {row} · {column}").format(table=table, row=entry["row"], column=entry["column"])
    if entry.get("numerator") is not None:
        source += lang._("；计算：{numerator} ÷ {denominator}").format(numerator=entry["numerator"],
                                                                 denominator=entry["denominator"])
    elif entry.get("note"):
        source += lang._("（{note}）").format(note=entry["note"])
    if entry.get("lines"):
        source += lang._("；简报：{lines}").format(lines=lang.lines_label(entry["lines"]))
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


class LinkedGlueDomain(NbGlueDomain):
    roles = {**NbGlueDomain.roles, "text": LinkedPasteTextRole()}


def edition_language(config) -> Language:
    """The language of the edition Sphinx is building (its `language` setting: zh_CN or en)."""
    return language("en" if str(config.language or "").startswith("en") else "zh")


def setup(app):
    app.add_domain(LinkedGlueDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""What a translator still has to do for the English edition: the notebooks' and pages' untranslated or
outdated passages (`cells`), the library's and the data's words missing from the catalogue
(`style/locale/en.po`), and the case studies' translations (`cases`). `shuanggao translations` prints it, and
`--update` adds the new messages to the catalogue (`update_catalogue`).

This module reads the whole book (the data, the figures' province names), so it sits at the top of the
library: nothing but the command line and the tests imports it.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from . import cases, catalogue
from .cells import Finding, fingerprint, notebook_findings, page_findings

# Calls whose first argument is a message for the catalogue: `lang._("…")`, `lang.ngettext("…", "…", n)`
# and `N_("…")` (marked here, translated where it is shown).
MESSAGE_CALLS = ("_", "N_", "ngettext", "counted", "measure")


def called(node) -> str | None:
    """The name a call is made by: `_` for `_(…)` and for `lang._(…)`."""
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def library_messages(lib: Path) -> dict[tuple, str]:
    """Every message of the library (`lang._("…")`, `N_("…")`, the singular of `lang.ngettext`), as
    (context, message), with where it is first used."""
    found = {}
    for path in sorted(lib.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and called(node) in MESSAGE_CALLS
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                positional_context = {"ngettext": 3, "counted": 2}.get(called(node), 1)
                context = node.args[positional_context] if len(node.args) > positional_context else next(
                    (k.value for k in node.keywords if k.arg == "context"), None)
                context = context.value if isinstance(context, ast.Constant) else None
                found.setdefault((context, node.args[0].value),
                                 f"{path.relative_to(lib.parent).as_posix()}:{node.lineno}")
    return found


def catalogue_findings(root: Path) -> list[Finding]:
    path = catalogue.path(root)
    cat = catalogue.read(path)
    # A message with a plural is keyed by its singular, as the library calls it.
    entries = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in cat if m.id}
    found = []
    wanted = {**library_messages(root / "lib"), **{(None, w): where for w, where in data_messages(root).items()}}
    for (context, message), where in wanted.items():
        entry = entries.get((context, message))
        if entry is None or not entry.string:
            found.append(Finding(path.name, where, "untranslated", message))
        elif entry.fuzzy:
            found.append(Finding(path.name, where, "outdated", message))
    return found


def data_messages(root: Path) -> dict[str, str]:
    """Words the pages take from the data and the configuration and show through the catalogue: the parts of
    the table of contents, theme names, provinces, categories, table titles, the glossary's sources."""
    import csv

    import yaml

    from ..figures.maps import PROVINCE_TILES

    def column(table: str, name: str) -> list[str]:
        with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as f:
            return [row[name] for row in csv.DictReader(f)]

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    with open(root / "style" / "terminology.csv", encoding="utf-8", newline="") as f:
        sources = [row["source"] for row in csv.DictReader(f)]
    found = {}
    for where, words in [("_toc.yml", [p["caption"] for p in toc.get("parts", [])]),
                         ("data/themes.csv", column("themes", "area_zh")),
                         ("data/institutions.csv",
                          column("institutions", "province") + column("institutions", "category")),
                         ("data/midterm_national_2023.csv", column("midterm_national_2023", "grade")),
                         ("figures/maps.py", list(PROVINCE_TILES)),
                         ("data/datapackage.json", [r["title"] for r in package["resources"]]
                          + [s.get("x-title-zh", s.get("title", "")) for r in package["resources"]
                             for s in r.get("sources", [])]),
                         ("style/terminology.csv", [s for s in sources if not re.search(r"\d", s)])]:
        for word in words:
            found.setdefault(word, where)
    return found


def case_findings(root: Path) -> list[Finding]:
    """Cases of the shipped data with no translation or an outdated one."""
    from ..data.dataset import load

    ds = load(root / "data")
    rows = cases.rows(root)
    name = cases.path(root).name
    out = []
    for case in ds.cases.itertuples():
        row = rows.get(case.case_id)
        if row is None:
            out.append(Finding(name, case.case_id, "untranslated", case.title_zh))
        elif row["of"] != fingerprint(cases.source_of(case)):
            out.append(Finding(name, case.case_id, "outdated", case.title_zh))
    return out


def findings(root: Path) -> list[Finding]:
    """Everything of the book not yet (or no longer) in English."""
    book = root / "book"
    out = []
    for path in sorted(book.glob("*.ipynb")):
        out += notebook_findings(path)
    for path in sorted(p for p in book.glob("*.md") if not p.name.endswith(".en.md")):
        out += page_findings(path)
    return out + catalogue_findings(root) + case_findings(root)


def update_catalogue(root: Path) -> int:
    """Add the library's and the data's new messages to the English catalogue; a message whose Chinese
    changed is matched to its old entry and marked fuzzy (outdated), as gettext's msgmerge does.

    A catalogue that cannot be read is refused (`CatalogueError`), the file untouched; and no translation
    changes unless it is marked fuzzy, for a translator to check."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = catalogue.path(root)
    # A fresh parse (not the cached one): babel's update changes the catalogue it is given.
    cat = catalogue.read_uncached(path)
    translated = {(m.context, m.id): m.string for m in cat if m.id and m.string}
    before = set(translated)
    template = Catalog(locale="en")
    wanted = {**library_messages(root / "lib"), **{(None, w): where for w, where in data_messages(root).items()}}
    # A message with a plural (`lang.counted`, `lang.ngettext`) keeps its forms: the template names both.
    plurals = {(m.context, m.id[0]): m.id for m in cat if isinstance(m.id, tuple)}
    for (context, message), where in wanted.items():
        file, _sep, line = where.rpartition(":")
        template.add(plurals.get((context, message), message),
                     locations=[(file, int(line))] if line.isdigit() else [(where, 0)], context=context)
    cat.update(template, no_fuzzy_matching=False)
    for m in cat:
        # An English the translator did not write for this message is a guess until they check it.
        if m.id and m.string and not m.fuzzy and translated.get((m.context, m.id)) != m.string:
            m.flags.add("fuzzy")
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as f:
        write_po(f, cat, width=120, ignore_obsolete=True)
    partial.replace(path)
    return len({(m.context, m.id) for m in cat if m.id} - before)

"""What a translator still has to do for the English edition: the notebooks' and pages' untranslated or
outdated passages (`translations`), the library's and the data's words missing from the catalogue
(`style/locale/en.po`), and the case studies' translations (`pages.cases`). `shuanggao translations` prints it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .translations import Finding, notebook_findings, page_findings


def library_messages(lib: Path) -> dict[tuple, str]:
    """Every `_("…")` and `N_("…")` message of the library, as (context, message), with where it is first used."""
    import ast

    found = {}
    for path in sorted(lib.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                context = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "context"), None)
                context = context.value if isinstance(context, ast.Constant) else None
                found.setdefault((context, node.args[0].value),
                                 f"{path.relative_to(lib.parent).as_posix()}:{node.lineno}")
    return found


def catalogue_findings(root: Path) -> list[Finding]:
    from babel.messages.pofile import read_po

    from .i18n import catalogue_path

    path = catalogue_path(root)
    with open(path, "rb") as f:
        cat = read_po(f)
    entries = {(m.context, m.id): m for m in cat if m.id}
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

    from .figures.maps import PROVINCE_TILES

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
                         ("figures/maps.py", list(PROVINCE_TILES)),
                         ("data/datapackage.json", [r["title"] for r in package["resources"]]
                          + [s.get("x-title-zh", s.get("title", "")) for r in package["resources"]
                             for s in r.get("sources", [])]),
                         ("style/terminology.csv", [s for s in sources if not re.search(r"\d", s)])]:
        for word in words:
            found.setdefault(word, where)
    return found


def findings(root: Path) -> list[Finding]:
    """Everything of the book not yet (or no longer) in English."""
    from .pages.cases import findings as case_findings

    book = root / "book"
    out = []
    for path in sorted(book.glob("*.ipynb")):
        out += notebook_findings(path)
    for path in sorted(p for p in book.glob("*.md") if not p.name.endswith(".en.md")):
        out += page_findings(path)
    return out + catalogue_findings(root) + case_findings(root)


def update_catalogue(root: Path) -> int:
    """Add the library's and the data's new messages to the English catalogue; a message whose Chinese
    changed is matched to its old entry and marked fuzzy (outdated), as gettext's msgmerge does."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    from .i18n import catalogue_path

    path = catalogue_path(root)
    with open(path, "rb") as f:
        cat = read_po(f)
    before = {(m.context, m.id) for m in cat if m.id}
    template = Catalog(locale="en")
    wanted = {**library_messages(root / "lib"), **{(None, w): where for w, where in data_messages(root).items()}}
    for (context, message), where in wanted.items():
        file, _sep, line = where.rpartition(":")
        template.add(message, locations=[(file, int(line))] if line.isdigit() else [(where, 0)], context=context)
    cat.update(template, no_fuzzy_matching=False)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as f:
        write_po(f, cat, width=120, ignore_obsolete=True)
    partial.replace(path)
    return len({(m.context, m.id) for m in cat if m.id} - before)

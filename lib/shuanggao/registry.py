"""The results registry: every number a page states, with its provenance, one JSON file per notebook.

Pages write it (`pages.base.Page`), the verification page and the Sphinx extension read it, and the
runner's audit compares the built HTML with it. It lives in `_results/` beside the executed notebooks.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

FOLDER = "_results"


@dataclass
class Result:
    """One number the book states: where it comes from and, if the brief prints it, where."""

    key: str
    value: object
    text: str
    table: str
    row: str
    column: str
    notebook: str
    printed: str | None = None
    lines: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str | None = None
    kind: str = "number"              # or "claim": a statement that depends on data (most, a majority, a tie…)
    evaluated: str | None = None      # for a claim: what was evaluated, with the values
    holds: bool | None = None         # for a claim: whether it is true of the data
    table_title: str | None = None    # the table's title for readers (its name stays in `table`)
    departs: bool | None = None       # for a claim: its wording is not the one the brief's data makes true
    brief_text: str | None = None     # for a claim that departs: the wording of the brief's edition
    row_label: str | None = None      # the row as readers of the page's edition name it (`row` stays the address)
    source_label: str | None = None   # table · row · column in the reader's words (`data.provenance`)
    brief_place: str | None = None    # where in the brief a reader finds `lines`: part and section, with the lines
    edition: str | None = None        # a value that differs from the brief: whose it is, in words (`data.origin`)


def path_for(book_dir: Path, notebook: str) -> Path:
    return Path(book_dir) / FOLDER / f"{notebook}.json"


def write(book_dir: Path, notebook: str, results: list[Result]) -> Path:
    """Write a page's registry atomically (the verification page may be reading the folder)."""
    path = path_for(book_dir, notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)
    return path


def load(book_dir: Path) -> list[dict]:
    """Every page's entries, as dicts, in file order."""
    rows = []
    for path in sorted((Path(book_dir) / FOLDER).glob("[!.]*.json")):
        rows += json.loads(path.read_text(encoding="utf-8"))
    return rows


# What must be the same in every edition: the value and where it comes from. Words may differ: a claim's
# wording and what was evaluated are written in each edition's language.
SAME_IN_EVERY_EDITION = ("value", "kind", "holds", "table", "row", "column", "printed", "lines", "numerator",
                         "denominator", "departs")


def differences(source: list[dict], other: list[dict]) -> list[str]:
    """How `other` (an edition's registry) departs from `source` (the Chinese one): entries missing on either
    side, a value or provenance that differs, or a number shown with other digits (thousands separators aside)."""
    def keyed(rows):
        return {(r["notebook"], r["key"]): r for r in rows}

    a, b = keyed(source), keyed(other)
    out = [f"{n}::{k}: only in the Chinese edition" for n, k in sorted(a.keys() - b.keys())]
    out += [f"{n}::{k}: only in the other edition" for n, k in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        x, y = a[name], b[name]
        for field in SAME_IN_EVERY_EDITION:
            if x.get(field) != y.get(field):
                out.append(f"{name[0]}::{name[1]}: {field} {x.get(field)!r} ≠ {y.get(field)!r}")
        # The same digits: Chinese writes a four-digit count without a separator (1324), English with one (1,324).
        if (x.get("kind") == "number" and isinstance(x.get("value"), (int, float))
                and str(x.get("text")).replace(",", "") != str(y.get("text")).replace(",", "")):
            out.append(f"{name[0]}::{name[1]}: shown as {x.get('text')!r} ≠ {y.get('text')!r}")
    return out

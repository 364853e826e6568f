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

"""The book's terminology (`style/terminology.csv`): the preferred term, the forms to avoid, its English (with why
it was chosen) and a definition in the book's words. The house-style check reads it, and the glossary page shows it."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Term:
    term: str
    avoid: str       # a regular expression of the forms not to use ("" if none)
    english: str
    definition: str
    source: str      # the policy document or text the term is taken from
    definition_en: str = ""   # the definition in the English edition
    avoid_en: str = ""        # a regular expression of other English renderings the English edition must not use
    english_why: str = ""     # why this English: the translator's decision, for reviewers (not shown on the page)


def terminology(path: Path | None = None) -> list[Term]:
    from .project import library_root

    path = path or library_root() / "style" / "terminology.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return [Term(**row) for row in csv.DictReader(f)]


def references(path: Path | None = None) -> list[dict]:
    """The documents the book cites (`style/references.csv`), in the order listed."""
    from .project import library_root

    path = path or library_root() / "style" / "references.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))

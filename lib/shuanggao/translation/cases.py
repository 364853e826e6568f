"""The book's English rendering of the case studies (`style/locale/cases.en.csv`), checked against the
quotations it translates: each row records the fingerprint of the Chinese title and excerpt, so a changed
quotation shows its translation as outdated (and `shuanggao translations` lists it)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .cells import fingerprint


@dataclass(frozen=True)
class CaseTranslation:
    title_en: str
    excerpt_en: str
    status: str          # "current", "outdated" or "missing"


@cache
def _rows(file: str) -> dict[str, dict]:
    with open(file, encoding="utf-8", newline="") as f:
        return {r["case_id"]: r for r in csv.DictReader(f)}


def path(root: Path | None = None) -> Path:
    from . import catalogue

    return catalogue.path(root).with_name("cases.en.csv")


def rows(root: Path | None = None) -> dict[str, dict]:
    return _rows(str(path(root)))


def source_of(case) -> str:
    """What a translation of a case renders: its title and its excerpt."""
    return f"{case.title_zh}\n{case.excerpt}"


def status_of(case, row: dict | None) -> str:
    if row is None:
        return "missing"
    return "current" if row["of"] == fingerprint(source_of(case)) else "outdated"


def translation(ds, case_id: str) -> CaseTranslation:
    case = ds.cases.set_index("case_id").loc[case_id]
    row = rows().get(case_id)
    if row is None:
        return CaseTranslation(case.title_zh, "", "missing")
    return CaseTranslation(row["title_en"], row["excerpt_en"], status_of(case, row))


def case_titles(ds, lang) -> list[str]:
    """The cases' titles as the edition shows them (the English edition: the book's translation, if any)."""
    if lang.is_source:
        return list(ds.cases.title_zh)
    return [translation(ds, c).title_en for c in ds.cases.case_id]

"""The book's English rendering of the case studies (`style/locale/cases.en.csv`), checked against the
quotations it translates: each row records the fingerprint of the Chinese title and excerpt, so a changed
quotation shows its translation as outdated (and `shuanggao translations` lists it)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from ..i18n import english
from ..translations import fingerprint


@dataclass(frozen=True)
class CaseTranslation:
    title_en: str
    excerpt_en: str
    status: str          # "current", "outdated" or "missing"


@cache
def _rows(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return {r["case_id"]: r for r in csv.DictReader(f)}


def path():
    from ..i18n import catalogue_path

    return catalogue_path().with_name("cases.en.csv")


def source_of(case) -> str:
    """What a translation of a case renders: its title and its excerpt."""
    return f"{case.title_zh}\n{case.excerpt}"


def translation(ds, case_id: str) -> CaseTranslation:
    case = ds.cases.set_index("case_id").loc[case_id]
    row = _rows(str(path())).get(case_id)
    if row is None:
        return CaseTranslation(case.title_zh, "", "missing")
    status = "current" if row["of"] == fingerprint(source_of(case)) else "outdated"
    return CaseTranslation(row["title_en"], row["excerpt_en"], status)


def case_titles(ds) -> list[str]:
    """The cases' titles as the edition shows them (the English edition: the book's translation, if any)."""
    if not english():
        return list(ds.cases.title_zh)
    return [translation(ds, c).title_en for c in ds.cases.case_id]


def findings(root) -> list:
    """Cases of the shipped data with no translation or an outdated one."""
    from ..data.dataset import load
    from ..translations import Finding

    ds = load(root / "data")
    rows = _rows(str(path()))
    out = []
    for case in ds.cases.itertuples():
        row = rows.get(case.case_id)
        if row is None:
            out.append(Finding(path().name, case.case_id, "untranslated", case.title_zh))
        elif row["of"] != fingerprint(source_of(case)):
            out.append(Finding(path().name, case.case_id, "outdated", case.title_zh))
    return out

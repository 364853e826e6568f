"""An analyst's own codebook (`shuanggao code --codebook FILE`): a CSV in the columns of the package's
codebook (term_id, subtheme_id, term; order and term_en may be there too), without the brief's line locators,
since its terms are the analyst's and not the brief's. Every problem is named with file, line, column and rule,
all of them at once; nothing is coded from a codebook that has one.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data.files import read_table
from ..errors import CODEBOOK_COLUMNS, CODEBOOK_TERM, CodingInputError, Problem
from ..normalize import normalize

REQUIRED = ("term_id", "subtheme_id", "term")
TERM_ID = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Codebook:
    """The terms coded with, and what an edition records of them: whose they are, the file's name and hash."""

    terms: pd.DataFrame
    variants: pd.DataFrame | None
    name: str  # "" for the package's own codebook (the terms the brief lists)
    sha256: str

    @property
    def custom(self) -> bool:
        return bool(self.name)


def package_codebook(ds) -> Codebook:
    """The package's codebook and its variants, hashed byte for byte as coded."""
    digest = hashlib.sha256()
    for table in ("codebook", "term_variants"):
        digest.update(Path(ds.shown(table)).read_bytes())
    return Codebook(ds.codebook, ds.term_variants, "", digest.hexdigest())


def read_codebook(path: Path, ds) -> Codebook:
    """The analyst's terms at `path`, checked against the package's subthemes."""
    shown = str(path)
    if not Path(path).is_file():
        raise CodingInputError(f"--codebook {shown}: no such file (give a CSV with the columns "
                               f"{', '.join(REQUIRED)})")
    table, problems = read_table("codebook", Path(path), shown)
    missing = [c for c in REQUIRED if c not in table.header]
    for column in missing:
        problems.append(Problem(shown, CODEBOOK_COLUMNS, "the codebook needs this column", line=1, column=column))
    if not problems and not table.rows:
        problems.append(Problem(shown, CODEBOOK_COLUMNS, "the codebook has no terms (a header and no rows)"))
    if not problems:
        problems = _row_problems(table, shown, set(ds.subthemes.subtheme_id))
    if problems:
        raise CodingInputError(f"{len(problems)} problem(s) in the codebook {shown} (nothing was coded):\n"
                               + "\n".join(f"  - {p}" for p in problems), problems[0])
    terms = pd.DataFrame([{c: row[c].strip() for c in REQUIRED} for row in table.rows])
    return Codebook(terms, None, Path(path).name, hashlib.sha256(Path(path).read_bytes()).hexdigest())


def _row_problems(table, shown: str, subthemes: set[str]) -> list[Problem]:
    problems, ids, forms = [], {}, {}
    for row, line in zip(table.rows, table.lines):
        term_id, subtheme, term = (row.get(c, "").strip() for c in REQUIRED)
        if not TERM_ID.fullmatch(term_id):
            problems.append(Problem(shown, CODEBOOK_TERM, "a term_id is letters, digits, _ and - only (and not empty)",
                                    line=line, column="term_id", value=term_id))
        elif term_id in ids:
            problems.append(Problem(shown, CODEBOOK_TERM, f"term_id repeated (first on line {ids[term_id]})",
                                    line=line, column="term_id", value=term_id))
        ids.setdefault(term_id, line)
        if subtheme not in subthemes:
            problems.append(Problem(shown, CODEBOOK_TERM, "not a subtheme of the data package (subthemes.csv, "
                                    "subtheme_id)", line=line, column="subtheme_id", value=subtheme))
        form = normalize(term)[0] if term else ""
        if not form:
            problems.append(Problem(shown, CODEBOOK_TERM, "the term is empty", line=line, column="term"))
        elif form in forms:
            problems.append(Problem(shown, CODEBOOK_TERM, f"the same term as line {forms[form]} (compared as the "
                                    "coder compares: full-width folded, case and spaces ignored)",
                                    line=line, column="term", value=term))
        forms.setdefault(form, line)
    return problems

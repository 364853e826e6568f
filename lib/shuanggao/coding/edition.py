"""A coded edition of the data package: a copy of the current one in which the coded subthemes' units,
shares and practices are the values coded from a corpus, each with a `reasons.csv` row saying so (reports,
codebook hash, date), and `matches.csv` beside the tables with every match located.

The edition is written to a staging folder next to OUT, validated there, and only then moved into place: a
failed run leaves OUT as it was. OUT may be new, empty, or an earlier edition (a folder with a descriptor).
"""
from __future__ import annotations

import csv
import datetime
import hashlib
import os
import shutil
from pathlib import Path

import pandas as pd

from ..errors import UsageError

CODED_COLUMNS = {"units": "units", "share": "share_printed", "practices": "practices"}


def codebook_sha256(ds) -> str:
    """The codebook as coded: its terms and their variants, byte for byte."""
    digest = hashlib.sha256()
    for table in ("codebook", "term_variants"):
        digest.update(Path(ds.shown(table)).read_bytes())
    return digest.hexdigest()


def write_edition(ds, table: pd.DataFrame, matches: pd.DataFrame, reports: int, out: Path,
                  today: datetime.date | None = None) -> list[tuple[str, str, str, str]]:
    """Write the edition at `out`; returns (subtheme, column, brief's value, coded value) for each value."""
    from ..data.dataset import load

    out = Path(out)
    if out.exists() and not (out.is_dir() and (not any(out.iterdir()) or (out / "datapackage.json").exists())):
        raise UsageError(f"--edition {out}: the folder exists and is not an edition; give a new or empty folder")
    if out.resolve() == Path(ds.dir).resolve():
        raise UsageError(f"--edition {out} is the data package being coded; give another folder")
    day = (today or datetime.date.today()).isoformat()
    digest = codebook_sha256(ds)
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(ds.dir, staging, ignore=shutil.ignore_patterns(".*", "__pycache__", "matches.csv"))
    try:
        changes = _replace_values(staging / ds.resource("subthemes")["path"], table)
        reasons = [("subthemes", sid, column,
                    f"由 {reports} 份报告按编码表重新编码（shuanggao code，编码表 sha256 {digest[:16]}，{day}）；"
                    f"简报印为 {printed or '—'}，本版为 {coded}")
                   for sid, column, printed, coded in changes]
        _append_reasons(staging / ds.resource("reasons")["path"], reasons)
        matches.to_csv(staging / "matches.csv", index=False, encoding="utf-8", lineterminator="\n")
        load(staging)  # the edition must be a valid package before it replaces anything
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changes


def _replace_values(path: Path, table: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """Set the coded columns of the coded rows; every other cell keeps its bytes' meaning."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, changes = rows[0], []
    coded = table.set_index("subtheme_id")
    key_at = header.index("subtheme_id")
    for row in rows[1:]:
        sid = row[key_at]
        if sid not in coded.index:
            continue
        for ours, column in CODED_COLUMNS.items():
            at = header.index(column)
            value = str(coded.at[sid, ours])
            changes.append((sid, column, row[at], value))
            row[at] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return changes


def _append_reasons(path: Path, reasons: list[tuple[str, str, str, str]]) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    replaced = {tuple(r[:3]) for r in reasons}
    kept = [rows[0]] + [r for r in rows[1:] if tuple(r[:3]) not in replaced]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(kept + [list(r) for r in reasons])


def _swap(staging: Path, out: Path) -> None:
    """Move the finished edition into place; an earlier edition at `out` goes only once the new one is there."""
    if not out.exists():
        staging.rename(out)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old)

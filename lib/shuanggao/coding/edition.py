"""A coded edition of the data package: a copy of the current one in which the coded subthemes' units,
shares and practices are the values coded from a corpus, each with a `reasons.csv` row saying so (reports,
codebook hash, date), and `matches.csv` beside the tables with every match located. The descriptor records how
it was coded (`x-coding`: reports coded, the shares' denominator, the codebook), and an analyst's own codebook
is copied beside the tables (`codebook_used.csv`), so the edition says whose terms and whose total it shows.

The edition is written to a staging folder next to OUT, validated there, and only then moved into place: a
failed run leaves OUT as it was. OUT may be new, empty, or an earlier edition written by this tool, which
lists the files it wrote in its manifest (`.shuanggao-edition`): only those are replaced; any other file in
it (a user's) is carried over to the new edition, or the run is refused, naming it, when the new edition
has a file of that name. Staging folders left by a killed run are cleaned on the next one.
"""
from __future__ import annotations

import csv
import datetime
import json
import os
import shutil
from pathlib import Path

import pandas as pd

from ..errors import UsageError
from .codebook import Codebook, package_codebook

CODED_COLUMNS = {"units": "units", "share": "share_printed", "practices": "practices"}
USED_CODEBOOK = "codebook_used.csv"


def codebook_sha256(ds) -> str:
    """The package's codebook as coded: its terms and their variants, byte for byte."""
    return package_codebook(ds).sha256


def write_edition(ds, table: pd.DataFrame, matches: pd.DataFrame, reports: int, out: Path,
                  today: datetime.date | None = None, *, codebook: Codebook | None = None,
                  denominator: str = "all", codebook_path: Path | None = None,
                  institutions: list[str] | None = None) -> list[tuple[str, str, str, str]]:
    """Write the edition at `out`; returns (subtheme, column, brief's value, coded value) for each value.
    `denominator` is "all" (the package's units_total) or "coded" (`reports`, the number of reports coded);
    `institutions`, the units whose reports were coded (recorded, so that a page restricted to a subset of units
    knows how many of them were coded: `data.subset`)."""
    from ..data.dataset import load

    out = Path(out)
    if out.resolve() == Path(ds.dir).resolve():
        raise UsageError(f"--edition {out} is the data package being coded; give another folder")
    clean_after_killed_runs(out)
    theirs = users_files(out)
    day = (today or datetime.date.today()).isoformat()
    codebook = codebook or package_codebook(ds)
    digest = codebook.sha256
    whose = f"分析者的编码表 {codebook.name} " if codebook.custom else "编码表"
    base = f"以编码的 {reports} 份报告为分母" if denominator == "coded" else f"以全部 {ds.total} 所建设单位为分母"
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(ds.dir, staging, ignore=shutil.ignore_patterns(".*", "__pycache__", "matches.csv", USED_CODEBOOK))
    try:
        changes = _replace_values(staging / ds.resource("subthemes")["path"], table)
        reasons = [("subthemes", sid, column,
                    f"由 {reports} 份报告按{whose}重新编码（shuanggao code，编码表 sha256 {digest[:16]}，{day}）；"
                    + (f"{base}；" if column == "share_printed" else "") + f"简报印为 {printed or '—'}，本版为 {coded}")
                   for sid, column, printed, coded in changes]
        _append_reasons(staging / ds.resource("reasons")["path"], reasons)
        matches.to_csv(staging / "matches.csv", index=False, encoding="utf-8", lineterminator="\n")
        if codebook.custom:
            shutil.copyfile(codebook_path, staging / USED_CODEBOOK)
        _record_coding(staging / "datapackage.json", {
            "reports_coded": reports, "denominator": denominator, "codebook": codebook.name,
            "codebook_file": USED_CODEBOOK if codebook.custom else "", "codebook_terms": len(codebook.terms),
            "codebook_sha256": digest, "date": day,
            **({"institutions": sorted(institutions)} if institutions is not None else {})})
        load(staging)  # the edition must be a valid package before it replaces anything
        ours = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if not p.is_dir())
        clash = [name for name in theirs if (staging / name).exists() or (staging / name).is_symlink()]
        if clash:
            raise UsageError(f"--edition {out}: the earlier edition holds file(s) this tool did not write, and the "
                             f"new edition has files of the same name: {', '.join(clash)}. Move them out of {out} "
                             "(nothing was changed)")
        (staging / MANIFEST).write_text(json.dumps({"written_by": "shuanggao code --edition", "files": ours},
                                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for name in theirs:  # a user's own files stay with the edition (copied: the old folder goes only last)
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (out / name).is_dir():
                target.mkdir(exist_ok=True)
            else:
                shutil.copy2(out / name, target, follow_symlinks=False)
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changes


MANIFEST = ".shuanggao-edition"


def users_files(out: Path) -> list[str]:
    """The files (and empty folders) in `out` that this tool did not write; refuses an OUT it cannot write to."""
    if not out.exists():
        return []
    if not out.is_dir():
        raise UsageError(f"--edition {out} is a file; give a new or empty folder")
    if not any(out.iterdir()):
        return []
    manifest = out / MANIFEST
    if not manifest.is_file():
        raise UsageError(f"--edition {out}: the folder is not empty and is not an edition written by shuanggao code "
                         f"(it has no {MANIFEST} listing the files it wrote); nothing was changed. Give a new or "
                         "empty folder")
    try:
        written = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
    except (ValueError, KeyError, TypeError):
        raise UsageError(f"--edition {out}: its {MANIFEST} cannot be read, so which files are this tool's is not "
                         "known; nothing was changed. Give a new or empty folder") from None
    theirs = []
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if name == MANIFEST or name in written:
            continue
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                theirs.append(name)
            continue
        theirs.append(name)
    return theirs


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_after_killed_runs(out: Path) -> list[Path]:
    """Staging folders of runs that were killed (their process is gone): a half-written edition is removed; an
    earlier edition moved aside just before the kill is put back where it was."""
    cleaned = []
    for kind in ("partial", "old"):
        for folder in out.parent.glob(f".{out.name}.{kind}-*"):
            pid = folder.name.rpartition("-")[2]
            if not pid.isdigit() or _alive(int(pid)):
                continue
            if kind == "old" and not out.exists():
                folder.rename(out)
            else:
                shutil.rmtree(folder, ignore_errors=True)
            cleaned.append(folder)
    return cleaned


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


def _record_coding(descriptor: Path, coding: dict) -> None:
    """How the edition was coded, in its descriptor (`Dataset.coding`, `Dataset.share_total` read it)."""
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["x-coding"] = coding
    descriptor.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


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

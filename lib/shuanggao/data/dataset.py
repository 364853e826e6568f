"""The one entry point: load the data package, validate it, and return its tables."""
from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import errors as E
from ..errors import DataValidationError, DataWarning, Problem
from ..format import format_share, printed_decimals
from . import fingerprint, rules, schema
from .files import Table, decode_utf8, read_table
from .source import Brief

DESCRIPTOR = "datapackage.json"
TABLES = ("constants", "framing", "themes", "subthemes", "codebook", "term_variants", "search_terms", "cases",
          "case_facts", "institutions", "midterm_grades_2023", "midterm_national_2023", "brief_numbers", "errata",
          "reasons")
_DTYPES = {"integer": "Int64", "number": "Float64"}


def find_data_dir(start: Path | None = None) -> Path:
    """The nearest `data/` holding a datapackage.json above the working directory: where a notebook opened by
    hand finds the package. Another package is named, never found: `data_dir` (a notebook's parameter,
    `papermill -p data_dir DIR`, `shuanggao build --data DIR`)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / DESCRIPTOR).exists():
            return folder / "data"
    raise FileNotFoundError(f"no data/{DESCRIPTOR} above {here}; give the data directory (the notebooks' "
                            "parameter data_dir: papermill -p data_dir DIR)")


@dataclass
class Dataset:
    """The validated tables of the data package, as pandas DataFrames."""

    dir: Path
    descriptor: dict
    constants: pd.DataFrame = None
    framing: pd.DataFrame = None
    themes: pd.DataFrame = None
    subthemes: pd.DataFrame = None
    codebook: pd.DataFrame = None
    term_variants: pd.DataFrame = None
    search_terms: pd.DataFrame = None
    cases: pd.DataFrame = None
    case_facts: pd.DataFrame = None
    institutions: pd.DataFrame = None
    midterm_grades_2023: pd.DataFrame = None
    midterm_national_2023: pd.DataFrame = None
    brief_numbers: pd.DataFrame = None
    errata: pd.DataFrame = None
    reasons: pd.DataFrame = None
    brief: Brief | None = None
    brief_bytes: bytes = b""
    warnings: list[Problem] = field(default_factory=list)
    # The shares' denominator when a page counts a coded edition among a subset of units (`subset.restrict`).
    share_base: int | None = None
    _lines: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}

    @property
    def total_key(self) -> str:
        return self.descriptor.get("x-total-key", "units_total")

    @property
    def total(self) -> int | None:
        hit = self.constants.loc[self.constants["key"] == self.total_key, "value"]
        return int(hit.iloc[0]) if len(hit) else None

    @property
    def coding(self) -> dict:
        """How an edition's counts were coded (`shuanggao code --edition` records it in the descriptor as
        `x-coding`: reports coded, codebook, denominator); {} for the brief's own counts."""
        recorded = self.descriptor.get("x-coding")
        return recorded if isinstance(recorded, dict) else {}

    @property
    def share_of(self) -> str:
        """What every subtheme's share is taken of (its size: `share_total`): "subset reports", "subset units" (a
        page restricted to a subset of units, `subset.restrict`), "reports" (coded, `--denominator coded`), "units"."""
        coded = self.coding.get("denominator") == "coded"
        if self.share_base is not None:
            return "subset reports" if coded else "subset units"
        return "reports" if coded else "units"

    @property
    def share_total(self) -> int | None:
        """The size of `share_of`: the subset's units or reports coded, the reports coded, or all units."""
        return {"reports": self.coding.get("reports_coded"), "units": self.total}.get(self.share_of, self.share_base)

    @property
    def brief_source(self) -> dict:
        return self.descriptor.get("sources", [{}])[0]

    @property
    def brief_sha256(self) -> str | None:
        return self.brief_source.get("x-sha256")

    @property
    def shown_source(self) -> str:
        return str(self.dir / self.brief_source.get("path", "?"))

    def shown(self, table: str) -> str:
        res = next((r for r in self.descriptor["resources"] if r["name"] == table), {"path": table})
        return str(self.dir / res["path"])

    def line_of(self, table: str, index) -> int | None:
        lines = self._lines.get(table, [])
        return lines[index] if isinstance(index, int) and 0 <= index < len(lines) else None

    def reason(self, table: str, key: str, column: str) -> str | None:
        """The recorded reason why (table, key, column) differs from the brief or its recomputation."""
        r = self.reasons
        hit = r[(r.table == table) & (r.key == str(key)) & (r.column == column)]
        return str(hit.reason.iloc[0]) if len(hit) else None

    def resource(self, table: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == table)


def _frame(table: Table, res: dict) -> pd.DataFrame:
    fields = res["schema"]["fields"]
    data = {}
    for f in fields:
        values = [row.get(f["name"], "") for row in table.rows]
        values = [v if v != "" else None for v in values]
        dtype = _DTYPES.get(f["type"], "string")
        numbers = pd.to_numeric(pd.Series(values, dtype="object")) if dtype != "string" else values
        data[f["name"]] = pd.array(numbers, dtype=dtype)
    return pd.DataFrame(data)


def _derive(ds: Dataset) -> None:
    """Columns computed from the data, so that notebooks never compute them twice."""
    st = ds.subthemes
    total = ds.share_total
    st["share"] = (st["units"] / total).astype("Float64")
    st["share_recomputed"] = pd.array([
        format_share(u, total, printed_decimals(p)) if pd.notna(u) and pd.notna(p) else
        (format_share(u, total) if pd.notna(u) else pd.NA)
        for u, p in zip(st["units"], st["share_printed"])], dtype="string")
    place = ds.institutions.set_index("name")[["province", "category", "tier"]]
    if "name_en" in ds.institutions:
        # The English edition names each case's institution in English, with the Chinese beside it.
        place["institution_en"] = ds.institutions.set_index("name").name_en
    ds.cases = ds.cases.join(place, on="institution")


def outside_package(data_dir: Path, path, shown_desc: str, what: str) -> Problem | None:
    """A path the descriptor gives must lie inside the package folder, symlinks resolved."""
    if not isinstance(path, str) or not path:
        return Problem(shown_desc, E.FILE_EXISTS, f"{what} has no path")
    root = data_dir.resolve()
    target = (data_dir / path).resolve()
    if Path(path).is_absolute() or not target.is_relative_to(root):
        return Problem(shown_desc, E.PATH_OUTSIDE_PACKAGE, f"{what} points outside the package folder", value=path)
    return None


# Fingerprints of the packages this process has found to pass the schema pass: the same bytes pass it again, so a
# second load (an analyst's session re-running a chapter, a test module) skips frictionless's second or so.
_SCHEMA_CLEAN: set[str] = set()


def load(data_dir: str | os.PathLike | None = None, validated_sha256: str | None = None) -> Dataset:
    """Load and validate the data package; raise DataValidationError listing every problem.

    Loading never writes to disk.  Unknown extra columns are tolerated (kept out of the
    tables) and reported as DataWarning, so that a newer edition with more columns still loads.
    `validated_sha256` is the fingerprint of a package the caller has just validated in full (the
    runner passes it to the notebooks it starts): for exactly those bytes the schema pass
    (frictionless, about a second) is skipped, as it is for bytes this process has already found to pass; every
    other rule is still checked.
    """
    data_dir = Path(data_dir) if data_dir is not None else find_data_dir()
    desc_path = data_dir / DESCRIPTOR
    shown_desc = str(data_dir / DESCRIPTOR)
    if not desc_path.exists():
        raise DataValidationError([Problem(shown_desc, E.FILE_EXISTS, "no data package descriptor here")], data_dir)
    text, problems = decode_utf8(desc_path.read_bytes(), shown_desc)
    if text is None:
        raise DataValidationError(problems, data_dir)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataValidationError([Problem(shown_desc, E.JSON, err.msg, line=err.lineno)], data_dir) from None

    ds = Dataset(dir=data_dir, descriptor=descriptor)
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    for name in TABLES:
        if name not in resources:
            problems.append(Problem(shown_desc, E.RESOURCE_LISTED, f"the package has no resource named {name!r}"))
    tables: dict[str, Table] = {}
    for name, res in resources.items():
        outside = outside_package(data_dir, res.get("path"), shown_desc, f"resource {name!r}")
        if outside:
            problems.append(outside)
            continue
        table, file_problems = read_table(name, data_dir / res["path"], str(data_dir / res["path"]))
        problems += file_problems
        if file_problems:
            continue
        tables[name] = table
        known = {f["name"] for f in res["schema"]["fields"]}
        for label in table.header:
            if label not in known:
                ds.warnings.append(Problem(str(data_dir / res["path"]), E.EXTRA_COLUMN, (
                    "this column is not in the schema; it is ignored (add it to datapackage.json to use it)"),
                    line=1, column=label))
    sha256 = fingerprint.package_sha256(data_dir)
    if sha256 != validated_sha256 and sha256 not in _SCHEMA_CLEAN:
        found = schema.check(descriptor, data_dir, tables)
        if not (found or problems):
            _SCHEMA_CLEAN.add(sha256)
        problems += found

    source_path = data_dir / ds.brief_source.get("path", "")
    outside = outside_package(data_dir, ds.brief_source.get("path", ""), shown_desc, "the brief's source")
    if outside:
        problems.append(outside)
    elif source_path.is_file():
        ds.brief_bytes = source_path.read_bytes()
        text, source_problems = decode_utf8(ds.brief_bytes, ds.shown_source)
        problems += source_problems
        ds.brief = Brief(text) if text is not None else None
    else:
        problems.append(Problem(ds.shown_source, E.FILE_EXISTS,
                                "the brief's text, which every quotation cites, is missing"))

    if problems:
        raise DataValidationError(problems, data_dir)
    for name in TABLES:
        setattr(ds, name, _frame(tables[name], resources[name]))
        ds._lines[name] = tables[name].lines
    problems = rules.Checker(ds).run()
    if problems:
        raise DataValidationError(problems, data_dir)
    _derive(ds)
    for w in ds.warnings:
        warnings.warn(str(w), DataWarning, stacklevel=2)
    return ds

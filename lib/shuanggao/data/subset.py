"""A subset of units an analyst names, the `units` parameter of the theme chapters: `category=学校,tier=A`,
`province=浙江|江苏` (fields joined by commas, a field's alternatives by `|`), checked against the roster.

What the data holds unit by unit can be restricted to the subset: the roster, the case studies (each names its
unit), and a coded edition's matches (`matches.csv`, one row per term found in a unit's report), from which the
coded subthemes' units, shares and practices are counted again among the subset's units. What the brief gives
only for all units (its own counts of the subthemes, the cases analysed) cannot be: `restrict` leaves it as it is
and says so (`Restricted.counts`), so that a page can name which of its figures are the subset's.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import UNITS_SUBSET, Problem, UsageError
from ..format import format_share
from ..translation import N_

PARAMETER = "units"
# The roster's columns an analyst may filter by, with the words a page names them in (translated by `lang._`).
FIELDS = {"category": N_("类别"), "tier": N_("档次"), "province": N_("省（区、市）")}


class SubsetError(UsageError):
    """A `units` value that names no subset of the roster; the message names the parameter, value and rule."""


@dataclass(frozen=True)
class Subset:
    spec: str                                  # as the analyst wrote it
    choices: dict[str, tuple[str, ...]]        # field → the values kept
    names: frozenset[str]                      # the roster's units in the subset

    def label(self, lang) -> str:
        """`类别 = 学校、档次 = A`, in the page's language (values as the page names them)."""
        def shown(field: str, value: str) -> str:  # tiers are letters in both languages
            return value if field == "tier" else lang._(value)

        return lang._("、").join(f"{lang._(FIELDS[f])} = " + " | ".join(shown(f, v) for v in values)
                                for f, values in self.choices.items())


def refuse(spec: str, message: str) -> SubsetError:
    return SubsetError(str(Problem(f"parameter {PARAMETER}", UNITS_SUBSET, message, value=spec)))


def parse(spec: str | None, roster: pd.DataFrame) -> Subset | None:
    """The subset `spec` names (None for none: all units), or a `SubsetError` naming what is wrong and what is valid."""
    if spec is None or not str(spec).strip():
        return None
    choices: dict[str, tuple[str, ...]] = {}
    for part in str(spec).split(","):
        field, eq, value = (s.strip() for s in part.partition("="))
        if field not in FIELDS or not eq:
            raise refuse(spec, f"{part.strip()!r} is not FIELD=VALUE with FIELD one of {', '.join(FIELDS)} "
                               "(e.g. category=学校,tier=A,province=浙江|江苏)")
        if field in choices:
            raise refuse(spec, f"{field} is given twice; list its values in one field, joined by |")
        values = tuple(v.strip() for v in value.split("|"))
        valid = sorted(roster[field].dropna().unique())
        unknown = [v for v in values if v not in valid]
        if unknown:
            raise refuse(spec, f"{field} {', '.join(map(repr, unknown))} is not in the roster; "
                               f"valid values: {', '.join(valid)}")
        choices[field] = values
    keep = pd.Series(True, index=roster.index)
    for field, values in choices.items():
        keep &= roster[field].isin(values)
    if not keep.any():
        raise refuse(spec, "no unit of the roster is in this subset; loosen a field")
    return Subset(str(spec), choices, frozenset(roster.name[keep]))


def roster(data_dir: Path) -> pd.DataFrame:
    """The roster as the package lists it, read without validating the package (for checking a parameter before
    any notebook starts; the build validates the package itself)."""
    descriptor = json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8"))
    path = next(r["path"] for r in descriptor["resources"] if r["name"] == "institutions")
    return pd.read_csv(Path(data_dir) / path, encoding="utf-8-sig", dtype=str)


@dataclass(frozen=True)
class Restricted:
    """What restricting a dataset to a subset changed: whether the coded subthemes' counts are the subset's
    (`counts`), and their denominator (`denominator`, `of_coded`: the subset's reports coded, or its units)."""

    subset: Subset
    units: int                   # the roster's units in the subset
    counts: bool = False
    denominator: int | None = None
    of_coded: bool = False


MATCHES = "matches.csv"


def restrict(ds, subset: Subset):
    """(dataset, Restricted): `ds` with the coded subthemes counted among the subset's units when the edition keeps
    its matches, and the shares taken of the subset's units (or, with `--denominator coded`, of its reports coded);
    unchanged when the counts are the brief's, which it gives for all units only."""
    facts = Restricted(subset, len(subset.names))
    matches_file = Path(ds.dir) / MATCHES
    coded = ds.coding.get("institutions")
    if not ds.coding or not matches_file.is_file() or (ds.coding.get("denominator") == "coded" and coded is None):
        return ds, facts
    of_coded = ds.coding.get("denominator") == "coded"
    denominator = len(set(coded) & subset.names) if of_coded else len(subset.names)
    if denominator == 0:
        return ds, facts
    matches = pd.read_csv(matches_file, encoding="utf-8", dtype={"institution": str, "subtheme_id": str})
    mine = matches[matches.institution.isin(subset.names)]
    subthemes = ds.subthemes.copy()
    # The subthemes the edition coded: each coded value has its reasons row (`code --edition` writes them).
    reasons = ds.reasons[(ds.reasons.table == "subthemes") & (ds.reasons.column == "units")]
    for sid in reasons.key.unique():
        hits = mine[mine.subtheme_id == sid]
        at = subthemes.subtheme_id == sid
        units = hits.institution.nunique()
        subthemes.loc[at, "units"] = units
        subthemes.loc[at, "practices"] = len(hits[["institution", "paragraph"]].drop_duplicates())
        subthemes.loc[at, "share"] = units / denominator
        subthemes.loc[at, "share_recomputed"] = format_share(units, denominator)
    restricted = dataclasses.replace(ds, subthemes=subthemes, share_base=denominator)
    return restricted, dataclasses.replace(facts, counts=True, denominator=denominator, of_coded=of_coded)


def restricted_to(ds, spec: str | None):
    """(dataset, Restricted or None): `ds` for the units `spec` names (`parse`, then `restrict`); as it is for None."""
    chosen = parse(spec, ds.institutions)
    return (ds, None) if chosen is None else restrict(ds, chosen)


def cases_in(ds, subset: Subset) -> pd.DataFrame:
    """The case studies whose unit is in the subset."""
    return ds.cases[ds.cases.institution.isin(subset.names)]

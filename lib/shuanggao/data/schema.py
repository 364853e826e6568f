"""Table Schema checks (types, required fields, unique and foreign keys) through frictionless."""
from __future__ import annotations

import copy
import re
from pathlib import Path

from ..errors import CATALOGUE, CONSTRAINT, SCHEMA_OTHER, Problem

# frictionless stops at 1000 errors by default; the message lists the first of them and counts them all.
NO_LIMIT = 10**9


def _rule_of(error) -> str:
    if error.type == "constraint-error":
        m = re.search(r'constraint "(\w+)"', error.note or "")
        name = m.group(1) if m else CONSTRAINT
        return name if name in CATALOGUE else CONSTRAINT
    name = {
        "type-error": "type",
        "primary-key": "unique-key",
        "unique-error": "unique",
        "foreign-key": "foreign-key",
        "missing-label": "missing-column",
        "duplicate-label": "duplicate-column",
        "missing-cell": "missing-cell",
    }.get(error.type, SCHEMA_OTHER)
    return name


def _explain(error, field_types: dict[str, str]) -> str:
    if error.type == "type-error":
        return f"expected a value of type {field_types.get(error.field_name, '?')}"
    if error.type == "missing-label":
        return f"required column {error.field_name!r} is missing from the header"
    if error.type == "primary-key":
        return "duplicate key: " + (error.note or "another row has the same key")
    if error.type == "foreign-key":
        return "dangling reference: " + (error.note or "")
    if error.type == "constraint-error":
        m = re.search(r'constraint "(\w+)" is "(.*)"', error.note or "")
        if m and m.group(1) == "required":
            return "a value is required"
        if m:
            return f"breaks the constraint {m.group(1)} = {m.group(2)}"
    return error.note or error.message


def check(descriptor: dict, data_dir: Path, tables: dict) -> list[Problem]:
    """Validate the resources in `tables` (those whose files could be read)."""
    healthy = set(tables)
    from frictionless import Package, system

    desc = copy.deepcopy(descriptor)
    desc["resources"] = [r for r in desc["resources"] if r["name"] in healthy]
    for res in desc["resources"]:
        # A reference into a file that could not be read would only repeat that file's problem.
        fks = res["schema"].get("foreignKeys", [])
        res["schema"]["foreignKeys"] = [fk for fk in fks if fk["reference"]["resource"] in healthy | {""}]
        res["encoding"] = "utf-8-sig"
        # Columns are matched by name, in any order; extra ones are reported by the loader as warnings.
        res["schema"]["fieldsMatch"] = "subset"
    problems: list[Problem] = []
    from frictionless import FrictionlessException

    try:
        with system.use_context(trusted=True):
            package = Package(desc, basepath=str(data_dir))
            # No cap: every problem is counted, so that a shortened list can say how many there are in all.
            report = package.validate(limit_errors=NO_LIMIT)
    except FrictionlessException as err:
        # The descriptor itself breaks the Data Package standard (a name with spaces, say): named, not a traceback.
        notes = [e.note or e.message for e in ([err.error] + list(getattr(err, "reasons", []) or []))]
        return [Problem(str(data_dir / "datapackage.json"), SCHEMA_OTHER, "the descriptor is not a valid data "
                        "package: " + "; ".join(dict.fromkeys(notes)))]
    by_name = {r["name"]: r for r in desc["resources"]}
    for task in report.tasks:
        res = by_name.get(task.name, {})
        shown = str(data_dir / res.get("path", task.name))
        types = {f["name"]: f["type"] for f in res.get("schema", {}).get("fields", [])}
        missing = {e.field_name for e in task.errors if e.type == "missing-label"}
        for e in task.errors:
            if e.type == "missing-cell" and e.field_name in missing:
                continue
            column = getattr(e, "field_name", None)
            if e.type in ("primary-key", "foreign-key"):
                keys = res["schema"]["primaryKey"] if e.type == "primary-key" else None
                if keys is None:
                    m = re.search(r'for "([^"]+)"', e.note or "")
                    keys = [m.group(1)] if m else []
                column = ", ".join(keys) or None
            value = getattr(e, "cell", None)
            if value is None and column and task.name in tables:
                value = tables[task.name].value_at(getattr(e, "row_number", None), column)
            problems.append(Problem(shown, _rule_of(e), _explain(e, types),
                                    line=getattr(e, "row_number", None), column=column, value=value))
    return problems


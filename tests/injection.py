"""A data edition with a script-and-markup payload planted in every text field the schema allows it in.

The fields come from `datapackage.json`, so a new text field is covered without changing this file. A
field whose payload the validator rejects (a quotation, an enumeration, a pattern…) is put back: there the
validator is the defence. What stays must be shown on the site as text, never run or rendered.
"""
import csv
import io
import json
import shutil
from pathlib import Path

# No spaces, so that fields with a \S+ pattern take it too; a quote to break out of attributes; a Markdown link.
PAYLOAD = "\"'><img/src=x/onerror=alert(1)><script>alert(2)</script>[点此](https://example.com/x)"
SHOWN = "<img/src=x/onerror=alert(1)>"


def fields_to_plant(descriptor: dict) -> list[tuple[str, str]]:
    """(resource, field) for every string field that is neither a key nor a reference."""
    out = []
    for res in descriptor["resources"]:
        schema = res["schema"]
        keys = schema.get("primaryKey", [])
        keys = set([keys] if isinstance(keys, str) else keys)
        for fk in schema.get("foreignKeys", []):
            keys |= set(fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]])
        targets = {f for other in descriptor["resources"] for fk in other["schema"].get("foreignKeys", [])
                   if fk["reference"]["resource"] in (res["name"], "")
                   for f in (fk["reference"]["fields"] if isinstance(fk["reference"]["fields"], list)
                             else [fk["reference"]["fields"]])}
        for field in schema["fields"]:
            if field["type"] == "string" and field["name"] not in keys | targets:
                out.append((res["name"], field["name"]))
    return out




def plant(source: Path, target: Path) -> list[tuple[str, str]]:
    """Copy the package to `target` with the payload in every field the validator lets it into; returns them."""
    import shuanggao
    from shuanggao.errors import DataValidationError

    shutil.copytree(source, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["name"]: target / r["path"] for r in descriptor["resources"]}
    originals = {name: list(csv.DictReader(io.StringIO(p.read_text(encoding="utf-8-sig"), newline="")))
                 for name, p in paths.items()}
    candidates = [(r, f) for r, f in fields_to_plant(descriptor) if originals[r]]

    def apply(chosen):
        for name, path in paths.items():
            if not originals[name]:
                continue
            rows = [dict(r) for r in originals[name]]
            for r in rows[:2]:
                for res, field in chosen:
                    if res == name:
                        r[field] = (r[field] or "") + PAYLOAD
            with io.StringIO() as buffer:
                writer = csv.DictWriter(buffer, fieldnames=list(originals[name][0]), lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
                path.write_text(buffer.getvalue(), encoding="utf-8")

    def rejected(chosen) -> set[tuple[str, str]] | None:
        apply(chosen)
        try:
            shuanggao.load(target)
            return None
        except DataValidationError as err:
            by_file = {str(p): name for name, p in paths.items()}
            return {(by_file.get(p.file), p.column) for p in err.problems}

    chosen = list(candidates)
    while (flagged := rejected(chosen)) is not None:
        narrowed = [c for c in chosen if c not in flagged]
        if narrowed == chosen:
            # The rejection shows up elsewhere (an erratum changes a quotation): keep only fields valid alone.
            narrowed = [c for c in chosen if rejected([c]) is None]
        chosen = narrowed
    apply(chosen)
    return chosen

"""A fingerprint of a data package: SHA-256 over its descriptor and every file it lists.

The runner validates the package once and hands the fingerprint to the notebooks it starts (their
`validated_sha256` parameter); a notebook's `load()` still reads and checks everything, but skips the
schema pass (frictionless, about a second per kernel) when the bytes are the ones just validated.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path


def package_files(data_dir: Path) -> list[Path]:
    descriptor = data_dir / "datapackage.json"
    files = [descriptor]
    try:
        meta = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return files
    paths = [r.get("path") for r in meta.get("resources", [])] + [s.get("path") for s in meta.get("sources", [])]
    root = data_dir.resolve()
    inside = [data_dir / p for p in dict.fromkeys(p for p in paths if isinstance(p, str))]
    # A path outside the package is the validator's to reject; it is never read here.
    return files + [p for p in inside if p.resolve().is_relative_to(root)]


def package_sha256(data_dir: Path) -> str:
    h = hashlib.sha256()
    for path in package_files(Path(data_dir)):
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()

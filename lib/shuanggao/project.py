"""The project's layout: where its root is, and which chapter notebooks the table of contents lists."""
from __future__ import annotations

from pathlib import Path

from .errors import BuildError


def find_root(start: Path | None = None) -> Path:
    """The nearest folder above `start` holding `_config.yml` and `_toc.yml`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").exists() and (folder / "_toc.yml").exists():
            return folder
    raise BuildError(f"no _config.yml and _toc.yml above {here}: run from the project folder")


def chapters(root: Path) -> list[str]:
    """Notebook stems in table-of-contents order."""
    return [Path(f).stem for f in chapter_notebooks(root)]


def chapter_notebooks(root: Path) -> list[str]:
    """The book's chapter notebooks (those `_toc.yml` lists), as paths relative to `root`, e.g.
    `book/talent.ipynb`, in table-of-contents order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [f"{f}.ipynb" for f in files if (root / f"{f}.ipynb").exists()]


def library_root() -> Path:
    """The project this installed library belongs to (it is installed in editable mode)."""
    return find_root(Path(__file__).resolve().parent)


def code_digest(notebook: Path) -> str:
    """What of a notebook can change its outputs: its code cells (source and tags) and its kernel. Markdown
    cannot, so an edit of the prose keeps the digest; the cell papermill injects is left out, so an executed
    copy has the digest of its clean source."""
    import hashlib
    import json

    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = [("".join(c.get("source", "")), c.get("metadata", {}).get("tags", []))
            for c in nb.get("cells", []) if c.get("cell_type") == "code"
            and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {})
    kernel = {k: kernel[k] for k in ("name", "language") if k in kernel}
    return hashlib.sha256(json.dumps([code, kernel], sort_keys=True, ensure_ascii=False).encode()).hexdigest()

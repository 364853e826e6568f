"""What the runner does to an executed notebook before a reader sees it, as named transforms.

Each transform is a function from notebook (an nbformat `NotebookNode`) to notebook that returns a new one
and leaves its argument as it was, so that a job reads as a chain in papermill's style
(`nb = transform(nb)`, one line per step) and each step is tested on a notebook made by hand, with no
kernel. Nothing here reads or writes a file.
"""
from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

from ..translation import cells

INJECTED = "injected-parameters"
PARAMETERS = "parameters"
ITABLES_NOTICE = re.compile(r"<noscript>(?:(?!</noscript>).)*should not see this message.*?</noscript>", re.S)


def for_readers(nb, edition: str, root: Path):
    """The executed notebook as its page is built from it: `edition`'s cells, no path of the build machine
    (`root` is the project), no widget state, no notice meant for untrusted notebooks, and papermill's
    injected cell hidden."""
    nb = select_edition(nb, edition)
    nb = scrub_machine_paths(nb, root)
    nb = drop_widget_state(nb)
    nb = drop_itables_notice(nb)
    nb = hide_injected_parameters(nb)
    return nb


def select_edition(nb, edition: str):
    """The cells of one edition: the Chinese drops the English cells; the English shows each Chinese cell's
    translation, marked when outdated or missing (see `translation.cells.select`)."""
    nb = copy.deepcopy(nb)
    cells.select(nb, edition)
    return nb


def portable(value, root: Path):
    """A path of the build machine as the published notebook shows it: relative to the project, or only its
    last part (…/data) when it lies elsewhere. Other values unchanged."""
    if not (isinstance(value, str) and os.path.isabs(value)):
        return value
    path = Path(value)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return f"…/{path.name}"


def scrub_machine_paths(nb, root: Path):
    """No published notebook names a folder of the machine that built it (it would leak, and make builds
    differ by folder): papermill's record and its injected cell show paths relative to the project."""
    nb = copy.deepcopy(nb)
    meta = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path", "cwd"):
        if key in meta:
            meta[key] = portable(meta[key], root)
    given = meta.get("parameters") or {}
    for cell in nb.cells:
        if INJECTED in cell.metadata.get("tags", []):
            for value in given.values():
                if portable(value, root) != value:
                    cell.source = cell.source.replace(repr(value), repr(portable(value, root)))
                    cell.source = cell.source.replace(json.dumps(value), json.dumps(portable(value, root)))
    if "papermill" in nb.metadata:
        meta["parameters"] = {k: portable(v, root) for k, v in given.items()}
    return nb


def drop_widget_state(nb):
    """Live widgets are for Jupyter sessions; their saved state would make pages load the widget manager."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    return nb


def drop_itables_notice(nb):
    """ITables' note for untrusted notebooks ("you should not see this message"), which readers would see
    as text: the page runs ITables' code, so the note never applies."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if isinstance(html, str) and ITABLES_NOTICE.search(html):
                output["data"]["text/html"] = ITABLES_NOTICE.sub("", html)
    return nb


def hide_injected_parameters(nb):
    """The page shows the parameters cell (collapsed), not papermill's injected copy of it."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if INJECTED in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    return nb


def with_prose(executed, source):
    """A Markdown-only edit, with no kernel: the source's Markdown cells (already of one edition) around the
    executed notebook's code cells (the cache key proves their source unchanged); papermill's injected cell
    stays after the parameters cell. None if the code cells do not line up (then the notebook must run)."""
    injected = [c for c in executed.cells if INJECTED in c.metadata.get("tags", [])]
    ran = [c for c in executed.cells if c.cell_type == "code" and c not in injected]
    if len(ran) != sum(c.cell_type == "code" for c in source.cells):
        return None
    cells, code = [], iter(ran)
    for cell in source.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells.append(next(code))
        if PARAMETERS in cell.metadata.get("tags", []):
            cells += injected
    merged = copy.deepcopy(executed)
    merged.cells = copy.deepcopy(cells)
    return merged

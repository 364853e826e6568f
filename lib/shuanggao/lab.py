"""JupyterLab on the book's notebooks, in this environment (`shuanggao lab`, `make lab`).

One definition of how the server starts, used by the command and by the real-client test: the project
folder as root, the chapters open in the file browser, and nothing fetched from another host (JupyterLab
and the widget manager serve their own assets; news, update checks and the PyPI extension manager are off).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# What JupyterLab would otherwise ask other hosts for, from the server or from the page.
OFFLINE = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]
# Notebooks are committed without outputs: a chapter saved from JupyterLab is written without them.
SAVE_HOOK = "--ContentsManager.pre_save_hook=shuanggao.lab.strip_outputs"


def command(root: Path, *, port: int = 8888, token: str | None = None, browser: bool = True) -> list[str]:
    args = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0" if token is not None else "--ServerApp.port_retries=50",
            "--ServerApp.ip=127.0.0.1", "--LabApp.default_url=/lab/tree/book", *OFFLINE, SAVE_HOOK]
    if token is not None:
        args.append(f"--IdentityProvider.token={token}")
    if not browser:
        args.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # containers and CI run as root; JupyterLab refuses without it
    return args


def strip_outputs(model: dict, path: str, contents_manager=None, **_) -> None:
    """Jupyter's pre-save hook: the book's chapters (the notebooks `_toc.yml` lists) are saved without outputs,
    execution counts or the values their prose's inline expressions showed (the open view keeps them; executed
    copies belong to the runner, under _build/). Any other notebook, such as an analyst's own one made with
    New → Notebook in `book/`, is saved as it is."""
    if model.get("type") != "notebook":
        return
    root = Path(contents_manager.root_dir) if contents_manager is not None else Path.cwd()
    if str(path).lstrip("/") not in book_chapters(root):
        return
    for cell in model["content"]["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        # jupyterlab-myst keeps what a Markdown cell's {eval} expressions showed in the cell's metadata.
        cell.get("metadata", {}).pop("user_expressions", None)


def book_chapters(root: Path) -> set[str]:
    """The chapter notebooks under `root`, read from its `_toc.yml` at each save (a chapter added while
    JupyterLab runs counts at once); none if `root` is not the project."""
    import yaml

    from .project import chapter_notebooks

    try:
        return set(chapter_notebooks(root))
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return set()


def run(root: Path, port: int, browser: bool) -> int:
    return subprocess.call(command(root, port=port, browser=browser), cwd=root)

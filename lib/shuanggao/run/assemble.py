"""Assembling the site: stage the sources beside the executed notebooks, build with Jupyter Book (its own
execution off), and swap the new site in only when it is complete."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import BuildError
from . import assets
from .execute import ANSI


def stage(root: Path, src: Path, ds) -> None:
    """Lay out the book's sources, static files, npm assets and search dictionary beside the executed notebooks."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(root / name, src / name)
    for page in (root / "book").glob("*.md"):
        shutil.copy2(page, src / "book" / page.name)
    static = src / "book" / "_site_static"
    if static.exists():
        shutil.rmtree(static)
    shutil.copytree(root / "book" / "_site_static", static)
    # Shared by every output folder: the pinned npm packages are fetched once per lock file.
    node_modules = assets.fetch(root, root / "_build" / ".npm-cache")
    assets.install(node_modules, static)
    write_search_dictionary(src, ds)


def write_search_dictionary(src: Path, ds) -> None:
    """jieba user dictionary: the codebook's and the search list's terms, so that search keeps them whole."""
    from ..data.source import drop_stray_spaces

    terms = dict.fromkeys([*(drop_stray_spaces(t) for t in ds.codebook.term), *ds.search_terms.term])
    path = src / "_search" / "userdict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{t} 100000\n" for t in terms), encoding="utf-8")


def jupyter_book(src: Path, jb_out: Path, log: Path, strict: bool) -> Path:
    """Build the staged sources into `jb_out`; returns the HTML folder."""
    if jb_out.exists():
        shutil.rmtree(jb_out)
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(src), "--path-output", str(jb_out), "--all"]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    run = subprocess.run(cmd, cwd=src, capture_output=True, text=True, env=env)
    log.write_text(ANSI.sub("", run.stdout + "\n" + run.stderr), encoding="utf-8")
    if run.returncode:
        output = ANSI.sub("", run.stdout + run.stderr)
        problems = [ln for ln in output.splitlines() if "WARNING" in ln or "ERROR" in ln]
        shown = "\n  ".join(problems[:20]) or run.stderr[-1500:]
        raise BuildError(f"Jupyter Book failed (exit {run.returncode}); the previous site was kept:\n  {shown}\n"
                         f"  full log: {log}")
    return jb_out / "_build" / "html"


def swap(new_html: Path, out: Path) -> Path:
    """Replace the published folder in two renames, so a reader never sees half a site."""
    html, old = out / "html", out / "html.old"
    if old.exists():
        shutil.rmtree(old)
    if html.exists():
        os.replace(html, old)
    os.replace(new_html, html)
    if old.exists():
        shutil.rmtree(old)
    return html

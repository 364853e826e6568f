"""Tables for the “Data and methods” page: the package's files, verification levels, errata, downloads."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from .page import lines_label, md_escape

VERIFICATION_ZH = {
    "PAGE_FULL": "名称、类别、档次、专业群均经网页核实",
    "PAGE_NCT": "名称、类别、档次经网页核实",
    "PAGE_PARTIAL": "部分字段经网页核实（N 名单、C 类别、T 档次、G 专业群）",
    "GITHUB_ONLY": "仅见于基础名单（二手汇编）",
}
FIXED_TIME = (2022, 6, 1, 0, 0, 0)


def copy_downloads(ds, folder: Path) -> list[Path]:
    """Copies of the package's files, and one zip of them all, for the page to offer."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [ds.dir / "datapackage.json", ds.dir / "README.md"] + \
        [ds.dir / r["path"] for r in ds.descriptor["resources"]] + [ds.dir / ds.brief_source["path"]]
    copies = []
    for f in files:
        if f.exists():
            target = folder / f.name
            shutil.copy2(f, target)
            copies.append(target)
    zpath = folder / "shuanggao-data.zip"
    # Fixed timestamps and order: the same data gives the same zip, byte for byte.
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(files):
            if f.exists():
                info = zipfile.ZipInfo(f"data/{f.relative_to(ds.dir).as_posix()}", FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, f.read_bytes())
    return copies


def resources_markdown(ds, folder: str = "downloads") -> str:
    out = ["| 数据表 | 内容 | 行数 | 来源 | 下载 |", "|---|---|---:|---|---|"]
    for r in ds.descriptor["resources"]:
        df = ds.tables[r["name"]]
        source = "；".join(s.get("title", "") for s in r.get("sources", []))
        out.append(f"| {r['title']} | {md_escape(r['description'])} | {len(df)} | {md_escape(source)} | "
                   f"{{download}}`{r['path']} <{folder}/{r['path']}>` |")
    return "\n".join(out) + "\n"


def verification_markdown(ds) -> str:
    level = ds.institutions.verification.str.replace(r"\[.*\]", "", regex=True)
    counts = level.value_counts().reindex(list(VERIFICATION_ZH), fill_value=0)
    out = ["| 核实程度 | 含义 | 建设单位数 |", "|---|---|---:|"]
    out += [f"| `{k}` | {VERIFICATION_ZH[k]} | {n} |" for k, n in counts.items()]
    out.append(f"| 合计 | | {counts.sum()} |")
    return "\n".join(out) + "\n"


def errata_markdown(ds) -> str:
    out = ["| 编号 | 位置 | 原文（提取） | 更正 | 类型 | 理由 |", "|---|---|---|---|---|---|"]
    for e in ds.errata.itertuples():
        out.append(f"| {e.erratum_id} | {lines_label(e.lines)} | {md_escape(e.as_printed)} | {md_escape(e.corrected)} | "
                   f"{e.kind} | {md_escape(e.reason)} |")
    return "\n".join(out) + "\n"


def notebooks_markdown(names: list[str]) -> str:
    return "\n".join(f"- {{download}}`{n}.ipynb <{n}.ipynb>`" for n in names) + "\n"

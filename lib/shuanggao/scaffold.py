"""A new chapter in one command (`shuanggao new-chapter NAME --title 标题 --title-en Title`): its notebook, its
page module and its entry in the table of contents, made as the book's own small chapters are made.

Everything is checked before anything is written, so a refused chapter leaves the project as it was.
"""
from __future__ import annotations

import json
import keyword
import re
from pathlib import Path

from .errors import UsageError
from .translation.cells import TAG, fingerprint

NAME_RULE = re.compile(r"[a-z][a-z0-9_]*")
PARAMETERS = [
    "# 参数：papermill 或 `shuanggao build -p 名称 值` 可以覆盖（名称: 类型 = 默认值  # 含义）\n",
    "data_dir: str = None  # 数据包目录；None 表示项目的 data/\n",
    "validated_sha256: str = None  # 运行器刚完整校验过的数据包指纹；与数据一致时跳过重复的结构校验\n",
    "lang: str = \"zh\"  # 语言：zh（中文版）或 en（英文版）；英文版由运行器另行构建在 en/ 下",
]
PAGE_MODULE = '''"""The {name} page ({title}): write what the chapter states here, one function per concern.

Glue keys: {name}_units.
"""
from __future__ import annotations


def glue(page) -> None:
    """Every number the chapter's prose pastes, glued through the page (so the registry records its source)."""
    ds = page.ds
    page.number("{name}_units", len(ds.institutions), table="institutions", row="all", column="name",
                note="rows counted")
'''


def files(root: Path, name: str) -> tuple[Path, Path]:
    return root / "book" / f"{name}.ipynb", root / "lib" / "shuanggao" / "pages" / f"{name}.py"


def check(root: Path, name: str, title: str, title_en: str, part: str | None) -> str:
    """Refuse a chapter that cannot be made, naming why; return the part of `_toc.yml` it goes into."""
    if not NAME_RULE.fullmatch(name) or keyword.iskeyword(name):
        raise UsageError(f"{name!r} is not a chapter name: use lower-case letters, digits and _ , starting with a "
                         "letter (it names the notebook book/NAME.ipynb and the module shuanggao.pages.NAME)")
    notebook, module = files(root, name)
    taken = [str(p.relative_to(root)) for p in (notebook, module) if p.exists()]
    listed = [Path(c["file"]).name for part_ in toc(root).get("parts", []) for c in part_.get("chapters", [])]
    if name in listed or taken:
        raise UsageError(f"a chapter or page module named {name!r} exists already "
                         f"({', '.join(taken) or '_toc.yml'}); choose another name")
    for flag, text in (("--title", title), ("--title-en", title_en)):
        if not text.strip() or "\n" in text:
            raise UsageError(f"{flag} {text!r}: give the chapter's title on one line")
    captions = [p["caption"] for p in toc(root).get("parts", [])]
    chosen = part if part is not None else captions[-1]
    if chosen not in captions:
        raise UsageError(f"--part {part!r}: _toc.yml has no such part; its parts are: {', '.join(captions)}")
    return chosen


def toc(root: Path) -> dict:
    import yaml

    return yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))


def cell(kind: str, cell_id: str, source, tags=(), **metadata) -> dict:
    lines = source if isinstance(source, list) else source.splitlines(keepends=True)
    made = {"cell_type": kind, "id": cell_id, "metadata": {**({"tags": list(tags)} if tags else {}), **metadata},
            "source": lines}
    return {**made, "execution_count": None, "outputs": []} if kind == "code" else made


def english(cell_id: str, chinese: str, text: str) -> dict:
    """The English cell after a Chinese one, recording the fingerprint of the Chinese it translates."""
    return cell("markdown", cell_id, text, [TAG], translation={"of": fingerprint(chinese)})


def notebook(name: str, title: str, title_en: str) -> dict:
    heading, heading_en = f"# {title}", f"# {title_en}"
    # A starting sentence the author rewrites; its number is glued, as every number of the book's prose is.
    prose = f"本章的分析从名单上的 {{glue:text}}`{name}_units:s` 个建设单位出发。"
    prose_en = f"This chapter's analysis starts from the {{glue:text}}`{name}_units:s` units on the roster."
    code = (f"from shuanggao.pages import Page, {name}\n\n"
            f"page = Page.open(\"{name}\", data_dir, validated_sha256, lang=lang)\n"
            f"{name}.glue(page)")
    cells = [cell("markdown", f"{name}-0", heading), english(f"{name}-0-en", heading, heading_en),
             cell("code", f"{name}-1", PARAMETERS, ["parameters", "remove-input"]),
             cell("code", f"{name}-2", code, ["remove-input"]),
             cell("markdown", f"{name}-3", prose), english(f"{name}-3-en", prose, prose_en)]
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"}, "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def toc_with(text: str, part: str, entry: str) -> str:
    """`_toc.yml` with `entry` as the last chapter of `part`, the file's own layout kept (lines, not a dump)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- caption: {part}")
    last = start
    for i in range(start + 1, len(lines)):
        if lines[i].lstrip().startswith("- caption:"):
            break
        if lines[i].strip().startswith("- file:"):
            last = i
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())] if last > start else "      "
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    return "".join([*lines[: last + 1], f"{indent}- file: {entry}\n", *lines[last + 1:]])


def new_chapter(root: Path, name: str, title: str, title_en: str, part: str | None = None) -> list[Path]:
    """Write the chapter's notebook and page module and list it in `_toc.yml`; return what was written."""
    chosen = check(root, name, title, title_en, part)
    nb_path, module_path = files(root, name)
    text = toc_with((root / "_toc.yml").read_text(encoding="utf-8"), chosen, f"book/{name}")
    docstring_safe = title_en.replace("\\", "/").replace('"', "'")
    module_path.write_text(PAGE_MODULE.format(name=name, title=docstring_safe), encoding="utf-8")
    nb_path.write_text(json.dumps(notebook(name, title, title_en), ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
    (root / "_toc.yml").write_text(text, encoding="utf-8")
    return [nb_path, module_path, root / "_toc.yml"]

"""The data page (数据来源与处理): the package's files, the roster's verification, errata, downloads.

Glue keys: units_total, roster_rows, roster_page_full, roster_page_nct, roster_page_partial,
roster_github_only, roster_names_own, roster_names_unverified, roster_names_book, codebook_terms, errata,
errata_editorial.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from ..format import Markup, html_escape, markdown_table, md_escape, role_title
from ..translation import N_, Language
from . import inferences
from .base import glue_total

VERIFICATION_ZH = {
    "PAGE_FULL": N_("名称、类别、档次、专业群均经网页核实"),
    "PAGE_NCT": N_("名称、类别、档次经网页核实"),
    "PAGE_PARTIAL": N_("部分字段经网页核实（N 名单、C 类别、T 档次、G 专业群）"),
    "GITHUB_ONLY": N_("仅见于基础名单（二手汇编）"),
}
# The codes stay in the data and the downloads; readers see these names.
VERIFICATION_LABEL = {"PAGE_FULL": N_("全部核实"), "PAGE_NCT": N_("主要字段核实"), "PAGE_PARTIAL": N_("部分核实"),
                      "GITHUB_ONLY": N_("未经网页核实")}
BOM = b"\xef\xbb\xbf"
FIXED_TIME = (2022, 6, 1, 0, 0, 0)


def glue(page) -> None:
    ds = page.ds
    glue_total(page)
    inst = ds.institutions
    page.number("roster_rows", len(inst), table="institutions", row="all", column="name", note="rows counted")
    level = verification_levels(ds)
    for name in VERIFICATION_ZH:
        # The row is an address in the data, the same in every edition (readers never see the codes).
        page.number(f"roster_{name.lower()}", int((level == name).sum()), table="institutions",
                    row=f"verification = {VERIFICATION_LABEL[name]}", column="verification", note="rows counted",
                    row_label=f"verification = {page.lang._(VERIFICATION_LABEL[name])}")
    # The English names: only those read from the institution's own publications (`own`, cited) are its own;
    # the rest, believed to be the institution's (`own-unverified`) or translated (`book`), are the book's.
    for key, source, label in [("roster_names_own", "own", N_("取自学校自己发布的英文名称")),
                               ("roster_names_unverified", "own-unverified", N_("未经核实的学校自用英文名称")),
                               ("roster_names_book", "book", N_("本书自译的英文名称"))]:
        page.number(key, int((inst.name_en_source == source).sum()), table="institutions",
                    row=f"name_en_source = {source}", column="name_en_source", note="rows counted",
                    row_label=page.lang._(label))
    page.number("codebook_terms", len(ds.codebook), table="codebook", row="all", column="term", note="rows counted")
    page.number("errata", len(ds.errata), table="errata", row="all", column="erratum_id", note="rows counted")
    page.number("errata_editorial", int((ds.errata.basis == "editorial").sum()), table="errata",
                row="basis = editorial", column="basis", note="rows counted")


def verification_levels(ds):
    """PAGE_PARTIAL[NC] → PAGE_PARTIAL: the level without the list of fields verified."""
    return ds.institutions.verification.str.replace(r"\[.*\]", "", regex=True)


def copy_downloads(ds, folder: Path) -> list[Path]:
    """Copies of the package's files, and one zip of them all, for the page to offer."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [ds.dir / "datapackage.json", ds.dir / "README.md"] + \
        [ds.dir / r["path"] for r in ds.descriptor["resources"]] + [ds.dir / ds.brief_source["path"]]
    copies = []
    for f in files:
        if f.exists():
            target = folder / f.name
            if f.suffix == ".csv":
                # Excel on Windows reads UTF-8 only after a byte-order mark; the package's files (and the
                # zip of them) stay as they are.
                target.write_bytes(BOM + f.read_bytes().removeprefix(BOM))
            else:
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


def resources_markdown(ds, lang: Language, folder: str = "downloads") -> str:
    rows = []
    for r in ds.descriptor["resources"]:
        # The sources' titles for readers (their `title` is for maintainers), in the edition's language.
        source = lang._("；").join(lang._(s.get("x-title-zh", s.get("title", ""))) for s in r.get("sources", []))
        # Readers get the same scope in both editions (`x-description-en`); `description` is the package's own,
        # written for analysts, and the fallback of a package that has no reader's text.
        about = lang.pick(r.get("x-description-zh", r["description"]), r.get("x-description-en", r["description"]))
        rows.append([lang._(r["title"]), about, len(ds.tables[r["name"]]), source,
                     Markup(f"{{download}}`{role_title(lang._('表格（CSV）'))} <{folder}/{r['path']}>`")])
    header = [lang._("数据表"), lang._("内容"), lang._("行数"), lang._("来源"), lang._("下载")]
    return markdown_table(header, "llrll", rows)


def verification_markdown(ds, lang: Language) -> str:
    counts = verification_levels(ds).value_counts().reindex(list(VERIFICATION_ZH), fill_value=0)
    rows = [[lang._(VERIFICATION_LABEL[k]), lang._(VERIFICATION_ZH[k]), n] for k, n in counts.items()] + \
        [[lang._("合计"), "", counts.sum()]]
    return markdown_table([lang._("核实程度"), lang._("含义"), lang._("建设单位数")], "llr", rows)


ERRATUM_KINDS_ZH = {"ocr": N_("字符识别错误"), "stray-character": N_("多余字符"), "quote-mark": N_("引号"),
                    "variant-form": N_("异体字"), "punctuation": N_("标点")}
ERRATUM_BASIS_ZH = {"extraction": N_("明显的提取错误"), "editorial": N_("编者推断")}


def errata_markdown(ds, lang: Language) -> str:
    rows = [[Markup(f'<span id="{html_escape(inferences.anchor(e.erratum_id))}"></span>{md_escape(e.erratum_id)}'),
             lang.lines_label(e.lines), lang.zh(e.as_printed), lang.zh(e.corrected),
             lang._(ERRATUM_KINDS_ZH[e.kind]) if e.kind in ERRATUM_KINDS_ZH else e.kind,
             lang._(ERRATUM_BASIS_ZH[e.basis]) if e.basis in ERRATUM_BASIS_ZH else e.basis]
            for e in ds.errata.itertuples()]
    # The reasons are written for reviewers, in English, and stay in the downloadable table.
    header = [lang._("编号"), lang._("位置"), lang._("原文（提取）"), lang._("更正"), lang._("类型"), lang._("依据")]
    return markdown_table(header, "llllll", rows)


def notebook_downloads_markdown(names: list[str] | None = None) -> str:
    """Download links of the executed notebooks, in table-of-contents order."""
    from ..project import chapters, library_root

    names = names if names is not None else chapters(library_root())
    return "\n".join(f"- {{download}}`{n}.ipynb <{n}.ipynb>`" for n in names) + "\n"


def analyst_markdown(ds, lang: Language, names: list[str] | None = None, folder: str = "downloads") -> str:
    """The technical detail, folded below the page for analysts (`for-analysts`, which the reader-view test and
    the phrase index leave to them): the package's format and files, the executed notebooks, how to run again."""
    files = [[lang._(r["title"]), Markup(f"{{download}}`{role_title(r['path'])} <{folder}/{r['path']}>`")]
             for r in ds.descriptor["resources"]]
    body = "\n\n".join([
        md_escape(lang._("数据包遵循 Frictionless Data Package 的格式：描述文件 datapackage.json 记录每张表的字段、"
                         "类型、中英文说明、主键与外键、来源和许可；每张表是一个 UTF-8 编码的 CSV 文件。")),
        markdown_table([lang._("数据表"), lang._("文件")], "ll", files),
        md_escape(lang._("每一章都是一个参数化的 Jupyter 笔记本，由 papermill 执行、由 Jupyter Book 汇编成本站。"
                         "执行后的笔记本可以下载，用来核对每一步计算：")),
        notebook_downloads_markdown(names),
        md_escape(lang._("换一版数据或换一组参数重新运行某一章，见项目 README 中的说明。")),
    ])
    title = md_escape(lang._("供分析者：数据包的文件、执行后的笔记本与重新运行"))
    return f"::::{{dropdown}} {title}\n:class-container: for-analysts\n\n{body}\n::::\n"

"""The about page (关于本书): how to cite the book, its edition and date, its editors, how to send
corrections, and the documents it cites (参考文献).

Glue keys: none (it states facts about the edition, not numbers of the book).
"""
from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from ..format import markdown_table, md_escape
from ..project import library_root
from ..terms import references
from ..translation import Language


@cache
def edition(lang: Language) -> dict:
    """The edition's facts: `style/edition.yml`, the title and author from `_config.yml`, the date of the
    last commit (so that the same commit gives the same page)."""
    import yaml

    root = library_root()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    facts = yaml.safe_load((root / "style" / "edition.yml").read_text(encoding="utf-8"))
    if lang.english:
        # The English edition's title and its facts in English (`_config.en.yml`, `english:` in edition.yml).
        over = yaml.safe_load((root / "_config.en.yml").read_text(encoding="utf-8"))
        config = {**config, **{k: over[k] for k in ("title", "author") if k in over}}
        facts = {**facts, **facts.get("english", {})}
    run = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True)
    date = run.stdout.strip() if run.returncode == 0 and run.stdout.strip() else lang._("（未提交的工作副本）")
    return {**facts, "title": config["title"], "author": config["author"], "date": date}


def _citation(lang: Language, descriptor: dict, fingerprint: str, markdown: bool) -> str:
    """The book's one citation (`style/edition.yml`, the title, the last commit's date, the data package), as
    Markdown for the About page or as the plain text a reader sees there, in every page's footer and in the PDF."""
    e = edition(lang)
    esc = md_escape if markdown else str
    title = f"*{esc(e['title'])}*" if markdown and lang.english else esc(e["title"])
    code = f"`{fingerprint[:12]}`" if markdown else fingerprint[:12]
    name, version = esc(descriptor.get("name", "")), esc(str(descriptor.get("version", "")))
    if lang.english:
        return (f"{esc(e['editors'])}. {title}, {esc(e['edition'])}, {esc(e['date'])}. "
                f"Data package {name} version {version} (fingerprint {code}).")
    return (f"{esc(e['editors'])}：《{title}》，{esc(e['edition'])}，{esc(e['date'])}。"
            f"数据包 {name} 版本 {version}（指纹 {code}）。")


def citation_markdown(ds, lang: Language) -> str:
    return _citation(lang, ds.descriptor, ds_fingerprint(ds), markdown=True) + "\n"


def citation_text(lang: Language, data: Path) -> str:
    """The citation as readers see it, for the data package in `data` (what the footer and the PDF print)."""
    import json

    from ..data.fingerprint import package_sha256

    descriptor = json.loads((Path(data) / "datapackage.json").read_text(encoding="utf-8"))
    return _citation(lang, descriptor, package_sha256(Path(data)), markdown=False)


def ds_fingerprint(ds) -> str:
    from ..data.fingerprint import package_sha256

    return package_sha256(Path(ds.dir))


def edition_markdown(lang: Language) -> str:
    e = edition(lang)
    rows = [[lang._("版次"), e["edition"]], [lang._("日期（最后一次提交）"), e["date"]], [lang._("编者"), e["editors"]]]
    return markdown_table([lang._("项目"), lang._("内容")], "ll", rows)


def corrections_markdown(lang: Language) -> str:
    # Lines of a YAML literal block, joined without the space a folded block would put between them.
    # (English lines are joined with a space.)
    joiner = " " if lang.english else ""
    return md_escape(joiner.join(part.strip() for part in edition(lang)["corrections"].splitlines())) + "\n"


def references_markdown(lang: Language) -> str:
    items = []
    for r in references():
        if lang.english:
            # Chinese documents keep their Chinese titles (as a reader would look them up), glossed in English.
            number = f" ({r['number']})" if r["number"] else ""
            items.append(f"1. {md_escape(r['issuer_en'])}: {lang.zh(r['title'])} ({md_escape(r['title_en'])})"
                         f"{lang.zh(number)}, {md_escape(r['year'])}. Used for: {md_escape(r['used_for_en'])}.")
            continue
        number = f"（{r['number']}）" if r["number"] else ""
        items.append(f"1. {md_escape(r['issuer'])}：{md_escape(r['title'])}{md_escape(number)}，"
                     f"{md_escape(r['year'])} 年。本书用于：{md_escape(r['used_for'])}。")
    return "\n".join(items) + "\n"

"""Assembling the site: stage the sources beside the executed notebooks, build with Jupyter Book (its own
execution off), and swap the new site in only when it is complete."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import BuildError
from . import assets
from .execute import ANSI


def stage(root: Path, src: Path, ds, lang: str = "zh", editions: tuple[str, ...] = ("zh",), pdf: bool = False
          ) -> None:
    """Lay out the book's sources, static files, npm assets and search dictionary beside the executed notebooks:
    the configuration says which editions are built together and whether the PDF is published (the extension's
    settings); the English edition gets its configuration, table of contents and Markdown pages."""
    from ..pages.about import citation_text
    from ..translation import language
    from ..translation.cells import english_page

    write_if_changed(src / "_config.yml", edition_config(root, lang, editions, pdf,
                                                         citation_text(language(lang), Path(ds.dir))))
    if lang == "zh":
        shutil.copy2(root / "_toc.yml", src / "_toc.yml")
    else:
        write_if_changed(src / "_toc.yml", edition_toc(root, lang))
    for page in (root / "book").glob("*.md"):
        if page.name.endswith(".en.md"):
            continue
        if lang == "zh":
            shutil.copy2(page, src / "book" / page.name)
        else:
            english = page.with_name(f"{page.stem}.{lang}.md")
            text = page.read_text(encoding="utf-8")
            write_if_changed(src / "book" / page.name,
                             english_page(text, english.read_text(encoding="utf-8")) if english.exists() else text)
    static = src / "book" / "_site_static"
    if static.exists():
        shutil.rmtree(static)
    shutil.copytree(root / "book" / "_site_static", static)
    # Shared by every output folder: the pinned npm packages are fetched once per lock file.
    node_modules = assets.fetch(root, root / "_build" / ".npm-cache")
    assets.install(node_modules, static)
    write_search_dictionary(src, ds)


def write_if_changed(path: Path, text: str) -> None:
    """Sphinx re-reads a page whose file is newer than its last read: an unchanged page keeps its time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def edition_config(root: Path, lang: str, editions: tuple[str, ...] = ("zh",), pdf: bool = False,
                   citation: str = "") -> str:
    """`_config.yml` with the edition's overrides (`_config.{lang}.yml`: title, language, search, labels) and the
    book extension's settings for this build (with the citation every page's footer gives)."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    edition = root / f"_config.{lang}.yml"
    if lang != "zh" and edition.exists():
        config = deep_merge(config, yaml.safe_load(edition.read_text(encoding="utf-8")) or {})
    config = deep_merge(config, {"sphinx": {"config": {"shuanggao_editions": list(editions), "shuanggao_pdf": pdf,
                                                          "shuanggao_citation": citation}}})
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def edition_toc(root: Path, lang: str) -> str:
    """`_toc.yml` with its part captions in the edition's language (from the catalogue)."""
    import yaml

    from ..translation import language

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    written_in = language(lang)
    for part in toc.get("parts", []):
        part["caption"] = written_in._(part["caption"])
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False)


def write_search_dictionary(src: Path, ds) -> None:
    """jieba user dictionary: the codebook's and the search list's terms, so that search keeps them whole."""
    from ..data.source import drop_stray_spaces

    terms = dict.fromkeys([*(drop_stray_spaces(t) for t in ds.codebook.term), *ds.search_terms.term])
    path = src / "_search" / "userdict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{t} 100000\n" for t in terms), encoding="utf-8")


def jupyter_book(src: Path, jb_out: Path, log: Path, strict: bool, full: bool) -> Path:
    """Build the staged sources into `jb_out`; returns the HTML folder. Not `full`: Sphinx re-reads only the
    sources newer than its last read, and the pages that glue from them (the extension declares the dependency)."""
    if full and jb_out.exists():
        shutil.rmtree(jb_out)
    cmd = [sys.executable, "-m", "shuanggao.run.jupyter_book_cli", "build", str(src), "--path-output", str(jb_out)]
    if full:
        cmd += ["--all"]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    run = subprocess.run(cmd, cwd=src, capture_output=True, text=True, env=env)
    log.write_text(ANSI.sub("", run.stdout + "\n" + run.stderr), encoding="utf-8")
    if run.returncode:
        # Sphinx's saved environment may be half-updated: the next build starts from nothing.
        shutil.rmtree(jb_out, ignore_errors=True)
        output = ANSI.sub("", run.stdout + run.stderr)
        if "No space left on device" in output:  # the runner says so in one message (see outdir.after_disk_full)
            raise OSError(errno.ENOSPC, f"No space left on device (Jupyter Book, full log: {log})")
        problems = [ln for ln in output.splitlines() if "WARNING" in ln or "ERROR" in ln]
        shown = "\n  ".join(problems[:20]) or run.stderr[-1500:]
        raise BuildError(f"Jupyter Book failed (exit {run.returncode}); the previous site was kept:\n  {shown}\n"
                         f"  full log: {log}")
    return jb_out / "_build" / "html"


def private_copy(jb_html: Path, out: Path, name: str = "html.new") -> Path:
    """The site to publish, copied out of Sphinx's output, which must stay as Sphinx wrote it for the next
    incremental build (the PDF is added to the copy)."""
    new = out / name
    if new.exists():
        shutil.rmtree(new)
    shutil.copytree(jb_html, new)
    return new


def nest(edition: Path, target: Path) -> Path:
    """An edition's finished site moved into the published one (the English under en/)."""
    if target.exists():
        shutil.rmtree(target)
    os.replace(edition, target)
    return target


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


def pdf_available(say) -> bool:
    """Whether the PDF engine runs here; without it the site is published with no PDF and no link to one."""
    from ..site import pdf

    try:
        pdf.engine()
    except pdf.PdfSkipped as why:
        say(f"pdf: skipped, {why}; the site is published without it")
        return False
    return True


def publish_pdf(root: Path, html: Path, data: Path, say, lang: str = "zh") -> Path | None:
    """The whole book as `book/book.pdf`, which every page links to (the extension's `shuanggao_pdf`, set when
    `pdf_available`)."""
    from ..figures.style import font_path
    from ..site import pdf
    from ..translation import language

    edition = pdf_edition(root, data, lang)
    parts = pdf_parts(root, language(lang))
    try:
        node_modules = assets.fetch(root, root / "_build" / ".npm-cache")
        path = pdf.build(html, parts, edition, data, node_modules, font_path())
    except pdf.PdfSkipped as why:
        raise BuildError(f"pdf ({lang}): {why}; the pages link to it, so the previous site was kept") from None
    say(f"pdf ({lang}): book/{path.name} ({path.stat().st_size / 1e6:.1f} MB)")
    return path


def pdf_edition(root: Path, data: Path, lang: str):
    """The edition the PDF prints: its title and organisation (`_config.yml`), edition and editors
    (`style/edition.yml`), the date of the last commit (the same commit gives the same PDF), the data."""
    import json

    import yaml

    from ..data.fingerprint import package_sha256
    from ..pages.about import citation_text
    from ..site import pdf
    from ..translation import language

    config = yaml.safe_load(edition_config(root, lang) if lang != "zh" else
                            (root / "_config.yml").read_text(encoding="utf-8"))
    facts = yaml.safe_load((root / "style" / "edition.yml").read_text(encoding="utf-8"))
    if lang != "zh":
        facts = {**facts, **facts.get("english", {})}
    run = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True)
    # Outside a git checkout (a copy of the sources) the edition has no commit: 1970-01-01 says so.
    date = run.stdout.strip() if run.returncode == 0 and run.stdout.strip() else "1970-01-01"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    return pdf.Edition(title=config["title"], author=config["author"], editors=facts["editors"],
                       edition=facts["edition"], date=date, fingerprint=package_sha256(data),
                       baseurl=facts.get("site") or (config.get("html") or {}).get("baseurl") or "",
                       data_name=descriptor.get("name") or data.name, lang=language(lang),
                       citation=citation_text(language(lang), data))


def pdf_parts(root: Path, lang) -> list[tuple[str | None, list[str]]]:
    """The book's parts as the table of contents gives them (captions in the edition's language), the home
    page first as the introduction."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = [(None, [Path(toc["root"]).name])]
    for part in toc.get("parts", []):
        parts.append((lang._(part["caption"]), [Path(c["file"]).name for c in part.get("chapters", [])]))
    return parts

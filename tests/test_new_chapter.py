"""`shuanggao new-chapter`: a chapter made in one command is a chapter like the book's own (parameters, English
twins, glued numbers, listed in the table of contents) and builds in both editions; a name it cannot take is
refused with one message, leaving the project as it was."""
import json
import os
import shutil
import subprocess
import sys

import yaml

import shuanggao
from conftest import DATA, page_text, project_copy


def new_chapter(root, *args):
    return subprocess.run([sys.executable, "-m", "shuanggao", "new-chapter", *args], cwd=root, capture_output=True,
                          text=True)


def test_a_new_chapter_is_made_like_the_book_s_own_and_a_bad_name_is_refused(tmp_path):
    from shuanggao.run.plan import read_parameters
    from shuanggao.translation import cells

    root = project_copy(tmp_path)
    before = {p: p.read_bytes() for p in (root / "_toc.yml", *sorted((root / "book").iterdir())) if p.is_file()}
    for name, phrase in (("2nd", "not a chapter name"), ("my-chapter", "not a chapter name"),
                         ("class", "not a chapter name"), ("talent", "exists already"),
                         ("base", "exists already"), ("extra", "no such part")):
        run = new_chapter(root, name, "--title", "补充", "--title-en", "More", *(["--part", "附"] * (name == "extra")))
        assert run.returncode == 1 and phrase in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert {p: p.read_bytes() for p in before} == before and not (root / "book" / "extra.ipynb").exists()

    run = new_chapter(root, "extra", "--title", "补充分析", "--title-en", "Further analysis")
    assert run.returncode == 0, run.stderr
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["parts"][-1]["chapters"][-1] == {"file": "book/extra"}
    assert (root / "_toc.yml").read_text(encoding="utf-8").startswith(before[root / "_toc.yml"].decode())
    notebook = root / "book" / "extra.ipynb"
    assert set(read_parameters(notebook)) == {"data_dir", "validated_sha256", "lang"}
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    for chinese, english in zip(markdown[::2], markdown[1::2]):  # each Chinese cell, then its English
        assert not cells.is_english(chinese) and cells.is_english(english)
        assert english["metadata"]["translation"]["of"] == cells.fingerprint("".join(chinese["source"]))
    assert all("{glue:text}`extra_units:s`" in "".join(c["source"]) for c in markdown[2:])
    module = (root / "lib" / "shuanggao" / "pages" / "extra.py").read_text(encoding="utf-8")
    assert "Glue keys: extra_units." in module
    again = new_chapter(root, "extra", "--title", "补充分析", "--title-en", "Further analysis")
    assert again.returncode == 1 and "exists already" in again.stderr


def test_a_new_chapter_builds_in_both_editions(built, tmp_path):
    """One build, of the new chapter only, over a copy of the shared build: its page in both editions shows the
    number it glues, and the table of contents of each edition links to it."""
    from shuanggao import registry

    root, out = project_copy(tmp_path), tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    assert new_chapter(root, "extra", "--title", "补充分析", "--title-en", "Further analysis").returncode == 0
    # The kernels import the copy's library, where the new page module is (an author's editable install does so).
    env = {**os.environ, "PYTHONPATH": str(root / "lib")}
    run = subprocess.run([sys.executable, "-m", "shuanggao", "build", "--root", str(root), "--data", str(DATA),
                          "--out", str(out), "--strict", "--only", "extra"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    units = len(shuanggao.load(DATA).institutions)
    glued = {r["key"]: r for r in registry.load(out / "src" / "book")}["extra_units"]
    assert glued["value"] == units and glued["notebook"] == "extra"
    html = out / "html"
    for book, title in ((html / "book", "补充分析"), (html / "en" / "book", "Further analysis")):
        text = page_text(book / "extra.html")
        assert title in text and str(units) in text and "{glue" not in text, book
        # The home page's table of contents (its sidebar) links to the new chapter.
        assert 'href="extra.html"' in (book / "index.html").read_text(encoding="utf-8"), book

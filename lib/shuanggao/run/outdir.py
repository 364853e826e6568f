"""The output folder: only ever one of ours, and one build in it at a time.

A folder given with `--out` must be new, empty, or marked as a build folder of this project (the marker
is written on first use), so that a build never deletes what it did not make. A lock on the folder makes
a second build wait for the first instead of breaking it. When the disk fills, the build's partial files are
removed and one message says where and about how much space a build needs.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from ..errors import BuildError

MARKER = ".shuanggao-build"
LOCK = ".lock"


def claim(out: Path, is_default: bool) -> None:
    """Make sure `out` is ours (creating and marking it if new or empty); refuse anything else."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"the output folder {out} is a file; give a folder with --out")
    marked = (out / MARKER).exists()
    if out.is_dir() and not marked and not is_default and any(out.iterdir()):
        raise BuildError(f"the output folder {out} is not empty and is not a build folder of this project "
                         f"(it has no {MARKER} file); nothing was changed. Give a new or empty folder with --out")
    out.mkdir(parents=True, exist_ok=True)
    if not marked:
        (out / MARKER).write_text("A build folder of shuanggao: `shuanggao build` may replace html/, jb/, src/ "
                                  "and logs/ here.\n", encoding="utf-8")


@contextlib.contextmanager
def locked(out: Path, say=print):
    """Hold the folder's lock for the whole build; a second build waits, and says so."""
    fd = os.open(out / LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another build is running in {out}; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# What a build writes before it publishes, removed when the disk fills (the published site, html/, stays).
PARTIAL = ("html.new", "html.new-en", "staging", "jb", "jb-en")
# A clean Chinese site without the PDF, with its compressed copies (measured): the least a build needs.
MIN_SITE = 60 * 2**20


def disk_full(err: BaseException) -> bool:
    """Whether a failure is a full disk: the error itself, a copy's list of failures, or a step's output."""
    import errno

    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(err)[:200_000]
    return "No space left on device" in text or "Disk quota exceeded" in text


def after_disk_full(out: Path, english: bool) -> str:
    """Remove the partial files; one message naming the folder and about how much space the build needs."""
    import shutil

    site = max(folder_size(out / "jb" / "_build" / "html"), folder_size(out / "html"))
    for name in PARTIAL:
        shutil.rmtree(out / name, ignore_errors=True)
    free = shutil.disk_usage(out).free
    # The new site is copied once from Sphinx's output (Sphinx's own copy stays), then compressed copies are added.
    need = max(site * 2, MIN_SITE) * (2 if english else 1)
    kept = (f"the previous site in {out / 'html'} was kept" if (out / "html" / "index.html").exists()
            else "no site was published")
    return (f"the disk holding {out} is full (no space left on device): a build needs about {megabytes(need)} "
            f"free there and {megabytes(free)} are free; the build's partial files were removed and {kept}. "
            "Free some space (or give another --out) and build again")


def folder_size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*") if folder.is_dir() else []:
        try:
            total += path.lstat().st_size if path.is_file() else 0
        except OSError:
            pass
    return total


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"

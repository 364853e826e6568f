"""The output folder: only ever one of ours, and one build in it at a time.

A folder given with `--out` must be new, empty, or marked as a build folder of this project (the marker
is written on first use), so that a build never deletes what it did not make. A lock on the folder makes
a second build wait for the first instead of breaking it.
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

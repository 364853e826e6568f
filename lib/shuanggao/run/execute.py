"""Executing the chapter notebooks with papermill: one worker per notebook, a cache, short failures."""
from __future__ import annotations

import os
import re
import shutil
import signal
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from .plan import Job

KERNEL = "python3"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_TIMEOUT = 600  # seconds


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float = 0.0
    cell: str | None = None
    error: str = ""
    skipped: bool = False
    log: str = ""


class SpareSlot:
    """The one thing a worker process keeps from one notebook to the next: the kernel it warmed, while its
    last notebook ran, for its next one (`--spare-kernels`)."""

    def __init__(self):
        self.spare = None

    def fill(self, spare) -> None:
        self.spare = spare

    def take(self, cwd: Path):
        """The warm kernel, moved to `cwd` (None if there is none, or it did not warm up); the slot is empty."""
        spare, self.spare = self.spare, None
        return spare.take(cwd) if spare else None

    def end(self) -> None:
        spare, self.spare = self.spare, None
        if spare:
            spare.end()


# This worker process's slot. A process pool calls module-level functions in a process that outlives each
# call, so what one call leaves for the next has to be found here; only `run_job` and the worker's
# finalizer use it, and they hand it on as a parameter.
_WORKER_SPARE = SpareSlot()


def worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle; SIGTERM (the parent stopping us) ends our kernels."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    die_with_parent()
    from multiprocessing.util import Finalize

    import papermill  # noqa: F401 - imported once per worker, while the parent validates the data

    from . import kernels, transforms  # noqa: F401 - likewise

    # Workers end with os._exit, which skips atexit: a spare kernel is ended by multiprocessing's finalizer.
    Finalize(None, _WORKER_SPARE.end, exitpriority=10)


def die_with_parent() -> None:
    """Linux sends this worker SIGTERM (which ends its kernel) when the runner dies, even by kill -9."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def _stop_worker(signum, frame):
    """The worker's kernels (the running one and a spare) are its child processes: end them. Its staging
    folder is private and never published; the runner (or the next build) removes it."""
    from .kernels import end_kernels_of

    end_kernels_of(os.getpid())
    os._exit(128 + signum)


def run_job(job: Job) -> Outcome:
    """Execute one notebook in this worker process (see `run`), with the worker's spare kernel slot."""
    return run(job, _WORKER_SPARE)


def run(job: Job, spares: SpareSlot) -> Outcome:
    """Execute one notebook and make it what its page is built from: stage, execute (on the kernel `spares`
    holds, if any), then the named transforms of `transforms.for_readers`. Never raises: failures come back
    as an Outcome."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from . import transforms
    from .kernels import Spare

    start, warm = time.monotonic(), None
    try:
        partial = stage(job)
        warm = spares.take(job.staging)
        if job.spare:  # warmed while this notebook runs, for this worker's next one
            spares.fill(Spare(KERNEL, job.log.with_name("spare.kernel.log") if job.log else None))
        nb = execute(job, partial, warm)
        nb = transforms.for_readers(nb, job.edition, root=job.source.parent.parent)
        nbformat.write(nb, partial)
        return Outcome(job.label, True, time.monotonic() - start)
    except Exception as exc:
        cell, error = None, f"{type(exc).__name__}: {exc}"
        if isinstance(exc, PapermillExecutionError):
            cell = source_cell(job.source, exc.cell_index)
            error = f"{exc.ename}: {exc.evalue}"
            detail = ANSI.sub("", "\n".join(exc.traceback))
        else:
            detail = traceback.format_exc()
        if job.log:
            job.log.parent.mkdir(parents=True, exist_ok=True)
            job.log.write_text(f"{job.source}\n\n{detail}\n", encoding="utf-8")
        shutil.rmtree(job.staging, ignore_errors=True)
        return Outcome(job.label, False, time.monotonic() - start, cell=cell, error=error,
                       log=str(job.log) if job.log else "")
    finally:
        if warm is not None:  # papermill ends only the kernels it started
            import asyncio

            asyncio.run(warm.shutdown_kernel(now=True))


def stage(job: Job) -> Path:
    """A fresh private staging folder for everything the notebook writes (its executed copy, registry,
    figures, downloads): the runner commits it only when the run succeeded and the data proved valid.
    Returns where the executed notebook goes."""
    shutil.rmtree(job.staging, ignore_errors=True)
    job.staging.mkdir(parents=True)
    if job.log:
        job.log.parent.mkdir(parents=True, exist_ok=True)
        job.log.with_suffix(".kernel.log").unlink(missing_ok=True)
    return job.staging / f"{job.name}.ipynb"


def execute(job: Job, partial: Path, warm=None):
    """papermill runs the notebook in the staging folder, on `warm` (a spare kernel, which the caller ends)
    if given, else on a kernel it starts and ends; the executed notebook is returned (and written to
    `partial`)."""
    import papermill as pm

    from .kernels import kernel_config

    kernel_log = job.log.with_suffix(".kernel.log") if job.log else None
    return pm.execute_notebook(
        str(job.source), str(partial), parameters=job.parameters, kernel_name=KERNEL, cwd=str(job.staging),
        progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        # A stuck cell fails the build (with its name) instead of hanging it.
        execution_timeout=CELL_TIMEOUT, start_timeout=120,
        kernel_manager_class="shuanggao.run.kernels.IPCKernelManager", config=kernel_config(kernel_log),
        **({"km": warm} if warm else {}))


def commit(job: Job) -> None:
    """Publish a successful run: its files, then its executed notebook, then its cache key (in the runner,
    after the data proved valid). The old key goes first, so that a run killed at any point leaves either
    the old set or files without a key (executed again next time), never a key that vouches for another
    run's output."""
    book = job.target.parent
    job.stamp.parent.mkdir(parents=True, exist_ok=True)
    job.stamp.unlink(missing_ok=True)
    executed = job.staging / f"{job.name}.ipynb"
    for path in sorted(p for p in job.staging.rglob("*") if p.is_file() and p != executed):
        target = book / path.relative_to(job.staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    os.replace(executed, job.target)
    shutil.rmtree(job.staging, ignore_errors=True)
    stamp = job.stamp.with_name(f".{job.stamp.name}.partial")
    stamp.write_text(job.key)
    os.replace(stamp, job.stamp)
    write_atomically(job.prose_stamp, job.prose)


def write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)


def merge_prose(job: Job) -> bool:
    """A Markdown-only edit: the source's Markdown cells in the last executed notebook, with no kernel.
    False if the cells do not line up (then execute)."""
    import nbformat

    from . import transforms

    source = transforms.select_edition(nbformat.read(job.source, as_version=4), job.edition)
    merged = transforms.with_prose(nbformat.read(job.target, as_version=4), source)
    if merged is None:
        return False
    partial = job.target.with_name(f".{job.name}.prose.ipynb")
    nbformat.write(merged, partial)
    os.replace(partial, job.target)
    write_atomically(job.prose_stamp, job.prose)
    return True


def source_cell(source: Path, executed_index: int) -> str:
    """The failing cell as the author sees it: its number in the source notebook (papermill's injected
    parameters cell not counted) and its first line."""
    import nbformat

    cells = nbformat.read(source, as_version=4).cells
    params = next((i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), None)
    index = executed_index - 1 if params is not None and executed_index > params else executed_index
    text = cells[index].source.strip() if 0 <= index < len(cells) else ""
    first = text.splitlines()[0] if text else ""
    return f"{index + 1} ({first[:60]})" if first else str(index + 1)

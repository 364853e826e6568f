"""Executing the chapter notebooks with papermill: one worker per notebook, a cache, short failures."""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

KERNEL = "python3"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CACHE_DIR = ".cache"
CELL_TIMEOUT = 600  # seconds


@dataclass
class Job:
    name: str                 # notebook stem, e.g. "talent"
    source: Path              # clean notebook in book/
    target: Path              # executed copy under _build/src/book/
    parameters: dict
    log: Path | None = None
    after_chapters: bool = False  # reads the other chapters' results, so runs after them
    key: str = ""             # what the executed copy was made from


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float = 0.0
    cell: int | None = None
    error: str = ""
    skipped: bool = False
    log: str = ""


def digest_files(paths, h=None):
    h = h or hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h


def job_key(job: Job, inputs: dict[str, list[Path]]) -> str:
    """Everything an executed notebook depends on: its source, the library, the data, parameters, environment."""
    h = hashlib.sha256()
    h.update(job.source.read_bytes())
    for label, paths in sorted(inputs.items()):
        h.update(label.encode())
        digest_files(paths, h)
    h.update(json.dumps(job.parameters, sort_keys=True, default=str).encode())
    return h.hexdigest()


def cached(job: Job) -> bool:
    stamp = job.target.parent / CACHE_DIR / f"{job.name}.key"
    return job.target.exists() and stamp.exists() and stamp.read_text() == job.key


def mark_cached(job: Job) -> None:
    stamp = job.target.parent / CACHE_DIR / f"{job.name}.key"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(job.key)


_PARTIAL: list[Path] = []


def worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle; SIGTERM (the parent stopping us) ends our kernel."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    import papermill  # noqa: F401 - imported once per worker, while the parent validates the data

    from . import kernels  # noqa: F401


def _stop_worker(signum, frame):
    from .kernels import RUNNING

    for km in list(RUNNING):
        km.kill_now()
    for partial in _PARTIAL:
        partial.unlink(missing_ok=True)
    os._exit(128 + signum)


def run_job(job: Job) -> Outcome:
    """Execute one notebook (in a worker process). Never raises: failures come back as an Outcome."""
    import nbformat
    import papermill as pm

    from .kernels import IPCKernelManager

    start = time.monotonic()
    if job.log:
        job.log.parent.mkdir(parents=True, exist_ok=True)
        IPCKernelManager.stderr_path = str(job.log.with_suffix(".kernel.log"))
        Path(IPCKernelManager.stderr_path).unlink(missing_ok=True)
    partial = job.target.with_name(f".{job.name}.partial.ipynb")
    _PARTIAL[:] = [partial]
    try:
        pm.execute_notebook(str(job.source), str(partial), parameters=job.parameters, kernel_name=KERNEL,
                            cwd=str(job.target.parent), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False,
                            # A stuck cell fails the build (with its name) instead of hanging it.
                            execution_timeout=CELL_TIMEOUT, start_timeout=120,
                            kernel_manager_class="shuanggao.kernels.IPCKernelManager")
        nb = nbformat.read(partial, as_version=4)
        # Live widgets are for Jupyter sessions; their saved state would make pages load the widget manager.
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            # The page shows the parameters cell (collapsed), not papermill's injected copy of it.
            tags = cell.metadata.get("tags", [])
            if "injected-parameters" in tags and "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        nbformat.write(nb, partial)
        os.replace(partial, job.target)
        return Outcome(job.name, True, time.monotonic() - start)
    except Exception as exc:  # noqa: BLE001 - reported to the user, with the traceback in the log
        cell, error = None, f"{type(exc).__name__}: {exc}"
        if type(exc).__name__ == "PapermillExecutionError":
            cell = exc.cell_index + 1
            error = f"{exc.ename}: {exc.evalue}"
            detail = ANSI.sub("", "\n".join(exc.traceback))
        else:
            detail = traceback.format_exc()
        if job.log:
            job.log.parent.mkdir(parents=True, exist_ok=True)
            job.log.write_text(f"{job.source}\n\n{detail}\n", encoding="utf-8")
        return Outcome(job.name, False, time.monotonic() - start, cell=cell, error=error,
                       log=str(job.log) if job.log else "")
    finally:
        partial.unlink(missing_ok=True)

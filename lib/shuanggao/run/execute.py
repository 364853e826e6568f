"""Executing the chapter notebooks with papermill: one worker per notebook, a cache, short failures."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..translation.cells import select as select_edition
from .plan import Job

KERNEL = "python3"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_TIMEOUT = 600  # seconds
ITABLES_NOTICE = re.compile(r"<noscript>(?:(?!</noscript>).)*should not see this message.*?</noscript>", re.S)


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float = 0.0
    cell: str | None = None
    error: str = ""
    skipped: bool = False
    log: str = ""


_PARTIAL: list[Path] = []


def worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle; SIGTERM (the parent stopping us) ends our kernel."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    die_with_parent()
    from multiprocessing.util import Finalize

    import papermill  # noqa: F401 - imported once per worker, while the parent validates the data

    from . import kernels  # noqa: F401 - likewise

    # Workers end with os._exit, which skips atexit: a spare kernel is ended by multiprocessing's finalizer.
    Finalize(None, end_spares, exitpriority=10)


_SPARES: list = []


def end_spares() -> None:
    while _SPARES:
        _SPARES.pop().end()


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
    from .kernels import RUNNING

    for km in list(RUNNING):
        km.kill_now()
    for staging in _PARTIAL:
        shutil.rmtree(staging, ignore_errors=True)
    os._exit(128 + signum)


def run_job(job: Job) -> Outcome:
    """Execute one notebook (in a worker process). Never raises: failures come back as an Outcome."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .kernels import IPCKernelManager, Spare

    start = time.monotonic()
    if job.log:
        job.log.parent.mkdir(parents=True, exist_ok=True)
        IPCKernelManager.stderr_path = str(job.log.with_suffix(".kernel.log"))
        Path(IPCKernelManager.stderr_path).unlink(missing_ok=True)
    # Everything the notebook writes (its executed copy, registry, figures, downloads) goes to a private
    # staging folder; the runner commits it only when the run succeeded and the data proved valid.
    shutil.rmtree(job.staging, ignore_errors=True)
    job.staging.mkdir(parents=True)
    partial = job.staging / f"{job.name}.ipynb"
    _PARTIAL[:] = [job.staging]
    warm = _SPARES.pop().take(job.staging) if _SPARES else None
    try:
        if job.spare:
            _SPARES.append(Spare(KERNEL, job.log.with_name("spare.kernel.log") if job.log else None))
        pm.execute_notebook(str(job.source), str(partial), parameters=job.parameters, kernel_name=KERNEL,
                            cwd=str(job.staging), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False,
                            # A stuck cell fails the build (with its name) instead of hanging it.
                            execution_timeout=CELL_TIMEOUT, start_timeout=120,
                            kernel_manager_class="shuanggao.run.kernels.IPCKernelManager",
                            **({"km": warm} if warm else {}))
        nb = nbformat.read(partial, as_version=4)
        select_edition(nb, job.edition)
        drop_machine_paths(nb, root=job.source.parent.parent)
        # Live widgets are for Jupyter sessions; their saved state would make pages load the widget manager.
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html")
                if isinstance(html, str) and ITABLES_NOTICE.search(html):
                    # ITables' note for untrusted notebooks, which readers would see as text.
                    output["data"]["text/html"] = ITABLES_NOTICE.sub("", html)
            # The page shows the parameters cell (collapsed), not papermill's injected copy of it.
            tags = cell.metadata.get("tags", [])
            if "injected-parameters" in tags and "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
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


def portable(value, root: Path):
    """A path of the build machine as the published notebook shows it: relative to the project, or only its
    last part (…/data) when it lies elsewhere. Other values unchanged."""
    if not (isinstance(value, str) and os.path.isabs(value)):
        return value
    path = Path(value)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return f"…/{path.name}"


def drop_machine_paths(nb, root: Path) -> None:
    """No published notebook names a folder of the machine that built it (it would leak, and make builds
    differ by folder): papermill's record and its injected cell show paths relative to the project."""
    meta = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path", "cwd"):
        if key in meta:
            meta[key] = portable(meta[key], root)
    given = meta.get("parameters") or {}
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            for value in given.values():
                if portable(value, root) != value:
                    cell.source = cell.source.replace(repr(value), repr(portable(value, root)))
                    cell.source = cell.source.replace(json.dumps(value), json.dumps(portable(value, root)))
    meta["parameters"] = {k: portable(v, root) for k, v in given.items()}


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
    The code cells are the executed ones (the key proves their source unchanged), papermill's injected
    parameters cell stays after the parameters cell. False if the cells do not line up (then execute)."""
    import nbformat

    source = nbformat.read(job.source, as_version=4)
    select_edition(source, job.edition)
    executed = nbformat.read(job.target, as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    ran = [c for c in executed.cells if c.cell_type == "code" and c not in injected]
    if len(ran) != sum(c.cell_type == "code" for c in source.cells):
        return False
    cells, code = [], iter(ran)
    for cell in source.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells.append(next(code))
        if "parameters" in cell.metadata.get("tags", []):
            cells += injected
    executed.cells = cells
    partial = job.target.with_name(f".{job.name}.prose.ipynb")
    nbformat.write(executed, partial)
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

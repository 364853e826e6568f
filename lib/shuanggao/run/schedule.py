"""Executing a build's notebooks: the chapters that changed in parallel, then the summary pages whose
reading of the chapters changed, in one pool of workers; prose-only edits merged without a kernel."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from ..errors import BuildError
from . import plan
from .execute import Outcome, commit, merge_prose, run_job, worker_init


class Scheduler:
    def __init__(self, opts, root: Path, out: Path, src: Path, say):
        self.o, self.root, self.out, self.src, self.say = opts, root, out, src, say

    def execute(self, jobs: list[plan.Job], check_first=None) -> list[Outcome]:
        """The chapters that changed, in parallel; then the summary pages whose reading of the chapters
        changed, in the same pool of workers. Cached notebooks whose prose changed are merged, not run.

        `check_first` (the data validation) runs in this process while the first notebooks start;
        if it fails, the workers are stopped and its error is what the user sees.
        """
        chapters = self.to_run([j for j in jobs if not j.summary])
        pool, outcomes = None, []
        try:
            if chapters:
                pool = self.start_pool(len(chapters))
                ordered = plan.longest_first(chapters, self.durations())
                # Warm spare kernels (--spare-kernels, off by default): each notebook starts about 3 s sooner on
                # one; the warm-up competes for the same cores, and on a quiet 2-core machine the clean build
                # was still 9 % faster with them (bench/bench.py measures both).
                if self.o.spare_kernels:
                    plan.mark_spares(ordered, min(self.o.jobs, len(chapters)),
                                     more_after=any(j.summary and not plan.cached(j) for j in jobs))
                runs = {pool.submit(run_job, j): j for j in ordered}
                if check_first:
                    check_first()
                outcomes += self.collect(runs, "chapter notebook(s)")
            elif check_first:
                check_first()
            plan.settle_summaries(jobs)
            summaries = self.to_run([j for j in jobs if j.summary])
            if summaries:
                pool = pool or self.start_pool(len(summaries))
                outcomes += self.collect({pool.submit(run_job, j): j for j in summaries}, "summary page(s)")
        except BaseException:
            # Ctrl-C, invalid data or a failed notebook: stop the workers, which end their kernels and
            # drop their partial files, so that nothing keeps running and nothing is half-written.
            if pool is not None:
                for worker in multiprocessing.active_children():
                    worker.terminate()
                pool.shutdown(wait=True, cancel_futures=True)
                shutil.rmtree(self.out / "staging", ignore_errors=True)  # the stopped runs' private folders
            raise
        if pool is not None:
            pool.shutdown(wait=True)
            shutil.rmtree(self.out / "staging", ignore_errors=True)
            self.record_durations(outcomes)
        return outcomes

    def to_run(self, jobs: list[plan.Job]) -> list[plan.Job]:
        """Those of `jobs` that must execute; a cached one whose Markdown changed gets the new prose merged."""
        todo = plan.pending(jobs, self.o.force, self.o.only)
        for j in jobs:
            if j in todo:
                continue
            if plan.prose_changed(j) and j.target.exists():
                if merge_prose(j):
                    self.say(f"  prose    {j.label}.ipynb (Markdown merged, no kernel)")
                    continue
                todo.append(j)
            else:
                self.say(f"  cached   {j.label}.ipynb")
        return todo

    def start_pool(self, n: int) -> ProcessPoolExecutor:
        (self.src / "book").mkdir(parents=True, exist_ok=True)
        from .kernels import remove_stale_socket_folders

        remove_stale_socket_folders()
        shutil.rmtree(self.out / "staging", ignore_errors=True)  # runs that were never committed
        return ProcessPoolExecutor(max_workers=max(1, min(self.o.jobs, n)), initializer=worker_init)

    # Shared by every output folder: they are only a hint for scheduling, so an unreadable file is ignored.
    def durations(self) -> dict[str, float]:
        try:
            times = json.loads((self.root / "_build" / ".durations.json").read_text())
            return {k: float(v) for k, v in times.items()} if isinstance(times, dict) else {}
        except (OSError, ValueError, TypeError):
            return {}

    def record_durations(self, outcomes: list[Outcome]) -> None:
        times = {**self.durations(), **{o.name: round(o.seconds, 2) for o in outcomes if o.ok}}
        path = self.root / "_build" / ".durations.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".durations.{os.getpid()}.partial")
        partial.write_text(json.dumps(times, indent=1, sort_keys=True))
        os.replace(partial, path)

    def collect(self, futures: dict, what: str) -> list[Outcome]:
        """Wait for one phase's notebooks (the chapters, or the summary pages, which only then are known),
        announcing how many and counting them as they finish: `[n/total]` with the total announced."""
        total, outcomes = len(futures), []
        self.say(f"executing {total} {what} with {min(self.o.jobs, total)} worker(s)")
        for future in as_completed(futures):
            job, result = futures[future], future.result()
            outcomes.append(result)
            if result.ok:
                commit(job)
            self.say(f"  [{len(outcomes)}/{total}] {job.label}.ipynb  "
                     + (f"{result.seconds:.1f} s" if result.ok else "FAILED"))
        failed = [o for o in outcomes if not o.ok]
        if failed:
            lines = [f"{o.name}.ipynb" + (f", cell {o.cell}" if o.cell else "") + f": {o.error}"
                     + (f"\n    full traceback: {o.log}" if o.log else "") for o in failed]
            raise BuildError("notebook execution failed; the site was not rebuilt:\n  " + "\n  ".join(lines))
        return outcomes

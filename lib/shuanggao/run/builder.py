"""`shuanggao build`: validate the data, execute the notebooks, assemble the site, swap it in on success.

This module orchestrates; what to do is decided by `plan`, and the doing is in `execute` and `assemble`.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

# pandas, frictionless and the data checks are imported only when needed (in `validate`), so that the
# worker processes fork from a small parent and start executing sooner.
from ..data import fingerprint
from ..errors import BuildError, DataValidationError
from ..project import chapters
from . import plan
from .execute import Outcome, commit, merge_prose, run_job, worker_init


@dataclass
class Options:
    root: Path
    data: Path | None = None
    out: Path | None = None
    jobs: int = os.cpu_count() or 1      # parallel notebooks, at least 1
    force: bool = False
    only: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    strict: bool = False          # Sphinx warnings are errors (-n -W --keep-going)
    site: bool = True             # assemble the HTML site after executing
    pdf: bool = True              # and the whole book as one PDF
    quiet: bool = False


class Builder:
    def __init__(self, opts: Options):
        self.o = opts
        self.root = opts.root
        given = opts.parameters.get("data_dir")
        # `-p data_dir X` names the data the notebooks read: validate that, not ROOT/data.
        # (A value of the wrong type is rejected with the other parameters, in `jobs`.)
        self.data = Path(given if isinstance(given, str) else opts.data or self.root / "data").resolve()
        self.out = (opts.out or self.root / "_build").resolve()
        self.src = self.out / "src"
        self.logs = self.out / "logs"
        self.ds = None

    def say(self, message: str) -> None:
        if not self.o.quiet:
            print(message, flush=True)

    # steps ----------------------------------------------------------------
    def validate(self):
        from ..data.dataset import load
        from ..data.printed import failures

        try:
            ds = load(self.data)
        except DataValidationError as err:
            raise BuildError(str(err)) from None
        wrong = failures(ds)
        if wrong:
            raise BuildError(f"{len(wrong)} number(s) in the data disagree with the brief:\n  "
                             + "\n  ".join(map(str, wrong)))
        self.say(f"data: {self.data} is valid ({len(ds.cases)} cases, {len(ds.institutions)} units; "
                 "every printed number agrees with the brief)")
        self.ds = ds
        return ds

    def jobs(self) -> list[plan.Job]:
        if self.o.jobs < 1:
            raise BuildError(f"--jobs {self.o.jobs}: give at least 1 parallel notebook")
        names = chapters(self.root)
        unknown = sorted(set(self.o.only) - set(names))
        if unknown:
            raise BuildError(f"no chapter named {', '.join(unknown)}; chapters are: {', '.join(names)}")
        book = self.root / "book"
        declared = {name: plan.read_parameters(book / f"{name}.ipynb") for name in names}
        known = {p for params in declared.values() for p in params}
        for key in self.o.parameters:
            if key not in known:
                listing = "; ".join(f"{p.name} ({p.type or 'any'}): {p.doc}" for p in
                                    {p.name: p for ps in declared.values() for p in ps.values()}.values())
                raise BuildError(f"no notebook has a parameter {key!r}; the parameters are: {listing}")
        for name, params in declared.items():
            plan.check_parameters(name, params, {k: v for k, v in self.o.parameters.items() if k in params})
        inputs = plan.Inputs(
            library=sorted((self.root / "lib").rglob("*.py")),
            data=sorted(p for p in self.data.rglob("*") if p.is_file()) if self.data.is_dir() else [],
            environment=[p for p in (self.root / "requirements.txt", self.root / "constraints.txt") if p.exists()])
        parameters = {**self.o.parameters, "data_dir": str(self.data),
                      "validated_sha256": fingerprint.package_sha256(self.data),
                      plan.SUMMARY_PARAMETER: str(self.src / "book")}
        return plan.plan(names, book, self.src / "book", self.logs, parameters, inputs, self.out / "staging")

    def execute(self, todo: list[plan.Job], check_first=None) -> list[Outcome]:
        """The chapters in parallel, then the pages that summarise them, in one pool of workers.

        `check_first` (the data validation) runs in this process while the first notebooks start;
        if it fails, the workers are stopped and its error is what the user sees.
        """
        if not todo:
            if check_first:
                check_first()
            return []
        (self.src / "book").mkdir(parents=True, exist_ok=True)
        from .kernels import remove_stale_socket_folders

        remove_stale_socket_folders()
        shutil.rmtree(self.out / "staging", ignore_errors=True)  # runs that were never committed
        workers = max(1, min(self.o.jobs, len(todo)))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init)
        outcomes: list[Outcome] = []
        try:
            ordered = plan.longest_first([j for j in todo if not j.summary], self.durations())
            chapter_runs = {pool.submit(run_job, j): j for j in ordered}
            if check_first:
                check_first()
            self.say(f"executing {len(todo)} notebook(s) with {workers} worker(s)")
            outcomes += self.collect(chapter_runs, done=0, total=len(todo))
            summaries = {pool.submit(run_job, j): j for j in todo if j.summary}
            outcomes += self.collect(summaries, done=len(outcomes), total=len(todo))
        except BaseException:
            # Ctrl-C, invalid data or a failed notebook: stop the workers, which end their kernels and
            # drop their partial files, so that nothing keeps running and nothing is half-written.
            for worker in multiprocessing.active_children():
                worker.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        shutil.rmtree(self.out / "staging", ignore_errors=True)
        self.record_durations(outcomes)
        return outcomes

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

    def collect(self, futures: dict, done: int, total: int) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for future in as_completed(futures):
            job, result = futures[future], future.result()
            outcomes.append(result)
            if result.ok:
                commit(job)
            n = done + len(outcomes)
            self.say(f"  [{n}/{total}] {job.name}.ipynb  " + (f"{result.seconds:.1f} s" if result.ok else "FAILED"))
        failed = [o for o in outcomes if not o.ok]
        if failed:
            lines = [f"{o.name}.ipynb" + (f", cell {o.cell}" if o.cell else "") + f": {o.error}"
                     + (f"\n    full traceback: {o.log}" if o.log else "") for o in failed]
            raise BuildError("notebook execution failed; the site was not rebuilt:\n  " + "\n  ".join(lines))
        return outcomes

    def site_sources(self) -> list[Path]:
        root = self.root
        return [root / "_config.yml", root / "_toc.yml", root / "assets" / "package-lock.json",
                *sorted((root / "book").glob("*.md")), *sorted((root / "book" / "_site_static").rglob("*")),
                *sorted((root / "lib").rglob("*.py"))]

    def run(self) -> Path | None:
        from . import outdir

        outdir.claim(self.out, is_default=self.o.out is None)
        with outdir.locked(self.out, say=self.say):
            return self.locked_run()

    def locked_run(self) -> Path | None:
        from . import assemble

        start = time.monotonic()
        jobs = self.jobs()
        todo = plan.pending(jobs, self.o.force, self.o.only)
        for j in jobs:
            if j in todo:
                continue
            if plan.prose_changed(j) and j.target.exists():
                if merge_prose(j):
                    self.say(f"  prose    {j.name}.ipynb (Markdown merged, no kernel)")
                    continue
                todo.append(j)
            else:
                self.say(f"  cached   {j.name}.ipynb")
        ran = self.execute(todo, check_first=self.validate)
        if not self.o.site:
            return None
        key, stamp = plan.site_key(jobs, (self.o.strict, self.o.pdf), self.site_sources()), self.out / ".site-key"
        published = (self.out / "html" / "index.html").exists()
        if not ran and published and stamp.exists() and stamp.read_bytes() == key.encode():
            self.say(f"site: {self.out / 'html' / 'index.html'} is up to date ({time.monotonic() - start:.1f} s)")
            return self.out / "html"
        assemble.stage(self.root, self.src, self.ds)
        self.say("assembling the site with Jupyter Book")
        new_html = assemble.jupyter_book(self.src, self.out / "jb", self.logs / "jupyter-book.log", self.o.strict)
        from .. import registry
        from ..site import phrases
        from ..site.audit import audit_html

        phrases.write(new_html)

        stale = audit_html(new_html, registry.load(self.src / "book"))
        if stale:
            raise BuildError("the built pages disagree with the results registry; the previous site was kept:\n  "
                             + "\n  ".join(stale[:20]))
        if self.o.pdf:
            assemble.publish_pdf(self.root, new_html, self.data, self.say)
        else:
            assemble.remove_pdf_links(new_html)
        html = assemble.swap(new_html, self.out)
        stamp.write_text(key)
        self.say(f"site: {html / 'index.html'}  ({time.monotonic() - start:.1f} s)")
        return html


def build(opts: Options) -> Path | None:
    return Builder(opts).run()

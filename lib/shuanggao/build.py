"""`shuanggao build`: validate the data, execute the notebooks, assemble the site, swap it in on success."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import multiprocessing
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# pandas, frictionless and the data checks are imported only when needed (in `validate`), so that the
# worker processes fork from a small parent and start executing sooner.
from . import fingerprint
from .execute import ANSI, Job, Outcome, cached, job_key, mark_cached, run_job, worker_init


class BuildError(RuntimeError):
    """A build step failed; the message says which and where the full log is."""


@dataclass
class Options:
    root: Path
    data: Path | None = None
    out: Path | None = None
    jobs: int = os.cpu_count() or 1
    force: bool = False
    only: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    strict: bool = False          # Sphinx warnings are errors (-n -W --keep-going)
    site: bool = True             # assemble the HTML site after executing
    quiet: bool = False


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").exists() and (folder / "_toc.yml").exists():
            return folder
    raise BuildError(f"no _config.yml and _toc.yml above {here}: run from the project folder")


def chapters(root: Path) -> list[str]:
    """Notebook stems in table-of-contents order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [Path(f).name for f in files if (root / f"{f}.ipynb").exists()]


class Builder:
    def __init__(self, opts: Options):
        self.o = opts
        self.root = opts.root
        self.data = (opts.data or self.root / "data").resolve()
        self.out = (opts.out or self.root / "_build").resolve()
        self.src = self.out / "src"
        self.logs = self.out / "logs"
        self.ds = None

    def say(self, message: str) -> None:
        if not self.o.quiet:
            print(message, flush=True)

    # steps ----------------------------------------------------------------
    def validate(self):
        from . import verify
        from .dataset import load
        from .problems import DataValidationError

        try:
            with _without(fingerprint.ENV):
                ds = load(self.data)
        except DataValidationError as err:
            raise BuildError(str(err)) from None
        wrong = verify.failures(ds)
        if wrong:
            raise BuildError(f"{len(wrong)} number(s) in the data disagree with the brief:\n  " + "\n  ".join(wrong))
        self.say(f"data: {self.data} is valid ({len(ds.cases)} cases, {len(ds.institutions)} units; "
                 "every printed number agrees with the brief)")
        self.ds = ds
        return ds

    def jobs(self) -> list[Job]:
        names = chapters(self.root)
        unknown = sorted(set(self.o.only) - set(names))
        if unknown:
            raise BuildError(f"no chapter named {', '.join(unknown)}; chapters are: {', '.join(names)}")
        inputs = {
            "library": sorted((self.root / "lib").rglob("*.py")),
            "data": sorted(p for p in self.data.rglob("*") if p.is_file()),
            "environment": [p for p in (self.root / "requirements.txt", self.root / "constraints.txt") if p.exists()],
        }
        params = {"data_dir": str(self.data), **self.o.parameters}
        jobs = []
        for name in names:
            job = Job(name, self.root / "book" / f"{name}.ipynb", self.src / "book" / f"{name}.ipynb", params,
                      log=self.logs / f"{name}.log", after_chapters=runs_after_chapters(self.root / "book" / f"{name}.ipynb"))
            job.key = job_key(job, inputs)
            jobs.append(job)
        # Pages that read the other chapters' results (verification, reproducibility) depend on all of them.
        chapters_key = "".join(j.key for j in jobs if not j.after_chapters)
        for job in jobs:
            if job.after_chapters:
                job.key = hashlib.sha256((job.key + chapters_key).encode()).hexdigest()
        return jobs

    def pending(self, jobs: list[Job]) -> list[Job]:
        """Which notebooks need executing: changed ones, or those named by --only, or all with --force."""
        def needed(job: Job) -> bool:
            if self.o.force:
                return True
            if self.o.only and not job.after_chapters:
                return job.name in self.o.only or not job.target.exists()
            return not cached(job)
        todo = [j for j in jobs if needed(j)]
        for j in jobs:
            if j not in todo:
                self.say(f"  cached   {j.name}.ipynb")
        return todo

    def execute(self, todo: list[Job], check_first=None) -> list[Outcome]:
        """The chapters in parallel, then the pages that summarise them, in one pool of workers.

        `check_first` (the data validation) runs in this process while the first notebooks start;
        if it fails, the workers are stopped and its error is what the user sees.
        """
        if not todo:
            if check_first:
                check_first()
            return []
        (self.src / "book").mkdir(parents=True, exist_ok=True)
        workers = max(1, min(self.o.jobs, len(todo)))
        # The notebooks skip the schema pass for exactly these bytes, which `check_first` validates
        # (and if it fails, the notebooks are stopped).
        os.environ[fingerprint.ENV] = fingerprint.package_sha256(self.data)
        pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init)
        outcomes: list[Outcome] = []
        try:
            # Longest first (by the last run's times), so that no long notebook starts last and
            # keeps the summary pages waiting while the other workers sit idle.
            last = self.durations()
            chapters = {pool.submit(run_job, j): j for j in sorted(
                (j for j in todo if not j.after_chapters), key=lambda j: -last.get(j.name, float("inf")))}
            if check_first:
                check_first()
            self.say(f"executing {len(todo)} notebook(s) with {workers} worker(s)")
            outcomes += self.collect(chapters, done=0, total=len(todo))
            summaries = {pool.submit(run_job, j): j for j in todo if j.after_chapters}
            outcomes += self.collect(summaries, done=len(outcomes), total=len(todo))
        except BaseException:
            # Ctrl-C, invalid data or a failed notebook: stop the workers, which end their kernels and
            # drop their partial files, so that nothing keeps running and nothing is half-written.
            for worker in multiprocessing.active_children():
                worker.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        self.record_durations(outcomes)
        return outcomes

    # Shared by every output folder: they are only a hint for scheduling.
    def durations(self) -> dict[str, float]:
        try:
            return json.loads((self.root / "_build" / ".durations.json").read_text())
        except (OSError, ValueError):
            return {}

    def record_durations(self, outcomes: list[Outcome]) -> None:
        times = {**self.durations(), **{o.name: round(o.seconds, 2) for o in outcomes if o.ok}}
        path = self.root / "_build" / ".durations.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(times, indent=1, sort_keys=True))

    def collect(self, futures: dict, done: int, total: int) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for future in as_completed(futures):
            job, result = futures[future], future.result()
            outcomes.append(result)
            n = done + len(outcomes)
            if result.ok:
                mark_cached(job)
                self.say(f"  [{n}/{total}] {job.name}.ipynb  {result.seconds:.1f} s")
            else:
                self.say(f"  [{n}/{total}] {job.name}.ipynb  FAILED")
        failed = [o for o in outcomes if not o.ok]
        if failed:
            lines = [f"{o.name}.ipynb" + (f", cell {o.cell}" if o.cell else "") + f": {o.error}"
                     + (f"\n    full traceback: {o.log}" if o.log else "") for o in failed]
            raise BuildError("notebook execution failed; the site was not rebuilt:\n  " + "\n  ".join(lines))
        return outcomes

    def stage(self) -> None:
        """Lay out the book's sources beside the executed notebooks."""
        for name in ("_config.yml", "_toc.yml"):
            shutil.copy2(self.root / name, self.src / name)
        for page in (self.root / "book").glob("*.md"):
            shutil.copy2(page, self.src / "book" / page.name)
        static = self.src / "book" / "_site_static"
        if static.exists():
            shutil.rmtree(static)
        shutil.copytree(self.root / "book" / "_site_static", static)
        # Shared by every output folder: the pinned npm packages are fetched once per lock file.
        from . import assets

        node_modules = assets.fetch(self.root, self.root / "_build" / ".npm-cache")
        assets.install(node_modules, static)
        self.write_search_dictionary()

    def write_search_dictionary(self) -> None:
        """jieba user dictionary: the codebook's and the search list's terms, so that search keeps them whole."""
        from .source import drop_stray_spaces

        ds = self.ds  # loaded and validated once, in `validate`
        terms = dict.fromkeys([*(drop_stray_spaces(t) for t in ds.codebook.term), *ds.search_terms.term])
        path = self.src / "_search" / "userdict.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{t} 100000\n" for t in terms), encoding="utf-8")

    def assemble(self) -> Path:
        jb_out = self.out / "jb"
        if jb_out.exists():
            shutil.rmtree(jb_out)
        cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(self.src), "--path-output", str(jb_out),
               "--all"]
        if self.o.strict:
            cmd += ["-W", "-n", "--keep-going"]
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.logs / "jupyter-book.log"
        self.say("assembling the site with Jupyter Book")
        env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        run = subprocess.run(cmd, cwd=self.src, capture_output=True, text=True, env=env)
        log.write_text(ANSI.sub("", run.stdout + "\n" + run.stderr), encoding="utf-8")
        if run.returncode:
            output = ANSI.sub("", run.stdout + run.stderr)
            problems = [ln for ln in output.splitlines() if "WARNING" in ln or "ERROR" in ln]
            shown = "\n  ".join(problems[:20]) or run.stderr[-1500:]
            raise BuildError(f"Jupyter Book failed (exit {run.returncode}); the previous site was kept:\n  {shown}\n"
                             f"  full log: {log}")
        return jb_out / "_build" / "html"

    def swap(self, new_html: Path) -> Path:
        """Replace the published folder in two renames, so a reader never sees half a site."""
        html = self.out / "html"
        old = self.out / "html.old"
        if old.exists():
            shutil.rmtree(old)
        if html.exists():
            os.replace(html, old)
        os.replace(new_html, html)
        if old.exists():
            shutil.rmtree(old)
        return html

    def site_key(self, jobs: list[Job]) -> str:
        """What the HTML is made from: the executed notebooks' keys and every staged source file."""
        h = hashlib.sha256("".join(j.key for j in jobs).encode())
        h.update(str(self.o.strict).encode())
        sources = [self.root / "_config.yml", self.root / "_toc.yml", self.root / "assets" / "package-lock.json",
                   *sorted((self.root / "book").glob("*.md")), *sorted((self.root / "book" / "_site_static").rglob("*")),
                   *sorted((self.root / "lib").rglob("*.py"))]
        for p in sources:
            if p.is_file():
                h.update(p.name.encode() + p.read_bytes())
        return h.hexdigest()

    def run(self) -> Path | None:
        start = time.monotonic()
        jobs = self.jobs()
        ran = self.execute(self.pending(jobs), check_first=self.validate)
        if not self.o.site:
            return None
        key, stamp = self.site_key(jobs), self.out / ".site-key"
        if not ran and stamp.exists() and stamp.read_text() == key and (self.out / "html" / "index.html").exists():
            self.say(f"site: {self.out / 'html' / 'index.html'} is up to date ({time.monotonic() - start:.1f} s)")
            return self.out / "html"
        self.stage()
        new_html = self.assemble()
        from . import verify

        stale = verify.audit_html(new_html, verify.load_registry(self.src / "book"))
        if stale:
            raise BuildError("the built pages disagree with the results registry; the previous site was kept:\n  "
                             + "\n  ".join(stale[:20]))
        html = self.swap(new_html)
        stamp.write_text(key)
        self.say(f"site: {html / 'index.html'}  ({time.monotonic() - start:.1f} s)")
        return html


@contextlib.contextmanager
def _without(name: str):
    """The runner's own validation always runs in full."""
    saved = os.environ.pop(name, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[name] = saved


def runs_after_chapters(notebook: Path) -> bool:
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return bool(meta.get("shuanggao", {}).get("after_chapters"))


def build(opts: Options) -> Path | None:
    return Builder(opts).run()

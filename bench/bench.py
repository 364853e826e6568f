"""Every kind of rebuild, the runner against Jupyter Book's own execution on the same notebooks, in one run.

  clean       empty output folder                  vs  jupyter-book, execute_notebooks: force, --all
  no-op       nothing changed                      vs  jupyter-book, execute_notebooks: cache
  prose edit  one sentence of talent.ipynb         vs  jupyter-book cache mode, same edit
  code edit   one code cell of talent.ipynb        vs  jupyter-book cache mode, same edit
  data change one value of themes.csv              vs  jupyter-book force (its cache keys on code cells
                                                       only, so in cache mode it would show old numbers)
Also: the runner's clean build with warm spare kernels (--spare-kernels, opt-in), and the CPU
floor of a clean build: the notebooks' CPU seconds over the cores, plus the assembly's (serial) CPU seconds.

Prints the median of --runs runs (default 3) per row and the ratio runner/Jupyter Book.
Usage: .venv/bin/python bench/bench.py [--runs 3] [--jobs N] [--parts runner floor force cache]
(--parts runs only some of the four parts, e.g. to repeat Jupyter Book's cache rows on a quiet machine;
the runner still makes one clean build first, whose staged sources Jupyter Book is given.)
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "_build" / "bench"
BIN = Path(sys.executable).parent


def timed(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return seconds


def runner(root: Path, data: Path, out: Path, jobs: int, *extra: str) -> list[str]:
    # Without the whole-book PDF, which Jupyter Book does not make either, and the Chinese edition only (Jupyter
    # Book builds one): the same work on both sides. bench/editions.py measures both editions against one.
    return [str(BIN / "shuanggao"), "build", "--root", str(root), "--data", str(data), "--out", str(out),
            "--jobs", str(jobs), "-q", "--no-pdf", "--no-english", *extra]


def project_copy(folder: Path) -> Path:
    """The project's sources, which the edits below change, in a folder of their own."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in ("_config.yml", "_config.en.yml", "_toc.yml", "requirements.txt", "constraints.txt"):
        shutil.copy2(ROOT / name, folder / name)
    for sub in ("book", "assets", "lib", "style"):
        shutil.copytree(ROOT / sub, folder / sub, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return folder


def jupyter_book_project(book: Path, mode: str, assets_from: Path) -> Path:
    """The same clean notebooks and pages, laid out for Jupyter Book to execute itself."""
    src = WORK / f"jb-{mode}-src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(book, src / "book", ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    shutil.copytree(assets_from / "book" / "_site_static" / "npm", src / "book" / "_site_static" / "npm")
    shutil.copytree(assets_from / "_search", src / "_search")
    shutil.copy2(ROOT / "_toc.yml", src / "_toc.yml")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": mode, "timeout": 300, "cache": str(WORK / f"jb-{mode}-cache")}
    (src / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return src


def jupyter_book(src: Path, out: Path, *extra: str) -> list[str]:
    return [str(BIN / "jupyter-book"), "build", str(src), "--path-output", str(out), "-q", *extra]


def edit_notebook(book: Path, kind: str, n: int) -> None:
    """An author's edit of talent.ipynb: a sentence added to its first paragraph, or a comment to its last
    code cell (code, as far as any cache can tell)."""
    path = book / "talent.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == ("markdown" if kind == "prose" else "code")]
    cell = cells[1] if kind == "prose" else cells[-1]
    text = "".join(cell["source"]) + (f"（修改 {n}）" if kind == "prose" else f"\n# edit {n}")
    cell["source"] = text.splitlines(keepends=True)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def cpu_seconds(cmd: list[str]) -> float:
    """CPU seconds of a command and everything it waited for (workers, kernels, Jupyter Book)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    timed(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def change_one_value(data: Path, value: int) -> None:
    """A deliberate new count for one theme (with its reason, as an editor would record it)."""
    path = data / "themes.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    col = rows[0].index("cases_analysed")
    next(r for r in rows if r[0] == "digital")[col] = str(value)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    (data / "reasons.csv").write_text("table,key,column,reason\nthemes,digital,cases_analysed,benchmark edit\n",
                                      encoding="utf-8")


ROWS = {
    "clean": ("clean build", "force"),
    "noop": ("no-op rebuild", "cache"),
    "prose": ("prose edit in one chapter", "cache"),
    "code": ("code edit in one chapter", "cache"),
    "data": ("one data value changed", "force"),
}


PARTS = ("runner", "floor", "force", "cache")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS),
                        help="which parts to run (default: all)")
    args = parser.parse_args()
    parts = set(args.parts)
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    data = WORK / "data"
    shutil.copytree(ROOT / "data", data)
    project = project_copy(WORK / "project")
    ours: dict[str, list[float]] = {k: [] for k in [*ROWS, "warm-kernels"]}
    theirs: dict[str, list[float]] = {k: [] for k in ROWS}
    out = WORK / "runner"

    def run(*extra: str) -> float:
        return timed(runner(project, data, out, args.jobs, *extra))

    for i in range(args.runs if "runner" in parts else 0):
        shutil.rmtree(out, ignore_errors=True)
        ours["clean"].append(run())
        ours["noop"].append(run())
        edit_notebook(project / "book", "prose", i)
        ours["prose"].append(run())
        edit_notebook(project / "book", "code", i)
        ours["code"].append(run())
        change_one_value(data, 80 + i)
        ours["data"].append(run())
        shutil.rmtree(out)
        ours["warm-kernels"].append(run("--spare-kernels"))
        print(f"run {i + 1}, runner: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in ours.items()), flush=True)

    # The CPU floor of a clean build: notebooks spread over the cores, assembly after them.
    cores = os.cpu_count() or 1
    notebooks_cpu = all_cpu = floor = float("nan")
    if "floor" in parts:
        shutil.rmtree(out, ignore_errors=True)
        notebooks_cpu = cpu_seconds(runner(project, data, out, args.jobs, "--no-site"))
        shutil.rmtree(out)
        all_cpu = cpu_seconds(runner(project, data, out, args.jobs))
        floor = notebooks_cpu / min(cores, args.jobs) + (all_cpu - notebooks_cpu)
        print(f"CPU floor measured: {floor:.1f} s", flush=True)
    if not (out / "src").is_dir():  # Jupyter Book is given the runner's staged sources
        shutil.rmtree(out, ignore_errors=True)
        run()

    shutil.rmtree(project / "book")
    shutil.copytree(ROOT / "book", project / "book")
    staged = out / "src"
    for i in range(args.runs if "force" in parts else 0):
        src = jupyter_book_project(project / "book", "force", staged)
        jb_out = WORK / "jb-force-out"
        shutil.rmtree(jb_out, ignore_errors=True)
        theirs["clean"].append(timed(jupyter_book(src, jb_out, "--all"), cwd=src))
        print(f"run {i + 1}, jupyter-book force: {theirs['clean'][-1]:.1f} s", flush=True)
    # With force, Jupyter Book executes everything whatever changed: a data change costs a clean build.
    theirs["data"] = list(theirs["clean"])

    src = jupyter_book_project(project / "book", "cache", staged)
    jb_out = WORK / "jb-cache-out"
    if "cache" in parts:
        timed(jupyter_book(src, jb_out), cwd=src)  # fills Jupyter Book's cache
    for i in range(args.runs if "cache" in parts else 0):
        theirs["noop"].append(timed(jupyter_book(src, jb_out), cwd=src))
        edit_notebook(src / "book", "prose", i)
        theirs["prose"].append(timed(jupyter_book(src, jb_out), cwd=src))
        edit_notebook(src / "book", "code", i)
        theirs["code"].append(timed(jupyter_book(src, jb_out), cwd=src))
        print(f"run {i + 1}, jupyter-book cache: noop {theirs['noop'][-1]:.1f} s, prose {theirs['prose'][-1]:.1f} s, "
              f"code {theirs['code'][-1]:.1f} s", flush=True)

    def median(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")  # a part not run prints "nan"

    med_ours = {k: median(v) for k, v in ours.items()}
    med_theirs = {k: median(v) for k, v in theirs.items()}
    print(f"\nmedians of {args.runs} runs; {cores} cores, {args.jobs} jobs; {time.strftime('%Y-%m-%d')}")
    print("| rebuild | runner | Jupyter Book | mode | ratio |\n|---|---:|---:|---|---:|")
    for key, (label, mode) in ROWS.items():
        print(f"| {label} | {med_ours[key]:.1f} s | {med_theirs[key]:.1f} s | {mode} | "
              f"{med_ours[key] / med_theirs[key]:.2f} |")
    print(f"\nclean build with warm spare kernels: {med_ours['warm-kernels']:.1f} s "
          f"(without, the default: {med_ours['clean']:.1f} s)")
    print(f"CPU floor of a clean build: {floor:.1f} s = {notebooks_cpu:.1f} CPU s of notebooks / "
          f"{min(cores, args.jobs)} + {all_cpu - notebooks_cpu:.1f} CPU s of assembly")
    result = WORK.parent / "bench-results.json"
    result.write_text(json.dumps({"runner": ours, "jupyter_book": theirs, "median_runner": med_ours,
                                  "median_jupyter_book": med_theirs, "cpu_floor": floor,
                                  "notebooks_cpu": notebooks_cpu, "all_cpu": all_cpu, "cores": cores,
                                  "jobs": args.jobs}, indent=1))
    print(f"results: {result}")


if __name__ == "__main__":
    main()

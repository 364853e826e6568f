"""Measure the runner against Jupyter Book's own execution, on the same notebooks, in one run.

  (a) clean full build with the runner (`shuanggao build`, parallel, into an empty output folder)
  (b) `jupyter-book build` with `execute_notebooks: force` (Jupyter Book executes, one at a time)
  (c) no-op rebuild with the runner
  (d) no-op rebuild with Jupyter Book's `execute_notebooks: cache`
  (e) runner rebuild after one data value changed

Prints the median of --runs runs (default 3) for each, and the ratios a/b and c/d.
Usage: .venv/bin/python bench/bench.py [--runs 3] [--jobs N]
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


def timed(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> float:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return seconds


def runner(data: Path, out: Path, jobs: int, *extra: str) -> list[str]:
    # Without the whole-book PDF, which Jupyter Book does not make either: the same work on both sides.
    return [str(BIN / "shuanggao"), "build", "--root", str(ROOT), "--data", str(data), "--out", str(out),
            "--jobs", str(jobs), "-q", "--no-pdf", *extra]


def jupyter_book_project(mode: str, assets_from: Path) -> Path:
    """The same clean notebooks and pages, laid out for Jupyter Book to execute itself."""
    src = WORK / f"jb-{mode}-src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "book", src / "book", ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    shutil.copytree(assets_from / "book" / "_site_static" / "npm", src / "book" / "_site_static" / "npm")
    shutil.copytree(assets_from / "_search", src / "_search")
    shutil.copy2(ROOT / "_toc.yml", src / "_toc.yml")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": mode, "timeout": 300, "cache": str(WORK / f"jb-{mode}-cache")}
    (src / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return src


def jupyter_book(src: Path, out: Path, *extra: str) -> list[str]:
    return [str(BIN / "jupyter-book"), "build", str(src), "--path-output", str(out), "-q", *extra]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    data = WORK / "data"
    shutil.copytree(ROOT / "data", data)
    times: dict[str, list[float]] = {k: [] for k in "abcde"}

    for i in range(args.runs):
        out = WORK / "runner"
        if out.exists():
            shutil.rmtree(out)
        times["a"].append(timed(runner(data, out, args.jobs)))
        times["c"].append(timed(runner(data, out, args.jobs)))
        change_one_value(data, 80 + i)
        times["e"].append(timed(runner(data, out, args.jobs)))
        print(f"run {i + 1}: a {times['a'][-1]:.1f} s, c {times['c'][-1]:.1f} s, e {times['e'][-1]:.1f} s", flush=True)
    staged = WORK / "runner" / "src"

    for i in range(args.runs):
        src = jupyter_book_project("force", staged)
        out = WORK / "jb-force-out"
        if out.exists():
            shutil.rmtree(out)
        times["b"].append(timed(jupyter_book(src, out, "--all"), cwd=src))
        print(f"run {i + 1}: b {times['b'][-1]:.1f} s", flush=True)

    src = jupyter_book_project("cache", staged)
    out = WORK / "jb-cache-out"
    timed(jupyter_book(src, out), cwd=src)  # fills Jupyter Book's cache
    for i in range(args.runs):
        times["d"].append(timed(jupyter_book(src, out), cwd=src))
        print(f"run {i + 1}: d {times['d'][-1]:.1f} s", flush=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    labels = {
        "a": "clean full build, runner",
        "b": "jupyter-book build, execute_notebooks: force",
        "c": "no-op rebuild, runner",
        "d": "no-op rebuild, jupyter-book, execute_notebooks: cache",
        "e": "rebuild after one data value changed, runner",
    }
    print(f"\nmedians of {args.runs} runs, {os.cpu_count()} cores, {args.jobs} jobs")
    for k in "abcde":
        print(f"  ({k}) {labels[k]:<55} {med[k]:6.1f} s")
    print(f"  a/b = {med['a'] / med['b']:.2f}   (target <= 0.60)")
    print(f"  c/d = {med['c'] / med['d']:.2f}")
    result = WORK.parent / "bench-results.json"
    result.write_text(json.dumps({"runs": times, "median": med, "a/b": med["a"] / med["b"],
                                  "c/d": med["c"] / med["d"], "cores": os.cpu_count(), "jobs": args.jobs}, indent=1))
    print(f"results: {result}")


if __name__ == "__main__":
    main()

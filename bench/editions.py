"""Both editions against the Chinese one alone: a clean build and a no-op rebuild, as `make book` runs them
(the site and both PDFs), in a copy of the project.

  both     the Chinese edition at the root and the English one under en/ (the default)
  chinese  --no-english

Prints the median of --runs runs per row. Usage: .venv/bin/python bench/editions.py [--runs 3] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from pathlib import Path

from bench import BIN, ROOT, WORK, project_copy, timed

EDITIONS = {"both": [], "chinese": ["--no-english"]}


def build(project: Path, out: Path, jobs: int, *extra: str) -> list[str]:
    return [str(BIN / "shuanggao"), "build", "--root", str(project), "--data", str(project / "data"), "--out",
            str(out), "--jobs", str(jobs), "-q", *extra]


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    work = WORK.with_name("bench-editions")
    shutil.rmtree(work, ignore_errors=True)
    project = project_copy(work / "project")
    shutil.copytree(ROOT / "data", project / "data")
    clean: dict[str, list[float]] = {k: [] for k in EDITIONS}
    noop: dict[str, list[float]] = {k: [] for k in EDITIONS}
    sizes: dict[str, int] = {}
    for i in range(args.runs):
        for name, extra in EDITIONS.items():
            out = work / f"out-{name}"
            shutil.rmtree(out, ignore_errors=True)
            clean[name].append(timed(build(project, out, args.jobs, *extra)))
            noop[name].append(timed(build(project, out, args.jobs, *extra)))
            sizes[name] = size(out / "html")
            print(f"run {i + 1}, {name}: clean {clean[name][-1]:.1f} s, no-op {noop[name][-1]:.1f} s", flush=True)
    print(f"\nmedians of {args.runs} runs; {os.cpu_count()} cores, {args.jobs} jobs; {time.strftime('%Y-%m-%d')}")
    print("| build | clean | no-op | site size |\n|---|---:|---:|---:|")
    for name in EDITIONS:
        print(f"| {name} | {statistics.median(clean[name]):.1f} s | {statistics.median(noop[name]):.1f} s | "
              f"{sizes[name] / 2**20:.1f} MiB |")
    ratio = statistics.median(clean["both"]) / statistics.median(clean["chinese"])
    print(f"\nboth editions take {ratio:.2f}× the clean build of the Chinese one")


if __name__ == "__main__":
    main()

"""Would warm kernels pay? A kernel started and given the heavy imports before its notebook is assigned,
against the runner's cold start, per notebook, on the book's own notebooks.

For each notebook, run --runs times, one at a time:
  cold   papermill starts the kernel and the notebook imports pandas, seaborn, matplotlib and the library;
  warm   the kernel is started and those imports run (without counting in the execution count) first,
         then papermill executes the notebook on it: the time from assignment to finished notebook.
Prints median wall seconds for each, the saving per notebook, and the CPU seconds the warm-up itself
costs (the same work, moved earlier: on a machine whose cores are all busy it saves nothing).
Usage: .venv/bin/python bench/kernels.py [--runs 3] [names…]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import papermill as pm
import psutil

from shuanggao.run.execute import KERNEL
from shuanggao.run.kernels import WARM_UP, IPCKernelManager

ROOT = Path(__file__).resolve().parents[1]


def kernel_cpu(km) -> float:
    proc = psutil.Process(km.provisioner.pid)
    return sum(p.cpu_times().user + p.cpu_times().system for p in [proc, *proc.children(recursive=True)])


async def warm_kernel(cwd: Path):
    km = IPCKernelManager(kernel_name=KERNEL)
    await km.start_kernel(cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=120)
    reply = await kc.execute_interactive(WARM_UP, store_history=False, timeout=120)
    if reply["content"]["status"] != "ok":
        sys.exit(f"warm-up failed: {reply['content']}")
    kc.stop_channels()
    return km


def run(name: str, km=None) -> float:
    work = Path(tempfile.mkdtemp(prefix="bench-kernel-"))
    start = time.perf_counter()
    pm.execute_notebook(str(ROOT / "book" / f"{name}.ipynb"), str(work / f"{name}.ipynb"), kernel_name=KERNEL,
                        parameters={"data_dir": str(ROOT / "data")},
                        cwd=str(work), progress_bar=False, log_output=False, km=km,
                        kernel_manager_class="shuanggao.run.kernels.IPCKernelManager")
    seconds = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("names", nargs="*", default=["talent", "governance", "verify"])
    args = parser.parse_args()
    rows = {}
    for name in args.names:
        cold, warm, warm_up_cpu = [], [], []
        for _ in range(args.runs):
            cold.append(run(name))
            km = asyncio.run(warm_kernel(Path(tempfile.gettempdir())))
            warm_up_cpu.append(kernel_cpu(km))
            warm.append(run(name, km))
            asyncio.run(km.shutdown_kernel(now=True))
        rows[name] = {"cold": statistics.median(cold), "warm": statistics.median(warm),
                      "warm_up_cpu": statistics.median(warm_up_cpu)}
        r = rows[name]
        print(f"{name:<14} cold {r['cold']:5.2f} s   warm {r['warm']:5.2f} s   saves {r['cold'] - r['warm']:5.2f} s"
              f"   (warm-up costs {r['warm_up_cpu']:.2f} CPU s beforehand)", flush=True)
    out = ROOT / "_build" / "bench-kernels.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()

"""Repeated parallel executions: no kernel may fail to start for a port or socket conflict (papermill#511).

Runs `shuanggao build --force --no-site` --repeat times (default 10) with --jobs workers (default 4, more
kernels starting at once than this machine has cores) and checks every run and every kernel log.
Usage: .venv/bin/python bench/stress.py [--repeat 10] [--jobs 4]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFLICT = re.compile(r"Address already in use|ZMQError|EADDRINUSE|Kernel died|Timeout waiting", re.I)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    out = ROOT / "_build" / "stress"
    passed = failed = 0
    for i in range(1, args.repeat + 1):
        start = time.perf_counter()
        run = subprocess.run([str(Path(sys.executable).parent / "shuanggao"), "build", "--root", str(ROOT),
                              "--out", str(out), "--force", "--no-site", "--jobs", str(args.jobs), "-q"],
                             capture_output=True, text=True)
        logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (out / "logs").glob("*.log"))
        conflicts = CONFLICT.findall(run.stdout + run.stderr + logs)
        ok = run.returncode == 0 and not conflicts
        passed += ok
        failed += not ok
        print(f"run {i}: {'ok' if ok else 'FAILED'} in {time.perf_counter() - start:.1f} s"
              + (f" ({', '.join(sorted(set(conflicts)))})" if conflicts else "")
              + ("" if run.returncode == 0 else f"\n{run.stderr[-1500:]}"), flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

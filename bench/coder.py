"""The coder at corpus scale, against the physical floor.

Corpus: the brief's 16 case excerpts repeated into 197 reports of about 100,000 characters each (about 20 M
characters), written as UTF-8 files, as `shuanggao code` reads them. Measured, medians of 3:
- the coder in one process (`code_corpus`, jobs=1): characters per second per core, and its parts
  (folding, the Aho-Corasick pass);
- the floor: a plain substring count of the same terms on the already folded text (`str.count`, no
  positions, no folding);
- `shuanggao code DIR --jobs N` end to end (start-up, loading and validating the package, reading, coding,
  writing), its wall time and the peak memory of its largest process, on 1× and 4× the corpus (memory should
  stay flat: reports are streamed);
- the two methods' match lists: every substring occurrence (after folding) against the coder's matches.

    .venv/bin/python bench/coder.py [--jobs N] [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))
import shuanggao  # noqa: E402
from shuanggao.coding.batch import code_corpus  # noqa: E402
from shuanggao.coding.coder import coder_for  # noqa: E402
from shuanggao.normalize import normalize  # noqa: E402

REPORTS, REPORT_CHARS = 197, 100_000


def write_corpus(folder: Path, ds, copies: int = 1) -> int:
    """197 × copies reports cut from the excerpts repeated; returns the characters written."""
    base = "\n\n".join(ds.cases.excerpt) + "\n\n"
    text = (base * (REPORT_CHARS // len(base) + 1))[:REPORT_CHARS]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(REPORTS * copies):
        (folder / f"report{i:04d}.txt").write_text(text, encoding="utf-8")
    return len(text) * REPORTS * copies


def median_time(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def end_to_end(folder: Path, jobs: int, out: Path, total: int = REPORTS) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process of `shuanggao code`, measured in a fresh child."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        f"r = subprocess.run([sys.executable, '-m', 'shuanggao', 'code', {str(folder)!r}, '--jobs', '{jobs}', "
        f"'--out', {str(out)!r}, '--quiet', '--total', '{total}', '--data', {str(ROOT / 'data')!r}], "
        "capture_output=True)\n"
        "assert r.returncode == 0, r.stderr\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    seconds, mib = map(float, run.stdout.split())
    return seconds, mib


def floor_matches(coder, texts: dict[str, str]) -> set[tuple]:
    """Every occurrence of every term form in the folded text, located in the original text."""
    found = set()
    for name, text in texts.items():
        norm, origin = normalize(text)
        for form, term_id in coder.forms.items():
            at = norm.find(form)
            while at >= 0:
                found.add((name, term_id, int(origin[at])))
                at = norm.find(form, at + 1)
    return found


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args.add_argument("--rounds", type=int, default=3)
    o = args.parse_args()
    ds = shuanggao.load(ROOT / "data")
    coder = coder_for(ds)
    work = Path(tempfile.mkdtemp(prefix="coder-bench-"))
    try:
        chars = write_corpus(work / "corpus", ds)
        one = (work / "corpus" / "report0000.txt").read_text(encoding="utf-8")
        folded, _ = normalize(one)

        fold_s, _ = median_time(lambda: normalize(one), o.rounds)
        ac_s, _ = median_time(lambda: list(coder.automaton.iter_long(folded)), o.rounds)
        floor_s, floor_n = median_time(lambda: sum(folded.count(f) for f in coder.forms), o.rounds)
        coder_s, coded = median_time(lambda: code_corpus(coder, work / "corpus", jobs=1, progress=False), o.rounds)
        jobs_s, _ = median_time(lambda: code_corpus(coder, work / "corpus", jobs=o.jobs, progress=False), o.rounds)

        # The match lists: the coder's against every substring occurrence, on the first 20 reports.
        sample = {f"report{i:04d}": one for i in range(20)}
        ours = {(m.institution, m.term_id, m.start) for m in coder.code(sample).itertuples()}
        floor = floor_matches(coder, sample)

        e2e = [end_to_end(work / "corpus", o.jobs, work / "out") for _ in range(o.rounds)]
        write_corpus(work / "corpus4", ds, copies=4)
        e2e4 = end_to_end(work / "corpus4", o.jobs, work / "out4", total=4 * REPORTS)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    per = len(one)
    print(f"corpus: {REPORTS} reports × {REPORT_CHARS:,} characters = {chars / 1e6:.1f} M characters; "
          f"{len(coded.matches):,} matches; {os.cpu_count()} cores; medians of {o.rounds}\n")
    print("| step (one core) | M characters/s |")
    print("|---|---:|")
    print("| folding (`normalize`: NFKC per character, upper-case, no white space, positions) "
          f"| {per / fold_s / 1e6:.1f} |")
    print(f"| Aho-Corasick pass on folded text (positions, leftmost-longest) | {per / ac_s / 1e6:.1f} |")
    print(f"| floor: `str.count` of each form on folded text ({floor_n} per report, no positions) "
          f"| {per / floor_s / 1e6:.1f} |")
    print(f"| coder, whole corpus, jobs=1 (read, fold, match, locate) | {chars / coder_s / 1e6:.1f} |")
    print(f"| coder, whole corpus, jobs={o.jobs} (per core) | {chars / jobs_s / 1e6 / o.jobs:.1f} "
          f"({chars / jobs_s / 1e6:.1f} in all) |")
    wall = statistics.median(s for s, _ in e2e)
    peak = max(m for _, m in e2e)
    print(f"\n`shuanggao code` end to end, jobs={o.jobs}: {chars / 1e6:.1f} M characters in {wall:.1f} s, "
          f"peak memory of its largest process {peak:.0f} MiB; 4× the corpus ({4 * chars / 1e6:.0f} M): "
          f"{e2e4[0]:.1f} s, {e2e4[1]:.0f} MiB")
    missing, extra = floor - ours, ours - floor
    print(f"\nmatch lists on 20 reports: coder {len(ours):,}, substring floor {len(floor):,}; "
          f"only in the floor {len(missing)}, only in the coder {len(extra)}")
    for _name, term_id, start in sorted(missing)[:5]:
        print(f"  only in the floor: {term_id} at {start} ({one[max(0, start - 4):start + 10]!r})")


if __name__ == "__main__":
    main()

"""Nothing lost, nothing injected: output folders that are not ours are left alone, concurrent builds wait,
impossible values are refused, and data cannot point outside its package."""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, ROOT


def build(out, *args) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(DATA), "--out", str(out),
           "--no-pdf", "--no-english", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def article(page: Path) -> str:
    """A page's own content (the sidebar differs with and without the whole-book PDF)."""
    html = page.read_text(encoding="utf-8")
    return html[html.index('<article class="bd-article">'):html.index("</article>")]


def test_out_into_a_folder_that_is_not_ours_leaves_it_untouched(tmp_path):
    out = tmp_path / "mine"
    for name in ("html", "jb", "html.old"):
        (out / name).mkdir(parents=True)
        (out / name / "notes.txt").write_text("my own work")
    (out / "thesis.docx").write_bytes(b"irreplaceable")
    before = sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*") if p.is_file())
    run = build(out, "--no-site")
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1 and "not a build folder of this project" in err and "Traceback" not in err
    after = sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*") if p.is_file())
    assert after == before


def test_two_builds_at_once_keep_the_site(built, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    first = build(out, "-f", "--only", "talent", "--strict")
    time.sleep(0.5)
    second = build(out, "-f", "--only", "talent", "--strict")
    results = [p.communicate(timeout=600) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], results
    assert "waiting for it to finish" in results[1][0]
    assert (out / "html" / "index.html").exists() and (out / "html" / "book" / "talent.html").exists()


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shuanggao", *args], capture_output=True, text=True)


@pytest.mark.build  # runs the command line on the full data
def test_impossible_values_are_refused(tmp_path):
    run = run_cli("build", "--root", str(ROOT), "--out", str(tmp_path / "o"), "--jobs", "0", "--no-site")
    assert run.returncode == 1 and "--jobs 0" in run.stderr and "Traceback" not in run.stderr
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(3):
        (reports / f"院校{i}.txt").write_text("推行工匠精神。", encoding="utf-8")
    for total in ("0", "-5"):
        run = run_cli("code", str(reports), "--data", str(DATA), "--total", total, "--out", str(tmp_path / "c"))
        assert run.returncode == 1 and "positive whole number" in run.stderr, run.stderr
    run = run_cli("code", str(reports), "--data", str(DATA), "--total", "2", "--out", str(tmp_path / "c"))
    assert run.returncode == 1 and "cannot exceed 100%" in run.stderr
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    run = run_cli("code", str(reports), "--data", str(DATA), "--out", str(a_file))
    assert run.returncode == 1 and "is a file" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.build  # runs the command line on the full data
def test_resource_paths_stay_inside_the_package(data_copy, tmp_path):
    descriptor = data_copy / "datapackage.json"
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "reasons.csv").write_bytes((data_copy / "reasons.csv").read_bytes())
    for res in meta["resources"]:
        if res["name"] == "reasons":
            res["path"] = "../outside/reasons.csv"
        if res["name"] == "errata":
            res["path"] = "../../../../../../etc/passwd"
    descriptor.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    run = run_cli("validate", str(data_copy))
    assert run.returncode == 1
    assert run.stderr.count("[path-outside-package]") == 2, run.stderr
    assert "root:" not in run.stderr


@pytest.mark.build  # runs the command line on the full data
def test_hints_fit_the_problem(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_cli("code", str(empty), "--data", str(DATA), "--out", str(tmp_path / "c"))
    assert run.returncode == 1 and "no .txt or .md files" in run.stderr and "--skip-bad" not in run.stderr
    binary = tmp_path / "binary"
    binary.mkdir()
    (binary / "报告.txt").write_bytes(bytes(range(256)) * 8)
    run = run_cli("code", str(binary), "--data", str(DATA), "--out", str(tmp_path / "c"))
    assert run.returncode == 1 and "binary file" in run.stderr and "UNKNOWN" not in run.stderr
    gbk = tmp_path / "gbk"
    gbk.mkdir()
    (gbk / "报告.txt").write_bytes("推行工匠精神，深化产教融合。".encode("gbk") * 10)
    run = run_cli("code", str(gbk), "--data", str(DATA), "--out", str(tmp_path / "c"))
    assert run.returncode == 1 and "iconv -f GB" in run.stderr and "CSV UTF-8" not in run.stderr
    assert "--skip-bad" in run.stderr


def processes_with(marker: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def test_a_killed_build_of_another_edition_never_publishes_it(built, data_copy, tmp_path):
    """kill -9 of a build with another edition, then a plain build: the site shows the current edition,
    and the killed build leaves no process and no socket folder behind."""
    import os
    import shutil
    import signal
    import uuid

    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    # Another edition: one unit moved from the province with most units to another one.
    inst = data_copy / "institutions.csv"
    lines = inst.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if ",江苏," in line)
    lines[row] = lines[row].replace(",江苏,", ",西藏,", 1)
    inst.write_text("".join(lines), encoding="utf-8")
    marker = f"SHUANGGAO_TEST_{uuid.uuid4().hex}"
    cmd = [sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(data_copy),
           "--out", str(out), "-f", "--strict", "--no-english"]
    other = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, marker: "1"})
    seen = ""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "[3/" not in seen:
        seen += other.stdout.readline()
    assert "[3/" in seen, seen
    os.kill(other.pid, signal.SIGKILL)
    other.wait()
    deadline = time.monotonic() + 20
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_with(marker) == [], "the killed runner left workers or kernels running"
    run = build(out, "--strict")
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stdout + stderr
    overview = article(out / "html" / "book" / "overview.html")
    assert overview == article(built / "html" / "book" / "overview.html")  # the other edition: 19 units for 江苏
    assert "江苏最多（20 所）" in overview
    stale = [p for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("shuanggao-kernel-*")
             if not Path(f"/proc/{p.name.split('-')[2]}").exists()]
    assert stale == []


def test_a_rejected_edition_leaves_nothing_a_later_build_publishes(built, data_copy, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    facts = data_copy / "case_facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace(",2020,4,", ",2020,13,", 1), encoding="utf-8")
    run = build(out, "--data", str(data_copy), "-f", "--strict")
    _, err = run.communicate(timeout=600)
    assert run.returncode == 1 and "case_facts.csv" in err and "Traceback" not in err
    run = build(out, "--strict")
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stdout + stderr
    for page in ("talent", "verify", "overview"):
        shown = article(out / "html" / "book" / f"{page}.html")
        assert shown == article(built / "html" / "book" / f"{page}.html"), page
    assert "13月" not in (out / "html" / "book" / "talent.html").read_text(encoding="utf-8")

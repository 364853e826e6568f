"""Nothing lost, nothing injected: output folders that are not ours are left alone, concurrent builds wait,
impossible values are refused, and data cannot point outside its package."""
import json
import subprocess
import sys
import time

from conftest import DATA, ROOT


def build(out, *args) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(DATA), "--out", str(out),
           *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


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

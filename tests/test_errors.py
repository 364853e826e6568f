"""Failures a user can cause end in one clear message and exit 1, never a traceback."""
import os
import shutil
import subprocess
import sys

from conftest import DATA, ROOT, project_copy


def runner(*args, env=None, root=ROOT) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "shuanggao", "build", "--root", str(root), "--data", str(DATA), "--strict",
           "--no-pdf", "--no-english", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def assert_one_clear_message(run, *phrases):
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    for phrase in phrases:
        assert phrase in run.stderr, run.stderr


def test_an_npm_failure_is_one_message(built, tmp_path):
    root, out = project_copy(tmp_path), tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    with (root / "book" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n")  # the site must be assembled again, with the assets fetched into the new root
    # An unreachable registry and an empty npm cache: `npm ci` must fail.
    env = {**os.environ, "npm_config_registry": "http://127.0.0.1:9/", "npm_config_cache": str(tmp_path / "npm"),
           "npm_config_fetch_retries": "0", "npm_config_fetch_timeout": "2000"}
    run = runner("--out", str(out), env=env, root=root)
    assert_one_clear_message(run, "build failed: npm ci failed", "assets/package-lock.json")
    assert (out / "html" / "index.html").exists()


def test_a_corrupt_cache_file_is_one_message(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    (out / "src" / "book" / "talent.ipynb").write_bytes(b"\x00\xffnot a notebook")
    run = runner("--out", str(out))
    assert_one_clear_message(run, "talent.ipynb is corrupt", "--force")
    run = runner("--out", str(out), "--force", "--only", "talent")
    assert run.returncode == 0, run.stderr


def test_an_unwritable_output_folder_is_one_message(tmp_path):
    # /sys refuses new folders even to root; a file where a folder is due refuses everyone.
    run = runner("--out", "/sys/shuanggao-build", "--no-site")
    assert_one_clear_message(run, "/sys/shuanggao-build")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    run = runner("--out", str(blocker / "out"), "--no-site")
    assert_one_clear_message(run, str(blocker))


def test_a_bad_parameter_fails_before_any_kernel_starts(tmp_path):
    run = runner("--out", str(tmp_path / "out"), "-p", "unknown_param", "1")
    assert_one_clear_message(run, "'unknown_param'", "data_dir")
    run = runner("--out", str(tmp_path / "out"), "-p", "data_dir", "123")
    assert_one_clear_message(run, "-p data_dir 123", "expects str")
    assert "executing" not in run.stdout

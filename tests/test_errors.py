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


def test_a_port_out_of_range_is_one_message(tmp_path):
    (tmp_path / "index.html").write_text("<p>site</p>")
    run = subprocess.run([sys.executable, "-m", "shuanggao", "serve", "--dir", str(tmp_path), "--port", "99999"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "99999 is not a port number" in run.stderr


def test_a_parameter_that_is_not_yaml_is_one_message(tmp_path):
    run = runner("--out", str(tmp_path / "out"), "-p", "data_dir", "[")
    assert_one_clear_message(run, "-p data_dir [", "YAML", "quote it")


def test_a_nul_in_a_requested_path_gets_a_reply_not_a_traceback(tmp_path, capsys):
    import http.client
    import threading

    from shuanggao.site.serve import server

    (tmp_path / "index.html").write_text("<p>site</p>")
    httpd = server(tmp_path, 0, quiet=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", httpd.server_address[1], timeout=10)
        connection.request("GET", "/index.html%00")
        reply = connection.getresponse()
        assert reply.status == 400
        connection.close()
    finally:
        httpd.shutdown()
    assert "Traceback" not in capsys.readouterr().err


def test_a_full_disk_is_one_message_and_keeps_the_previous_site(built, tmp_path):
    """A build on a small filesystem that fills: one short message naming the folder and the space needed,
    the partial files removed, the previous site kept."""
    disk = tmp_path / "disk"
    disk.mkdir()
    # What the copy takes on the small filesystem: each file in whole 4 KiB pages, as tmpfs stores it (thousands
    # of small npm files make that well over their sizes' sum), and a page per folder.
    kept = [p for p in built.rglob("*") if not p.is_symlink() and not {"jb-en", "src-en", "html.new"}
            & set(p.relative_to(built).parts)]
    copied = sum(-(-p.stat().st_size // 4096) * 4096 if p.is_file() else 4096 for p in kept)
    size = copied // 2**20 + 40
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}m", "tmpfs", str(disk)], capture_output=True)
    if mount.returncode:
        import pytest

        pytest.skip(f"a small filesystem cannot be mounted here (needs root): {mount.stderr.decode().strip()}")
    try:
        out = disk / "out"
        shutil.copytree(built, out, symlinks=True, ignore=shutil.ignore_patterns("jb-en", "src-en", "html.new*"))
        before = (out / "html" / "book" / "talent.html").read_bytes()
        # Leave a few megabytes: the notebooks run, then the new site cannot be written.
        free = shutil.disk_usage(disk).free
        with open(disk / "ballast", "wb") as f:
            f.truncate(0)
            for _ in range(max(free // 2**20 - 4, 0)):
                f.write(b"\0" * 2**20)
        run = runner("--out", str(out), "-f", "--only", "talent")
        assert_one_clear_message(run, str(out), "no space left on device", "MB free", "previous site")
        assert len(run.stderr) < 2000 and run.stderr.count("\n") <= 3, run.stderr[:3000]
        assert (out / "html" / "book" / "talent.html").read_bytes() == before
        assert not [name for name in ("html.new", "staging", "jb") if (out / name).exists()]
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)

"""The runner as analysts use it: short failures, an untouched site, nothing left running after Ctrl-C."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import DATA, ROOT, project_copy


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def runner(out: Path, *args: str, **kw) -> list[str]:
    # The Chinese edition: what these tests check happens to each edition alike (the English one is built once,
    # in the shared build).
    return [sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(DATA),
            "--out", str(out), "--no-pdf", "--no-english", *args]


def test_a_failing_notebook_names_notebook_and_cell_and_keeps_the_site(built, tmp_path):
    root, out = project_copy(tmp_path), tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    notebook = root / "book" / "talent.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    # The author's fifth cell (papermill injects a parameters cell before it, which must not be counted).
    nb["cells"].insert(4, {"cell_type": "code", "id": "broken", "metadata": {}, "execution_count": None,
                           "outputs": [], "source": ["shares = 61 / 0  # 故意出错\n", "shares"]})
    notebook.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    before = digest_tree(out / "html")
    run = subprocess.run(runner(out, "--root", str(root), "--only", "talent"), capture_output=True, text=True)
    assert run.returncode == 1
    message = run.stderr
    assert "talent.ipynb, cell 5 (shares = 61 / 0  # 故意出错): ZeroDivisionError" in message, message
    assert "Traceback" not in message and len(message.splitlines()) <= 6
    log = out / "logs" / "talent.log"
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert digest_tree(out / "html") == before


@pytest.mark.build  # runs the command line on the full data
def test_the_data_the_notebooks_read_is_the_data_validated(tmp_path):
    run = subprocess.run(runner(tmp_path / "out", "--no-site", "-p", "data_dir", str(tmp_path / "missing")),
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "missing/datapackage.json" in run.stderr and "no data package descriptor" in run.stderr
    assert "FAILED" not in run.stdout  # the invalid data is what the user is told, not nine failed notebooks


@pytest.mark.build  # runs the command line on the full data
def test_invalid_data_stops_before_anything_is_built(data_copy, tmp_path):
    (data_copy / "themes.csv").write_bytes("主题\n".encode("gbk"))
    run = subprocess.run([sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(data_copy),
                          "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 1 and "themes.csv" in run.stderr and "not UTF-8" in run.stderr
    assert not (tmp_path / "out" / "html").exists()


def processes_with(marker: str, kernels_only: bool = False) -> list[int]:
    """Processes whose environment carries `marker` (the runner, its workers, their kernels)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker.encode() not in (proc / "environ").read_bytes():
                    continue
                if kernels_only and b"ipykernel" not in (proc / "cmdline").read_bytes():
                    continue
                found.append(int(proc.name))
            except OSError:
                pass
    return found


@pytest.mark.build  # builds the book itself
def test_ctrl_c_leaves_no_kernel_and_no_partial_file(tmp_path):
    out = tmp_path / "out"
    marker = f"SHUANGGAO_TEST_{uuid.uuid4().hex}"
    env = {**os.environ, marker: "1"}
    # As from a terminal: a test run started in the background (`make test &`) ignores SIGINT, and so did the
    # runner it started, which then ran to the end (exit 0).
    proc = subprocess.Popen(runner(out, "--force", "--no-site"), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    # Wait until a kernel is running (a kernel's process carries the marker in its environment), and press Ctrl-C
    # at once: waiting for a second one let a whole build finish first on a busy machine (exit 0, not 130).
    while time.monotonic() < deadline and proc.poll() is None and not processes_with(marker, kernels_only=True):
        time.sleep(0.1)
    assert proc.poll() is None and processes_with(marker, kernels_only=True), "no kernel seen while the build ran"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    # The workers end their kernels as they exit: wait for that state, not for a time (the machine may be busy).
    deadline = time.monotonic() + 60
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_with(marker) == []
    book = out / "src" / "book"
    assert not list(book.glob(".*.partial.ipynb"))
    for executed in book.glob("*.ipynb"):
        json.loads(executed.read_text(encoding="utf-8"))  # complete, never half-written


def edited_copy(built, tmp_path, change):
    """The project in another folder with one change to talent.ipynb, and a copy of the built output."""
    root, out = project_copy(tmp_path), tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    notebook = root / "book" / "talent.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    change(nb["cells"])
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return root, out


def test_a_prose_edit_shows_without_executing_any_notebook(built, tmp_path):
    sentence = "这是一句只改了文字的新句子。"

    def add_sentence(cells):
        prose = next(c for c in cells if c["cell_type"] == "markdown" and "talent_denominator" in "".join(c["source"]))
        prose["source"] = ["".join(prose["source"]) + sentence]

    root, out = edited_copy(built, tmp_path, lambda cells: None)
    run = subprocess.run(runner(out, "--root", str(root)), capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr  # as an author's last build: not strict
    notebook = root / "book" / "talent.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    add_sentence(nb["cells"])
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    run = subprocess.run(runner(out, "--root", str(root)), capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "executing" not in run.stdout and "prose    talent.ipynb" in run.stdout
    # Assembled incrementally: Sphinx re-read the edited page, not the other chapters.
    log = (out / "logs" / "jupyter-book.log").read_text(encoding="utf-8")
    read = [line for line in log.splitlines() if line.startswith("reading sources")]
    assert any("book/talent" in line for line in read) and not any("book/governance" in line for line in read)
    assert sentence in (out / "html" / "book" / "talent.html").read_text(encoding="utf-8")
    executed = json.loads((out / "src" / "book" / "talent.ipynb").read_text(encoding="utf-8"))
    assert any(c.get("outputs") for c in executed["cells"] if c["cell_type"] == "code")  # outputs kept


def test_a_code_edit_executes_the_notebook_again(built, tmp_path):
    def comment(cells):
        code = next(c for c in cells if c["cell_type"] == "code" and "talent-subthemes" in "".join(c["source"]))
        code["source"] = ["# 只加了一行注释\n", *code["source"]]

    root, out = edited_copy(built, tmp_path, comment)
    run = subprocess.run(runner(out, "--root", str(root), "--strict"), capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "executing" in run.stdout and "talent.ipynb" in run.stdout.split("executing", 1)[1]


"""An analyst's own notebook: the book's style draws Chinese without boxes or font messages and leaves
matplotlib's backend alone, and the README's example (load, filter, chart, export) runs as written."""
import os
import re
import subprocess
import sys

from conftest import DATA, ROOT


def python(code: str, **env) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter (matplotlib's backend and font caches are per process)."""
    clean = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**clean, **env},
                          cwd=ROOT)


def draw_in_a_fresh_session(drawing: str, report: str) -> subprocess.CompletedProcess:
    """A fresh interpreter with the book's style: `drawing` on a new figure, which is then saved with every
    warning recorded in `caught`; `report` prints what the test reads."""
    return python("import io, warnings\n"
                  "from shuanggao.figures import style\n"
                  "style.use_book_style()\n"
                  "fig, ax = style.new_figure()\n" + drawing +
                  "with warnings.catch_warnings(record=True) as caught:\n"
                  "    warnings.simplefilter('always')\n"
                  "    fig.savefig(io.BytesIO(), format='png')\n" + report, MPLBACKEND="Agg")


def test_importing_the_book_style_leaves_the_backend_alone():
    run = python("import matplotlib\n"
                 "matplotlib.use('svg')\n"
                 "from shuanggao.figures import charts, style\n"
                 "style.use_book_style()\n"
                 "print(matplotlib.get_backend())\n")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "svg"


def test_the_book_style_draws_chinese_with_no_missing_glyph_and_no_font_message():
    """The style asks only for the weight the package's font has, so matplotlib never says `findfont: Failed to
    find font weight bold for Noto Sans CJK SC`."""
    run = draw_in_a_fresh_session("ax.barh(['人才培养', '信息化建设'], [309, 79])\n"
                                  "ax.set_title('产教融合与工匠精神'); ax.set_xlabel('案例数（个）')\n",
                                  "print([str(w.message) for w in caught])\n")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert "findfont" not in run.stderr and run.stderr.strip() == ""


def test_a_warning_in_an_analysts_session_stays_a_warning():
    """The style does not turn warnings into errors for the whole kernel: a missing glyph in an analyst's
    own figure warns (the book's figures are stopped by `figures.check`, tests/test_figures.py)."""
    run = draw_in_a_fresh_session("ax.set_title('\\U0001F600')\n",
                                  "print(any('missing from font' in str(w.message) for w in caught))\n")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- analyst-example:start -->\n")[1].split("<!-- analyst-example:end -->")[0]
    return re.fullmatch(r"```python\n(.*)```\n", block, re.S).group(1)


def test_the_readmes_analyst_example_runs_and_exports_figure_and_data(tmp_path):
    """Run as an analyst runs it, from a folder beside the data (here a link to the shipped package)."""
    (tmp_path / "data").symlink_to(DATA, target_is_directory=True)
    run = subprocess.run([sys.executable, "-c", readme_example()], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "MPLBACKEND": "Agg"})
    assert run.returncode == 0, run.stderr
    assert "findfont" not in run.stderr
    out = tmp_path / "my-figures"
    assert sorted(p.name for p in out.iterdir()) == ["a-tier-by-province.csv", "a-tier-by-province.png",
                                                      "a-tier-by-province.svg"]
    import pandas as pd

    institutions = pd.read_csv(DATA / "institutions.csv")
    table = pd.read_csv(out / "a-tier-by-province.csv", encoding="utf-8-sig")
    assert list(table.columns) == ["province", "建设单位数"]
    assert table["建设单位数"].sum() == (institutions.tier == "A").sum()
    assert (out / "a-tier-by-province.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "A 档建设单位的省份分布" in (out / "a-tier-by-province.svg").read_text(encoding="utf-8")


def test_the_readmes_papermill_example_writes_only_into_the_folder_it_names():
    """A notebook writes `_results/` and `figures/` into its working folder: the example gives papermill a
    folder of its own, made first, and puts the executed copy there too (not `--cwd /tmp`)."""
    import shlex
    from pathlib import Path

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith(".venv/bin/papermill "))
    args = shlex.split(line)
    output, folder = Path(args[2]), Path(args[args.index("--cwd") + 1])
    assert output.parent == folder and folder != Path("/tmp")
    assert f"mkdir -p {folder}" in text

"""Planning a build is pure: parameters read from the notebooks, checked before any kernel, jobs keyed on
their inputs, the cache consulted, longest notebooks first. Nothing here starts a process."""
import json

import pytest

from conftest import ROOT
from shuanggao.errors import BuildError, CacheError
from shuanggao.run import plan


def notebook(tmp_path, source, name="page"):
    path = tmp_path / f"{name}.ipynb"
    cells = [{"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "execution_count": None,
              "outputs": [], "source": source}]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_parameters_are_read_with_type_default_and_meaning(tmp_path):
    found = plan.read_parameters(notebook(tmp_path, "data_dir: str = None  # 数据包目录\nruns = 3  # 次数\n"))
    assert found["data_dir"] == plan.Parameter("data_dir", "str", "None", "数据包目录")
    assert found["runs"] == plan.Parameter("runs", "", "3", "次数")


def test_every_book_notebook_documents_its_parameters():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        params = plan.read_parameters(path)
        assert "data_dir" in params, path.name
        assert all(p.type and p.doc for p in params.values()), path.name


def test_unknown_parameters_and_wrong_types_are_refused():
    declared = {"data_dir": plan.Parameter("data_dir", "str", "None", "数据包目录")}
    plan.check_parameters("talent", declared, {"data_dir": "/data"})
    with pytest.raises(BuildError, match="no parameter 'colour'.*data_dir"):
        plan.check_parameters("talent", declared, {"colour": "red"})
    with pytest.raises(BuildError, match="expects str"):
        plan.check_parameters("talent", declared, {"data_dir": 123})


def jobs(tmp_path, names=("talent", "verify")):
    book, src = tmp_path / "book", tmp_path / "src"
    book.mkdir()
    notebook(book, "data_dir: str = None  # d\n", "talent")
    notebook(book, "data_dir: str = None  # d\nresults_dir: str = None  # r\n", "verify")
    data = tmp_path / "data.csv"
    data.write_text("a\n1\n")
    return plan.plan(list(names), book, src, tmp_path / "logs", {"data_dir": "/d", "results_dir": "/r"},
                     plan.Inputs(data=[data])), data


def test_a_summary_page_is_keyed_on_the_results_it_reads_not_on_the_chapters_runs(tmp_path):
    (talent, verify), data = jobs(tmp_path)
    assert not talent.summary and verify.summary
    assert "results_dir" not in talent.parameters and verify.parameters["results_dir"] == "/r"
    results = talent.target.parent / "_results" / "talent.json"
    results.parent.mkdir(parents=True)
    results.write_text('[{"key": "a", "value": 1}]')
    plan.settle_summaries([talent, verify])

    def again():
        t, v = plan.plan(["talent", "verify"], tmp_path / "book", tmp_path / "src", tmp_path / "logs",
                         {"data_dir": "/d", "results_dir": "/r"}, plan.Inputs(data=[data]))
        plan.settle_summaries([t, v])
        return t, v

    assert again()[1].key == verify.key             # the same results: verification stays cached
    results.write_text('[{"key": "a", "value": 2}]')
    assert again()[1].key != verify.key             # a result it reads changed
    results.write_text('[{"key": "a", "value": 1}]')
    data.write_text("a\n2\n")
    talent2, verify2 = again()
    assert talent2.key != talent.key and verify2.key != verify.key   # and its own inputs count


def test_the_cache_holds_only_what_was_committed_with_its_key(tmp_path):
    (talent, _), _ = jobs(tmp_path)
    assert not plan.cached(talent)
    talent.target.parent.mkdir(parents=True)
    talent.target.write_text("{}")
    talent.stamp.parent.mkdir(parents=True)
    talent.stamp.write_text("another key")
    assert not plan.cached(talent)
    talent.stamp.write_text(talent.key)
    assert plan.cached(talent)
    talent.target.write_bytes(b"\x00 not json")
    with pytest.raises(CacheError, match="corrupt"):
        plan.cached(talent)


def test_pending_follows_force_only_and_the_cache(tmp_path):
    (talent, verify), _ = jobs(tmp_path)
    assert plan.pending([talent, verify], force=False, only=[], is_cached=lambda j: True) == []
    assert plan.pending([talent, verify], force=True, only=[], is_cached=lambda j: True) == [talent, verify]
    # --only: other chapters keep their last run unless it was never committed; summaries follow the cache.
    assert plan.pending([talent, verify], force=False, only=["talent"], is_cached=lambda j: True) == [talent]


def test_longest_notebooks_start_first_and_unknown_ones_before_them(tmp_path):
    (talent, verify), _ = jobs(tmp_path)
    assert plan.longest_first([talent, verify], {"talent": 1.0, "verify": 9.0}) == [verify, talent]
    assert plan.longest_first([talent, verify], {"verify": 9.0}) == [talent, verify]


def test_the_site_key_changes_with_sources_and_options(tmp_path):
    (talent, verify), data = jobs(tmp_path)
    key = plan.site_key([talent, verify], (False, True), [data])
    assert key == plan.site_key([talent, verify], (False, True), [data])
    assert key != plan.site_key([talent, verify], (True, True), [data])
    data.write_text("a\n3\n")
    assert key != plan.site_key([talent, verify], (False, True), [data])


def test_the_progress_count_runs_to_the_total_it_announced(tmp_path, monkeypatch):
    """Each phase (the chapters, then the summary pages, known only once the chapters ran) announces how many
    notebooks it executes and counts up to exactly that number."""
    from concurrent.futures import Future

    from shuanggao.run import schedule
    from shuanggao.run.builder import Options
    from shuanggao.run.execute import Outcome

    monkeypatch.setattr(schedule, "commit", lambda job: None)
    said = []
    scheduler = schedule.Scheduler(Options(root=tmp_path, jobs=2), tmp_path, tmp_path, tmp_path, said.append)

    def finished(names):
        futures = {}
        for name in names:
            future = Future()
            future.set_result(Outcome(name, True, 1.0))
            futures[future] = plan.Job(name, tmp_path / f"{name}.ipynb", tmp_path / "out" / f"{name}.ipynb", {})
        return futures

    scheduler.collect(finished(["talent", "service", "digital"]), "chapter notebook(s)")
    scheduler.collect(finished(["verify"]), "summary page(s)")
    announced = [line for line in said if line.startswith("executing")]
    counts = [line.split()[0] for line in said if line.startswith("  [")]
    assert announced == ["executing 3 chapter notebook(s) with 2 worker(s)",
                         "executing 1 summary page(s) with 1 worker(s)"]
    assert counts == ["[1/3]", "[2/3]", "[3/3]", "[1/1]"]


@pytest.mark.parametrize(("argv", "pdf"), [
    ([], True), (["--only", "talent"], False), (["--only", "talent", "--pdf"], True), (["--no-pdf"], False)])
def test_only_builds_no_pdf_unless_asked(monkeypatch, argv, pdf):
    from shuanggao import cli
    from shuanggao.run import builder

    given = []
    monkeypatch.setattr(builder, "build", given.append)
    assert cli.main(["build", "--root", str(ROOT), *argv]) == 0
    assert builder.Builder(given[0]).wants_pdf is pdf


def test_pdf_and_no_pdf_cannot_both_be_given(capsys):
    from shuanggao import cli

    with pytest.raises(SystemExit):
        cli.main(["build", "--pdf", "--no-pdf"])
    assert "not allowed with argument" in capsys.readouterr().err

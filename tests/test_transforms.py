"""What the runner does to an executed notebook before it becomes a page, one transform at a time, on
notebooks made here: no kernel, no build."""
import copy
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from shuanggao.run import transforms
from shuanggao.translation.cells import TAG, fingerprint

ROOT = Path("/home/author/shuanggao")
NOTICE = ("<noscript><p>Loading ITables v2 from the internet… (need help?) You should not see this message "
          "if the notebook is trusted.</p></noscript>")


def executed(data_dir=str(ROOT / "data"), elsewhere="/srv/editions/2024/data"):
    """A notebook as papermill leaves it: parameters cell, injected cell, papermill's record, widget state."""
    parameters = new_code_cell("data_dir: str = None  # 数据包目录", metadata={"tags": ["parameters"]})
    injected = new_code_cell(f"# Parameters\ndata_dir = {data_dir!r}\nother = {elsewhere!r}\n",
                             metadata={"tags": ["injected-parameters"]})
    table = new_code_cell("show(table)", outputs=[new_output(
        "display_data", data={"text/html": f"<table id='t'></table>{NOTICE}<script>init()</script>"})])
    nb = new_notebook(cells=[new_markdown_cell("# 人才培养"), parameters, injected, table], metadata={
        "papermill": {"input_path": str(ROOT / "book" / "talent.ipynb"),
                      "output_path": str(ROOT / "_build" / "src" / "book" / "talent.ipynb"),
                      "cwd": "/tmp/staging/talent", "parameters": {"data_dir": data_dir, "other": elsewhere}},
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}})
    return nb


def bilingual():
    zh = new_markdown_cell("简报分析了五个方面。")
    en = new_markdown_cell("The brief analyses five areas.", metadata={
        "tags": [TAG], "translation": {"of": fingerprint("简报分析了五个方面。")}})
    stale = new_markdown_cell("每个方面一章。")
    stale_en = new_markdown_cell("One chapter per area.", metadata={"tags": [TAG], "translation": {"of": "0" * 12}})
    return new_notebook(cells=[zh, en, stale, stale_en, new_code_cell("x = 1")])


def test_the_chinese_edition_has_no_english_cell():
    nb = transforms.select_edition(bilingual(), "zh")
    assert [c.source for c in nb.cells] == ["简报分析了五个方面。", "每个方面一章。", "x = 1"]


def test_the_english_edition_shows_translations_and_marks_an_outdated_one():
    nb = transforms.select_edition(bilingual(), "en")
    prose = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert prose[0] == "The brief analyses five areas."
    assert "Translation outdated" in prose[1] and prose[1].endswith("One chapter per area.")
    assert not any("简报" in text for text in prose)


def test_a_published_notebook_names_no_folder_of_the_build_machine():
    nb = transforms.scrub_machine_paths(executed(), ROOT)
    record = nb.metadata.papermill
    assert record.input_path == "book/talent.ipynb"
    assert record.output_path == "_build/src/book/talent.ipynb"
    assert record.cwd == "…/talent"
    assert record.parameters == {"data_dir": "data", "other": "…/data"}
    injected = nb.cells[2].source
    assert "data_dir = 'data'" in injected and "other = '…/data'" in injected
    assert "/home/author" not in injected and "/srv/" not in injected


def test_values_that_are_not_paths_are_published_as_given():
    nb = executed()
    nb.metadata.papermill.parameters["lang"] = "en"
    assert transforms.scrub_machine_paths(nb, ROOT).metadata.papermill.parameters["lang"] == "en"


def test_pages_carry_no_widget_state():
    assert "widgets" not in transforms.drop_widget_state(executed()).metadata


def test_the_notice_for_untrusted_notebooks_is_gone_and_the_table_stays():
    html = transforms.drop_itables_notice(executed()).cells[3].outputs[0].data["text/html"]
    assert "should not see this message" not in html
    assert html == "<table id='t'></table><script>init()</script>"


def test_the_injected_parameters_cell_is_hidden_and_the_authors_shown():
    nb = transforms.hide_injected_parameters(executed())
    assert "remove-cell" in nb.cells[2].metadata.tags
    assert nb.cells[1].metadata.tags == ["parameters"]
    again = transforms.hide_injected_parameters(nb)
    assert again.cells[2].metadata.tags.count("remove-cell") == 1


def test_the_chain_makes_a_page_and_leaves_the_executed_notebook_as_it_was():
    nb = executed()
    before = copy.deepcopy(nb)
    page = transforms.for_readers(nb, "zh", ROOT)
    assert nb == before
    assert "widgets" not in page.metadata and page.metadata.papermill.input_path == "book/talent.ipynb"
    assert "remove-cell" in page.cells[2].metadata.tags
    assert "should not see" not in page.cells[3].outputs[0].data["text/html"]


def test_a_prose_edit_keeps_the_executed_outputs_and_the_injected_cell():
    ran = executed()
    source = new_notebook(cells=[new_markdown_cell("# 人才培养（改）"), copy.deepcopy(ran.cells[1]),
                                 new_markdown_cell("新的一段。"), new_code_cell("show(table)")])
    merged = transforms.with_prose(ran, source)
    assert [c.source for c in merged.cells if c.cell_type == "markdown"] == ["# 人才培养（改）", "新的一段。"]
    assert merged.cells[2].metadata.tags == ["injected-parameters"]  # after the parameters cell
    assert merged.cells[-1].outputs == ran.cells[3].outputs
    assert merged.metadata.papermill == ran.metadata.papermill


def test_a_prose_merge_is_refused_when_the_code_cells_do_not_line_up():
    ran = executed()
    source = new_notebook(cells=[copy.deepcopy(ran.cells[1]), new_code_cell("show(table)"), new_code_cell("more")])
    assert transforms.with_prose(ran, source) is None

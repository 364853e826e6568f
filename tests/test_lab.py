"""Analysts' JupyterLab, as a real client: a Jupyter server on a free port with a token and no browser of its
own, JupyterLab in the headless Chromium of the browser tests, every cell run, a control changed, and its
output redrawn. One server for the module, on a copy of the project (JupyterLab saves what it opens).

Skipped, with the reason, where Chromium or Playwright is not available (the `browser` fixture).
"""
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import DATA, ROOT, project_copy
from shuanggao import lab, registry

START_TIMEOUT = 90          # seconds for the server to answer
RUN_TIMEOUT = 180_000       # milliseconds for a notebook's cells to run (a cold kernel imports the stack)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory, browser):
    """A real Jupyter server, shut down through its API at the end (and killed only if that fails)."""
    root = project_copy(tmp_path_factory.mktemp("lab"))
    shutil.copytree(DATA, root / "data")
    runtime = tmp_path_factory.mktemp("runtime")
    port, token = free_port(), secrets.token_hex(16)
    log = open(runtime / "server.log", "w")  # noqa: SIM115 (open for the server's whole life)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    server = subprocess.Popen(lab.command(root, port=port, token=token, browser=False), cwd=root, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the Jupyter server did not start:\n{(runtime / 'server.log').read_text()}")
            time.sleep(0.3)
    yield {"base": base, "token": token, "root": root}
    request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
    urllib.request.urlopen(request, timeout=10)
    try:
        code = server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        pytest.fail("the Jupyter server did not shut down within 30 s of /api/shutdown")
    finally:
        log.close()
    assert code == 0, (runtime / "server.log").read_text()


class Lab:
    """One notebook open in JupyterLab, with every request the page makes recorded."""

    def __init__(self, browser, jupyter, notebook):
        self.base = jupyter["base"]
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(60_000)  # a busy machine: the kernel shares two cores with the tests
        self.page = self.context.new_page()
        self.requests = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        # `reset`: a fresh workspace, not the tabs the previous test left open on the same server.
        self.page.goto(f"{self.base}/lab/tree/book/{notebook}?reset&token={jupyter['token']}")
        self.panel = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        self.panel.locator(".jp-CodeCell").first.wait_for(timeout=60_000)

    def run_all(self):
        page = self.page
        # A kernel still connecting drops the cells sent to it: wait for it, and send them again if none
        # has started after a while.
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=60_000)
        for _ in range(3):
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                page.wait_for_function(prompts("some", r"\[(\*|\d+)\]"), timeout=20_000)
                break
            except PlaywrightTimeout:
                continue
        # Every code cell has run when each prompt shows a number (queued or running ones show "*").
        page.wait_for_function(prompts("every", r"\[\d+\]"), timeout=RUN_TIMEOUT)

    def errors(self) -> list[str]:
        """Error and stderr outputs of any cell (an exception, or a warning an analyst would see)."""
        return self.panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                                  ).all_inner_texts()

    def image_digest(self) -> str:
        """SHA-256 of the live figure's PNG bytes, as the page holds them."""
        return self.page.evaluate("""async () => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            const img = panel.querySelector('.jp-OutputArea img.widget-image');
            const bytes = await (await fetch(img.src)).arrayBuffer();
            const digest = await crypto.subtle.digest('SHA-256', bytes);
            return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
        }""")

    def choose(self, label: str, option: str):
        self.panel.locator(".widget-dropdown", has_text=label).locator("select").select_option(label=option)

    def external(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base, "data:", "blob:"))]

    def save(self):
        self.panel.locator("[data-command='docmanager:save']").click()

    def close(self):
        self.context.close()


def prompts(quantifier: str, pattern: str) -> str:
    """A page function: do `some` or `every` input prompt of the open notebook match `pattern`?"""
    return f"""() => {{
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
        const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
        return prompts.length > 0 && prompts.{quantifier}(p => /{pattern}/.test(p.textContent));
    }}"""


def wait_changed(read, before, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = read()
        if now != before:
            return now
        time.sleep(0.2)
    return read()


def test_explorer_filters_redraw_the_table_and_the_map(browser, jupyter):
    nb = Lab(browser, jupyter, "explorer.ipynb")
    try:
        nb.run_all()
        assert nb.errors() == []
        count = nb.page.locator(".live-count")
        assert count.inner_text() == "16 个案例"
        rows, image = nb.page.locator("table.live-cases tbody tr").count(), nb.image_digest()
        assert rows == 16
        nb.choose("方面", "信息化建设")
        # The count and the table are redrawn one after the other (two outputs): wait for both states.
        nb.page.wait_for_function("() => document.querySelector('.live-count').textContent === '3 个案例'"
                                  " && document.querySelectorAll('table.live-cases tbody tr').length === 3")
        assert wait_changed(nb.image_digest, image) != image, "the province map was not redrawn"
        nb.page.locator(".widget-text input").fill("工匠")
        nb.page.locator(".widget-text input").press("Enter")
        nb.page.wait_for_function("() => document.querySelector('.live-count').textContent !== '3 个案例'")
        assert nb.errors() == []
        assert nb.external() == []
    finally:
        nb.close()


def test_a_theme_chapter_reads_as_on_the_site_and_redraws_its_figure_when_the_measure_changes(browser, jupyter):
    """After Run All: the prose shows the numbers the page glued (its registry's text, as the site shows them),
    the chapter's figure is an image, and no MyST source is left raw; then the live figure follows its control."""
    nb = Lab(browser, jupyter, "talent.ipynb")
    try:
        nb.run_all()
        assert nb.errors() == []
        glued = {r["key"]: r["text"] for r in json.loads(
            registry.path_for(jupyter["root"] / "book", "talent").read_text(encoding="utf-8"))}
        sentence = f"有 {glued['talent_moral_units']} 所建设单位（占 {glued['talent_moral_share']}）"
        # jupyterlab-myst evaluates a cell's {eval} expressions when the cell runs, after the code before it.
        nb.panel.locator(".jp-MarkdownCell", has_text=sentence).first.wait_for()
        figure = nb.panel.locator(".jp-OutputArea-output figure img[src*='talent-subthemes']").first
        figure.wait_for()
        assert figure.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0, "the figure did not load"
        shown = nb.panel.inner_text()
        for raw in ("{glue", ":alt:", ":name:", ":class:", "{eval}"):
            assert raw not in shown, f"raw MyST {raw!r} in the chapter"
        before = nb.image_digest()
        nb.choose("指标", "特色做法数（个）")
        after = wait_changed(nb.image_digest, before)
        assert after != before, "the figure's image bytes did not change"
        assert nb.errors() == []
        assert nb.external() == []
        # Saved from JupyterLab, the chapter keeps no outputs (notebooks are committed without them).
        path = jupyter["root"] / "book" / "talent.ipynb"
        written = path.stat().st_mtime_ns
        nb.save()
        assert wait_changed(lambda: path.stat().st_mtime_ns, written, timeout=15) != written, "not saved"
        saved = json.loads(path.read_text(encoding="utf-8"))
        assert all(not c.get("outputs") for c in saved["cells"] if c["cell_type"] == "code")
        assert all("user_expressions" not in c["metadata"] for c in saved["cells"]), "the prose's values were saved"
    finally:
        nb.close()


def test_the_conclusion_reads_in_jupyterlab_with_the_statements_it_restates(browser, jupyter):
    """The 结语 restates two of the overview's statements: glued on its own page by the same function, they show in
    its prose after Run All (a {glue:text} from another notebook would stay raw: a kernel has only its own page's)."""
    nb = Lab(browser, jupyter, "conclusion.ipynb")
    try:
        nb.run_all()
        assert nb.errors() == []
        glued = {r["key"]: r["text"] for r in json.loads(
            registry.path_for(jupyter["root"] / "book", "conclusion").read_text(encoding="utf-8"))}
        for sentence in (f"{glued['one_case_per_subtheme']}，共 {glued['cases']} 个",
                         f"与全部建设单位{glued['featured_differs']}"):
            nb.panel.locator(".jp-MarkdownCell", has_text=sentence).first.wait_for()
        shown = nb.panel.inner_text()
        for raw in ("{glue", "{eval}", "ipynb::"):
            assert raw not in shown, f"raw MyST {raw!r} in the conclusion"
        assert nb.external() == []
    finally:
        nb.close()


def test_an_analysts_own_notebook_in_book_shows_a_book_style_figure_and_keeps_it_on_save(browser, jupyter):
    """As New → Notebook makes it in book/: the book's style draws inline (the library leaves the backend
    alone) with no warning or font message, and saving keeps the outputs (only the chapters are stripped)."""
    import nbformat

    path = jupyter["root"] / "book" / "mine.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from shuanggao.figures import style\n"
        "style.use_book_style()\n"
        "fig, ax = style.new_figure()\n"
        "ax.barh(['人才培养', '信息化建设'], [309, 79])\n"
        "ax.set_title('产教融合与工匠精神');")],
        # As JupyterLab writes a new notebook: with its kernel (without one, it asks which to start).
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), path)
    nb = Lab(browser, jupyter, "mine.ipynb")
    try:
        nb.run_all()
        assert nb.errors() == []
        assert nb.panel.locator(".jp-OutputArea-output img").count() == 1, "no inline figure"
        written = path.stat().st_mtime_ns
        nb.save()
        assert wait_changed(lambda: path.stat().st_mtime_ns, written, timeout=15) != written, "not saved"
        saved = nbformat.read(path, as_version=4)
        assert [o.output_type for o in saved.cells[0].outputs] == ["display_data"]
        assert "image/png" in saved.cells[0].outputs[0].data
    finally:
        nb.close()

def executed(source: str) -> dict:
    """A notebook of one code cell as JupyterLab holds it after running: with an output and a count."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, execution_count=1, outputs=[
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]),
        # As jupyterlab-myst keeps what the cell's {eval} showed.
        nbformat.v4.new_markdown_cell("共 {eval}`x` 个", metadata={"user_expressions": [
            {"expression": "x", "result": {"status": "ok", "data": {"text/plain": "2"}, "metadata": {}}}]})]
    return {"type": "notebook", "format": "json", "content": nb}


def test_the_save_hook_strips_the_chapters_and_keeps_an_analysts_own_notebook(tmp_path):
    """Saved through Jupyter's own contents manager with the hook `shuanggao lab` configures: a chapter (listed
    in `_toc.yml`) loses its outputs and what its prose's inline expressions showed, a notebook an analyst made
    in `book/` keeps them."""
    import nbformat
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from traitlets.config import Config

    shutil.copy2(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    shutil.copytree(ROOT / "book", tmp_path / "book")
    option, hook = lab.SAVE_HOOK.removeprefix("--").split("=")
    section, name = option.split(".")
    manager = FileContentsManager(root_dir=str(tmp_path), config=Config({section: {name: hook}}))
    manager.save(executed("1 + 1"), "book/talent.ipynb")
    manager.save(executed("1 + 1"), "book/Untitled.ipynb")
    chapter = nbformat.read(tmp_path / "book" / "talent.ipynb", as_version=4).cells
    own = nbformat.read(tmp_path / "book" / "Untitled.ipynb", as_version=4).cells
    assert chapter[0].outputs == [] and chapter[0].execution_count is None
    assert "user_expressions" not in chapter[1].metadata
    assert own[0].outputs[0].data == {"text/plain": "2"} and own[0].execution_count == 1
    assert own[1].metadata["user_expressions"][0]["expression"] == "x"
